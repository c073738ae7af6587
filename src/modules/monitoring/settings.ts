/**
 * Tunables of reachability monitoring, read from the environment (documented in docs/monitoring.md).
 * A round sends `pings` probes per target; the state machine counts whole rounds.
 */
export interface MonitoringSettings {
  /** probes per target per round (fping -C) */
  pings: number;
  /** ms between probes to one target (fping -p) */
  periodMs: number;
  /** ms to wait for a reply (fping -t; the TCP connect timeout) */
  timeoutMs: number;
  /** ms between any two probes sent (fping -i) */
  sendIntervalMs: number;
  /** targets per fping process */
  batchSize: number;
  /** consecutive failed rounds (no reply at all) that turn a monitor down */
  downAfter: number;
  /** consecutive good rounds that bring a degraded or down monitor back up */
  upAfter: number;
  /** a round with at least this % loss (but some replies) is lossy: degraded, never down */
  lossyPct: number;
  /** at most one down email per service in this window (the recovery email is always sent) */
  emailWindowMs: number;
  /** monitors claimed per pass of the probe job */
  claimLimit: number;
  /** 1: probe from the host's own stack the connections whose PE has no probe namespace; 0: leave them unprobed */
  hostSource: number;
}

export const DEFAULT_SETTINGS: MonitoringSettings = {
  pings: 5,
  periodMs: 1000,
  timeoutMs: 1000,
  sendIntervalMs: 1,
  batchSize: 2000,
  downAfter: 3,
  upAfter: 2,
  lossyPct: 50,
  emailWindowMs: 3_600_000,
  claimLimit: 10_000,
  hostSource: 0,
};

export const MONITORING_ENV = {
  pings: 'PVA_MONITORING_PINGS',
  periodMs: 'PVA_MONITORING_PERIOD_MS',
  timeoutMs: 'PVA_MONITORING_TIMEOUT_MS',
  sendIntervalMs: 'PVA_MONITORING_SEND_INTERVAL_MS',
  batchSize: 'PVA_MONITORING_BATCH',
  downAfter: 'PVA_MONITORING_DOWN_AFTER',
  upAfter: 'PVA_MONITORING_UP_AFTER',
  lossyPct: 'PVA_MONITORING_LOSSY_PCT',
  emailWindowMs: 'PVA_MONITORING_EMAIL_WINDOW_MS',
  claimLimit: 'PVA_MONITORING_CLAIM_LIMIT',
  hostSource: 'PVA_MONITORING_HOST_SOURCE',
} as const satisfies Record<keyof MonitoringSettings, string>;
const ENV: Record<keyof MonitoringSettings, string> = MONITORING_ENV;

/** The defaults overridden by positive integers from the environment; anything else is refused loudly. */
export function monitoringSettings(
  env: Record<string, string | undefined> = process.env,
): MonitoringSettings {
  const s = { ...DEFAULT_SETTINGS };
  for (const key of Object.keys(ENV) as (keyof MonitoringSettings)[]) {
    const raw = env[ENV[key]];
    if (raw === undefined || raw === '') continue;
    const n = Number(raw);
    if (!Number.isInteger(n) || n < (key === 'hostSource' || key === 'sendIntervalMs' ? 0 : 1))
      throw new Error(`${ENV[key]} must be a positive integer, not "${raw}"`);
    s[key] = n;
  }
  if (s.pings > 50) throw new Error('PVA_MONITORING_PINGS must be at most 50');
  return s;
}
