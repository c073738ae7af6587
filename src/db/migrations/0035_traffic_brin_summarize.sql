-- The rollups read the closed buckets of the last minutes through the block-range indexes on the
-- time of the series (migration 0022). A block range is used only once it is summarised, and
-- PostgreSQL summarises new ranges only in VACUUM (autovacuum, when it runs; the embedded engine
-- has none): until then every new range matches any time, so a rollup late in the day read the
-- whole day's raw partition. The rollup now summarises the new ranges of the partitions it reads
-- first (reading only the pages written since its last run), so it reads only the ranges of its
-- buckets. Summarising needs the table's owner: this function, like the partition functions,
-- runs as the owner and takes only the series and the partition names.
CREATE FUNCTION ops.traffic_summarize(series text, parts text[])
RETURNS void LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog AS $$
DECLARE
  idx regclass;
BEGIN
  IF series NOT IN ('raw', '5m', '1h') THEN
    RAISE EXCEPTION 'not a traffic series: %', series;
  END IF;
  FOR idx IN
    SELECT i.inhrelid::regclass
      FROM pg_inherits i
      JOIN pg_index x ON x.indexrelid = i.inhrelid
      JOIN pg_class t ON t.oid = x.indrelid
      JOIN pg_namespace n ON n.oid = t.relnamespace
     WHERE i.inhparent = format('ops.traffic_%s_at', series)::regclass
       AND n.nspname = 'ops' AND t.relname = ANY(parts)
  LOOP
    PERFORM brin_summarize_new_values(idx);
  END LOOP;
END $$;
