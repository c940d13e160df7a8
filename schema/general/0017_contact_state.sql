-- General compartment: each woman's contact state, kept beside the rows it is worked out from,
-- so that Today, the team screen and the whole team's Today read one short row per woman
-- instead of working it out from her episodes and contacts each time (20,000 women: about a
-- second and a half for the team screen). What depends on the day (a pause covering today)
-- and on the forms (a programme's cadence in days) is still worked out when it is read.
--
-- contact_state_source says what the state is, from the source rows, as src/db/view.c and
-- src/db/casesql.h always have: her current episode (an open one before a referral, then the
-- newest, neither closed nor ended by a closure), her newest contact made that no later
-- correction replaced, and the next contact her newest such contact planned, if none was made
-- since. The triggers below write her row again from it whenever one of those rows of hers is
-- written, by any writer, in the same transaction. `keywork check` compares the table with the
-- view, and `keywork check --repair` writes the table again from it.
CREATE VIEW contact_state_source AS
SELECT c.id AS client_id, c.keyworker_id AS keyworker_id, e.id AS episode_id,
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
		ORDER BY k.happened_at DESC LIMIT 1) AS next_planned
FROM clients c LEFT JOIN episodes e ON e.id = (SELECT x.id FROM episodes x
	WHERE x.client_id = c.id AND x.status IN ('referred', 'open') AND x.closed_on IS NULL
	AND NOT EXISTS (SELECT 1 FROM closures z WHERE z.episode_id = x.id)
	ORDER BY x.status = 'open' DESC, coalesce(x.opened_on, x.referred_on) DESC,
	x.created_at DESC LIMIT 1);

-- One row per woman. episode_id is NULL when she has no open episode; opened_on is the day
-- it opened (or she was referred); last_made and next_planned as the view says.
CREATE TABLE contact_state (
	client_id TEXT PRIMARY KEY,
	keyworker_id TEXT,
	episode_id TEXT,
	opened_on TEXT,
	programme TEXT,
	cadence TEXT,
	last_made TEXT,
	next_planned TEXT
) STRICT, WITHOUT ROWID;

INSERT INTO contact_state(client_id, keyworker_id, episode_id, opened_on, programme, cadence,
	last_made, next_planned)
SELECT client_id, keyworker_id, episode_id, opened_on, programme, cadence, last_made,
	next_planned FROM contact_state_source WHERE true;

-- Her row, written again: a woman.
CREATE TRIGGER contact_state_clients_ai AFTER INSERT ON clients BEGIN
	DELETE FROM contact_state WHERE client_id = new.id;
	INSERT INTO contact_state SELECT * FROM contact_state_source
		WHERE client_id = new.id;
END;
CREATE TRIGGER contact_state_clients_au AFTER UPDATE OF id, keyworker_id ON clients BEGIN
	DELETE FROM contact_state WHERE client_id IN (old.id, new.id);
	INSERT INTO contact_state SELECT * FROM contact_state_source
		WHERE client_id = new.id;
END;
CREATE TRIGGER contact_state_clients_ad AFTER DELETE ON clients BEGIN
	DELETE FROM contact_state WHERE client_id = old.id;
END;

-- Her episodes, and the closures that end them.
CREATE TRIGGER contact_state_episodes_ai AFTER INSERT ON episodes BEGIN
	DELETE FROM contact_state WHERE client_id = new.client_id;
	INSERT INTO contact_state SELECT * FROM contact_state_source
		WHERE client_id = new.client_id;
END;
CREATE TRIGGER contact_state_episodes_au AFTER UPDATE ON episodes BEGIN
	DELETE FROM contact_state WHERE client_id IN (new.client_id, old.client_id);
	INSERT INTO contact_state SELECT * FROM contact_state_source
		WHERE client_id IN (new.client_id, old.client_id);
END;
CREATE TRIGGER contact_state_episodes_ad AFTER DELETE ON episodes BEGIN
	DELETE FROM contact_state WHERE client_id = old.client_id;
	INSERT INTO contact_state SELECT * FROM contact_state_source
		WHERE client_id = old.client_id;
END;
CREATE TRIGGER contact_state_closures_ai AFTER INSERT ON closures BEGIN
	DELETE FROM contact_state WHERE client_id = (SELECT client_id FROM episodes WHERE id = new.episode_id);
	INSERT INTO contact_state SELECT * FROM contact_state_source
		WHERE client_id = (SELECT client_id FROM episodes WHERE id = new.episode_id);
