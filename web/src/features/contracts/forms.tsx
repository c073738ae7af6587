import { Button, Group, NumberInput, Select, Stack, Text, TextInput } from '@mantine/core';
import { useState } from 'react';
import type { paths } from '../../api/mgmt.d.ts';
import { mgmtApi } from '../../api/mgmt-api.ts';
import { ProblemAlert } from '../../components/ProblemAlert.tsx';
import { useAction } from '../../lib/action.ts';
import { useServicesText } from '../services/i18n.ts';
import { useContractsText } from './i18n.ts';

type Json<R> = R extends { content: { 'application/json': infer J } } ? J : never;
export type TenantDetail = Json<paths['/api/v1/tenants/{tenantId}']['get']['responses'][200]>;
export type ConsoleContract = Json<
  paths['/api/v1/tenants/{tenantId}/contracts']['get']['responses'][200]
>[number];
export type ConsoleService = ConsoleContract['services'][number];
type Options = ConsoleService['options'];
export type ContractStatus = ConsoleContract['status'];

/** The lifecycle steps the server allows (it decides; this only offers them). */
export const NEXT_STATUS: Record<ContractStatus, ContractStatus[]> = {
  active: ['terminating'],
  terminating: ['terminated', 'active'],
  terminated: ['erased'],
  erased: [],
};

function Submit({ label, busy }: { label: string; busy: boolean }) {
  return (
    <Group justify="flex-end">
      <Button type="submit" loading={busy}>
        {label}
      </Button>
    </Group>
  );
}

