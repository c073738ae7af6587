-- Row-level security, evaluated once per statement instead of once per row: wrapping the settings
-- in a scalar sub-select makes the planner compute them as an init plan, so a scan of 100,000
-- rows compares against a constant (same rules, same results; see docs/decisions.md).
CREATE OR REPLACE FUNCTION ops.enable_tenant_rls(tbl regclass) RETURNS void LANGUAGE plpgsql AS $fn$
BEGIN
  EXECUTE format('ALTER TABLE %s ENABLE ROW LEVEL SECURITY', tbl);
  EXECUTE format('ALTER TABLE %s FORCE ROW LEVEL SECURITY', tbl);
  EXECUTE format($p$CREATE POLICY tenant_isolation ON %s
    USING (tenant_id = (SELECT NULLIF(current_setting('app.tenant_id', true), '')::uuid))
    WITH CHECK (tenant_id = (SELECT NULLIF(current_setting('app.tenant_id', true), '')::uuid))$p$, tbl);
  EXECUTE format($p$CREATE POLICY provider_access ON %s
    USING ((SELECT current_setting('app.provider_access', true)) = 'on')
    WITH CHECK ((SELECT current_setting('app.provider_access', true)) = 'on')$p$, tbl);
END
$fn$;

DO $do$
DECLARE r record;
BEGIN
  FOR r IN SELECT schemaname, tablename, policyname FROM pg_policies
           WHERE policyname IN ('tenant_isolation', 'provider_access') LOOP
    IF r.policyname = 'tenant_isolation' THEN
      EXECUTE format($p$ALTER POLICY tenant_isolation ON %I.%I
        USING (tenant_id = (SELECT NULLIF(current_setting('app.tenant_id', true), '')::uuid))
        WITH CHECK (tenant_id = (SELECT NULLIF(current_setting('app.tenant_id', true), '')::uuid))$p$,
        r.schemaname, r.tablename);
    ELSE
      EXECUTE format($p$ALTER POLICY provider_access ON %I.%I
        USING ((SELECT current_setting('app.provider_access', true)) = 'on')
        WITH CHECK ((SELECT current_setting('app.provider_access', true)) = 'on')$p$,
        r.schemaname, r.tablename);
    END IF;
  END LOOP;
END
$do$;
