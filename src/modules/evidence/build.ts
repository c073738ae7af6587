import { createHash } from 'node:crypto';
import type { Config } from '../../config.ts';
import type { Database } from '../../db/client.ts';
import { inTransaction, systemScope } from '../../db/context.ts';
import { formatInstant, zonedDate } from '../../lib/time.ts';
import { createCheckpoint } from '../audit/checkpoint.ts';
import { lastCheckpoint } from '../audit/checkpoint-repository.ts';
import { recordAudit } from '../audit/service.ts';
import { signBytes, signingKey } from '../signing/key.ts';
import {
  BUNDLE_FORMAT,
  BUNDLE_VERSION,
  MANIFEST,
  MANIFEST_SIG,
  PROOF,
  PROOF_FORMAT,
  recordFile,
  type Kind,
  type Manifest,
  type ManifestFile,
  type Proof,
} from './format.ts';
import { auditLines, changeLines, line, monitoringLines, proofOf, trafficLines, type Line } from './lines.ts';
import { queueEvidenceMail } from './emails.ts';
import * as repo from './repository.ts';
import * as src from './sources.ts';
import { summaryHtml } from './summary.ts';
import { writeTar } from './tar.ts';

const sha256 = (b: Buffer | string): string => createHash('sha256').update(b).digest('hex');
const sys = <T>(database: Database, fn: () => Promise<T>) => inTransaction(database, systemScope(), fn);

const PHASES: Record<Kind, [number, number]> = {
  audit: [10, 40],
  monitoring: [40, 60],
  traffic: [60, 75],
  changes: [75, 85],
  notices: [85, 90],
};

/**
 * Builds the evidence bundle of one approved request: a fresh checkpoint first (so every record
 * of the window is under a signed root), then each kind of record, the audit proofs, the
 * manifest and its signature, the summaries, and one tar stored for download. Progress goes to
 * the request row in short transactions of its own, so the portal can show it while it runs.
 */
