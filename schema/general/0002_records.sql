-- General compartment, second step: the records forms edit beyond women,
-- children, episodes, plans and contacts. Same shape as every table: UUID
-- key, who and when created and updated, version and device.

-- Scores on the neutral outcome ladder: one row per pathway per occasion.
-- score is a key of the outcome_ladder list ('1'..'5' or 'not_applicable').
CREATE TABLE outcome_scores (
	id TEXT PRIMARY KEY,
	client_id TEXT NOT NULL REFERENCES clients(id),
	pathway TEXT NOT NULL,
	scored_on TEXT NOT NULL,
	score TEXT,
	created_at TEXT NOT NULL, created_by TEXT NOT NULL,
	updated_at TEXT NOT NULL, updated_by TEXT NOT NULL,
	version INTEGER NOT NULL DEFAULT 1, device_id TEXT NOT NULL
) STRICT;
CREATE INDEX outcome_scores_client ON outcome_scores(client_id, pathway, scored_on);

-- Her strengths and achievements, shown first on her record.
CREATE TABLE strengths (
	id TEXT PRIMARY KEY,
	client_id TEXT NOT NULL REFERENCES clients(id),
	noted_on TEXT NOT NULL,
	kind TEXT,
	description TEXT,
	created_at TEXT NOT NULL, created_by TEXT NOT NULL,
	updated_at TEXT NOT NULL, updated_by TEXT NOT NULL,
	version INTEGER NOT NULL DEFAULT 1, device_id TEXT NOT NULL
) STRICT;
CREATE INDEX strengths_client ON strengths(client_id);

-- Practical help: an application, a voucher, an item given, with a due or chase date.
CREATE TABLE tasks (
	id TEXT PRIMARY KEY,
	client_id TEXT NOT NULL REFERENCES clients(id),
	title TEXT NOT NULL,
	pathway TEXT,
	due_on TEXT,
	chase_on TEXT,
	status TEXT,
	done_on TEXT,
	outcome TEXT,
	created_at TEXT NOT NULL, created_by TEXT NOT NULL,
	updated_at TEXT NOT NULL, updated_by TEXT NOT NULL,
	version INTEGER NOT NULL DEFAULT 1, device_id TEXT NOT NULL
) STRICT;
CREATE INDEX tasks_client ON tasks(client_id, due_on);

-- An issue taken up with an agency, and the chain of steps that follows it.
CREATE TABLE advocacy_items (
	id TEXT PRIMARY KEY,
	client_id TEXT NOT NULL REFERENCES clients(id),
	agency TEXT,
	issue TEXT NOT NULL,
	opened_on TEXT,
	due_on TEXT,
	status TEXT,
	resolved_on TEXT,
	created_at TEXT NOT NULL, created_by TEXT NOT NULL,
	updated_at TEXT NOT NULL, updated_by TEXT NOT NULL,
	version INTEGER NOT NULL DEFAULT 1, device_id TEXT NOT NULL
) STRICT;
CREATE INDEX advocacy_items_client ON advocacy_items(client_id);

CREATE TABLE advocacy_steps (
	id TEXT PRIMARY KEY,
	advocacy_item_id TEXT NOT NULL REFERENCES advocacy_items(id),
	step TEXT NOT NULL,
	happened_on TEXT,
	due_on TEXT,
	summary TEXT,
	created_at TEXT NOT NULL, created_by TEXT NOT NULL,
	updated_at TEXT NOT NULL, updated_by TEXT NOT NULL,
	version INTEGER NOT NULL DEFAULT 1, device_id TEXT NOT NULL
) STRICT;
CREATE INDEX advocacy_steps_item ON advocacy_steps(advocacy_item_id);

-- Groups at the centres, and who came.
CREATE TABLE group_sessions (
	id TEXT PRIMARY KEY,
	group_name TEXT NOT NULL,
	held_on TEXT NOT NULL,
	venue TEXT,
	facilitator TEXT,
	created_at TEXT NOT NULL, created_by TEXT NOT NULL,
	updated_at TEXT NOT NULL, updated_by TEXT NOT NULL,
	version INTEGER NOT NULL DEFAULT 1, device_id TEXT NOT NULL
) STRICT;

CREATE TABLE attendance (
	id TEXT PRIMARY KEY,
	group_session_id TEXT NOT NULL REFERENCES group_sessions(id),
	client_id TEXT NOT NULL REFERENCES clients(id),
	attended TEXT,
	rating INTEGER CHECK (rating IS NULL OR rating BETWEEN 1 AND 5),
	created_at TEXT NOT NULL, created_by TEXT NOT NULL,
	updated_at TEXT NOT NULL, updated_by TEXT NOT NULL,
	version INTEGER NOT NULL DEFAULT 1, device_id TEXT NOT NULL
) STRICT;
CREATE INDEX attendance_session ON attendance(group_session_id);
CREATE INDEX attendance_client ON attendance(client_id);

-- Peer mentoring: proposed -> agreed -> meeting -> ended. The mentor holds no login.
CREATE TABLE mentor_matches (
	id TEXT PRIMARY KEY,
	client_id TEXT NOT NULL REFERENCES clients(id),
	mentor_name TEXT,
	status TEXT,
	proposed_on TEXT,
	agreed_on TEXT,
	ended_on TEXT,
	created_at TEXT NOT NULL, created_by TEXT NOT NULL,
	updated_at TEXT NOT NULL, updated_by TEXT NOT NULL,
	version INTEGER NOT NULL DEFAULT 1, device_id TEXT NOT NULL
) STRICT;
CREATE INDEX mentor_matches_client ON mentor_matches(client_id);

-- Court dates, diversion appointments, conferences, accompanied visits.
CREATE TABLE appointments (
	id TEXT PRIMARY KEY,
	client_id TEXT NOT NULL REFERENCES clients(id),
	kind TEXT,
	starts_at TEXT NOT NULL,
	place TEXT,
	with_whom TEXT,
	accompanied TEXT,
	created_at TEXT NOT NULL, created_by TEXT NOT NULL,
	updated_at TEXT NOT NULL, updated_by TEXT NOT NULL,
	version INTEGER NOT NULL DEFAULT 1, device_id TEXT NOT NULL
) STRICT;
CREATE INDEX appointments_client ON appointments(client_id, starts_at);

-- A pause in expected contact (custody, hospital, she asked for a break): not overdue.
CREATE TABLE contact_pauses (
	id TEXT PRIMARY KEY,
	client_id TEXT NOT NULL REFERENCES clients(id),
	reason TEXT,
	starts_on TEXT NOT NULL,
	ends_on TEXT,
	created_at TEXT NOT NULL, created_by TEXT NOT NULL,
	updated_at TEXT NOT NULL, updated_by TEXT NOT NULL,
	version INTEGER NOT NULL DEFAULT 1, device_id TEXT NOT NULL
) STRICT;
CREATE INDEX contact_pauses_client ON contact_pauses(client_id);

-- Closing an episode at her request, in her words, with a welcome back.
CREATE TABLE closures (
	id TEXT PRIMARY KEY,
	episode_id TEXT NOT NULL REFERENCES episodes(id),
	closed_on TEXT NOT NULL,
	her_wish TEXT,
	welcome_back TEXT,
	created_at TEXT NOT NULL, created_by TEXT NOT NULL,
	updated_at TEXT NOT NULL, updated_by TEXT NOT NULL,
	version INTEGER NOT NULL DEFAULT 1, device_id TEXT NOT NULL
) STRICT;
CREATE INDEX closures_episode ON closures(episode_id);
