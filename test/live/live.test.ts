import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { liveSettings } from '../../src/app/plugins/live.ts';
import { sha256 } from '../../src/modules/identity/crypto.ts';
import { db, inTransaction, systemScope } from '../../src/db/context.ts';
import { createTestPlatform, type TestPlatform } from '../support/app.ts';
import { createStaffMember, createUser, login, type LoggedIn } from '../support/auth.ts';
import { engineName } from '../support/db.ts';
import { createTenant, type TenantFixture } from '../support/factories.ts';
import { openStream, until, type OpenStream } from './stream.ts';

/**
 * Live updates over real HTTP: server-sent events fed by NOTIFY from the changing transaction
 * (migration 0026), heard through LISTEN (PostgreSQL) or in-process (the embedded engine).
 */
liveSettings.heartbeatMs = 300;

let p: TestPlatform;
let portalUrl = '';
let mgmtUrl = '';
let a: TenantFixture;
let b: TenantFixture;
let aUser: LoggedIn;
let bUser: LoggedIn;
let staff: LoggedIn;
const streams: OpenStream[] = [];

const base = (app: TestPlatform['portal']) => {
  const addr = app.server.address();
  return `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}`;
};
async function stream(url: string, who: LoggedIn | null): Promise<OpenStream> {
  const s = await openStream(`${url}/api/v1/events`, who ? { cookie: who.cookie } : {});
  streams.push(s);
  if (s.status === 200) await until('the stream to open', () => s.text().includes(': connected'));
  return s;
}
const ids = (s: OpenStream) => s.changes().map((c) => c.id);
const setConnectionName = (id: string) =>
  inTransaction(p.db.database, systemScope(), () =>
    db()
      .updateTable('customer.connection')
      .set({ name: `n-${randomBytes(3).toString('hex')}` })
      .where('id', '=', id)
      .execute(),
  );

beforeAll(async () => {
  p = await createTestPlatform();
  await p.portal.listen({ host: '127.0.0.1', port: 0 });
  await p.mgmt.listen({ host: '127.0.0.1', port: 0 });
  portalUrl = base(p.portal);
  mgmtUrl = base(p.mgmt);
  a = await createTenant(p.db.database);
  b = await createTenant(p.db.database);
  aUser = await login(p.portal, p.db.database, await createUser(p.db.database, a.id));
  bUser = await login(p.portal, p.db.database, await createUser(p.db.database, b.id));
  staff = await login(p.mgmt, p.db.database, await createStaffMember(p.db.database));
});
afterAll(async () => {
  for (const s of streams) s.close();
  await p?.close();
});

