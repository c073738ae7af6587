import { Card, Stack, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';

/** A titled card: the building block of the settings pages. */
export function Section({ title, lead, children }: { title: string; lead?: string; children: ReactNode }) {
  return (
    <Card withBorder radius="md" padding="md" component="section">
      <Stack gap="sm">
        <div>
          <Title order={3} size="h4">
            {title}
          </Title>
          {lead && (
            <Text size="sm" c="dimmed">
              {lead}
            </Text>
          )}
        </div>
        {children}
      </Stack>
    </Card>
  );
}

export function PageTitle({ title, lead }: { title: string; lead?: string }) {
  return (
    <div>
      <Title order={2}>{title}</Title>
      {lead && <Text c="dimmed">{lead}</Text>}
    </div>
  );
}
