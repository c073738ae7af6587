import {
  Alert,
  Badge,
  Button,
  Group,
  Menu,
  Modal,
  Select,
  Stack,
  Table,
  Text,
  TextInput,
} from '@mantine/core';
import { useState } from 'react';
import { asProblem } from '../../api/client.ts';
import { mgmtApi, type Staff } from '../../api/mgmt-api.ts';
import { usePrincipal } from '../../app/session.tsx';
import { ConfirmDialog } from '../../components/ConfirmButton.tsx';
import { Loading, ProblemAlert } from '../../components/ProblemAlert.tsx';
import { PageTitle } from '../../components/Section.tsx';
import { StatusBadge } from '../../components/StatusBadge.tsx';
import { useI18n } from '../../i18n/index.tsx';
import { useAction, useLoad } from '../../lib/action.ts';
import { formatInstant } from '../../lib/time.ts';

const ROLES = ['noc', 'security', 'admin'] as const;
type Role = (typeof ROLES)[number];
type Dialog = { kind: 'invite' } | { kind: 'edit' | 'delete'; member: Staff } | null;

/** Provider staff of the management console: invite, re-role, delete (provider administrators). */
export default function StaffPage() {
  const { t } = useI18n();
  const me = usePrincipal();
  const staff = useLoad((signal) => mgmtApi.GET('/api/v1/staff', { signal }));
  const [dialog, setDialog] = useState<Dialog>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const close = () => setDialog(null);
  const done = (message: string) => {
    setNotice(message);
    staff.reload();
  };

  return (
    <Stack gap="lg">
      <Group justify="space-between" align="flex-end">
        <PageTitle title={t.staff.title} lead={t.staff.lead} />
        <Button onClick={() => setDialog({ kind: 'invite' })}>{t.staff.invite}</Button>
      </Group>
      {notice && (
        <Alert color="green" variant="light" withCloseButton onClose={() => setNotice(null)} role="status">
          {notice}
        </Alert>
      )}
      {staff.state.status === 'loading' && <Loading />}
      {staff.state.status === 'error' && (
        <ProblemAlert problem={staff.state.problem} onRetry={staff.reload} />
      )}
      {staff.state.status === 'ready' && (
        <Table.ScrollContainer minWidth={760}>
          <Table striped highlightOnHover data-testid="staff">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t.staff.name}</Table.Th>
                <Table.Th>{t.staff.role}</Table.Th>
                <Table.Th>{t.staff.mfa}</Table.Th>
                <Table.Th>{t.staff.lastLogin}</Table.Th>
                <Table.Th>{t.staff.status}</Table.Th>
                <Table.Th />
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {staff.state.data.length === 0 && (
                <Table.Tr>
                  <Table.Td colSpan={6}>{t.staff.empty}</Table.Td>
                </Table.Tr>
              )}
              {staff.state.data.map((m) => (
                <Table.Tr key={m.id}>
                  <Table.Td>
                    <Text size="sm" fw={500}>
                      {m.name}{' '}
                      {m.id === me.id && (
                        <Badge size="xs" variant="light">
                          {t.users.you}
                        </Badge>
                      )}
                    </Text>
                    <Text size="xs" c="dimmed">
                      {m.email}
                    </Text>
                  </Table.Td>
                  <Table.Td>{t.staffRoles[m.role] ?? m.role}</Table.Td>
                  <Table.Td>
                    <Badge color={m.mfaEnrolled ? 'green' : 'gray'} variant="light">
                      {m.mfaEnrolled ? t.users.mfaTotp : t.users.mfaNone}
                    </Badge>
                  </Table.Td>
                  <Table.Td style={{ whiteSpace: 'nowrap' }}>
                    {m.lastLoginAt ? formatInstant(m.lastLoginAt) : t.common.never}
                  </Table.Td>
                  <Table.Td>
                    <StatusBadge status={m.status} />
                  </Table.Td>
                  <Table.Td ta="right">
                    <Menu position="bottom-end">
                      <Menu.Target>
                        <Button
                          size="compact-sm"
                          variant="default"
                          aria-label={`${t.common.actions}: ${m.name}`}
                        >
                          {t.common.actions}
                        </Button>
                      </Menu.Target>
                      <Menu.Dropdown>
                        <Menu.Item onClick={() => setDialog({ kind: 'edit', member: m })}>
                          {t.staff.edit}
                        </Menu.Item>
                        <Menu.Divider />
                        <Menu.Item color="red" onClick={() => setDialog({ kind: 'delete', member: m })}>
                          {t.common.delete}
                        </Menu.Item>
                      </Menu.Dropdown>
                    </Menu>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      <Modal
        opened={dialog?.kind === 'invite' || dialog?.kind === 'edit'}
        onClose={close}
        title={dialog?.kind === 'edit' ? `${t.staff.edit}: ${dialog.member.name}` : t.staff.invite}
        size="lg"
      >
        {(dialog?.kind === 'invite' || dialog?.kind === 'edit') && (
          <StaffForm
            {...(dialog.kind === 'edit' ? { member: dialog.member } : {})}
            onDone={(m) => {
              close();
              done(dialog.kind === 'edit' ? t.staff.updated : t.staff.invited(m.email));
            }}
          />
        )}
      </Modal>
      <ConfirmDialog
        opened={dialog?.kind === 'delete'}
        onClose={close}
        title={t.staff.deleteTitle}
        message={dialog?.kind === 'delete' ? t.staff.deleteConfirm(dialog.member.name) : ''}
        confirmLabel={t.common.delete}
        color="red"
        onConfirm={async () => {
          if (dialog?.kind !== 'delete') return null;
          const { error, response } = await mgmtApi.DELETE('/api/v1/staff/{id}', {
            params: { path: { id: dialog.member.id } },
          });
          if (!response.ok) return asProblem(error, response.status);
          done(t.staff.deleted);
          return null;
        }}
      />
    </Stack>
  );
}

function StaffForm({ member, onDone }: { member?: Staff; onDone: (m: Staff) => void }) {
  const { t } = useI18n();
  const [email, setEmail] = useState('');
  const [name, setName] = useState('');
  const [role, setRole] = useState<Role>(member?.role ?? 'noc');
  const [training, setTraining] = useState(member?.trainingAcknowledgedOn ?? '');
  const { busy, problem, run, fieldError } = useAction();
  const trainingAcknowledgedOn = training || null;

  const submit = async () => {
    const r = member
      ? await run(() =>
          mgmtApi.PATCH('/api/v1/staff/{id}', {
            params: { path: { id: member.id } },
            body: { role, trainingAcknowledgedOn },
          }),
        )
      : await run(() =>
          mgmtApi.POST('/api/v1/staff', { body: { email, name, role, trainingAcknowledgedOn } }),
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
        {!member && (
          <>
            <TextInput
              label={t.staff.email}
              type="email"
              value={email}
              onChange={(e) => setEmail(e.currentTarget.value)}
              error={fieldError('email')}
              required
              maxLength={254}
            />
            <TextInput
              label={t.staff.name}
              value={name}
              onChange={(e) => setName(e.currentTarget.value)}
              error={fieldError('name')}
              required
              maxLength={200}
            />
          </>
        )}
        <Select
          label={t.staff.role}
          data={ROLES.map((r) => ({ value: r, label: t.staffRoles[r]! }))}
          value={role}
          onChange={(v) => v && setRole(v)}
          allowDeselect={false}
          error={fieldError('role')}
          description={t.staffRoleHelp[role]}
        />
        <TextInput
          type="date"
          label={t.staff.training}
          value={training}
          onChange={(e) => setTraining(e.currentTarget.value)}
          error={fieldError('trainingAcknowledgedOn')}
          w={220}
        />
        <ProblemAlert problem={problem} />
        <Group justify="flex-end">
          <Button type="submit" loading={busy}>
            {member ? t.common.save : t.staff.invite}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
