-- 003: the customer poll (issue 12, docs/decisions/023-customer-poll.md). One poll per plan,
-- deleted with it (and so purged with it). Nothing personal is kept: no IP address, no user
-- agent, no time finer than the day, no free text, and no single answer either: answers are
-- counted per (day, age group, apps, counter) cell, so not even their order is kept.

CREATE TABLE polls (
  plan_id_hash      TEXT PRIMARY KEY NOT NULL REFERENCES plans (id_hash) ON DELETE CASCADE,
  -- The poll link's token (32 random bytes), as its SHA-256 hash (hex).
  token_hash        TEXT NOT NULL UNIQUE CHECK (length(token_hash) = 64),
  -- The token sealed with a key derived from the report id, so the owner's request can show
  -- the same link again while the database alone cannot open it.
  sealed_token      TEXT NOT NULL CHECK (length(sealed_token) = 43),
  -- Counter-tablet mode: the SHA-256 hash of the tablet key, NULL when the mode is off.
  counter_key_hash  TEXT CHECK (counter_key_hash IS NULL OR length(counter_key_hash) = 64),
  opened_on         TEXT NOT NULL CHECK (opened_on GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
  -- NULL while answers are taken.
  closed_on         TEXT CHECK (closed_on IS NULL OR closed_on GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]')
) STRICT;

CREATE TABLE poll_answers (
  plan_id_hash      TEXT NOT NULL REFERENCES polls (plan_id_hash) ON DELETE CASCADE,
  answered_on       TEXT NOT NULL CHECK (answered_on GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
  age_group         TEXT NOT NULL CHECK (age_group IN ('under20', '20s', '30s', '40s', '50s', '60plus')),
  -- Bits: 1 WhatsApp, 2 Telegram, 4 email; 0 = none of these.
  apps              INTEGER NOT NULL CHECK (apps BETWEEN 0 AND 7),
  counter           INTEGER NOT NULL CHECK (counter IN (0, 1)),
  answers           INTEGER NOT NULL CHECK (answers > 0),
  PRIMARY KEY (plan_id_hash, answered_on, age_group, apps, counter)
) STRICT, WITHOUT ROWID;

-- One answer per browser: HMAC(poll token, the browser's random poll cookie). Only while the
-- poll is open: emptied when it closes or is reset.
CREATE TABLE poll_seen (
  plan_id_hash      TEXT NOT NULL REFERENCES polls (plan_id_hash) ON DELETE CASCADE,
  browser_mac       TEXT NOT NULL CHECK (length(browser_mac) = 64),
  PRIMARY KEY (plan_id_hash, browser_mac)
) STRICT, WITHOUT ROWID;
