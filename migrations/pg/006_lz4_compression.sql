-- 006 (PostgreSQL): the plans' and drafts' JSON compressed with lz4 instead of pglz
-- (docs/decisions/038). A plan's JSON (17-40 kB) is over the 2 kB TOAST threshold, so every
-- create and change compressed it with pglz, PostgreSQL's default: in a loop of inserts of one
-- real plan that cost about 550 µs of the server's CPU each (734-837 µs an insert against
-- 186-308 µs with lz4; reads 203-266 against 114-141 µs), most of what a created plan costs the
-- database. SQLite's 006 is the stamp's covering index, which PostgreSQL needs no counterpart of.
-- Only values written from now on are compressed with lz4; older ones stay pglz until their
-- row is next written, and both read back the same. A server built without lz4, or older than
-- PostgreSQL 14 (no per-column compression), keeps pglz: nothing else depends on it.

DO $$
BEGIN
  IF current_setting('server_version_num')::integer >= 140000 THEN
    EXECUTE 'ALTER TABLE plans
               ALTER COLUMN answers SET COMPRESSION lz4,
               ALTER COLUMN plan SET COMPRESSION lz4,
               ALTER COLUMN previous SET COMPRESSION lz4';
    EXECUTE 'ALTER TABLE drafts ALTER COLUMN data SET COMPRESSION lz4';
  END IF;
EXCEPTION WHEN feature_not_supported THEN
  RAISE NOTICE 'this PostgreSQL has no lz4: plans stay compressed with pglz';
END;
$$;
