import {
  Alert,
  Anchor,
  Badge,
  Button,
  Code,
  Group,
  Modal,
  SimpleGrid,
  Stack,
  Table,
  Text,
  Title,
} from '@mantine/core';
import { useState } from 'react';
import { mgmtApi } from '../../api/mgmt-api.ts';
import { linkProps, navigate } from '../../app/router.ts';
import { useSession } from '../../app/session.tsx';
import { ConfirmButton } from '../../components/ConfirmButton.tsx';
import { Loading, ProblemAlert } from '../../components/ProblemAlert.tsx';
import { Section } from '../../components/Section.tsx';
import { useI18n } from '../../i18n/index.tsx';
import { useLoad } from '../../lib/action.ts';
import { formatInstant } from '../../lib/time.ts';
import type { DeviceDetail, Port } from './api.ts';
import { CollectorCard } from './CollectorCard.tsx';
import { CollectorForm } from './forms-collector.tsx';
import { DeviceForm, PortForm } from './forms-device.tsx';
import { formatMbps, useNetworkText } from './i18n.ts';
import { Fact } from '../../components/Fact.tsx';
import { DeviceStatusBadge, LoadBar, remove, RoleBadge, useNotice } from './parts.tsx';

type Dialog = { kind: 'edit' } | { kind: 'port'; port?: Port } | { kind: 'collector' } | null;

/**
 * /network?device=…: one device with its facts, ports and traffic collection, and the forms that
 * change them.
 */
export function DeviceDetailView({ id, created }: { id: string; created: boolean }) {
  const nt = useNetworkText();
  const { lang } = useI18n();
  const { can } = useSession();
  const manage = can('network.manage');
  const notice = useNotice();
  const [dialog, setDialog] = useState<Dialog>(null);
  const [showCreated, setShowCreated] = useState(created);
  const device = useLoad(
    (signal) => mgmtApi.GET('/api/v1/network/devices/{id}', { params: { path: { id } }, signal }),
    [id],
  );
  // 404: no collector configured (the card says so)
  const collector = useLoad(
    (signal) => mgmtApi.GET('/api/v1/devices/{id}/traffic-collector', { params: { path: { id } }, signal }),
    [id],
  );
  const done = (m: (t: typeof nt) => string) => {
    setDialog(null);
    notice.show(m);
    device.reload();
  };
  const collectorSaved = (interfacesDerived: number) => {
    setDialog(null);
    notice.show((t) => (interfacesDerived > 0 ? t.collector.derived(interfacesDerived) : t.saved));
    collector.reload();
  };
  const d: DeviceDetail | null = device.state.status === 'ready' ? device.state.data : null;
  return (
    <Stack gap="lg">
      <Anchor size="sm" {...linkProps('/network?tab=devices')}>
        ← {nt.back}
      </Anchor>
      {showCreated && !notice.view && d && (
        <Alert
          color="green"
          variant="light"
          withCloseButton
          onClose={() => setShowCreated(false)}
          role="status"
        >
          {nt.createdNotice(d.hostname)}
        </Alert>
      )}
      {notice.view}
      {device.state.status === 'loading' && <Loading />}
      {device.state.status === 'error' && <ProblemAlert problem={device.state.problem} />}
      {d && (
        <>
          <Group justify="space-between" align="flex-start">
            <div>
              <Title order={2} ff="monospace" data-testid="device-hostname">
                {d.hostname}
              </Title>
              <Group gap="xs" mt={4}>
                <RoleBadge role={d.role} />
                <DeviceStatusBadge status={d.status} />
                <Text size="sm" c="dimmed">
                  {d.pop.code} {lang === 'ja' ? d.pop.nameJa : d.pop.nameEn}
                </Text>
              </Group>
            </div>
            {manage && (
              <Group gap="xs">
                <Button size="compact-sm" variant="default" onClick={() => setDialog({ kind: 'edit' })}>
                  {nt.edit}
                </Button>
                <ConfirmButton
                  label={nt.remove}
                  color="red"
                  title={nt.remove}
                  message={`${nt.confirmDelete(d.hostname)} ${nt.deleteDeviceNote}`}
                  confirmLabel={nt.remove}
                  onConfirm={async () => {
                    const p = await remove(() =>
                      mgmtApi.DELETE('/api/v1/network/devices/{id}', { params: { path: { id } } }),
                    );
                    if (!p) navigate('/network?tab=devices');
                    return p;
                  }}
                />
              </Group>
            )}
          </Group>
          <Section title={nt.device}>
            <SimpleGrid cols={{ base: 1, sm: 2, md: 3 }} spacing="md" data-testid="device-facts">
              <Fact label={`${nt.vendor} / ${nt.model}`}>
                {d.vendor} {d.model}
              </Fact>
              <Fact label={nt.serial}>
                <Text ff="monospace" size="sm">
                  {d.serial}
                </Text>
              </Fact>
              <Fact label={nt.osVersion}>{d.osVersion}</Fact>
              <Fact label={nt.mgmtNetwork}>
                {d.mgmtNetwork.name} ({d.mgmtNetwork.prefix})
              </Fact>
              <Fact label={nt.mgmtAddress}>
                <Text ff="monospace" size="sm">
                  {d.mgmtAddress}
                </Text>
              </Fact>
              <Fact label={nt.underlayAddress}>
                <Text ff="monospace" size="sm">
                  {d.underlayAddress ?? '—'}
                </Text>
              </Fact>
              <Fact label={nt.driver}>
                <Group gap={6}>
                  <Text ff="monospace" size="sm">
                    {d.driver}
                  </Text>
                  {!d.driverInstalled && (
                    <Badge color="yellow" variant="light" size="sm">
                      {nt.driverMissing}
                    </Badge>
                  )}
                </Group>
              </Fact>
              <Fact label={nt.driverTarget}>
                <Code>{JSON.stringify(d.driverTarget)}</Code>
              </Fact>
              <Fact label={nt.updated}>{formatInstant(d.updatedAt)}</Fact>
            </SimpleGrid>
          </Section>
          <Group justify="space-between">
            <Title order={3} size="h4">
              {nt.ports}
            </Title>
            {manage && (
              <Button size="compact-sm" onClick={() => setDialog({ kind: 'port' })}>
                {nt.newPort}
              </Button>
            )}
          </Group>
          <PortsTable
            ports={d.ports}
            manage={manage}
            onEdit={(port) => setDialog({ kind: 'port', port })}
            onDeleted={(name) => done((t) => t.deleted(name))}
          />
          <CollectorCard
            state={collector.state}
            mgmtAddress={d.mgmtAddress}
            manage={manage}
            onEdit={() => setDialog({ kind: 'collector' })}
            onRetry={collector.reload}
          />
        </>
      )}
      <Modal
        opened={dialog !== null}
        onClose={() => setDialog(null)}
        size="lg"
        title={
          dialog?.kind === 'edit'
            ? nt.editDevice
            : dialog?.kind === 'collector'
              ? nt.collector.dialogTitle
              : dialog?.kind === 'port' && dialog.port
                ? nt.editPort
                : nt.newPort
        }
      >
        {d && dialog?.kind === 'edit' && <DeviceForm device={d} onDone={() => done((t) => t.saved)} />}
        {d && dialog?.kind === 'port' && (
          <PortForm
            deviceId={d.id}
            {...(dialog.port ? { port: dialog.port } : {})}
            onDone={(p) => done((t) => (dialog.port ? t.saved : t.createdNotice(p.name)))}
          />
        )}
        {d && dialog?.kind === 'collector' && (
          <CollectorForm
            deviceId={d.id}
            mgmtAddress={d.mgmtAddress}
            {...(collector.state.status === 'ready' ? { collector: collector.state.data.collector } : {})}
            onDone={(r) => collectorSaved(r.interfacesDerived)}
          />
        )}
      </Modal>
    </Stack>
  );
}

