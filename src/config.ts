import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { normaliseCidr } from './lib/ip.ts';
import {
  MONITORING_ENV,
  monitoringSettings,
  type MonitoringSettings,
} from './modules/monitoring/settings.ts';
import { VULN_ENV, vulnSettings, type VulnSettings } from './modules/vulnerabilities/settings.ts';
import {
  COMPLIANCE_ENV,
  complianceSettings,
  type ComplianceSettings,
} from './modules/compliance/settings.ts';
import { parseReminderDays } from './modules/notices/settings.ts';
import { REPORTS_ENV, reportsSettings, type ReportsConfig } from './modules/reports/settings.ts';

/** Validated runtime configuration. Every key comes from the environment or an optional JSON file. */
export interface Config {
  dataDir: string;
  databaseUrl: string | undefined;
  /** PostgreSQL: connections in each process's pool, and how long a request waits for one (then 503). */
  pool: { max: number; connectTimeoutMs: number };
  portal: { host: string; port: number };
  mgmt: { host: string; port: number };
  tlsCert: string | undefined;
  tlsKey: string | undefined;
  timezone: string;
  smtp: { url: string | undefined; from: string };
  trustedProxies: string[];
  /** CIDRs allowed to log in on the management listener (empty: any address that reaches it). */
  staffAllowlist: string[];
  /** Public base URLs used in emails and for passkeys; default: the listener's address. */
  portalUrl: string | undefined;
  mgmtUrl: string | undefined;
  provider: {
    name: { ja: string; en: string };
    address: { ja: string; en: string };
    inquiry: { email: string; phone: string; hours: { ja: string; en: string } };
    dataLocation: { ja: string; en: string };
    jurisdiction: { ja: string; en: string };
    policyUrl: string | undefined;
  };
  /** Service codes: prefix + 8 digits, optionally + a Luhn check digit over the digits. */
  serviceCode: { prefix: string; checkDigit: 'luhn' | 'none' };
  logLevel: string;
  /** File holding the base64 master key that wraps every tenant data key (created on first use). */
  masterKeyFile: string;
  /** Ed25519 key (PKCS#8 PEM) that signs audit checkpoints, evidence bundles and erasure certificates */
  signingKeyFile: string;
  /** Reachability monitoring tunables (PVA_MONITORING_*; docs/monitoring.md). */
  monitoring: MonitoringSettings;
  /** Vulnerability management: SLA days, advisory feeds, product aliases (docs/vulnerabilities.md). */
  vulnerabilities: VulnSettings;
  /** Compliance centre: check schedule, history retention, NTP server (docs/compliance.md). */
  compliance: ComplianceSettings;
  network: {
    /** The provider's AS number: route distinguishers and targets are ASN:VNI. */
    asn: number;
    /** Days an erased tenant's isolation identifiers stay unusable before reuse. */
    isolationQuarantineDays: number;
  };
  /** Days each traffic resolution is kept (0 = forever): raw 1-minute, 5-minute, 1-hour, 1-day. */
  traffic: { rawDays: number; fiveMinuteDays: number; hourDays: number; dayDays: number; parallel: number };
  /** Evidence on request (docs/evidence.md): the longest window a customer may ask for; days a bundle stays downloadable. */
  evidence: { maxWindowDays: number; keepDays: number };
  /** Announcements: days before a maintenance window on which reminders are emailed (docs/notices.md). */
  notices: { reminderDays: number[] };
  /** Mail delivery, event report attachments and records retention (docs/reports.md). */
  mail: ReportsConfig['mail'];
  reports: ReportsConfig['reports'];
  retention: ReportsConfig['retention'];
  /** Termination and erasure (docs/lifecycle.md): admin export grace, default erasure day, batch size. */
  lifecycle: { graceDays: number; erasureDelayDays: number; erasureBatch: number };
}

export class ConfigError extends Error {
  readonly key: string;
  constructor(key: string, message: string, options?: ErrorOptions) {
    super(`configuration error: ${key}: ${message}`, options);
    this.key = key;
  }
}

