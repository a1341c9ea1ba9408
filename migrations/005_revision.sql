-- 005: a revision number per plan, raised by every change of the row, so that the render
-- cache's stamp of a plan (src/db/plan-stamp.ts, decision 033) is one short indexed read
-- instead of a digest of the row's 20-40 kB of JSON. A trigger raises it, so
-- every UPDATE counts (the store's, and any an operator runs by hand), not only those that
-- remember to. Rows made before this migration start at 0 and count from their next change.
-- The trigger's own UPDATE does not fire it again (recursive_triggers is off, and its WHEN
-- sees the revision already raised).

ALTER TABLE plans ADD COLUMN revision INTEGER NOT NULL DEFAULT 0 CHECK (revision >= 0);

CREATE TRIGGER plans_revision AFTER UPDATE ON plans
FOR EACH ROW WHEN NEW.revision = OLD.revision
BEGIN
  UPDATE plans SET revision = OLD.revision + 1 WHERE id_hash = NEW.id_hash;
END;
