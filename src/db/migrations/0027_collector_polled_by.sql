-- Which worker process last polled a device's counters (host:pid), for the NOC when several
-- workers share collection (docs/traffic.md, "Several workers").
ALTER TABLE ops.traffic_collector ADD COLUMN last_polled_by text CHECK (char_length(last_polled_by) <= 300);
