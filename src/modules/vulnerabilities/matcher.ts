import { zonedDate } from '../../lib/time.ts';
import { AliasTable } from './aliases.ts';
import { sendCriticalAlerts } from './alerts.ts';
import { recordDay } from './daily.ts';
import { InventoryIndex, matchAdvisory } from './match.ts';
import type { AdvisorySeverity } from './model.ts';
import * as repo from './repository.ts';
import type { SlaSeverity, VulnSettings } from './settings.ts';

/** The due date (JST day) of a match first seen at `at`: severity → PVA_VULN_SLA_DAYS. */
export function dueDate(severity: AdvisorySeverity, sla: Record<SlaSeverity, number>, at: Date): string {
  // an unscored advisory is not given the most lenient deadline: someone must look at it
  const key: SlaSeverity = severity === 'unknown' ? 'medium' : severity === 'none' ? 'low' : severity;
  return zonedDate(new Date(at.getTime() + sla[key] * 86_400_000));
}

export interface MatchPass {
  advisories: number;
  items: number;
  current: number;
  added: number;
  resolved: number;
  emails: number;
}

/**
 * Matches advisories (all, or the given ones) against the whole inventory in the ambient
 * transaction: new matches are inserted with a due date, matches that no longer hold are
 * resolved, ones that hold again come back; then critical ones are alerted and today's trend row
 * is refreshed. Used after an import and by the re-match job (version changes, new devices).
 */
export async function runMatching(
  settings: VulnSettings,
  opts: { advisoryIds?: string[]; consoleBase?: string | null; now?: Date } = {},
): Promise<MatchPass> {
  const now = opts.now ?? new Date();
  const index = new InventoryIndex(await repo.loadInventory(), new AliasTable(settings.aliases));
  const advisories = await repo.advisoriesForMatching(opts.advisoryIds);
  const existing = await repo.existingMatches(advisories.map((a) => a.id));
  const byKey = new Map(existing.map((e) => [`${e.advisory_id}:${e.item_id}`, e]));
  const fresh: repo.NewMatch[] = [];
  const seen = new Set<string>();
  let current = 0;
  for (const a of advisories) {
    for (const m of matchAdvisory(a.products, index)) {
      current++;
      const key = `${a.id}:${m.itemId}`;
      seen.add(key);
      const old = byKey.get(key);
      if (!old)
        fresh.push({
          advisoryId: a.id,
          itemKind: m.itemKind,
          itemId: m.itemId,
          deviceId: m.deviceId,
          verdict: m.verdict,
          version: m.version,
          dueDate: dueDate(a.severity, settings.slaDays, now),
        });
      else if (!old.current || old.verdict !== m.verdict || old.version_seen !== m.version.slice(0, 100))
        await repo.refreshMatch(old.id, m.verdict, m.version, now);
    }
  }
  const added = await repo.insertMatches(fresh, now);
  const gone = existing
    .filter((e) => e.current && !seen.has(`${e.advisory_id}:${e.item_id}`))
    .map((e) => e.id);
  await repo.resolveMatches(gone, now);
  const emails = await sendCriticalAlerts(opts.consoleBase ?? null, now);
  await recordDay(now);
  return {
    advisories: advisories.length,
    items: index.size,
    current,
    added: added.length,
    resolved: gone.length,
    emails,
  };
}
