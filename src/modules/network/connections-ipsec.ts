import { randomBytes, X509Certificate } from 'node:crypto';
import ipaddr from 'ipaddr.js';
import type { FieldError, Lang } from '../../app/errors.ts';
import { AppError } from '../../app/errors.ts';
import type { IpsecSettings } from '../../db/schema-network.ts';
import { formatInstant } from '../../lib/time.ts';
import { fieldError } from './virtual-input.ts';

/**
 * IPsec settings of a connection. Proposals come from an allow-list of strong strongSwan
 * proposals (AEAD or SHA-2 with ECDH/≥3072-bit groups); the PSK is given (≥ 20 characters) or
 * generated, and only ever stored sealed with the tenant's data key.
 */
export const IKE_PROPOSALS = [
  'aes256gcm16-prfsha256-ecp256',
  'aes256gcm16-prfsha384-ecp384',
  'aes128gcm16-prfsha256-ecp256',
  'aes256gcm16-prfsha512-ecp521',
  'aes256-sha256-ecp256',
  'aes256-sha384-ecp384',
  'aes256-sha256-modp3072',
] as const;
export const ESP_PROPOSALS = [
  'aes256gcm16-ecp256',
  'aes256gcm16-ecp384',
  'aes128gcm16-ecp256',
  'aes256gcm16',
  'aes256-sha256-ecp256',
  'aes256-sha384-ecp384',
  'aes256-sha256-modp3072',
] as const;
export const DEFAULT_IKE = ['aes256gcm16-prfsha256-ecp256'];
export const DEFAULT_ESP = ['aes256gcm16-ecp256'];

