import { Anchor, Button, Group, Menu, Stack, Table, Text } from '@mantine/core';
import { useState } from 'react';
import { asProblem, type Problem } from '../../api/client.ts';
import { mgmtApi } from '../../api/mgmt-api.ts';
import { linkProps } from '../../app/router.ts';
import { useSession } from '../../app/session.tsx';
import { ConfirmDialog } from '../../components/ConfirmButton.tsx';
import { ProblemAlert } from '../../components/ProblemAlert.tsx';
import { formatInstant } from '../../lib/time.ts';
import { mbps, portUrl, type CapAlert, type Plan, type PlanStatus } from './api.ts';
import type { CapacityText } from './i18n.ts';
import { PlanStatusBadge } from './parts.tsx';

const what = (p: Plan): string => `${p.device.hostname}${p.port ? ` ${p.port.name}` : ''}`;

/**
 * Augmentation plans with their status; staff with network.manage move a plan forward from the
 * Menu (cancelling asks first). `onChanged` reloads the list after a change.
 */
export function PlansTable({
  plans,
  tx,
  onChanged,
  withTarget = true,
}: {
  plans: Plan[];
  tx: CapacityText;
  onChanged: (message: string) => void;
  withTarget?: boolean;
}) {
  const { can } = useSession();
  const [problem, setProblem] = useState<Problem | null>(null);
  const [cancelling, setCancelling] = useState<Plan | null>(null);
  const move = async (plan: Plan, status: PlanStatus): Promise<Problem | null> => {
    const r = await mgmtApi.PATCH('/api/v1/capacity/plans/{planId}', {
      params: { path: { planId: plan.id } },
      body: { status },
    });
    if (!r.response.ok) return asProblem(r.error, r.response.status);
    onChanged(tx.statusChanged(tx.planStatuses[status]));
    return null;
  };
  const manage = can('network.manage');
  return (
    <Stack gap="xs">
      <ProblemAlert problem={problem} />
      <Table.ScrollContainer minWidth={900}>
        <Table striped data-testid="capacity-plans" verticalSpacing="xs">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{tx.targetDate}</Table.Th>
              {withTarget && <Table.Th>{tx.target}</Table.Th>}
              <Table.Th>{tx.reason}</Table.Th>
              <Table.Th>{tx.state}</Table.Th>
              <Table.Th>{tx.updated}</Table.Th>
              {manage && <Table.Th>{tx.actions}</Table.Th>}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {plans.length === 0 && (
              <Table.Tr>
                <Table.Td colSpan={6}>
                  <Text c="dimmed" size="sm" py="sm">
                    {tx.noPlans}
                  </Text>
                </Table.Td>
              </Table.Tr>
            )}
            {plans.map((p) => (
              <Table.Tr key={p.id} data-testid={`plan-${p.id}`}>
                <Table.Td style={{ whiteSpace: 'nowrap' }}>{p.targetDate}</Table.Td>
                {withTarget && (
                  <Table.Td>
                    {p.port ? (
                      <Anchor size="sm" {...linkProps(portUrl(p.port.id))}>
                        {what(p)}
                      </Anchor>
                    ) : (
                      <Text size="sm">{what(p)}</Text>
                    )}
                    <Text size="xs" c="dimmed">
                      {p.pop.code}
                    </Text>
                  </Table.Td>
                )}
                <Table.Td>
                  <Text size="sm">{p.reason}</Text>
                  {p.note && (
                    <Text size="xs" c="dimmed">
                      {tx.note}: {p.note}
                    </Text>
                  )}
                </Table.Td>
                <Table.Td>
                  <PlanStatusBadge status={p.status} tx={tx} />
                </Table.Td>
                <Table.Td>
                  <Text size="xs" style={{ whiteSpace: 'nowrap' }}>
                    {formatInstant(p.updatedAt)}
                  </Text>
                  <Text size="xs" c="dimmed">
                    {p.updatedBy?.name ?? p.createdBy?.name ?? ''}
                  </Text>
                </Table.Td>
                {manage && (
                  <Table.Td>
                    {p.next.length > 0 && (
                      <Menu withinPortal position="bottom-end">
                        <Menu.Target>
                          <Button size="compact-xs" variant="light">
                            {tx.changeStatus}
                          </Button>
                        </Menu.Target>
                        <Menu.Dropdown>
                          {p.next.map((s) => (
                            <Menu.Item
                              key={s}
                              color={s === 'cancelled' ? 'red' : undefined}
                              onClick={() => {
                                if (s === 'cancelled') setCancelling(p);
                                else void move(p, s).then(setProblem);
                              }}
                            >
                              {tx.moveTo(tx.planStatuses[s])}
                            </Menu.Item>
                          ))}
                        </Menu.Dropdown>
                      </Menu>
                    )}
                  </Table.Td>
                )}
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      <ConfirmDialog
        opened={cancelling !== null}
        onClose={() => setCancelling(null)}
        title={tx.cancelTitle}
        message={cancelling ? tx.cancelConfirm(what(cancelling)) : ''}
        confirmLabel={tx.cancel}
        color="red"
        onConfirm={() => (cancelling ? move(cancelling, 'cancelled') : Promise.resolve(null))}
      />
    </Stack>
  );
}

export function AlertsTable({ alerts, tx }: { alerts: CapAlert[]; tx: CapacityText }) {
  return (
    <Table.ScrollContainer minWidth={760}>
      <Table striped data-testid="capacity-alerts" verticalSpacing="xs">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{tx.crossedAt}</Table.Th>
            <Table.Th>{tx.port}</Table.Th>
            <Table.Th>{tx.alertKind}</Table.Th>
            <Table.Th ta="right">{tx.value}</Table.Th>
            <Table.Th>{tx.clearedAt}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {alerts.length === 0 && (
            <Table.Tr>
              <Table.Td colSpan={5}>
                <Text c="dimmed" size="sm" py="sm">
                  {tx.noAlerts}
                </Text>
              </Table.Td>
            </Table.Tr>
          )}
          {alerts.map((a) => (
            <Table.Tr key={a.id}>
              <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatInstant(a.crossedAt)}</Table.Td>
              <Table.Td>
                <Anchor size="sm" {...linkProps(portUrl(a.port.id))}>
                  {a.device.hostname} {a.port.name}
                </Anchor>
                <Text size="xs" c="dimmed">
                  {a.popCode}
                </Text>
              </Table.Td>
              <Table.Td>{tx.kind[a.kind]}</Table.Td>
              <Table.Td ta="right" style={{ whiteSpace: 'nowrap' }}>
                {mbps(a.valueMbps)} / {mbps(a.thresholdMbps)}
              </Table.Td>
              <Table.Td style={{ whiteSpace: 'nowrap' }}>
                {a.clearedAt ? (
                  formatInstant(a.clearedAt)
                ) : (
                  <Group gap={4}>
                    <Text size="sm" c="orange" fw={600}>
                      {tx.open}
                    </Text>
                  </Group>
                )}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
