-- 003 (PostgreSQL): the customer poll, as migrations/003_poll.sql for SQLite (read the comments
-- there; docs/decisions/023-customer-poll.md). Assumes plans (id_hash TEXT PRIMARY KEY).

CREATE TABLE polls (
  plan_id_hash      TEXT PRIMARY KEY NOT NULL REFERENCES plans (id_hash) ON DELETE CASCADE,
  token_hash        TEXT NOT NULL UNIQUE CHECK (length(token_hash) = 64),
  sealed_token      TEXT NOT NULL CHECK (length(sealed_token) = 43),
  counter_key_hash  TEXT CHECK (counter_key_hash IS NULL OR length(counter_key_hash) = 64),
  opened_on         DATE NOT NULL,
  closed_on         DATE
);

CREATE TABLE poll_answers (
  plan_id_hash      TEXT NOT NULL REFERENCES polls (plan_id_hash) ON DELETE CASCADE,
  answered_on       DATE NOT NULL,
  age_group         TEXT NOT NULL CHECK (age_group IN ('under20', '20s', '30s', '40s', '50s', '60plus')),
  apps              SMALLINT NOT NULL CHECK (apps BETWEEN 0 AND 7),
  counter           BOOLEAN NOT NULL,
  answers           INTEGER NOT NULL CHECK (answers > 0),
  PRIMARY KEY (plan_id_hash, answered_on, age_group, apps, counter)
);

CREATE TABLE poll_seen (
  plan_id_hash      TEXT NOT NULL REFERENCES polls (plan_id_hash) ON DELETE CASCADE,
  browser_mac       TEXT NOT NULL CHECK (length(browser_mac) = 64),
  PRIMARY KEY (plan_id_hash, browser_mac)
);
