-- Provider change management for equipment configuration (14.2.1) and equipment configuration
-- backups with drift detection (12.3.1). Both are provider data in `ops`: never reachable from
-- the portal. Backups and diffs never hold a secret in clear: PSKs are replaced by a keyed
-- fingerprint before anything is stored (docs/change-management.md).

-- Versioned running configurations, one row per device and content: a new version is written
-- only when the fetched content differs from the device's latest version.
CREATE TABLE ops.config_backup (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  device_id uuid NOT NULL REFERENCES ops.device(id),
  version integer NOT NULL CHECK (version >= 1),
  sha256 text NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
  -- {"<file name>": "<text>"}, the layout of the device's driver, secrets redacted
  files jsonb NOT NULL CHECK (jsonb_typeof(files) = 'object'),
  -- what took it: the nightly job, a staff member's "back up now", or the snapshot before a change
  source text NOT NULL CHECK (source IN ('scheduled', 'manual', 'pre_change')),
  -- first fetched with this content, and the last fetch that still found it
  fetched_at timestamptz NOT NULL DEFAULT now(),
  last_seen_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (device_id, version)
);

-- The last backup attempt per device: a device that cannot be read is visible, not silent.
CREATE TABLE ops.config_backup_status (
  device_id uuid PRIMARY KEY REFERENCES ops.device(id),
  last_run_at timestamptz NOT NULL,
  last_ok_at timestamptz,
  last_error text
);

-- Provider change records: what changes on which devices (the diff), the impact from the model,
-- the risk assessment, a second person's approval, then execution with its log and result.
CREATE SEQUENCE ops.config_change_number_seq;
CREATE TABLE ops.config_change (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  -- human-readable, e.g. CHG-2026-000042 (the year of preparation in the configured zone)
  number text NOT NULL UNIQUE,
  -- apply: bring the devices to their intended configuration; restore: put a backup version back
  kind text NOT NULL CHECK (kind IN ('apply', 'restore')),
  title text NOT NULL CHECK (char_length(title) BETWEEN 1 AND 200),
  status text NOT NULL DEFAULT 'draft' CHECK (status IN (
    'draft', 'submitted', 'approved', 'rejected', 'executing', 'succeeded', 'failed', 'rolled_back')),
  risk_level text CHECK (risk_level IN ('low', 'medium', 'high')),
  risk_assessment text NOT NULL DEFAULT '' CHECK (char_length(risk_assessment) <= 4000),
  -- {tenants: [...], connections: [...]} computed from the model at preparation (impact.ts)
  impact jsonb NOT NULL DEFAULT '{}'::jsonb,
  prepared_by uuid REFERENCES ops.staff(id) ON DELETE SET NULL,
  submitted_at timestamptz,
  approved_by uuid REFERENCES ops.staff(id) ON DELETE SET NULL,
  rejected_by uuid REFERENCES ops.staff(id) ON DELETE SET NULL,
  decided_at timestamptz,
  decision_note text,
  executed_by uuid REFERENCES ops.staff(id) ON DELETE SET NULL,
  started_at timestamptz,
  finished_at timestamptz,
  -- [{at, device, level: info|error, message}] written by the executor and the drivers
  log jsonb NOT NULL DEFAULT '[]'::jsonb CHECK (jsonb_typeof(log) = 'array'),
  result text,
  -- a customer's change request this record carries out (kept by number when the request is erased)
  change_request_id uuid REFERENCES customer.change_request(id) ON DELETE SET NULL,
  change_request_number text,
  -- kind restore: the version to put back
  restore_backup_id uuid REFERENCES ops.config_backup(id),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  -- the four-eyes rule, held by the database too: nobody approves their own preparation
  CONSTRAINT config_change_four_eyes CHECK (approved_by IS NULL OR prepared_by IS NULL OR approved_by <> prepared_by),
  CHECK ((kind = 'restore') = (restore_backup_id IS NOT NULL))
);
CREATE INDEX config_change_status ON ops.config_change (status, created_at DESC);
CREATE INDEX config_change_request ON ops.config_change (change_request_id) WHERE change_request_id IS NOT NULL;

-- One row per device of a change: its diff (running at preparation → target, secrets redacted),
-- the hash of the target checked again at execution, and what happened to the device.
CREATE TABLE ops.config_change_device (
  change_id uuid NOT NULL REFERENCES ops.config_change(id) ON DELETE CASCADE,
  device_id uuid NOT NULL REFERENCES ops.device(id),
  position smallint NOT NULL,
  diff text NOT NULL DEFAULT '',
  changed boolean NOT NULL DEFAULT false,
  target_sha256 text CHECK (target_sha256 ~ '^[0-9a-f]{64}$'),
  running_sha256 text CHECK (running_sha256 ~ '^[0-9a-f]{64}$'),
  -- why the diff could not be computed (driver missing, device unreachable): blocks approval
  error text,
  -- what the renderer left out and why (e.g. a connection whose PSK is not available)
  warnings jsonb NOT NULL DEFAULT '[]'::jsonb CHECK (jsonb_typeof(warnings) = 'array'),
  -- the snapshot taken just before applying: the rollback target
  pre_backup_id uuid REFERENCES ops.config_backup(id),
  outcome text CHECK (outcome IN ('applied', 'failed', 'rolled_back', 'rollback_failed', 'not_applied')),
  PRIMARY KEY (change_id, device_id)
);
CREATE INDEX config_change_device_device ON ops.config_change_device (device_id);

-- The steps of a change record, oldest first (the timeline on the console).
CREATE TABLE ops.config_change_event (
  id bigserial PRIMARY KEY,
  change_id uuid NOT NULL REFERENCES ops.config_change(id) ON DELETE CASCADE,
  at timestamptz NOT NULL DEFAULT now(),
  actor_kind text NOT NULL CHECK (actor_kind IN ('staff', 'system')),
  actor_id uuid,
  from_status text,
  to_status text NOT NULL,
  note text
);
CREATE INDEX config_change_event_change ON ops.config_change_event (change_id, id);

-- Drift: the running configuration (a backup version) differs from the intended one. At most one
-- open record per device; it is resolved when a later backup finds them equal again.
CREATE TABLE ops.config_drift (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  device_id uuid NOT NULL REFERENCES ops.device(id),
  backup_id uuid NOT NULL REFERENCES ops.config_backup(id),
  intended_sha256 text NOT NULL CHECK (intended_sha256 ~ '^[0-9a-f]{64}$'),
  -- intended → running, secrets redacted: what the device has that PVA did not intend
  diff text NOT NULL,
  detected_at timestamptz NOT NULL DEFAULT now(),
  last_seen_at timestamptz NOT NULL DEFAULT now(),
  resolved_at timestamptz,
  resolved_by_change_id uuid REFERENCES ops.config_change(id),
  CHECK (resolved_by_change_id IS NULL OR resolved_at IS NOT NULL)
);
CREATE UNIQUE INDEX config_drift_open ON ops.config_drift (device_id) WHERE resolved_at IS NULL;

-- A change record made to resolve a drift points back at it.
ALTER TABLE ops.config_change ADD COLUMN drift_id uuid REFERENCES ops.config_drift(id);