function PortsTable(props: {
  ports: Port[];
  manage: boolean;
  onEdit: (p: Port) => void;
  onDeleted: (name: string) => void;
}) {
  const nt = useNetworkText();
  if (props.ports.length === 0) return <Text c="dimmed">{nt.noPorts}</Text>;
  return (
    <Table.ScrollContainer minWidth={1000}>
      <Table striped data-testid="ports">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{nt.portName}</Table.Th>
            <Table.Th ta="right">{nt.capacity}</Table.Th>
            <Table.Th>{nt.portClass}</Table.Th>
            <Table.Th>{nt.purpose}</Table.Th>
            <Table.Th>
              {nt.contracted} / {nt.limit}
            </Table.Th>
            <Table.Th ta="right">{nt.connections}</Table.Th>
            <Table.Th>{nt.link}</Table.Th>
            <Table.Th>{nt.description}</Table.Th>
            {props.manage && <Table.Th />}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {props.ports.map((p) => (
            <Table.Tr key={p.id} data-port={p.name} data-port-id={p.id}>
              <Table.Td ff="monospace" style={{ whiteSpace: 'nowrap' }}>
                {p.name}
                {p.status === 'disabled' && (
                  <Badge ml={6} color="gray" variant="light" size="sm">
                    {nt.portStatuses.disabled}
                  </Badge>
                )}
              </Table.Td>
              <Table.Td ta="right" style={{ whiteSpace: 'nowrap' }}>
                {formatMbps(p.capacityMbps)}
              </Table.Td>
              <Table.Td ff="monospace">
                {p.classCode}{' '}
                <Text span size="xs" c="dimmed">
                  ×{p.oversubscription}
                </Text>
              </Table.Td>
              <Table.Td>{nt.purposes[p.purpose]}</Table.Td>
              <Table.Td>
                <LoadBar
                  contractedMbps={p.contractedMbps}
                  limitMbps={p.limitMbps}
                  thresholdPct={p.thresholdPct}
                />
              </Table.Td>
              <Table.Td ta="right">{p.connectionCount}</Table.Td>
              <Table.Td ff="monospace" style={{ whiteSpace: 'nowrap' }}>
                {p.link ? (
                  <Anchor {...linkProps(`/network?device=${encodeURIComponent(p.link.peer.deviceId)}`)}>
                    {p.link.peer.hostname} {p.link.peer.portName}
                  </Anchor>
                ) : (
                  <Text span c="dimmed" size="sm">
                    {nt.freePort}
                  </Text>
                )}
              </Table.Td>
              <Table.Td>
                <Text size="sm" lineClamp={2}>
                  {p.description}
                </Text>
              </Table.Td>
              {props.manage && (
                <Table.Td style={{ whiteSpace: 'nowrap' }}>
                  <Button size="compact-sm" variant="subtle" onClick={() => props.onEdit(p)}>
                    {nt.edit}
                  </Button>
                  <ConfirmButton
                    label={nt.remove}
                    color="red"
                    title={nt.remove}
                    message={nt.confirmDelete(p.name)}
                    confirmLabel={nt.remove}
                    onConfirm={async () => {
                      const r = await remove(() =>
                        mgmtApi.DELETE('/api/v1/network/ports/{id}', { params: { path: { id: p.id } } }),
                      );
                      if (!r) props.onDeleted(p.name);
                      return r;
                    }}
                  />
                </Table.Td>
              )}
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
