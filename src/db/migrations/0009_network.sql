-- The network model (13.1.3, CLD.9.5.1, CLD.13.1.4): the provider's physical network in `ops`,
-- each tenant's virtual networks and connections in `customer` under row-level security.

-- Per-tenant data keys (AES-256-GCM), each wrapped by the master key. Destroying a tenant's key
-- at erasure makes every copy of its secrets (IPsec PSKs, in backups too) unreadable.
CREATE TABLE ops.tenant_key (
  tenant_id uuid PRIMARY KEY REFERENCES ops.tenant(id),
  wrapped_key bytea,
  created_at timestamptz NOT NULL DEFAULT now(),
  destroyed_at timestamptz,
  CHECK ((wrapped_key IS NULL) = (destroyed_at IS NOT NULL))
);

-- Points of presence.
CREATE TABLE ops.pop (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  code text NOT NULL UNIQUE CHECK (code ~ '^[A-Z0-9][A-Z0-9-]{1,15}$'),
  name_ja text NOT NULL CHECK (char_length(name_ja) BETWEEN 1 AND 100),
  name_en text NOT NULL CHECK (char_length(name_en) BETWEEN 1 AND 100),
  address text NOT NULL DEFAULT '' CHECK (char_length(address) <= 300),
  created_at timestamptz NOT NULL DEFAULT now()
);

-- The management network, modelled apart: device management addresses come only from here, and
-- no tenant pool or customer prefix may overlap it (checked by the application on every write).
CREATE TABLE ops.mgmt_network (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  name text NOT NULL UNIQUE CHECK (char_length(name) BETWEEN 1 AND 100),
  prefix cidr NOT NULL UNIQUE,
  created_at timestamptz NOT NULL DEFAULT now()
);

-- Port classes carry the oversubscription limit (contracted sum / capacity) and the utilisation
-- threshold (percent) at which staff are alerted and a forecast crossing is computed.
CREATE TABLE ops.port_class (
  code text PRIMARY KEY CHECK (code ~ '^[a-z0-9][a-z0-9-]{0,31}$'),
  name_ja text NOT NULL,
  name_en text NOT NULL,
  oversubscription numeric(6, 2) NOT NULL CHECK (oversubscription > 0 AND oversubscription <= 1000),
  threshold_pct smallint NOT NULL DEFAULT 80 CHECK (threshold_pct BETWEEN 1 AND 100)
);

CREATE TABLE ops.device (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  pop_id uuid NOT NULL REFERENCES ops.pop(id),
  hostname text NOT NULL UNIQUE CHECK (hostname ~ '^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$'),
  role text NOT NULL CHECK (role IN ('pe', 'aggregation', 'management')),
  vendor text NOT NULL CHECK (char_length(vendor) BETWEEN 1 AND 100),
  model text NOT NULL CHECK (char_length(model) BETWEEN 1 AND 100),
  serial text NOT NULL CHECK (char_length(serial) BETWEEN 1 AND 100),
  os_version text NOT NULL CHECK (char_length(os_version) BETWEEN 1 AND 100),
  mgmt_network_id uuid NOT NULL REFERENCES ops.mgmt_network(id),
  mgmt_address inet NOT NULL UNIQUE,
  -- the PE's address on the backbone/internet side: customer IPsec peers connect to it
  underlay_address inet,
  -- which data-plane driver configures it, and where (configuration, not code: issue 6)
  driver text NOT NULL DEFAULT 'render-only' CHECK (driver ~ '^[a-z0-9][a-z0-9-]{0,31}$'),
  driver_target jsonb NOT NULL DEFAULT '{}'::jsonb CHECK (jsonb_typeof(driver_target) = 'object'),
  status text NOT NULL DEFAULT 'active' CHECK (status IN ('planned', 'active', 'maintenance', 'retired')),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX device_pop ON ops.device (pop_id);

CREATE TABLE ops.port (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  device_id uuid NOT NULL REFERENCES ops.device(id),
  name text NOT NULL CHECK (name ~ '^[A-Za-z0-9][A-Za-z0-9/._:-]{0,63}$'),
  capacity_mbps bigint NOT NULL CHECK (capacity_mbps > 0),
  class_code text NOT NULL REFERENCES ops.port_class(code),
  -- access: customer traffic arrives here (internet uplink for IPsec, handoff for direct)
  purpose text NOT NULL DEFAULT 'access' CHECK (purpose IN ('access', 'backbone', 'management')),
  status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'disabled')),
  description text NOT NULL DEFAULT '' CHECK (char_length(description) <= 200),
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (device_id, name)
);

-- Links between two ports of two devices (backbone, aggregation).
CREATE TABLE ops.link (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  a_port_id uuid NOT NULL UNIQUE REFERENCES ops.port(id),
  b_port_id uuid NOT NULL UNIQUE REFERENCES ops.port(id),
  description text NOT NULL DEFAULT '' CHECK (char_length(description) <= 200),
  created_at timestamptz NOT NULL DEFAULT now(),
  CHECK (a_port_id <> b_port_id)
);