END;
CREATE TRIGGER contact_state_closures_au AFTER UPDATE OF episode_id ON closures BEGIN
	DELETE FROM contact_state WHERE client_id IN (SELECT client_id FROM episodes
			WHERE id IN (new.episode_id, old.episode_id));
	INSERT INTO contact_state SELECT * FROM contact_state_source
		WHERE client_id IN (SELECT client_id FROM episodes
			WHERE id IN (new.episode_id, old.episode_id));
END;
CREATE TRIGGER contact_state_closures_ad AFTER DELETE ON closures BEGIN
	DELETE FROM contact_state WHERE client_id = (SELECT client_id FROM episodes WHERE id = old.episode_id);
	INSERT INTO contact_state SELECT * FROM contact_state_source
		WHERE client_id = (SELECT client_id FROM episodes WHERE id = old.episode_id);
END;

-- Her contacts and attempts; a correction replaces the contact it amends. A new contact made
-- that amends nothing is her last contact made unless one made later is recorded, and any next
-- contact planned before it no longer stands; a new attempt or missed contact that amends
-- nothing changes neither (a plan it carries comes with its answer, below), nor does one that a
-- correction stored before it already amends: so an import of contacts works out no woman's
-- state afresh for each row.
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
END;
CREATE TRIGGER contact_state_contacts_ai AFTER INSERT ON contacts
WHEN new.amends_id IS NOT NULL BEGIN
	DELETE FROM contact_state WHERE client_id IN (new.client_id,
			(SELECT client_id FROM contacts WHERE id = new.amends_id));
	INSERT INTO contact_state SELECT * FROM contact_state_source
		WHERE client_id IN (new.client_id,
			(SELECT client_id FROM contacts WHERE id = new.amends_id));
END;
CREATE TRIGGER contact_state_contacts_au AFTER UPDATE OF id, client_id, happened_at, outcome,
	amends_id ON contacts BEGIN
	DELETE FROM contact_state WHERE client_id IN (new.client_id, old.client_id,
			(SELECT client_id FROM contacts WHERE id = new.amends_id),
			(SELECT client_id FROM contacts WHERE id = old.amends_id),
			(SELECT client_id FROM contacts WHERE amends_id IN (old.id, new.id)));
	INSERT INTO contact_state SELECT * FROM contact_state_source
		WHERE client_id IN (new.client_id, old.client_id,
			(SELECT client_id FROM contacts WHERE id = new.amends_id),
			(SELECT client_id FROM contacts WHERE id = old.amends_id),
			(SELECT client_id FROM contacts WHERE amends_id IN (old.id, new.id)));
END;
CREATE TRIGGER contact_state_contacts_ad AFTER DELETE ON contacts BEGIN
	DELETE FROM contact_state WHERE client_id IN (old.client_id,
			(SELECT client_id FROM contacts WHERE id = old.amends_id));
	INSERT INTO contact_state SELECT * FROM contact_state_source
		WHERE client_id IN (old.client_id,
			(SELECT client_id FROM contacts WHERE id = old.amends_id));
END;

-- The next contact a contact planned ("Next contact planned for"), kept as its answer.
CREATE TRIGGER contact_state_planned_ai AFTER INSERT ON custom_values
WHEN new.field_key = 'next_contact' BEGIN
	DELETE FROM contact_state WHERE client_id = (SELECT client_id FROM contacts WHERE id = new.record_id);
	INSERT INTO contact_state SELECT * FROM contact_state_source
		WHERE client_id = (SELECT client_id FROM contacts WHERE id = new.record_id);
END;
CREATE TRIGGER contact_state_planned_au AFTER UPDATE ON custom_values
WHEN new.field_key = 'next_contact' OR old.field_key = 'next_contact' BEGIN
	DELETE FROM contact_state WHERE client_id IN (SELECT client_id FROM contacts
			WHERE id IN (new.record_id, old.record_id));
	INSERT INTO contact_state SELECT * FROM contact_state_source
		WHERE client_id IN (SELECT client_id FROM contacts
			WHERE id IN (new.record_id, old.record_id));
END;
CREATE TRIGGER contact_state_planned_ad AFTER DELETE ON custom_values
WHEN old.field_key = 'next_contact' BEGIN
	DELETE FROM contact_state WHERE client_id = (SELECT client_id FROM contacts WHERE id = old.record_id);
	INSERT INTO contact_state SELECT * FROM contact_state_source
		WHERE client_id = (SELECT client_id FROM contacts WHERE id = old.record_id);
