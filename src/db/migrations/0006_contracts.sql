-- Contracted services: their options, the time the customer last set the label, and number
-- sequences from which service codes and customer codes are allocated without races.
ALTER TABLE customer.service ADD COLUMN options jsonb NOT NULL DEFAULT '{}'::jsonb
  CHECK (jsonb_typeof(options) = 'object');
ALTER TABLE customer.service ADD COLUMN label_updated_at timestamptz;
-- Labels are checked by the application (trimmed, no control characters); the length is a backstop.
ALTER TABLE customer.service ADD CONSTRAINT service_label_length CHECK (char_length(label) <= 200);
ALTER TABLE customer.service ADD CONSTRAINT service_bandwidth_positive
  CHECK (bandwidth_mbps IS NULL OR bandwidth_mbps > 0);
CREATE INDEX service_contract ON customer.service (contract_id);

-- The 8-digit number of a service code (prefix + digits [+ check digit]); starts above the range
-- hand-made codes tend to use, and the allocator still skips a code that is already taken.
CREATE SEQUENCE ops.service_code_seq AS bigint START WITH 10000001 MINVALUE 1 MAXVALUE 99999999 NO CYCLE;
-- The 7-digit number of a customer code ('C' + digits) when the provider does not choose one.
CREATE SEQUENCE ops.customer_code_seq AS bigint START WITH 2000001 MINVALUE 1 MAXVALUE 9999999 NO CYCLE;
