import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { db, inTransaction, systemScope } from '../../src/db/context.ts';
import { startWorker, type Worker } from '../../src/jobs/worker.ts';
import { createTestPlatform, type TestPlatform } from '../support/app.ts';
import { createStaffMember, login, type LoggedIn } from '../support/auth.ts';
import { engineName } from '../support/db.ts';
import { createDevices, setOsVersion } from './support.ts';

/** A change of the inventory enqueues a re-match at once (migration 0024), not at the next 15-minute slot. */
const OSV = JSON.parse(
  readFileSync(new URL('./fixtures/osv-junos-eos.json', import.meta.url), 'utf8'),
) as object;

let p: TestPlatform;
let worker: Worker;
let sec: LoggedIn;

const sys = <T>(fn: () => Promise<T>) => inTransaction(p.db.database, systemScope(), fn);
/** Re-match jobs the inventory triggers enqueued that have not run yet. */
const pendingInventoryJobs = () =>
  sys(() =>
    db()
      .selectFrom('ops.job')
      .select(['id', 'payload'])
      .where('name', '=', 'vulnerabilities.rematch')
      .where('singleton_key', 'like', 'vulnerabilities.rematch@inventory:%')
      .where('status', '=', 'pending')
      .execute(),
  );
const matchesOf = (deviceId: string) =>
  p.mgmt
    .inject({ url: `/api/v1/vulnerabilities/matches?deviceId=${deviceId}`, headers: sec.headers })
    .then((r) => r.json<{ current: boolean; verdict: string; versionSeen: string }[]>());

beforeAll(async () => {
  p = await createTestPlatform();
  worker = startWorker({ database: p.db.database, config: p.config, autoStart: false });
  sec = await login(p.mgmt, p.db.database, await createStaffMember(p.db.database, { role: 'security' }));
  const r = await p.mgmt.inject({
    method: 'POST',
    url: '/api/v1/vulnerabilities/advisories/import',
    payload: { document: OSV },
    headers: sec.headers,
  });
  expect(r.statusCode, r.body).toBe(201);
  await worker.tick(); // whatever the scheduler had due runs now, so later ticks run only new jobs
}, 180_000);
afterAll(async () => {
  await worker?.stop();
  await p?.close();
});

describe(`re-matching when the inventory changes (${engineName})`, () => {
  let device: string | undefined;

  it('matches a device as soon as it is added', async () => {
    expect(await pendingInventoryJobs()).toEqual([]);
    [device] = await createDevices(p.db.database, [
      { vendor: 'Arista', model: '7280R3', os: 'EOS 4.28.2F', status: 'active' },
      { vendor: 'Arista', model: '7280R3', os: 'EOS 4.31.2F', status: 'active' },
    ]);
    // the two devices were added in one transaction: one pass
    const jobs = await pendingInventoryJobs();
    expect(jobs).toHaveLength(1);
    expect(await matchesOf(device!)).toEqual([]);
    await worker.tick();
    expect(await pendingInventoryJobs()).toEqual([]);
    expect(await matchesOf(device!)).toMatchObject([
      { current: true, verdict: 'affected', versionSeen: 'EOS 4.28.2F' },
    ]);
  });

  it('resolves the match as soon as the firmware is upgraded past the fix', async () => {
    await setOsVersion(p.db.database, device!, 'EOS 4.28.3M');
    expect(await pendingInventoryJobs()).toHaveLength(1);
    await worker.tick();
    expect(await matchesOf(device!)).toMatchObject([{ current: false }]);
  });

  it('does not re-match for changes that cannot change a match, nor for a change rolled back', async () => {
    await sys(() =>
      db()
        .updateTable('ops.device')
        .set({ hostname: `renamed-${Date.now()}` })
        .where('id', '=', device!)
        .execute(),
    );
    expect(await pendingInventoryJobs()).toEqual([]);
    await expect(
      sys(async () => {
        await db()
          .updateTable('ops.device')
          .set({ os_version: 'EOS 4.28.1F' })
          .where('id', '=', device!)
          .execute();
        throw new Error('rolled back');
      }),
    ).rejects.toThrow('rolled back');
    expect(await pendingInventoryJobs()).toEqual([]);
  });
});
