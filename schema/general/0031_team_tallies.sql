-- General compartment: the team screen and the whole team's Today count what is due from a
-- tally of each day's, and count one by one only the women whose pause can still change
-- whether they are overdue. At 200,000 women the tasks due were a count of 144,000 index
-- entries (4 to 7 ms of the team screen), the advocacy steps due one of their own (3 ms of
-- the whole team's Today), and 13,253 women with a pause were each worked out (about 9 ms),
-- though two in three of them had no pause after her last contact.
--
-- due_tallies holds, for each day, how many tasks and chases are still to do whose first day
-- (the earlier of the day due and the day to chase) it is ('task'), and how many advocacy
-- items not resolved are due that day (general 0017's advocacy_due, 'advocacy'); a day with
-- none has no row. What is due by a day is the sum of the rows up to it: a few thousand
-- days, whatever the number of women. The triggers below keep it in the same transaction as
-- the rows it counts, by any writer; `keywork check` compares it with due_tallies_source and
-- `keywork check --repair` writes it again from it.
CREATE TABLE due_tallies (
	what TEXT NOT NULL CHECK (what IN ('task', 'advocacy')),
	day TEXT NOT NULL,
	n INTEGER NOT NULL CHECK (n > 0),
	PRIMARY KEY (what, day)
) STRICT, WITHOUT ROWID;

CREATE VIEW due_tallies_source AS
SELECT 'task' AS what, day, count(*) AS n FROM (SELECT min(coalesce(due_on, '~'),
		coalesce(chase_on, '~')) AS day FROM tasks WHERE done_on IS NULL
		AND coalesce(status, '') NOT IN ('done', 'not_needed'))
	WHERE day <> '~' GROUP BY day
UNION ALL
SELECT 'advocacy', due_on, count(*) FROM advocacy_due WHERE due_on IS NOT NULL GROUP BY due_on;

INSERT INTO due_tallies(what, day, n) SELECT what, day, n FROM due_tallies_source WHERE true;

-- A task still to do: one more on its first day; done, removed or moved: one fewer on the old.
CREATE TRIGGER due_tallies_tasks_ai AFTER INSERT ON tasks
WHEN new.done_on IS NULL AND coalesce(new.status, '') NOT IN ('done', 'not_needed')
	AND min(coalesce(new.due_on, '~'), coalesce(new.chase_on, '~')) <> '~' BEGIN
	INSERT INTO due_tallies(what, day, n) VALUES ('task', min(coalesce(new.due_on, '~'),
		coalesce(new.chase_on, '~')), 1) ON CONFLICT(what, day) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER due_tallies_tasks_ad AFTER DELETE ON tasks
WHEN old.done_on IS NULL AND coalesce(old.status, '') NOT IN ('done', 'not_needed')
	AND min(coalesce(old.due_on, '~'), coalesce(old.chase_on, '~')) <> '~' BEGIN
	DELETE FROM due_tallies WHERE what = 'task' AND day = min(coalesce(old.due_on, '~'),
		coalesce(old.chase_on, '~')) AND n = 1;
	UPDATE due_tallies SET n = n - 1 WHERE what = 'task' AND day = min(coalesce(old.due_on,
		'~'), coalesce(old.chase_on, '~'));
END;
CREATE TRIGGER due_tallies_tasks_au AFTER UPDATE OF due_on, chase_on, done_on, status ON tasks
BEGIN
	DELETE FROM due_tallies WHERE what = 'task' AND day = min(coalesce(old.due_on, '~'),
		coalesce(old.chase_on, '~')) AND n = 1 AND old.done_on IS NULL
		AND coalesce(old.status, '') NOT IN ('done', 'not_needed');
	UPDATE due_tallies SET n = n - 1 WHERE what = 'task' AND day = min(coalesce(old.due_on,
		'~'), coalesce(old.chase_on, '~')) AND old.done_on IS NULL
		AND coalesce(old.status, '') NOT IN ('done', 'not_needed');
	INSERT INTO due_tallies(what, day, n) SELECT 'task', min(coalesce(new.due_on, '~'),
		coalesce(new.chase_on, '~')), 1 WHERE new.done_on IS NULL
		AND coalesce(new.status, '') NOT IN ('done', 'not_needed')
		AND min(coalesce(new.due_on, '~'), coalesce(new.chase_on, '~')) <> '~'
		ON CONFLICT(what, day) DO UPDATE SET n = n + 1;
END;

-- An advocacy item's day due, as general 0017's triggers write it.
CREATE TRIGGER due_tallies_advocacy_ai AFTER INSERT ON advocacy_due
WHEN new.due_on IS NOT NULL BEGIN
	INSERT INTO due_tallies(what, day, n) VALUES ('advocacy', new.due_on, 1)
		ON CONFLICT(what, day) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER due_tallies_advocacy_ad AFTER DELETE ON advocacy_due
WHEN old.due_on IS NOT NULL BEGIN
	DELETE FROM due_tallies WHERE what = 'advocacy' AND day = old.due_on AND n = 1;
	UPDATE due_tallies SET n = n - 1 WHERE what = 'advocacy' AND day = old.due_on;
END;
CREATE TRIGGER due_tallies_advocacy_au AFTER UPDATE OF due_on ON advocacy_due BEGIN
	DELETE FROM due_tallies WHERE what = 'advocacy' AND day = old.due_on AND n = 1;
	UPDATE due_tallies SET n = n - 1 WHERE what = 'advocacy' AND day = old.due_on;
	INSERT INTO due_tallies(what, day, n) SELECT 'advocacy', new.due_on, 1
		WHERE new.due_on IS NOT NULL ON CONFLICT(what, day) DO UPDATE SET n = n + 1;
END;

-- The count of tasks due now comes from due_tallies; this index served only that count.
DROP INDEX IF EXISTS tasks_open_due;

-- A pause that ended, on a day that is a date, before her last contact (else before her
-- episode opened) and before the next contact planned, cannot change whether she is
-- overdue on any day after it (src/app/due.c: the clock starts again when a pause ends, and
-- a next contact planned stands unless a pause ended on or after it). A woman all of whose
-- pauses are such is counted from the indexes as one with none (count_as 1 or 2); `paused`
-- still says she has had one. contact_state_source says so; the one trigger that writes
-- count_as in place (a contact made) writes it the same way, and a pause recorded or its days
-- changed writes her row again from the view.
DROP VIEW contact_state_source;
CREATE VIEW contact_state_source AS
SELECT client_id, keyworker_id, episode_id, opened_on, programme, cadence, last_made,
	next_planned, paused, substr(coalesce(last_made, opened_on), 1, 10) AS since_on,
	CASE WHEN episode_id IS NULL THEN 0
		WHEN (paused = 0 OR NOT EXISTS (SELECT 1 FROM contact_pauses p
			WHERE p.client_id = d.client_id AND NOT (p.ends_on IS NOT NULL
			AND date(p.ends_on) IS p.ends_on
			AND p.ends_on < coalesce(substr(coalesce(last_made, opened_on), 1, 10), '')
			AND (next_planned IS NULL OR p.ends_on < substr(next_planned, 1, 10)))))
		AND (last_made IS NULL OR (substr(last_made, 1, 4) >= '1900'
			AND date(substr(last_made, 1, 10)) IS substr(last_made, 1, 10)))
		AND (opened_on IS NULL OR (substr(opened_on, 1, 4) >= '1900'
			AND date(substr(opened_on, 1, 10)) IS substr(opened_on, 1, 10)))
		AND (next_planned IS NULL OR (substr(next_planned, 1, 4) >= '1900'
			AND date(substr(next_planned, 1, 10)) IS substr(next_planned, 1, 10)))
		THEN CASE WHEN next_planned IS NULL THEN 1 ELSE 2 END ELSE 3 END AS count_as,
	open_programmes
FROM (SELECT c.id AS client_id, c.keyworker_id AS keyworker_id, e.id AS episode_id,
		coalesce(e.opened_on, e.referred_on) AS opened_on, e.programme AS programme,
		e.cadence AS cadence,
		(SELECT k.happened_at FROM contacts k WHERE k.client_id = c.id AND k.outcome = 'made'
			AND NOT EXISTS (SELECT 1 FROM contacts a WHERE a.amends_id = k.id)
			ORDER BY k.happened_at DESC LIMIT 1) AS last_made,
		(SELECT v.value FROM contacts k JOIN custom_values v ON v.record_id = k.id
			AND v.field_key = 'next_contact' AND v.state = 'answered'
			WHERE k.client_id = c.id
			AND NOT EXISTS (SELECT 1 FROM contacts a WHERE a.amends_id = k.id)
			AND k.happened_at >= coalesce((SELECT m.happened_at FROM contacts m
				WHERE m.client_id = c.id AND m.outcome = 'made' AND NOT EXISTS (SELECT 1
				FROM contacts a WHERE a.amends_id = m.id)
				ORDER BY m.happened_at DESC LIMIT 1), '')
			ORDER BY k.happened_at DESC LIMIT 1) AS next_planned,
		EXISTS (SELECT 1 FROM contact_pauses p WHERE p.client_id = c.id) AS paused,
		(SELECT group_concat(p, ',' ORDER BY p) FROM (SELECT DISTINCT coalesce(y.programme,
			'') AS p FROM episodes y WHERE y.client_id = c.id
			AND y.status IN ('referred', 'open'))) AS open_programmes
	FROM clients c LEFT JOIN episodes e ON e.id = (SELECT x.id FROM episodes x
		WHERE x.client_id = c.id AND x.status IN ('referred', 'open') AND x.closed_on IS NULL
		AND NOT EXISTS (SELECT 1 FROM closures z WHERE z.episode_id = x.id)
		ORDER BY x.status = 'open' DESC, coalesce(x.opened_on, x.referred_on) DESC,
		x.created_at DESC LIMIT 1)) d;

-- Her since_on, then her count_as, worked out in place from her row as it now stands, as the
-- view works them out.
DROP TRIGGER contact_state_contacts_made;
CREATE TRIGGER contact_state_contacts_made AFTER INSERT ON contacts
WHEN new.amends_id IS NULL AND new.outcome = 'made'
	AND NOT EXISTS (SELECT 1 FROM contacts a WHERE a.amends_id = new.id) BEGIN
	UPDATE contact_state SET last_made = new.happened_at,
		next_planned = (SELECT v.value FROM contacts k JOIN custom_values v
			ON v.record_id = k.id AND v.field_key = 'next_contact' AND v.state = 'answered'
			WHERE k.client_id = new.client_id
			AND NOT EXISTS (SELECT 1 FROM contacts a WHERE a.amends_id = k.id)
			AND k.happened_at >= new.happened_at ORDER BY k.happened_at DESC LIMIT 1)
	WHERE client_id = new.client_id AND coalesce(last_made, '') <= new.happened_at;
	UPDATE contact_state SET since_on = substr(coalesce(last_made, opened_on), 1, 10)
	WHERE client_id = new.client_id;
	UPDATE contact_state SET count_as = CASE WHEN episode_id IS NULL THEN 0
			WHEN (paused = 0 OR NOT EXISTS (SELECT 1 FROM contact_pauses p
				WHERE p.client_id = contact_state.client_id AND NOT (p.ends_on IS NOT NULL
				AND date(p.ends_on) IS p.ends_on AND p.ends_on < coalesce(since_on, '')
				AND (next_planned IS NULL OR p.ends_on < substr(next_planned, 1, 10)))))
			AND (last_made IS NULL OR (substr(last_made, 1, 4) >= '1900'
				AND date(substr(last_made, 1, 10)) IS substr(last_made, 1, 10)))
			AND (opened_on IS NULL OR (substr(opened_on, 1, 4) >= '1900'
				AND date(substr(opened_on, 1, 10)) IS substr(opened_on, 1, 10)))
			AND (next_planned IS NULL OR (substr(next_planned, 1, 4) >= '1900'
				AND date(substr(next_planned, 1, 10)) IS substr(next_planned, 1, 10)))
			THEN CASE WHEN next_planned IS NULL THEN 1 ELSE 2 END ELSE 3 END
	WHERE client_id = new.client_id;
END;

-- A pause recorded: her row written again from the view, as a pause changed or removed is.
DROP TRIGGER contact_state_pauses_ai;
CREATE TRIGGER contact_state_pauses_ai AFTER INSERT ON contact_pauses BEGIN
	DELETE FROM contact_state WHERE client_id = new.client_id;
	INSERT INTO contact_state SELECT * FROM contact_state_source
		WHERE client_id = new.client_id;
END;
CREATE TRIGGER contact_state_pauses_days AFTER UPDATE OF starts_on, ends_on ON contact_pauses
BEGIN
	DELETE FROM contact_state WHERE client_id = new.client_id;
	INSERT INTO contact_state SELECT * FROM contact_state_source
		WHERE client_id = new.client_id;
END;

-- A row left over from no woman (written around keywork) keeps its count_as: check names it.
UPDATE contact_state SET count_as = coalesce((SELECT v.count_as FROM contact_state_source v
	WHERE v.client_id = contact_state.client_id), count_as) WHERE count_as = 3;

-- The whole team's first appointments of a day are ordered by time, then her name, then the
-- appointment: on a busy day thousands share the first half hour (200,000 women: 2,817 at
-- nine), and each was looked up in the appointments table and in clients for the 30 shown.
-- The index of the day now holds her id and the appointment's, and clients_label her name
-- and reference, so those thousands are ordered from the two indexes alone and only the 30
-- shown are read (src/db/contactdb.c: 75 ms with a 16 MiB page cache, 2.5 ms).
DROP INDEX IF EXISTS appointments_day;
CREATE INDEX appointments_day ON appointments(replace(starts_at, ' ', 'T'), client_id, id);
CREATE INDEX clients_label ON clients(id, known_as, reference);