const KNOWN_KEYS = [
  'PVA_CONFIG_FILE',
  'PVA_DATA_DIR',
  'PVA_DATABASE_URL',
  'PVA_DB_POOL_MAX',
  'PVA_DB_POOL_WAIT_MS',
  'PVA_PORTAL_ADDR',
  'PVA_MGMT_ADDR',
  'PVA_TLS_CERT',
  'PVA_TLS_KEY',
  'PVA_TIMEZONE',
  'PVA_SMTP_URL',
  'PVA_SMTP_FROM',
  'PVA_TRUSTED_PROXIES',
  'PVA_STAFF_ALLOWLIST',
  'PVA_PORTAL_URL',
  'PVA_MGMT_URL',
  'PVA_PROVIDER_NAME_JA',
  'PVA_PROVIDER_NAME_EN',
  'PVA_PROVIDER_ADDRESS_JA',
  'PVA_PROVIDER_ADDRESS_EN',
  'PVA_INQUIRY_EMAIL',
  'PVA_TERMINATION_GRACE_DAYS',
  'PVA_ERASURE_DELAY_DAYS',
  'PVA_ERASURE_BATCH',
  'PVA_INQUIRY_PHONE',
  'PVA_INQUIRY_HOURS_JA',
  'PVA_INQUIRY_HOURS_EN',
  'PVA_DATA_LOCATION_JA',
  'PVA_DATA_LOCATION_EN',
  'PVA_JURISDICTION_JA',
  'PVA_JURISDICTION_EN',
  'PVA_POLICY_URL',
  'PVA_SERVICE_CODE_PREFIX',
  'PVA_SERVICE_CODE_CHECK_DIGIT',
  'PVA_LOG_LEVEL',
  'PVA_MASTER_KEY_FILE',
  'PVA_SIGNING_KEY_FILE',
  'PVA_NETWORK_ASN',
  'PVA_ISOLATION_QUARANTINE_DAYS',
  'PVA_TRAFFIC_RAW_DAYS',
  'PVA_TRAFFIC_5M_DAYS',
  'PVA_TRAFFIC_1H_DAYS',
  'PVA_TRAFFIC_1D_DAYS',
  'PVA_TRAFFIC_PARALLEL',
  'PVA_EVIDENCE_MAX_WINDOW_DAYS',
  'PVA_EVIDENCE_KEEP_DAYS',
  'PVA_NOTICE_REMINDER_DAYS',
  ...Object.values(MONITORING_ENV),
  ...Object.values(VULN_ENV),
  ...Object.values(COMPLIANCE_ENV),
  ...REPORTS_ENV,
] as const;
type Key = (typeof KNOWN_KEYS)[number];
type Source = Partial<Record<string, string | undefined>>;

export function parseAddr(key: string, value: string): { host: string; port: number } {
  const m = /^(\[[0-9a-fA-F:.]+\]|[^:\s]+):(\d{1,5})$/.exec(value.trim());
  if (!m) throw new ConfigError(key, `expected host:port (e.g. 127.0.0.1:9443), got "${value}"`);
  const port = Number(m[2]);
  if (port < 0 || port > 65535) throw new ConfigError(key, `port ${port} is out of range 0-65535`);
  return { host: m[1]!.replace(/^\[|\]$/g, ''), port };
}

function checkTimezone(key: string, tz: string): string {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
  } catch {
    throw new ConfigError(key, `unknown IANA time zone "${tz}" (e.g. Asia/Tokyo)`);
  }
  return tz;
}

function checkUrl(key: string, value: string | undefined, protocols: string[]): string | undefined {
  if (value === undefined || value === '') return undefined;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new ConfigError(key, `not a valid URL`);
  }
  if (!protocols.includes(url.protocol)) {
    throw new ConfigError(key, `expected a ${protocols.join(' or ')} URL, got ${url.protocol}`);
  }
  return value;
}

