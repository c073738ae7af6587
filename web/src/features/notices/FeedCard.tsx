import { Button, Card, Code, Group, Stack, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { asProblem } from '../../api/client.ts';
import { portalApi } from '../../api/portal-api.ts';
import { ConfirmButton } from '../../components/ConfirmButton.tsx';
import { Loading, ProblemAlert } from '../../components/ProblemAlert.tsx';
import { useAction, useLoad } from '../../lib/action.ts';
import { formatInstant } from '../../lib/time.ts';
import type { NoticesText } from './i18n.ts';

/** Administrators turn the maintenance calendar feed on, issue a new URL, or turn it off. */
export function FeedCard({ tx }: { tx: NoticesText }) {
  const state = useLoad((signal) => portalApi.GET('/api/v1/notices/calendar-token', { signal }));
  const act = useAction();
  const [url, setUrl] = useState<string | null>(null);
  const issue = async () => {
    const r = await act.run(() => portalApi.POST('/api/v1/notices/calendar-token'));
    if (r) {
      setUrl(r.data.url);
      state.reload();
    }
  };
  const token = state.state.status === 'ready' ? state.state.data.token : null;
  return (
    <Card withBorder data-testid="calendar-feed">
      <Stack gap="sm">
        <Title order={4}>{tx.feedTitle}</Title>
        <Text size="sm" c="dimmed">
          {tx.feedLead}
        </Text>
        {state.state.status === 'loading' && <Loading />}
        {state.state.status === 'error' && (
          <ProblemAlert problem={state.state.problem} onRetry={state.reload} />
        )}
        {state.state.status === 'ready' && (
          <Text size="sm">
            {token
              ? `${tx.feedOn(formatInstant(token.createdAt), token.createdBy)} · ${tx.feedLastUsed(
                  token.lastUsedAt ? formatInstant(token.lastUsedAt) : null,
                )}`
              : tx.feedOff}
          </Text>
        )}
        {url && (
          <Stack gap={4}>
            <Text size="sm" fw={500}>
              {tx.feedUrl}
            </Text>
            <Code block data-testid="feed-url">
              {url}
            </Code>
            <Text size="xs" c="dimmed">
              {tx.feedTokyo}
            </Text>
          </Stack>
        )}
        <ProblemAlert problem={act.problem} />
        <Group>
          <Button onClick={() => void issue()} loading={act.busy} variant={token ? 'light' : 'filled'}>
            {token ? tx.feedRotate : tx.feedCreate}
          </Button>
          {token && (
            <ConfirmButton
              color="red"
              variant="subtle"
              title={tx.feedRevoke}
              message={tx.feedRevokeConfirm}
              confirmLabel={tx.feedRevoke}
              label={tx.feedRevoke}
              onConfirm={async () => {
                const r = await portalApi.DELETE('/api/v1/notices/calendar-token');
                if (!r.response.ok) return asProblem(r.error, r.response.status);
                setUrl(null);
                state.reload();
                return null;
              }}
            />
          )}
        </Group>
      </Stack>
    </Card>
  );
}
