-- Append-only, hash-chained audit trail (docs/audit-format.md). Personal data sits beside the
-- chain in audit.personal, referenced by hash, so erasing it leaves the chain verifiable.
CREATE TABLE audit.log (
  seq bigint PRIMARY KEY,
  at timestamptz NOT NULL,
  tenant_id uuid,
  actor_kind text NOT NULL,
  actor_id text,
  action text NOT NULL,
  target_type text,
  target_id text,
  outcome text NOT NULL CHECK (outcome IN ('success', 'failure', 'denied')),
  request_id text,
  summary jsonb NOT NULL DEFAULT '{}'::jsonb,
  personal_ref text,
  prev_hash text NOT NULL,
  hash text NOT NULL
);
CREATE INDEX audit_log_tenant ON audit.log (tenant_id, seq);

CREATE TABLE audit.personal (
  ref text PRIMARY KEY,
  data jsonb NOT NULL,
  tenant_id uuid,
  created_at timestamptz NOT NULL DEFAULT now()
);

-- One row that serialises appends: its row lock makes the sequence gap-free and the chain linear.
CREATE TABLE audit.head (
  id integer PRIMARY KEY CHECK (id = 1),
  seq bigint NOT NULL,
  hash text NOT NULL
);
INSERT INTO audit.head (id, seq, hash) VALUES (1, 0, repeat('0', 64));

CREATE TABLE audit.verification (
  id bigserial PRIMARY KEY,
  at timestamptz NOT NULL DEFAULT now(),
  ok boolean NOT NULL,
  records bigint NOT NULL,
  first_bad_seq bigint,
  problem text
);

CREATE FUNCTION audit.forbid_change() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  RAISE EXCEPTION 'audit.log is append-only';
END
$fn$;
CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit.log
  FOR EACH ROW EXECUTE FUNCTION audit.forbid_change();
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit.log
  FOR EACH STATEMENT EXECUTE FUNCTION audit.forbid_change();
