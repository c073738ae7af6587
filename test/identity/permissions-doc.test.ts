import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { PERMISSIONS_DOC, renderPermissions } from '../../scripts/gen-permissions.ts';
import {
  CUSTOMER_PERMISSIONS,
  CUSTOMER_ROLES,
  STAFF_PERMISSIONS,
  STAFF_ROLES,
} from '../../src/modules/identity/policy.ts';

// docs/permissions.md is generated from the policy module: this fails when the matrix changed
// and the document was not regenerated.
describe('docs/permissions.md', () => {
  it('is what scripts/gen-permissions.ts renders from the policy', () => {
    const committed = existsSync(PERMISSIONS_DOC) ? readFileSync(PERMISSIONS_DOC, 'utf8') : '';
    expect(
      committed === renderPermissions(),
      'docs/permissions.md is out of date: run `npm run gen:docs`',
    ).toBe(true);
  });

  it('describes every role and permission in Japanese and English, with the matrix', () => {
    const doc = renderPermissions();
    for (const role of [...Object.values(CUSTOMER_ROLES), ...Object.values(STAFF_ROLES)]) {
      expect(doc).toContain(role.ja);
      expect(doc).toContain(role.en);
    }
    for (const [key, d] of Object.entries({ ...CUSTOMER_PERMISSIONS, ...STAFF_PERMISSIONS })) {
      expect(doc).toContain(`\`${key}\``);
      expect(doc).toContain(d.ja);
      expect(doc).toContain(d.en);
    }
    // one matrix row per permission, one ✓ per role holding it
    const row = (key: string) =>
      doc.split('\n').find(
        (l) =>
          l.startsWith(`| \`${key}\` |`) &&
          l
            .split('|')
            .slice(2, -1)
            .every((c) => ['', '✓'].includes(c.trim())),
      )!;
    expect(row('users.manage').split('✓')).toHaveLength(2);
    expect(row('services.read').split('✓')).toHaveLength(4);
    expect(row('staff.manage').split('✓')).toHaveLength(2);
    expect(doc).toMatch(/9\.2\.2/);
    expect(doc).toMatch(/never exceeds/);
  });
});
