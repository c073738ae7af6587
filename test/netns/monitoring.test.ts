import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { db, inTransaction, systemScope } from '../../src/db/context.ts';
import { startWorker, type Worker } from '../../src/jobs/worker.ts';
import { run } from '../../src/modules/dataplane/drivers/linux/exec.ts';
import { monitoringPass } from '../../src/modules/monitoring/jobs.ts';
import { pauseMonitor } from '../../src/modules/monitoring/service.ts';
import { DEFAULT_SETTINGS, type MonitoringSettings } from '../../src/modules/monitoring/settings.ts';
import { createTestPlatform, type TestPlatform } from '../support/app.ts';
import { createStaffMember, createUser, type TestPrincipal } from '../support/auth.ts';
import { engineName } from '../support/db.ts';
import { createTenant, type TenantFixture } from '../support/factories.ts';
import { startSmtp } from '../support/smtp.ts';
import { isRoot } from './lab.ts';
import { seedPe, seedVnet } from './model.ts';

/**
 * The acceptance test of reachability monitoring (issue 7): real fping, run by PVA inside the
 * PE's network namespace, against customer-side transfer addresses in namespaces this test
 * creates; alerts delivered to a real SMTP server. Needs root (CI runs as root).
 */

const ROOT = isRoot();
const ip = (args: string[]) => run('ip', args);
const prefix = `m${randomBytes(2).toString('hex')}`;
const source = `${prefix}pe`;
const SETTINGS: MonitoringSettings = {
  ...DEFAULT_SETTINGS,
  pings: 3,
  periodMs: 100,
  timeoutMs: 300,
  downAfter: 3,
  upAfter: 2,
};
const SITES = ['a', 'b', 'c'] as const;
const transfer = (i: number) => ({
  prefix: `100.88.${i}.0/30`,
  pe: `100.88.${i}.1`,
  customer: `100.88.${i}.2`,
});
/** Site d is IPv6-only: its monitor's target is the customer side of its IPv6 transfer prefix. */
const V6 = { prefix: 'fd00:88:0:3::/126', pe: 'fd00:88:0:3::1', customer: 'fd00:88:0:3::2' };

let p: TestPlatform;
let smtp: Awaited<ReturnType<typeof startSmtp>>;
let worker: Worker;
let tenant: TenantFixture;
let operator: TestPrincipal;
let viewer: TestPrincipal;
let noc: TestPrincipal;
let clock = Date.now();
const monitorOf: Record<string, string> = {};

const sys = <T>(fn: () => Promise<T>) => inTransaction(p.db.database, systemScope(), fn);

async function createNetwork(): Promise<void> {
  await ip(['netns', 'add', source]);
  await ip(['-n', source, 'link', 'set', 'lo', 'up']);
  for (const [i, name] of SITES.entries()) {
    const ns = `${prefix}-${name}`;
    const t = transfer(i);
    await ip(['netns', 'add', ns]);
    await ip(['-n', ns, 'link', 'set', 'lo', 'up']);
    await ip(['link', 'add', `c${i}`, 'netns', source, 'type', 'veth', 'peer', 'name', 'u0', 'netns', ns]);
    await ip(['-n', source, 'addr', 'add', `${t.pe}/30`, 'dev', `c${i}`]);
    await ip(['-n', ns, 'addr', 'add', `${t.customer}/30`, 'dev', 'u0']);
    await ip(['-n', source, 'link', 'set', `c${i}`, 'up']);
    await ip(['-n', ns, 'link', 'set', 'u0', 'up']);
  }
  const ns = `${prefix}-d`;
  await ip(['netns', 'add', ns]);
  await ip(['-n', ns, 'link', 'set', 'lo', 'up']);
  await ip(['link', 'add', 'c3', 'netns', source, 'type', 'veth', 'peer', 'name', 'u0', 'netns', ns]);
  // nodad: the addresses are usable at once (no duplicate address detection to wait for)
  await ip(['-n', source, 'addr', 'add', `${V6.pe}/126`, 'dev', 'c3', 'nodad']);
  await ip(['-n', ns, 'addr', 'add', `${V6.customer}/126`, 'dev', 'u0', 'nodad']);
  // the test takes the site's link down and up: its static IPv6 address stays (the default flushes it)
  await run('ip', ['netns', 'exec', ns, 'sysctl', '-qw', 'net.ipv6.conf.u0.keep_addr_on_down=1']);
  await ip(['-n', source, 'link', 'set', 'c3', 'up']);
  await ip(['-n', ns, 'link', 'set', 'u0', 'up']);
}

async function removeNetwork(): Promise<void> {
  const r = await run('ip', ['netns', 'list'], { allowFail: true });
  for (const line of r.stdout.split('\n')) {
    const name = line.trim().split(/\s+/)[0];
    if (name?.startsWith(prefix)) await run('ip', ['netns', 'del', name], { allowFail: true });
  }
}

/** The customer's end goes away (its interface down) or comes back. */
const setSite = (name: string, up: boolean) =>
  ip(['-n', `${prefix}-${name}`, 'link', 'set', 'u0', up ? 'up' : 'down']);

