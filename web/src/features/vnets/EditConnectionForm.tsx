import { Button, Group, NumberInput, SegmentedControl, Stack, Text, Textarea } from '@mantine/core';
import { useEffect, useState } from 'react';
import { mgmtApi } from '../../api/mgmt-api.ts';
import { ProblemAlert } from '../../components/ProblemAlert.tsx';
import { useAction } from '../../lib/action.ts';
import { parseLines } from '../../lib/cidr.ts';
import {
  capacityProblem,
  type CapacityProblem,
  type PatchBody,
  type PlacementPort,
  type StaffConnection,
} from './api.ts';
import { useVnetsText } from './i18n.ts';
import { OverrideBox, PortLoad, PortSelect } from './placement-parts.tsx';

type Status = StaffConnection['status'];

/** Bandwidth, port (a move), status and customer networks of a placed connection. */
export function EditConnectionForm({
  connection: c,
  ports,
  onDone,
}: {
  connection: StaffConnection;
  ports: PlacementPort[];
  onDone: (c: StaffConnection) => void;
}) {
  const vt = useVnetsText();
  const [mbps, setMbps] = useState<number | string>(c.bandwidthMbps);
  const [portId, setPort] = useState<string | null>(c.placement?.port.id ?? null);
  const [status, setStatus] = useState<Status>(c.status);
  const [subnets, setSubnets] = useState(c.addressing.customerSubnets.join('\n'));
  const [override, setOverride] = useState(false);
  const [reason, setReason] = useState('');
  const [exceeded, setExceeded] = useState<CapacityProblem | null>(null);
  const { busy, problem, run, fieldError } = useAction();
  useEffect(() => {
    const x = capacityProblem(problem);
    if (x) setExceeded(x);
  }, [problem]);
  useEffect(() => {
    setExceeded(null);
    setOverride(false);
  }, [portId, mbps, status]);

  const port = ports.find((p) => p.portId === portId);
  const n = typeof mbps === 'number' ? mbps : 0;
  // what this change adds to the chosen port (the connection's own share is already counted there)
  const counted = c.status !== 'disabled' && c.placement?.port.id === portId ? c.bandwidthMbps : 0;
  const submit = async () => {
    const body: PatchBody = {};
    if (n !== c.bandwidthMbps) body.bandwidthMbps = n;
    if (portId && portId !== c.placement?.port.id) body.portId = portId;
    if (status !== c.status) body.status = status;
    const list = parseLines(subnets);
    if (list.join(' ') !== c.addressing.customerSubnets.join(' ')) body.customerSubnets = list;
    if (Object.keys(body).length === 0) return;
    if (exceeded && override) body.placementOverride = { reason };
    const r = await run(() =>
      mgmtApi.PATCH('/api/v1/connections/{id}', { params: { path: { id: c.id } }, body }),
    );
    if (r) onDone(r.data);
  };
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      <Stack>
        <NumberInput
          label={`${vt.bandwidth} (Mbit/s)`}
          description={vt.contracted(c.contractedMbps)}
          value={mbps}
          onChange={setMbps}
          min={1}
          thousandSeparator=","
          error={fieldError('bandwidthMbps')}
        />
        <PortSelect ports={ports} value={portId} onChange={setPort} error={fieldError('portId')} />
        {port && status !== 'disabled' && <PortLoad port={port} addMbps={n - counted} />}
        <Group>
          <Text size="sm">{vt.status}</Text>
          <SegmentedControl
            value={status}
            onChange={(v) => setStatus(v)}
            data={(['planned', 'active', 'disabled'] as const).map((s) => ({
              value: s,
              label: vt.statuses[s],
            }))}
          />
        </Group>
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
          <Button type="submit" loading={busy}>
            {vt.save}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
