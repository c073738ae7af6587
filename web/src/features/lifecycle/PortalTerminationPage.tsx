import { Alert, Anchor, Button, Group, Stack, Text, TextInput } from '@mantine/core';
import { useState } from 'react';
import { portalApi } from '../../api/portal-api.ts';
import { linkProps } from '../../app/router.ts';
import { useSession } from '../../app/session.tsx';
import { Loading, ProblemAlert } from '../../components/ProblemAlert.tsx';
import { PageTitle, Section } from '../../components/Section.tsx';
import { useAction, useLoad } from '../../lib/action.ts';
import { useLifecycleText } from './i18n.ts';
import { DatesTable } from './parts.tsx';

/**
 * The customer's termination (CLD.8.1.5): the administrator chooses the date; everyone sees the
 * dates, the erasure deadline and the reminder to export before the date.
 */
export default function PortalTerminationPage() {
  const x = useLifecycleText();
  const { can } = useSession();
  const load = useLoad((signal) => portalApi.GET('/api/v1/termination', { signal }));
  const { busy, problem, run, fieldError } = useAction();
  const [date, setDate] = useState('');
  const [done, setDone] = useState<string | null>(null);
  if (load.state.status === 'loading') return <Loading />;
  if (load.state.status === 'error')
    return <ProblemAlert problem={load.state.problem} onRetry={load.reload} />;
  const { termination: t, today } = load.state.data;
  const submit = async () => {
    if (!window.confirm(x.confirmRequest(date))) return;
    const r = await run(() => portalApi.POST('/api/v1/termination', { body: { terminationDate: date } }));
    if (r) {
      setDone(x.requested);
      load.reload();
    }
  };
  const cancel = async () => {
    const r = await run(() => portalApi.DELETE('/api/v1/termination', {}));
    if (r) {
      setDone(x.cancelled);
      load.reload();
    }
  };
  return (
    <Stack gap="lg">
      <PageTitle title={x.title} lead={x.lead} />
      {done && (
        <Alert color="teal" variant="light" data-testid="termination-done">
          {done}
        </Alert>
      )}
      <ProblemAlert problem={problem} />
      {t && t.status !== 'erased' && (
        <Alert color="orange" variant="light" title={x.exportTitle} data-testid="termination-export-reminder">
          <Stack gap={4}>
            <Text size="sm">{x.exportText}</Text>
            <Anchor {...linkProps('/export')} size="sm">
              {x.exportLink}
            </Anchor>
          </Stack>
        </Alert>
      )}
      {t ? (
        <Section title={x.title}>
          <DatesTable t={t} />
          {t.canCancel && can('contract.terminate') && (
            <Group>
              <Button
                color="gray"
                variant="default"
                loading={busy}
                onClick={() => void cancel()}
                data-testid="termination-cancel"
              >
                {x.cancel}
              </Button>
            </Group>
          )}
        </Section>
      ) : (
        <Section title={x.requestTitle} lead={x.requestLead}>
          <Text size="sm" c="dimmed">
            {x.none}
          </Text>
          {can('contract.terminate') ? (
            <form
              onSubmit={(e) => {
                e.preventDefault();
                void submit();
              }}
            >
              <Group align="flex-end">
                <TextInput
                  type="date"
                  label={x.date}
                  min={today}
                  value={date}
                  onChange={(e) => setDate(e.currentTarget.value)}
                  error={fieldError('terminationDate')}
                  required
                  data-testid="termination-date"
                />
                <Button
                  type="submit"
                  color="red"
                  loading={busy}
                  disabled={!date}
                  data-testid="termination-request"
                >
                  {x.request}
                </Button>
              </Group>
            </form>
          ) : (
            <Text size="sm">{x.adminOnly}</Text>
          )}
        </Section>
      )}
    </Stack>
  );
}
