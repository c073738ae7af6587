import type { Config } from '../../config.ts';
import type { Database } from '../../db/client.ts';
import { inTransaction, systemScope } from '../../db/context.ts';
import { claimDue, finishPoll, type DueCollector } from './collector-repository.ts';
import { readLinuxCounters } from './linux.ts';
import type { CounterSample } from './rate.ts';
import { forgetDeviceState, ingest, interfacesOf, type IngestResult } from './repository.ts';
import { openSecrets, sealClearSecretsOnce, type CollectorSecrets } from './secrets.ts';
import { pollSnmp, type InterfaceCounters, type SnmpV3User } from './snmp.ts';

/**
 * One collection round: claim the devices due (each claim commits at once, so other workers
 * skip them), read their counters outside any transaction, and write the samples.
 */

const str = (v: unknown, d: string): string => (typeof v === 'string' && v ? v : d);
const num = (v: unknown, d: number): number => (typeof v === 'number' && Number.isFinite(v) ? v : d);

type KeyConfig = Pick<Config, 'masterKeyFile'>;

/** The collector's sealed SNMP secrets, opened for this poll only. */
function secretsOf(c: DueCollector, keys: KeyConfig): CollectorSecrets {
  if (!c.secrets_sealed) return {};
  try {
    return openSecrets(keys, c.device_id, c.secrets_sealed);
  } catch {
    throw new Error('the SNMP secrets of this collector cannot be opened (was the master key replaced?)');
  }
}

async function readDevice(
  c: DueCollector,
  ifaces: { if_name: string; namespace: string | null }[],
  keys: KeyConfig,
): Promise<{
  at: Date;
  uptime: bigint | null;
  counters: Map<string, InterfaceCounters>;
  key: (n: string, ns: string | null) => string;
}> {
  if (c.kind === 'snmp') {
    const secret = secretsOf(c, keys);
    const r = await pollSnmp(
      {
        host: str(c.settings.host, c.mgmt_address),
        port: num(c.settings.port, 161),
        community: secret.community ?? 'public',
        v3:
          c.settings.version === '3'
            ? {
                name: str(c.settings.user, ''),
                authProtocol: str(c.settings.authProtocol, 'sha') as SnmpV3User['authProtocol'],
                authKey: secret.authKey ?? '',
                privProtocol: str(c.settings.privProtocol, 'aes') as SnmpV3User['privProtocol'],
                privKey: secret.privKey ?? '',
              }
            : undefined,
        timeoutMs: num(c.settings.timeoutMs, 3000),
      },
      [...new Set(ifaces.map((i) => i.if_name))],
    );
    return { at: r.at, uptime: r.uptime, counters: r.counters, key: (n) => n };
  }
  const base = str(c.settings.namespace, '');
  if (!base) throw new Error('the linux collector needs settings.namespace');
  const byNs = new Map<string, string[]>();
  for (const i of ifaces)
    byNs.set(i.namespace ?? base, [...(byNs.get(i.namespace ?? base) ?? []), i.if_name]);
  const counters = new Map<string, InterfaceCounters>();
  const at = new Date();
  for (const [ns, names] of byNs)
    for (const [n, v] of await readLinuxCounters(ns, names)) counters.set(`${ns}/${n}`, v);
  return { at, uptime: null, counters, key: (n, ns) => `${ns ?? base}/${n}` };
}

export async function collectDevice(
  database: Database,
  c: DueCollector,
  keys: KeyConfig,
): Promise<IngestResult> {
  const ifaces = await inTransaction(database, systemScope(), () => interfacesOf(c.device_id));
  try {
    const r = await readDevice(c, ifaces, keys);
    const samples: { connectionId: string; sample: CounterSample }[] = [];
    for (const i of ifaces) {
      const v = r.counters.get(r.key(i.if_name, i.namespace));
      if (v) samples.push({ connectionId: i.connection_id, sample: { at: r.at, uptime: r.uptime, ...v } });
    }
    const missing = ifaces.length - samples.length;
    return await inTransaction(database, systemScope(), async () => {
      const res = await ingest(c.device_id, samples);
      await finishPoll(c.device_id, r.at, missing ? `${missing} interface(s) not found on the device` : null);
      return res;
    });
  } catch (e) {
    await inTransaction(database, systemScope(), async () => {
      // an interval that was already written (see ingest): the next poll starts from scratch
      if ((e as { code?: string }).code === '23505') await forgetDeviceState(c.device_id);
      await finishPoll(c.device_id, new Date(), (e as Error).message.slice(0, 500));
    });
    return { written: 0, resets: 0, skipped: 0 };
  }
}

/** Polls every device due now, `parallel` at a time, until none is left or the time is up. */
export async function collectDue(
  database: Database,
  keys: KeyConfig,
  opts: { parallel?: number; budgetMs?: number; now?: () => Date } = {},
): Promise<{ devices: number; written: number }> {
  // collectors written before their secrets were sealed are sealed on the first run
  await sealClearSecretsOnce(database, keys);
  const now = opts.now ?? (() => new Date());
  const deadline = Date.now() + (opts.budgetMs ?? 50_000);
  let devices = 0;
  let written = 0;
  while (Date.now() < deadline) {
    const due = await inTransaction(database, systemScope(), () => claimDue(opts.parallel ?? 8, now()));
    if (due.length === 0) break;
    const results = await Promise.all(due.map((c) => collectDevice(database, c, keys)));
    devices += due.length;
    written += results.reduce((s, r) => s + r.written, 0);
  }
  return { devices, written };
}
