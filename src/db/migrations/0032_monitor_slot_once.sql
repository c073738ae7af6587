-- A slot that is already due is left alone. Before, every monitor created or resumed rewrote its
-- slot's row even when it was due already; a transaction creating many monitors (a bulk import,
-- a migration) moved the same 16 rows once per monitor, and each move had to walk every version
-- the transaction had written before it: 100,000 connections inserted in one statement took
-- minutes. The result is the same: the slot is due at '-infinity'.
CREATE OR REPLACE FUNCTION customer.monitor_slot_follow() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog AS $$
BEGIN
  IF TG_OP = 'INSERT' OR NEW.interval_s IS DISTINCT FROM OLD.interval_s OR NEW.slot IS DISTINCT FROM OLD.slot
     OR (OLD.paused_at IS NOT NULL AND NEW.paused_at IS NULL) THEN
    INSERT INTO ops.monitor_slot AS s (interval_s, slot, next_due_at) VALUES (NEW.interval_s, NEW.slot, '-infinity')
    ON CONFLICT (interval_s, slot) DO UPDATE SET next_due_at = '-infinity'
      WHERE s.next_due_at <> '-infinity'::timestamptz;
  END IF;
  RETURN NULL;
END $$;