-- Isolation identifiers (VXLAN VNI; RD, RT and namespace name derive from it). A row is never
-- deleted: it stays with its tenant after the virtual network is gone, becomes quarantined when
-- the tenant is erased, and may be reused only after quarantine_until.
CREATE SEQUENCE ops.vni_seq AS integer START WITH 10001 MINVALUE 4096 MAXVALUE 16777215 NO CYCLE;
CREATE TABLE ops.isolation_id (
  vni integer PRIMARY KEY CHECK (vni BETWEEN 4096 AND 16777215),
  tenant_id uuid REFERENCES ops.tenant(id),
  state text NOT NULL CHECK (state IN ('allocated', 'quarantined')),
  allocated_at timestamptz NOT NULL DEFAULT now(),
  quarantine_until timestamptz,
  CHECK ((state = 'quarantined') = (quarantine_until IS NOT NULL))
);
CREATE INDEX isolation_id_reusable ON ops.isolation_id (quarantine_until) WHERE state = 'quarantined';
CREATE INDEX isolation_id_tenant ON ops.isolation_id (tenant_id);

-- Per-tenant address pools; each connection gets one prefix of assign_length from a pool.
CREATE TABLE ops.tenant_pool (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id uuid NOT NULL REFERENCES ops.tenant(id),
  prefix cidr NOT NULL,
  assign_length smallint NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (tenant_id, prefix),
  CHECK (assign_length >= masklen(prefix) AND assign_length <= CASE WHEN family(prefix) = 4 THEN 32 ELSE 128 END)
);

CREATE TABLE customer.virtual_network (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id uuid NOT NULL REFERENCES ops.tenant(id),
  name text NOT NULL CHECK (char_length(name) BETWEEN 1 AND 100),
  vni integer NOT NULL UNIQUE REFERENCES ops.isolation_id(vni),
  route_distinguisher text NOT NULL UNIQUE,
  route_target text NOT NULL UNIQUE,
  namespace text NOT NULL UNIQUE,
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (tenant_id, name)
);
CREATE INDEX virtual_network_tenant ON customer.virtual_network (tenant_id);
SELECT ops.enable_tenant_rls('customer.virtual_network');

-- Connections: a customer site attached to a virtual network on a PE port.
ALTER TABLE customer.connection ALTER COLUMN status SET DEFAULT 'planned';
UPDATE customer.connection SET status = 'planned';
ALTER TABLE customer.connection ADD CONSTRAINT connection_status
  CHECK (status IN ('planned', 'active', 'disabled'));
ALTER TABLE customer.connection
  ADD COLUMN virtual_network_id uuid REFERENCES customer.virtual_network(id),
  ADD COLUMN port_id uuid REFERENCES ops.port(id),
  ADD COLUMN ipv4_prefix cidr CHECK (family(ipv4_prefix) = 4),
  ADD COLUMN ipv6_prefix cidr CHECK (family(ipv6_prefix) = 6),
  ADD COLUMN customer_subnets cidr[] NOT NULL DEFAULT '{}',
  -- IPsec: {peerAddress, ikeProposals[], espProposals[], auth: psk|cert, localId, remoteId, remoteCaPem?}
  ADD COLUMN ipsec jsonb CHECK (ipsec IS NULL OR jsonb_typeof(ipsec) = 'object'),
  -- IPsec PSK sealed with the tenant's data key (AES-256-GCM: iv | tag | ciphertext)
  ADD COLUMN psk_sealed bytea,
  -- direct: the VXLAN VNI / handoff identifier on the port
  ADD COLUMN handoff_id integer CHECK (handoff_id BETWEEN 1 AND 16777215),
  -- an audited placement beyond the port's oversubscription limit: {staffId, reason, at, totalMbps, limitMbps}
  ADD COLUMN placement_override jsonb,
  ADD COLUMN updated_at timestamptz NOT NULL DEFAULT now();
ALTER TABLE customer.connection ADD CONSTRAINT connection_active_placed
  CHECK (status <> 'active' OR (port_id IS NOT NULL AND virtual_network_id IS NOT NULL));
ALTER TABLE customer.connection ADD CONSTRAINT connection_ipsec_fields
  CHECK (kind <> 'ipsec' OR handoff_id IS NULL);
CREATE INDEX connection_port ON customer.connection (port_id) INCLUDE (bandwidth_mbps) WHERE port_id IS NOT NULL;
CREATE INDEX connection_vnet ON customer.connection (virtual_network_id);
CREATE UNIQUE INDEX connection_handoff ON customer.connection (port_id, handoff_id) WHERE handoff_id IS NOT NULL;
