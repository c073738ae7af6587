import { Type } from '@sinclair/typebox';
import { sql } from 'kysely';
import { migrationsCurrent } from '../../db/migrate.ts';
import { AppError } from '../../app/errors.ts';
import { isStorageFault } from '../../db/unavailable.ts';
import type { App } from '../../app/types.ts';

const Health = Type.Object({
  status: Type.String(),
  checks: Type.Optional(Type.Record(Type.String(), Type.String())),
});

/** Liveness (the process answers) and readiness (database reachable, migrations current). */
export function healthRoutes(app: App): void {
  app.get(
    '/livez',
    {
      config: { tx: false, auth: 'public' },
      schema: { operationId: 'livez', tags: ['health'], response: { 200: Health } },
    },
    async () => ({ status: 'ok' }),
  );
  app.get(
    '/readyz',
    {
      config: { tx: false, auth: 'public' },
      schema: { operationId: 'readyz', tags: ['health'], response: { 200: Health } },
    },
    async () => {
      const database = app.pva.database;
      try {
        await sql`SELECT 1`.execute(database.kysely);
      } catch (e) {
        throw new AppError('not_ready', {
          detail: isStorageFault(e)
            ? {
                ja: 'データベースのディスクが書き込みを拒否しました。ディスクを復旧して再起動してください。',
                en: "The database's disk refused a write: restore the disk and restart.",
              }
            : { ja: 'データベースに接続できません。', en: 'The database is unreachable.' },
        });
      }
      if (!(await migrationsCurrent(database))) {
        throw new AppError('not_ready', {
          detail: { ja: 'マイグレーションが未適用です。', en: 'Migrations are not current.' },
        });
      }
      return { status: 'ok', checks: { database: 'ok', migrations: 'ok' } };
    },
  );
}
