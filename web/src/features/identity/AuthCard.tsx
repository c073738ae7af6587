import { Card, Center, Stack, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';

/** The narrow card of the login, link and enrolment pages. */
export function AuthCard({
  title,
  lead,
  width = 440,
  children,
}: {
  title: string;
  lead?: ReactNode;
  width?: number;
  children: ReactNode;
}) {
  return (
    <Center>
      <Card withBorder radius="md" padding="lg" w="100%" maw={width}>
        <Stack>
          <div>
            <Title order={2}>{title}</Title>
            {lead && (
              <Text size="sm" c="dimmed" mt={4}>
                {lead}
              </Text>
            )}
          </div>
          {children}
        </Stack>
      </Card>
    </Center>
  );
}
