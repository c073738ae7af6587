/** Socket-level errors of a lost or refused database connection. */
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EAI_AGAIN',
  'ENOTFOUND',
]);

/** SQLSTATEs of a server going away or refusing sessions: shutdown, starting up, too many connections. */
const SERVER_STATES = new Set(['57P01', '57P02', '57P03', '53300']);

/** What node-postgres says when a connection drops, or when the pool gave no connection in time. */
const MESSAGES = [
  'Connection terminated',
  'timeout exceeded when trying to connect',
  'Client has encountered a connection error and is not queryable',
  'Client was closed and is not queryable',
];

/**
 * Whether an error means the database is unreachable for now (restart, outage, pool exhausted)
 * rather than that the request or the code is wrong: those answer 503 with Retry-After, not 500.
 */
export function isDatabaseUnavailable(err: unknown, depth = 0): boolean {
  if (!err || typeof err !== 'object' || depth > 3) return false;
  const e = err as { code?: unknown; message?: unknown; cause?: unknown; errors?: unknown };
  const code = typeof e.code === 'string' ? e.code : '';
  if (NETWORK_CODES.has(code) || SERVER_STATES.has(code) || code.startsWith('08')) return true;
  const message = typeof e.message === 'string' ? e.message : '';
  if (MESSAGES.some((m) => message.includes(m))) return true;
  // an AggregateError (one per address tried) or a wrapped cause
  if (Array.isArray(e.errors) && e.errors.some((x) => isDatabaseUnavailable(x, depth + 1))) return true;
  return isDatabaseUnavailable(e.cause, depth + 1);
}

/**
 * Whether the embedded database's disk failed a write (StorageFault, src/db/pglite-storage.ts):
 * unlike an outage it does not pass by itself, the process must be restarted.
 */
export function isStorageFault(err: unknown, depth = 0): boolean {
  if (!err || typeof err !== 'object' || depth > 3) return false;
  if ((err as { name?: unknown }).name === 'StorageFault') return true;
  return isStorageFault((err as { cause?: unknown }).cause, depth + 1);
}
