import { parseAliases } from './aliases.ts';

/** Tunables of vulnerability management, from the environment (docs/vulnerabilities.md). */
export type SlaSeverity = 'critical' | 'high' | 'medium' | 'low';
export interface VulnSettings {
  /** days from the first match to the due date, per severity (none/unknown use `low`) */
  slaDays: Record<SlaSeverity, number>;
  /** advisory feeds fetched every hour: each URL serves one CSAF/OSV document or a JSON array of them */
  feedUrls: string[];
  /** extra vendor/product aliases (aliases.ts) */
  aliases: Record<string, string>;
}

export const VULN_ENV = {
  slaDays: 'PVA_VULN_SLA_DAYS',
  feedUrls: 'PVA_ADVISORY_FEED_URLS',
  aliases: 'PVA_VULN_PRODUCT_ALIASES',
} as const;

export const DEFAULT_SLA: Record<SlaSeverity, number> = { critical: 7, high: 30, medium: 90, low: 180 };

/** Reads the settings; throws an Error whose message starts with the offending key. */
export function vulnSettings(env: Record<string, string | undefined>): VulnSettings {
  const slaDays = { ...DEFAULT_SLA };
  const sla = env[VULN_ENV.slaDays];
  if (sla) {
    for (const part of sla
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean)) {
      const m = /^(critical|high|medium|low):(\d{1,4})$/.exec(part);
      if (!m || Number(m[2]) < 1)
        throw new Error(
          `${VULN_ENV.slaDays} expects severity:days pairs (e.g. critical:7,high:30), not "${part}"`,
        );
      slaDays[m[1] as SlaSeverity] = Number(m[2]);
    }
  }
  const feedUrls = (env[VULN_ENV.feedUrls] ?? '')
    .split(/[\s,]+/)
    .map((s) => s.trim())
    .filter(Boolean);
  for (const u of feedUrls) {
    if (!URL.canParse(u) || !['http:', 'https:'].includes(new URL(u).protocol))
      throw new Error(`${VULN_ENV.feedUrls} holds "${u}", which is not an http(s) URL`);
  }
  let aliases: Record<string, string>;
  try {
    aliases = parseAliases(env[VULN_ENV.aliases]);
  } catch (e) {
    throw new Error(`${VULN_ENV.aliases} ${(e as Error).message}`, { cause: e });
  }
  return { slaDays, feedUrls, aliases };
}
