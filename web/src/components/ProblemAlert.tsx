import { Alert, Button, Group, Loader, Text } from '@mantine/core';
import type { Problem } from '../api/client.ts';
import { useI18n } from '../i18n/index.tsx';

/** The message of a failed call: the API's own title (already in the user's language), else ours. */
export function problemText(problem: Problem, t: ReturnType<typeof useI18n>['t']): string {
  if (problem.title) return problem.title;
  return problem.status ? t.common.httpError(problem.status) : t.common.networkError;
}

export function ProblemAlert({ problem, onRetry }: { problem: Problem | null; onRetry?: () => void }) {
  const { t } = useI18n();
  if (!problem) return null;
  return (
    <Alert color="red" variant="light" role="alert" title={problemText(problem, t)}>
      {problem.detail && <Text size="sm">{problem.detail}</Text>}
      {onRetry && (
        <Button size="xs" variant="light" color="red" mt="xs" onClick={onRetry}>
          {t.common.retry}
        </Button>
      )}
    </Alert>
  );
}

export function Loading() {
  const { t } = useI18n();
  return (
    <Group gap="xs" py="md">
      <Loader size="sm" />
      <Text c="dimmed">{t.app.loading}</Text>
    </Group>
  );
}