export function TenantForm({ tenant, onDone }: { tenant?: TenantDetail; onDone: (t: TenantDetail) => void }) {
  const ct = useContractsText();
  const [name, setName] = useState(tenant?.name ?? '');
  const [code, setCode] = useState('');
  const { busy, problem, run, fieldError } = useAction();
  const submit = async () => {
    const r = tenant
      ? await run(() =>
          mgmtApi.PATCH('/api/v1/tenants/{tenantId}', {
            params: { path: { tenantId: tenant.id } },
            body: { name },
          }),
        )
      : await run(() =>
          mgmtApi.POST('/api/v1/tenants', { body: { name, ...(code.trim() ? { code: code.trim() } : {}) } }),
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
        {!tenant && (
          <>
            <Text size="sm" c="dimmed">
              {ct.newTenantLead}
            </Text>
            <TextInput
              label={ct.tenantCode}
              description={ct.codeHelp}
              value={code}
              onChange={(e) => setCode(e.currentTarget.value)}
              error={fieldError('code')}
              maxLength={8}
              ff="monospace"
            />
          </>
        )}
        <TextInput
          label={ct.tenantName}
          value={name}
          onChange={(e) => setName(e.currentTarget.value)}
          error={fieldError('name')}
          required
          maxLength={200}
        />
        <ProblemAlert problem={problem} />
        <Submit label={tenant ? ct.rename : ct.newTenant} busy={busy} />
      </Stack>
    </form>
  );
}

export function ContractForm({
  tenantId,
  contract,
  onDone,
}: {
  tenantId: string;
  contract?: ConsoleContract;
  onDone: (c: ConsoleContract) => void;
}) {
  const ct = useContractsText();
  const [number, setNumber] = useState(contract?.number ?? '');
  const [startDate, setStart] = useState(contract?.startDate ?? '');
  const [endDate, setEnd] = useState(contract?.endDate ?? '');
  const { busy, problem, run, fieldError } = useAction();
  const submit = async () => {
    const body = { number, startDate, endDate: endDate.trim() || null };
    const r = contract
      ? await run(() =>
          mgmtApi.PATCH('/api/v1/contracts/{id}', { params: { path: { id: contract.id } }, body }),
        )
      : await run(() =>
          mgmtApi.POST('/api/v1/tenants/{tenantId}/contracts', { params: { path: { tenantId } }, body }),
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
        <TextInput
          label={ct.number}
          value={number}
          onChange={(e) => setNumber(e.currentTarget.value)}
          error={fieldError('number')}
          required
          maxLength={40}
          ff="monospace"
          placeholder="K-2026-0001"
        />
        <TextInput
          label={ct.startDate}
          type="date"
          value={startDate}
          onChange={(e) => setStart(e.currentTarget.value)}
          error={fieldError('startDate')}
          required
        />
        <TextInput
          label={ct.endDate}
          description={ct.endDateHelp}
          type="date"
          value={endDate}
          onChange={(e) => setEnd(e.currentTarget.value)}
          error={fieldError('endDate')}
        />
        <ProblemAlert problem={problem} />
        <Submit label={contract ? ct.editContract : ct.newContract} busy={busy} />
      </Stack>
    </form>
  );
}

/** Monitoring, redundancy and burst: the closed set of options the server accepts. */
function OptionFields({ options, onChange }: { options: Options; onChange: (o: Options) => void }) {
  const ct = useContractsText();
  const st = useServicesText();
  const set = <K extends keyof Options>(k: K, v: Options[K] | undefined) => {
    const next = { ...options };
    if (v === undefined) delete next[k];
    else next[k] = v;
    onChange(next);
  };
  return (
    <>
      <Select
        label={ct.monitoringField}
        placeholder={ct.notSet}
        clearable
        data={(['standard', 'extended'] as const).map((v) => ({
          value: v,
          label: st.monitoringLevels[v] ?? v,
        }))}
        value={options.monitoring ?? null}
        onChange={(v) => set('monitoring', v === 'standard' || v === 'extended' ? v : undefined)}
        comboboxProps={{ withinPortal: true }}
      />
      <Select
        label={ct.redundancyField}
        placeholder={ct.notSet}
        clearable
        data={(['single', 'dual'] as const).map((v) => ({ value: v, label: st.redundancyLevels[v] ?? v }))}
        value={options.redundancy ?? null}
        onChange={(v) => set('redundancy', v === 'single' || v === 'dual' ? v : undefined)}
        comboboxProps={{ withinPortal: true }}
      />
      <NumberInput
        label={ct.burstField}
        placeholder={ct.notSet}
        min={1}
        max={100_000}
        allowDecimal={false}
        value={options.burstMbps ?? ''}
        onChange={(v) => set('burstMbps', typeof v === 'number' ? v : undefined)}
      />
    </>
  );
}

export function ServiceForm({
  contractId,
  service,
  onDone,
}: {
  contractId: string;
  service?: ConsoleService;
  onDone: (s: { code: string }) => void;
}) {
  const ct = useContractsText();
  const st = useServicesText();
  const [type, setType] = useState<'ipsec' | 'direct' | 'option'>(service?.type ?? 'ipsec');
  const [bandwidth, setBandwidth] = useState<number | ''>(service?.bandwidthMbps ?? '');
  const [options, setOptions] = useState<Options>(service?.options ?? {});
  const { busy, problem, run, fieldError } = useAction();
  const submit = async () => {
    const bw = typeof bandwidth === 'number' ? { bandwidthMbps: bandwidth } : {};
    const r = service
      ? await run(() =>
          mgmtApi.PATCH('/api/v1/services/{id}', {
            params: { path: { id: service.id } },
            body: { ...bw, options },
          }),
        )
      : await run(() =>
          mgmtApi.POST('/api/v1/contracts/{id}/services', {
            params: { path: { id: contractId } },
            body: { type, ...bw, options },
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
    >
      <Stack>
        {service ? (
          <Text ff="monospace">{service.code}</Text>
        ) : (
          <Select
            label={st.type}
            data={(['ipsec', 'direct', 'option'] as const).map((v) => ({ value: v, label: st.types[v] }))}
            value={type}
            onChange={(v) => setType(v === 'direct' || v === 'option' ? v : 'ipsec')}
            allowDeselect={false}
            comboboxProps={{ withinPortal: true }}
          />
        )}
        <NumberInput
          label={ct.bandwidthField}
          description={ct.bandwidthHelp}
          min={1}
          max={100_000}
          allowDecimal={false}
          value={bandwidth}
          onChange={(v) => setBandwidth(typeof v === 'number' ? v : '')}
          error={fieldError('bandwidthMbps')}
        />
        <OptionFields options={options} onChange={setOptions} />
        <ProblemAlert problem={problem} />
        <Submit label={service ? ct.editService : ct.addService} busy={busy} />
      </Stack>
    </form>
  );
}

/** Confirms a lifecycle step; the step to terminating may set the end date (termination date). */
export function TransitionForm({
  contract,
  to,
  onDone,
  onCancel,
}: {
  contract: ConsoleContract;
  to: ContractStatus;
  onDone: (c: ConsoleContract) => void;
  onCancel: () => void;
}) {
  const ct = useContractsText();
  const st = useServicesText();
  const [endDate, setEndDate] = useState(contract.endDate ?? '');
  const { busy, problem, run, fieldError } = useAction();
  const submit = async () => {
    const r = await run(() =>
      mgmtApi.POST('/api/v1/contracts/{id}/transition', {
        params: { path: { id: contract.id } },
        body: { to, ...(to === 'terminating' && endDate ? { endDate } : {}) },
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
    >
      <Stack>
        <Text size="sm">{ct.transitionConfirm(contract.number, st.statuses[to])}</Text>
        {to === 'terminating' && (
          <TextInput
            label={ct.transitionEndDate}
            type="date"
            value={endDate}
            onChange={(e) => setEndDate(e.currentTarget.value)}
            error={fieldError('endDate')}
          />
        )}
        {to === 'erased' && (
          <Text size="xs" c="dimmed">
            {ct.erasedNote}
          </Text>
        )}
        <ProblemAlert problem={problem} />
        <Group justify="flex-end">
          <Button variant="default" onClick={onCancel}>
            {ct.cancel}
          </Button>
          <Button type="submit" loading={busy} color={to === 'active' ? undefined : 'red'}>
            {ct.transitions[to]}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
