import {
  browserSupportsWebAuthn,
  startAuthentication,
  startRegistration,
  WebAuthnError,
  type PublicKeyCredentialCreationOptionsJSON,
  type PublicKeyCredentialRequestOptionsJSON,
} from '@simplewebauthn/browser';
import { asProblem, type Problem } from '../../api/client.ts';
import { api, type CommonPaths } from '../../api/common.ts';

/**
 * The browser side of passkeys: the WebAuthn ceremonies around the API's options and
 * verification endpoints. The shared API client sends the CSRF token and picks up the new one
 * when a step rotates the session.
 */
type Json<R> = R extends { content: { 'application/json': infer J } } ? J : never;
export type Passkey = Json<CommonPaths['/api/v1/me/passkeys']['get']['responses'][200]>[number];
export type Registered = Json<CommonPaths['/api/v1/me/passkeys']['post']['responses'][200]>;
export type LoginDone = Json<CommonPaths['/api/v1/auth/mfa/passkey']['post']['responses'][200]>;
type RegistrationBody = NonNullable<
  CommonPaths['/api/v1/me/passkeys']['post']['requestBody']
>['content']['application/json'];
type AssertionBody = NonNullable<
  CommonPaths['/api/v1/auth/mfa/passkey']['post']['requestBody']
>['content']['application/json'];

/** Why a passkey step did not complete: the browser's answer, or the server's problem. */
export type PasskeyFailure =
  | { kind: 'cancelled' }
  | { kind: 'unsupported' }
  | { kind: 'duplicate' }
  | { kind: 'problem'; problem: Problem };
export type PasskeyOutcome<T> = { ok: true; data: T } | { ok: false; failure: PasskeyFailure };

export function passkeysSupported(): boolean {
  return browserSupportsWebAuthn();
}

/** What the browser's WebAuthn call threw, as a failure the screens can word. */
function browserFailure(e: unknown): PasskeyFailure {
  const name = e instanceof Error ? e.name : '';
  if (e instanceof WebAuthnError && e.code === 'ERROR_AUTHENTICATOR_PREVIOUSLY_REGISTERED')
    return { kind: 'duplicate' };
  if (e instanceof WebAuthnError && e.code === 'ERROR_CEREMONY_ABORTED') return { kind: 'cancelled' };
  if (name === 'NotAllowedError' || name === 'AbortError') return { kind: 'cancelled' };
  if (name === 'InvalidStateError') return { kind: 'duplicate' };
  if (name === 'NotSupportedError') return { kind: 'unsupported' };
  return {
    kind: 'problem',
    problem: { title: '', status: 0, code: 'webauthn', ...(e instanceof Error ? { detail: e.message } : {}) },
  };
}

const failed = <T>(error: unknown, response: Response): PasskeyOutcome<T> => ({
  ok: false,
  failure: { kind: 'problem', problem: asProblem(error, response.status) },
});

/** Registers a passkey on this device under `name` (a signed-in or enrolling session). */
export async function registerPasskey(name: string): Promise<PasskeyOutcome<Registered>> {
  if (!passkeysSupported()) return { ok: false, failure: { kind: 'unsupported' } };
  const o = await api.POST('/api/v1/me/passkeys/registration-options');
  if (!o.data) return failed(o.error, o.response);
  let credential;
  try {
    credential = await startRegistration({
      optionsJSON: o.data as unknown as PublicKeyCredentialCreationOptionsJSON,
    });
  } catch (e) {
    return { ok: false, failure: browserFailure(e) };
  }
  const r = await api.POST('/api/v1/me/passkeys', {
    body: { name, response: credential as unknown as RegistrationBody['response'] },
  });
  return r.data ? { ok: true, data: r.data } : failed(r.error, r.response);
}

/** The second login step with a passkey (a session in stage 'mfa'); the session is full afterwards. */
export async function loginWithPasskey(): Promise<PasskeyOutcome<LoginDone>> {
  if (!passkeysSupported()) return { ok: false, failure: { kind: 'unsupported' } };
  const o = await api.POST('/api/v1/auth/mfa/passkey/options');
  if (!o.data) return failed(o.error, o.response);
  let assertion;
  try {
    assertion = await startAuthentication({
      optionsJSON: o.data as unknown as PublicKeyCredentialRequestOptionsJSON,
    });
  } catch (e) {
    return { ok: false, failure: browserFailure(e) };
  }
  const r = await api.POST('/api/v1/auth/mfa/passkey', {
    body: { response: assertion as unknown as AssertionBody['response'] },
  });
  return r.data ? { ok: true, data: r.data } : failed(r.error, r.response);
}

export function listPasskeys(signal?: AbortSignal) {
  return api.GET('/api/v1/me/passkeys', signal ? { signal } : {});
}

export async function removePasskey(id: string): Promise<Problem | null> {
  const { error, response } = await api.DELETE('/api/v1/me/passkeys/{id}', { params: { path: { id } } });
  return response.ok ? null : asProblem(error, response.status);
}
