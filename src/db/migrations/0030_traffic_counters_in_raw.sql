-- Traffic collection no longer rewrites a state record on every poll (docs/traffic.md,
-- "Previous samples"). Rewriting each device's previous samples (a JSON object of every
-- connection's counters) cost as much as appending the intervals themselves.
--
-- 1. Each raw interval keeps the counters it ended on (64-bit unsigned counters stored as their
--    two's-complement bigint; uptime in hundredths of a second, or null). The newest interval of
--    a connection is its previous sample.
-- 2. A sample that ends no interval (the first of an interface, a reset, one out of order) is kept
--    on the interface as its mark; a mark with no counters at 'infinity' means "count afresh"
--    (a new interface mapping, a failed write) until the next sample replaces it. The later of
--    the newest interval and the mark wins.
-- 3. The device state row keeps only a token and the interval starts of the device's last write
--    (nearly always one), both rewritten by every write. A worker keeps the previous samples of
--    the devices it polled in memory with the token it wrote, and uses them only while the row
--    still holds that token. Otherwise it reads them back as in 1 and 2: the last write's
--    intervals by primary key (connection, start), then the newest interval of any connection
--    that write did not carry. The row lock still serialises two writers of one device.
ALTER TABLE ops.traffic_raw
  ADD COLUMN in_counter bigint,
  ADD COLUMN out_counter bigint,
  ADD COLUMN uptime bigint;

ALTER TABLE ops.traffic_interface
  ADD COLUMN mark_at timestamptz,
  ADD COLUMN mark_in bigint,
  ADD COLUMN mark_out bigint,
  ADD COLUMN mark_uptime bigint,
  ADD CONSTRAINT traffic_interface_mark CHECK ((mark_in IS NULL) = (mark_out IS NULL));

-- The previous samples kept so far become marks, so no interval is lost.
UPDATE ops.traffic_interface i
   SET mark_at = to_timestamp((e.value ->> 0)::numeric / 1000),
       mark_in = (CASE WHEN (e.value ->> 1)::numeric >= 9223372036854775808
                       THEN (e.value ->> 1)::numeric - 18446744073709551616
                       ELSE (e.value ->> 1)::numeric END)::bigint,
       mark_out = (CASE WHEN (e.value ->> 2)::numeric >= 9223372036854775808
                        THEN (e.value ->> 2)::numeric - 18446744073709551616
                        ELSE (e.value ->> 2)::numeric END)::bigint,
       mark_uptime = (e.value ->> 3)::bigint
  FROM ops.traffic_device_state s, json_each(s.sample) e
 WHERE i.device_id = s.device_id AND i.connection_id::text = e.key;

ALTER TABLE ops.traffic_device_state
  DROP COLUMN sample,
  ADD COLUMN token uuid NOT NULL DEFAULT gen_random_uuid(),
  ADD COLUMN starts timestamptz[] NOT NULL DEFAULT '{}';
