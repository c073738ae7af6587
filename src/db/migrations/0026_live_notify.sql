-- Live updates (docs/operations.md, "Live updates"): the state changes customers see publish a
-- NOTIFY on channel pva_live from triggers, inside the changing transaction, so it is delivered
-- on commit and dropped on rollback, and no code path that changes these rows can forget it.
-- The payload carries only ids and kinds; clients refetch through the normal API.
--   {"tenant": uuid, "kind": "service"|"connection"|"monitor"|"notice"|"report", "id": uuid,
--    "service": uuid|null}

CREATE FUNCTION ops.live_publish(tenant uuid, kind text, id uuid, service uuid) RETURNS void
LANGUAGE sql AS $$
  SELECT pg_notify('pva_live', json_build_object('tenant', tenant, 'kind', kind, 'id', id, 'service', service)::text)
$$;

CREATE FUNCTION ops.live_row() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  r record;
  svc uuid;
BEGIN
  IF TG_OP = 'DELETE' THEN r := OLD; ELSE r := NEW; END IF;
  CASE TG_TABLE_NAME
    WHEN 'service' THEN
      PERFORM ops.live_publish(r.tenant_id, 'service', r.id, r.id);
    WHEN 'connection' THEN
      PERFORM ops.live_publish(r.tenant_id, 'connection', r.id, r.service_id);
    WHEN 'monitor' THEN
      SELECT c.service_id INTO svc FROM customer.connection c WHERE c.id = r.connection_id;
      PERFORM ops.live_publish(r.tenant_id, 'monitor', r.id, svc);
    WHEN 'notice_recipient' THEN
      PERFORM ops.live_publish(r.tenant_id, 'notice', r.notice_id, NULL);
    WHEN 'event_report' THEN
      PERFORM ops.live_publish(r.tenant_id, 'report', r.id, NULL);
    WHEN 'event_report_event' THEN
      PERFORM ops.live_publish(r.tenant_id, 'report', r.report_id, NULL);
  END CASE;
  RETURN NULL;
END $$;

-- A notice's own row has no tenant: a status change (published, updated, resolved, cancelled)
-- reaches every tenant it was sent to.
CREATE FUNCTION ops.live_notice() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM ops.live_publish(nr.tenant_id, 'notice', NEW.id, NULL)
     FROM customer.notice_recipient nr WHERE nr.notice_id = NEW.id;
  RETURN NULL;
END $$;

CREATE TRIGGER live_service AFTER INSERT OR UPDATE OR DELETE ON customer.service
  FOR EACH ROW EXECUTE FUNCTION ops.live_row();
CREATE TRIGGER live_connection AFTER INSERT OR UPDATE OR DELETE ON customer.connection
  FOR EACH ROW EXECUTE FUNCTION ops.live_row();
-- the probe job rewrites streaks every round: only a change of state or pause publishes
CREATE TRIGGER live_monitor AFTER UPDATE ON customer.monitor
  FOR EACH ROW WHEN (OLD.state IS DISTINCT FROM NEW.state OR OLD.paused_at IS DISTINCT FROM NEW.paused_at)
  EXECUTE FUNCTION ops.live_row();
CREATE TRIGGER live_notice_recipient AFTER INSERT OR UPDATE ON customer.notice_recipient
  FOR EACH ROW EXECUTE FUNCTION ops.live_row();
CREATE TRIGGER live_notice AFTER UPDATE ON ops.notice
  FOR EACH ROW WHEN (OLD.status IS DISTINCT FROM NEW.status OR OLD.sequence IS DISTINCT FROM NEW.sequence)
  EXECUTE FUNCTION ops.live_notice();
CREATE TRIGGER live_event_report AFTER INSERT OR UPDATE ON customer.event_report
  FOR EACH ROW EXECUTE FUNCTION ops.live_row();
CREATE TRIGGER live_event_report_event AFTER INSERT ON customer.event_report_event
  FOR EACH ROW EXECUTE FUNCTION ops.live_row();
