import { useSession } from '../../app/session.tsx';
import { PasskeyLoginButton, PasskeyManager } from '../passkeys/index.ts';

/**
 * PASSKEY SLOTS: where the passkey screens of web/src/features/passkeys/ plug into the login and
 * account pages.
 */
export function PasskeyLoginSlot(props: { onDone: () => void }) {
  const { info } = useSession();
  // Offered only to accounts that have a passkey (the server would refuse the others anyway).
  if (!info?.mfa.passkeys) return null;
  return <PasskeyLoginButton onDone={props.onDone} />;
}

export function PasskeyManagerSlot() {
  const { refresh } = useSession();
  // The session's MFA summary (shown on the page) changes with each passkey added or removed.
  return <PasskeyManager onChanged={() => void refresh()} />;
}

/** Whether the passkey screens are wired in (the pages word their hints accordingly). */
export const PASSKEYS_AVAILABLE = true;