END;

-- What the whole team's Today and the team screen count besides: tasks and chases still to do
-- (as src/db/view.c's TASK_OPEN), read from an index alone instead of the table's rows.
CREATE INDEX tasks_open ON tasks(client_id, due_on, chase_on, done_on, status)
	WHERE done_on IS NULL AND coalesce(status, '') NOT IN ('done', 'not_needed');
-- An item's latest step (the latest day it happened or is due, then the newest written, then
-- the last stored, as src/db/casework.c reads it) from the index, in order.
CREATE INDEX advocacy_steps_latest ON advocacy_steps(advocacy_item_id,
	coalesce(happened_on, due_on), created_at);
-- A day's appointments in the order they are shown (a time typed with a space sorts as if
-- written with a "T"): the whole team's Today reads the first few of thousands.
CREATE INDEX appointments_day ON appointments(replace(starts_at, ' ', 'T'));
-- The women waiting for a keyworker (src/db/team.c's queue), from indexes alone: those with no
-- keyworker with their names, and the episodes still referred or open.
CREATE INDEX clients_waiting ON clients(id, reference, known_as) WHERE keyworker_id IS NULL;
CREATE INDEX episodes_waiting ON episodes(client_id, status, programme, cadence, referred_on,
	created_at) WHERE status IN ('referred', 'open');

-- Each advocacy item not resolved, with the day it is due: its latest step's due date, else its
-- own (as src/db/view.c's agenda reads it). Kept as contact_state is, by triggers on the items
-- and their steps, so the whole team's Today counts the steps due from an index of the days
-- instead of finding each item's latest step; `keywork check` compares it with the view.
CREATE VIEW advocacy_due_source AS
SELECT i.id AS item_id, coalesce((SELECT y.due_on FROM advocacy_steps y
		WHERE y.advocacy_item_id = i.id ORDER BY coalesce(y.happened_on, y.due_on) DESC,
		y.created_at DESC, y.rowid DESC LIMIT 1), i.due_on) AS due_on
FROM advocacy_items i WHERE i.resolved_on IS NULL AND coalesce(i.status, '') <> 'resolved';
CREATE TABLE advocacy_due (
	item_id TEXT PRIMARY KEY,
	due_on TEXT
) STRICT, WITHOUT ROWID;
CREATE INDEX advocacy_due_on ON advocacy_due(due_on);
INSERT INTO advocacy_due(item_id, due_on) SELECT item_id, due_on FROM advocacy_due_source
	WHERE true;

CREATE TRIGGER advocacy_due_items_ai AFTER INSERT ON advocacy_items BEGIN
	DELETE FROM advocacy_due WHERE item_id = new.id;
	INSERT INTO advocacy_due SELECT * FROM advocacy_due_source WHERE item_id = new.id;
END;
CREATE TRIGGER advocacy_due_items_au AFTER UPDATE ON advocacy_items BEGIN
	DELETE FROM advocacy_due WHERE item_id IN (old.id, new.id);
	INSERT INTO advocacy_due SELECT * FROM advocacy_due_source WHERE item_id = new.id;
END;
CREATE TRIGGER advocacy_due_items_ad AFTER DELETE ON advocacy_items BEGIN
	DELETE FROM advocacy_due WHERE item_id = old.id;
END;
CREATE TRIGGER advocacy_due_steps_ai AFTER INSERT ON advocacy_steps BEGIN
	DELETE FROM advocacy_due WHERE item_id = new.advocacy_item_id;
	INSERT INTO advocacy_due SELECT * FROM advocacy_due_source
		WHERE item_id = new.advocacy_item_id;
END;
CREATE TRIGGER advocacy_due_steps_au AFTER UPDATE ON advocacy_steps BEGIN
	DELETE FROM advocacy_due WHERE item_id IN (old.advocacy_item_id, new.advocacy_item_id);
	INSERT INTO advocacy_due SELECT * FROM advocacy_due_source
		WHERE item_id IN (old.advocacy_item_id, new.advocacy_item_id);
END;
CREATE TRIGGER advocacy_due_steps_ad AFTER DELETE ON advocacy_steps BEGIN
	DELETE FROM advocacy_due WHERE item_id = old.advocacy_item_id;
	INSERT INTO advocacy_due SELECT * FROM advocacy_due_source
		WHERE item_id = old.advocacy_item_id;
END;
