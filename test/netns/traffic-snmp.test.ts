import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes, randomInt } from 'node:crypto';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { db } from '../../src/db/context.ts';
import { run } from '../../src/modules/dataplane/drivers/linux/exec.ts';
import { collectDue } from '../../src/modules/traffic/collect.ts';
import { upsertCollector } from '../../src/modules/traffic/collector-repository.ts';
import { OID } from '../../src/modules/traffic/snmp.ts';
import { createTestDatabase, engineName, type TestDatabase } from '../support/db.ts';
import { addConnection, addPort, createNet, KEYS, mapInterface, sys } from '../traffic/support.ts';
import { isRoot } from './lab.ts';

/**
 * Real snmpd in a PE namespace serving its interface counters; a customer namespace sends UDP at a
 * fixed rate through the PE's interface c0 (iperf3). PVA polls the counters over SNMP v2c and v3 (and
 * reads the same interface through the Linux collector) and must store the sent rate, ±5 %.
 * Layout (random name prefix, everything removed afterwards):
 *   host  zXXXXh 198.18.A.B+1/30 ── m0 198.18.A.B+2  [PE ns, snmpd on udp:198.18.A.B+2:PORT]
 *   [PE ns] c0 198.19.A.B+1/30 ── u0 198.19.A.B+2 [customer ns, iperf3 client]
 */
const ROOT = isRoot();
const prefix = `z${randomBytes(2).toString('hex')}`;
const PE = `${prefix}pe`;
const CUST = `${prefix}cu`;
const HOSTIF = `${prefix}h`;
const a = randomInt(0, 255);
const b = randomInt(0, 63) * 4;
const MGMT_HOST = `198.18.${a}.${b + 1}`;
const MGMT_PE = `198.18.${a}.${b + 2}`;
const C_PE = `198.19.${a}.${b + 1}`;
const C_CUST = `198.19.${a}.${b + 2}`;
const PORT = 20_000 + randomInt(0, 20_000);
const COMMUNITY = `pva${randomBytes(4).toString('hex')}`;
const dir = join(tmpdir(), `pva-traffic-${prefix}`);
const V3 = {
  user: `pva${randomBytes(3).toString('hex')}`,
  authKey: randomBytes(8).toString('hex'),
  privKey: randomBytes(8).toString('hex'),
};
const RATE = 40_000_000;
const LEN = 1400;
// on the wire per datagram: payload + UDP 8 + IPv4 20 + Ethernet 14 (the counters count frames)
const EXPECTED = (RATE * (LEN + 42)) / LEN;

const ip = (args: string[]) => run('ip', args);
const procs: ChildProcess[] = [];
let snmpd: ChildProcess | null = null;

/**
 * snmpd in the foreground in the PE namespace, its configuration (a v2c community and a v3 user,
 * SHA/AES) read from the test's own directory (SNMPCONFPATH), its persistent state (engine boots,
 * localized v3 keys) kept in a temporary directory.
 */
function startSnmpd(): ChildProcess {
  const p = spawn(
    'ip',
    ['netns', 'exec', PE, 'snmpd', '-f', '-Lf', join(dir, 'snmpd.log'), '-p', join(dir, 'snmpd.pid')],
    {
      env: { ...process.env, SNMPCONFPATH: dir, SNMP_PERSISTENT_DIR: join(dir, 'persist') },
      stdio: 'ignore',
    },
  );
  procs.push(p);
  return p;
}

async function snmpIn(): Promise<string | null> {
  const r = await run(
    'snmpget',
    [
      '-v2c',
      '-c',
      COMMUNITY,
      '-Oqv',
      '-t',
      '1',
      '-r',
      '0',
      `${MGMT_PE}:${PORT}`,
      `${OID.ifHCInOctets}.${ifIndex}`,
    ],
    { allowFail: true },
  );
  return r.code === 0 ? r.stdout.trim() : null;
}
let ifIndex = 0;

/** Waits until snmpd's counter cache refreshes, so the next poll reads fresh counters. */
async function waitFresh(): Promise<void> {
  const first = await snmpIn();
  for (let i = 0; i < 100; i++) {
    await sleep(100);
    if ((await snmpIn()) !== first) return;
  }
  throw new Error('the SNMP counters did not change');
}