function serviceCodeConfig(prefix = 'PVA', checkDigit = 'none'): Config['serviceCode'] {
  if (!/^[A-Z]{1,8}$/.test(prefix)) {
    throw new ConfigError('PVA_SERVICE_CODE_PREFIX', `expected 1 to 8 capital letters A-Z, got "${prefix}"`);
  }
  if (checkDigit !== 'luhn' && checkDigit !== 'none') {
    throw new ConfigError('PVA_SERVICE_CODE_CHECK_DIGIT', `expected luhn or none, got "${checkDigit}"`);
  }
  return { prefix, checkDigit };
}

/** Reads configuration from `env` (and the JSON file named by PVA_CONFIG_FILE); env wins over the file. */
export function loadConfig(env: Source = process.env, overrides: Partial<Record<Key, string>> = {}): Config {
  let file: Source = {};
  const filePath = overrides.PVA_CONFIG_FILE ?? env.PVA_CONFIG_FILE;
  if (filePath) {
    let text: string;
    try {
      text = readFileSync(filePath, 'utf8');
    } catch (e) {
      throw new ConfigError('PVA_CONFIG_FILE', `cannot read ${filePath}: ${(e as Error).message}`);
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      throw new ConfigError('PVA_CONFIG_FILE', `${filePath} is not valid JSON`);
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
      throw new ConfigError('PVA_CONFIG_FILE', `${filePath} must hold a JSON object of PVA_* keys`);
    }
    for (const [k, v] of Object.entries(parsed)) {
      if (!(KNOWN_KEYS as readonly string[]).includes(k))
        throw new ConfigError(k, `unknown key in ${filePath}`);
      if (typeof v !== 'string') throw new ConfigError(k, `must be a string in ${filePath}`);
    }
    file = parsed;
  }
  const get = (k: Key): string | undefined => {
    const v = overrides[k] ?? env[k] ?? file[k];
    return v === '' ? undefined : v;
  };
  for (const k of Object.keys(env)) {
    if (
      k.startsWith('PVA_') &&
      !(KNOWN_KEYS as readonly string[]).includes(k) &&
      !k.startsWith('PVA_TEST_')
    ) {
      throw new ConfigError(k, `unknown configuration key (known: ${KNOWN_KEYS.join(', ')})`);
    }
  }
  const tlsCert = get('PVA_TLS_CERT');
  const tlsKey = get('PVA_TLS_KEY');
  if ((tlsCert === undefined) !== (tlsKey === undefined)) {
    throw new ConfigError(
      tlsCert ? 'PVA_TLS_KEY' : 'PVA_TLS_CERT',
      'PVA_TLS_CERT and PVA_TLS_KEY must be set together',
    );
  }
  const logLevel = get('PVA_LOG_LEVEL') ?? 'info';
  if (!['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'].includes(logLevel)) {
    throw new ConfigError('PVA_LOG_LEVEL', `expected one of fatal, error, warn, info, debug, trace, silent`);
  }
  const asn = intKey('PVA_NETWORK_ASN', get('PVA_NETWORK_ASN') ?? '64512', 1, 4294967295);
  const quarantine = intKey(
    'PVA_ISOLATION_QUARANTINE_DAYS',
    get('PVA_ISOLATION_QUARANTINE_DAYS') ?? '90',
    0,
    3650,
  );
  const dataDir = resolve(get('PVA_DATA_DIR') ?? './data');
  const from = get('PVA_SMTP_FROM') ?? 'PVA <noreply@pva.invalid>';
  if (!/@/.test(from)) throw new ConfigError('PVA_SMTP_FROM', 'must contain an email address');
  return {
    dataDir,
    databaseUrl: checkUrl('PVA_DATABASE_URL', get('PVA_DATABASE_URL'), ['postgres:', 'postgresql:']),
    pool: {
      max: intKey('PVA_DB_POOL_MAX', get('PVA_DB_POOL_MAX') ?? '10', 1, 1000),
      connectTimeoutMs: intKey('PVA_DB_POOL_WAIT_MS', get('PVA_DB_POOL_WAIT_MS') ?? '10000', 100, 600_000),
    },
    portal: parseAddr('PVA_PORTAL_ADDR', get('PVA_PORTAL_ADDR') ?? '0.0.0.0:8443'),
    mgmt: parseAddr('PVA_MGMT_ADDR', get('PVA_MGMT_ADDR') ?? '127.0.0.1:9443'),
    tlsCert,
    tlsKey,
    timezone: checkTimezone('PVA_TIMEZONE', get('PVA_TIMEZONE') ?? 'Asia/Tokyo'),
    smtp: { url: checkUrl('PVA_SMTP_URL', get('PVA_SMTP_URL'), ['smtp:', 'smtps:']), from },
    trustedProxies: (get('PVA_TRUSTED_PROXIES') ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean),
    staffAllowlist: (get('PVA_STAFF_ALLOWLIST') ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean)
      .map((c) => {
        const n = normaliseCidr(c);
        if (!n) throw new ConfigError('PVA_STAFF_ALLOWLIST', `"${c}" is not an IPv4/IPv6 address or CIDR`);
        return n;
      }),
    portalUrl: checkUrl('PVA_PORTAL_URL', get('PVA_PORTAL_URL'), ['https:'])?.replace(/\/$/, ''),
    mgmtUrl: checkUrl('PVA_MGMT_URL', get('PVA_MGMT_URL'), ['https:'])?.replace(/\/$/, ''),
    provider: {
      name: {
        ja: get('PVA_PROVIDER_NAME_JA') ?? 'PVA ネットワークサービス株式会社',
        en: get('PVA_PROVIDER_NAME_EN') ?? 'PVA Network Services K.K.',
      },
      address: {
        ja: get('PVA_PROVIDER_ADDRESS_JA') ?? '東京都千代田区丸の内一丁目1番1号',
        en: get('PVA_PROVIDER_ADDRESS_EN') ?? '1-1-1 Marunouchi, Chiyoda-ku, Tokyo, Japan',
      },
      inquiry: {
        email: get('PVA_INQUIRY_EMAIL') ?? 'support@pva.invalid',
        phone: get('PVA_INQUIRY_PHONE') ?? '0120-000-000',
        hours: {
          ja: get('PVA_INQUIRY_HOURS_JA') ?? '24時間365日',
          en: get('PVA_INQUIRY_HOURS_EN') ?? '24 hours a day, 365 days a year',
        },
      },
      dataLocation: {
        ja: get('PVA_DATA_LOCATION_JA') ?? '日本国内',
        en: get('PVA_DATA_LOCATION_EN') ?? 'Japan',
      },
      jurisdiction: {
        ja: get('PVA_JURISDICTION_JA') ?? '東京地方裁判所を第一審の専属的合意管轄裁判所とします',
        en: get('PVA_JURISDICTION_EN') ?? 'Tokyo District Court has exclusive jurisdiction of first instance',
      },
      policyUrl: checkUrl('PVA_POLICY_URL', get('PVA_POLICY_URL'), ['https:', 'http:']),
    },
    serviceCode: serviceCodeConfig(get('PVA_SERVICE_CODE_PREFIX'), get('PVA_SERVICE_CODE_CHECK_DIGIT')),
    logLevel,
    monitoring: monitoringConfig(get),
    vulnerabilities: vulnConfig(get),
    compliance: complianceConfig(get),
    ...reportsConfig(get),
    masterKeyFile: resolve(get('PVA_MASTER_KEY_FILE') ?? `${dataDir}/master.key`),
    signingKeyFile: resolve(get('PVA_SIGNING_KEY_FILE') ?? `${dataDir}/signing.key`),
    network: { asn, isolationQuarantineDays: quarantine },
    traffic: {
      rawDays: intKey('PVA_TRAFFIC_RAW_DAYS', get('PVA_TRAFFIC_RAW_DAYS') ?? '7', 1, 36500),
      fiveMinuteDays: intKey('PVA_TRAFFIC_5M_DAYS', get('PVA_TRAFFIC_5M_DAYS') ?? '90', 1, 36500),
      hourDays: intKey('PVA_TRAFFIC_1H_DAYS', get('PVA_TRAFFIC_1H_DAYS') ?? '730', 1, 36500),
      dayDays: intKey('PVA_TRAFFIC_1D_DAYS', get('PVA_TRAFFIC_1D_DAYS') ?? '0', 0, 36500),
      parallel: intKey('PVA_TRAFFIC_PARALLEL', get('PVA_TRAFFIC_PARALLEL') ?? '8', 1, 256),
    },
    evidence: {
      maxWindowDays: intKey(
        'PVA_EVIDENCE_MAX_WINDOW_DAYS',
        get('PVA_EVIDENCE_MAX_WINDOW_DAYS') ?? '93',
        1,
        3660,
      ),
      keepDays: intKey('PVA_EVIDENCE_KEEP_DAYS', get('PVA_EVIDENCE_KEEP_DAYS') ?? '14', 1, 365),
    },
    notices: { reminderDays: reminderDays(get('PVA_NOTICE_REMINDER_DAYS')) },
    lifecycle: {
      graceDays: intKey('PVA_TERMINATION_GRACE_DAYS', get('PVA_TERMINATION_GRACE_DAYS') ?? '14', 0, 90),
      erasureDelayDays: intKey('PVA_ERASURE_DELAY_DAYS', get('PVA_ERASURE_DELAY_DAYS') ?? '30', 0, 89),
      erasureBatch: intKey('PVA_ERASURE_BATCH', get('PVA_ERASURE_BATCH') ?? '5000', 1, 1000000),
    },
  };
}

