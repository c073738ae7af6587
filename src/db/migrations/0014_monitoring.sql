-- Reachability monitoring (CLD.12.4.5): one monitor per connection, probing the customer side of
-- its transfer prefix (the second usable host); results per round; state changes as events.

CREATE TABLE customer.monitor (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id uuid NOT NULL REFERENCES ops.tenant(id),
  connection_id uuid NOT NULL UNIQUE REFERENCES customer.connection(id) ON DELETE CASCADE,
  -- the customer-side transfer address; null while the connection has no IPv4 transfer prefix
  target inet,
  probe_kind text NOT NULL DEFAULT 'icmp' CHECK (probe_kind IN ('icmp', 'tcp')),
  tcp_port integer CHECK (tcp_port BETWEEN 1 AND 65535),
  interval_s integer NOT NULL DEFAULT 60 CHECK (interval_s BETWEEN 10 AND 300),
  state text NOT NULL DEFAULT 'unknown' CHECK (state IN ('unknown', 'up', 'degraded', 'down')),
  state_since timestamptz NOT NULL DEFAULT now(),
  fail_streak integer NOT NULL DEFAULT 0,
  ok_streak integer NOT NULL DEFAULT 0,
  -- set while a customer or staff member paused it; resume_at is applied by a job
  paused_at timestamptz,
  paused_by_kind text CHECK (paused_by_kind IN ('customer', 'staff')),
  paused_by uuid,
  pause_reason text,
  resume_at timestamptz,
  next_due_at timestamptz NOT NULL DEFAULT now(),
  -- the down alert of the current outage was emailed (a recovery email follows only then)
  down_notified boolean NOT NULL DEFAULT false,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CHECK (probe_kind = 'icmp' OR tcp_port IS NOT NULL)
);
CREATE INDEX monitor_tenant ON customer.monitor (tenant_id);
CREATE INDEX monitor_due ON customer.monitor (next_due_at) WHERE paused_at IS NULL AND target IS NOT NULL;
CREATE INDEX monitor_resume ON customer.monitor (resume_at) WHERE resume_at IS NOT NULL;
SELECT ops.enable_tenant_rls('customer.monitor');

-- One row per monitor and round. Designed for time partitioning (the time leads the key; rows are
-- only appended and pruned by age), kept as one table while one database serves the volume.
CREATE TABLE customer.monitor_round (
  monitor_id uuid NOT NULL REFERENCES customer.monitor(id) ON DELETE CASCADE,
  at timestamptz NOT NULL,
  tenant_id uuid NOT NULL REFERENCES ops.tenant(id),
  sent integer NOT NULL,
  received integer NOT NULL,
  loss_pct real NOT NULL,
  rtt_min_ms real,
  rtt_median_ms real,
  rtt_max_ms real,
  -- the monitor's state after this round (availability counts rounds not down)
  state text NOT NULL,
  PRIMARY KEY (monitor_id, at)
);
CREATE INDEX monitor_round_at ON customer.monitor_round (at);
SELECT ops.enable_tenant_rls('customer.monitor_round');

CREATE TABLE customer.monitor_event (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id uuid NOT NULL REFERENCES ops.tenant(id),
  monitor_id uuid NOT NULL REFERENCES customer.monitor(id) ON DELETE CASCADE,
  at timestamptz NOT NULL DEFAULT now(),
  kind text NOT NULL CHECK (kind IN ('degraded', 'down', 'up', 'paused', 'resumed')),
  from_state text,
  to_state text,
  -- loss/RTT of the round that changed the state; who paused, and why (customer text)
  detail jsonb NOT NULL DEFAULT '{}',
  customer_emailed boolean NOT NULL DEFAULT false,
  staff_emailed boolean NOT NULL DEFAULT false
);
CREATE INDEX monitor_event_monitor ON customer.monitor_event (monitor_id, at DESC);
CREATE INDEX monitor_event_tenant ON customer.monitor_event (tenant_id, at DESC);
SELECT ops.enable_tenant_rls('customer.monitor_event');

-- Monitors follow their connections: created with them, retargeted when the transfer prefix
-- changes (the second usable host of a /30 is network + 2), removed with them (cascade).
CREATE OR REPLACE FUNCTION customer.monitor_follow_connection() RETURNS trigger
LANGUAGE plpgsql AS $fn$
DECLARE t inet := CASE WHEN NEW.ipv4_prefix IS NULL THEN NULL ELSE host(network(NEW.ipv4_prefix) + 2)::inet END;
BEGIN
  INSERT INTO customer.monitor (tenant_id, connection_id, target)
  VALUES (NEW.tenant_id, NEW.id, t)
  ON CONFLICT (connection_id) DO UPDATE SET target = EXCLUDED.target, updated_at = now()
    WHERE customer.monitor.target IS DISTINCT FROM EXCLUDED.target;
  RETURN NEW;
END
$fn$;
CREATE TRIGGER monitor_follow AFTER INSERT OR UPDATE OF ipv4_prefix ON customer.connection
  FOR EACH ROW EXECUTE FUNCTION customer.monitor_follow_connection();

INSERT INTO customer.monitor (tenant_id, connection_id, target)
SELECT tenant_id, id, CASE WHEN ipv4_prefix IS NULL THEN NULL ELSE host(network(ipv4_prefix) + 2)::inet END
FROM customer.connection;
