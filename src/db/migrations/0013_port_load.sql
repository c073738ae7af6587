-- The contracted total of every port, kept by the database itself as connections change, so the
-- capacity view reads 2,000 rows instead of summing 100,000 connections on every call. The trigger
-- runs in the writing transaction: the figure can never disagree with committed connections.
CREATE TABLE ops.port_load (
  port_id uuid PRIMARY KEY REFERENCES ops.port(id) ON DELETE CASCADE,
  contracted_mbps bigint NOT NULL DEFAULT 0,
  connections integer NOT NULL DEFAULT 0
);

CREATE FUNCTION ops.connection_port_load() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  -- counted: placed connections that are planned or active (capacity/placement.ts)
  IF TG_OP IN ('UPDATE', 'DELETE') AND OLD.port_id IS NOT NULL AND OLD.status IN ('planned', 'active') THEN
    UPDATE ops.port_load
       SET contracted_mbps = contracted_mbps - OLD.bandwidth_mbps, connections = connections - 1
     WHERE port_id = OLD.port_id;
  END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') AND NEW.port_id IS NOT NULL AND NEW.status IN ('planned', 'active') THEN
    INSERT INTO ops.port_load AS l (port_id, contracted_mbps, connections)
    VALUES (NEW.port_id, NEW.bandwidth_mbps, 1)
    ON CONFLICT (port_id) DO UPDATE
      SET contracted_mbps = l.contracted_mbps + EXCLUDED.contracted_mbps, connections = l.connections + 1;
  END IF;
  RETURN NULL;
END
$fn$;

CREATE TRIGGER connection_port_load
  AFTER INSERT OR DELETE OR UPDATE OF port_id, status, bandwidth_mbps ON customer.connection
  FOR EACH ROW EXECUTE FUNCTION ops.connection_port_load();

-- existing connections (row-level security applies to the migrating role on PostgreSQL)
SELECT set_config('app.provider_access', 'on', true);
INSERT INTO ops.port_load (port_id, contracted_mbps, connections)
  SELECT port_id, sum(bandwidth_mbps), count(*) FROM customer.connection
   WHERE port_id IS NOT NULL AND status IN ('planned', 'active') GROUP BY port_id;
