-- 001 (PostgreSQL): drafts and plans, as migrations/001_initial.sql for SQLite, plus two tables
-- only PostgreSQL needs: the health probe's one row, and the rate-limit counters that several
-- instances share. Every secret (draft token, report id, owner key) is stored only as its
-- SHA-256 hash (hex); rate-limit keys are SHA-256 hashes too (no client address is stored).
-- answers/plan are TEXT holding JSON exactly as the app wrote it (JSONB would reorder keys).

CREATE TABLE plans (
  id_hash           TEXT PRIMARY KEY CHECK (length(id_hash) = 64),
  owner_key_hash    TEXT NOT NULL CHECK (length(owner_key_hash) = 64),
  answers           TEXT NOT NULL, -- JSON, Answers v1
  plan              TEXT NOT NULL, -- JSON, Plan v1
  created_at        TIMESTAMPTZ NOT NULL,
  updated_at        TIMESTAMPTZ NOT NULL,
  expires_at        TIMESTAMPTZ NOT NULL
);

CREATE TABLE drafts (
  token_hash        TEXT PRIMARY KEY CHECK (length(token_hash) = 64),
  data              TEXT NOT NULL, -- JSON: { "version": 1, "pages": { ... } }
  plan_id_hash      TEXT REFERENCES plans (id_hash) ON DELETE CASCADE,
  sealed_plan_id    TEXT,
  created_at        TIMESTAMPTZ NOT NULL,
  updated_at        TIMESTAMPTZ NOT NULL
);

CREATE INDEX plans_expires_at ON plans (expires_at);
CREATE INDEX plans_created_at ON plans (created_at, id_hash);
CREATE INDEX drafts_updated_at ON drafts (updated_at);
CREATE INDEX drafts_plan_id_hash ON drafts (plan_id_hash);

-- The write probe of /healthz updates this one row (docs/decisions/021).
CREATE TABLE health (
  id                INTEGER PRIMARY KEY CHECK (id = 1),
  checked_at        TIMESTAMPTZ NOT NULL
);
INSERT INTO health (id, checked_at) VALUES (1, now());

-- express-rate-limit counters shared by every instance (docs/decisions/020).
CREATE TABLE rate_limits (
  key               TEXT PRIMARY KEY CHECK (length(key) = 64),
  hits              INTEGER NOT NULL CHECK (hits >= 0),
  reset_at          TIMESTAMPTZ NOT NULL
);
CREATE INDEX rate_limits_reset_at ON rate_limits (reset_at);
