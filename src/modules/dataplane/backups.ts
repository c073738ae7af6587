import { createHash, createHmac, hkdfSync } from 'node:crypto';

/**
 * Pure helpers of configuration backups (12.3.1): a canonical hash of a file set, and the
 * redaction that keeps secrets out of everything PVA stores or shows about equipment
 * configuration (backups, drift diffs, change diffs).
 *
 * A secret's value is replaced by a keyed fingerprint, `<redacted:0123456789abcdef>`: two
 * configurations with the same secret redact to the same text (so a changed PSK still shows as a
 * changed line, and drift on a PSK is found), but the stored text reveals nothing and cannot be
 * brute-forced without the master key. A restore fills the markers back from the secrets of the
 * current intended configuration (the model's sealed PSKs); a marker it cannot fill stops it.
 */

export type Files = Record<string, string>;

/**
 * Lines that carry a secret, by the configuration languages the drivers write: strongSwan's
 * `secret = …` (swanctl.conf) and the common `pre-shared-key`/`psk` spellings of vendor
 * configurations. Group 1 is kept, group 2 is the secret.
 */
export const SECRET_PATTERNS: readonly RegExp[] = [
  /^(\s*secret\s*=\s*)(\S.*?)\s*$/gim,
  /^(\s*(?:pre-shared-key|psk|preshared-key)(?:\s+\S+)?\s*[=:]?\s+)(\S.*?)\s*$/gim,
];

const MARKER = /<redacted:([0-9a-f]{16})>/g;
export const isMarker = (value: string): boolean => /^<redacted:[0-9a-f]{16}>$/.test(value);

/** The fingerprint key: derived from the master key, never stored. */
export function fingerprintKey(masterKey: Buffer): Buffer {
  return Buffer.from(hkdfSync('sha256', masterKey, Buffer.alloc(0), 'pva config secret fingerprint', 32));
}

function fingerprint(key: Buffer, value: string): string {
  return createHmac('sha256', key).update(value, 'utf8').digest('hex').slice(0, 16);
}

export interface Redacted {
  files: Files;
  /** marker → secret value, to fill a restore from this (unredacted) configuration */
  secrets: Map<string, string>;
}

/** Replaces every secret value by its marker; a value that already is a marker stays as it is. */
export function redactSecrets(files: Files, key: Buffer): Redacted {
  const secrets = new Map<string, string>();
  const out: Files = {};
  for (const [name, text] of Object.entries(files)) {
    let t = text;
    for (const pattern of SECRET_PATTERNS) {
      t = t.replace(pattern, (_all, head: string, value: string) => {
        if (isMarker(value)) return `${head}${value}`;
        const marker = `<redacted:${fingerprint(key, value)}>`;
        secrets.set(marker, value);
        return `${head}${marker}`;
      });
    }
    out[name] = t;
  }
  return { files: out, secrets };
}

/** Puts secrets back for the markers; returns the markers it could not fill (nothing is applied then). */
export function fillSecrets(
  files: Files,
  secrets: ReadonlyMap<string, string>,
): { files: Files; missing: string[] } {
  const missing = new Set<string>();
  const out: Files = {};
  for (const [name, text] of Object.entries(files)) {
    out[name] = text.replace(MARKER, (m) => {
      const v = secrets.get(m);
      if (v === undefined) {
        missing.add(m);
        return m;
      }
      return v;
    });
  }
  return { files: out, missing: [...missing].sort() };
}

/** File names in a stable order, each with its text: the same set always serialises alike. */
export function canonical(files: Files): string {
  return Object.keys(files)
    .sort()
    .map((name) => `${name}\u0000${files[name]}\u0000`)
    .join('');
}

export function configSha256(files: Files): string {
  return createHash('sha256').update(canonical(files), 'utf8').digest('hex');
}

/** Drops keys that are not file names with text (a stored jsonb value read back). */
export function asFiles(value: unknown): Files {
  const out: Files = {};
  if (value && typeof value === 'object')
    for (const [k, v] of Object.entries(value as Record<string, unknown>))
      if (typeof v === 'string') out[k] = v;
  return out;
}
