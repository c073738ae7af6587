import { zoneDates } from '../../lib/time.ts';
import { canonical, type ChainRecord } from '../audit/chain.ts';
import { checkpointCovering, recordHashes, type CheckpointRow } from '../audit/checkpoint-repository.ts';
import { MerkleTree } from '../audit/merkle.ts';
import { canonicalJson } from '../signing/key.ts';
import { BUNDLE_VERSION, PROOF_FORMAT, type Proof, type RecordProof } from './format.ts';
import * as src from './sources.ts';

/** The lines of each records file, and the audit records' inclusion proofs (docs/evidence-format.md). */

export interface Line {
  id: string;
  text: string;
}
/** A non-audit record line: canonical JSON with times in the configured zone (+09:00). */
export const line = (id: string, value: Record<string, unknown>): Line => ({
  id,
  text: canonicalJson(zoneDates(value)),
});
const num = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));

export interface ProofInput {
  seq: number;
  prev_hash: string;
  hash: string;
}

export async function auditLines(
  w: src.Window,
  maxSeq: number,
): Promise<{ lines: Line[]; proofInput: ProofInput[] }> {
  const rows = await src.auditRecords(w, maxSeq);
  const lines: Line[] = [];
  const proofInput: ProofInput[] = [];
  for (const row of rows) {
    const rec: ChainRecord = {
      seq: Number(row.seq),
      at: new Date(row.at).toISOString(),
      tenant_id: row.tenant_id,
      actor_kind: row.actor_kind,
      actor_id: row.actor_id,
      action: row.action,
      target_type: row.target_type,
      target_id: row.target_id,
      outcome: row.outcome,
      request_id: row.request_id,
      summary:
        typeof row.summary === 'string' ? (JSON.parse(row.summary) as Record<string, unknown>) : row.summary,
      personal_ref: row.personal_ref,
    };
    // the line is exactly the hashed text: hash_n = SHA-256(prev_hash || "\n" || line)
    lines.push({ id: `seq:${rec.seq}`, text: canonical(rec) });
    proofInput.push({ seq: rec.seq, prev_hash: row.prev_hash, hash: row.hash });
  }
  return { lines, proofInput };
}

/** Inclusion paths of the records in the signed checkpoints covering them (one tree per checkpoint). */
export async function proofOf(records: ProofInput[]): Promise<Proof> {
  const checkpoints: CheckpointRow[] = [];
  const proofs: RecordProof[] = [];
  let cp: CheckpointRow | null = null;
  let tree: MerkleTree | null = null;
  for (const r of records) {
    if (!cp || r.seq > cp.seq) {
      cp = await checkpointCovering(r.seq);
      if (!cp) throw new Error(`no signed checkpoint covers audit record ${r.seq}`);
      tree = new MerkleTree(await recordHashes(cp.from_seq, cp.seq));
      if (tree.root !== cp.merkle_root)
        throw new Error(`the checkpoint at record ${cp.seq} does not match the chain`);
      checkpoints.push(cp);
    }
    proofs.push({
      seq: r.seq,
      prev_hash: r.prev_hash,
      checkpoint_seq: cp.seq,
      leaf_index: r.seq - cp.from_seq,
      path: tree!.path(r.seq - cp.from_seq),
    });
  }
  return {
    format: PROOF_FORMAT,
    version: BUNDLE_VERSION,
    checkpoints: checkpoints.map((c) => ({
      statement: c.statement,
      signature: c.signature,
      key_id: c.key_id,
      public_key: c.public_key,
    })),
    records: proofs,
  };
}

export async function monitoringLines(w: src.Window): Promise<Line[]> {
  const rounds = await src.monitorRounds(w);
  const events = await src.monitorEvents(w);
  return [
    ...rounds.map((r) =>
      line(`round:${r.monitor_id}:${new Date(r.at).toISOString()}`, {
        type: 'round',
        ...r,
        loss_pct: num(r.loss_pct),
        rtt_min_ms: num(r.rtt_min_ms),
        rtt_median_ms: num(r.rtt_median_ms),
        rtt_max_ms: num(r.rtt_max_ms),
      }),
    ),
    ...events.map((e) =>
      line(`event:${e.id}`, {
        type: 'event',
        ...e,
        detail: typeof e.detail === 'string' ? (JSON.parse(e.detail) as unknown) : e.detail,
      }),
    ),
  ];
}

export async function trafficLines(w: src.Window): Promise<Line[]> {
  const out: Line[] = [];
  for (const series of ['5m', '1h', '1d'] as const) {
    for (const r of await src.trafficRows(w, series)) {
      out.push(
        line(`traffic:${series}:${r.connection_id}:${new Date(r.at).toISOString()}`, {
          series,
          connection_id: r.connection_id,
          at: r.at,
          seconds: num(r.seconds),
          in_octets: num(r.in_octets),
          out_octets: num(r.out_octets),
          in_max_bps: num(r.in_max_bps),
          out_max_bps: num(r.out_max_bps),
        }),
      );
    }
  }
  return out;
}

export async function changeLines(w: src.Window): Promise<Line[]> {
  const requests = await src.changeRequests(w);
  const events = await src.changeRequestEvents(
    w,
    requests.map((r) => r.id),
  );
  const changes = await src.configChanges(w);
  const json = (v: unknown): unknown => (typeof v === 'string' ? (JSON.parse(v) as unknown) : v);
  return [
    ...requests.map((r) =>
      line(`change_request:${r.number}`, {
        type: 'change_request',
        ...r,
        desired: json(r.desired),
        current: json(r.current),
      }),
    ),
    ...events.map((e) =>
      line(`change_request_event:${e.id}`, { type: 'change_request_event', ...e, id: Number(e.id) }),
    ),
    ...changes.map(({ impact: _impact, change_request_id: _cr, ...c }) =>
      line(`config_change:${c.number}`, { type: 'config_change', ...c }),
    ),
  ];
}
