-- On the embedded engine, provider-side transactions run as a role of their own, pva_provider (a
-- member of the request role pva_app), and the provider_access policies apply to that role only.
-- A tenant's statement then plans one policy per table instead of two ORed together: the second
-- one's sub-select cost about a tenth of a small list request (docs/decisions.md, "One policy per
-- tenant statement"). app.provider_access must still be 'on': the role alone opens nothing.
--
-- PostgreSQL keeps its policies for every role: there the application's login role owns the
-- tables and may not create roles, so it cannot be done by a migration. The block below runs only
-- where the request role pva_app exists and the migrating role is a superuser, which is the
-- embedded engine (the application creates pva_app there when it opens the database).
DO $do$
DECLARE r record;
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'pva_app')
     OR NOT (SELECT rolsuper FROM pg_roles WHERE rolname = current_user) THEN
    RETURN;
  END IF;
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'pva_provider') THEN
    CREATE ROLE pva_provider NOLOGIN NOSUPERUSER NOBYPASSRLS IN ROLE pva_app;
  END IF;
  FOR r IN SELECT schemaname, tablename FROM pg_policies WHERE policyname = 'provider_access' LOOP
    EXECUTE format('ALTER POLICY provider_access ON %I.%I TO pva_provider', r.schemaname, r.tablename);
  END LOOP;
END
$do$;

-- Tables put under row-level security from now on get the same policies.
CREATE OR REPLACE FUNCTION ops.enable_tenant_rls(tbl regclass) RETURNS void LANGUAGE plpgsql AS $fn$
DECLARE
  provider text := CASE WHEN EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'pva_provider')
                             AND EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'pva_app')
                        THEN 'pva_provider' ELSE 'PUBLIC' END;
BEGIN
  EXECUTE format('ALTER TABLE %s ENABLE ROW LEVEL SECURITY', tbl);
  EXECUTE format('ALTER TABLE %s FORCE ROW LEVEL SECURITY', tbl);
  EXECUTE format($p$CREATE POLICY tenant_isolation ON %s
    USING (tenant_id = (SELECT NULLIF(current_setting('app.tenant_id', true), '')::uuid))
    WITH CHECK (tenant_id = (SELECT NULLIF(current_setting('app.tenant_id', true), '')::uuid))$p$, tbl);
  EXECUTE format($p$CREATE POLICY provider_access ON %s TO %s
    USING ((SELECT current_setting('app.provider_access', true)) = 'on')
    WITH CHECK ((SELECT current_setting('app.provider_access', true)) = 'on')$p$, tbl, provider);
END
$fn$;
