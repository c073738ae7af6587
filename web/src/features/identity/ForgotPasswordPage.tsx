import { Alert, Anchor, Button, Stack, TextInput } from '@mantine/core';
import { useState } from 'react';
import { api } from '../../api/common.ts';
import { linkProps } from '../../app/router.ts';
import { ProblemAlert } from '../../components/ProblemAlert.tsx';
import { useI18n } from '../../i18n/index.tsx';
import { useAction } from '../../lib/action.ts';
import { AuthCard } from './AuthCard.tsx';

/** Self-service reset: the answer is the same whether or not the ID exists (no enumeration). */
export function ForgotPasswordPage() {
  const { t } = useI18n();
  const [login, setLogin] = useState('');
  const [sent, setSent] = useState(false);
  const { busy, problem, run, fieldError } = useAction();

  const submit = async () => {
    const r = await run(() => api.POST('/api/v1/auth/password-reset', { body: { login } }));
    if (r) setSent(true);
  };

  return (
    <AuthCard title={t.reset.forgotTitle} lead={sent ? undefined : t.reset.forgotLead}>
      {sent ? (
        <Alert color="green" variant="light" role="status">
          {t.reset.sent}
        </Alert>
      ) : (
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
              value={login}
              onChange={(e) => setLogin(e.currentTarget.value)}
              error={fieldError('login')}
              required
              maxLength={254}
              autoFocus
            />
            <ProblemAlert problem={problem} />
            <Button type="submit" loading={busy}>
              {t.reset.send}
            </Button>
          </Stack>
        </form>
      )}
      <Anchor size="sm" {...linkProps('/login')}>
        {t.reset.backToLogin}
      </Anchor>
    </AuthCard>
  );
}
