import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { openDatabase } from '../../src/db/client.ts';
import { migrate } from '../../src/db/migrate.ts';
import { PGLITE_TEMPLATE } from './db.ts';

/**
 * Creating and migrating an embedded database takes seconds; loading an image takes a fraction
 * of one. So the run migrates one template and every test file starts from a copy of it.
 */
export default async function setup(): Promise<void> {
  if (process.env.PVA_TEST_DATABASE_URL) return;
  const database = await openDatabase({});
  await migrate(database);
  const image = await database.dump!();
  await database.close();
  mkdirSync(dirname(PGLITE_TEMPLATE), { recursive: true });
  writeFileSync(PGLITE_TEMPLATE, Buffer.from(await image.arrayBuffer()));
}
