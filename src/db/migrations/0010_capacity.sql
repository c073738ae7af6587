-- Capacity management (CLD.13.1.4, 12.1.3): measured utilisation per port and month, augmentation
-- plans, and threshold alerts. Provider data: everything lives in `ops`, no customer rows.

-- Measured utilisation of one port in one calendar month (JST): the 95th percentile and the peak
-- of the port's throughput samples in that month. Filled by the traffic collection (issue 7) from
-- per-connection counters: see docs/capacity.md. The current month is updated as it goes.
CREATE TABLE ops.port_utilisation_month (
  port_id uuid NOT NULL REFERENCES ops.port(id),
  month date NOT NULL CHECK (extract(day FROM month) = 1),
  p95_mbps double precision NOT NULL CHECK (p95_mbps >= 0),
  peak_mbps double precision NOT NULL CHECK (peak_mbps >= p95_mbps),
  -- how many throughput samples (e.g. 5-minute intervals) the figures were computed from
  samples integer NOT NULL CHECK (samples > 0),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (port_id, month)
);

-- Augmentation plans: a port (or a whole device) to be upgraded, why, by when, and how far it got.
CREATE TABLE ops.augmentation_plan (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  port_id uuid REFERENCES ops.port(id),
  device_id uuid REFERENCES ops.device(id),
  reason text NOT NULL CHECK (char_length(reason) BETWEEN 1 AND 2000),
  target_date date NOT NULL,
  status text NOT NULL DEFAULT 'planned'
    CHECK (status IN ('planned', 'ordered', 'in_progress', 'done', 'cancelled')),
  note text NOT NULL DEFAULT '' CHECK (char_length(note) <= 2000),
  created_by uuid REFERENCES ops.staff(id) ON DELETE SET NULL,
  updated_by uuid REFERENCES ops.staff(id) ON DELETE SET NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  -- when it reached done or cancelled
  closed_at timestamptz,
  -- a plan is for one port or for one device (the port's device is found through the port)
  CHECK (num_nonnulls(port_id, device_id) = 1),
  CHECK ((closed_at IS NOT NULL) = (status IN ('done', 'cancelled')))
);
CREATE INDEX augmentation_plan_port ON ops.augmentation_plan (port_id) WHERE port_id IS NOT NULL;
CREATE INDEX augmentation_plan_device ON ops.augmentation_plan (device_id) WHERE device_id IS NOT NULL;
CREATE INDEX augmentation_plan_open ON ops.augmentation_plan (target_date)
  WHERE status NOT IN ('done', 'cancelled');

-- Threshold alerts: one row per crossing. While a port stays over its threshold its alert stays
-- open (cleared_at null) and no second alert of the same kind is raised; once it is back under,
-- the alert is cleared and the next crossing raises a new one.
CREATE TABLE ops.capacity_alert (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  port_id uuid NOT NULL REFERENCES ops.port(id),
  -- contracted: contracted sum over threshold % of the oversubscription limit;
  -- measured: the month's 95th percentile over threshold % of the capacity
  kind text NOT NULL CHECK (kind IN ('contracted', 'measured')),
  crossed_at timestamptz NOT NULL DEFAULT now(),
  cleared_at timestamptz,
  -- the figures at the crossing: the value compared and the threshold it passed (Mbit/s)
  value_mbps double precision NOT NULL,
  threshold_mbps double precision NOT NULL,
  notified_at timestamptz,
  CHECK (cleared_at IS NULL OR cleared_at >= crossed_at)
);
CREATE UNIQUE INDEX capacity_alert_open ON ops.capacity_alert (port_id, kind) WHERE cleared_at IS NULL;
CREATE INDEX capacity_alert_port ON ops.capacity_alert (port_id, crossed_at);
