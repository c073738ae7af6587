import { Badge, Button, Group, Stack, Table, Text, Tooltip } from '@mantine/core';
import { asProblem } from '../../api/client.ts';
import { mgmtApi } from '../../api/mgmt-api.ts';
import { ConfirmButton } from '../../components/ConfirmButton.tsx';
import { useI18n } from '../../i18n/index.tsx';
import type { StaffConnection } from './api.ts';
import { useVnetsText, type VnetsText } from './i18n.ts';
import { ConnStatusBadge, Transfer } from './parts.tsx';

/** The tenant's connections: where each is placed, its addresses and bandwidth. */
export function ConnectionsTable({
  connections,
  manage,
  onEdit,
  onChanged,
}: {
  connections: StaffConnection[];
  manage: boolean;
  onEdit: (c: StaffConnection) => void;
  onChanged: (message: (t: VnetsText) => string) => void;
}) {
  const vt = useVnetsText();
  const { lang } = useI18n();
  if (connections.length === 0) return <Text c="dimmed">{vt.noConnections}</Text>;
  return (
    <Table.ScrollContainer minWidth={960}>
      <Table striped verticalSpacing="xs" data-testid="connections">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{vt.name}</Table.Th>
            <Table.Th>{vt.service}</Table.Th>
            <Table.Th>{vt.vnet}</Table.Th>
            <Table.Th>{vt.port}</Table.Th>
            <Table.Th ta="right">{vt.bandwidth}</Table.Th>
            <Table.Th>{vt.addresses}</Table.Th>
            <Table.Th>{vt.status}</Table.Th>
            {manage && <Table.Th />}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {connections.map((c) => (
            <Table.Tr key={c.id} data-testid={`connection-${c.name}`}>
              <Table.Td>
                <Text size="sm" fw={500}>
                  {c.name}
                </Text>
                <Text size="xs" c="dimmed">
                  {vt.kinds[c.kind]}
                  {c.handoffId !== null && ` · ${vt.handoffId} ${c.handoffId}`}
                  {c.ipsec && ` · ${c.ipsec.peerAddress}`}
                </Text>
              </Table.Td>
              <Table.Td>
                <Text size="sm" ff="monospace">
                  {c.service.code}
                </Text>
                <Text size="xs" c="dimmed">
                  {c.service.label}
                </Text>
              </Table.Td>
              <Table.Td>{c.virtualNetwork?.name ?? vt.none}</Table.Td>
              <Table.Td>
                {c.placement ? (
                  <>
                    <Text size="sm">
                      {c.placement.device.hostname} {c.placement.port.name}
                    </Text>
                    <Text size="xs" c="dimmed">
                      {lang === 'ja' ? c.placement.pop.nameJa : c.placement.pop.nameEn}
                    </Text>
                  </>
                ) : (
                  <Badge color="gray" variant="outline">
                    {vt.unplaced}
                  </Badge>
                )}
              </Table.Td>
              <Table.Td ta="right">
                <Text size="sm">{vt.mbps(c.bandwidthMbps)}</Text>
                {c.placementOverride && (
                  <Tooltip label={vt.overrideBy(c.placementOverride.reason)} multiline w={280} withArrow>
                    <Badge color="orange" variant="light" size="xs">
                      {vt.override}
                    </Badge>
                  </Tooltip>
                )}
              </Table.Td>
              <Table.Td>
                <Stack gap={0}>
                  <Transfer t={c.addressing.ipv4} />
                  <Transfer t={c.addressing.ipv6} />
                  {c.addressing.customerSubnets.length > 0 && (
                    <Text size="xs" ff="monospace" c="dimmed">
                      {vt.subnets}: {c.addressing.customerSubnets.join(', ')}
                    </Text>
                  )}
                </Stack>
              </Table.Td>
              <Table.Td>
                <ConnStatusBadge status={c.status} />
              </Table.Td>
              {manage && (
                <Table.Td>
                  <Group gap={4} wrap="nowrap">
                    {c.placement && (
                      <Button size="compact-sm" variant="subtle" onClick={() => onEdit(c)}>
                        {vt.edit}
                      </Button>
                    )}
                    <ConfirmButton
                      label={vt.delete}
                      color="red"
                      title={vt.deleteConnection}
                      message={vt.deleteConnectionText(c.name)}
                      confirmLabel={vt.delete}
                      onConfirm={async () => {
                        const r = await mgmtApi.DELETE('/api/v1/connections/{id}', {
                          params: { path: { id: c.id } },
                        });
                        if (!r.response.ok) return asProblem(r.error, r.response.status);
                        onChanged((t) => t.deleted);
                        return null;
                      }}
                    />
                  </Group>
                </Table.Td>
              )}
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
