import { createSocket, type Socket } from 'node:dgram';
import { createServer as createHttpServer } from 'node:http';
import { createServer as createTlsServer, type SecureVersion } from 'node:tls';
import type { AddressInfo } from 'node:net';
import { sql } from 'kysely';
import { generate } from 'selfsigned';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureRoundPartitions } from '../../src/modules/monitoring/prune.ts';
import { readTimestamp, writeTimestamp } from '../../src/modules/compliance/sntp.ts';
import { ensurePartitions } from '../../src/modules/traffic/partitions.ts';
import { createTestDatabase, type TestDatabase } from '../support/db.ts';
import { addConnection, addPort, createNet } from '../capacity/support.ts';
import { check, db, sys, testConfig } from './support.ts';

const DAY = 86_400_000;
let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => t.close());

describe('traffic.collection (12.4.1, 18.1.3)', () => {
  it('passes when every active connection is collected, warns when stale, fails when unmapped', async () => {
    const net = await createNet(t.database);
    const port = await addPort(t.database, net, 1000);
    const c1 = await addConnection(t.database, net, port, 100);
    await sys(t.database, async () => {
      await db()
        .insertInto('ops.traffic_collector')
        .values({ device_id: net.deviceId, kind: 'linux', settings: '{}' })
        .execute();
      await db()
        .insertInto('ops.traffic_interface')
        .values({ connection_id: c1, device_id: net.deviceId, if_name: 'vx1' })
        .execute();
    });
    const sample = (ms: number) =>
      sys(t.database, () =>
        sql`UPDATE ops.traffic_interface SET mark_at = ${new Date(ms)}, mark_in = 1, mark_out = 1
             WHERE connection_id = ${c1}`.execute(db()),
      );
    await sample(Date.now());
    let r = await check(t.database, 'traffic.collection');
    expect(r.status).toBe('pass');
    expect(r.figures).toMatchObject({ activeConnections: 1, collecting: 1 });
    await sample(Date.now() - 3_600_000);
    r = await check(t.database, 'traffic.collection');
    expect(r.status).toBe('warn');
    const c2 = await addConnection(t.database, net, port, 100);
    r = await check(t.database, 'traffic.collection');
    expect(r.status).toBe('fail');
    expect(r.objects.find((o) => o.id === c2)?.note?.en).toBe('No interface mapped');
  });
});

describe('traffic.retention (12.4.1, 18.1.3)', () => {
  it('passes within the retention, warns a few days over, fails well over', async () => {
    const net = await createNet(t.database);
    const port = await addPort(t.database, net, 1000);
    const conn = await addConnection(t.database, net, port, 100);
    const raw = (daysAgo: number) =>
      sys(t.database, async () => {
        const at = new Date(Date.now() - daysAgo * DAY);
        await ensurePartitions('raw', at, at);
        await db()
          .insertInto('ops.traffic_raw')
          .values({ connection_id: conn, at, seconds: 60, in_octets: 1, out_octets: 1 })
          .execute();
      });
    await raw(1);
    let r = await check(t.database, 'traffic.retention');
    expect(r.status).toBe('pass');
    expect(r.figures).toMatchObject({ traffic_rawRetentionDays: 7, traffic_rawOldestAgeDays: 1 });
    await raw(12); // 7 days + 2 of slack + 3
    r = await check(t.database, 'traffic.retention');
    expect(r.status).toBe('warn');
    await raw(30);
    r = await check(t.database, 'traffic.retention');
    expect(r.status).toBe('fail');
    expect(r.objects.map((o) => o.label)).toEqual(['ops.traffic_raw']);
  });
});

