import {
  Checkbox,
  Group,
  NumberInput,
  PasswordInput,
  SegmentedControl,
  Select,
  Stack,
  Text,
  TextInput,
} from '@mantine/core';
import { useState } from 'react';
import { mgmtApi } from '../../api/mgmt-api.ts';
import { ProblemAlert } from '../../components/ProblemAlert.tsx';
import { useAction } from '../../lib/action.ts';
import { AUTH_PROTOCOLS, PRIV_PROTOCOLS, type TrafficCollector, type TrafficCollectorBody } from './api.ts';
import { settingText } from './CollectorCard.tsx';
import { FormShell } from './forms.tsx';
import { useNetworkText } from './i18n.ts';

/**
 * The traffic collector of a device: SNMP (v2c or v3) or the Linux driver's counters. A save
 * replaces the whole collector (PUT): the community and the v3 keys are write-only, so they start
 * empty; an empty community is stored as the default `public`, empty keys as not set.
 */

type Kind = TrafficCollectorBody['kind'];
type AuthProtocol = NonNullable<TrafficCollectorBody['authProtocol']>;
type PrivProtocol = NonNullable<TrafficCollectorBody['privProtocol']>;

const select = { comboboxProps: { withinPortal: true }, allowDeselect: false } as const;

export function CollectorForm(props: {
  deviceId: string;
  mgmtAddress: string;
  collector?: TrafficCollector;
  onDone: (r: { interfacesDerived: number }) => void;
}) {
  const { collector: c } = props;
  const nt = useNetworkText();
  const ct = nt.collector;
  const s = c?.settings ?? {};
  const [kind, setKind] = useState<Kind>(c?.kind ?? 'snmp');
  const [host, setHost] = useState(settingText(s.host) ?? '');
  const [port, setPort] = useState<number | string>(typeof s.port === 'number' ? s.port : '');
  const [version, setVersion] = useState<'2c' | '3'>(s.version === '3' ? '3' : '2c');
  const [community, setCommunity] = useState('');
  const [user, setUser] = useState(settingText(s.user) ?? '');
  const [authProtocol, setAuthProtocol] = useState<AuthProtocol>(
    (settingText(s.authProtocol) as AuthProtocol | undefined) ?? 'sha',
  );
  const [authKey, setAuthKey] = useState('');
  const [privProtocol, setPrivProtocol] = useState<PrivProtocol>(
    (settingText(s.privProtocol) as PrivProtocol | undefined) ?? 'aes',
  );
  const [privKey, setPrivKey] = useState('');
  const [namespace, setNamespace] = useState(settingText(s.namespace) ?? '');
  const [interval, setInterval] = useState<number | string>(c?.intervalSeconds ?? 60);
  const [enabled, setEnabled] = useState(c?.enabled ?? true);
  const { busy, problem, run, fieldError } = useAction();
  // the state of each write-only field before this save (only shown, never the value)
  const now = (f: 'community' | 'authKey' | 'privKey') => ct.secretStates[c?.secrets[f] ?? 'not set'];

  const submit = async () => {
    const common = { intervalSeconds: Number(interval), enabled };
    const body: TrafficCollectorBody =
      kind === 'linux'
        ? { kind, namespace: namespace.trim(), ...common }
        : {
            kind,
            ...(host.trim() ? { host: host.trim() } : {}),
            ...(port !== '' ? { port: Number(port) } : {}),
            version,
            ...(version === '3'
              ? {
                  user: user.trim(),
                  authProtocol,
                  ...(authProtocol !== 'none' && authKey ? { authKey } : {}),
                  privProtocol,
                  ...(privProtocol !== 'none' && privKey ? { privKey } : {}),
                }
              : community
                ? { community }
                : {}),
            ...common,
          };
    const r = await run(() =>
      mgmtApi.PUT('/api/v1/devices/{id}/traffic-collector', {
        params: { path: { id: props.deviceId } },
        body,
      }),
    );
    if (r) props.onDone(r.data);
  };

  return (
    <FormShell onSubmit={() => void submit()} label={nt.save} busy={busy}>
      <Text size="sm" c="dimmed">
        {ct.replaceNote}
      </Text>
      <Stack gap={4}>
        <Text size="sm" fw={500}>
          {ct.kind}
        </Text>
        <SegmentedControl
          aria-label={ct.kind}
          value={kind}
          onChange={(x) => setKind(x === 'linux' ? 'linux' : 'snmp')}
          data={(['snmp', 'linux'] as const).map((k) => ({ value: k, label: ct.kinds[k] }))}
          w="fit-content"
        />
      </Stack>
      {kind === 'snmp' ? (
        <>
          <Group grow align="flex-start">
            <TextInput
              label={ct.host}
              description={ct.hostHelp(props.mgmtAddress)}
              value={host}
              onChange={(e) => setHost(e.currentTarget.value)}
              error={fieldError('host')}
              maxLength={255}
              ff="monospace"
            />
            <NumberInput
              label={ct.port}
              description={ct.portHelp}
              placeholder="161"
              value={port}
              onChange={setPort}
              min={1}
              max={65535}
              allowDecimal={false}
              clampBehavior="none"
              error={fieldError('port')}
            />
          </Group>
          <Stack gap={4}>
            <Text size="sm" fw={500}>
              {ct.version}
            </Text>
            <SegmentedControl
              aria-label={ct.version}
              value={version}
              onChange={(x) => setVersion(x === '3' ? '3' : '2c')}
              data={(['2c', '3'] as const).map((x) => ({ value: x, label: ct.versions[x] }))}
              w="fit-content"
            />
          </Stack>
          {version === '2c' ? (
            <PasswordInput
              label={ct.community}
              description={ct.communityHelp(now('community'))}
              value={community}
              onChange={(e) => setCommunity(e.currentTarget.value)}
              error={fieldError('community')}
              maxLength={128}
              autoComplete="off"
            />
          ) : (
            <>
              <TextInput
                label={ct.user}
                value={user}
                onChange={(e) => setUser(e.currentTarget.value)}
                error={fieldError('user')}
                required
                maxLength={64}
                ff="monospace"
              />
              <Group grow align="flex-start">
                <Select
                  label={ct.authProtocol}
                  data={AUTH_PROTOCOLS.map((p) => ({ value: p, label: ct.authProtocols[p] }))}
                  value={authProtocol}
                  onChange={(x) => x && setAuthProtocol(x)}
                  error={fieldError('authProtocol')}
                  {...select}
                />
                <Select
                  label={ct.privProtocol}
                  data={PRIV_PROTOCOLS.map((p) => ({ value: p, label: ct.privProtocols[p] }))}
                  value={privProtocol}
                  onChange={(x) => x && setPrivProtocol(x)}
                  error={fieldError('privProtocol')}
                  {...select}
                />
              </Group>
              {authProtocol !== 'none' && (
                <PasswordInput
                  label={ct.authKey}
                  description={ct.keyHelp(now('authKey'))}
                  value={authKey}
                  onChange={(e) => setAuthKey(e.currentTarget.value)}
                  error={fieldError('authKey')}
                  maxLength={128}
                  autoComplete="off"
                />
              )}
              {privProtocol !== 'none' && (
                <PasswordInput
                  label={ct.privKey}
                  description={ct.keyHelp(now('privKey'))}
                  value={privKey}
                  onChange={(e) => setPrivKey(e.currentTarget.value)}
                  error={fieldError('privKey')}
                  maxLength={128}
                  autoComplete="off"
                />
              )}
            </>
          )}
        </>
      ) : (
        <TextInput
          label={ct.namespace}
          description={ct.namespaceHelp}
          placeholder="pva-pe-tky1a"
          value={namespace}
          onChange={(e) => setNamespace(e.currentTarget.value)}
          error={fieldError('namespace')}
          required
          maxLength={63}
          ff="monospace"
        />
      )}
      <NumberInput
        label={ct.interval}
        value={interval}
        onChange={setInterval}
        min={10}
        max={3600}
        allowDecimal={false}
        clampBehavior="none"
        error={fieldError('intervalSeconds')}
        required
        w={240}
      />
      <Checkbox
        label={ct.enabled}
        description={ct.enabledHelp}
        checked={enabled}
        onChange={(e) => setEnabled(e.currentTarget.checked)}
      />
      <ProblemAlert problem={problem} />
    </FormShell>
  );
}
