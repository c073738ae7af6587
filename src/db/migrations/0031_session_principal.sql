-- A request's session and the principal behind it, in one statement outside any transaction
-- (docs/decisions.md, "Authentication in one statement"). Before, every authenticated request
-- opened a transaction of its own for two lookups, which cost more than the request's own query.
-- SECURITY DEFINER with provider access for the lookup alone (set and put back inside the call:
-- a non-superuser may not attach a custom setting to a function): the principal may be a customer
-- user, whose table is under row-level security, and the caller has no tenant yet. The function
-- returns only the session of the hash it is given.
CREATE FUNCTION iam.session_principal(p_id_hash text)
RETURNS TABLE (
  id_hash text,
  principal_kind text,
  principal_id uuid,
  tenant_id uuid,
  stage text,
  csrf_token text,
  challenge text,
  created_at timestamptz,
  last_seen_at timestamptz,
  idle_timeout_s integer,
  expires_at timestamptz,
  ip text,
  user_agent text,
  revoked_at timestamptz,
  principal_tenant_id uuid,
  principal_role text,
  principal_service_scope uuid[],
  principal_status text,
  principal_must_change_password boolean
)
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog
AS $$
#variable_conflict use_column
DECLARE
  was text := current_setting('app.provider_access', true);
BEGIN
  PERFORM set_config('app.provider_access', 'on', true);
  RETURN QUERY
  SELECT s.id_hash, s.principal_kind, s.principal_id, s.tenant_id, s.stage, s.csrf_token, s.challenge,
         s.created_at, s.last_seen_at, s.idle_timeout_s, s.expires_at, s.ip, s.user_agent, s.revoked_at,
         u.tenant_id,
         coalesce(st.role, u.role),
         u.service_scope,
         coalesce(st.status, u.status),
         coalesce(st.must_change_password, u.must_change_password)
  FROM iam.session s
  LEFT JOIN ops.staff st ON s.principal_kind = 'staff' AND st.id = s.principal_id
  LEFT JOIN customer.app_user u ON s.principal_kind = 'customer' AND u.id = s.principal_id
  WHERE s.id_hash = p_id_hash;
  PERFORM set_config('app.provider_access', coalesce(was, ''), true);
END
$$;
