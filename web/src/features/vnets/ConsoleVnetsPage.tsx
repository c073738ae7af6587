import { Alert, Button, Group, Modal, Select, Stack, Text } from '@mantine/core';
import { useState } from 'react';
import { mgmtApi } from '../../api/mgmt-api.ts';
import { navigate, useSearch } from '../../app/router.ts';
import { useSession } from '../../app/session.tsx';
import { Loading, ProblemAlert } from '../../components/ProblemAlert.tsx';
import { PageTitle, Section } from '../../components/Section.tsx';
import { useLoad } from '../../lib/action.ts';
import type { StaffConnection } from './api.ts';
import { ConnectionsTable } from './ConnectionsTable.tsx';
import { EditConnectionForm } from './EditConnectionForm.tsx';
import { useVnetsText, type VnetsText } from './i18n.ts';
import { PlaceConnectionForm } from './PlaceConnectionForm.tsx';
import { PoolSection, VnetSection } from './VnetSections.tsx';

/** Console /vnets: per customer, its virtual networks, address pools and connection placements. */
export default function ConsoleVnetsPage() {
  const vt = useVnetsText();
  const tenantId = new URLSearchParams(useSearch()).get('tenant');
  const tenants = useLoad((signal) => mgmtApi.GET('/api/v1/tenants', { signal }));
  return (
    <Stack gap="lg">
      <PageTitle title={vt.title} lead={vt.consoleLead} />
      {tenants.state.status === 'error' && (
        <ProblemAlert problem={tenants.state.problem} onRetry={tenants.reload} />
      )}
      <Select
        label={vt.tenant}
        placeholder={vt.pickTenant}
        data={
          tenants.state.status === 'ready'
            ? tenants.state.data.map((t) => ({ value: t.id, label: `${t.code} ${t.name}` }))
            : []
        }
        value={tenantId}
        onChange={(v) => navigate(v ? `/vnets?tenant=${v}` : '/vnets')}
        searchable
        maw={480}
        data-testid="tenant-select"
      />
      {tenantId ? (
        <TenantNetworks key={tenantId} tenantId={tenantId} />
      ) : (
        <Text c="dimmed">{vt.pickTenant}</Text>
      )}
    </Stack>
  );
}

function TenantNetworks({ tenantId }: { tenantId: string }) {
  const vt = useVnetsText();
  const { can } = useSession();
  const manage = can('network.manage');
  const path = { params: { path: { tenantId } } };
  const vnets = useLoad((signal) =>
    mgmtApi.GET('/api/v1/tenants/{tenantId}/virtual-networks', { ...path, signal }),
  );
  const pools = useLoad((signal) => mgmtApi.GET('/api/v1/tenants/{tenantId}/pools', { ...path, signal }));
  const conns = useLoad((signal) =>
    mgmtApi.GET('/api/v1/tenants/{tenantId}/connections', { ...path, signal }),
  );
  const services = useLoad((signal) =>
    mgmtApi.GET('/api/v1/tenants/{tenantId}/services', { ...path, signal }),
  );
  const ports = useLoad((signal) => mgmtApi.GET('/api/v1/placement/ports', { signal }));
  const [notice, setNotice] = useState<((t: VnetsText) => string) | null>(null);
  const [placing, setPlacing] = useState(false);
  const [editing, setEditing] = useState<StaffConnection | null>(null);
  const changed = (message: (t: VnetsText) => string) => {
    setNotice(() => message);
    setPlacing(false);
    setEditing(null);
    for (const l of [vnets, pools, conns, ports]) l.reload();
  };
  const states = [vnets.state, pools.state, conns.state, services.state, ports.state];
  const failed = states.find((s) => s.status === 'error');
  if (failed?.status === 'error') return <ProblemAlert problem={failed.problem} />;
  if (
    vnets.state.status !== 'ready' ||
    pools.state.status !== 'ready' ||
    conns.state.status !== 'ready' ||
    services.state.status !== 'ready' ||
    ports.state.status !== 'ready'
  )
    return <Loading />;
  const portList = ports.state.data;
  return (
    <Stack gap="lg">
      {notice && (
        <Alert color="green" variant="light" withCloseButton onClose={() => setNotice(null)} role="status">
          {notice(vt)}
        </Alert>
      )}
      <Section title={vt.connections} lead={vt.connectionsLead}>
        {manage && (
          <Group justify="flex-end">
            <Button
              onClick={() => setPlacing(true)}
              disabled={vnets.state.data.length === 0}
              data-testid="place-open"
            >
              {vt.place}
            </Button>
          </Group>
        )}
        <ConnectionsTable
          connections={conns.state.data}
          manage={manage}
          onEdit={setEditing}
          onChanged={changed}
        />
      </Section>
      <VnetSection tenantId={tenantId} vnets={vnets.state.data} manage={manage} onChanged={changed} />
      <PoolSection tenantId={tenantId} pools={pools.state.data} manage={manage} onChanged={changed} />
      <Modal opened={placing} onClose={() => setPlacing(false)} title={vt.place} size="xl">
        {placing && (
          <PlaceConnectionForm
            vnets={vnets.state.data}
            services={services.state.data}
            ports={portList}
            onDone={(c) => changed((t) => t.placed(c.name))}
          />
        )}
      </Modal>
      <Modal
        opened={editing !== null}
        onClose={() => setEditing(null)}
        title={`${vt.editConnection}: ${editing?.name ?? ''}`}
        size="lg"
      >
        {editing && (
          <EditConnectionForm connection={editing} ports={portList} onDone={() => changed((t) => t.saved)} />
        )}
      </Modal>
    </Stack>
  );
}