/** Waits until the source namespace reaches `addr` again (neighbour entries settle after a link comes up). */
async function reachable(addr: string): Promise<void> {
  for (let i = 0; i < 50; i++) {
    const r = await run('ip', ['netns', 'exec', source, 'fping', '-q', '-r0', '-t', '200', addr], {
      allowFail: true,
    });
    if (r.code === 0) return;
    await new Promise((res) => setTimeout(res, 200));
  }
  throw new Error(`${addr} did not come back`);
}

/** One probe round a minute after the last (every monitor is due), then the outbox over SMTP. */
async function round(): Promise<void> {
  clock += 60_000;
  await monitoringPass(p.db.database, p.config, SETTINGS, () => new Date(clock));
  await worker.tick();
}

const stateOf = (site: string) =>
  sys(() =>
    db()
      .selectFrom('customer.monitor')
      .select(['state', 'paused_at'])
      .where('id', '=', monitorOf[site]!)
      .executeTakeFirstOrThrow(),
  );
const mailsTo = (who: TestPrincipal, match: RegExp) =>
  smtp.mails.filter((m) => m.to.includes(who.login) && match.test(decodeSubject(m.raw)));
/** The Subject header, decoded (nodemailer encodes non-ASCII as RFC 2047 words). */
function decodeSubject(raw: string): string {
  const m = /^Subject: (.*(?:\r?\n[ \t].*)*)/im.exec(raw);
  if (!m) return '';
  return m[1]!
    .replace(/\r?\n[ \t]/g, ' ')
    .replace(/=\?utf-8\?([BQ])\?([^?]*)\?=\s*/gi, (_, enc: string, text: string) =>
      enc.toUpperCase() === 'B'
        ? Buffer.from(text, 'base64').toString('utf8')
        : text
            .replace(/_/g, ' ')
            .replace(/=([0-9A-F]{2})/gi, (_x, h: string) => String.fromCharCode(parseInt(h, 16))),
    );
}

