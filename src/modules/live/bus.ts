import type { Database } from '../../db/client.ts';
import { log } from '../../lib/log.ts';

/**
 * The live-update bus of one process: one LISTEN on channel `pva_live` per database, fanned out to
 * the server-sent-event streams of this process. Rows are published by triggers (migration 0026)
 * with NOTIFY inside the changing transaction, so an event exists only once its change committed,
 * whichever process made it. On PostgreSQL every web process hears every commit; on the embedded
 * engine the one process hears its own. Same code path on both.
 */
export const LIVE_CHANNEL = 'pva_live';
export const LIVE_KINDS = ['service', 'connection', 'monitor', 'notice', 'report'] as const;
export type LiveKind = (typeof LIVE_KINDS)[number];

export interface LiveEvent {
  tenant: string;
  kind: LiveKind;
  id: string;
  /** the service the row belongs to (service-code scoped users only hear their services) */
  service: string | null;
}

/** An event, or 'resync': notifications may have been lost (the listener reconnected). */
export type LiveMessage = LiveEvent | 'resync';
type Subscriber = (m: LiveMessage) => void;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export function parseLiveEvent(payload: string): LiveEvent | null {
  try {
    const e = JSON.parse(payload) as Partial<Record<keyof LiveEvent, unknown>>;
    if (typeof e.tenant !== 'string' || !UUID.test(e.tenant)) return null;
    if (typeof e.id !== 'string' || !UUID.test(e.id)) return null;
    if (!LIVE_KINDS.includes(e.kind as LiveKind)) return null;
    const service = typeof e.service === 'string' && UUID.test(e.service) ? e.service : null;
    return { tenant: e.tenant, kind: e.kind as LiveKind, id: e.id, service };
  } catch {
    return null;
  }
}

export class LiveBus {
  readonly #database: Database;
  readonly #subscribers = new Set<Subscriber>();
  #listening: Promise<(() => Promise<void>) | null> | null = null;
  #users = 0;

  constructor(database: Database) {
    this.#database = database;
  }

  get subscribers(): number {
    return this.#subscribers.size;
  }

  /** Starts listening (once) and adds a subscriber; resolves when notifications are heard. */
  async subscribe(fn: Subscriber): Promise<() => void> {
    this.#subscribers.add(fn);
    await this.#start();
    return () => this.#subscribers.delete(fn);
  }

  /** An app that may serve streams holds the bus; the listener stops when the last one lets go. */
  retain(): void {
    this.#users++;
  }

  async release(): Promise<void> {
    this.#users = Math.max(0, this.#users - 1);
    if (this.#users > 0) return;
    const listening = this.#listening;
    this.#listening = null;
    this.#subscribers.clear();
    const stop = await listening?.catch(() => null);
    await stop?.();
  }

  #emit(m: LiveMessage): void {
    for (const fn of this.#subscribers) {
      try {
        fn(m);
      } catch (e) {
        log.warn({ err: e }, 'live updates: a subscriber failed');
      }
    }
  }

  #start(): Promise<unknown> {
    if (!this.#listening) {
      const db = this.#database;
      this.#listening = db.listen
        ? db
            .listen(
              LIVE_CHANNEL,
              (payload) => {
                const e = parseLiveEvent(payload);
                if (e) this.#emit(e);
              },
              () => this.#emit('resync'),
            )
            .catch((e: unknown) => {
              this.#listening = null; // the next subscriber tries again
              log.error({ err: e }, 'live updates: LISTEN failed');
              return null;
            })
        : Promise.resolve(null);
    }
    return this.#listening;
  }
}

const buses = new WeakMap<Database, LiveBus>();

/** The process's bus for a database (both listeners of one process share it). */
export function liveBus(database: Database): LiveBus {
  let bus = buses.get(database);
  if (!bus) {
    bus = new LiveBus(database);
    buses.set(database, bus);
  }
  return bus;
}
