-- 002: the plan as it was before the owner last changed their answers, so that the report can
-- show what changed. JSON: { "answers": Answers v1, "plan": Plan v1, "at": the time that version
-- was made or last changed }. Only the one version before; deleted with the plan.

ALTER TABLE plans ADD COLUMN previous TEXT;
