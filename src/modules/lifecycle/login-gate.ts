import { currentTermination } from './repository.ts';

/**
 * The login gate (principle 9): after the stop, only administrators may log in, and only until
 * the end of the grace period; once erased nobody can (the accounts are gone anyway).
 */
export async function loginBlockedByTermination(
  p: { kind: string; role: string; tenantId: string | null },
  now = new Date(),
): Promise<boolean> {
  if (p.kind !== 'customer' || !p.tenantId) return false;
  const t = await currentTermination(p.tenantId);
  if (!t || t.status === 'requested' || t.status === 'confirmed') return false;
  return p.role !== 'admin' || now >= t.grace_until || t.status !== 'stopped';
}
