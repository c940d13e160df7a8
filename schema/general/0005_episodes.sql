-- General compartment, fifth step: episodes closed at her wish and re-opened
-- (the rules are src/app/episode.c; these keep every writer to them).

-- Why an episode closed (a key of the closure_reasons list), on the closure
-- that closed it; the episode keeps a copy in closure_reason.
ALTER TABLE closures ADD COLUMN reason TEXT;

-- Non-engagement never closes a case: keyworkers do not give up unless she
-- says she no longer wants support. The form loader refuses a closure-reason
-- list that offers it and the rules refuse it; these triggers refuse it from
-- any writer. A reason is refused when, lower-cased with '_' and '-' read as
-- spaces and a space either side, it contains one of these stems. They are
-- those of src/form/reasons.c: keep the two in step.
CREATE TABLE refused_closure_stems (stem TEXT PRIMARY KEY) STRICT, WITHOUT ROWID;
INSERT INTO refused_closure_stems(stem) VALUES ('engag'), ('attend'), (' dna '),
	('complian'), ('comply'), ('contactable'), ('unreachable'), ('no contact'),
	('lost contact'), ('lost touch'), ('no response'), ('not respond'), ('no show'),
	('did not come'), ('stopped coming');

CREATE TRIGGER closures_reason_ins BEFORE INSERT ON closures
WHEN EXISTS (SELECT 1 FROM refused_closure_stems r WHERE instr(' ' ||
	lower(replace(replace(new.reason, '_', ' '), '-', ' ')) || ' ', r.stem) > 0)
BEGIN
	SELECT RAISE(ABORT, 'non-engagement is not a reason to close a case');
END;
CREATE TRIGGER closures_reason_upd BEFORE UPDATE OF reason ON closures
WHEN EXISTS (SELECT 1 FROM refused_closure_stems r WHERE instr(' ' ||
	lower(replace(replace(new.reason, '_', ' '), '-', ' ')) || ' ', r.stem) > 0)
BEGIN
	SELECT RAISE(ABORT, 'non-engagement is not a reason to close a case');
END;
CREATE TRIGGER episodes_reason_ins BEFORE INSERT ON episodes
WHEN EXISTS (SELECT 1 FROM refused_closure_stems r WHERE instr(' ' ||
	lower(replace(replace(new.closure_reason, '_', ' '), '-', ' ')) || ' ', r.stem) > 0)
BEGIN
	SELECT RAISE(ABORT, 'non-engagement is not a reason to close a case');
END;
CREATE TRIGGER episodes_reason_upd BEFORE UPDATE OF closure_reason ON episodes
WHEN EXISTS (SELECT 1 FROM refused_closure_stems r WHERE instr(' ' ||
	lower(replace(replace(new.closure_reason, '_', ' '), '-', ' ')) || ' ', r.stem) > 0)
BEGIN
	SELECT RAISE(ABORT, 'non-engagement is not a reason to close a case');
END;

-- A closure closes its episode in the same transaction, whoever writes it:
-- status, closed_on and reason, a new version, and a history row per field.
-- (An episode already closed, as a bulk load writes it, is left as it is.)
CREATE TRIGGER closures_close_episode AFTER INSERT ON closures
WHEN (SELECT status FROM episodes WHERE id = new.episode_id) <> 'closed'
BEGIN
	INSERT INTO history(id, table_name, record_id, field, old_value, new_value, created_at,
		created_by, updated_at, updated_by, version, device_id)
	SELECT lower(hex(randomblob(4)) || '-' || hex(randomblob(2)) || '-4' ||
		substr(hex(randomblob(2)), 2) || '-' || substr('89ab', 1 + abs(random() % 4), 1) ||
		substr(hex(randomblob(2)), 2) || '-' || hex(randomblob(6))),
		'episodes', new.episode_id, f.field, f.old, f.new, new.created_at, new.created_by,
		new.created_at, new.created_by, 1, new.device_id
	FROM (SELECT 'status' AS field, x.status AS old, 'closed' AS new
			FROM episodes x WHERE x.id = new.episode_id
		UNION ALL SELECT 'closed_on', x.closed_on, new.closed_on
			FROM episodes x WHERE x.id = new.episode_id
			AND x.closed_on IS NOT new.closed_on
		UNION ALL SELECT 'closure_reason', x.closure_reason, new.reason
			FROM episodes x WHERE x.id = new.episode_id AND new.reason IS NOT NULL
			AND x.closure_reason IS NOT new.reason) f;
	UPDATE episodes SET status = 'closed', closed_on = new.closed_on,
		closure_reason = coalesce(new.reason, closure_reason), updated_at = new.created_at,
		updated_by = new.created_by, version = version + 1
	WHERE id = new.episode_id;
END;

-- A closure corrected later (its date or reason) corrects its episode too.
CREATE TRIGGER closures_follow_upd AFTER UPDATE OF closed_on, reason ON closures
WHEN new.closed_on IS NOT old.closed_on OR new.reason IS NOT old.reason
BEGIN
	UPDATE episodes SET closed_on = new.closed_on,
		closure_reason = coalesce(new.reason, closure_reason), updated_at = new.updated_at,
		updated_by = new.updated_by, version = version + 1
	WHERE id = new.episode_id AND status = 'closed';
END;

-- A referral recorded with the day support started is an open episode.
CREATE TRIGGER episodes_open_ins AFTER INSERT ON episodes
WHEN new.status = 'referred' AND new.opened_on IS NOT NULL
BEGIN
	UPDATE episodes SET status = 'open' WHERE id = new.id;
END;
CREATE TRIGGER episodes_open_upd AFTER UPDATE OF opened_on ON episodes
WHEN new.status = 'referred' AND new.opened_on IS NOT NULL
BEGIN
	UPDATE episodes SET status = 'open' WHERE id = new.id;
END;

-- Her episodes, and the one a re-opening came from.
CREATE INDEX episodes_reopened ON episodes(reopened_from) WHERE reopened_from IS NOT NULL;
-- The previous time a user opened her record ("changed since you last looked").
CREATE INDEX audit_client_actor ON audit(client_id, actor_id, action);
