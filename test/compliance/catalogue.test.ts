import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CLAUSES } from '../../src/modules/compliance/catalogue.ts';
import { CHECKS } from '../../src/modules/compliance/checks/index.ts';

// A copy of the requirements document (controls.md, the reference): the catalogue must
// carry every row of its table and its ten design principles.
const CONTROLS_MD = new URL('./fixtures/controls.md', import.meta.url);

function controlsTable(): { section: string; clause: string; topic: string }[] {
  const text = readFileSync(CONTROLS_MD, 'utf8');
  return text
    .split('\n')
    .filter((l) => /^\|\s*\d+\.\d+\s*\|/.test(l))
    .map((l) => {
      const cells = l.split('|').map((c) => c.trim());
      return { section: cells[1]!, clause: cells[2]!, topic: cells[3]! };
    });
}

function principles(): string[] {
  const text = readFileSync(CONTROLS_MD, 'utf8');
  return [...text.matchAll(/^(\d+)\. (.+)$/gm)].map((m) => m[2]!.replace(/\.$/, ''));
}

describe('control catalogue', () => {
  it('has every clause of controls.md with its section and title, in order', () => {
    const rows = controlsTable();
    expect(rows).toHaveLength(40);
    const clauses = CLAUSES.filter((c) => !c.clause.startsWith('principle-'));
    expect(clauses.map((c) => c.clause)).toEqual(rows.map((r) => r.clause));
    for (const r of rows) {
      const c = clauses.find((x) => x.clause === r.clause)!;
      expect(c.section, r.clause).toBe(r.section);
      expect(c.title.en, r.clause).toBe(r.topic);
    }
  });

  it('has the ten design principles with their titles', () => {
    const ps = principles();
    expect(ps).toHaveLength(10);
    for (const [i, text] of ps.entries()) {
      const c = CLAUSES.find((x) => x.clause === `principle-${i + 1}`);
      expect(c?.title.en).toBe(text);
      expect(c?.section).toBe('1.1');
    }
  });

  it('gives every clause a statement, a title and features in both languages', () => {
    for (const c of CLAUSES) {
      for (const b of [c.title, c.statement, ...c.features]) {
        expect(b.ja.trim(), c.clause).not.toBe('');
        expect(b.en.trim(), c.clause).not.toBe('');
        expect(b.ja, c.clause).toMatch(/[\u3040-\u30ff\u4e00-\u9fff]/);
      }
      expect(c.features.length, c.clause).toBeGreaterThan(0);
    }
  });

  it('links checks and clauses both ways, and every check id exists', () => {
    const ids = new Set(CHECKS.map((c) => c.id));
    expect(ids.size).toBe(CHECKS.length);
    for (const c of CLAUSES)
      for (const id of c.checkIds) expect(ids.has(id), `${c.clause} → ${id}`).toBe(true);
    for (const check of CHECKS) {
      expect(check.clauses.length).toBeGreaterThan(0);
      for (const clause of check.clauses) {
        const c = CLAUSES.find((x) => x.clause === clause);
        expect(c?.checkIds, `${check.id} → ${clause}`).toContain(check.id);
      }
    }
    for (const c of CLAUSES)
      for (const id of c.checkIds) expect(CHECKS.find((x) => x.id === id)!.clauses).toContain(c.clause);
  });

  it('has the checks the issue names', () => {
    const byClause = (clause: string) => CLAUSES.find((c) => c.clause === clause)!.checkIds;
    expect(byClause('9.2.3')).toEqual(expect.arrayContaining(['identity.mfa', 'identity.ip-allowlist']));
    expect(byClause('CLD.8.1.5')).toContain('lifecycle.erasure');
    expect(byClause('12.4.1')).toEqual(expect.arrayContaining(['traffic.collection', 'traffic.retention']));
    expect(byClause('CLD.12.4.5')).toContain('monitoring.coverage');
    expect(byClause('CLD.13.1.4')).toContain('capacity.augmentation');
    expect(byClause('12.1.3')).toContain('capacity.augmentation');
    expect(byClause('12.6.1')).toContain('vulnerabilities.overdue');
    expect(byClause('14.2.1')).toContain('changes.approval');
    expect(byClause('12.4.4')).toEqual(expect.arrayContaining(['time.ntp', 'time.zone']));
    expect(byClause('18.1.3')).toContain('audit.chain');
    expect(byClause('principle-10')).toContain('audit.chain');
    expect(byClause('10.1.1')).toContain('tls.listeners');
    expect(byClause('18.2.1')).toEqual([]);
  });
});
