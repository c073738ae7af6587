-- Vulnerability management (12.6.1): advisories (CSAF 2.0, OSV, manual), their matches against the
-- inventory (ops.inventory_item), assessments with history, alerts, feeds and a daily trend.
-- Provider data only, in `ops`.

CREATE TABLE ops.vuln_advisory (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  source text NOT NULL CHECK (source IN ('csaf', 'osv', 'manual')),
  -- the publisher's id (CSAF tracking.id, OSV id); one row per id, re-imports update it
  external_id text NOT NULL UNIQUE CHECK (char_length(external_id) BETWEEN 1 AND 200),
  -- CSAF tracking.version, OSV modified, manual: a counter
  revision text NOT NULL CHECK (char_length(revision) BETWEEN 1 AND 100),
  title text NOT NULL CHECK (char_length(title) BETWEEN 1 AND 500),
  summary text NOT NULL DEFAULT '' CHECK (char_length(summary) <= 8000),
  publisher text NOT NULL DEFAULT '' CHECK (char_length(publisher) <= 200),
  published_at timestamptz,
  modified_at timestamptz,
  cves jsonb NOT NULL DEFAULT '[]'::jsonb CHECK (jsonb_typeof(cves) = 'array'),
  cvss_score numeric(3, 1) CHECK (cvss_score BETWEEN 0 AND 10),
  cvss_vector text,
  severity text NOT NULL CHECK (severity IN ('critical', 'high', 'medium', 'low', 'none', 'unknown')),
  -- [{vendor, product, spec, effect}] (src/modules/vulnerabilities/model.ts)
  products jsonb NOT NULL CHECK (jsonb_typeof(products) = 'array'),
  remediations jsonb NOT NULL DEFAULT '[]'::jsonb CHECK (jsonb_typeof(remediations) = 'array'),
  refs jsonb NOT NULL DEFAULT '[]'::jsonb CHECK (jsonb_typeof(refs) = 'array'),
  -- where it came from: 'upload', 'manual' or the feed URL
  origin text NOT NULL DEFAULT 'upload' CHECK (char_length(origin) <= 2000),
  imported_by uuid REFERENCES ops.staff(id) ON DELETE SET NULL,
  imported_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX vuln_advisory_imported ON ops.vuln_advisory (imported_at DESC);

-- One row per advisory × inventory item it ever matched. `current` is false once the item no longer
-- falls in the ranges (a version change, a newer revision, the item left the inventory).
CREATE TABLE ops.vuln_match (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  advisory_id uuid NOT NULL REFERENCES ops.vuln_advisory(id) ON DELETE CASCADE,
  item_kind text NOT NULL CHECK (item_kind IN ('device', 'component')),
  item_id uuid NOT NULL,
  device_id uuid REFERENCES ops.device(id) ON DELETE CASCADE,
  -- affected: in the ranges; undetermined: the version could not be ordered (someone must look)
  verdict text NOT NULL CHECK (verdict IN ('affected', 'undetermined')),
  version_seen text NOT NULL DEFAULT '',
  current boolean NOT NULL DEFAULT true,
  first_matched_at timestamptz NOT NULL DEFAULT now(),
  last_matched_at timestamptz NOT NULL DEFAULT now(),
  resolved_at timestamptz,
  -- the assessment in force (history in vuln_assessment)
  state text NOT NULL DEFAULT 'new' CHECK (state IN ('new', 'affected', 'not_affected', 'mitigated', 'fixed')),
  justification text NOT NULL DEFAULT '' CHECK (char_length(justification) <= 4000),
  assessed_by uuid REFERENCES ops.staff(id) ON DELETE SET NULL,
  assessed_at timestamptz,
  -- from the severity and PVA_VULN_SLA_DAYS when first matched (JST calendar day)
  due_date date,
  change_id uuid REFERENCES ops.config_change(id) ON DELETE SET NULL,
  -- the staff alert of a critical match went out: once per advisory × item
  alerted_at timestamptz,
  UNIQUE (advisory_id, item_id)
);
CREATE INDEX vuln_match_item ON ops.vuln_match (item_id);
CREATE INDEX vuln_match_device ON ops.vuln_match (device_id);
CREATE INDEX vuln_match_open ON ops.vuln_match (due_date) WHERE current AND state IN ('new', 'affected');

-- Every assessment, never updated: who decided what, when and why.
CREATE TABLE ops.vuln_assessment (
  id bigserial PRIMARY KEY,
  match_id uuid NOT NULL REFERENCES ops.vuln_match(id) ON DELETE CASCADE,
  state text NOT NULL CHECK (state IN ('affected', 'not_affected', 'mitigated', 'fixed')),
  justification text NOT NULL DEFAULT '' CHECK (char_length(justification) <= 4000),
  change_id uuid REFERENCES ops.config_change(id) ON DELETE SET NULL,
  due_date date,
  assessed_by uuid REFERENCES ops.staff(id) ON DELETE SET NULL,
  assessed_at timestamptz NOT NULL DEFAULT now(),
  CHECK (state NOT IN ('not_affected', 'mitigated') OR char_length(btrim(justification)) > 0)
);
CREATE INDEX vuln_assessment_match ON ops.vuln_assessment (match_id, assessed_at);

-- The last fetch of each configured feed URL: a feed that fails is visible, not silent.
CREATE TABLE ops.vuln_feed_status (
  url text PRIMARY KEY,
  last_run_at timestamptz NOT NULL,
  last_ok_at timestamptz,
  last_error text,
  imported integer NOT NULL DEFAULT 0
);

-- Open exposures per JST day (the trend): written after every change of the day and by a daily job.
CREATE TABLE ops.vuln_daily (
  day date PRIMARY KEY,
  critical integer NOT NULL DEFAULT 0,
  high integer NOT NULL DEFAULT 0,
  medium integer NOT NULL DEFAULT 0,
  low integer NOT NULL DEFAULT 0,
  other integer NOT NULL DEFAULT 0,
  overdue integer NOT NULL DEFAULT 0,
  updated_at timestamptz NOT NULL DEFAULT now()
);