describe(`live updates (${engineName})`, () => {
  it('refuses a stream without a session (401 problem+json)', async () => {
    const s = await stream(portalUrl, null);
    expect(s.status).toBe(401);
    expect(s.contentType).toContain('application/problem+json');
  });

  it('delivers each tenant only its own events, after commit, never on rollback', async () => {
    const sa = await stream(portalUrl, aUser);
    const sb = await stream(portalUrl, bUser);
    const st = await stream(mgmtUrl, staff);
    expect(sa.contentType).toContain('text/event-stream');

    // a change through the API (service label), then one of B's by a job-like system transaction
    const label = await p.portal.inject({
      method: 'PUT',
      url: `/api/v1/services/${a.serviceIds[0]}/label`,
      headers: aUser.headers,
      payload: { label: 'live' },
    });
    expect(label.statusCode).toBe(200);
    // rolled back: never published
    await inTransaction(p.db.database, systemScope(), async () => {
      await db()
        .updateTable('customer.connection')
        .set({ name: 'gone' })
        .where('id', '=', a.connectionIds[1]!)
        .execute();
      throw new Error('roll back');
    }).catch(() => {});
    await setConnectionName(b.connectionIds[0]!);
    await setConnectionName(a.connectionIds[0]!);

    await until('A hears its connection', () => ids(sa).includes(a.connectionIds[0]!));
    await until('B hears its connection', () => ids(sb).includes(b.connectionIds[0]!));
    await until(
      'staff hear both',
      () => ids(st).includes(a.connectionIds[0]!) && ids(st).includes(b.connectionIds[0]!),
    );
    // one listener delivers in commit order: had B's event leaked to A, it would be there by now
    expect(sa.changes()).toContainEqual({ kind: 'service', id: a.serviceIds[0] });
    expect(ids(sa)).not.toContain(b.connectionIds[0]);
    expect(ids(sa)).not.toContain(a.connectionIds[1]); // the rolled-back change
    expect(ids(sb)).not.toContain(a.connectionIds[0]);
    expect(ids(sb)).not.toContain(a.serviceIds[0]);
    // payloads carry kinds and ids only; staff also learn the tenant
    for (const c of sa.changes()) expect(Object.keys(c).sort()).toEqual(['id', 'kind']);
    expect(st.changes().find((c) => c.id === b.connectionIds[0])?.tenant).toBe(b.id);
  });

  it('publishes monitor state changes, notices and event reports', async () => {
    const sa = await stream(portalUrl, aUser);
    const sb = await stream(portalUrl, bUser);
    const { monitorId, noticeId, reportId } = await inTransaction(p.db.database, systemScope(), async () => {
      // every connection has its monitor; a state change publishes, a streak update does not
      const m = await db()
        .selectFrom('customer.monitor')
        .select('id')
        .where('connection_id', '=', a.connectionIds[0]!)
        .executeTakeFirstOrThrow();
      await db().updateTable('customer.monitor').set({ state: 'down' }).where('id', '=', m.id).execute();
      const n = await sql<{ id: string }>`
        INSERT INTO ops.notice (number, kind, status, title_ja, title_en, body_ja, body_en, target)
        VALUES (${`ANN-LIVE-${randomBytes(4).toString('hex')}`}, 'information', 'published', 'お知らせ', 'Notice', '', '', '{}')
        RETURNING id`.execute(db());
      const noticeId = n.rows[0]!.id;
      await db()
        .insertInto('customer.notice_recipient')
        .values({
          notice_id: noticeId,
          tenant_id: a.id,
          service_ids: [],
          acknowledged_by: null,
          acknowledged_at: null,
        })
        .execute();
      const r = await sql<{ id: string }>`
        INSERT INTO customer.event_report (tenant_id, number, category, title, description)
        VALUES (${a.id}, ${`ER-LIVE-${randomBytes(4).toString('hex')}`}, 'other', 'live', 'live')
        RETURNING id`.execute(db());
      return { monitorId: m.id, noticeId, reportId: r.rows[0]!.id };
    });
    await inTransaction(p.db.database, systemScope(), () =>
      db().updateTable('ops.notice').set({ status: 'completed' }).where('id', '=', noticeId).execute(),
    );
    await setConnectionName(b.connectionIds[1]!);
    await until('A hears monitor, notice and report', () =>
      [monitorId, noticeId, reportId].every((id) => ids(sa).includes(id)),
    );
    expect(sa.changes()).toContainEqual({ kind: 'monitor', id: monitorId });
    expect(sa.changes()).toContainEqual({ kind: 'notice', id: noticeId });
    expect(sa.changes()).toContainEqual({ kind: 'report', id: reportId });
    await until('B hears its own change', () => ids(sb).includes(b.connectionIds[1]!));
    expect(ids(sb).some((id) => [monitorId, noticeId, reportId].includes(id))).toBe(false);
  });

  it('a user limited to some service codes hears only those services', async () => {
    const scoped = await login(
      p.portal,
      p.db.database,
      await createUser(p.db.database, a.id, { role: 'viewer', serviceScope: [a.serviceIds[1]!] }),
    );
    const s = await stream(portalUrl, scoped);
    await setConnectionName(a.connectionIds[0]!);
    await setConnectionName(a.connectionIds[1]!);
    await until('the scoped user hears its service', () => ids(s).includes(a.connectionIds[1]!));
    expect(ids(s)).not.toContain(a.connectionIds[0]);
  });

  it('sends heartbeats, and ends the stream when the session ends', async () => {
    const who = await login(p.portal, p.db.database, await createUser(p.db.database, a.id));
    const s = await stream(portalUrl, who);
    await until('a heartbeat', () => s.text().includes(': heartbeat'));
    const out = await p.portal.inject({ method: 'POST', url: '/api/v1/auth/logout', headers: who.headers });
    expect(out.statusCode).toBe(204);
    await until('the stream to end after logout', () => s.ended());
  });

  it("a page's own reload after an event does not keep the session alive (idle timeout)", async () => {
    const who = await login(p.portal, p.db.database, await createUser(p.db.database, a.id));
    const token = who.cookie.split('=')[1]!;
    const lastSeen = async () =>
      inTransaction(p.db.database, systemScope(), async () => {
        const r = await sql<{ at: Date }>`
          SELECT last_seen_at AS at FROM iam.session WHERE id_hash = ${sha256(token)}`.execute(db());
        return r.rows[0]!.at.getTime();
      });
    const backdate = () =>
      inTransaction(p.db.database, systemScope(), () =>
        sql`UPDATE iam.session SET last_seen_at = now() - interval '5 minutes'
             WHERE id_hash = ${sha256(token)}`.execute(db()),
      );
    await backdate();
    const before = await lastSeen();
    const bg = await p.portal.inject({
      url: '/api/v1/services',
      headers: { ...who.headers, 'x-pva-background': '1' },
    });
    expect(bg.statusCode).toBe(200);
    expect(await lastSeen()).toBe(before);
    const user = await p.portal.inject({ url: '/api/v1/services', headers: who.headers });
    expect(user.statusCode).toBe(200);
    expect(await lastSeen()).toBeGreaterThan(before);
  });

  it('ends open streams cleanly when the listener shuts down', async () => {
    const s = await stream(portalUrl, aUser);
    const t = await stream(mgmtUrl, staff);
    await p.portal.close();
    await p.mgmt.close();
    await until('both streams to end', () => s.ended() && t.ended());
  });
});
