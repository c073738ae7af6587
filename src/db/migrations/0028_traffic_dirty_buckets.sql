-- Rollups follow the data (docs/traffic.md, "Rollups"): a write into a bucket marks it dirty, and
-- the rollup job recomputes only the closed buckets marked since its last run, then marks the
-- coarser bucket holding each. A bucket is computed once when its data arrives in time and again
-- whenever a late sample lands in it, however late (a collector interval of an hour, a worker
-- outage). A writer touches the mark (ON CONFLICT DO UPDATE), so a rollup that takes the mark waits
-- for the writer's commit and reads its rows; a mark taken earlier is set again.
CREATE TABLE ops.traffic_dirty (
  level text NOT NULL CHECK (level IN ('5m', '1h', '1d')),
  bucket timestamptz NOT NULL,
  marked_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (level, bucket)
);

-- What the recent raw series holds now is rolled up on the first run after this migration.
INSERT INTO ops.traffic_dirty (level, bucket)
SELECT DISTINCT '5m', date_bin('5 minutes', at, '2000-01-01 00:00:00+09'::timestamptz)
  FROM ops.traffic_raw
 WHERE at >= now() - interval '15 minutes'
ON CONFLICT DO NOTHING;
