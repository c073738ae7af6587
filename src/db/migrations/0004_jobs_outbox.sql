-- Jobs shared by every worker process through FOR UPDATE SKIP LOCKED (docs/decisions.md).
CREATE TABLE ops.job (
  id bigserial PRIMARY KEY,
  name text NOT NULL,
  payload jsonb NOT NULL DEFAULT '{}'::jsonb,
  -- a deterministic key (e.g. a scheduled slot) makes enqueueing idempotent
  singleton_key text UNIQUE,
  status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'running', 'done', 'failed')),
  run_at timestamptz NOT NULL DEFAULT now(),
  attempts integer NOT NULL DEFAULT 0,
  max_attempts integer NOT NULL DEFAULT 5,
  locked_until timestamptz,
  last_error text,
  created_at timestamptz NOT NULL DEFAULT now(),
  finished_at timestamptz
);
CREATE INDEX job_due ON ops.job (run_at) WHERE status IN ('pending', 'running');

-- Messages written in the same transaction as the change that causes them, delivered after commit.
CREATE TABLE ops.outbox (
  id bigserial PRIMARY KEY,
  tenant_id uuid,
  channel text NOT NULL DEFAULT 'email' CHECK (channel IN ('email')),
  recipient text NOT NULL,
  subject text NOT NULL,
  body text NOT NULL,
  status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sending', 'sent', 'failed')),
  attempts integer NOT NULL DEFAULT 0,
  next_attempt_at timestamptz NOT NULL DEFAULT now(),
  locked_until timestamptz,
  last_error text,
  created_at timestamptz NOT NULL DEFAULT now(),
  sent_at timestamptz
);
CREATE INDEX outbox_due ON ops.outbox (next_attempt_at) WHERE status IN ('pending', 'sending');

-- The one-time token printed at first start; only its hash is kept.
CREATE TABLE ops.bootstrap_token (
  token_hash text PRIMARY KEY,
  expires_at timestamptz NOT NULL,
  used_at timestamptz
);

-- Provider staff (the management side). Identity work extends this table.
CREATE TABLE ops.staff (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  email text NOT NULL UNIQUE,
  name text NOT NULL,
  role text NOT NULL CHECK (role IN ('noc', 'security', 'admin')),
  password_hash text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
