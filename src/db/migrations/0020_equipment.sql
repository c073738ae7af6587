-- Equipment inventory and lifecycle, secure disposal or reuse (11.2.7) and the supplier register
-- (15.1.2, 15.1.3). Provider data only, in `ops`: never reachable from the portal.

-- The lifecycle of a device: planned → active ("in service") → maintenance → decommissioning →
-- reused | disposed. The old terminal value 'retired' said only "out of service": no disposal
-- record exists for those devices, so they become 'decommissioning' and must still go through
-- the disposal or reuse process before they can be called disposed or reused.
ALTER TABLE ops.device DROP CONSTRAINT IF EXISTS device_status_check;
UPDATE ops.device SET status = 'decommissioning' WHERE status = 'retired';
ALTER TABLE ops.device ADD CONSTRAINT device_status_check
  CHECK (status IN ('planned', 'active', 'maintenance', 'decommissioning', 'reused', 'disposed'));

-- Where a device sits and who answers for it (kept apart from ops.device, which the network model
-- owns): rack and position within its PoP, and an owner (a staff member or a team name).
CREATE TABLE ops.device_inventory (
  device_id uuid PRIMARY KEY REFERENCES ops.device(id) ON DELETE CASCADE,
  rack text NOT NULL DEFAULT '' CHECK (char_length(rack) <= 50),
  position text NOT NULL DEFAULT '' CHECK (char_length(position) <= 50),
  owner_staff_id uuid REFERENCES ops.staff(id) ON DELETE SET NULL,
  owner_team text NOT NULL DEFAULT '' CHECK (char_length(owner_team) <= 100),
  notes text NOT NULL DEFAULT '' CHECK (char_length(notes) <= 2000),
  updated_at timestamptz NOT NULL DEFAULT now()
);

-- Components: storage (SSD, flash, disks), line cards, supervisors, power supplies, optics. A
-- component with no device is a spare in stock at pop_id; one in a device sits where the device is.
CREATE TABLE ops.device_component (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  device_id uuid REFERENCES ops.device(id),
  kind text NOT NULL CHECK (kind IN ('storage', 'linecard', 'supervisor', 'psu', 'optic', 'other')),
  -- whether it can hold configuration, keys, logs or customer data: then disposal or reuse
  -- needs a completed sanitisation record covering it
  stores_data boolean NOT NULL DEFAULT false,
  vendor text NOT NULL CHECK (char_length(vendor) BETWEEN 1 AND 100),
  model text NOT NULL CHECK (char_length(model) BETWEEN 1 AND 100),
  serial text NOT NULL CHECK (char_length(serial) BETWEEN 1 AND 100),
  firmware_version text NOT NULL DEFAULT '' CHECK (char_length(firmware_version) <= 100),
  status text NOT NULL DEFAULT 'planned'
    CHECK (status IN ('planned', 'active', 'maintenance', 'decommissioning', 'reused', 'disposed')),
  -- a spare's location (a fitted component is where its device is)
  pop_id uuid REFERENCES ops.pop(id),
  rack text NOT NULL DEFAULT '' CHECK (char_length(rack) <= 50),
  position text NOT NULL DEFAULT '' CHECK (char_length(position) <= 50),
  owner_staff_id uuid REFERENCES ops.staff(id) ON DELETE SET NULL,
  owner_team text NOT NULL DEFAULT '' CHECK (char_length(owner_team) <= 100),
  notes text NOT NULL DEFAULT '' CHECK (char_length(notes) <= 2000),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (vendor, serial)
);
CREATE INDEX device_component_device ON ops.device_component (device_id);

-- Every lifecycle transition of a device or component: who, when, from, to, why.
CREATE TABLE ops.equipment_transition (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  device_id uuid REFERENCES ops.device(id) ON DELETE CASCADE,
  component_id uuid REFERENCES ops.device_component(id) ON DELETE CASCADE,
  from_status text,
  to_status text NOT NULL,
  reason text NOT NULL DEFAULT '' CHECK (char_length(reason) <= 1000),
  actor_staff_id uuid REFERENCES ops.staff(id) ON DELETE SET NULL,
  at timestamptz NOT NULL DEFAULT now(),
  CHECK (num_nonnulls(device_id, component_id) = 1)
);
CREATE INDEX equipment_transition_device ON ops.equipment_transition (device_id, at) WHERE device_id IS NOT NULL;
CREATE INDEX equipment_transition_component ON ops.equipment_transition (component_id, at) WHERE component_id IS NOT NULL;