describe('monitoring.coverage (CLD.12.4.5)', () => {
  it('passes when running or paused by the customer, warns when paused by staff, fails when silently stopped', async () => {
    await sys(t.database, () =>
      sql`UPDATE customer.connection SET status = 'disabled' WHERE status = 'active'`.execute(db()),
    );
    const net = await createNet(t.database);
    const port = await addPort(t.database, net, 1000);
    const conns = [
      await addConnection(t.database, net, port, 100),
      await addConnection(t.database, net, port, 100),
    ];
    const monitors = await sys(t.database, async () => {
      for (const [i, c] of conns.entries())
        await sql`UPDATE customer.connection SET ipv4_prefix = ${`100.64.${i}.0/30`}::cidr WHERE id = ${c}`.execute(
          db(),
        );
      return db()
        .selectFrom('customer.monitor')
        .select(['id', 'tenant_id', 'connection_id'])
        .where('connection_id', 'in', conns)
        .execute();
    });
    expect(monitors).toHaveLength(2);
    const round = (m: (typeof monitors)[number], at: Date) =>
      sys(t.database, async () => {
        await ensureRoundPartitions(at, at);
        await db()
          .insertInto('customer.monitor_round')
          .values({
            monitor_id: m.id,
            at,
            tenant_id: m.tenant_id,
            sent: 5,
            received: 5,
            loss_pct: 0,
            state: 'up',
          })
          .execute();
      });
    await round(monitors[0]!, new Date());
    await sys(t.database, () =>
      db()
        .updateTable('customer.monitor')
        .set({ paused_at: new Date(), paused_by_kind: 'customer' })
        .where('id', '=', monitors[1]!.id)
        .execute(),
    );
    let r = await check(t.database, 'monitoring.coverage');
    expect(r.status).toBe('pass');
    expect(r.figures).toMatchObject({ activeConnections: 2, running: 1, pausedByCustomer: 1 });
    await sys(t.database, () =>
      db()
        .updateTable('customer.monitor')
        .set({ paused_by_kind: 'staff' })
        .where('id', '=', monitors[1]!.id)
        .execute(),
    );
    r = await check(t.database, 'monitoring.coverage');
    expect(r.status).toBe('warn');
    // resumed, but the prober never picked it up again: silently stopped
    await sys(t.database, () =>
      db()
        .updateTable('customer.monitor')
        .set({ paused_at: null, paused_by_kind: null, created_at: new Date(Date.now() - 2 * 3_600_000) })
        .where('id', '=', monitors[1]!.id)
        .execute(),
    );
    r = await check(t.database, 'monitoring.coverage');
    expect(r.status).toBe('fail');
    expect(r.objects.map((o) => o.id)).toEqual([conns[1]]);
  });
});

/** A tiny NTP server on loopback answering with its clock shifted by `skewMs` (or not at all). */
async function ntpServer(skewMs: number): Promise<{ port: number; close(): void }> {
  const s: Socket = createSocket('udp4');
  s.on('message', (msg, rinfo) => {
    const now = Date.now() + skewMs;
    const out = Buffer.alloc(48);
    out[0] = (0 << 6) | (4 << 3) | 4; // server mode
    out[1] = 2; // stratum
    msg.copy(out, 24, 40, 48); // originate = the client's transmit
    writeTimestamp(out, 32, now);
    writeTimestamp(out, 40, now);
    s.send(out, rinfo.port, rinfo.address);
  });
  await new Promise<void>((res) => s.bind(0, '127.0.0.1', res));
  return { port: s.address().port, close: () => s.close() };
}

describe('time.ntp and time.zone (12.4.4)', () => {
  it('measures the offset with SNTP: pass within 1 s, warn within 10 s, fail beyond', async () => {
    for (const [skew, status] of [
      [0, 'pass'],
      [4000, 'warn'],
      [-25_000, 'fail'],
    ] as const) {
      const srv = await ntpServer(skew);
      try {
        const r = await check(
          t.database,
          'time.ntp',
          testConfig({ PVA_NTP_SERVER: `127.0.0.1:${srv.port}` }),
        );
        expect(r.status, `skew ${skew}`).toBe(status);
        expect(Math.abs(Number(r.figures.offsetMs) - skew)).toBeLessThan(500);
      } finally {
        srv.close();
      }
    }
  });

  it('warns when no server is configured and errors when it does not answer', async () => {
    const unset = await check(t.database, 'time.ntp');
    expect(unset.status).toBe('warn');
    expect(unset.summary.en).toContain('PVA_NTP_SERVER');
    const silent = createSocket('udp4');
    await new Promise<void>((res) => silent.bind(0, '127.0.0.1', res));
    try {
      const r = await check(
        t.database,
        'time.ntp',
        testConfig({ PVA_NTP_SERVER: `127.0.0.1:${silent.address().port}` }),
      );
      expect(r.status).toBe('error');
      expect(r.summary.en).toContain('no answer');
    } finally {
      silent.close();
    }
  });

  it('round-trips NTP timestamps', () => {
    const b = Buffer.alloc(8);
    writeTimestamp(b, 0, 1_790_000_000_123);
    expect(Math.abs(readTimestamp(b, 0) - 1_790_000_000_123)).toBeLessThan(1);
  });

  it('passes for Asia/Tokyo, warns for another UTC+9 zone, fails otherwise', async () => {
    expect((await check(t.database, 'time.zone')).status).toBe('pass');
    const { setTimezone } = await import('../../src/lib/time.ts');
    try {
      setTimezone('Asia/Seoul');
      expect((await check(t.database, 'time.zone', testConfig({ PVA_TIMEZONE: 'Asia/Seoul' }))).status).toBe(
        'warn',
      );
      setTimezone('UTC');
      expect((await check(t.database, 'time.zone', testConfig({ PVA_TIMEZONE: 'UTC' }))).status).toBe('fail');
    } finally {
      setTimezone('Asia/Tokyo');
    }
  });
});

