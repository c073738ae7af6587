import {
  Button,
  Group,
  MultiSelect,
  NumberInput,
  PasswordInput,
  Radio,
  SegmentedControl,
  Select,
  SimpleGrid,
  Stack,
  Text,
  Textarea,
  TextInput,
} from '@mantine/core';
import { useEffect, useState } from 'react';
import { mgmtApi } from '../../api/mgmt-api.ts';
import { ProblemAlert } from '../../components/ProblemAlert.tsx';
import { useAction } from '../../lib/action.ts';
import { parseLines } from '../../lib/cidr.ts';
import {
  capacityProblem,
  ESP,
  type CapacityProblem,
  IKE,
  type ConsoleService,
  type CreateBody,
  type EspProposal,
  type IkeProposal,
  type PlacementPort,
  type StaffConnection,
  type Vnet,
} from './api.ts';
import { useVnetsText } from './i18n.ts';
import { OverrideBox, PortLoad, PortSelect } from './placement-parts.tsx';

/** Place a connection: service, virtual network, port (with its load shown), addressing, IPsec. */
export function PlaceConnectionForm({
  vnets,
  services,
  ports,
  onDone,
}: {
  vnets: Vnet[];
  services: ConsoleService[];
  ports: PlacementPort[];
  onDone: (c: StaffConnection) => void;
}) {
  const vt = useVnetsText();
  const lines = services.filter((s) => s.type === 'ipsec' || s.type === 'direct');
  const [vnetId, setVnet] = useState<string | null>(vnets[0]?.id ?? null);
  const [serviceId, setService] = useState<string | null>(null);
  const [name, setName] = useState('');
  const [portId, setPort] = useState<string | null>(null);
  const [mbps, setMbps] = useState<number | string>('');
  const [status, setStatus] = useState<'planned' | 'active'>('planned');
  const [subnets, setSubnets] = useState('');
  const [ipv4, setIpv4] = useState('');
  const [ipv6, setIpv6] = useState('');
  const [peer, setPeer] = useState('');
  const [auth, setAuth] = useState<'psk' | 'cert'>('psk');
  const [pskMode, setPskMode] = useState<'generate' | 'given'>('generate');
  const [psk, setPsk] = useState('');
  const [remoteId, setRemoteId] = useState('');
  const [ca, setCa] = useState('');
  const [ike, setIke] = useState<string[]>([IKE[0]!]);
  const [esp, setEsp] = useState<string[]>([ESP[0]!]);
  const [handoff, setHandoff] = useState<number | string>('');
  const [override, setOverride] = useState(false);
  const [reason, setReason] = useState('');
  const { busy, problem, run, fieldError } = useAction();
  const service = lines.find((s) => s.id === serviceId);
  const port = ports.find((p) => p.portId === portId);
  // the refusal stays on screen (with the override) until the port or the bandwidth changes
  const [exceeded, setExceeded] = useState<CapacityProblem | null>(null);
  useEffect(() => {
    const c = capacityProblem(problem);
    if (c) setExceeded(c);
  }, [problem]);
  useEffect(() => {
    setExceeded(null);
    setOverride(false);
  }, [portId, mbps]);

  const body = (): CreateBody => ({
    serviceId: serviceId ?? '',
    name,
    portId: portId ?? '',
    bandwidthMbps: typeof mbps === 'number' ? mbps : 0,
    status,
    customerSubnets: parseLines(subnets),
    ...(ipv4.trim() ? { ipv4Prefix: ipv4.trim() } : {}),
    ...(ipv6.trim() ? { ipv6Prefix: ipv6.trim() } : {}),
    ...(service?.type === 'ipsec'
      ? {
          ipsec: {
            peerAddress: peer.trim(),
            auth,
            ikeProposals: ike as IkeProposal[],
            espProposals: esp as EspProposal[],
            ...(auth === 'psk' && pskMode === 'given' ? { psk } : {}),
            ...(remoteId.trim() ? { remoteId: remoteId.trim() } : {}),
            ...(auth === 'cert' ? { remoteCaPem: ca } : {}),
          },
        }
      : {}),
    ...(service?.type === 'direct' && typeof handoff === 'number' ? { handoffId: handoff } : {}),
    ...(exceeded && override ? { placementOverride: { reason } } : {}),
  });
  const submit = async () => {
    if (!vnetId) return;
    const r = await run(() =>
      mgmtApi.POST('/api/v1/virtual-networks/{id}/connections', {
        params: { path: { id: vnetId } },
        body: body(),
      }),
    );
    if (r) onDone(r.data);
  };

  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
      data-testid="place-form"
    >
      <Stack>
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <Select
            label={vt.vnet}
            data={vnets.map((v) => ({ value: v.id, label: `${v.name} (VNI ${v.vni})` }))}
            value={vnetId}
            onChange={setVnet}
            required
            data-testid="vnet-select"
          />
          <Select
            label={vt.service}
            data={lines.map((s) => ({
              value: s.id,
              label: `${s.code} ${s.label.text} — ${vt.kinds[s.type] ?? s.type} ${s.bandwidthMbps ?? ''} Mbit/s`,
            }))}
            value={serviceId}
            onChange={(v) => {
              setService(v);
              const s = lines.find((x) => x.id === v);
              if (s?.bandwidthMbps && mbps === '') setMbps(s.bandwidthMbps);
            }}
            error={fieldError('serviceId')}
            required
            searchable
            data-testid="service-select"
          />
          <TextInput
            label={vt.name}
            value={name}
            onChange={(e) => setName(e.currentTarget.value)}
            error={fieldError('name')}
            required
            maxLength={100}
            data-testid="connection-name"
          />
          <NumberInput
            label={`${vt.bandwidth} (Mbit/s)`}
            description={service ? vt.contracted(service.bandwidthMbps) : undefined}
            value={mbps}
            onChange={setMbps}
            min={1}
            max={service?.bandwidthMbps ?? 1_000_000}
            error={fieldError('bandwidthMbps')}
            required
            thousandSeparator=","
            data-testid="connection-mbps"
          />
        </SimpleGrid>
        <PortSelect ports={ports} value={portId} onChange={setPort} error={fieldError('portId')} />
        {port && <PortLoad port={port} addMbps={typeof mbps === 'number' ? mbps : 0} />}
        <Group align="flex-end" justify="space-between">
          <Stack gap={4}>
            <Text size="sm" fw={500}>
              {vt.status}
            </Text>
            <SegmentedControl
              value={status}
              onChange={(v) => setStatus(v)}
              data={[
                { value: 'planned', label: vt.statuses.planned },
                { value: 'active', label: vt.statuses.active },
              ]}
            />
          </Stack>
          {service?.type === 'direct' && (
            <NumberInput
              label={vt.handoff}
              value={handoff}
              onChange={setHandoff}
              min={1}
              max={16_777_215}
              error={fieldError('handoffId')}
              w={260}
            />
          )}
        </Group>
        {service?.type === 'ipsec' && (
          <Stack
            gap="xs"
            p="sm"
            style={{ border: '1px solid var(--mantine-color-default-border)', borderRadius: 8 }}
          >
            <Text fw={600} size="sm">
              IPsec
            </Text>
            <SimpleGrid cols={{ base: 1, sm: 2 }}>
              <TextInput
                label={vt.peer}
                placeholder="198.51.100.10"
                value={peer}
                onChange={(e) => setPeer(e.currentTarget.value)}
                error={fieldError('ipsec/peerAddress')}
                required
                ff="monospace"
                data-testid="ipsec-peer"
              />
              <div>
                <Text size="sm" fw={500} mb={4}>
                  {vt.auth}
                </Text>
                <SegmentedControl
                  value={auth}
                  onChange={(v) => setAuth(v)}
                  data={[
                    { value: 'psk', label: vt.authPsk },
                    { value: 'cert', label: vt.authCert },
                  ]}
                />
              </div>
              <MultiSelect
                label={vt.ike}
                data={IKE}
                value={ike}
                onChange={setIke}
                error={fieldError('ipsec/ikeProposals')}
              />
              <MultiSelect
                label={vt.esp}
                data={ESP}
                value={esp}
                onChange={setEsp}
                error={fieldError('ipsec/espProposals')}
              />
            </SimpleGrid>
            {auth === 'psk' ? (
              <>
                <Radio.Group label={vt.pskMode} value={pskMode} onChange={(v) => setPskMode(v)}>
                  <Group mt={4}>
                    <Radio value="generate" label={vt.pskGenerate} />
                    <Radio value="given" label={vt.pskGiven} />
                  </Group>
                </Radio.Group>
                {pskMode === 'given' && (
                  <PasswordInput
                    label={vt.psk}
                    value={psk}
                    onChange={(e) => setPsk(e.currentTarget.value)}
                    error={fieldError('ipsec/psk')}
                    required
                    autoComplete="off"
                  />
                )}
                <Text size="xs" c="dimmed">
                  {vt.pskNote}
                </Text>
              </>
            ) : (
              <>
                <TextInput
                  label={vt.remoteId}
                  value={remoteId}
                  onChange={(e) => setRemoteId(e.currentTarget.value)}
                  error={fieldError('ipsec/remoteId')}
                  required
                />
                <Textarea
                  label={vt.remoteCa}
                  value={ca}
                  onChange={(e) => setCa(e.currentTarget.value)}
                  error={fieldError('ipsec/remoteCaPem')}
                  autosize
                  minRows={4}
                  ff="monospace"
                  required
                />
              </>
            )}
          </Stack>
        )}
        <Textarea
          label={vt.subnets}
          description={vt.subnetsHelp}
          value={subnets}
          onChange={(e) => setSubnets(e.currentTarget.value)}
          error={fieldError('customerSubnets')}
          autosize
          minRows={2}
          ff="monospace"
        />
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <TextInput
            label={vt.ipv4}
            value={ipv4}
            onChange={(e) => setIpv4(e.currentTarget.value)}
            error={fieldError('ipv4Prefix')}
            ff="monospace"
          />
          <TextInput
            label={vt.ipv6}
            value={ipv6}
            onChange={(e) => setIpv6(e.currentTarget.value)}
            error={fieldError('ipv6Prefix')}
            ff="monospace"
          />
        </SimpleGrid>
        {exceeded && (
          <OverrideBox
            problem={exceeded}
            checked={override}
            onCheck={setOverride}
            reason={reason}
            onReason={setReason}
            error={fieldError('placementOverride')}
          />
        )}
        {!capacityProblem(problem) && <ProblemAlert problem={problem} />}
        <Group justify="flex-end">
          <Button type="submit" loading={busy} disabled={!vnetId} data-testid="place-submit">
            {vt.submitPlace}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