-- The supplier register: data centres, equipment vendors/resellers, service providers
-- (carriers, maintenance, destruction contractors).
CREATE TABLE ops.supplier (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  name text NOT NULL UNIQUE CHECK (char_length(name) BETWEEN 1 AND 200),
  category text NOT NULL CHECK (category IN ('data_centre', 'equipment', 'service')),
  -- what they supply, in words
  supplies text NOT NULL DEFAULT '' CHECK (char_length(supplies) <= 1000),
  contact text NOT NULL DEFAULT '' CHECK (char_length(contact) <= 500),
  active boolean NOT NULL DEFAULT true,
  -- the review date of the latest assessment an overdue alert was sent for: one alert per crossing
  overdue_alerted_for date,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE ops.supplier_pop (
  supplier_id uuid NOT NULL REFERENCES ops.supplier(id) ON DELETE CASCADE,
  pop_id uuid NOT NULL REFERENCES ops.pop(id),
  PRIMARY KEY (supplier_id, pop_id)
);
CREATE INDEX supplier_pop_pop ON ops.supplier_pop (pop_id);

CREATE TABLE ops.supplier_device (
  supplier_id uuid NOT NULL REFERENCES ops.supplier(id) ON DELETE CASCADE,
  device_id uuid NOT NULL REFERENCES ops.device(id),
  PRIMARY KEY (supplier_id, device_id)
);
CREATE INDEX supplier_device_device ON ops.supplier_device (device_id);

-- Risk assessments, never updated: the latest row is the current one, the rest is the history.
CREATE TABLE ops.supplier_assessment (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  supplier_id uuid NOT NULL REFERENCES ops.supplier(id) ON DELETE CASCADE,
  assessed_on date NOT NULL,
  rating text NOT NULL CHECK (rating IN ('low', 'medium', 'high', 'critical')),
  next_review_on date NOT NULL,
  notes text NOT NULL DEFAULT '' CHECK (char_length(notes) <= 4000),
  assessed_by uuid REFERENCES ops.staff(id) ON DELETE SET NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  CHECK (next_review_on > assessed_on)
);
CREATE INDEX supplier_assessment_supplier ON ops.supplier_assessment (supplier_id, assessed_on DESC, created_at DESC);

CREATE TABLE ops.supplier_agreement (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  supplier_id uuid NOT NULL REFERENCES ops.supplier(id) ON DELETE CASCADE,
  reference text NOT NULL CHECK (char_length(reference) BETWEEN 1 AND 200),
  start_on date NOT NULL,
  end_on date,
  -- a summary of the information security clauses (15.1.2): confidentiality, access, incidents…
  security_clauses text NOT NULL DEFAULT '' CHECK (char_length(security_clauses) <= 4000),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CHECK (end_on IS NULL OR end_on >= start_on)
);
CREATE INDEX supplier_agreement_supplier ON ops.supplier_agreement (supplier_id);

-- Secure disposal or reuse (11.2.7): one record per device or spare component. Performed by one
-- staff member, verified and completed by another; completion needs evidence.
CREATE TABLE ops.disposal (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  device_id uuid REFERENCES ops.device(id),
  component_id uuid REFERENCES ops.device_component(id),
  outcome text NOT NULL CHECK (outcome IN ('dispose', 'reuse')),
  method text NOT NULL CHECK (method IN ('crypto_erase', 'overwrite', 'physical_destruction')),
  -- the destruction contractor (required for physical destruction)
  supplier_id uuid REFERENCES ops.supplier(id),
  status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'completed', 'cancelled')),
  performer_staff_id uuid REFERENCES ops.staff(id) ON DELETE SET NULL,
  -- the JST calendar day the sanitisation or destruction was carried out
  performed_on date,
  verifier_staff_id uuid REFERENCES ops.staff(id) ON DELETE SET NULL,
  completed_at timestamptz,
  notes text NOT NULL DEFAULT '' CHECK (char_length(notes) <= 4000),
  created_by uuid REFERENCES ops.staff(id) ON DELETE SET NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CHECK (num_nonnulls(device_id, component_id) = 1),
  CHECK (method <> 'physical_destruction' OR supplier_id IS NOT NULL),
  -- two people, held by the database too: the verifier is never the performer
  CONSTRAINT disposal_two_people CHECK (verifier_staff_id IS NULL OR performer_staff_id IS NULL OR verifier_staff_id <> performer_staff_id),
  CHECK (status <> 'completed' OR (verifier_staff_id IS NOT NULL AND performer_staff_id IS NOT NULL
                                   AND performed_on IS NOT NULL AND completed_at IS NOT NULL))
);
CREATE INDEX disposal_by_device ON ops.disposal (device_id) WHERE device_id IS NOT NULL;
CREATE INDEX disposal_by_component ON ops.disposal (component_id) WHERE component_id IS NOT NULL;
-- at most one open record per item
CREATE UNIQUE INDEX disposal_open_device ON ops.disposal (device_id) WHERE status = 'open' AND device_id IS NOT NULL;
CREATE UNIQUE INDEX disposal_open_component ON ops.disposal (component_id) WHERE status = 'open' AND component_id IS NOT NULL;

-- The storage-bearing components a device's record covers (sanitised with the device).
CREATE TABLE ops.disposal_component (
  disposal_id uuid NOT NULL REFERENCES ops.disposal(id) ON DELETE CASCADE,
  component_id uuid NOT NULL REFERENCES ops.device_component(id),
  PRIMARY KEY (disposal_id, component_id)
);
CREATE INDEX disposal_component_component ON ops.disposal_component (component_id);

-- Evidence: certificates of destruction, wipe logs. Stored in the database (small documents,
-- kept with the record they prove); size and type are limited by the application.
CREATE TABLE ops.disposal_evidence (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  disposal_id uuid NOT NULL REFERENCES ops.disposal(id) ON DELETE CASCADE,
  kind text NOT NULL CHECK (kind IN ('certificate', 'wipe_log', 'other')),
  filename text NOT NULL CHECK (char_length(filename) BETWEEN 1 AND 200),
  content_type text NOT NULL,
  size_bytes integer NOT NULL CHECK (size_bytes > 0),
  sha256 text NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
  content bytea NOT NULL,
  uploaded_by uuid REFERENCES ops.staff(id) ON DELETE SET NULL,
  uploaded_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX disposal_evidence_disposal ON ops.disposal_evidence (disposal_id);

-- One list of what can be matched against advisories (vulnerability management reads this):
-- devices by their OS, components by their firmware.
CREATE VIEW ops.inventory_item AS
  SELECT 'device'::text AS item_kind, d.id AS item_id, d.id AS device_id, d.hostname AS label,
         d.vendor, d.model AS product, d.os_version AS version, d.status AS lifecycle_status
    FROM ops.device d
  UNION ALL
  SELECT 'component', c.id, c.device_id, c.model || ' ' || c.serial, c.vendor, c.model, c.firmware_version, c.status
    FROM ops.device_component c;
