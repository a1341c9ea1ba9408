-- 006 (PostgreSQL): the plans' and drafts' JSON compressed with lz4 instead of pglz
-- (docs/decisions/038). A plan's JSON (17-40 kB) is over the 2 kB TOAST threshold, so every
-- create and change compressed it with pglz, PostgreSQL's default: in a loop of inserts of one
-- real plan the backend spent 623-677 µs of CPU an insert with pglz and 120-287 µs with lz4,
-- for the same stored size. SQLite's 006 is the stamp's covering index, which PostgreSQL needs
-- no counterpart of: each store's migrations are numbered on their own.
-- Only values written from now on are compressed with lz4; an older value stays pglz until its
-- column is next written, and both read back the same. A server built without lz4, or older
-- than PostgreSQL 14 (no per-column compression), keeps pglz and says so in a notice: nothing
-- else depends on it. SET COMPRESSION changes the catalog only, so its table locks are brief.

DO $$
BEGIN
  IF current_setting('server_version_num')::integer >= 140000 THEN
    EXECUTE 'ALTER TABLE plans
               ALTER COLUMN answers SET COMPRESSION lz4,
               ALTER COLUMN plan SET COMPRESSION lz4,
               ALTER COLUMN previous SET COMPRESSION lz4';
    EXECUTE 'ALTER TABLE drafts ALTER COLUMN data SET COMPRESSION lz4';
  ELSE
    RAISE NOTICE 'PostgreSQL before 14 has no per-column compression: plans stay compressed with pglz';
  END IF;
EXCEPTION WHEN feature_not_supported THEN
  RAISE NOTICE 'this PostgreSQL has no lz4: plans stay compressed with pglz';
END;
$$;
