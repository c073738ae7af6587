-- Vulnerability matching follows the inventory at once (issue 10, docs/vulnerabilities.md): adding,
-- removing or changing a device or component (vendor, model, firmware/OS version, lifecycle status,
-- the device a component sits in) enqueues a re-match job, from a trigger inside the changing
-- transaction, so the job exists only if the change commits and no code path that changes the
-- inventory can forget it. One job per changing transaction: the singleton key carries the
-- transaction id and its start time, so a bulk change of many rows enqueues one pass.
-- The 15-minute schedule stays as a safety net.
CREATE FUNCTION ops.vuln_inventory_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO ops.job (name, payload, singleton_key)
  VALUES ('vulnerabilities.rematch', '{"reason": "inventory"}'::jsonb,
          'vulnerabilities.rematch@inventory:' || pg_current_xact_id()::text || ':'
            || (extract(epoch FROM now()) * 1000000)::bigint::text)
  ON CONFLICT (singleton_key) DO NOTHING;
  RETURN NULL;
END $$;

CREATE TRIGGER vuln_device_added AFTER INSERT OR DELETE ON ops.device
  FOR EACH ROW EXECUTE FUNCTION ops.vuln_inventory_changed();
CREATE TRIGGER vuln_device_changed AFTER UPDATE ON ops.device
  FOR EACH ROW WHEN (OLD.vendor IS DISTINCT FROM NEW.vendor OR OLD.model IS DISTINCT FROM NEW.model
    OR OLD.os_version IS DISTINCT FROM NEW.os_version OR OLD.status IS DISTINCT FROM NEW.status)
  EXECUTE FUNCTION ops.vuln_inventory_changed();
CREATE TRIGGER vuln_component_added AFTER INSERT OR DELETE ON ops.device_component
  FOR EACH ROW EXECUTE FUNCTION ops.vuln_inventory_changed();
CREATE TRIGGER vuln_component_changed AFTER UPDATE ON ops.device_component
  FOR EACH ROW WHEN (OLD.vendor IS DISTINCT FROM NEW.vendor OR OLD.model IS DISTINCT FROM NEW.model
    OR OLD.firmware_version IS DISTINCT FROM NEW.firmware_version OR OLD.status IS DISTINCT FROM NEW.status
    OR OLD.device_id IS DISTINCT FROM NEW.device_id)
  EXECUTE FUNCTION ops.vuln_inventory_changed();
