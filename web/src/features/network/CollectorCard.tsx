import { Alert, Badge, Button, Group, SimpleGrid, Stack, Text } from '@mantine/core';
import type { Problem } from '../../api/client.ts';
import { Loading, ProblemAlert } from '../../components/ProblemAlert.tsx';
import { Section } from '../../components/Section.tsx';
import type { LoadState } from '../../lib/action.ts';
import { formatInstant } from '../../lib/time.ts';
import type { TrafficCollector } from './api.ts';
import { useNetworkText } from './i18n.ts';
import { Fact } from '../../components/Fact.tsx';

/** A value of the collector's settings (an open record in the API) as text, if it is one. */
export const settingText = (v: unknown): string | undefined =>
  typeof v === 'string' && v !== '' ? v : typeof v === 'number' ? String(v) : undefined;

/** The API's answer: a collector, or 404 when the device has none. */
export type CollectorState = LoadState<{ collector: TrafficCollector }>;

/** The GET answered 404: the device has no collector (not an error to show). */
export const notConfigured = (p: Problem): boolean => p.status === 404;

/**
 * The device page's traffic collection card: how the interface counters are read (SNMP or the
 * Linux driver's counters), the write-only secrets as set or not set (never their values), the
 * interval, and the last poll (JST, the worker that made it, its error).
 */
export function CollectorCard(props: {
  state: CollectorState;
  mgmtAddress: string;
  manage: boolean;
  onEdit: () => void;
  onRetry: () => void;
}) {
  const nt = useNetworkText();
  const ct = nt.collector;
  const { state } = props;
  const none = state.status === 'error' && notConfigured(state.problem);
  return (
    <Section title={ct.title} lead={ct.lead}>
      <Stack gap="sm" data-testid="traffic-collector">
        {state.status === 'loading' && <Loading />}
        {state.status === 'error' && !none && (
          <ProblemAlert problem={state.problem} onRetry={props.onRetry} />
        )}
        {none && (
          <Text c="dimmed" size="sm" data-testid="traffic-collector-none">
            {ct.none}
          </Text>
        )}
        {state.status === 'ready' && (
          <CollectorFacts c={state.data.collector} mgmtAddress={props.mgmtAddress} />
        )}
        {props.manage && (none || state.status === 'ready') && (
          <Group>
            <Button
              size="compact-sm"
              variant={none ? 'filled' : 'default'}
              onClick={props.onEdit}
              data-testid="traffic-collector-edit"
            >
              {none ? ct.configure : ct.change}
            </Button>
          </Group>
        )}
      </Stack>
    </Section>
  );
}

function CollectorFacts({ c, mgmtAddress }: { c: TrafficCollector; mgmtAddress: string }) {
  const nt = useNetworkText();
  const ct = nt.collector;
  const s = c.settings;
  const v3 = s.version === '3';
  const secret = (field: 'community' | 'authKey' | 'privKey', label: string) => (
    <Fact label={label}>
      <Badge
        color={c.secrets[field] === 'set' ? 'green' : 'gray'}
        variant="light"
        data-secret={field}
        data-state={c.secrets[field]}
      >
        {ct.secretStates[c.secrets[field]]}
      </Badge>
    </Fact>
  );
  const mono = (text: string) => (
    <Text ff="monospace" size="sm">
      {text}
    </Text>
  );
  const authProtocol = settingText(s.authProtocol) as keyof typeof ct.authProtocols | undefined;
  const privProtocol = settingText(s.privProtocol) as keyof typeof ct.privProtocols | undefined;
  return (
    <>
      <SimpleGrid cols={{ base: 1, sm: 2, md: 3 }} spacing="md" data-testid="traffic-collector-facts">
        <Fact label={ct.kind}>
          <span data-testid="traffic-collector-kind" data-kind={c.kind}>
            {c.kind === 'snmp' ? `${ct.kinds.snmp} ${ct.versions[v3 ? '3' : '2c']}` : ct.kinds.linux}
          </span>
        </Fact>
        <Fact label={nt.status}>
          <Badge color={c.enabled ? 'green' : 'gray'} variant="dot" data-enabled={c.enabled}>
            {c.enabled ? ct.states.on : ct.states.off}
          </Badge>
        </Fact>
        <Fact label={ct.intervalShort}>{ct.intervalValue(c.intervalSeconds)}</Fact>
        {c.kind === 'snmp' ? (
          <>
            <Fact label={ct.host}>{mono(settingText(s.host) ?? ct.hostDefault(mgmtAddress))}</Fact>
            <Fact label={ct.port}>{mono(settingText(s.port) ?? '161')}</Fact>
            {v3 ? (
              <>
                <Fact label={ct.user}>{mono(settingText(s.user) ?? '—')}</Fact>
                <Fact label={ct.authProtocol}>
                  {authProtocol ? (ct.authProtocols[authProtocol] ?? authProtocol) : '—'}
                </Fact>
                {secret('authKey', ct.authKey)}
                <Fact label={ct.privProtocol}>
                  {privProtocol ? (ct.privProtocols[privProtocol] ?? privProtocol) : '—'}
                </Fact>
                {secret('privKey', ct.privKey)}
              </>
            ) : (
              secret('community', ct.community)
            )}
          </>
        ) : (
          <Fact label={ct.namespace}>{mono(settingText(s.namespace) ?? '—')}</Fact>
        )}
        <Fact label={ct.lastPolledAt}>
          <span data-testid="traffic-collector-polled-at">
            {c.lastPolledAt ? formatInstant(c.lastPolledAt) : ct.never}
          </span>
        </Fact>
        <Fact label={ct.lastPolledBy}>{mono(c.lastPolledBy ?? '—')}</Fact>
      </SimpleGrid>
      {c.lastError && (
        <Alert color="red" variant="light" title={ct.lastError} data-testid="traffic-collector-error">
          <Text size="sm" ff="monospace" style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-word' }}>
            {c.lastError}
          </Text>
        </Alert>
      )}
    </>
  );
}
