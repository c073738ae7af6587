import { Card, Code, Stack, Table, Text, Title } from '@mantine/core';
import { useI18n } from '../../i18n/index.tsx';
import type { ServiceInfo } from '../info/api.ts';
import { signingKeyText } from './i18n.ts';

/** The published signing key on the service information page (16.1.7): compare bundles' key ids with it. */
export function SigningKeySection({ signingKey }: { signingKey: ServiceInfo['signingKey'] }) {
  const tx = signingKeyText[useI18n().lang];
  return (
    <Card withBorder radius="md" padding="md" data-testid="signing-key">
      <Title order={3} size="h5" mb="sm">
        {tx.title}
      </Title>
      {!signingKey ? (
        <Text size="sm">{tx.none}</Text>
      ) : (
        <Stack gap="sm">
          <Text size="sm">{tx.lead}</Text>
          <Table variant="vertical" layout="fixed" withRowBorders>
            <Table.Tbody>
              <Table.Tr>
                <Table.Th w="30%">{tx.keyId}</Table.Th>
                <Table.Td>
                  <Code data-testid="signing-key-id">{signingKey.keyId}</Code>
                </Table.Td>
              </Table.Tr>
              <Table.Tr>
                <Table.Th>{tx.spki}</Table.Th>
                <Table.Td style={{ overflowWrap: 'anywhere' }}>
                  <Code>{signingKey.publicKey}</Code>
                </Table.Td>
              </Table.Tr>
              <Table.Tr>
                <Table.Th>{tx.pem}</Table.Th>
                <Table.Td>
                  <Code block>{signingKey.pem}</Code>
                </Table.Td>
              </Table.Tr>
            </Table.Tbody>
          </Table>
        </Stack>
      )}
    </Card>
  );
}
