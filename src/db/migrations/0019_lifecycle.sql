-- Contract termination and erasure of customer data (CLD.8.1.5, principles 8 and 9). Both tables
-- are provider records in `ops`: they must outlive the customer data they describe.

-- One termination per tenant at a time (a cancelled one may be followed by a new request).
-- Dates: stop_at = end of the termination date (JST day); deadline = end of day 90, day 1 being
-- the day after the termination date; erase_at <= deadline is when the erasure job runs;
-- grace_until <= erase_at is how long administrators may still log in to export.
CREATE TABLE ops.termination (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id uuid NOT NULL REFERENCES ops.tenant(id),
  termination_date date NOT NULL,
  status text NOT NULL CHECK (status IN ('requested', 'confirmed', 'cancelled', 'stopped', 'erasing', 'erased')),
  requested_by_kind text NOT NULL CHECK (requested_by_kind IN ('customer', 'staff')),
  -- a customer user's id is cleared at erasure (the user no longer exists)
  requested_by uuid,
  requested_at timestamptz NOT NULL DEFAULT now(),
  confirmed_by uuid REFERENCES ops.staff(id) ON DELETE SET NULL,
  confirmed_at timestamptz,
  cancelled_at timestamptz,
  stop_at timestamptz NOT NULL,
  deadline timestamptz NOT NULL,
  erase_at timestamptz NOT NULL,
  grace_until timestamptz NOT NULL,
  reminded_at timestamptz,
  stopped_at timestamptz,
  -- the provider change record that removes the tenant's connections from the equipment
  change_id uuid REFERENCES ops.config_change(id) ON DELETE SET NULL,
  last_alert_on date,
  erasure_started_at timestamptz,
  -- progress of the erasure job (erase.ts): each step commits with its counts, so a killed job resumes
  erasure_phase text,
  erased_counts jsonb NOT NULL DEFAULT '{}'::jsonb CHECK (jsonb_typeof(erased_counts) = 'object'),
  -- taken before anything is erased: tenant code/name, contract numbers, administrators' addresses
  -- and languages (cleared when the certificate emails are queued; see docs/lifecycle.md)
  snapshot jsonb,
  key_id text,
  completed_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  CHECK (erase_at <= deadline AND grace_until <= erase_at AND stop_at <= erase_at)
);
CREATE UNIQUE INDEX termination_open ON ops.termination (tenant_id) WHERE status <> 'cancelled';
CREATE INDEX termination_due ON ops.termination (status, stop_at);

-- Exactly one certificate per erasure (the unique keys make a resumed job unable to issue a second).
-- `document` is the signed file byte for byte as downloaded and verified by `pva erasure verify`.
CREATE TABLE ops.erasure_certificate (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  termination_id uuid NOT NULL UNIQUE REFERENCES ops.termination(id),
  tenant_id uuid NOT NULL UNIQUE REFERENCES ops.tenant(id),
  document text NOT NULL,
  key_id text NOT NULL,
  issued_at timestamptz NOT NULL DEFAULT now()
);
