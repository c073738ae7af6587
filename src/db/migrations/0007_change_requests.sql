-- Customer change requests (CLD.12.1.5, 18.1.2): customers do not change their settings
-- themselves; they ask, provider staff approve or reject and then execute. The request is the
-- customer's own writing (customer stored data, under RLS); the timeline records every step.
CREATE SEQUENCE customer.change_request_number_seq;

CREATE TABLE customer.change_request (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id uuid NOT NULL REFERENCES ops.tenant(id),
  -- human-readable, e.g. CR-2026-000123 (the year of submission in the configured zone)
  number text NOT NULL UNIQUE,
  service_id uuid NOT NULL REFERENCES customer.service(id),
  kind text NOT NULL CHECK (kind IN ('bandwidth', 'other')),
  -- bandwidth: {"bandwidthMbps": n}; other: {"description": "..."}
  desired jsonb NOT NULL,
  -- the value in force when the request was written, e.g. {"bandwidthMbps": 200}
  current jsonb,
  -- a calendar day in the configured zone (JST)
  desired_date date NOT NULL,
  reason text NOT NULL DEFAULT '',
  status text NOT NULL DEFAULT 'submitted'
    CHECK (status IN ('submitted', 'approved', 'rejected', 'executed', 'withdrawn')),
  -- people leave: their requests stay, without the link
  requested_by uuid REFERENCES customer.app_user(id) ON DELETE SET NULL,
  decided_by uuid REFERENCES ops.staff(id) ON DELETE SET NULL,
  executed_by uuid REFERENCES ops.staff(id) ON DELETE SET NULL,
  decision_reason text,
  execution_note text,
  decided_at timestamptz,
  executed_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX change_request_tenant ON customer.change_request (tenant_id, created_at);
CREATE INDEX change_request_status ON customer.change_request (status, created_at);
CREATE INDEX change_request_service ON customer.change_request (service_id);
SELECT ops.enable_tenant_rls('customer.change_request');

CREATE TABLE customer.change_request_event (
  id bigserial PRIMARY KEY,
  tenant_id uuid NOT NULL REFERENCES ops.tenant(id),
  change_request_id uuid NOT NULL REFERENCES customer.change_request(id) ON DELETE CASCADE,
  at timestamptz NOT NULL DEFAULT now(),
  actor_kind text NOT NULL CHECK (actor_kind IN ('customer', 'staff', 'system')),
  -- a customer user or a staff member (no foreign key: either table, and people leave)
  actor_id uuid,
  from_status text,
  to_status text NOT NULL,
  note text
);
CREATE INDEX change_request_event_request ON customer.change_request_event (change_request_id, id);
SELECT ops.enable_tenant_rls('customer.change_request_event');
