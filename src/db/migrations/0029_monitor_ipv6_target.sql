-- IPv6-only connections are monitored too (issue 7): a monitor's target is the customer side of
-- the connection's IPv4 transfer prefix (network + 2), or, without one, of its IPv6 transfer
-- prefix (network + 2, the same rule as the data plane's transferEnds). fping probes both
-- families in one run; a TCP probe connects over either.
CREATE OR REPLACE FUNCTION customer.monitor_follow_connection() RETURNS trigger
LANGUAGE plpgsql AS $fn$
DECLARE t inet := CASE
  WHEN NEW.ipv4_prefix IS NOT NULL THEN host(network(NEW.ipv4_prefix) + 2)::inet
  WHEN NEW.ipv6_prefix IS NOT NULL THEN host(network(NEW.ipv6_prefix) + 2)::inet
END;
BEGIN
  INSERT INTO customer.monitor (tenant_id, connection_id, target)
  VALUES (NEW.tenant_id, NEW.id, t)
  ON CONFLICT (connection_id) DO UPDATE SET target = EXCLUDED.target, updated_at = now()
    WHERE customer.monitor.target IS DISTINCT FROM EXCLUDED.target;
  RETURN NEW;
END
$fn$;
DROP TRIGGER monitor_follow ON customer.connection;
CREATE TRIGGER monitor_follow AFTER INSERT OR UPDATE OF ipv4_prefix, ipv6_prefix ON customer.connection
  FOR EACH ROW EXECUTE FUNCTION customer.monitor_follow_connection();

-- The IPv6-only connections that exist get their target now.
UPDATE customer.monitor m
   SET target = host(network(c.ipv6_prefix) + 2)::inet, updated_at = now()
  FROM customer.connection c
 WHERE c.id = m.connection_id AND c.ipv4_prefix IS NULL AND c.ipv6_prefix IS NOT NULL
   AND m.target IS DISTINCT FROM host(network(c.ipv6_prefix) + 2)::inet;
