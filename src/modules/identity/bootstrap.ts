import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { db } from '../../db/context.ts';
import { AppError } from '../../app/errors.ts';
import { recordAudit } from '../audit/service.ts';
import { hashPassword } from './password.ts';

const sha256 = (s: string): string => createHash('sha256').update(s).digest('hex');
export const BOOTSTRAP_TTL_MS = 60 * 60 * 1000;

export async function staffCount(): Promise<number> {
  const r = await db()
    .selectFrom('ops.staff')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

/**
 * When no provider administrator exists yet, issues a one-time token valid for one hour (any
 * earlier token is withdrawn) and returns it for printing; only its hash is stored.
 */
export async function issueBootstrapToken(
  now = new Date(),
): Promise<{ token: string; expiresAt: Date } | null> {
  if ((await staffCount()) > 0) return null;
  await db().deleteFrom('ops.bootstrap_token').execute();
  const token = randomBytes(24).toString('base64url');
  const expiresAt = new Date(now.getTime() + BOOTSTRAP_TTL_MS);
  await db()
    .insertInto('ops.bootstrap_token')
    .values({ token_hash: sha256(token), expires_at: expiresAt, used_at: null })
    .execute();
  await recordAudit({ action: 'bootstrap.token_issued', summary: { expires_at: expiresAt.toISOString() } });
  return { token, expiresAt };
}

/** Creates the first provider administrator with the bootstrap token; the token then stops working. */
export async function redeemBootstrapToken(input: {
  token: string;
  email: string;
  name: string;
  password: string;
}) {
  if ((await staffCount()) > 0) throw new AppError('bootstrap_done');
  const rows = await db()
    .selectFrom('ops.bootstrap_token')
    .selectAll()
    .where('used_at', 'is', null)
    .forUpdate()
    .execute();
  const given = Buffer.from(sha256(input.token));
  const match = rows.find((r) => timingSafeEqual(Buffer.from(r.token_hash), given));
  if (!match || match.expires_at.getTime() < Date.now()) throw new AppError('bootstrap_invalid');
  await db()
    .updateTable('ops.bootstrap_token')
    .set({ used_at: new Date() })
    .where('token_hash', '=', match.token_hash)
    .execute();
  const staff = await db()
    .insertInto('ops.staff')
    .values({
      email: input.email.toLowerCase(),
      name: input.name,
      role: 'admin',
      password_hash: await hashPassword(input.password),
    })
    .returning(['id', 'email', 'name', 'role', 'created_at'])
    .executeTakeFirstOrThrow();
  return staff;
}
