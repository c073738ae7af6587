/** Tunables of the compliance centre, from the environment (docs/compliance.md). */
export interface ComplianceSettings {
  /** Minutes between scheduled runs of the evidence checks. */
  everyMinutes: number;
  /** Days runs and their results are kept. */
  retentionDays: number;
  /** NTP server the clock check (12.4.4) asks: host or host:port (123); undefined = not configured. */
  ntpServer: { host: string; port: number } | undefined;
}

export const COMPLIANCE_ENV = {
  everyMinutes: 'PVA_COMPLIANCE_EVERY_MINUTES',
  retentionDays: 'PVA_COMPLIANCE_RETENTION_DAYS',
  ntpServer: 'PVA_NTP_SERVER',
} as const;

const int = (key: string, raw: string | undefined, dflt: number, min: number, max: number): number => {
  if (raw === undefined || raw === '') return dflt;
  const n = Number(raw);
  if (!/^\d+$/.test(raw) || n < min || n > max)
    throw new Error(`${key} expects a whole number from ${min} to ${max}, not "${raw}"`);
  return n;
};

/** Parses `host`, `host:port` or `[v6]:port`. */
export function parseNtpServer(raw: string): { host: string; port: number } | undefined {
  const m =
    /^\[([0-9a-fA-F:.]+)\](?::(\d{1,5}))?$/.exec(raw) ?? /^([A-Za-z0-9.\-_]+)(?::(\d{1,5}))?$/.exec(raw);
  if (!m) {
    // a bare IPv6 address without brackets
    if (/^[0-9a-fA-F:]+$/.test(raw) && raw.includes(':')) return { host: raw, port: 123 };
    return undefined;
  }
  const port = m[2] ? Number(m[2]) : 123;
  if (port < 1 || port > 65535) return undefined;
  return { host: m[1]!, port };
}

/** Reads the settings; throws an Error whose message starts with the offending key. */
export function complianceSettings(env: Record<string, string | undefined>): ComplianceSettings {
  const ntpRaw = env[COMPLIANCE_ENV.ntpServer]?.trim();
  let ntpServer: ComplianceSettings['ntpServer'];
  if (ntpRaw) {
    ntpServer = parseNtpServer(ntpRaw);
    if (!ntpServer)
      throw new Error(
        `${COMPLIANCE_ENV.ntpServer} expects host or host:port (e.g. ntp.nict.jp), not "${ntpRaw}"`,
      );
  }
  return {
    everyMinutes: int(COMPLIANCE_ENV.everyMinutes, env[COMPLIANCE_ENV.everyMinutes], 60, 5, 1440),
    retentionDays: int(COMPLIANCE_ENV.retentionDays, env[COMPLIANCE_ENV.retentionDays], 400, 1, 3650),
    ntpServer,
  };
}
