import { Alert, Badge, Button, Group, Modal, Stack, Table, Text } from '@mantine/core';
import { useState } from 'react';
import { api, type MySession } from '../../api/common.ts';
import { usePlane } from '../../app/plane.ts';
import { usePrincipal, useSession } from '../../app/session.tsx';
import { ConfirmButton } from '../../components/ConfirmButton.tsx';
import { Loading, ProblemAlert } from '../../components/ProblemAlert.tsx';
import { PageTitle, Section } from '../../components/Section.tsx';
import { useI18n } from '../../i18n/index.tsx';
import { asProblem } from '../../api/client.ts';
import { useLoad } from '../../lib/action.ts';
import { formatInstant } from '../../lib/time.ts';
import { ChangePasswordForm } from '../identity/ChangePasswordForm.tsx';
import { PasskeyManagerSlot } from '../identity/passkey-slots.tsx';
import { RecoveryCodes } from '../identity/RecoveryCodes.tsx';
import { TotpEnrolment } from '../identity/TotpEnrolment.tsx';

/** The signed-in user's own account: password, second factors, recovery codes and sessions. */
export default function AccountPage() {
  const { t } = useI18n();
  const { plane } = usePlane();
  const { refresh } = useSession();
  const p = usePrincipal();
  const roleName = (plane === 'mgmt' ? t.staffRoles : t.roles)[p.role] ?? p.role;
  return (
    <Stack gap="lg">
      <PageTitle title={t.account.title} />
      <Section title={t.account.profile}>
        <Table variant="vertical" layout="fixed" withRowBorders={false}>
          <Table.Tbody>
            <Row label={t.account.name} value={p.name} />
            <Row label={t.account.login} value={p.login} />
            <Row label={t.account.email} value={p.email} />
            <Row label={t.account.role} value={roleName} />
            {p.tenant && <Row label={t.account.tenant} value={p.tenant.name} />}
          </Table.Tbody>
        </Table>
      </Section>
      <Section title={t.account.password}>
        {/* The password change rotates the session: reload it for the new CSRF token and state. */}
        <ChangePasswordForm onChanged={() => void refresh()} />
      </Section>
      <SecondFactor />
      <Section title={t.account.passkeys}>
        {/* PASSKEY SLOT: <PasskeyManager /> of web/src/features/passkeys/. */}
        <PasskeyManagerSlot />
      </Section>
      <Sessions />
    </Stack>
  );
}

function Row({ label, value }: { label: string; value: string }) {
  return (
    <Table.Tr>
      <Table.Th w="30%">{label}</Table.Th>
      <Table.Td style={{ overflowWrap: 'anywhere' }}>{value}</Table.Td>
    </Table.Tr>
  );
}

function SecondFactor() {
  const { t } = useI18n();
  const { info, refresh } = useSession();
  const mfa = info!.mfa;
  const [enrolling, setEnrolling] = useState(false);
  const [codes, setCodes] = useState<string[] | null>(null);

  const regenerate = async () => {
    const { data, error, response } = await api.POST('/api/v1/me/mfa/recovery-codes');
    if (!data) return asProblem(error, response.status);
    setCodes(data.recoveryCodes);
    return null;
  };

  return (
    <Section title={t.account.mfa} lead={t.enrol.lead}>
      <Group justify="space-between">
        <Group gap="xs">
          <Text fw={500}>{t.account.totp}</Text>
          <Badge color={mfa.totp ? 'green' : 'gray'} variant="light" data-testid="totp-status">
            {mfa.totp ? t.account.totpOn : t.account.totpOff}
          </Badge>
        </Group>
        <Button variant={mfa.totp ? 'default' : 'filled'} size="xs" onClick={() => setEnrolling(true)}>
          {mfa.totp ? t.account.totpReenrol : t.account.totpEnrol}
        </Button>
      </Group>
      {(mfa.totp || mfa.recoveryCodesLeft > 0) && (
        <Group justify="space-between">
          <Text size="sm">{t.account.recoveryLeft(mfa.recoveryCodesLeft)}</Text>
          <ConfirmButton
            label={t.account.recoveryRegenerate}
            variant="default"
            size="xs"
            title={t.account.recoveryRegenerate}
            message={t.account.recoveryRegenerateConfirm}
            confirmLabel={t.account.recoveryRegenerate}
            onConfirm={regenerate}
          />
        </Group>
      )}
      <Modal
        opened={enrolling}
        onClose={() => setEnrolling(false)}
        title={mfa.totp ? t.account.totpReenrol : t.account.totpEnrol}
        size="lg"
      >
        {enrolling && (
          <Stack>
            {mfa.totp && (
              <Alert color="blue" variant="light">
                {t.enrol.reenrolLead}
              </Alert>
            )}
            <TotpEnrolment
              onConfirmed={(recovery) => {
                setEnrolling(false);
                if (recovery.length) setCodes(recovery);
                void refresh();
              }}
            />
          </Stack>
        )}
      </Modal>
      <Modal
        opened={codes !== null}
        onClose={() => undefined}
        withCloseButton={false}
        closeOnClickOutside={false}
        closeOnEscape={false}
        title={t.recovery.title}
        size="lg"
      >
        {codes && (
          <RecoveryCodes
            codes={codes}
            onDone={() => {
              setCodes(null);
              void refresh();
            }}
          />
        )}
      </Modal>
    </Section>
  );
}

