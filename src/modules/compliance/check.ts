import type { Config } from '../../config.ts';
import type { Database } from '../../db/client.ts';
import { inTransaction, systemScope } from '../../db/context.ts';
import type { Bilingual, CheckInfo, CheckStatus, EvidenceObject } from './types.ts';

/** What a check's code sees: the configuration, the database (read as the provider) and the time. */
export interface CheckContext {
  config: Config;
  database: Database;
  now: Date;
  /**
   * Runs `fn` in its own provider-scope transaction (checks read across tenants, like other
   * provider jobs). Network probes (NTP, TLS) run outside it, so they never hold the database.
   */
  read<T>(fn: () => Promise<T>): Promise<T>;
}

export interface CheckOutcome {
  status: CheckStatus;
  summary: Bilingual;
  figures: Record<string, number | string | boolean | null>;
  objects?: EvidenceObject[];
}

/** A check as the catalogue lists it, with the code that runs it. */
export interface CheckDef extends CheckInfo {
  run(ctx: CheckContext): Promise<CheckOutcome>;
}

/** Objects kept per result (the drill-down), so one bad state cannot bloat the history. */
export const MAX_OBJECTS = 100;

export function checkContext(config: Config, database: Database, now = new Date()): CheckContext {
  return { config, database, now, read: (fn) => inTransaction(database, systemScope(), fn) };
}

/** The worst of some statuses: fail, then error (nothing is known), then warn. */
export function worst(statuses: CheckStatus[]): CheckStatus | 'none' {
  const order: CheckStatus[] = ['fail', 'error', 'warn', 'pass'];
  for (const s of order) if (statuses.includes(s)) return s;
  return 'none';
}

export const pct = (part: number, whole: number): number =>
  whole === 0 ? 100 : Math.round((part / whole) * 1000) / 10;

/** A shorthand for a bilingual line. */
export const t = (ja: string, en: string): Bilingual => ({ ja, en });
