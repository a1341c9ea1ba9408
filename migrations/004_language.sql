-- 004: the language a draft and a plan were made in (issue 11, docs/decisions/027), so that a
-- plan link opened on another device reads as it was made. One of the served language codes
-- (locales/<code>/, src/i18n.ts LANGUAGE_INFO); NULL for rows made before this migration,
-- which then follow the reader's browser as before.

ALTER TABLE drafts ADD COLUMN language TEXT CHECK (language IS NULL OR language IN ('en', 'id', 'ms', 'zh'));
ALTER TABLE plans ADD COLUMN language TEXT CHECK (language IS NULL OR language IN ('en', 'id', 'ms', 'zh'));
