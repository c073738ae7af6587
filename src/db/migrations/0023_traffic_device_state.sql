-- Traffic collection (issue 7): the previous counter sample is kept per device poll, and SNMP
-- secrets are sealed.
--
-- 1. The collectors poll a device as a whole, so its previous poll is one record: a JSON object
--    {"<connection id>": [at (ms since the epoch), in octets, out octets, sysUpTime or null]} with
--    the 64-bit counters as decimal strings. One row read and rewritten per poll replaces one
--    row locked and rewritten per interface (which cost as much as appending the samples). The
--    row lock serialises two writers of one device. `json`, not `jsonb`: it is only stored and
--    read back whole.
CREATE TABLE ops.traffic_device_state (
  device_id uuid PRIMARY KEY REFERENCES ops.device(id) ON DELETE CASCADE,
  sample json NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now()
);

-- The previous samples kept per interface so far move over, so no interval is lost.
INSERT INTO ops.traffic_device_state (device_id, sample)
SELECT device_id,
       json_object_agg(connection_id, json_build_array(
         (extract(epoch FROM last_at) * 1000)::bigint, last_in::text, last_out::text, last_uptime::text))
  FROM ops.traffic_interface
 WHERE last_at IS NOT NULL AND last_in IS NOT NULL AND last_out IS NOT NULL
 GROUP BY device_id;

ALTER TABLE ops.traffic_interface
  DROP COLUMN last_at, DROP COLUMN last_in, DROP COLUMN last_out, DROP COLUMN last_uptime;
ALTER TABLE ops.traffic_interface RESET (fillfactor);

-- 2. SNMP community strings and v3 keys, sealed (AES-256-GCM under a provider key derived from
--    the master key, the collector's device id as associated data); `settings` keeps the rest.
--    Rows written before this migration still hold them in `settings`: the first collection run
--    of a process seals them (src/modules/traffic/secrets.ts).
ALTER TABLE ops.traffic_collector ADD COLUMN secrets_sealed bytea;
