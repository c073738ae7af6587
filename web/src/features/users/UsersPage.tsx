import {
  Alert,
  Badge,
  Button,
  Group,
  Menu,
  Modal,
  MultiSelect,
  Select,
  Stack,
  Table,
  Text,
  TextInput,
} from '@mantine/core';
import { useState } from 'react';
import { asProblem } from '../../api/client.ts';
import { portalApi, type Service, type User } from '../../api/portal-api.ts';
import { usePrincipal, useSession } from '../../app/session.tsx';
import { ConfirmDialog } from '../../components/ConfirmButton.tsx';
import { StatusBadge } from '../../components/StatusBadge.tsx';
import { Loading, ProblemAlert } from '../../components/ProblemAlert.tsx';
import { PageTitle } from '../../components/Section.tsx';
import { useI18n } from '../../i18n/index.tsx';
import { useAction, useLoad } from '../../lib/action.ts';
import { serviceOptions } from '../../lib/services.ts';
import { formatInstant } from '../../lib/time.ts';

const ROLES = ['admin', 'operator', 'viewer'] as const;
type Role = (typeof ROLES)[number];

type Dialog = { kind: 'invite' } | { kind: 'edit' | 'delete' | 'reissue' | 'sessions'; user: User } | null;

/** The tenant's users: roles, service scope, second factor, last login (administrators). */
export default function UsersPage() {
  const { t } = useI18n();
  const { can } = useSession();
  const me = usePrincipal();
  const manage = can('users.manage');
  const users = useLoad((signal) => portalApi.GET('/api/v1/users', { signal }));
  // The tenant's services, to name them and to offer a subset; without them the subset control stays hidden.
  const services = useLoad((signal) => portalApi.GET('/api/v1/services', { signal }));
  const serviceList = services.state.status === 'ready' ? services.state.data : null;
  const [dialog, setDialog] = useState<Dialog>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const close = () => setDialog(null);
  const done = (message: string) => {
    setNotice(message);
    users.reload();
    return null;
  };

  const scopeText = (u: User) => {
    if (u.serviceScope === null) return t.users.allServices;
    const names = u.serviceScope.map((id) => serviceList?.find((s) => s.id === id)?.code ?? id.slice(0, 8));
    return names.join(', ') || t.users.scopeCount(0);
  };

  const act = async (call: () => Promise<{ error?: unknown; response: Response }>, message: string) => {
    const { error, response } = await call();
    if (!response.ok) return asProblem(error, response.status);
    return done(message);
  };

  return (
    <Stack gap="lg">
      <Group justify="space-between" align="flex-end">
        <PageTitle title={t.users.title} lead={t.users.lead} />
        {manage && <Button onClick={() => setDialog({ kind: 'invite' })}>{t.users.invite}</Button>}
      </Group>
      {notice && (
        <Alert color="green" variant="light" withCloseButton onClose={() => setNotice(null)} role="status">
          {notice}
        </Alert>
      )}
      {users.state.status === 'loading' && <Loading />}
      {users.state.status === 'error' && (
        <ProblemAlert problem={users.state.problem} onRetry={users.reload} />
      )}
      {users.state.status === 'ready' && (
        <Table.ScrollContainer minWidth={860}>
          <Table striped highlightOnHover data-testid="users">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t.users.name}</Table.Th>
                <Table.Th>{t.users.role}</Table.Th>
                <Table.Th>{t.users.scope}</Table.Th>
                <Table.Th>{t.users.mfa}</Table.Th>
                <Table.Th>{t.users.lastLogin}</Table.Th>
                <Table.Th>{t.users.status}</Table.Th>
                {manage && <Table.Th />}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {users.state.data.length === 0 && (
                <Table.Tr>
                  <Table.Td colSpan={7}>{t.users.empty}</Table.Td>
                </Table.Tr>
              )}
              {users.state.data.map((u) => (
                <Table.Tr key={u.id}>
                  <Table.Td>
                    <Text size="sm" fw={500}>
                      {u.name}{' '}
                      {u.id === me.id && (
                        <Badge size="xs" variant="light">
                          {t.users.you}
                        </Badge>
                      )}
                    </Text>
                    <Text size="xs" c="dimmed">
                      {u.login}
                      {u.email !== u.login && ` · ${u.email}`}
                    </Text>
                  </Table.Td>
                  <Table.Td>{t.roles[u.role] ?? u.role}</Table.Td>
                  <Table.Td>{scopeText(u)}</Table.Td>
                  <Table.Td>
                    <Badge color={u.mfaEnrolled ? 'green' : 'gray'} variant="light">
                      {u.mfaEnrolled ? t.users.mfaTotp : t.users.mfaNone}
                    </Badge>
                  </Table.Td>
                  <Table.Td style={{ whiteSpace: 'nowrap' }}>
                    {u.lastLoginAt ? formatInstant(u.lastLoginAt) : t.common.never}
                  </Table.Td>
                  <Table.Td>
                    <StatusBadge status={u.status} />
                  </Table.Td>
                  {manage && (
                    <Table.Td ta="right">
                      <Menu position="bottom-end" withinPortal>
                        <Menu.Target>
                          <Button
                            size="compact-sm"
                            variant="default"
                            aria-label={`${t.common.actions}: ${u.name}`}
                          >
                            {t.common.actions}
                          </Button>
                        </Menu.Target>
                        <Menu.Dropdown>
                          <Menu.Item onClick={() => setDialog({ kind: 'edit', user: u })}>
                            {t.users.edit}
                          </Menu.Item>
                          <Menu.Item onClick={() => setDialog({ kind: 'reissue', user: u })}>
                            {t.users.reissue}
                          </Menu.Item>
                          <Menu.Item onClick={() => setDialog({ kind: 'sessions', user: u })}>
                            {t.users.endSessions}
                          </Menu.Item>
                          <Menu.Divider />
                          <Menu.Item color="red" onClick={() => setDialog({ kind: 'delete', user: u })}>
                            {t.users.delete}
                          </Menu.Item>
                        </Menu.Dropdown>
                      </Menu>
                    </Table.Td>
                  )}
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}

      <Modal opened={dialog?.kind === 'invite'} onClose={close} title={t.users.invite} size="lg">
        {dialog?.kind === 'invite' && (
          <UserForm
            services={serviceList}
            onDone={(u) => {
              close();
              done(t.users.invited(u.email));
            }}
          />
        )}
      </Modal>
      <Modal
        opened={dialog?.kind === 'edit'}
        onClose={close}
        title={dialog?.kind === 'edit' ? t.users.editTitle(dialog.user.name) : ''}
        size="lg"
      >
        {dialog?.kind === 'edit' && (
          <UserForm
            user={dialog.user}
            services={serviceList}
            onDone={() => {
              close();
              done(t.users.updated);
            }}
          />
        )}
      </Modal>
      <ConfirmDialog
        opened={dialog?.kind === 'delete'}
        onClose={close}
        title={t.users.deleteTitle}
        message={dialog && dialog.kind !== 'invite' ? t.users.deleteConfirm(dialog.user.name) : ''}
        confirmLabel={t.users.delete}
        color="red"
        onConfirm={() =>
          act(
            () =>
              portalApi.DELETE('/api/v1/users/{id}', {
                params: { path: { id: (dialog as { user: User }).user.id } },
              }),
            t.users.deleted,
          )
        }
      />
      <ConfirmDialog
        opened={dialog?.kind === 'reissue'}
        onClose={close}
        title={t.users.reissue}
        message={dialog && dialog.kind !== 'invite' ? t.users.reissueConfirm(dialog.user.name) : ''}
        confirmLabel={t.users.reissue}
        onConfirm={() =>
          act(
            () =>
              portalApi.POST('/api/v1/users/{id}/password-reset', {
                params: { path: { id: (dialog as { user: User }).user.id } },
              }),
            t.users.reissued,
          )
        }
      />
      <ConfirmDialog
        opened={dialog?.kind === 'sessions'}
        onClose={close}
        title={t.users.endSessions}
        message={dialog && dialog.kind !== 'invite' ? t.users.endSessionsConfirm(dialog.user.name) : ''}
        confirmLabel={t.users.endSessions}
        onConfirm={() =>
          act(
            () =>
              portalApi.POST('/api/v1/users/{id}/sessions/revoke', {
                params: { path: { id: (dialog as { user: User }).user.id } },
              }),
            t.users.sessionsEnded,
          )
        }
      />
    </Stack>
  );
}

/** Invite (no `user`) or change role and service scope (with `user`). */
function UserForm({
  user,
  services,
  onDone,
}: {
  user?: User;
  services: Service[] | null;
  onDone: (u: User) => void;
}) {
  const { t } = useI18n();
  const [email, setEmail] = useState('');
  const [name, setName] = useState('');
  const [login, setLogin] = useState('');
  const [role, setRole] = useState<Role>(user?.role ?? 'viewer');
  const [scope, setScope] = useState<string[]>(user?.serviceScope ?? []);
  const { busy, problem, run, fieldError } = useAction();
  const serviceIds = scope.length ? scope : null;

  const submit = async () => {
    const r = user
      ? await run(() =>
          portalApi.PATCH('/api/v1/users/{id}', {
            params: { path: { id: user.id } },
            body: { role, serviceIds },
          }),
        )
      : await run(() =>
          portalApi.POST('/api/v1/users', {
            body: { email, name, role, serviceIds, ...(login.trim() ? { login: login.trim() } : {}) },
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
        {!user && (
          <>
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
          </>
        )}
        <Select
          label={t.users.role}
          data={ROLES.map((r) => ({ value: r, label: t.roles[r]! }))}
          value={role}
          onChange={(v) => v && setRole(v)}
          allowDeselect={false}
          error={fieldError('role')}
          description={t.roleHelp[role]}
          comboboxProps={{ withinPortal: true }}
        />
        {services && services.length > 0 && (
          <MultiSelect
            label={t.users.scopeLabel}
            description={t.users.scopeHelp}
            placeholder={scope.length ? undefined : t.users.allServices}
            data={serviceOptions(services)}
            value={scope}
            onChange={setScope}
            error={fieldError('serviceIds')}
            searchable
            clearable
            comboboxProps={{ withinPortal: true }}
          />
        )}
        <ProblemAlert problem={problem} />
        <Group justify="flex-end">
          <Button type="submit" loading={busy}>
            {user ? t.common.save : t.users.invite}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
