-- 002 (PostgreSQL): the plan as it was before the owner last changed their answers, as
-- migrations/002_previous_plan.sql. JSON text: { "answers", "plan", "at" }.

ALTER TABLE plans ADD COLUMN previous TEXT;
