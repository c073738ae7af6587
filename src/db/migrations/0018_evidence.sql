-- Signed audit checkpoints and evidence bundles on request (16.1.7, 18.1.3; docs/evidence-format.md).

-- A checkpoint signs the chain head at `seq` and the RFC 6962 Merkle root over the record hashes
-- hash_{from_seq} .. hash_{seq}; consecutive checkpoints cover the chain without gaps or overlap.
-- The Merkle root lets a tenant's bundle prove its records without revealing anyone else's.
CREATE TABLE audit.checkpoint (
  seq bigint PRIMARY KEY,
  from_seq bigint NOT NULL UNIQUE CHECK (from_seq >= 1 AND from_seq <= seq),
  -- hash_{seq}: the chain head signed; prev_hash = hash_{from_seq - 1}
  hash text NOT NULL CHECK (hash ~ '^[0-9a-f]{64}$'),
  prev_hash text NOT NULL CHECK (prev_hash ~ '^[0-9a-f]{64}$'),
  merkle_root text NOT NULL CHECK (merkle_root ~ '^[0-9a-f]{64}$'),
  at timestamptz NOT NULL,
  key_id text NOT NULL,
  -- SPKI DER, base64, of the key that signed (kept so old checkpoints verify after a key change)
  public_key text NOT NULL,
  -- the exact signed bytes (canonical JSON) and the Ed25519 signature over them, base64
  statement text NOT NULL,
  signature text NOT NULL
);
CREATE TRIGGER audit_checkpoint_append_only BEFORE UPDATE OR DELETE ON audit.checkpoint
  FOR EACH ROW EXECUTE FUNCTION audit.forbid_change();

-- A customer administrator's request for evidence; security staff decide; a job builds the bundle.
CREATE SEQUENCE customer.evidence_request_number_seq;
CREATE TABLE customer.evidence_request (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id uuid NOT NULL REFERENCES ops.tenant(id),
  -- human-readable, e.g. EV-2026-000012
  number text NOT NULL UNIQUE,
  window_from timestamptz NOT NULL,
  window_to timestamptz NOT NULL,
  kinds text[] NOT NULL,
  purpose text NOT NULL DEFAULT '' CHECK (char_length(purpose) <= 2000),
  status text NOT NULL DEFAULT 'submitted'
    CHECK (status IN ('submitted', 'rejected', 'approved', 'building', 'ready', 'failed', 'expired')),
  requested_by uuid REFERENCES customer.app_user(id) ON DELETE SET NULL,
  decided_by uuid REFERENCES ops.staff(id) ON DELETE SET NULL,
  decided_at timestamptz,
  decision_reason text,
  -- build progress shown in the portal: 0-100 and the phase in hand
  progress integer NOT NULL DEFAULT 0 CHECK (progress BETWEEN 0 AND 100),
  phase text,
  error text,
  -- the finished bundle: name, size, SHA-256, counts per kind, the checkpoint it is tied to
  bundle_name text,
  bundle_bytes bigint,
  bundle_sha256 text,
  counts jsonb NOT NULL DEFAULT '{}'::jsonb,
  checkpoint_seq bigint,
  completed_at timestamptz,
  expires_at timestamptz,
  downloads integer NOT NULL DEFAULT 0,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CHECK (window_from < window_to)
);
CREATE INDEX evidence_request_tenant ON customer.evidence_request (tenant_id, created_at DESC);
CREATE INDEX evidence_request_status ON customer.evidence_request (status, created_at);
SELECT ops.enable_tenant_rls('customer.evidence_request');

-- The bundle's bytes, apart from the request row so listing requests never reads them.
CREATE TABLE customer.evidence_bundle (
  request_id uuid PRIMARY KEY REFERENCES customer.evidence_request(id) ON DELETE CASCADE,
  tenant_id uuid NOT NULL REFERENCES ops.tenant(id),
  content bytea NOT NULL
);
SELECT ops.enable_tenant_rls('customer.evidence_bundle');