export async function buildBundle(database: Database, config: Config, requestId: string): Promise<void> {
  const req = await sys(database, async () => {
    const r = await repo.lockRequest(requestId);
    if (!r || (r.status !== 'approved' && r.status !== 'building')) return null;
    await repo.updateRequest(requestId, {
      status: 'building',
      progress: 2,
      phase: 'checkpoint',
      error: null,
    });
    return r;
  });
  if (!req) return;
  const progress = (progress: number, phase: string) =>
    sys(database, () => repo.updateRequest(requestId, { progress, phase }));
  try {
    const cp = await sys(database, async () => {
      await createCheckpoint(config, 'evidence');
      return lastCheckpoint();
    });
    const maxSeq = cp?.seq ?? 0;
    const w: src.Window = {
      tenantId: req.tenant_id,
      from: new Date(req.window_from),
      to: new Date(req.window_to),
    };
    const kinds = req.kinds;
    const lines = new Map<Kind, Line[]>();
    const unavailable: Kind[] = [];
    let proof: Proof = { format: PROOF_FORMAT, version: BUNDLE_VERSION, checkpoints: [], records: [] };
    for (const kind of kinds) {
      await progress(PHASES[kind][0], kind);
      if (kind === 'audit') {
        const r = await sys(database, () => auditLines(w, maxSeq));
        lines.set(kind, r.lines);
        await progress(PHASES[kind][0] + 15, 'proof');
        proof = await sys(database, () => proofOf(r.proofInput));
      } else if (kind === 'monitoring') lines.set(kind, await sys(database, () => monitoringLines(w)));
      else if (kind === 'traffic') lines.set(kind, await sys(database, () => trafficLines(w)));
      else if (kind === 'changes') lines.set(kind, await sys(database, () => changeLines(w)));
      else {
        const n = await sys(database, () => src.noticeRecords(w));
        if (!n.available) unavailable.push(kind);
        lines.set(
          kind,
          n.rows.map((row, i) =>
            line(typeof row.record_id === 'string' ? row.record_id : `notice:${i}`, row),
          ),
        );
      }
    }
    await progress(92, 'package');
    const tenant = await sys(database, () => src.tenantOf(req.tenant_id));
    const key = signingKey(config);
    const now = new Date();
    const files: ManifestFile[] = [];
    const entries: { name: string; content: Buffer }[] = [];
    const add = (name: string, content: Buffer, records?: Line[]) => {
      entries.push({ name, content });
      files.push({
        path: name,
        sha256: sha256(content),
        bytes: content.length,
        ...(records ? { records: records.map((l) => ({ id: l.id, sha256: sha256(l.text) })) } : {}),
      });
    };
    const counts: Record<string, number> = {};
    for (const kind of kinds) {
      const ls = lines.get(kind) ?? [];
      counts[kind] = ls.length;
      add(recordFile(kind), Buffer.from(ls.map((l) => l.text + '\n').join(''), 'utf8'), ls);
    }
    if (kinds.includes('audit')) add(PROOF, Buffer.from(JSON.stringify(proof, null, 1) + '\n', 'utf8'));
    const head: Omit<Manifest, 'files'> = {
      format: BUNDLE_FORMAT,
      version: BUNDLE_VERSION,
      number: req.number,
      generated_at: formatInstant(now),
      tenant: { id: req.tenant_id, code: tenant?.code ?? '', name: tenant?.name ?? '' },
      window: { from: formatInstant(w.from), to: formatInstant(w.to) },
      kinds,
      request: {
        id: req.id,
        purpose: req.purpose,
        requested_at: formatInstant(new Date(req.created_at)),
        requested_by: req.requested_by,
        approved_at: req.decided_at ? formatInstant(new Date(req.decided_at)) : null,
        approved_by: req.decided_by,
      },
      counts,
      unavailable,
      key_id: key.keyId,
      public_key: key.publicKeySpki,
    };
    const summaryNames = ['summary.ja.html', 'summary.en.html'];
    const allNames = [MANIFEST, MANIFEST_SIG, ...files.map((f) => f.path), ...summaryNames];
    add('summary.ja.html', Buffer.from(summaryHtml('ja', head, allNames), 'utf8'));
    add('summary.en.html', Buffer.from(summaryHtml('en', head, allNames), 'utf8'));
    const manifest: Manifest = { ...head, files };
    const manifestBytes = Buffer.from(JSON.stringify(manifest, null, 1) + '\n', 'utf8');
    const sig = {
      algorithm: 'Ed25519',
      key_id: key.keyId,
      public_key: key.publicKeySpki,
      signature: signBytes(key, manifestBytes),
    };
    const tar = writeTar(
      [
        { name: MANIFEST, content: manifestBytes },
        { name: MANIFEST_SIG, content: Buffer.from(JSON.stringify(sig, null, 1) + '\n', 'utf8') },
        ...entries,
      ],
      now,
    );
    const name = `pva-evidence-${req.number}-${zonedDate(now)}.tar`;
    const expiresAt = new Date(now.getTime() + config.evidence.keepDays * 86_400_000);
    await sys(database, async () => {
      await repo.saveBundle(req.id, req.tenant_id, tar);
      await repo.updateRequest(req.id, {
        status: 'ready',
        progress: 100,
        phase: 'done',
        bundle_name: name,
        bundle_bytes: tar.length,
        bundle_sha256: sha256(tar),
        counts: JSON.stringify(counts),
        checkpoint_seq: maxSeq,
        completed_at: now,
        expires_at: expiresAt,
      });
      await recordAudit({
        action: 'evidence.built',
        tenantId: req.tenant_id,
        targetType: 'evidence_request',
        targetId: req.id,
        summary: {
          number: req.number,
          counts,
          bytes: tar.length,
          sha256: sha256(tar),
          checkpointSeq: maxSeq,
          keyId: key.keyId,
        },
      });
      await queueEvidenceMail(config, 'ready', req, { expiresAt });
    });
  } catch (e) {
    const message = (e as Error).message.slice(0, 500);
    await sys(database, async () => {
      await repo.updateRequest(req.id, { status: 'failed', phase: 'failed', error: message });
      await recordAudit({
        action: 'evidence.failed',
        outcome: 'failure',
        tenantId: req.tenant_id,
        targetType: 'evidence_request',
        targetId: req.id,
        summary: { number: req.number, error: message },
      });
    });
  }
}
