-- Monitoring rounds partitioned by time (issue 7): customer.monitor_round becomes a table
-- partitioned by range on `at`, one partition per UTC month (`customer.monitor_round_p202611`),
-- created ahead by the monitoring maintenance job and dropped whole once past the retention.
-- The rows are only appended, so the foreign keys (checked for every row written, the largest
-- part of storing a round) give way to a trigger that removes the rounds of removed monitors;
-- the tenant of a round is always its monitor's tenant.

ALTER TABLE customer.monitor_round RENAME TO monitor_round_unpartitioned;

CREATE TABLE customer.monitor_round (
  monitor_id uuid NOT NULL,
  at timestamptz NOT NULL,
  tenant_id uuid NOT NULL,
  sent integer NOT NULL,
  received integer NOT NULL,
  loss_pct real NOT NULL,
  rtt_min_ms real,
  rtt_median_ms real,
  rtt_max_ms real,
  -- the monitor's state after this round (availability counts rounds not down)
  state text NOT NULL,
  PRIMARY KEY (monitor_id, at)
) PARTITION BY RANGE (at);
SELECT ops.enable_tenant_rls('customer.monitor_round');

-- Partitions are created and dropped by the jobs through these functions (the request role may
-- not create tables; they accept nothing but the round table's own monthly partitions). Each
-- partition gets the parent's row-level security too, so naming it directly reveals nothing.
CREATE FUNCTION customer.monitor_round_create_partition(part text, lo timestamptz, hi timestamptz)
RETURNS void LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog AS $$
BEGIN
  IF part !~ '^monitor_round_p[0-9]{6}$' OR lo >= hi THEN
    RAISE EXCEPTION 'not a monitor round partition: %', part;
  END IF;
  PERFORM pg_advisory_xact_lock(hashtext('pva.monitor_round.partitions'));
  IF to_regclass(format('customer.%I', part)) IS NOT NULL THEN
    RETURN;
  END IF;
  EXECUTE format('CREATE TABLE customer.%I PARTITION OF customer.monitor_round FOR VALUES FROM (%L) TO (%L)',
                 part, lo, hi);
  PERFORM ops.enable_tenant_rls(format('customer.%I', part)::regclass);
END $$;

CREATE FUNCTION customer.monitor_round_drop_partition(part text)
RETURNS void LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog AS $$
BEGIN
  IF part !~ '^monitor_round_p[0-9]{6}$' THEN
    RAISE EXCEPTION 'not a monitor round partition: %', part;
  END IF;
  EXECUTE format('DROP TABLE IF EXISTS customer.%I', part);
END $$;

-- the months holding rows so far, and this month and the next two
DO $$
DECLARE m timestamptz;
BEGIN
  FOR m IN
    SELECT DISTINCT date_trunc('month', at AT TIME ZONE 'UTC') AT TIME ZONE 'UTC' FROM customer.monitor_round_unpartitioned
    UNION
    SELECT date_trunc('month', now() AT TIME ZONE 'UTC') AT TIME ZONE 'UTC' + k * interval '1 month'
      FROM generate_series(0, 2) k
  LOOP
    PERFORM customer.monitor_round_create_partition(
      'monitor_round_p' || to_char(m AT TIME ZONE 'UTC', 'YYYYMM'), m, m + interval '1 month');
  END LOOP;
END $$;

INSERT INTO customer.monitor_round SELECT * FROM customer.monitor_round_unpartitioned;
DROP TABLE customer.monitor_round_unpartitioned;

CREATE FUNCTION customer.monitor_round_follow_monitor() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog AS $$
BEGIN
  DELETE FROM customer.monitor_round r USING gone WHERE r.monitor_id = gone.id;
  RETURN NULL;
END $$;
CREATE TRIGGER monitor_round_follow AFTER DELETE ON customer.monitor
  REFERENCING OLD TABLE AS gone FOR EACH STATEMENT EXECUTE FUNCTION customer.monitor_round_follow_monitor();

-- Claiming by slot: storing a due time per monitor cost a row update per monitor and round, as
-- much as storing the round. Monitors now fall into 16 slots each (random, for an even spread);
-- the probe job claims a slot of one interval (FOR UPDATE SKIP LOCKED on its row in
-- ops.monitor_slot, moved one interval on) and probes the slot's monitors: one small write per
-- slot instead of one per monitor, and still no two workers probe the same monitor.
ALTER TABLE customer.monitor ADD COLUMN slot smallint NOT NULL DEFAULT floor(random() * 16)::smallint
  CHECK (slot BETWEEN 0 AND 15);
DROP INDEX customer.monitor_due;
ALTER TABLE customer.monitor DROP COLUMN next_due_at;
CREATE INDEX monitor_slot ON customer.monitor (interval_s, slot) WHERE paused_at IS NULL AND target IS NOT NULL;

CREATE TABLE ops.monitor_slot (
  interval_s integer NOT NULL,
  slot smallint NOT NULL,
  next_due_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (interval_s, slot)
);
CREATE INDEX monitor_slot_due ON ops.monitor_slot (next_due_at);
INSERT INTO ops.monitor_slot (interval_s, slot, next_due_at)
  SELECT DISTINCT interval_s, slot, '-infinity'::timestamptz FROM customer.monitor;

-- A monitor created, resumed or given another interval makes its slot due at once (its first
-- round comes with the next run of the job, not an interval later): '-infinity', not now(), so
-- a worker whose clock is behind the database's still finds it due.
CREATE FUNCTION customer.monitor_slot_follow() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog AS $$
BEGIN
  IF TG_OP = 'INSERT' OR NEW.interval_s IS DISTINCT FROM OLD.interval_s OR NEW.slot IS DISTINCT FROM OLD.slot
     OR (OLD.paused_at IS NOT NULL AND NEW.paused_at IS NULL) THEN
    INSERT INTO ops.monitor_slot (interval_s, slot, next_due_at) VALUES (NEW.interval_s, NEW.slot, '-infinity')
    ON CONFLICT (interval_s, slot) DO UPDATE SET next_due_at = '-infinity';
  END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER monitor_slot_follow AFTER INSERT OR UPDATE OF interval_s, slot, paused_at ON customer.monitor
  FOR EACH ROW EXECUTE FUNCTION customer.monitor_slot_follow();

-- Traffic rollups read only the closed buckets of the last minutes: block-range indexes on the
-- time of the append-only series find them without reading a whole partition, at almost no cost
-- to the writers. The previous samples are rewritten every minute: room on each page lets the
-- update stay on the page (no index entry written).
CREATE INDEX traffic_raw_at ON ops.traffic_raw USING brin (at);
CREATE INDEX traffic_5m_at ON ops.traffic_5m USING brin (at);
CREATE INDEX traffic_1h_at ON ops.traffic_1h USING brin (at);
ALTER TABLE ops.traffic_interface SET (fillfactor = 70);
