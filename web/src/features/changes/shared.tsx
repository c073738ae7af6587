import { Anchor, Badge, Table, Text, Timeline } from '@mantine/core';
import type { ReactNode } from 'react';
import type { paths } from '../../api/portal.d.ts';
import { linkProps } from '../../app/router.ts';
import { formatInstant } from '../../lib/time.ts';
import type { ChangesText } from './i18n.ts';

type Json<R> = R extends { content: { 'application/json': infer J } } ? J : never;
/** The same schema on both listeners (src/modules/changes/schema.ts). */
export type ChangeRequest = Json<paths['/api/v1/change-requests']['get']['responses'][200]>[number];
export type ChangeRequestDetail = Json<paths['/api/v1/change-requests/{id}']['get']['responses'][200]>;
export type ChangeStatus = ChangeRequest['status'];
export const STATUSES: ChangeStatus[] = ['submitted', 'approved', 'rejected', 'executed', 'withdrawn'];

const COLORS: Record<ChangeStatus, string> = {
  submitted: 'blue',
  approved: 'teal',
  rejected: 'red',
  executed: 'green',
  withdrawn: 'gray',
};

export function ChangeStatusBadge({ status, tx }: { status: ChangeStatus; tx: ChangesText }) {
  return (
    <Badge color={COLORS[status]} variant="light" data-testid="change-status" data-status={status}>
      {tx.statuses[status]}
    </Badge>
  );
}

/** "Bandwidth change: 200 Mbit/s → 500 Mbit/s" (without the kind: the values only), or the customer's own words. */
export function changeSummary(cr: ChangeRequest, tx: ChangesText, withKind = true): string {
  if (cr.kind === 'bandwidth') {
    const from = cr.current?.bandwidthMbps;
    const to = cr.desired.bandwidthMbps ?? 0;
    const values = `${from != null ? `${tx.mbps(from)} → ` : ''}${tx.mbps(to)}`;
    return withKind ? `${tx.kinds.bandwidth}: ${values}` : values;
  }
  return cr.desired.description ?? '';
}

/** Service code and the customer's label, rendered as text. */
export function ServiceCell({ cr }: { cr: ChangeRequest }) {
  return (
    <>
      <Text size="sm" ff="monospace">
        {cr.service.code}
      </Text>
      {cr.service.label && (
        <Text size="xs" c="dimmed">
          {cr.service.label}
        </Text>
      )}
    </>
  );
}

export function NumberLink({ cr, base }: { cr: ChangeRequest; base: string }) {
  return (
    <Anchor size="sm" ff="monospace" {...linkProps(`${base}?id=${cr.id}`)}>
      {cr.number}
    </Anchor>
  );
}

/** The facts of one request as a two-column table. */
export function ChangeFacts({
  cr,
  tx,
  withTenant,
}: {
  cr: ChangeRequestDetail;
  tx: ChangesText;
  withTenant: boolean;
}) {
  const rows: { label: string; value: ReactNode }[] = [
    {
      label: tx.number,
      value: (
        <Text size="sm" ff="monospace">
          {cr.number}
        </Text>
      ),
    },
    { label: tx.status, value: <ChangeStatusBadge status={cr.status} tx={tx} /> },
  ];
  if (withTenant) rows.push({ label: tx.tenant, value: `${cr.tenant.code} ${cr.tenant.name}` });
  rows.push(
    { label: tx.service, value: <ServiceCell cr={cr} /> },
    { label: tx.kind, value: tx.kinds[cr.kind] },
    {
      label: tx.change,
      value: (
        <Text size="sm" style={{ whiteSpace: 'pre-wrap' }} data-testid="change-summary">
          {changeSummary(cr, tx, false)}
        </Text>
      ),
    },
    { label: tx.desiredDate, value: cr.desiredDate },
    {
      label: tx.reason,
      value: (
        <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
          {cr.reason || '—'}
        </Text>
      ),
    },
    { label: tx.requestedBy, value: cr.requestedBy.name ?? tx.deletedUser },
    { label: tx.submittedAt, value: formatInstant(cr.createdAt) },
  );
  if (cr.decisionReason)
    rows.push({
      label: tx.decisionReason,
      value: (
        <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
          {cr.decisionReason}
        </Text>
      ),
    });
  if (cr.executionNote)
    rows.push({
      label: tx.executionNote,
      value: (
        <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
          {cr.executionNote}
        </Text>
      ),
    });
  return (
    <Table withRowBorders={false} verticalSpacing={4} data-testid="change-facts">
      <Table.Tbody>
        {rows.map(({ label, value }) => (
          <Table.Tr key={label}>
            <Table.Th w={180} style={{ verticalAlign: 'top' }}>
              {label}
            </Table.Th>
            <Table.Td>{value}</Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}

/** Every step, oldest first, with the time in JST and who took it. */
export function ChangeTimeline({ cr, tx }: { cr: ChangeRequestDetail; tx: ChangesText }) {
  const who = (e: ChangeRequestDetail['timeline'][number]) => {
    const kind =
      e.actor.kind === 'staff' ? tx.provider : e.actor.kind === 'customer' ? tx.customer : tx.system;
    return e.actor.name ? `${kind}: ${e.actor.name}` : kind;
  };
  return (
    <Timeline active={cr.timeline.length - 1} bulletSize={14} lineWidth={2} data-testid="change-timeline">
      {cr.timeline.map((e, i) => (
        <Timeline.Item key={i} title={tx.statuses[e.toStatus]}>
          <Text size="xs" c="dimmed">
            {formatInstant(e.at)} · {who(e)}
          </Text>
          {e.note && (
            <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
              {e.note}
            </Text>
          )}
        </Timeline.Item>
      ))}
    </Timeline>
  );
}