function reportsConfig(get: (k: Key) => string | undefined): ReportsConfig {
  try {
    return reportsSettings(get);
  } catch (e) {
    const msg = (e as Error).message;
    const key = REPORTS_ENV.find((k) => msg.startsWith(`${k} `)) ?? 'PVA_MAIL_*';
    throw new ConfigError(key, msg.replace(`${key} `, ''));
  }
}

function vulnConfig(get: (k: Key) => string | undefined): VulnSettings {
  const values: Record<string, string | undefined> = {};
  for (const k of Object.values(VULN_ENV)) values[k] = get(k);
  try {
    return vulnSettings(values);
  } catch (e) {
    const msg = (e as Error).message;
    const key = Object.values(VULN_ENV).find((k) => msg.startsWith(k)) ?? 'PVA_VULN_*';
    throw new ConfigError(key, msg.replace(`${key} `, ''));
  }
}

function complianceConfig(get: (k: Key) => string | undefined): ComplianceSettings {
  const values: Record<string, string | undefined> = {};
  for (const k of Object.values(COMPLIANCE_ENV)) values[k] = get(k);
  try {
    return complianceSettings(values);
  } catch (e) {
    const msg = (e as Error).message;
    const key = Object.values(COMPLIANCE_ENV).find((k) => msg.startsWith(k)) ?? 'PVA_COMPLIANCE_*';
    throw new ConfigError(key, msg.replace(`${key} `, ''));
  }
}

function monitoringConfig(get: (k: Key) => string | undefined): MonitoringSettings {
  const values: Record<string, string | undefined> = {};
  for (const k of Object.values(MONITORING_ENV)) values[k] = get(k);
  try {
    return monitoringSettings(values);
  } catch (e) {
    const msg = (e as Error).message;
    const key = Object.values(MONITORING_ENV).find((k) => msg.startsWith(k)) ?? 'PVA_MONITORING_*';
    throw new ConfigError(key, msg.replace(`${key} `, ''));
  }
}

function reminderDays(value: string | undefined): number[] {
  try {
    return parseReminderDays(value);
  } catch (e) {
    throw new ConfigError('PVA_NOTICE_REMINDER_DAYS', (e as Error).message);
  }
}

function intKey(key: string, value: string, min: number, max: number): number {
  if (!/^\d+$/.test(value)) throw new ConfigError(key, `expected a whole number, got "${value}"`);
  const n = Number(value);
  if (n < min || n > max) throw new ConfigError(key, `expected ${min} to ${max}, got ${n}`);
  return n;
}
