-- General compartment: the team screen and the whole team's Today count overdue contact, the
-- woman each keyworker has not seen for longest and the tasks due from index ranges, instead of
-- reading every woman's contact state (200,000 women: a third of a second each time).
--
-- contact_state gains four columns, kept as the rest are (general 0017), and compared with the
-- view by `keywork check` as the rest are:
--   paused    1 when she has any pause in contact recorded. Whether a pause covers today
--             depends on the day, so a paused woman's state is still worked out row by row.
--   since_on  the day of her last contact made, else the day her episode opened.
--   count_as  how the team counts her: 0 no episode open; with no pause and every day in her
--             row a date (its first ten characters a real day from 1900 on, as
--             src/util/date.c reads one), 1 when no next contact is planned (overdue when
--             since_on is more than her cadence's days before today) or 2 when one is
--             (overdue when it is before today); 3 otherwise, worked out row by row.
--   open_programmes  the programmes of her episodes still referred or open, each once, in
--             order, joined by commas ('' for none named), or NULL: the queue of women
--             waiting for a keyworker leaves out, unread, those whose programmes are all
--             ones that need none (a drop-in only woman).
DROP VIEW contact_state_source;
ALTER TABLE contact_state ADD COLUMN paused INTEGER NOT NULL DEFAULT 0;
ALTER TABLE contact_state ADD COLUMN since_on TEXT;
ALTER TABLE contact_state ADD COLUMN count_as INTEGER NOT NULL DEFAULT 0;
ALTER TABLE contact_state ADD COLUMN open_programmes TEXT;
CREATE VIEW contact_state_source AS
SELECT client_id, keyworker_id, episode_id, opened_on, programme, cadence, last_made,
	next_planned, paused, substr(coalesce(last_made, opened_on), 1, 10) AS since_on,
	CASE WHEN episode_id IS NULL THEN 0
		WHEN paused = 0 AND (last_made IS NULL OR (substr(last_made, 1, 4) >= '1900'
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
		x.created_at DESC LIMIT 1));

UPDATE contact_state SET paused = 1
	WHERE client_id IN (SELECT client_id FROM contact_pauses);
UPDATE contact_state SET open_programmes = (SELECT group_concat(p, ',' ORDER BY p)
	FROM (SELECT DISTINCT coalesce(y.programme, '') AS p FROM episodes y
		WHERE y.client_id = contact_state.client_id AND y.status IN ('referred', 'open')));
UPDATE contact_state SET since_on = substr(coalesce(last_made, opened_on), 1, 10),
	count_as = CASE WHEN episode_id IS NULL THEN 0
		WHEN paused = 0 AND (last_made IS NULL OR (substr(last_made, 1, 4) >= '1900'
			AND date(substr(last_made, 1, 10)) IS substr(last_made, 1, 10)))
		AND (opened_on IS NULL OR (substr(opened_on, 1, 4) >= '1900'
			AND date(substr(opened_on, 1, 10)) IS substr(opened_on, 1, 10)))
		AND (next_planned IS NULL OR (substr(next_planned, 1, 4) >= '1900'
			AND date(substr(next_planned, 1, 10)) IS substr(next_planned, 1, 10)))
		THEN CASE WHEN next_planned IS NULL THEN 1 ELSE 2 END ELSE 3 END;

-- A new contact made: general 0017's trigger of that name, which writes her last contact and
-- next planned in place, now writes since_on and count_as after them.
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
	UPDATE contact_state SET since_on = substr(coalesce(last_made, opened_on), 1, 10),
		count_as = CASE WHEN episode_id IS NULL THEN 0
			WHEN paused = 0 AND (last_made IS NULL OR (substr(last_made, 1, 4) >= '1900'
				AND date(substr(last_made, 1, 10)) IS substr(last_made, 1, 10)))
			AND (opened_on IS NULL OR (substr(opened_on, 1, 4) >= '1900'
				AND date(substr(opened_on, 1, 10)) IS substr(opened_on, 1, 10)))
			AND (next_planned IS NULL OR (substr(next_planned, 1, 4) >= '1900'
				AND date(substr(next_planned, 1, 10)) IS substr(next_planned, 1, 10)))
			THEN CASE WHEN next_planned IS NULL THEN 1 ELSE 2 END ELSE 3 END
	WHERE client_id = new.client_id;
END;

-- Her pauses: whether she has any, and so how she is counted.
CREATE TRIGGER contact_state_pauses_ai AFTER INSERT ON contact_pauses BEGIN
	UPDATE contact_state SET paused = 1, count_as = CASE WHEN episode_id IS NULL THEN 0 ELSE 3 END
		WHERE client_id = new.client_id;
END;
CREATE TRIGGER contact_state_pauses_au AFTER UPDATE OF client_id ON contact_pauses BEGIN
	DELETE FROM contact_state WHERE client_id IN (old.client_id, new.client_id);
	INSERT INTO contact_state SELECT * FROM contact_state_source
		WHERE client_id IN (old.client_id, new.client_id);
END;
CREATE TRIGGER contact_state_pauses_ad AFTER DELETE ON contact_pauses BEGIN
	DELETE FROM contact_state WHERE client_id = old.client_id;
	INSERT INTO contact_state SELECT * FROM contact_state_source
		WHERE client_id = old.client_id;
END;

-- The indexes the team is counted from (src/db/team.c), each holding what its query reads.
CREATE INDEX contact_state_cadence ON contact_state(count_as, programme, cadence, since_on,
	keyworker_id) WHERE count_as = 1;
CREATE INDEX contact_state_planned ON contact_state(count_as, next_planned, keyworker_id)
	WHERE count_as = 2;
CREATE INDEX contact_state_unseen ON contact_state(keyworker_id, since_on)
	WHERE count_as IN (1, 2);
CREATE INDEX contact_state_odd ON contact_state(count_as, client_id, keyworker_id, last_made,
	opened_on, programme, cadence, next_planned) WHERE count_as = 3;

-- Tasks and chases still to do, by the first of the two days: those due by a day are a range.
CREATE INDEX tasks_open_due ON tasks(min(coalesce(due_on, '~'), coalesce(chase_on, '~')))
	WHERE done_on IS NULL AND coalesce(status, '') NOT IN ('done', 'not_needed');

-- Every woman's pauses on a day (src/db/team.c), and one woman's (src/db/casesql.h), from the
-- index alone: general 0003's index without the last day sent each row to the table.
DROP INDEX contact_pauses_client_starts;
CREATE INDEX contact_pauses_client_starts ON contact_pauses(client_id, starts_on, ends_on);

-- The women waiting for a keyworker (src/db/team.c's queue): those with none and an episode
-- referred or open, by its programmes, so that a woman whose programmes need no keyworker is
-- not read (200,000 women, 36,000 of them drop-in only: 67 ms of lookups), and the answers to
-- "Has she asked for a keyworker?", read from the answers rather than from every woman with
-- none. General 0017's index of the women with none is read no more.
DROP INDEX clients_waiting;
CREATE INDEX contact_state_waiting ON contact_state(open_programmes, client_id, keyworker_id)
	WHERE keyworker_id IS NULL AND open_programmes IS NOT NULL;
CREATE INDEX custom_values_wants_keyworker ON custom_values(record_id, value, state, updated_at)
	WHERE field_key = 'wants_keyworker';