async function waitSnmpd(): Promise<void> {
  for (let i = 0; i < 100; i++) {
    const r = await run(
      'snmpget',
      ['-v2c', '-c', COMMUNITY, '-t', '1', '-r', '0', `${MGMT_PE}:${PORT}`, OID.sysUpTime],
      { allowFail: true },
    );
    if (r.code === 0) return;
    await sleep(100);
  }
  throw new Error('snmpd did not answer');
}

describe.skipIf(!ROOT)(`traffic counters from a real snmpd in a namespace (${engineName})`, () => {
  let t: TestDatabase;
  let snmpConn: string;
  let linuxConn: string;
  let v3Conn: string;

  beforeAll(async () => {
    mkdirSync(join(dir, 'persist'), { recursive: true, mode: 0o700 });
    writeFileSync(
      join(dir, 'snmpd.conf'),
      `agentAddress udp:${MGMT_PE}:${PORT}\nrocommunity ${COMMUNITY} default\n` +
        `createUser ${V3.user} SHA "${V3.authKey}" AES "${V3.privKey}"\nrouser ${V3.user} priv\n`,
    );
    for (const ns of [PE, CUST]) {
      await ip(['netns', 'add', ns]);
      await ip(['-n', ns, 'link', 'set', 'lo', 'up']);
    }
    await ip(['link', 'add', HOSTIF, 'type', 'veth', 'peer', 'name', 'm0', 'netns', PE]);
    await ip(['addr', 'add', `${MGMT_HOST}/30`, 'dev', HOSTIF]);
    await ip(['link', 'set', HOSTIF, 'up']);
    await ip(['-n', PE, 'addr', 'add', `${MGMT_PE}/30`, 'dev', 'm0']);
    await ip(['-n', PE, 'link', 'set', 'm0', 'up']);
    await ip(['link', 'add', 'c0', 'netns', PE, 'type', 'veth', 'peer', 'name', 'u0', 'netns', CUST]);
    await ip(['-n', PE, 'addr', 'add', `${C_PE}/30`, 'dev', 'c0']);
    await ip(['-n', CUST, 'addr', 'add', `${C_CUST}/30`, 'dev', 'u0']);
    await ip(['-n', PE, 'link', 'set', 'c0', 'up']);
    await ip(['-n', CUST, 'link', 'set', 'u0', 'up']);
    ifIndex = Number(
      (await run('ip', ['netns', 'exec', PE, 'cat', '/sys/class/net/c0/ifindex'])).stdout.trim(),
    );
    snmpd = startSnmpd();
    await waitSnmpd();

    t = await createTestDatabase();
    const snmpNet = await createNet(t.database);
    const linuxNet = await createNet(t.database);
    const v3Net = await createNet(t.database);
    v3Conn = await addConnection(t.database, v3Net, await addPort(t.database, v3Net, 1000), 100);
    await mapInterface(t.database, v3Net, v3Conn, 'c0');
    snmpConn = await addConnection(t.database, snmpNet, await addPort(t.database, snmpNet, 1000), 100);
    linuxConn = await addConnection(t.database, linuxNet, await addPort(t.database, linuxNet, 1000), 100);
    await mapInterface(t.database, snmpNet, snmpConn, 'c0');
    await mapInterface(t.database, linuxNet, linuxConn, 'c0');
    await sys(t.database, async () => {
      await upsertCollector(
        snmpNet.deviceId,
        'snmp',
        { host: MGMT_PE, port: PORT, community: COMMUNITY },
        60,
        true,
        KEYS,
      );
      await upsertCollector(linuxNet.deviceId, 'linux', { namespace: PE }, 60, true, KEYS);
      await upsertCollector(
        v3Net.deviceId,
        'snmp',
        {
          host: MGMT_PE,
          port: PORT,
          version: '3',
          user: V3.user,
          authProtocol: 'sha',
          authKey: V3.authKey,
          privProtocol: 'aes',
          privKey: V3.privKey,
        },
        60,
        true,
        KEYS,
      );
    });
  }, 180_000);

  afterAll(async () => {
    for (const p of procs) p.kill('SIGKILL');
    await t?.close();
    await ip(['link', 'del', HOSTIF]).catch(() => undefined);
    for (const ns of [PE, CUST]) await ip(['netns', 'del', ns]).catch(() => undefined);
    rmSync(dir, { recursive: true, force: true });
  });

  const due = () =>
    sys(t.database, () =>
      db()
        .updateTable('ops.traffic_collector')
        .set({ next_due_at: new Date(0) })
        .execute(),
    );
  const rawOf = (c: string) =>
    sys(t.database, () =>
      db().selectFrom('ops.traffic_raw').selectAll().where('connection_id', '=', c).orderBy('at').execute(),
    );
  const rate = (r: { in_octets: string | number; seconds: number }) => (Number(r.in_octets) * 8) / r.seconds;

  it('a fixed-rate stream through the interface appears as its bit rate (±5 %)', async () => {
    const server = spawn('ip', ['netns', 'exec', PE, 'iperf3', '-s', '-B', C_PE, '-p', '5201'], {
      stdio: 'ignore',
    });
    procs.push(server);
    await sleep(500);
    const client = spawn(
      'ip',
      [
        'netns',
        'exec',
        CUST,
        'iperf3',
        '-c',
        C_PE,
        '-p',
        '5201',
        '-u',
        '-b',
        String(RATE),
        '-l',
        String(LEN),
        '-t',
        '40',
      ],
      { stdio: 'ignore' },
    );
    procs.push(client);
    // the stream stops with this test, passed or failed
    onTestFinished(() => {
      client.kill('SIGKILL');
      server.kill('SIGKILL');
    });
    await sleep(4000);
    await waitFresh();
    expect((await collectDue(t.database, KEYS)).devices).toBe(3);
    await sleep(20_000);
    await due();
    await waitFresh();
    const second = await collectDue(t.database, KEYS);
    expect(second.devices).toBe(3);
    const errors = await sys(t.database, () =>
      db()
        .selectFrom('ops.traffic_collector')
        .select('last_error')
        .where('last_error', 'is not', null)
        .execute(),
    );
    expect(errors, readFileSync(join(dir, 'snmpd.log'), 'utf8').slice(-600)).toEqual([]);
    expect(second.written).toBe(3);
    // SNMP v2c, SNMP v3 (SHA/AES) and the Linux counters
    for (const c of [snmpConn, v3Conn, linuxConn]) {
      const raw = await rawOf(c);
      expect(raw).toHaveLength(1);
      expect(Math.abs(rate(raw[0]!) - EXPECTED) / EXPECTED).toBeLessThan(0.05);
    }
  }, 90_000);

  it('a restarted agent (uptime back) is a reset: no interval, no spike', async () => {
    snmpd?.kill('SIGTERM');
    await sleep(500);
    snmpd = startSnmpd();
    await waitSnmpd();
    await due();
    await collectDue(t.database, KEYS);
    expect(await rawOf(snmpConn)).toHaveLength(1);
    const state = await sys(t.database, () =>
      db()
        .selectFrom('ops.traffic_interface')
        .select('resets')
        .where('connection_id', '=', snmpConn)
        .executeTakeFirstOrThrow(),
    );
    expect(state.resets).toBe(1);
    await sleep(4000);
    await due();
    await collectDue(t.database, KEYS);
    const raw = await rawOf(snmpConn);
    expect(raw).toHaveLength(2);
    expect(rate(raw[1]!)).toBeLessThan(1_000_000);
  }, 180_000);

  it('a recreated interface (counters back to zero) is a reset, not a wrap', async () => {
    const before = (await rawOf(linuxConn)).length;
    await ip(['-n', PE, 'link', 'del', 'c0']);
    await ip(['link', 'add', 'c0', 'netns', PE, 'type', 'veth', 'peer', 'name', 'u0', 'netns', CUST]);
    await ip(['-n', PE, 'link', 'set', 'c0', 'up']);
    await due();
    await collectDue(t.database, KEYS);
    const raw = await rawOf(linuxConn);
    expect(raw).toHaveLength(before);
    expect(Math.max(...raw.map(rate))).toBeLessThan(EXPECTED * 1.05);
    const state = await sys(t.database, () =>
      db()
        .selectFrom('ops.traffic_interface')
        .select('resets')
        .where('connection_id', '=', linuxConn)
        .executeTakeFirstOrThrow(),
    );
    expect(state.resets).toBe(1);
  }, 180_000);
});

describe.skipIf(ROOT)('traffic counters from a real snmpd in a namespace', () => {
  it.skip('needs root (network namespaces, veth, snmpd): run as root, as CI does', () => undefined);
});
