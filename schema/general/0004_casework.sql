-- General compartment, fourth step: what the practical, advocacy and pathway
-- workflows need beyond the records of 0002.

-- A task's kind (a key of the task_kinds list: application, voucher, referral ...).
ALTER TABLE tasks ADD COLUMN kind TEXT;

-- Who at the agency an advocacy item is with, and what is asked of them.
ALTER TABLE advocacy_items ADD COLUMN professional TEXT;
ALTER TABLE advocacy_items ADD COLUMN asked_for TEXT;

-- The support plan a task or an advocacy item is an action of (NULL: none).
ALTER TABLE tasks ADD COLUMN support_plan_id TEXT REFERENCES support_plans(id);
ALTER TABLE advocacy_items ADD COLUMN support_plan_id TEXT REFERENCES support_plans(id);
CREATE INDEX tasks_plan ON tasks(support_plan_id) WHERE support_plan_id IS NOT NULL;
CREATE INDEX advocacy_items_plan ON advocacy_items(support_plan_id)
	WHERE support_plan_id IS NOT NULL;

-- One open support plan per pathway for a woman. Triggers rather than a unique
-- index, so a store that already holds two open plans still opens; no new
-- second one can be written.
CREATE INDEX support_plans_open ON support_plans(client_id, pathway) WHERE closed_on IS NULL;
CREATE TRIGGER support_plans_one_open_ins BEFORE INSERT ON support_plans
WHEN new.closed_on IS NULL AND EXISTS (SELECT 1 FROM support_plans p
	WHERE p.client_id = new.client_id AND p.pathway = new.pathway AND p.closed_on IS NULL)
BEGIN
	SELECT RAISE(ABORT, 'she already has an open support plan for this pathway');
END;
CREATE TRIGGER support_plans_one_open_upd BEFORE UPDATE OF pathway, closed_on ON support_plans
WHEN new.closed_on IS NULL AND EXISTS (SELECT 1 FROM support_plans p
	WHERE p.client_id = new.client_id AND p.pathway = new.pathway AND p.closed_on IS NULL
	AND p.id <> new.id)
BEGIN
	SELECT RAISE(ABORT, 'she already has an open support plan for this pathway');
END;

-- Her advocacy items' steps, newest first, for the latest step of each.
CREATE INDEX advocacy_steps_item_on ON advocacy_steps(advocacy_item_id, happened_on);
