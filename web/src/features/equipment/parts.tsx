import { Badge, Card, SimpleGrid, Text } from '@mantine/core';
import { mgmtApi } from '../../api/mgmt-api.ts';
import { useLoad } from '../../lib/action.ts';
import { REVIEW_COLOR, STATUS_COLOR, type LifecycleStatus, type ReviewState } from './api.ts';
import { useEquipmentText } from './i18n.ts';

export function LifecycleBadge({ status }: { status: LifecycleStatus }) {
  const tx = useEquipmentText();
  return (
    <Badge color={STATUS_COLOR[status]} variant="light" data-status={status}>
      {tx.statuses[status]}
    </Badge>
  );
}

export function ReviewBadge({ state }: { state: ReviewState }) {
  const tx = useEquipmentText();
  return (
    <Badge color={REVIEW_COLOR[state]} variant={state === 'overdue' ? 'filled' : 'light'} data-review={state}>
      {tx.reviewStates[state]}
    </Badge>
  );
}

/** The dashboard figures above the tabs. */
export function SummaryCards() {
  const tx = useEquipmentText();
  const s = useLoad((signal) => mgmtApi.GET('/api/v1/equipment/summary', { signal }));
  if (s.state.status !== 'ready') return null;
  const d = s.state.data;
  const cards: [string, number, string, string][] = [
    [tx.cards.inService, d.byStatus.active ?? 0, 'green', 'in-service'],
    [tx.cards.decommissioning, d.byStatus.decommissioning ?? 0, 'yellow', 'decommissioning'],
    [tx.cards.openDisposals, d.openDisposals, 'blue', 'open-disposals'],
    [tx.cards.overdue, d.overdueReviews, d.overdueReviews ? 'red' : 'gray', 'overdue-reviews'],
  ];
  return (
    <SimpleGrid cols={{ base: 2, md: 4 }}>
      {cards.map(([label, n, color, id]) => (
        <Card key={id} withBorder padding="sm" data-testid={`card-${id}`}>
          <Text size="xs" c="dimmed">
            {label}
          </Text>
          <Text fw={700} size="xl" c={color}>
            {n}
          </Text>
        </Card>
      ))}
    </SimpleGrid>
  );
}

/** Reads a file as base64 (without the data: prefix). */
export async function fileBase64(file: File): Promise<string> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  let binary = '';
  // in chunks: String.fromCharCode takes a bounded number of arguments
  for (let i = 0; i < bytes.length; i += 0x8000)
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}
