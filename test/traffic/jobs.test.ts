import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { db } from '../../src/db/context.ts';
import '../../src/jobs/builtin.ts';
import { enqueue } from '../../src/jobs/queue.ts';
import { startWorker, type Worker } from '../../src/jobs/worker.ts';
import { upsertCollector } from '../../src/modules/traffic/collector-repository.ts';
import { createTestPlatform, type TestPlatform } from '../support/app.ts';
import { engineName } from '../support/db.ts';
import { addConnection, addPort, createNet, mapInterface, sys } from './support.ts';

let p: TestPlatform;
let worker: Worker;
let n = 0;
beforeAll(async () => {
  p = await createTestPlatform({ PVA_TRAFFIC_RAW_DAYS: '1' });
  worker = startWorker({ database: p.db.database, config: p.config, autoStart: false });
});
afterAll(async () => {
  await worker?.stop();
  await p?.close();
});

const run = async (job: string) => {
  await sys(p.db.database, () => enqueue(job, {}, { singletonKey: `test-${job}-${++n}` }));
  await worker.tick();
  return sys(p.db.database, () =>
    db()
      .selectFrom('ops.job')
      .select(['status', 'last_error'])
      .where('singleton_key', '=', `test-${job}-${n}`)
      .executeTakeFirstOrThrow(),
  );
};

describe(`traffic jobs through the worker (${engineName})`, () => {
  it('partitions: creates the coming ones and drops those past PVA_TRAFFIC_RAW_DAYS', async () => {
    const old = new Date(Date.now() - 5 * 86_400_000);
    const { ensurePartitions, partitionOf } = await import('../../src/modules/traffic/partitions.ts');
    await sys(p.db.database, () => ensurePartitions('raw', old, old));
    expect(await run('traffic.partitions')).toMatchObject({ status: 'done' });
    const names = await sys(p.db.database, () =>
      sql<{ relname: string }>`SELECT relname FROM pg_class WHERE relname LIKE 'traffic_raw_p%'`.execute(
        db(),
      ),
    );
    const list = names.rows.map((r) => r.relname);
    expect(list).toContain(partitionOf('raw', new Date()).name);
    expect(list).not.toContain(partitionOf('raw', old).name);
  });

  it('collect: a device whose agent does not answer records the error and writes nothing', async () => {
    const net = await createNet(p.db.database);
    const c = await addConnection(p.db.database, net, await addPort(p.db.database, net, 1000), 100);
    await mapInterface(p.db.database, net, c, 'eth0');
    // nothing listens on this loopback port: the poll times out
    await sys(p.db.database, () =>
      upsertCollector(
        net.deviceId,
        'snmp',
        { host: '127.0.0.1', port: 9, community: 'x', timeoutMs: 300 },
        60,
        true,
        p.config,
      ),
    );
    expect(await run('traffic.collect')).toMatchObject({ status: 'done' });
    const row = await sys(p.db.database, () =>
      db()
        .selectFrom('ops.traffic_collector')
        .selectAll()
        .where('device_id', '=', net.deviceId)
        .executeTakeFirstOrThrow(),
    );
    expect(row.last_error).toBeTruthy();
    const raw = await sys(p.db.database, () =>
      db().selectFrom('ops.traffic_raw').select('at').where('connection_id', '=', c).execute(),
    );
    expect(raw).toEqual([]);
    expect(row.last_polled_at).not.toBeNull();
    expect(row.next_due_at.getTime()).toBeGreaterThan(Date.now());
  });

  it('rollup and months run', async () => {
    expect(await run('traffic.rollup')).toMatchObject({ status: 'done' });
    expect(await run('traffic.months')).toMatchObject({ status: 'done' });
  });
});