export const PSK_MIN = 20;
export const PSK_MAX = 128;
/** Printable ASCII without quotes, backslash and space: safe inside any configuration syntax. */
const PSK_CHARS = /^[A-Za-z0-9!#$%&()*+,\-./:;<=>?@[\]^_`{|}~]+$/;
/** An IKE identity: an address, FQDN, e-mail or distinguished name; one line, no quotes. */
const IDENTITY = /^[A-Za-z0-9@._:=,+/*\- ]+$/;
const PEM_MAX = 16_384;

/** 32 characters of base64url: 192 random bits. */
export const generatePsk = (): string => randomBytes(24).toString('base64url');

export interface IpsecInput {
  peerAddress: string;
  ikeProposals?: string[] | undefined;
  espProposals?: string[] | undefined;
  auth: 'psk' | 'cert';
  psk?: string | undefined;
  localId?: string | undefined;
  remoteId?: string | undefined;
  remoteCaPem?: string | undefined;
}

export interface CheckedIpsec {
  settings: IpsecSettings;
  /** the PSK to seal (given or generated); null for certificate authentication or "keep the old one" */
  psk: string | null;
  pskGenerated: boolean;
}

/** A customer peer: a unicast address (IPv4 or IPv6), not loopback, unspecified or multicast. */
export function peerProblem(text: string): string | null {
  if (!ipaddr.isValid(text.trim())) return 'format';
  const range = ipaddr.process(text.trim()).range();
  return ['unspecified', 'loopback', 'multicast', 'broadcast', 'linkLocal'].includes(range) ? 'range' : null;
}

function proposals(list: string[] | undefined, allowed: readonly string[], fallback: string[]) {
  if (list === undefined) return { value: fallback, bad: [] as string[], dup: false };
  return {
    value: list,
    bad: list.filter((p) => !allowed.includes(p)),
    dup: new Set(list).size !== list.length,
  };
}

/**
 * Checks IPsec input; every problem becomes a field error under `base` (e.g. /body/ipsec).
 * `peLocalId` is the PE's default identity (its underlay address). `keepPsk`: an update may
 * leave out the PSK to keep the sealed one.
 */
export function checkIpsec(
  input: IpsecInput,
  base: string,
  peLocalId: string,
  lang: Lang,
  keepPsk = false,
): CheckedIpsec {
  const errors: FieldError[] = [];
  const err = (f: string, code: string, ja: string, en: string) =>
    errors.push(fieldError(`${base}/${f}`, code, { ja, en }, lang));
  const peerAddress = input.peerAddress.trim();
  const peer = peerProblem(peerAddress);
  if (peer === 'format')
    err('peerAddress', 'format', 'IP アドレスを入力してください。', 'Enter an IP address.');
  else if (peer)
    err(
      'peerAddress',
      'range',
      'ループバック・マルチキャスト等のアドレスは対向アドレスにできません。',
      'A loopback, multicast or similar address cannot be the peer.',
    );
  const ike = proposals(input.ikeProposals, IKE_PROPOSALS, DEFAULT_IKE);
  const esp = proposals(input.espProposals, ESP_PROPOSALS, DEFAULT_ESP);
  for (const [name, p, allowed] of [
    ['ikeProposals', ike, IKE_PROPOSALS],
    ['espProposals', esp, ESP_PROPOSALS],
  ] as const) {
    if (p.bad.length)
      err(
        name,
        'not_allowed',
        `使用できないプロポーザルです: ${p.bad.join(', ')}（使用可能: ${allowed.join(', ')}）`,
        `Proposal not allowed: ${p.bad.join(', ')} (allowed: ${allowed.join(', ')})`,
      );
    else if (p.dup) err(name, 'duplicate', 'プロポーザルが重複しています。', 'A proposal is listed twice.');
  }
  const localId = (input.localId ?? peLocalId).trim();
  if (!IDENTITY.test(localId) || localId.length > 255)
    err('localId', 'format', 'ID の形式が正しくありません。', 'This identity is not valid.');
  let remoteId = input.remoteId?.trim();
  let remoteCaPem: string | undefined;
  let psk: string | null = null;
  let pskGenerated = false;
  if (input.auth === 'psk') {
    if (input.remoteCaPem !== undefined)
      err(
        'remoteCaPem',
        'not_allowed',
        '事前共有鍵認証では CA 証明書を指定しません。',
        'No CA certificate with pre-shared key authentication.',
      );
    remoteId ??= peerAddress;
    if (input.psk !== undefined) {
      if (input.psk.length < PSK_MIN || input.psk.length > PSK_MAX)
        err(
          'psk',
          'length',
          `事前共有鍵は ${PSK_MIN}〜${PSK_MAX} 文字にしてください。`,
          `A pre-shared key must be ${PSK_MIN} to ${PSK_MAX} characters long.`,
        );
      else if (!PSK_CHARS.test(input.psk))
        err(
          'psk',
          'charset',
          '事前共有鍵には英数字と記号（空白・引用符・バックスラッシュを除く）を使用してください。',
          'Use letters, digits and symbols (no spaces, quotes or backslashes) in a pre-shared key.',
        );
      else if (new Set(input.psk).size < 8)
        err(
          'psk',
          'weak',
          '事前共有鍵が単純すぎます。',
          'This pre-shared key is too simple (too few different characters).',
        );
      psk = input.psk;
    } else if (!keepPsk) {
      psk = generatePsk();
      pskGenerated = true;
    }
  } else {
    if (input.psk !== undefined)
      err(
        'psk',
        'not_allowed',
        '証明書認証では事前共有鍵を指定しません。',
        'No pre-shared key with certificate authentication.',
      );
    if (!remoteId)
      err(
        'remoteId',
        'required',
        '証明書認証では対向の ID が必要です。',
        'Certificate authentication needs the remote identity.',
      );
    remoteCaPem = input.remoteCaPem?.trim();
    const caProblem = remoteCaPem ? checkCaPem(remoteCaPem) : 'required';
    if (caProblem)
      err(
        'remoteCaPem',
        caProblem,
        caProblem === 'required'
          ? '対向の CA 証明書（PEM）が必要です。'
          : caProblem === 'expired'
            ? 'CA 証明書の有効期限が切れています。'
            : caProblem === 'not_ca'
              ? 'CA 証明書ではありません。'
              : 'PEM 形式の証明書を 1 つ指定してください。',
        caProblem === 'required'
          ? 'The remote CA certificate (PEM) is required.'
          : caProblem === 'expired'
            ? 'The CA certificate has expired.'
            : caProblem === 'not_ca'
              ? 'This is not a CA certificate.'
              : 'Give one certificate in PEM format.',
      );
  }
  if (remoteId !== undefined && (!IDENTITY.test(remoteId) || remoteId.length > 255))
    err('remoteId', 'format', 'ID の形式が正しくありません。', 'This identity is not valid.');
  if (errors.length) throw new AppError('validation_failed', { fields: errors });
  return {
    settings: {
      peerAddress: ipaddr.process(peerAddress).toString(),
      ikeProposals: ike.value,
      espProposals: esp.value,
      auth: input.auth,
      localId,
      remoteId: remoteId!,
      ...(remoteCaPem ? { remoteCaPem } : {}),
    },
    psk,
    pskGenerated,
  };
}

function checkCaPem(pem: string): 'format' | 'not_ca' | 'expired' | null {
  if (pem.length > PEM_MAX) return 'format';
  const blocks = pem.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? [];
  if (blocks.length !== 1) return 'format';
  let cert: X509Certificate;
  try {
    cert = new X509Certificate(blocks[0]);
  } catch {
    return 'format';
  }
  if (!cert.ca) return 'not_ca';
  if (new Date(cert.validTo).getTime() < Date.now()) return 'expired';
  return null;
}

/** What reads show of the remote CA: never the whole PEM in lists, its identity instead. */
export function caSummary(
  pem: string | undefined,
): { subject: string; fingerprint256: string; validTo: string } | null {
  if (!pem) return null;
  try {
    const c = new X509Certificate(pem);
    return {
      subject: c.subject.replace(/\n/g, ', '),
      fingerprint256: c.fingerprint256,
      validTo: formatInstant(new Date(c.validTo)),
    };
  } catch {
    return null;
  }
}
