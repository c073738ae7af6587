-- Traffic usage (CLD.12.4.1, 18.1.3, feeding 12.1.3): interface counters collected from the PEs,
-- turned into bits per second per connection, rolled up into 5-minute, 1-hour and 1-day series,
-- and a monthly 95th percentile. Provider-kept logs: everything lives in `ops`, apart from the
-- customer's own data; customers read their connections' series through tenant-scoped routes only.
-- Direction: `in` = received by the PE interface (from the customer site), `out` = sent to it.

-- How the counters of one device are read. `snmp`: SNMP v2c polling of the 64-bit interface
-- counters at host:port (host defaults to the device's management address); `linux`: the Linux
-- driver's own interface counters in the PE's network namespaces.
CREATE TABLE ops.traffic_collector (
  device_id uuid PRIMARY KEY REFERENCES ops.device(id) ON DELETE CASCADE,
  kind text NOT NULL CHECK (kind IN ('snmp', 'linux')),
  -- snmp: {host?, port?, community, timeoutMs?}; linux: {namespace}
  settings jsonb NOT NULL DEFAULT '{}'::jsonb CHECK (jsonb_typeof(settings) = 'object'),
  interval_s integer NOT NULL DEFAULT 60 CHECK (interval_s BETWEEN 10 AND 3600),
  enabled boolean NOT NULL DEFAULT true,
  next_due_at timestamptz NOT NULL DEFAULT now(),
  last_polled_at timestamptz,
  last_error text,
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX traffic_collector_due ON ops.traffic_collector (next_due_at) WHERE enabled;

-- Which interface of which device carries a connection, and that interface's last counter sample
-- (64-bit unsigned counters as numeric(20); uptime in hundredths of a second, or null).
CREATE TABLE ops.traffic_interface (
  connection_id uuid PRIMARY KEY REFERENCES customer.connection(id) ON DELETE CASCADE,
  device_id uuid NOT NULL REFERENCES ops.device(id) ON DELETE CASCADE,
  if_name text NOT NULL CHECK (char_length(if_name) BETWEEN 1 AND 200),
  -- linux: the namespace holding the interface (default: the collector's namespace)
  namespace text,
  last_at timestamptz,
  last_in numeric(20, 0),
  last_out numeric(20, 0),
  last_uptime bigint,
  resets integer NOT NULL DEFAULT 0
);
CREATE INDEX traffic_interface_device ON ops.traffic_interface (device_id);

-- Raw intervals (about 1 minute): `at` is the start of the measured interval, `seconds` its length.
-- Partitioned by UTC day; partitions are created ahead and dropped after PVA_TRAFFIC_RAW_DAYS.
CREATE TABLE ops.traffic_raw (
  connection_id uuid NOT NULL,
  at timestamptz NOT NULL,
  seconds double precision NOT NULL CHECK (seconds > 0),
  in_octets bigint NOT NULL CHECK (in_octets >= 0),
  out_octets bigint NOT NULL CHECK (out_octets >= 0),
  PRIMARY KEY (connection_id, at)
) PARTITION BY RANGE (at);

-- Rollups: octets and measured seconds add up exactly; the average rate of a bucket is
-- octets * 8 / seconds; the maxima are those of the finer intervals.
CREATE TABLE ops.traffic_5m (
  connection_id uuid NOT NULL,
  at timestamptz NOT NULL,
  seconds double precision NOT NULL,
  in_octets bigint NOT NULL,
  out_octets bigint NOT NULL,
  in_max_bps double precision NOT NULL,
  out_max_bps double precision NOT NULL,
  PRIMARY KEY (connection_id, at)
) PARTITION BY RANGE (at);

CREATE TABLE ops.traffic_1h (LIKE ops.traffic_5m) PARTITION BY RANGE (at);
ALTER TABLE ops.traffic_1h ADD PRIMARY KEY (connection_id, at);

-- 1-day buckets are JST calendar days; few rows, kept forever by default, not partitioned.
CREATE TABLE ops.traffic_1d (LIKE ops.traffic_5m);
ALTER TABLE ops.traffic_1d ADD PRIMARY KEY (connection_id, at);

-- Monthly 95th percentile of the 5-minute averages per connection (nearest rank: the value at
-- rank ceil(0.95 n) in ascending order), per direction; p95_bps is the larger of the two.
CREATE TABLE ops.traffic_month (
  connection_id uuid NOT NULL REFERENCES customer.connection(id) ON DELETE CASCADE,
  month date NOT NULL CHECK (extract(day FROM month) = 1),
  in_p95_bps double precision NOT NULL,
  out_p95_bps double precision NOT NULL,
  p95_bps double precision NOT NULL,
  peak_bps double precision NOT NULL,
  samples integer NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (connection_id, month)
);

-- Partitions are created and dropped by the jobs through these two functions (the request role
-- may not create tables; the functions accept nothing but the traffic series' own partitions).
CREATE FUNCTION ops.traffic_create_partition(series text, part text, lo timestamptz, hi timestamptz)
RETURNS void LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog AS $$
BEGIN
  IF series NOT IN ('raw', '5m', '1h') OR part !~ ('^traffic_' || series || '_p[0-9]{6}([0-9]{2})?$') OR lo >= hi THEN
    RAISE EXCEPTION 'not a traffic partition: % %', series, part;
  END IF;
  PERFORM pg_advisory_xact_lock(hashtext('pva.traffic.partitions'));
  EXECUTE format('CREATE TABLE IF NOT EXISTS ops.%I PARTITION OF ops.%I FOR VALUES FROM (%L) TO (%L)',
                 part, 'traffic_' || series, lo, hi);
END $$;

CREATE FUNCTION ops.traffic_drop_partition(series text, part text)
RETURNS void LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog AS $$
BEGIN
  IF series NOT IN ('raw', '5m', '1h') OR part !~ ('^traffic_' || series || '_p[0-9]{6}([0-9]{2})?$') THEN
    RAISE EXCEPTION 'not a traffic partition: % %', series, part;
  END IF;
  EXECUTE format('DROP TABLE IF EXISTS ops.%I', part);
END $$;
