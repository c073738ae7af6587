import pg from 'pg';
import { log } from '../lib/log.ts';

const RETRY_MIN_MS = 500;
const RETRY_MAX_MS = 15_000;

/**
 * LISTEN on one dedicated connection, outside the pool: a pooled connection goes back to other
 * queries, and a transaction-pooling proxy would drop the LISTEN (docs/operations.md). When the
 * connection breaks it reconnects with backoff and calls `onReset`, because notifications sent
 * while it was away are lost: whoever listens must refetch.
 */
export async function listenPostgres(
  url: string,
  channel: string,
  onPayload: (payload: string) => void,
  onReset: () => void = () => {},
): Promise<() => Promise<void>> {
  if (!/^[a-z_][a-z0-9_]*$/.test(channel)) throw new Error(`bad channel name ${channel}`);
  let client: pg.Client | null = null;
  let stopped = false;
  let retryMs = RETRY_MIN_MS;
  let timer: NodeJS.Timeout | null = null;

  async function connect(): Promise<void> {
    const c = new pg.Client({ connectionString: url, application_name: 'pva-listen' });
    c.on('notification', (n) => {
      if (n.channel === channel && n.payload !== undefined) onPayload(n.payload);
    });
    c.on('error', () => lost(c));
    c.on('end', () => lost(c));
    await c.connect();
    await c.query(`LISTEN ${channel}`);
    client = c;
    retryMs = RETRY_MIN_MS;
  }

  function lost(c: pg.Client): void {
    if (client !== c || stopped) return;
    client = null;
    c.end().catch(() => {});
    log.warn({ channel }, 'live updates: the listening connection was lost; reconnecting');
    schedule();
  }

  function schedule(): void {
    if (stopped || timer) return;
    timer = setTimeout(() => {
      timer = null;
      connect().then(onReset, () => {
        retryMs = Math.min(retryMs * 2, RETRY_MAX_MS);
        schedule();
      });
    }, retryMs);
  }

  await connect();
  return async () => {
    stopped = true;
    if (timer) clearTimeout(timer);
    const c = client;
    client = null;
    await c?.end().catch(() => {});
  };
}
