-- The register of customer organisations (provider-side: who the provider serves).
CREATE TABLE ops.tenant (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  code text NOT NULL UNIQUE,
  name text NOT NULL,
  status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'terminating', 'terminated', 'erased')),
  created_at timestamptz NOT NULL DEFAULT now()
);

-- Customer stored data: contracts, contracted services (with the customer's labels) and connections.
CREATE TABLE customer.contract (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id uuid NOT NULL REFERENCES ops.tenant(id),
  number text NOT NULL UNIQUE,
  start_date date NOT NULL,
  end_date date,
  status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'terminating', 'terminated', 'erased')),
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX contract_tenant ON customer.contract (tenant_id);
SELECT ops.enable_tenant_rls('customer.contract');

CREATE TABLE customer.service (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id uuid NOT NULL REFERENCES ops.tenant(id),
  contract_id uuid NOT NULL REFERENCES customer.contract(id),
  code text NOT NULL UNIQUE,
  type text NOT NULL CHECK (type IN ('ipsec', 'direct', 'option')),
  bandwidth_mbps integer,
  label text NOT NULL DEFAULT '',
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX service_tenant ON customer.service (tenant_id);
SELECT ops.enable_tenant_rls('customer.service');

CREATE TABLE customer.connection (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id uuid NOT NULL REFERENCES ops.tenant(id),
  service_id uuid NOT NULL REFERENCES customer.service(id),
  name text NOT NULL,
  kind text NOT NULL CHECK (kind IN ('ipsec', 'direct')),
  bandwidth_mbps integer NOT NULL CHECK (bandwidth_mbps > 0),
  status text NOT NULL DEFAULT 'active',
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX connection_tenant ON customer.connection (tenant_id, created_at);
SELECT ops.enable_tenant_rls('customer.connection');
