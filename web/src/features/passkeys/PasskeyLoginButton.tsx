import { Button, Stack, Text } from '@mantine/core';
import { useState } from 'react';
import type { Problem } from '../../api/client.ts';
import { ProblemAlert } from '../../components/ProblemAlert.tsx';
import { usePasskeyText, type PasskeyText } from './i18n.ts';
import { loginWithPasskey, passkeysSupported, type LoginDone, type PasskeyFailure } from './passkeys.ts';

/** A failed passkey step as a problem the shared alert shows (the server's own words when it answered). */
export function failureProblem(f: PasskeyFailure, text: PasskeyText): Problem {
  if (f.kind === 'problem') return f.problem.title ? f.problem : { ...f.problem, title: text.failed };
  const title =
    f.kind === 'cancelled'
      ? text.cancelled
      : f.kind === 'duplicate'
        ? text.alreadyRegistered
        : text.unsupported;
  return { title, status: 0, code: `passkey_${f.kind}` };
}

/**
 * The second login step with a passkey, for a session in stage 'mfa'. `onDone` gets the full
 * session's answer (the shared API client has already taken its new CSRF token).
 */
export function PasskeyLoginButton({ onDone }: { onDone: (r: LoginDone) => void }) {
  const text = usePasskeyText();
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<Problem | null>(null);
  if (!passkeysSupported()) return null;

  const run = async () => {
    setBusy(true);
    setProblem(null);
    try {
      const r = await loginWithPasskey();
      if (r.ok) onDone(r.data);
      else setProblem(failureProblem(r.failure, text));
    } catch {
      setProblem(
        failureProblem({ kind: 'problem', problem: { title: '', status: 0, code: 'network' } }, text),
      );
    } finally {
      setBusy(false);
    }
  };

  return (
    <Stack gap="xs">
      <Button variant="default" loading={busy} onClick={() => void run()} data-testid="passkey-login">
        {text.login}
      </Button>
      <Text size="xs" c="dimmed">
        {text.loginHint}
      </Text>
      <ProblemAlert problem={problem} />
    </Stack>
  );
}
