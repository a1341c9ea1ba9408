-- 001: drafts (a questionnaire in progress) and plans (a finished report).
-- Every secret (draft token, report id, owner key) is stored only as its SHA-256 hash (hex).

CREATE TABLE plans (
  id_hash           TEXT PRIMARY KEY NOT NULL CHECK (length(id_hash) = 64),
  owner_key_hash    TEXT NOT NULL CHECK (length(owner_key_hash) = 64),
  answers           TEXT NOT NULL, -- JSON, Answers v1
  plan              TEXT NOT NULL, -- JSON, Plan v1
  created_at        TEXT NOT NULL,
  updated_at        TEXT NOT NULL,
  expires_at        TEXT NOT NULL
) STRICT;

CREATE TABLE drafts (
  token_hash        TEXT PRIMARY KEY NOT NULL CHECK (length(token_hash) = 64),
  -- JSON: { "version": 1, "pages": { "<page id>": { "<form field>": "value" | ["values"] } } }
  data              TEXT NOT NULL,
  -- Set when the draft changes an existing plan: the plan's id hash, and the report id sealed
  -- with a key derived from the draft token (so the database alone cannot open the report).
  plan_id_hash      TEXT REFERENCES plans (id_hash) ON DELETE CASCADE,
  sealed_plan_id    TEXT,
  created_at        TEXT NOT NULL,
  updated_at        TEXT NOT NULL
) STRICT;

CREATE INDEX plans_expires_at ON plans (expires_at);
CREATE INDEX drafts_updated_at ON drafts (updated_at);
CREATE INDEX drafts_plan_id_hash ON drafts (plan_id_hash);