describe('tls.listeners (10.1.1)', () => {
  let pems: { private: string; cert: string };
  beforeAll(async () => {
    pems = await generate([{ name: 'commonName', value: 'localhost' }], {
      keyType: 'ec',
      curve: 'P-256',
      algorithm: 'sha256',
    });
  });
  const tlsServer = async (min: SecureVersion, max: SecureVersion) => {
    const s = createTlsServer(
      {
        key: pems.private,
        cert: pems.cert,
        minVersion: min,
        maxVersion: max,
        ciphers: 'DEFAULT:@SECLEVEL=0',
      },
      (sock) => sock.end(),
    );
    await new Promise<void>((res) => s.listen(0, '127.0.0.1', res));
    return s;
  };
  const portOf = (s: { address(): AddressInfo | string | null }) => (s.address() as AddressInfo).port;
  const env = (portal: number, mgmt: number) =>
    testConfig({ PVA_PORTAL_ADDR: `127.0.0.1:${portal}`, PVA_MGMT_ADDR: `127.0.0.1:${mgmt}` });

  it('passes for 1.2 and 1.3 only, warns without 1.3, fails for 1.0/1.1 or plain HTTP, errors when unreachable', async () => {
    const good = await tlsServer('TLSv1.2', 'TLSv1.3');
    const only12 = await tlsServer('TLSv1.2', 'TLSv1.2');
    const legacy = await tlsServer('TLSv1', 'TLSv1.3');
    const plain = createHttpServer((_q, res) => res.end('hi'));
    await new Promise<void>((res) => plain.listen(0, '127.0.0.1', res));
    try {
      let r = await check(t.database, 'tls.listeners', env(portOf(good), portOf(good)));
      expect(r.status).toBe('pass');
      expect(r.figures).toMatchObject({ portalAccepted: 'TLSv1.2 TLSv1.3', mgmtAccepted: 'TLSv1.2 TLSv1.3' });
      r = await check(t.database, 'tls.listeners', env(portOf(good), portOf(only12)));
      expect(r.status).toBe('warn');
      r = await check(t.database, 'tls.listeners', env(portOf(legacy), portOf(good)));
      expect(r.status).toBe('fail');
      expect(String(r.figures.portalAccepted)).toContain('TLSv1 ');
      r = await check(t.database, 'tls.listeners', env(portOf(good), portOf(plain)));
      expect(r.status).toBe('fail');
      expect(r.figures.mgmtPlainHttp).toBe(true);
      const closed = portOf(only12);
      only12.close();
      await new Promise((res) => setTimeout(res, 50));
      r = await check(t.database, 'tls.listeners', env(portOf(good), closed));
      expect(r.status).toBe('error');
      expect(r.summary.en).toContain('cannot be reached');
    } finally {
      for (const s of [good, legacy, plain]) s.close();
    }
  });
});

describe('audit.chain (18.1.3, principle 10)', () => {
  it('passes after a fresh verification, warns when the check had to verify itself, fails on tampering', async () => {
    // no verification yet: the check verifies the chain itself and records it
    let r = await check(t.database, 'audit.chain');
    expect(r.status).toBe('warn');
    expect(r.figures.verifiedByCheck).toBe(true);
    r = await check(t.database, 'audit.chain');
    expect(r.status).toBe('pass');
    expect(r.figures.lastOk).toBe(true);
    // tamper with a record, and age the last success past 24 h
    await t.database.runScript(`ALTER TABLE audit.log DISABLE TRIGGER audit_log_append_only;
      UPDATE audit.log SET action = 'tampered' WHERE seq = (SELECT min(seq) FROM audit.log);
      ALTER TABLE audit.log ENABLE TRIGGER audit_log_append_only;`);
    await t.database.runScript(`UPDATE audit.verification SET at = now() - interval '25 hours'`);
    r = await check(t.database, 'audit.chain');
    expect(r.status).toBe('fail');
    expect(r.objects[0]!.kind).toBe('audit-record');
  });
});
