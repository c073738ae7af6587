-- Identity and access (9.2.x, 9.4.x). Customer users are customer stored data (RLS); provider
-- staff are provider data; credentials, sessions and throttling live in the iam schema, keyed by
-- principal, and are reached only through the identity module.
CREATE SCHEMA IF NOT EXISTS iam;

CREATE TABLE customer.app_user (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id uuid NOT NULL REFERENCES ops.tenant(id),
  login text NOT NULL UNIQUE,
  email text NOT NULL,
  name text NOT NULL,
  role text NOT NULL CHECK (role IN ('admin', 'operator', 'viewer')),
  -- null: every service of the tenant; otherwise only these service ids
  service_scope uuid[],
  password_hash text,
  status text NOT NULL DEFAULT 'invited' CHECK (status IN ('invited', 'active', 'disabled')),
  must_change_password boolean NOT NULL DEFAULT false,
  password_changed_at timestamptz,
  last_login_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX app_user_tenant ON customer.app_user (tenant_id);
SELECT ops.enable_tenant_rls('customer.app_user');

CREATE TABLE customer.tenant_setting (
  tenant_id uuid PRIMARY KEY REFERENCES ops.tenant(id),
  -- CIDR allowlist for logins; empty: no restriction
  ip_allowlist text[] NOT NULL DEFAULT '{}',
  allowlist_scope text NOT NULL DEFAULT 'admins' CHECK (allowlist_scope IN ('admins', 'all')),
  allowlist_tokens boolean NOT NULL DEFAULT false,
  mfa_required_all boolean NOT NULL DEFAULT false,
  updated_at timestamptz NOT NULL DEFAULT now()
);
SELECT ops.enable_tenant_rls('customer.tenant_setting');

ALTER TABLE ops.staff
  ADD COLUMN status text NOT NULL DEFAULT 'active' CHECK (status IN ('invited', 'active', 'disabled')),
  ADD COLUMN must_change_password boolean NOT NULL DEFAULT false,
  ADD COLUMN password_changed_at timestamptz,
  ADD COLUMN last_login_at timestamptz,
  ADD COLUMN training_acknowledged_on date,
  ALTER COLUMN password_hash DROP NOT NULL;

-- principal_kind: 'staff' | 'customer'. tenant_id is null for staff.
CREATE TABLE iam.totp (
  principal_kind text NOT NULL,
  principal_id uuid NOT NULL,
  tenant_id uuid,
  secret text NOT NULL,
  confirmed_at timestamptz,
  last_step bigint NOT NULL DEFAULT 0,
  PRIMARY KEY (principal_kind, principal_id)
);

CREATE TABLE iam.recovery_code (
  id bigserial PRIMARY KEY,
  principal_kind text NOT NULL,
  principal_id uuid NOT NULL,
  code_hash text NOT NULL,
  used_at timestamptz
);
CREATE INDEX recovery_code_principal ON iam.recovery_code (principal_kind, principal_id);

CREATE TABLE iam.passkey (
  id text PRIMARY KEY,
  principal_kind text NOT NULL,
  principal_id uuid NOT NULL,
  tenant_id uuid,
  public_key text NOT NULL,
  counter bigint NOT NULL DEFAULT 0,
  transports text[] NOT NULL DEFAULT '{}',
  name text NOT NULL DEFAULT '',
  created_at timestamptz NOT NULL DEFAULT now(),
  last_used_at timestamptz
);
CREATE INDEX passkey_principal ON iam.passkey (principal_kind, principal_id);

CREATE TABLE iam.session (
  id_hash text PRIMARY KEY,
  principal_kind text NOT NULL,
  principal_id uuid NOT NULL,
  tenant_id uuid,
  -- 'mfa': password passed, second factor pending; 'enroll': must enrol a second factor; 'full'
  stage text NOT NULL CHECK (stage IN ('mfa', 'enroll', 'full')),
  csrf_token text NOT NULL,
  challenge text,
  created_at timestamptz NOT NULL DEFAULT now(),
  last_seen_at timestamptz NOT NULL DEFAULT now(),
  idle_timeout_s integer NOT NULL,
  expires_at timestamptz NOT NULL,
  ip text,
  user_agent text,
  revoked_at timestamptz
);
CREATE INDEX session_principal ON iam.session (principal_kind, principal_id);

CREATE TABLE iam.api_token (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id uuid NOT NULL REFERENCES ops.tenant(id),
  user_id uuid NOT NULL,
  name text NOT NULL,
  token_hash text NOT NULL UNIQUE,
  prefix text NOT NULL,
  scope text NOT NULL CHECK (scope IN ('read', 'read-write')),
  service_scope uuid[],
  ip_allowlist text[] NOT NULL DEFAULT '{}',
  expires_at timestamptz NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  last_used_at timestamptz,
  revoked_at timestamptz
);
CREATE INDEX api_token_tenant ON iam.api_token (tenant_id);

-- Single-use links: invitations (72 h) and password resets (30 min). Only hashes are stored.
CREATE TABLE iam.one_time_link (
  token_hash text PRIMARY KEY,
  purpose text NOT NULL CHECK (purpose IN ('invite', 'reset')),
  principal_kind text NOT NULL,
  principal_id uuid NOT NULL,
  tenant_id uuid,
  expires_at timestamptz NOT NULL,
  used_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now()
);

-- Failed-login counters per login name and per source address.
CREATE TABLE iam.login_throttle (
  key text PRIMARY KEY,
  failures integer NOT NULL DEFAULT 0,
  first_failure_at timestamptz NOT NULL DEFAULT now(),
  last_failure_at timestamptz NOT NULL DEFAULT now(),
  locked_until timestamptz
);