describe.skipIf(!ROOT)(`reachability monitoring with real fping in namespaces (${engineName})`, () => {
  beforeAll(async () => {
    smtp = await startSmtp();
    p = await createTestPlatform({
      PVA_SMTP_URL: smtp.url,
      PVA_SMTP_FROM: 'PVA <noc@pva.example>',
      PVA_PORTAL_URL: 'https://portal.pva.test',
    });
    worker = startWorker({ database: p.db.database, config: p.config, autoStart: false });
    await createNetwork();
    tenant = await createTenant(p.db.database, { services: 4 });
    operator = await createUser(p.db.database, tenant.id, { role: 'operator' });
    viewer = await createUser(p.db.database, tenant.id, { role: 'viewer' });
    noc = await createStaffMember(p.db.database, { role: 'noc' });
    const pe = await seedPe(p.db.database, { namespace: source });
    const vnet = await seedVnet(p.db.database, tenant.id, 'monitoring');
    await sys(async () => {
      for (const [i, name] of SITES.entries()) {
        await db()
          .updateTable('customer.connection')
          .set({
            port_id: pe.accessPortId,
            virtual_network_id: vnet.id,
            ipv4_prefix: transfer(i).prefix,
            status: 'active',
          })
          .where('id', '=', tenant.connectionIds[i]!)
          .execute();
        const m = await db()
          .selectFrom('customer.monitor')
          .select(['id', 'target'])
          .where('connection_id', '=', tenant.connectionIds[i]!)
          .executeTakeFirstOrThrow();
        expect(m.target).toBe(transfer(i).customer); // the customer side of the transfer prefix
        monitorOf[name] = m.id;
      }
      await db()
        .updateTable('customer.connection')
        .set({
          port_id: pe.accessPortId,
          virtual_network_id: vnet.id,
          ipv6_prefix: V6.prefix,
          status: 'active',
        })
        .where('id', '=', tenant.connectionIds[3]!)
        .execute();
      const m = await db()
        .selectFrom('customer.monitor')
        .select(['id', 'target'])
        .where('connection_id', '=', tenant.connectionIds[3]!)
        .executeTakeFirstOrThrow();
      expect(m.target).toBe(V6.customer);
      monitorOf.d = m.id;
    });
  }, 240_000);
  afterAll(async () => {
    await worker?.stop();
    await smtp?.close();
    await p?.close();
    await removeNetwork();
  });

  it('turns a monitor down after the configured rounds, emails the operators and the NOC, and the recovery', async () => {
    await round();
    for (const s of SITES) expect((await stateOf(s)).state).toBe('up');

    await setSite('a', false);
    await round();

    expect((await stateOf('a')).state).toBe('degraded'); // no alarm yet
    await round();
    expect((await stateOf('a')).state).toBe('degraded');
    expect(smtp.mails).toHaveLength(0);
    await round(); // the third failed round in a row
    expect((await stateOf('a')).state).toBe('down');
    expect((await stateOf('c')).state).toBe('up');

    expect(mailsTo(operator, /Reachability lost/)).toHaveLength(1);
    expect(mailsTo(noc, /Monitor alert, down/)).toHaveLength(1);
    expect(mailsTo(viewer, /./)).toHaveLength(0); // viewers are not alerted
    const body = mailsTo(operator, /Reachability lost/)[0]!.raw;
    expect(body).toContain('100.88.0.2');
    expect(body).toMatch(/JST/);

    // still down: no second email
    await round();
    expect(mailsTo(operator, /Reachability lost/)).toHaveLength(1);

    await setSite('a', true);
    await reachable(transfer(0).customer);
    await round();
    expect((await stateOf('a')).state).toBe('down'); // one good round is not enough
    await round();
    expect((await stateOf('a')).state).toBe('up');
    expect(mailsTo(operator, /Reachability restored/)).toHaveLength(1);
    expect(mailsTo(noc, /Monitor alert, recovered/)).toHaveLength(1);

    const events = await sys(() =>
      db()
        .selectFrom('customer.monitor_event')
        .select(['kind'])
        .where('monitor_id', '=', monitorOf.a!)
        .orderBy('at')
        .execute(),
    );
    expect(events.map((e) => e.kind)).toEqual(['degraded', 'down', 'up']);
  }, 120_000);

  it('sends nothing for a paused monitor while its target is down', async () => {
    await sys(() =>
      pauseMonitor(
        monitorOf.b!,
        null,
        { kind: 'customer', id: operator.id },
        { reason: 'maintenance' },
        'en',
      ),
    );
    const before = smtp.mails.length;
    const roundsBefore = await sys(() =>
      db().selectFrom('customer.monitor_round').select('at').where('monitor_id', '=', monitorOf.b!).execute(),
    );
    await setSite('b', false);
    for (let i = 0; i < 4; i++) await round();
    expect(smtp.mails.length).toBe(before);
    const b = await stateOf('b');
    expect(b.paused_at).not.toBeNull();
    expect(b.state).toBe('up'); // frozen where it was
    const roundsAfter = await sys(() =>
      db().selectFrom('customer.monitor_round').select('at').where('monitor_id', '=', monitorOf.b!).execute(),
    );
    expect(roundsAfter.length).toBe(roundsBefore.length); // probed nothing
  }, 120_000);

  it('emails at most one outage per service per hour, and the recovery of that outage only', async () => {
    const lost = () => mailsTo(operator, /Reachability lost/).filter((m) => m.raw.includes('100.88.2.2'));
    const restored = () =>
      mailsTo(operator, /Reachability restored/).filter((m) => m.raw.includes('100.88.2.2'));
    for (let flap = 0; flap < 2; flap++) {
      await setSite('c', false);
      for (let i = 0; i < 3; i++) await round();
      expect((await stateOf('c')).state).toBe('down');
      await setSite('c', true);
      await reachable(transfer(2).customer);
      for (let i = 0; i < 2; i++) await round();
      expect((await stateOf('c')).state).toBe('up');
    }
    expect(lost()).toHaveLength(1); // the second outage, minutes later, is not emailed
    expect(restored()).toHaveLength(1);
    const events = await sys(() =>
      db()
        .selectFrom('customer.monitor_event')
        .select(['kind', 'customer_emailed'])
        .where('monitor_id', '=', monitorOf.c!)
        .where('kind', '=', 'down')
        .orderBy('at')
        .execute(),
    );
    expect(events.map((e) => e.customer_emailed)).toEqual([true, false]); // both shown in the portal

    // an hour later the next outage is emailed again
    clock += 3_600_000;
    await setSite('c', false);
    for (let i = 0; i < 3; i++) await round();
    expect(lost()).toHaveLength(2);
    await setSite('c', true);
  }, 120_000);

  it('monitors an IPv6-only connection: down after the rounds, up again, the alert naming its address', async () => {
    await round();
    expect((await stateOf('d')).state).toBe('up');
    const lost = () => mailsTo(operator, /Reachability lost/).filter((m) => m.raw.includes(V6.customer));
    await setSite('d', false);
    for (let i = 0; i < 3; i++) await round();
    expect((await stateOf('d')).state).toBe('down');
    expect(lost()).toHaveLength(1);
    await setSite('d', true);
    await reachable(V6.customer);
    for (let i = 0; i < 2; i++) await round();
    expect((await stateOf('d')).state).toBe('up');
    const rounds = await sys(() =>
      db()
        .selectFrom('customer.monitor_round')
        .select(['received', 'rtt_median_ms'])
        .where('monitor_id', '=', monitorOf.d!)
        .orderBy('at', 'desc')
        .limit(1)
        .execute(),
    );
    expect(rounds[0]!.received).toBe(SETTINGS.pings);
    expect(rounds[0]!.rtt_median_ms).toBeGreaterThan(0);
  }, 120_000);
});

describe.skipIf(ROOT)('reachability monitoring in namespaces', () => {
  it.skip('needs root to create network namespaces: run this file as root (CI does)', () => undefined);
});
