import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/client.ts';
import { listMigrations } from '../../src/db/migrate.ts';

/**
 * Migration 0030 turns the JSON device states of 0023 into interface marks, so the first poll
 * after the upgrade continues every connection's counting (no interval lost, no spike). Runs on a
 * fresh embedded database migrated up to 0029 by hand.
 */
describe('migration 0030 (previous samples as marks)', () => {
  it('moves each connection of a JSON state to its interface mark, 64-bit counters included', async () => {
    const database = await openDatabase({});
    try {
      const all = listMigrations();
      for (const m of all.filter((x) => x.version < 30)) await database.runScript(`BEGIN; ${m.sql}; COMMIT;`);
      const device = randomUUID();
      const [a, b, unmapped] = [randomUUID(), randomUUID(), randomUUID()];
      const at = Date.parse('2026-11-20T03:04:05.678Z');
      const big = (2n ** 64n - 5n).toString();
      // only the traffic tables are filled: foreign keys are not checked for this set-up
      await database.runScript(`
        SET session_replication_role = replica;
        INSERT INTO ops.traffic_interface (connection_id, device_id, if_name)
          VALUES ('${a}', '${device}', 'xe-a'), ('${b}', '${device}', 'xe-b');
        INSERT INTO ops.traffic_device_state (device_id, sample) VALUES ('${device}', '${JSON.stringify({
          [a]: [at, big, '42', '6100'],
          [b]: [at + 1000, '7', '9223372036854775808', null],
          [unmapped]: [at, '1', '1', null],
        })}');
        SET session_replication_role = origin;`);
      await database.runScript(`BEGIN; ${all.find((x) => x.version === 30)!.sql}; COMMIT;`);
      const r = await sql<{ c: string; at_ms: number; i: string; o: string; u: string | null }>`
        SELECT connection_id AS c, (extract(epoch FROM mark_at) * 1000)::float8 AS at_ms,
               mark_in::text AS i, mark_out::text AS o, mark_uptime::text AS u
          FROM ops.traffic_interface ORDER BY if_name`.execute(database.kysely);
      const unsigned = (v: string) => BigInt.asUintN(64, BigInt(v)).toString();
      expect(r.rows.map((x) => [x.c, Math.round(x.at_ms), unsigned(x.i), unsigned(x.o), x.u])).toEqual([
        [a, at, big, '42', '6100'],
        [b, at + 1000, '7', '9223372036854775808', null],
      ]);
      const state = await sql<{ token: string; starts: string[] }>`
        SELECT token::text AS token, starts::text[] AS starts FROM ops.traffic_device_state`.execute(
        database.kysely,
      );
      expect(state.rows).toHaveLength(1);
      expect(state.rows[0]!.starts).toEqual([]);
    } finally {
      await database.close();
    }
  }, 120_000);
});
