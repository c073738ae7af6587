import type { Config } from '../../config.ts';
import type { Database } from '../../db/client.ts';
import { inTransaction, systemScope } from '../../db/context.ts';
import { claimDue, finishPolls, type DueCollector } from './collector-repository.ts';
import { readLinuxCounters } from './linux.ts';
import {
  forgetDeviceState,
  ingestMany,
  interfacesOfDevices,
  type DevicePoll,
  type IngestResult,
  type InterfaceRow,
} from './repository.ts';
import { openSecrets, sealClearSecretsOnce, type CollectorSecrets } from './secrets.ts';
import { pollSnmp, type InterfaceCounters, type SnmpV3User } from './snmp.ts';

/**
 * One collection round: claim the devices due (each claim commits at once, so other workers
 * skip them), read their counters outside any transaction, and write the samples of the claim
 * together.
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

type Read =
  | { c: DueCollector; ok: true; at: Date; samples: DevicePoll['samples']; note: string | null }
  | { c: DueCollector; ok: false; error: string };

/** Reads one device's counters (outside any transaction). */
async function readPoll(c: DueCollector, ifaces: InterfaceRow[], keys: KeyConfig): Promise<Read> {
  try {
    const r = await readDevice(c, ifaces, keys);
    const samples: DevicePoll['samples'] = [];
    for (const i of ifaces) {
      const v = r.counters.get(r.key(i.if_name, i.namespace));
      if (v) samples.push({ connectionId: i.connection_id, sample: { at: r.at, uptime: r.uptime, ...v } });
    }
    const missing = ifaces.length - samples.length;
    return {
      c,
      ok: true,
      at: r.at,
      samples,
      note: missing ? `${missing} interface(s) not found on the device` : null,
    };
  } catch (e) {
    return { c, ok: false, error: (e as Error).message };
  }
}

/** One device's poll written alone; a start written twice (23505) drops its state (see ingest). */
async function writeOne(database: Database, r: Read & { ok: true }): Promise<IngestResult> {
  try {
    return await inTransaction(database, systemScope(), async () => {
      const [res] = await ingestMany([{ deviceId: r.c.device_id, samples: r.samples }]);
      await finishPolls([{ deviceId: r.c.device_id, at: r.at, error: r.note }]);
      return res!;
    });
  } catch (e) {
    await inTransaction(database, systemScope(), async () => {
      if ((e as { code?: string }).code === '23505') await forgetDeviceState(r.c.device_id);
      await finishPolls([
        { deviceId: r.c.device_id, at: new Date(), error: (e as Error).message.slice(0, 500) },
      ]);
    });
    return { written: 0, resets: 0, skipped: 0 };
  }
}

/**
 * Polls the devices of one claim: their counters are read at once, outside any transaction, and
 * written together in one transaction (one statement for all their intervals). Should that write
 * fail, each device is written on its own, so one device's fault costs the others nothing.
 */
export async function collectDevices(
  database: Database,
  due: DueCollector[],
  keys: KeyConfig,
): Promise<IngestResult[]> {
  if (due.length === 0) return [];
  const ifaces = await inTransaction(database, systemScope(), () =>
    interfacesOfDevices(due.map((c) => c.device_id)),
  );
  const reads = await Promise.all(due.map((c) => readPoll(c, ifaces.get(c.device_id) ?? [], keys)));
  const good = reads.filter((r): r is Read & { ok: true } => r.ok);
  const failed = reads.flatMap((r) =>
    r.ok ? [] : [{ deviceId: r.c.device_id, at: new Date(), error: r.error.slice(0, 500) }],
  );
  const none: IngestResult = { written: 0, resets: 0, skipped: 0 };
  try {
    const written = await inTransaction(database, systemScope(), async () => {
      const res = await ingestMany(good.map((r) => ({ deviceId: r.c.device_id, samples: r.samples })));
      await finishPolls([
        ...good.map((r) => ({ deviceId: r.c.device_id, at: r.at, error: r.note })),
        ...failed,
      ]);
      return res;
    });
    return reads.map((r) => (r.ok ? written[good.indexOf(r)]! : none));
  } catch {
    const out: IngestResult[] = [];
    for (const r of reads) out.push(r.ok ? await writeOne(database, r) : none);
    if (failed.length) await inTransaction(database, systemScope(), () => finishPolls(failed));
    return out;
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
    const results = await collectDevices(database, due, keys);
    devices += due.length;
    written += results.reduce((s, r) => s + r.written, 0);
  }
  return { devices, written };
}
