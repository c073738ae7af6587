-- Changes that can end or alter an authenticated session are announced on the channel pva_auth,
-- so a process that keeps sessions in memory drops them at once (docs/decisions.md, "A session
-- cache that cannot go stale"). The payload names what changed: 's:' and a session's hash, 'p:'
-- and a principal's id, or '*' for everything (TRUNCATE). PostgreSQL delivers a notification only
-- when its transaction commits, and drops the duplicates of one transaction.
CREATE FUNCTION iam.announce_session_change() RETURNS trigger
LANGUAGE plpgsql
SET search_path = pg_catalog
AS $$
BEGIN
  IF TG_OP = 'TRUNCATE' THEN
    PERFORM pg_notify('pva_auth', '*');
  ELSIF TG_TABLE_NAME = 'session' THEN
    PERFORM pg_notify('pva_auth', 's:' || OLD.id_hash);
  ELSE
    PERFORM pg_notify('pva_auth', 'p:' || OLD.id::text);
  END IF;
  RETURN NULL;
END
$$;

-- A new row needs no announcement: nothing can have kept what did not exist.
CREATE TRIGGER session_change AFTER UPDATE OR DELETE ON iam.session
  FOR EACH ROW EXECUTE FUNCTION iam.announce_session_change();
CREATE TRIGGER session_truncate AFTER TRUNCATE ON iam.session
  FOR EACH STATEMENT EXECUTE FUNCTION iam.announce_session_change();
CREATE TRIGGER principal_change AFTER UPDATE OR DELETE ON ops.staff
  FOR EACH ROW EXECUTE FUNCTION iam.announce_session_change();
CREATE TRIGGER principal_truncate AFTER TRUNCATE ON ops.staff
  FOR EACH STATEMENT EXECUTE FUNCTION iam.announce_session_change();
CREATE TRIGGER principal_change AFTER UPDATE OR DELETE ON customer.app_user
  FOR EACH ROW EXECUTE FUNCTION iam.announce_session_change();
CREATE TRIGGER principal_truncate AFTER TRUNCATE ON customer.app_user
  FOR EACH STATEMENT EXECUTE FUNCTION iam.announce_session_change();
