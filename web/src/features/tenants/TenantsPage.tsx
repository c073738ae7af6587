import { Alert, Anchor, Badge, Button, Group, Modal, Stack, Table, Text, TextInput } from '@mantine/core';
import { useState } from 'react';
import { mgmtApi, type Tenant } from '../../api/mgmt-api.ts';
import { linkProps, navigate, useSearch } from '../../app/router.ts';
import { useSession } from '../../app/session.tsx';
import { Loading, ProblemAlert } from '../../components/ProblemAlert.tsx';
import { PageTitle } from '../../components/Section.tsx';
import { useI18n } from '../../i18n/index.tsx';
import { useAction, useLoad } from '../../lib/action.ts';
import { TenantForm } from '../contracts/forms.tsx';
import { useContractsText } from '../contracts/i18n.ts';
import { TenantDetailView } from '../contracts/TenantDetail.tsx';

/** /tenants: the customer list; /tenants?id=…: one customer with its contracts and services. */
export default function TenantsPage() {
  const id = new URLSearchParams(useSearch()).get('id');
  return id ? <TenantDetailView key={id} id={id} /> : <TenantList />;
}

/** Customer tenants (staff reads are audited by the server) and the creation of a first administrator. */
function TenantList() {
  const { t } = useI18n();
  const ct = useContractsText();
  const [creating, setCreating] = useState(false);
  const { can } = useSession();
  const tenants = useLoad((signal) => mgmtApi.GET('/api/v1/tenants', { signal }));
  const [target, setTarget] = useState<Tenant | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const manage = can('tenants.manage');

  return (
    <Stack gap="lg">
      <Group justify="space-between" align="flex-end">
        <PageTitle title={t.tenants.title} lead={t.tenants.lead} />
        {manage && <Button onClick={() => setCreating(true)}>{ct.newTenant}</Button>}
      </Group>
      {notice && (
        <Alert color="green" variant="light" withCloseButton onClose={() => setNotice(null)} role="status">
          {notice}
        </Alert>
      )}
      {tenants.state.status === 'loading' && <Loading />}
      {tenants.state.status === 'error' && (
        <ProblemAlert problem={tenants.state.problem} onRetry={tenants.reload} />
      )}
      {tenants.state.status === 'ready' && (
        <Table.ScrollContainer minWidth={640}>
          <Table striped data-testid="tenants">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t.tenants.code}</Table.Th>
                <Table.Th>{t.tenants.name}</Table.Th>
                <Table.Th>{t.tenants.status}</Table.Th>
                <Table.Th ta="right">{t.tenants.users}</Table.Th>
                <Table.Th ta="right">{t.tenants.admins}</Table.Th>
                {manage && <Table.Th />}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {tenants.state.data.length === 0 && (
                <Table.Tr>
                  <Table.Td colSpan={6}>{t.tenants.empty}</Table.Td>
                </Table.Tr>
              )}
              {tenants.state.data.map((tn) => (
                <Table.Tr key={tn.id}>
                  <Table.Td ff="monospace">{tn.code}</Table.Td>
                  <Table.Td>
                    <Anchor {...linkProps(`/tenants?id=${encodeURIComponent(tn.id)}`)}>{tn.name}</Anchor>
                  </Table.Td>
                  <Table.Td>
                    <Badge variant="light" color={tn.status === 'active' ? 'green' : 'gray'}>
                      {t.tenants.statuses[tn.status] ?? tn.status}
                    </Badge>
                  </Table.Td>
                  <Table.Td ta="right">{tn.userCount}</Table.Td>
                  <Table.Td ta="right">{tn.adminCount}</Table.Td>
                  {manage && (
                    <Table.Td ta="right">
                      <Button
                        size="compact-sm"
                        variant={tn.adminCount === 0 ? 'filled' : 'default'}
                        onClick={() => setTarget(tn)}
                      >
                        {t.tenants.createAdmin}
                      </Button>
                    </Table.Td>
                  )}
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      <Modal opened={creating} onClose={() => setCreating(false)} title={ct.newTenant} size="lg">
        {creating && <TenantForm onDone={(tn) => navigate(`/tenants?id=${encodeURIComponent(tn.id)}`)} />}
      </Modal>
      <Modal
        opened={target !== null}
        onClose={() => setTarget(null)}
        title={target ? t.tenants.createAdminTitle(target.name) : ''}
        size="lg"
      >
        {target && (
          <AdminForm
            tenant={target}
            onDone={(email) => {
              setTarget(null);
              setNotice(t.tenants.adminCreated(email));
              tenants.reload();
            }}
          />
        )}
      </Modal>
    </Stack>
  );
}

function AdminForm({ tenant, onDone }: { tenant: Tenant; onDone: (email: string) => void }) {
  const { t } = useI18n();
  const [email, setEmail] = useState('');
  const [name, setName] = useState('');
  const [login, setLogin] = useState('');
  const { busy, problem, run, fieldError } = useAction();
  const submit = async () => {
    const r = await run(() =>
      mgmtApi.POST('/api/v1/tenants/{tenantId}/admins', {
        params: { path: { tenantId: tenant.id } },
        body: { email, name, ...(login.trim() ? { login: login.trim() } : {}) },
      }),
    );
    if (r) onDone(r.data.email);
  };
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      <Stack>
        <Text size="sm" c="dimmed">
          {t.users.inviteLead}
        </Text>
        <TextInput
          label={t.users.email}
          type="email"
          value={email}
          onChange={(e) => setEmail(e.currentTarget.value)}
          error={fieldError('email')}
          required
          maxLength={254}
        />
        <TextInput
          label={t.users.name}
          value={name}
          onChange={(e) => setName(e.currentTarget.value)}
          error={fieldError('name')}
          required
          maxLength={200}
        />
        <TextInput
          label={t.users.login}
          description={t.users.loginHelp}
          value={login}
          onChange={(e) => setLogin(e.currentTarget.value)}
          error={fieldError('login')}
          maxLength={254}
        />
        <ProblemAlert problem={problem} />
        <Group justify="flex-end">
          <Button type="submit" loading={busy}>
            {t.tenants.createAdmin}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
