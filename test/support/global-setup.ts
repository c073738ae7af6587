import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { openDatabase } from '../../src/db/client.ts';
import { migrate } from '../../src/db/migrate.ts';
import { PGLITE_TEMPLATE } from './db.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    /** A migrated PostgreSQL database every test file's database is copied from (PostgreSQL runs). */
    pgTemplate: string | null;
  }
}

/**
 * Creating and migrating a database takes seconds on the embedded engine and most of a second on
 * PostgreSQL; copying a migrated one takes a fraction of that. So the run migrates one template
 * and every test file starts from a copy of it: an image file for the embedded engine, a database
 * for PostgreSQL (`CREATE DATABASE … TEMPLATE`), dropped at the end of the run.
 */
export default async function setup({ provide }: TestProject): Promise<(() => Promise<void>) | void> {
  const url = process.env.PVA_TEST_DATABASE_URL;
  if (url) {
    const name = `pva_test_template_${randomBytes(6).toString('hex')}`;
    const admin = async (statement: string): Promise<void> => {
      const c = new pg.Client({ connectionString: url });
      await c.connect();
      try {
        await c.query(statement);
      } finally {
        await c.end();
      }
    };
    const drop = () => admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin(`CREATE DATABASE ${name}`);
    const at = new URL(url);
    at.pathname = `/${name}`;
    try {
      const database = await openDatabase({ url: at.toString() });
      try {
        await migrate(database);
      } finally {
        await database.close();
      }
    } catch (e) {
      await drop();
      throw e;
    }
    provide('pgTemplate', name);
    return drop;
  }
  provide('pgTemplate', null);
  const database = await openDatabase({});
  await migrate(database);
  const image = await database.dump!();
  await database.close();
  mkdirSync(dirname(PGLITE_TEMPLATE), { recursive: true });
  writeFileSync(PGLITE_TEMPLATE, Buffer.from(await image.arrayBuffer()));
}
