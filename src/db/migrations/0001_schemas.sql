-- Customer stored data (8.1.1) lives apart from the provider's operational data and the audit trail.
CREATE SCHEMA IF NOT EXISTS customer;
CREATE SCHEMA IF NOT EXISTS ops;
CREATE SCHEMA IF NOT EXISTS audit;

-- Puts a customer table under forced row-level security: a row is visible only inside its
-- tenant's context, or to provider-side code that set app.provider_access for the transaction.
CREATE OR REPLACE FUNCTION ops.enable_tenant_rls(tbl regclass) RETURNS void LANGUAGE plpgsql AS $fn$
BEGIN
  EXECUTE format('ALTER TABLE %s ENABLE ROW LEVEL SECURITY', tbl);
  EXECUTE format('ALTER TABLE %s FORCE ROW LEVEL SECURITY', tbl);
  EXECUTE format($p$CREATE POLICY tenant_isolation ON %s
    USING (tenant_id = NULLIF(current_setting('app.tenant_id', true), '')::uuid)
    WITH CHECK (tenant_id = NULLIF(current_setting('app.tenant_id', true), '')::uuid)$p$, tbl);
  EXECUTE format($p$CREATE POLICY provider_access ON %s
    USING (current_setting('app.provider_access', true) = 'on')
    WITH CHECK (current_setting('app.provider_access', true) = 'on')$p$, tbl);
END
$fn$;
