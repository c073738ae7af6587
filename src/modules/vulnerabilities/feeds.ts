import type { Config } from '../../config.ts';
import type { Database } from '../../db/client.ts';
import { inTransaction, systemScope } from '../../db/context.ts';
import { recordAudit } from '../audit/service.ts';
import { AliasTable } from './aliases.ts';
import { parseDocument, storeAdvisory } from './importer.ts';
import { runMatching } from './matcher.ts';
import { AdvisoryInvalid } from './model.ts';
import { upsertFeedStatus } from './repository.ts';

/** At most this much per feed response; CSAF documents are tens of kilobytes. */
const MAX_BYTES = 10 * 1024 * 1024;
const TIMEOUT_MS = 30_000;

async function fetchJson(url: string): Promise<unknown> {
  const res = await fetch(url, {
    signal: AbortSignal.timeout(TIMEOUT_MS),
    headers: { accept: 'application/json' },
    redirect: 'follow',
  });
  if (!res.ok) throw new Error(`HTTP ${res.status}`);
  const declared = Number(res.headers.get('content-length') ?? 0);
  if (declared > MAX_BYTES) throw new Error(`larger than ${MAX_BYTES} bytes`);
  const text = await res.text();
  if (text.length > MAX_BYTES) throw new Error(`larger than ${MAX_BYTES} bytes`);
  return JSON.parse(text) as unknown;
}

export interface FeedResult {
  url: string;
  documents: number;
  created: number;
  updated: number;
  unchanged: number;
  invalid: number;
  error: string | null;
}

/**
 * Fetches every configured feed (PVA_ADVISORY_FEED_URLS): each answers one CSAF/OSV document or a
 * JSON array of them. Each document is stored in its own transaction, so one bad or outdated
 * document does not stop the rest; the feed's status records the outcome. Then everything that
 * changed is matched.
 */
export async function fetchFeeds(
  database: Database,
  config: Config,
  base: string | null,
): Promise<FeedResult[]> {
  const aliases = new AliasTable(config.vulnerabilities.aliases);
  const results: FeedResult[] = [];
  for (const url of config.vulnerabilities.feedUrls) {
    const r: FeedResult = {
      url,
      documents: 0,
      created: 0,
      updated: 0,
      unchanged: 0,
      invalid: 0,
      error: null,
    };
    const changed: string[] = [];
    try {
      const body = await fetchJson(url);
      const docs = Array.isArray(body) ? body : [body];
      r.documents = docs.length;
      for (const doc of docs) {
        try {
          const parsed = parseDocument(doc, aliases);
          const s = await inTransaction(database, systemScope(), async () => {
            const out = await storeAdvisory(parsed, url, null);
            if (out.outcome !== 'unchanged')
              await recordAudit({
                action: 'vulnerabilities.advisory_import',
                tenantId: null,
                targetType: 'vuln_advisory',
                targetId: out.id,
                summary: {
                  externalId: parsed.externalId,
                  source: parsed.source,
                  revision: parsed.revision,
                  outcome: out.outcome,
                  feed: url,
                },
              });
            return out;
          });
          r[s.outcome]++;
          if (s.outcome !== 'unchanged') changed.push(s.id);
        } catch (e) {
          // invalid or outdated documents are counted, not fatal for the feed
          if (e instanceof AdvisoryInvalid || (e as { code?: string }).code === 'advisory_outdated')
            r.invalid++;
          else throw e;
        }
      }
    } catch (e) {
      r.error = (e as Error).message.slice(0, 500);
    }
    await inTransaction(database, systemScope(), async () => {
      await upsertFeedStatus({
        url,
        at: new Date(),
        ok: r.error === null,
        error: r.error,
        imported: r.created + r.updated,
      });
      if (changed.length)
        await runMatching(config.vulnerabilities, { advisoryIds: changed, consoleBase: base });
    });
    results.push(r);
  }
  return results;
}
