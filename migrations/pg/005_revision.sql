-- 005 (PostgreSQL): a revision number per plan, raised by every change of the row, as
-- migrations/005_revision.sql (read the comments there; decision 033).
-- Here a BEFORE trigger sets it on the row being written, so no second write is needed.

ALTER TABLE plans ADD COLUMN revision BIGINT NOT NULL DEFAULT 0 CHECK (revision >= 0);

CREATE FUNCTION kanal_plans_revision() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.revision := OLD.revision + 1;
  RETURN NEW;
END;
$$;

CREATE TRIGGER plans_revision BEFORE UPDATE ON plans
FOR EACH ROW EXECUTE FUNCTION kanal_plans_revision();
