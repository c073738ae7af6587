import { randomBytes } from 'node:crypto';
import QRCode from 'qrcode';
import { db } from '../../db/context.ts';
import type { PrincipalKind } from '../../db/schema.ts';
import { sha256 } from './crypto.ts';
import { matchTotp, newTotpSecret, otpauthUri } from './totp.ts';

export const RECOVERY_CODES = 10;

async function totpRow(kind: PrincipalKind, id: string) {
  return db()
    .selectFrom('iam.totp')
    .selectAll()
    .where('principal_kind', '=', kind)
    .where('principal_id', '=', id)
    .executeTakeFirst();
}

/** Starts (or restarts) TOTP enrolment: a new unconfirmed secret, its otpauth URI and a QR code. */
export async function beginTotp(
  kind: PrincipalKind,
  id: string,
  tenantId: string | null,
  account: string,
  issuer: string,
) {
  const secret = newTotpSecret();
  await db()
    .insertInto('iam.totp')
    .values({ principal_kind: kind, principal_id: id, tenant_id: tenantId, secret, confirmed_at: null })
    .onConflict((oc) =>
      oc
        .columns(['principal_kind', 'principal_id'])
        .doUpdateSet({ secret, confirmed_at: null, last_step: 0 }),
    )
    .execute();
  const uri = otpauthUri(secret, account, issuer);
  const qrSvg = await QRCode.toString(uri, { type: 'svg', margin: 1, errorCorrectionLevel: 'M' });
  return { secret, uri, qrSvg };
}

/**
 * Checks a TOTP code: within ±1 step and later than the last accepted step, so each code is
 * accepted once. The conditional update makes two concurrent uses of one code accept only one.
 */
export async function verifyTotp(
  kind: PrincipalKind,
  id: string,
  code: string,
  opts: { confirmed: boolean },
  now = Date.now(),
): Promise<boolean> {
  const row = await totpRow(kind, id);
  if (!row || Boolean(row.confirmed_at) !== opts.confirmed) return false;
  const step = matchTotp(row.secret, code.trim(), now, Number(row.last_step));
  if (step === null) return false;
  const r = await db()
    .updateTable('iam.totp')
    .set({ last_step: step, ...(opts.confirmed ? {} : { confirmed_at: new Date(now) }) })
    .where('principal_kind', '=', kind)
    .where('principal_id', '=', id)
    .where('last_step', '<', step)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export async function removeTotp(kind: PrincipalKind, id: string): Promise<void> {
  await db()
    .deleteFrom('iam.totp')
    .where('principal_kind', '=', kind)
    .where('principal_id', '=', id)
    .execute();
}

const formatCode = (b: Buffer): string => {
  const s = b.toString('hex').slice(0, 10);
  return `${s.slice(0, 5)}-${s.slice(5)}`;
};

/** Replaces the recovery codes with ten new single-use ones; returns them once (only hashes are kept). */
export async function newRecoveryCodes(kind: PrincipalKind, id: string): Promise<string[]> {
  await db()
    .deleteFrom('iam.recovery_code')
    .where('principal_kind', '=', kind)
    .where('principal_id', '=', id)
    .execute();
  const codes = Array.from({ length: RECOVERY_CODES }, () => formatCode(randomBytes(8)));
  await db()
    .insertInto('iam.recovery_code')
    .values(
      codes.map((c) => ({ principal_kind: kind, principal_id: id, code_hash: sha256(c), used_at: null })),
    )
    .execute();
  return codes;
}

/** Uses one recovery code; true when it existed and was unused. */
export async function useRecoveryCode(kind: PrincipalKind, id: string, code: string): Promise<boolean> {
  const normal = code.trim().toLowerCase().replace(/\s+/g, '');
  const r = await db()
    .updateTable('iam.recovery_code')
    .set({ used_at: new Date() })
    .where('principal_kind', '=', kind)
    .where('principal_id', '=', id)
    .where('code_hash', '=', sha256(normal))
    .where('used_at', 'is', null)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}
