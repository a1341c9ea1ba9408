-- 004 (PostgreSQL): the language a draft and a plan were made in, as
-- migrations/004_language.sql. NULL for rows made before it.

ALTER TABLE drafts ADD COLUMN language TEXT CHECK (language IS NULL OR language IN ('en', 'id', 'ms', 'zh'));
ALTER TABLE plans ADD COLUMN language TEXT CHECK (language IS NULL OR language IN ('en', 'id', 'ms', 'zh'));
