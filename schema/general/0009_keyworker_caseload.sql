-- General compartment: only a user who holds a caseload (a manager or a keyworker) can be a
-- woman's keyworker. A woman allocated to drop-in staff would be on nobody's caseload. The rule
-- is src/app/rules.c's, in plain words, for every way in; this refuses a writer that went around
-- it. A woman allocated so before this migration keeps her keyworker until it is changed.
CREATE TRIGGER clients_keyworker_caseload_ins BEFORE INSERT ON clients
WHEN new.keyworker_id IS NOT NULL AND
	(SELECT role FROM users WHERE id = new.keyworker_id) NOT IN ('manager', 'keyworker')
BEGIN
	SELECT RAISE(ABORT, 'only a keyworker or a manager can be her keyworker');
END;
CREATE TRIGGER clients_keyworker_caseload_upd BEFORE UPDATE OF keyworker_id ON clients
WHEN new.keyworker_id IS NOT old.keyworker_id AND new.keyworker_id IS NOT NULL AND
	(SELECT role FROM users WHERE id = new.keyworker_id) NOT IN ('manager', 'keyworker')
BEGIN
	SELECT RAISE(ABORT, 'only a keyworker or a manager can be her keyworker');
END;
