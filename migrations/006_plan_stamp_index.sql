-- 006: the render cache's stamp of a plan (src/db/plan-stamp.ts) read from an index alone.
-- The stamp's columns come after the answers and the plan in the row, and a row's 20-40 kB of
-- JSON lie in overflow pages that SQLite walks to reach the columns after them: the stamp of
-- every cached report page read four or more pages of JSON it does not use (21 µs a lookup for
-- 3,385 plans, all in the page cache; disk reads once the plans outgrow it). With this covering
-- index the lookup reads only index pages (7 µs). The query names it (INDEXED BY), since the
-- planner otherwise takes the primary key's index, and a missing index then fails loudly.
-- PostgreSQL needs no such index: it keeps large values out of the row (TOAST).

CREATE INDEX plans_stamp ON plans (id_hash, expires_at, revision, created_at, updated_at);