/** A short, readable form of a user agent: browser and system. */
function describeAgent(ua: string | null): string {
  if (!ua) return '—';
  const browser =
    /(Edg|OPR|Firefox|Chrome|HeadlessChrome|Safari)\/(\d+)/.exec(ua) ?? /(curl|node)[/ ](\S+)/i.exec(ua);
  const os = /(Windows|Mac OS X|Android|iPhone|iPad|Linux)/.exec(ua)?.[1];
  if (!browser) return ua.slice(0, 40);
  const name = browser[1] === 'Edg' ? 'Edge' : browser[1] === 'OPR' ? 'Opera' : browser[1];
  return `${name} ${browser[2]}${os ? ` / ${os.replace('Mac OS X', 'macOS')}` : ''}`;
}

function Sessions() {
  const { t } = useI18n();
  const { state, reload } = useLoad((signal) => api.GET('/api/v1/me/sessions', { signal }));
  const revoke = async (s: MySession) => {
    const { error, response } = await api.DELETE('/api/v1/me/sessions/{id}', {
      params: { path: { id: s.id } },
    });
    if (!response.ok) return asProblem(error, response.status);
    reload();
    return null;
  };
  return (
    <Section title={t.account.sessions} lead={t.account.sessionsLead}>
      {state.status === 'loading' && <Loading />}
      {state.status === 'error' && <ProblemAlert problem={state.problem} onRetry={reload} />}
      {state.status === 'ready' && (
        <Table.ScrollContainer minWidth={720}>
          <Table striped data-testid="my-sessions">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t.account.started}</Table.Th>
                <Table.Th>{t.account.lastSeen}</Table.Th>
                <Table.Th>{t.account.expires}</Table.Th>
                <Table.Th>{t.account.ip}</Table.Th>
                <Table.Th>{t.account.browser}</Table.Th>
                <Table.Th />
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {state.data.map((s) => (
                <Table.Tr key={s.id}>
                  <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatInstant(s.createdAt)}</Table.Td>
                  <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatInstant(s.lastSeenAt)}</Table.Td>
                  <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatInstant(s.expiresAt)}</Table.Td>
                  <Table.Td ff="monospace">{s.ip ?? '—'}</Table.Td>
                  <Table.Td title={s.userAgent ?? undefined}>{describeAgent(s.userAgent)}</Table.Td>
                  <Table.Td ta="right">
                    {s.current ? (
                      <Badge variant="light">{t.account.thisSession}</Badge>
                    ) : (
                      <ConfirmButton
                        label={t.account.revoke}
                        color="red"
                        title={t.account.revoke}
                        message={`${describeAgent(s.userAgent)} ${s.ip ?? ''} — ${formatInstant(s.lastSeenAt)}`}
                        confirmLabel={t.account.revoke}
                        onConfirm={() => revoke(s)}
                      />
                    )}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </Section>
  );
}
