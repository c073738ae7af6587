import { Anchor, Badge, Table, Text, Timeline } from '@mantine/core';
import type { paths } from '../../api/portal.d.ts';
import type { paths as mgmtPaths } from '../../api/mgmt.d.ts';
import { formatInstant } from '../../lib/time.ts';
import type { ReportsText } from './i18n.ts';

type Json<R> = R extends { content: { 'application/json': infer J } } ? J : never;
/** The same schema on both listeners (src/modules/reports/schema.ts); staff fields are optional. */
export type Report = Json<mgmtPaths['/api/v1/event-reports']['get']['responses'][200]>[number];
export type ReportDetail = Json<paths['/api/v1/event-reports/{id}']['get']['responses'][200]>;
export type ReportStatus = Report['status'];
export type Category = Report['category'];
export const STATUSES: ReportStatus[] = ['received', 'triaged', 'investigating', 'resolved', 'closed'];
export const CATEGORIES: Category[] = ['security_incident', 'outage', 'suspected_misuse', 'other'];

const COLORS: Record<ReportStatus, string> = {
  received: 'blue',
  triaged: 'cyan',
  investigating: 'orange',
  resolved: 'teal',
  closed: 'gray',
};

export function ReportStatusBadge({ status, tx }: { status: ReportStatus; tx: ReportsText }) {
  return (
    <Badge color={COLORS[status]} variant="light" data-testid="report-status" data-status={status}>
      {tx.statuses[status]}
    </Badge>
  );
}

export function ServiceCodes({ r }: { r: Pick<Report, 'services'> }) {
  if (r.services.length === 0) return <Text size="sm">-</Text>;
  return (
    <>
      {r.services.map((s) => (
        <Text key={s.id} size="sm" ff="monospace">
          {s.code}
          {s.label && (
            <Text span size="xs" c="dimmed" ff="inherit">
              {' '}
              {s.label}
            </Text>
          )}
        </Text>
      ))}
    </>
  );
}

/** Files as download links: the server answers with Content-Disposition: attachment. */
export function Attachments({ r, tx }: { r: ReportDetail; tx: ReportsText }) {
  if (r.attachments.length === 0) return <Text size="sm">{tx.none}</Text>;
  return (
    <Table data-testid="report-attachments">
      <Table.Tbody>
        {r.attachments.map((a) => (
          <Table.Tr key={a.id}>
            <Table.Td>
              {a.available ? (
                <Anchor
                  size="sm"
                  href={`/api/v1/event-reports/${r.id}/attachments/${a.id}`}
                  download={a.filename}
                >
                  {a.filename}
                </Anchor>
              ) : (
                <Text size="sm" c="dimmed">
                  {a.filename} ({tx.purged})
                </Text>
              )}
            </Table.Td>
            <Table.Td>
              <Text size="xs" c="dimmed">
                {a.contentType} · {tx.size(a.size)}
              </Text>
            </Table.Td>
            <Table.Td>
              <Text size="xs" c="dimmed" ff="monospace" title="SHA-256">
                {a.sha256.slice(0, 16)}…
              </Text>
            </Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}

export function ReportTimeline({ r, tx }: { r: ReportDetail; tx: ReportsText }) {
  return (
    <Timeline bulletSize={14} lineWidth={2} data-testid="report-timeline">
      {r.timeline.map((e) => (
        <Timeline.Item
          key={e.id}
          color={e.internal ? 'yellow' : e.kind === 'status' ? 'blue' : 'gray'}
          title={
            <Text size="sm" fw={500}>
              {tx.events[e.kind] ?? e.kind}
              {e.toStatus && e.kind !== 'submitted'
                ? `: ${tx.statuses[e.toStatus as ReportStatus] ?? e.toStatus}`
                : ''}
            </Text>
          }
        >
          <Text size="xs" c="dimmed">
            {formatInstant(e.at)} · {e.actorName ?? (e.actorKind === 'system' ? tx.system : '-')}
          </Text>
          {e.body && (
            <Text size="sm" style={{ whiteSpace: 'pre-wrap' }} mt={4}>
              {e.body}
            </Text>
          )}
        </Timeline.Item>
      ))}
    </Timeline>
  );
}

/** The facts of one report as a two-column table. */
export function ReportFacts({
  r,
  tx,
  withTenant,
}: {
  r: ReportDetail & Partial<Report>;
  tx: ReportsText;
  withTenant: boolean;
}) {
  const rows: { label: string; value: React.ReactNode }[] = [
    {
      label: tx.number,
      value: (
        <Text size="sm" ff="monospace">
          {r.number}
        </Text>
      ),
    },
    ...(withTenant ? [{ label: tx.tenant, value: `${r.tenantName ?? ''} (${r.tenantCode ?? ''})` }] : []),
    { label: tx.category, value: tx.categories[r.category] },
    { label: tx.reportTitle, value: r.title },
    { label: tx.status, value: <ReportStatusBadge status={r.status} tx={tx} /> },
    { label: tx.services, value: <ServiceCodes r={r} /> },
    { label: tx.reporter, value: r.reporterName ?? '-' },
    ...(withTenant ? [{ label: tx.assignee, value: r.assigneeName ?? tx.unassigned }] : []),
    { label: tx.reportedAt, value: formatInstant(r.createdAt) },
    { label: tx.updatedAt, value: formatInstant(r.updatedAt) },
    {
      label: tx.description,
      value: (
        <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
          {r.description}
        </Text>
      ),
    },
  ];
  return (
    <Table variant="vertical" layout="fixed" withTableBorder>
      <Table.Tbody>
        {rows.map((row) => (
          <Table.Tr key={row.label}>
            <Table.Th w={180}>{row.label}</Table.Th>
            <Table.Td>{row.value}</Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}

/** A file as base64 for the JSON upload (what the API takes; docs/reports.md). */
export function fileToBase64(file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () =>
      resolve(typeof reader.result === 'string' ? reader.result.replace(/^data:[^,]*,/, '') : '');
    reader.onerror = () => reject(reader.error ?? new Error('read failed'));
    reader.readAsDataURL(file);
  });
}

export const mib = (bytes: number): string =>
  bytes >= 1024 * 1024
    ? `${(bytes / 1024 / 1024).toFixed(bytes % (1024 * 1024) ? 1 : 0)} MiB`
    : `${Math.round(bytes / 1024)} KiB`;
