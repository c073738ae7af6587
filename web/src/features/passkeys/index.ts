/** Passkeys (WebAuthn) as a second factor: the pieces the login and account pages use. */
export { PasskeyLoginButton } from './PasskeyLoginButton.tsx';
export { PasskeyManager, PasskeyRegisterForm } from './PasskeyManager.tsx';
export { loginWithPasskey, passkeysSupported, registerPasskey, type Registered } from './passkeys.ts';
