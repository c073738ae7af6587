import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { generateApiTypes, PLANES, typesPath } from '../scripts/gen-api.ts';

// The SPA's API types are generated from the route schemas; this fails when a schema changed
// and the committed web/src/api/<plane>.d.ts were not regenerated.
describe('generated API types', () => {
  it('web/src/api/*.d.ts match the OpenAPI documents of both listeners', async () => {
    const generated = await generateApiTypes();
    for (const plane of PLANES) {
      const path = typesPath(plane);
      const committed = existsSync(path) ? readFileSync(path, 'utf8') : '';
      expect(committed === generated[plane], `${path} is out of date: run \`npm run gen:api\``).toBe(true);
    }
  });
});
