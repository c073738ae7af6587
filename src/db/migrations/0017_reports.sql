-- Customer event reports (16.1.2), idempotent mail delivery and records retention (18.1.3).

-- One random identifier per installation: the right-hand half of every Message-ID names it, so
-- two installations sharing a mail domain never produce the same Message-ID.
CREATE TABLE ops.installation (
  singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
  install_id text NOT NULL DEFAULT replace(gen_random_uuid()::text, '-', ''),
  created_at timestamptz NOT NULL DEFAULT now()
);
INSERT INTO ops.installation DEFAULT VALUES;

-- Message-ID fixed before the first SMTP attempt: a resend after a crash is the same message.
ALTER TABLE ops.outbox
  ADD COLUMN message_id text UNIQUE,
  ADD COLUMN last_attempt_at timestamptz,
  ADD COLUMN failed_at timestamptz,
  -- when the message (last) entered the queue: the give-up age counts from here, so a message
  -- that staff send again gets the full retry period again
  ADD COLUMN queued_at timestamptz NOT NULL DEFAULT now(),
  -- 'permanent': the relay refused the message or recipient (5xx); 'expired': temporary
  -- failures went on past the give-up age
  ADD COLUMN failure text CHECK (failure IN ('permanent', 'expired'));
CREATE INDEX outbox_status_created ON ops.outbox (status, created_at DESC);
CREATE INDEX outbox_created ON ops.outbox (created_at);

CREATE SEQUENCE customer.event_report_number_seq;

-- A report is the customer's own writing (customer stored data, under RLS).
CREATE TABLE customer.event_report (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id uuid NOT NULL REFERENCES ops.tenant(id),
  -- human-readable, e.g. ER-2026-000123 (the year of submission in the configured zone)
  number text NOT NULL UNIQUE,
  category text NOT NULL CHECK (category IN ('security_incident', 'outage', 'suspected_misuse', 'other')),
  title text NOT NULL,
  description text NOT NULL,
  status text NOT NULL DEFAULT 'received'
    CHECK (status IN ('received', 'triaged', 'investigating', 'resolved', 'closed')),
  reported_by uuid REFERENCES customer.app_user(id) ON DELETE SET NULL,
  assigned_to uuid REFERENCES ops.staff(id) ON DELETE SET NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  closed_at timestamptz
);
CREATE INDEX event_report_tenant ON customer.event_report (tenant_id, created_at);
CREATE INDEX event_report_status ON customer.event_report (status, created_at);
SELECT ops.enable_tenant_rls('customer.event_report');

CREATE TABLE customer.event_report_service (
  tenant_id uuid NOT NULL REFERENCES ops.tenant(id),
  report_id uuid NOT NULL REFERENCES customer.event_report(id) ON DELETE CASCADE,
  service_id uuid NOT NULL REFERENCES customer.service(id),
  PRIMARY KEY (report_id, service_id)
);
CREATE INDEX event_report_service_service ON customer.event_report_service (service_id);
SELECT ops.enable_tenant_rls('customer.event_report_service');

-- Files the customer attached. The content is removed by the retention job once the report has
-- been closed for the configured time; the name, size and SHA-256 stay as the record.
CREATE TABLE customer.event_report_attachment (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id uuid NOT NULL REFERENCES ops.tenant(id),
  report_id uuid NOT NULL REFERENCES customer.event_report(id) ON DELETE CASCADE,
  filename text NOT NULL,
  content_type text NOT NULL,
  size integer NOT NULL,
  sha256 text NOT NULL,
  content bytea,
  purged_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX event_report_attachment_report ON customer.event_report_attachment (report_id);
SELECT ops.enable_tenant_rls('customer.event_report_attachment');

-- The timeline both sides follow: submission, status changes, assignment, comments to the customer.
CREATE TABLE customer.event_report_event (
  id bigserial PRIMARY KEY,
  tenant_id uuid NOT NULL REFERENCES ops.tenant(id),
  report_id uuid NOT NULL REFERENCES customer.event_report(id) ON DELETE CASCADE,
  at timestamptz NOT NULL DEFAULT now(),
  kind text NOT NULL CHECK (kind IN ('submitted', 'status', 'comment', 'assigned', 'attachments_purged')),
  actor_kind text NOT NULL CHECK (actor_kind IN ('customer', 'staff', 'system')),
  actor_id uuid,
  from_status text,
  to_status text,
  body text
);
CREATE INDEX event_report_event_report ON customer.event_report_event (report_id, id);
SELECT ops.enable_tenant_rls('customer.event_report_event');

-- Internal notes are the provider's records, never the customer's: they live in ops, out of
-- reach of every portal query, not in a customer table behind a flag.
CREATE TABLE ops.event_report_note (
  id bigserial PRIMARY KEY,
  tenant_id uuid NOT NULL REFERENCES ops.tenant(id),
  report_id uuid NOT NULL REFERENCES customer.event_report(id) ON DELETE CASCADE,
  at timestamptz NOT NULL DEFAULT now(),
  staff_id uuid REFERENCES ops.staff(id) ON DELETE SET NULL,
  body text NOT NULL
);
CREATE INDEX event_report_note_report ON ops.event_report_note (report_id, id);
