import { afterCommit, inScope } from '../db/context.ts';
import { insertJob } from './repository.ts';

type Kick = () => void;
const kicks = new Set<Kick>();

/** Workers in this process register here to be woken as soon as a job or message is committed. */
export function onWork(kick: Kick): () => void {
  kicks.add(kick);
  return () => kicks.delete(kick);
}

export function wakeWorkers(): void {
  for (const k of kicks) k();
}

/**
 * Enqueues a job in the ambient transaction: it exists only if the transaction commits.
 * A singleton key makes the call idempotent (scheduled slots, per-item fan-out).
 */
export async function enqueue(
  name: string,
  payload: Record<string, unknown> = {},
  opts: { runAt?: Date; singletonKey?: string; maxAttempts?: number } = {},
): Promise<boolean> {
  const inserted = await insertJob({ name, payload, ...opts });
  if (inserted && inScope()) afterCommit(wakeWorkers);
  return inserted;
}
