import { Alert, Anchor, Button, Card, Group, Modal, Stack, Table, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { mgmtApi } from '../../api/mgmt-api.ts';
import { linkProps } from '../../app/router.ts';
import { useSession } from '../../app/session.tsx';
import { Loading, ProblemAlert } from '../../components/ProblemAlert.tsx';
import { Section } from '../../components/Section.tsx';
import { useLoad } from '../../lib/action.ts';
import { formatInstant } from '../../lib/time.ts';
import { useServicesText, type ServicesText } from '../services/i18n.ts';
import { Bandwidth, LabelText, OptionsList, OwnerBadge, ServiceStatusBadge } from '../services/parts.tsx';
import {
  ContractForm,
  NEXT_STATUS,
  ServiceForm,
  TenantForm,
  TransitionForm,
  type ConsoleContract,
  type ConsoleService,
  type ContractStatus,
} from './forms.tsx';
import { useContractsText, type ContractsText } from './i18n.ts';

type Dialog =
  | { kind: 'rename' | 'contract' }
  | { kind: 'editContract' | 'addService'; contract: ConsoleContract }
  | { kind: 'editService'; contract: ConsoleContract; service: ConsoleService }
  | { kind: 'transition'; contract: ConsoleContract; to: ContractStatus }
  | null;

/** /tenants?id=…: one customer with its contracts and services, and the forms that change them. */
export function TenantDetailView({ id }: { id: string }) {
  const ct = useContractsText();
  const st = useServicesText();
  const { can } = useSession();
  const manage = can('tenants.manage');
  const tenant = useLoad((signal) =>
    mgmtApi.GET('/api/v1/tenants/{tenantId}', { params: { path: { tenantId: id } }, signal }),
  );
  const contracts = useLoad((signal) =>
    mgmtApi.GET('/api/v1/tenants/{tenantId}/contracts', { params: { path: { tenantId: id } }, signal }),
  );
  const [dialog, setDialog] = useState<Dialog>(null);
  // a function of the texts, so the notice follows a language switch
  const [notice, setNotice] = useState<((c: ContractsText, s: ServicesText) => string) | null>(null);
  const close = () => setDialog(null);
  const done = (message: (c: ContractsText, s: ServicesText) => string) => {
    setDialog(null);
    setNotice(() => message);
    tenant.reload();
    contracts.reload();
  };

  return (
    <Stack gap="lg">
      <Anchor size="sm" {...linkProps('/tenants')}>
        ← {ct.tenantBack}
      </Anchor>
      {notice && (
        <Alert color="green" variant="light" withCloseButton onClose={() => setNotice(null)} role="status">
          {notice(ct, st)}
        </Alert>
      )}
      {tenant.state.status === 'loading' && <Loading />}
      {tenant.state.status === 'error' && <ProblemAlert problem={tenant.state.problem} />}
      {tenant.state.status === 'ready' && (
        <Group justify="space-between" align="flex-start">
          <div>
            <Title order={2}>{tenant.state.data.name}</Title>
            <Text c="dimmed" ff="monospace" data-testid="tenant-code">
              {tenant.state.data.code}
            </Text>
            <Text size="sm" c="dimmed">
              {ct.tenantCreated}: {formatInstant(tenant.state.data.createdAt)}
            </Text>
          </div>
          <Group gap="xs">
            <ServiceStatusBadge status={tenant.state.data.status} />
            <OwnerBadge owner={tenant.state.data.owner} />
            {manage && (
              <Button size="compact-sm" variant="default" onClick={() => setDialog({ kind: 'rename' })}>
                {ct.rename}
              </Button>
            )}
          </Group>
        </Group>
      )}
      <Group justify="space-between">
        <Title order={3} size="h4">
          {ct.contracts}
        </Title>
        {manage && tenant.state.status === 'ready' && (
          <Button size="compact-sm" onClick={() => setDialog({ kind: 'contract' })}>
            {ct.newContract}
          </Button>
        )}
      </Group>
      {contracts.state.status === 'loading' && <Loading />}
      {contracts.state.status === 'error' && (
        <ProblemAlert problem={contracts.state.problem} onRetry={contracts.reload} />
      )}
      {contracts.state.status === 'ready' && contracts.state.data.length === 0 && (
        <Text c="dimmed">{ct.empty}</Text>
      )}
      {contracts.state.status === 'ready' &&
        contracts.state.data.map((c) => (
          <ContractCard key={c.id} c={c} manage={manage} onDialog={setDialog} />
        ))}

      <Modal
        opened={dialog !== null && dialog.kind !== 'transition'}
        onClose={close}
        size="lg"
        title={
          dialog?.kind === 'rename'
            ? ct.rename
            : dialog?.kind === 'contract'
              ? ct.newContract
              : dialog?.kind === 'editContract'
                ? ct.editContract
                : dialog?.kind === 'addService'
                  ? ct.addService
                  : dialog?.kind === 'editService'
                    ? ct.editService
                    : ''
        }
      >
        {dialog?.kind === 'rename' && tenant.state.status === 'ready' && (
          <TenantForm tenant={tenant.state.data} onDone={() => done((c) => c.renamed)} />
        )}
        {dialog?.kind === 'contract' && (
          <ContractForm tenantId={id} onDone={(k) => done((c) => c.contractCreated(k.number))} />
        )}
        {dialog?.kind === 'editContract' && (
          <ContractForm
            tenantId={id}
            contract={dialog.contract}
            onDone={() => done((c) => c.contractSaved)}
          />
        )}
        {dialog?.kind === 'addService' && (
          <ServiceForm
            contractId={dialog.contract.id}
            onDone={(sv) => done((c) => c.serviceCreated(sv.code))}
          />
        )}
        {dialog?.kind === 'editService' && (
          <ServiceForm
            contractId={dialog.contract.id}
            service={dialog.service}
            onDone={() => done((c) => c.serviceSaved)}
          />
        )}
      </Modal>
      <Modal opened={dialog?.kind === 'transition'} onClose={close} title={ct.transition} centered>
        {dialog?.kind === 'transition' && (
          <TransitionForm
            contract={dialog.contract}
            to={dialog.to}
            onCancel={close}
            onDone={(k) => done((c, s) => c.transitioned(k.number, s.statuses[k.status]))}
          />
        )}
      </Modal>
    </Stack>
  );
}

function ContractCard({
  c,
  manage,
  onDialog,
}: {
  c: ConsoleContract;
  manage: boolean;
  onDialog: (d: Exclude<Dialog, null>) => void;
}) {
  const ct = useContractsText();
  const st = useServicesText();
  const open = c.status !== 'terminated' && c.status !== 'erased';
  return (
    <Card withBorder radius="md" padding="md" data-testid="console-contract" data-contract={c.number}>
      <Group justify="space-between" align="flex-start" mb="xs">
        <div>
          <Title order={4} ff="monospace">
            {c.number}
          </Title>
          <Text size="sm" c="dimmed">
            {ct.period}: {ct.periodText(c.startDate, c.endDate)}
          </Text>
        </div>
        <Group gap="xs">
          <ServiceStatusBadge status={c.status} />
          <OwnerBadge owner={c.owner} />
        </Group>
      </Group>
      {manage && (
        <Group gap="xs" mb="sm">
          {NEXT_STATUS[c.status].map((to) => (
            <Button
              key={to}
              size="compact-sm"
              variant="light"
              color={to === 'active' ? 'blue' : 'red'}
              onClick={() => onDialog({ kind: 'transition', contract: c, to })}
            >
              {ct.transitions[to]}
            </Button>
          ))}
          {c.status !== 'erased' && (
            <Button
              size="compact-sm"
              variant="default"
              onClick={() => onDialog({ kind: 'editContract', contract: c })}
            >
              {ct.editContract}
            </Button>
          )}
          {c.status === 'active' && (
            <Button size="compact-sm" onClick={() => onDialog({ kind: 'addService', contract: c })}>
              {ct.addService}
            </Button>
          )}
        </Group>
      )}
      {c.services.length === 0 ? (
        <Text size="sm" c="dimmed">
          {ct.noServices}
        </Text>
      ) : (
        <Section title={ct.services(c.services.length)} lead={ct.labelNote}>
          <Table.ScrollContainer minWidth={760}>
            <Table data-testid="console-services">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{st.code}</Table.Th>
                  <Table.Th>{st.label}</Table.Th>
                  <Table.Th>{st.type}</Table.Th>
                  <Table.Th ta="right">{st.bandwidth}</Table.Th>
                  <Table.Th>{st.options}</Table.Th>
                  {manage && open && <Table.Th />}
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {c.services.map((s) => (
                  <Table.Tr key={s.id}>
                    <Table.Td ff="monospace" style={{ whiteSpace: 'nowrap' }}>
                      {s.code}
                    </Table.Td>
                    <Table.Td maw={240}>
                      <LabelText text={s.label.text} />
                    </Table.Td>
                    <Table.Td>{st.types[s.type] ?? s.type}</Table.Td>
                    <Table.Td ta="right" style={{ whiteSpace: 'nowrap' }}>
                      <Bandwidth mbps={s.bandwidthMbps} />
                    </Table.Td>
                    <Table.Td>
                      <OptionsList options={s.options} compact />
                    </Table.Td>
                    {manage && open && (
                      <Table.Td ta="right">
                        <Button
                          size="compact-sm"
                          variant="subtle"
                          onClick={() => onDialog({ kind: 'editService', contract: c, service: s })}
                        >
                          {ct.editService}
                        </Button>
                      </Table.Td>
                    )}
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        </Section>
      )}
    </Card>
  );
}
