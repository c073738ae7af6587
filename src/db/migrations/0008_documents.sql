-- Service documents (8.2.2, CLD.6.3.1): specifications, manuals, terms, the whitepaper and the
-- responsibility split, published by the provider per service type and version. Provider-owned:
-- customers read them through the portal, filtered by the service types they contract.
CREATE TABLE ops.document (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  service_type text NOT NULL CHECK (service_type IN ('ipsec', 'direct', 'option', 'all')),
  kind text NOT NULL CHECK (kind IN ('specification', 'manual', 'terms', 'whitepaper', 'responsibility')),
  version text NOT NULL CHECK (version ~ '^[0-9]{1,4}(\.[0-9]{1,4}){0,3}$'),
  title_ja text NOT NULL,
  title_en text NOT NULL,
  format text NOT NULL CHECK (format IN ('markdown', 'pdf')),
  body_ja text,
  body_en text,
  pdf bytea,
  pdf_filename text,
  pdf_size integer,
  pdf_sha256 text,
  -- the first JST day the version applies; "in force" = the latest effective_from <= today (JST)
  effective_from date NOT NULL,
  published_at timestamptz NOT NULL DEFAULT now(),
  created_by uuid REFERENCES ops.staff(id) ON DELETE SET NULL,
  UNIQUE (service_type, kind, version),
  CHECK (
    (format = 'markdown' AND body_ja IS NOT NULL AND body_en IS NOT NULL AND pdf IS NULL)
    OR (format = 'pdf' AND pdf IS NOT NULL AND pdf_filename IS NOT NULL AND pdf_size IS NOT NULL
        AND pdf_sha256 IS NOT NULL AND body_ja IS NULL AND body_en IS NULL)
  )
);
CREATE INDEX document_type_kind ON ops.document (service_type, kind, effective_from DESC);
