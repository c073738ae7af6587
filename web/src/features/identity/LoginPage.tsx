import { Alert, Anchor, Button, Divider, Group, PasswordInput, Stack, Text, TextInput } from '@mantine/core';
import { useEffect, useState } from 'react';
import { api } from '../../api/common.ts';
import { linkProps, navigate } from '../../app/router.ts';
import { takeAfterLogin, useSession } from '../../app/session.tsx';
import { ProblemAlert } from '../../components/ProblemAlert.tsx';
import { useI18n } from '../../i18n/index.tsx';
import { useAction } from '../../lib/action.ts';
import { AuthCard } from './AuthCard.tsx';
import { CodeInput } from './CodeInput.tsx';
import { PasskeyLoginSlot } from './passkey-slots.tsx';
import { RecoveryCodes } from './RecoveryCodes.tsx';
import { TotpEnrolment } from './TotpEnrolment.tsx';

/**
 * Login in the steps the server's session stage asks for: ID and password; then the second
 * factor ('mfa') or the forced enrolment ('enroll'); a full session goes on to the app.
 */
export function LoginPage() {
  const { info } = useSession();
  const stage = info?.stage ?? null;
  const [codes, setCodes] = useState<string[] | null>(null);

  useEffect(() => {
    if (stage === 'full' && codes === null) navigate(takeAfterLogin(), { replace: true });
  }, [stage, codes]);

  if (codes !== null) return <ShowRecoveryCodes codes={codes} />;
  if (stage === 'mfa') return <MfaStep />;
  if (stage === 'enroll') return <EnrolStep onCodes={setCodes} />;
  if (stage === 'full') return null;
  return <PasswordStep />;
}

function PasswordStep() {
  const { t } = useI18n();
  const { refresh, notice, setNotice } = useSession();
  const [login, setLogin] = useState('');
  const [password, setPassword] = useState('');
  const { busy, problem, run } = useAction();

  const submit = async () => {
    const r = await run(() => api.POST('/api/v1/auth/login', { body: { login, password } }));
    if (!r) {
      setPassword('');
      return;
    }
    setNotice(null);
    await refresh();
  };

  return (
    <AuthCard title={t.login.title}>
      {notice && !problem && (
        <Alert color={notice === 'expired' ? 'orange' : 'blue'} variant="light">
          {notice === 'expired' ? t.login.expired : t.login.loggedOut}
        </Alert>
      )}
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
      >
        <Stack>
          <TextInput
            label={t.login.id}
            name="username"
            autoComplete="username"
            placeholder={t.login.idPlaceholder}
            value={login}
            onChange={(e) => setLogin(e.currentTarget.value)}
            required
            withAsterisk={false}
            maxLength={254}
            autoFocus
          />
          <PasswordInput
            label={t.login.password}
            name="password"
            autoComplete="current-password"
            value={password}
            onChange={(e) => setPassword(e.currentTarget.value)}
            required
            withAsterisk={false}
            maxLength={1024}
          />
          {/* Invalid credentials, lockout and IP refusal: the server's words, in the user's language. */}
          <ProblemAlert problem={problem} />
          <Button type="submit" loading={busy}>
            {t.login.submit}
          </Button>
          <Anchor size="sm" {...linkProps('/forgot-password')}>
            {t.login.forgot}
          </Anchor>
        </Stack>
      </form>
    </AuthCard>
  );
}

function MfaStep() {
  const { t } = useI18n();
  const { info, refresh, logout } = useSession();
  const hasTotp = info?.mfa.totp ?? false;
  const [mode, setMode] = useState<'totp' | 'recovery'>('totp');
  const [code, setCode] = useState('');
  const { busy, problem, run, clear } = useAction();

  const submit = async () => {
    const r = await run(() =>
      mode === 'totp'
        ? api.POST('/api/v1/auth/mfa/totp', { body: { code } })
        : api.POST('/api/v1/auth/mfa/recovery', { body: { code: code.trim() } }),
    );
    if (r) await refresh();
    else setCode('');
  };
  const switchTo = (m: 'totp' | 'recovery') => {
    setMode(m);
    setCode('');
    clear();
  };

  return (
    <AuthCard title={t.login.mfaTitle} lead={mode === 'totp' ? t.login.mfaLead : t.login.recoveryLead}>
      {mode === 'totp' && !hasTotp ? (
        <Text size="sm">{t.login.noTotp}</Text>
      ) : (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            void submit();
          }}
        >
          <Stack>
            {mode === 'totp' ? (
              <CodeInput label={t.login.code} value={code} onChange={setCode} autoFocus />
            ) : (
              <TextInput
                label={t.login.recoveryCode}
                name="recovery-code"
                autoComplete="off"
                value={code}
                onChange={(e) => setCode(e.currentTarget.value)}
                maxLength={32}
                required
                withAsterisk={false}
                autoFocus
                ff="monospace"
              />
            )}
            <ProblemAlert problem={problem} />
            <Button
              type="submit"
              loading={busy}
              disabled={mode === 'totp' ? code.length !== 6 : !code.trim()}
            >
              {t.login.verify}
            </Button>
          </Stack>
        </form>
      )}
      {/* PASSKEY SLOT: the passkey login button of web/src/features/passkeys/. */}
      <PasskeyLoginSlot onDone={() => void refresh()} />
      <Divider label={t.login.or} labelPosition="center" />
      <Group justify="space-between">
        <Anchor
          component="button"
          type="button"
          size="sm"
          onClick={() => switchTo(mode === 'totp' ? 'recovery' : 'totp')}
        >
          {mode === 'totp' ? t.login.useRecovery : t.login.useTotp}
        </Anchor>
        <Anchor component="button" type="button" size="sm" c="dimmed" onClick={() => void logout()}>
          {t.login.restart}
        </Anchor>
      </Group>
    </AuthCard>
  );
}

function EnrolStep({ onCodes }: { onCodes: (codes: string[]) => void }) {
  const { t } = useI18n();
  const { refresh, logout } = useSession();
  return (
    <AuthCard title={t.enrol.title} lead={t.enrol.forcedLead} width={520}>
      <TotpEnrolment
        onConfirmed={(codes) => {
          if (codes.length) onCodes(codes);
          else void refresh();
        }}
      />
      <Anchor component="button" type="button" size="sm" c="dimmed" onClick={() => void logout()}>
        {t.login.restart}
      </Anchor>
    </AuthCard>
  );
}

function ShowRecoveryCodes({ codes }: { codes: string[] }) {
  const { t } = useI18n();
  const { refresh } = useSession();
  return (
    <AuthCard title={t.recovery.title} width={520}>
      <RecoveryCodes
        codes={codes}
        onDone={() => {
          void refresh().then(() => navigate(takeAfterLogin(), { replace: true }));
        }}
      />
    </AuthCard>
  );
}
