-- Announcements and incidents (12.1.2, 16.1.1, 16.1.2; design principles 6 and 10). The provider
-- writes them (ops); which tenants they reach, and each tenant's read and acknowledgement state,
-- are per tenant under row-level security (customer), so a tenant sees only its own and the
-- erasure of a tenant removes its rows like any other customer table.
CREATE SEQUENCE ops.announcement_number_seq;
CREATE SEQUENCE ops.incident_number_seq;

CREATE TABLE ops.notice (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  -- ANN-2026-000001 or INC-2026-000001 (the year in the configured zone)
  number text NOT NULL UNIQUE,
  -- maintenance, service_change, information: announcements; incident: an incident
  kind text NOT NULL CHECK (kind IN ('maintenance', 'service_change', 'information', 'incident')),
  severity text CHECK (severity IN ('critical', 'major', 'minor')),
  status text NOT NULL CHECK (status IN (
    'draft', 'published', 'cancelled', 'completed',
    'investigating', 'identified', 'monitoring', 'resolved')),
  title_ja text NOT NULL CHECK (char_length(title_ja) BETWEEN 1 AND 200),
  title_en text NOT NULL CHECK (char_length(title_en) BETWEEN 1 AND 200),
  body_ja text NOT NULL CHECK (char_length(body_ja) <= 10000),
  body_en text NOT NULL CHECK (char_length(body_en) <= 10000),
  -- maintenance: the scheduled window; incident: when it began (start) and ended (end)
  window_start timestamptz,
  window_end timestamptz,
  -- what staff chose as affected: {popIds, deviceIds, portIds, serviceTypes, tenantIds}
  target jsonb NOT NULL CHECK (jsonb_typeof(target) = 'object'),
  -- iCalendar SEQUENCE: raised on every change a subscriber must see
  sequence integer NOT NULL DEFAULT 0,
  -- incident resolution report: {cause, actions, prevention} each {ja, en}
  report jsonb,
  created_by uuid REFERENCES ops.staff(id) ON DELETE SET NULL,
  published_by uuid REFERENCES ops.staff(id) ON DELETE SET NULL,
  published_at timestamptz,
  closed_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CHECK ((kind = 'incident') = (severity IS NOT NULL)),
  CHECK (kind <> 'maintenance' OR (window_start IS NOT NULL AND window_end IS NOT NULL)),
  CHECK (window_end IS NULL OR window_start IS NULL OR window_end > window_start),
  CHECK (kind = 'incident' OR status IN ('draft', 'published', 'cancelled', 'completed')),
  CHECK (kind <> 'incident' OR status IN ('investigating', 'identified', 'monitoring', 'resolved'))
);
CREATE INDEX notice_status ON ops.notice (kind, status, window_start);
CREATE INDEX notice_created ON ops.notice (created_at);

-- The timeline: publication, revisions, incident updates, resolution, cancellation.
CREATE TABLE ops.notice_event (
  id bigserial PRIMARY KEY,
  notice_id uuid NOT NULL REFERENCES ops.notice(id) ON DELETE CASCADE,
  at timestamptz NOT NULL DEFAULT now(),
  kind text NOT NULL CHECK (kind IN (
    'published', 'revised', 'cancelled', 'completed', 'declared', 'update', 'resolved')),
  status text NOT NULL,
  body_ja text NOT NULL DEFAULT '' CHECK (char_length(body_ja) <= 10000),
  body_en text NOT NULL DEFAULT '' CHECK (char_length(body_en) <= 10000),
  staff_id uuid REFERENCES ops.staff(id) ON DELETE SET NULL,
  -- how many emails the step queued (0 when it notified nobody)
  emails integer NOT NULL DEFAULT 0
);
CREATE INDEX notice_event_notice ON ops.notice_event (notice_id, id);

-- One row per reminder slot of a maintenance window: the primary key makes each go out once,
-- whichever worker runs the sweep. The slot names the window start, so a rescheduled window
-- gets reminders of its own.
CREATE TABLE ops.notice_reminder (
  notice_id uuid NOT NULL REFERENCES ops.notice(id) ON DELETE CASCADE,
  slot text NOT NULL,
  at timestamptz NOT NULL DEFAULT now(),
  -- false: passed over because a nearer reminder was due at the same time
  sent boolean NOT NULL,
  emails integer NOT NULL DEFAULT 0,
  PRIMARY KEY (notice_id, slot)
);

-- The tenants a notice reached, with their affected services (computed from the model when
-- published), and the acknowledgement by one of the tenant's administrators.
CREATE TABLE customer.notice_recipient (
  notice_id uuid NOT NULL REFERENCES ops.notice(id) ON DELETE CASCADE,
  tenant_id uuid NOT NULL REFERENCES ops.tenant(id),
  service_ids uuid[] NOT NULL DEFAULT '{}',
  notified_at timestamptz NOT NULL DEFAULT now(),
  acknowledged_by uuid REFERENCES customer.app_user(id) ON DELETE SET NULL,
  acknowledged_at timestamptz,
  PRIMARY KEY (notice_id, tenant_id)
);
CREATE INDEX notice_recipient_tenant ON customer.notice_recipient (tenant_id, notified_at);
SELECT ops.enable_tenant_rls('customer.notice_recipient');

-- Read state per portal user.
CREATE TABLE customer.notice_read (
  notice_id uuid NOT NULL REFERENCES ops.notice(id) ON DELETE CASCADE,
  tenant_id uuid NOT NULL REFERENCES ops.tenant(id),
  user_id uuid NOT NULL REFERENCES customer.app_user(id) ON DELETE CASCADE,
  read_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (notice_id, user_id)
);
CREATE INDEX notice_read_tenant ON customer.notice_read (tenant_id);
SELECT ops.enable_tenant_rls('customer.notice_read');

-- The secret of a tenant's maintenance calendar feed, stored as its SHA-256 only. At most one
-- live token per tenant: rotating revokes the old one.
CREATE TABLE customer.notice_feed_token (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id uuid NOT NULL REFERENCES ops.tenant(id),
  token_hash text NOT NULL UNIQUE,
  created_by uuid REFERENCES customer.app_user(id) ON DELETE SET NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  revoked_at timestamptz,
  last_used_at timestamptz
);
CREATE UNIQUE INDEX notice_feed_token_live ON customer.notice_feed_token (tenant_id) WHERE revoked_at IS NULL;
SELECT ops.enable_tenant_rls('customer.notice_feed_token');
