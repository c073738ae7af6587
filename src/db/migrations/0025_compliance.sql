-- Compliance centre (issue 11): runs of the evidence checks with their results (history), the
-- provider's edits of clause statements and the security policy page (5.1.1). Provider data, in `ops`.

CREATE TABLE ops.compliance_run (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  trigger text NOT NULL CHECK (trigger IN ('schedule', 'manual')),
  started_by uuid REFERENCES ops.staff(id) ON DELETE SET NULL,
  started_at timestamptz NOT NULL DEFAULT now(),
  finished_at timestamptz
);
CREATE INDEX compliance_run_started ON ops.compliance_run (started_at DESC);

-- One row per run x check. Figures are counts and measures; objects (the drill-down) are staff-only.
CREATE TABLE ops.compliance_result (
  run_id uuid NOT NULL REFERENCES ops.compliance_run(id) ON DELETE CASCADE,
  check_id text NOT NULL CHECK (char_length(check_id) BETWEEN 1 AND 100),
  status text NOT NULL CHECK (status IN ('pass', 'warn', 'fail', 'error')),
  summary_ja text NOT NULL,
  summary_en text NOT NULL,
  figures jsonb NOT NULL DEFAULT '{}'::jsonb CHECK (jsonb_typeof(figures) = 'object'),
  objects jsonb NOT NULL DEFAULT '[]'::jsonb CHECK (jsonb_typeof(objects) = 'array'),
  checked_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (run_id, check_id)
);
CREATE INDEX compliance_result_check ON ops.compliance_result (check_id, checked_at DESC);

-- A staff edit of a clause's statement; no row = the catalogue's default text.
CREATE TABLE ops.compliance_statement (
  clause text PRIMARY KEY CHECK (char_length(clause) BETWEEN 1 AND 40),
  statement_ja text NOT NULL CHECK (char_length(statement_ja) BETWEEN 1 AND 8000),
  statement_en text NOT NULL CHECK (char_length(statement_en) BETWEEN 1 AND 8000),
  updated_by uuid REFERENCES ops.staff(id) ON DELETE SET NULL,
  updated_at timestamptz NOT NULL DEFAULT now()
);

-- The security policy page (5.1.1): one row once edited; no row = the default text.
CREATE TABLE ops.compliance_policy (
  id integer PRIMARY KEY CHECK (id = 1),
  text_ja text NOT NULL CHECK (char_length(text_ja) BETWEEN 1 AND 20000),
  text_en text NOT NULL CHECK (char_length(text_en) BETWEEN 1 AND 20000),
  url text CHECK (url IS NULL OR char_length(url) <= 2000),
  updated_by uuid REFERENCES ops.staff(id) ON DELETE SET NULL,
  updated_at timestamptz NOT NULL DEFAULT now()
);
