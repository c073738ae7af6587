import type { Config } from '../config.ts';
import type { Database } from '../db/client.ts';

export interface JobContext {
  database: Database;
  config: Config;
  payload: Record<string, unknown>;
  attempt: number;
}
export type JobHandler = (ctx: JobContext) => Promise<void>;

export interface Schedule {
  /** Job name to enqueue. */
  job: string;
  /** Period; slots start at local midnight (configured zone) plus `offsetMs`, so every process computes the same slot. */
  everyMs: number;
  offsetMs?: number;
}

const handlers = new Map<string, JobHandler>();
const schedules: Schedule[] = [];

/** A typed job definition: one name, one handler that opens its own transactions. */
export function defineJob(name: string, handler: JobHandler): void {
  if (handlers.has(name)) throw new Error(`job ${name} is defined twice`);
  handlers.set(name, handler);
}

export function defineSchedule(s: Schedule): void {
  schedules.push(s);
}

export const jobHandler = (name: string): JobHandler | undefined => handlers.get(name);
export const allSchedules = (): readonly Schedule[] => schedules;
