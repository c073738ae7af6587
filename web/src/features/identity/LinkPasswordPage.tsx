import { Alert, Anchor, Button, Stack, Text } from '@mantine/core';
import { useEffect, useState } from 'react';
import { asProblem, type Problem } from '../../api/client.ts';
import { api } from '../../api/common.ts';
import { hashParam, linkProps } from '../../app/router.ts';
import { Loading, ProblemAlert } from '../../components/ProblemAlert.tsx';
import { useI18n } from '../../i18n/index.tsx';
import { useAction } from '../../lib/action.ts';
import { formatInstant } from '../../lib/time.ts';
import { AuthCard } from './AuthCard.tsx';
import { NewPasswordFields } from './NewPasswordFields.tsx';

interface LinkInfo {
  login: string;
  name: string;
  expiresAt: string;
}

/**
 * The pages opened from an emailed single-use link (/invite#token=…, /reset-password#token=…):
 * the token stays in the fragment, so it is never in a request URL or a server log.
 */
function LinkPasswordPage({ purpose }: { purpose: 'invite' | 'reset' }) {
  const { t } = useI18n();
  const [token] = useState(() => hashParam('token'));
  const [link, setLink] = useState<LinkInfo | Problem | null>(null);
  const [password, setPassword] = useState('');
  const [confirm, setConfirm] = useState('');
  const [tried, setTried] = useState(false);
  const [done, setDone] = useState(false);
  const { busy, problem, run, fieldError } = useAction();

  useEffect(() => {
    if (!token) return;
    let live = true;
    api.POST('/api/v1/auth/link', { body: { token } }).then(
      ({ data, error, response }) => {
        if (live) setLink(data ?? asProblem(error, response.status));
      },
      () => live && setLink(asProblem(null)),
    );
    return () => {
      live = false;
    };
  }, [token]);

  const submit = async () => {
    setTried(true);
    if (!token || password !== confirm) return;
    const body = { token, password };
    const r = await run(() =>
      purpose === 'invite'
        ? api.POST('/api/v1/auth/invitation', { body })
        : api.POST('/api/v1/auth/password-reset/confirm', { body }),
    );
    if (r) setDone(true);
  };

  const title = purpose === 'invite' ? t.reset.inviteTitle : t.reset.resetTitle;
  const back = (
    <Anchor size="sm" {...linkProps('/login')}>
      {t.reset.backToLogin}
    </Anchor>
  );
  if (!token) {
    return (
      <AuthCard title={title}>
        <Alert color="red" variant="light">
          {t.reset.missingToken}
        </Alert>
        {back}
      </AuthCard>
    );
  }
  if (link === null) return <Loading />;
  if ('title' in link) {
    return (
      <AuthCard title={title}>
        <ProblemAlert problem={link.code === 'not_found' ? { ...link, title: t.reset.missingToken } : link} />
        {back}
      </AuthCard>
    );
  }
  if (done) {
    return (
      <AuthCard title={title}>
        <Alert color="green" variant="light" role="status">
          {purpose === 'invite' ? t.reset.inviteDone : t.reset.resetDone}
        </Alert>
        <Button component="a" {...linkProps('/login')}>
          {t.login.submit}
        </Button>
      </AuthCard>
    );
  }
  return (
    <AuthCard title={title} lead={purpose === 'invite' ? t.reset.inviteLead : t.reset.resetLead} width={480}>
      {purpose === 'invite' && (
        <Text fw={500} data-testid="invite-greeting">
          {t.reset.inviteGreeting(link.name)}
        </Text>
      )}
      <Text size="sm">
        {t.reset.inviteLogin(link.login)}
        <br />
        {t.tokens.expires}: {formatInstant(link.expiresAt)}
      </Text>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
      >
        <Stack>
          {/* Lets password managers file the new password under the right login. */}
          <input type="hidden" name="username" autoComplete="username" value={link.login} readOnly />
          <NewPasswordFields
            password={password}
            confirm={confirm}
            onPassword={setPassword}
            onConfirm={setConfirm}
            error={fieldError('password')}
            showMismatch={tried}
          />
          <ProblemAlert problem={problem} />
          <Button type="submit" loading={busy}>
            {purpose === 'invite' ? t.reset.activate : t.reset.setPassword}
          </Button>
        </Stack>
      </form>
      {back}
    </AuthCard>
  );
}

export function InvitePage() {
  return <LinkPasswordPage purpose="invite" />;
}

export function ResetPasswordPage() {
  return <LinkPasswordPage purpose="reset" />;
}
