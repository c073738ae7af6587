import {
  Alert,
  Badge,
  Button,
  Code,
  Group,
  Radio,
  Stack,
  Switch,
  Table,
  Text,
  Textarea,
} from '@mantine/core';
import { useEffect, useState } from 'react';
import { asProblem, type Problem } from '../../api/client.ts';
import { portalApi, type SecurityEvent, type SecuritySettings } from '../../api/portal-api.ts';
import { useSession } from '../../app/session.tsx';
import { Loading, ProblemAlert } from '../../components/ProblemAlert.tsx';
import { PageTitle, Section } from '../../components/Section.tsx';
import { useI18n } from '../../i18n/index.tsx';
import { useAction, useLoad } from '../../lib/action.ts';
import { parseLines } from '../../lib/cidr.ts';
import { formatInstant } from '../../lib/time.ts';

/** The tenant's login policy (source-IP allowlist, MFA for everyone) and its security log. */
export default function SecurityPage() {
  const { t } = useI18n();
  const { can } = useSession();
  return (
    <Stack gap="lg">
      <PageTitle title={t.security.title} />
      {can('security.manage') && <Settings />}
      {can('security.read') && <Events />}
    </Stack>
  );
}

function Settings() {
  const { state, reload } = useLoad((signal) => portalApi.GET('/api/v1/security/settings', { signal }));
  if (state.status === 'loading') return <Loading />;
  if (state.status === 'error') return <ProblemAlert problem={state.problem} onRetry={reload} />;
  return <SettingsForm initial={state.data} />;
}

function SettingsForm({ initial }: { initial: SecuritySettings }) {
  const { t } = useI18n();
  const [saved, setSaved] = useState(initial);
  const [list, setList] = useState(initial.ipAllowlist.join('\n'));
  const [scope, setScope] = useState(initial.allowlistScope);
  const [tokens, setTokens] = useState(initial.allowlistTokens);
  const [mfaAll, setMfaAll] = useState(initial.mfaRequiredAll);
  const [done, setDone] = useState(false);
  const { busy, problem, run, fieldError } = useAction();
  const entries = parseLines(list);

  const submit = async () => {
    setDone(false);
    const r = await run(() =>
      portalApi.PUT('/api/v1/security/settings', {
        body: {
          ipAllowlist: entries,
          allowlistScope: scope,
          allowlistTokens: tokens,
          mfaRequiredAll: mfaAll,
        },
      }),
    );
    if (!r) return;
    setSaved(r.data);
    setList(r.data.ipAllowlist.join('\n')); // as the server normalised it
    setDone(true);
  };

  const lockout = problem?.code === 'self_lockout';
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      <Stack gap="lg">
        <Section title={t.security.allowlist} lead={t.security.allowlistLead}>
          <Group gap="xs">
            <Text size="sm">{t.security.yourIp}:</Text>
            <Code data-testid="your-ip">{saved.yourIp}</Code>
            <Button
              size="compact-xs"
              variant="light"
              disabled={entries.includes(saved.yourIp)}
              onClick={() => setList((l) => (l.trim() ? `${l.trim()}\n${saved.yourIp}` : saved.yourIp))}
            >
              {t.security.addMine}
            </Button>
          </Group>
          <Textarea
            label={t.security.entries}
            value={list}
            onChange={(e) => setList(e.currentTarget.value)}
            error={fieldError('ipAllowlist')}
            autosize
            minRows={3}
            maxRows={12}
            styles={{ input: { fontFamily: 'monospace' } }}
            placeholder={'203.0.113.0/24\n2001:db8::/48'}
          />
          <Text size="xs" c={lockout ? 'red' : 'dimmed'}>
            {t.security.selfLockoutHelp}
          </Text>
          <Radio.Group
            label={t.security.scope}
            value={scope}
            onChange={(v) => setScope(v === 'all' ? 'all' : 'admins')}
          >
            <Group mt={4}>
              <Radio value="admins" label={t.security.scopeAdmins} />
              <Radio value="all" label={t.security.scopeAll} />
            </Group>
          </Radio.Group>
          <Switch
            label={t.security.tokens}
            checked={tokens}
            onChange={(e) => setTokens(e.currentTarget.checked)}
          />
        </Section>
        <Section title={t.account.mfa}>
          <Switch
            label={t.security.mfaAll}
            description={t.security.mfaAllHelp}
            checked={mfaAll}
            onChange={(e) => setMfaAll(e.currentTarget.checked)}
          />
        </Section>
        <ProblemAlert problem={problem} />
        {done && (
          <Alert color="green" variant="light" role="status">
            {t.security.saved}
          </Alert>
        )}
        <Button type="submit" loading={busy} w="fit-content">
          {t.common.save}
        </Button>
      </Stack>
    </form>
  );
}

function Events() {
  const { t } = useI18n();
  const [items, setItems] = useState<SecurityEvent[] | null>(null);
  const [next, setNext] = useState<number | null>(null);
  const [problem, setProblem] = useState<Problem | null>(null);
  const [attempt, setAttempt] = useState(0);
  const [busy, setBusy] = useState(false);

  const load = async (before?: number, signal?: AbortSignal) => {
    setBusy(true);
    try {
      const { data, error, response } = await portalApi.GET('/api/v1/security/events', {
        params: { query: before ? { limit: 50, before } : { limit: 50 } },
        ...(signal ? { signal } : {}),
      });
      if (!data) return setProblem(asProblem(error, response.status));
      setProblem(null);
      setItems((old) => (before && old ? [...old, ...data.items] : data.items));
      setNext(data.nextBefore);
    } catch {
      if (!signal?.aborted) setProblem(asProblem(null));
    } finally {
      setBusy(false);
    }
  };
  useEffect(() => {
    const ac = new AbortController();
    void load(undefined, ac.signal);
    return () => ac.abort();
  }, [attempt]);

  const outcomeColor = (o: string) => (o === 'success' ? 'green' : o === 'denied' ? 'red' : 'orange');
  return (
    <Section title={t.security.events} lead={t.security.eventsLead}>
      {problem && <ProblemAlert problem={problem} onRetry={() => setAttempt((n) => n + 1)} />}
      {items === null && !problem && <Loading />}
      {items && (
        <Table.ScrollContainer minWidth={720}>
          <Table striped data-testid="security-events">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t.security.time}</Table.Th>
                <Table.Th>{t.security.action}</Table.Th>
                <Table.Th>{t.security.outcome}</Table.Th>
                <Table.Th>{t.security.login}</Table.Th>
                <Table.Th>{t.security.sourceIp}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {items.length === 0 && (
                <Table.Tr>
                  <Table.Td colSpan={5}>{t.security.noEvents}</Table.Td>
                </Table.Tr>
              )}
              {items.map((e) => (
                <Table.Tr key={e.seq}>
                  <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatInstant(e.at)}</Table.Td>
                  <Table.Td title={e.action}>{t.security.actions[e.action] ?? e.action}</Table.Td>
                  <Table.Td>
                    <Badge color={outcomeColor(e.outcome)} variant="light">
                      {t.security.outcomes[e.outcome] ?? e.outcome}
                    </Badge>
                  </Table.Td>
                  <Table.Td style={{ overflowWrap: 'anywhere' }}>{e.login ?? '—'}</Table.Td>
                  <Table.Td ff="monospace">{e.sourceIp ?? '—'}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      {next !== null && (
        <Button variant="default" size="xs" w="fit-content" loading={busy} onClick={() => void load(next)}>
          {t.common.more}
        </Button>
      )}
    </Section>
  );
}
