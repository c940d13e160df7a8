-- Sensitive compartment (sensitive.db): case notes, addresses, immigration,
-- health, offences, codewords, children's legal status and schools, and the
-- history of all of these. Opened only by those who hold its key.

CREATE TABLE meta (
	key TEXT PRIMARY KEY,
	value TEXT NOT NULL
) STRICT;

-- Case notes: append-only; an amendment is a new note pointing at the old.
-- happened_at is when the thing happened, written_at when it was written.
CREATE TABLE notes (
	id TEXT PRIMARY KEY,
	client_id TEXT NOT NULL,
	happened_at TEXT NOT NULL,
	written_at TEXT NOT NULL,
	body TEXT NOT NULL,
	confidential INTEGER NOT NULL DEFAULT 0 CHECK (confidential IN (0, 1)),
	amends_id TEXT REFERENCES notes(id),
	created_at TEXT NOT NULL, created_by TEXT NOT NULL,
	updated_at TEXT NOT NULL, updated_by TEXT NOT NULL,
	version INTEGER NOT NULL DEFAULT 1, device_id TEXT NOT NULL
) STRICT;
CREATE INDEX notes_client ON notes(client_id, happened_at);

CREATE VIRTUAL TABLE notes_fts USING fts5(body, content = 'notes', content_rowid = 'rowid');
INSERT INTO notes_fts(notes_fts, rank) VALUES ('secure-delete', 1);
CREATE TRIGGER notes_ai AFTER INSERT ON notes BEGIN
	INSERT INTO notes_fts(rowid, body) VALUES (new.rowid, new.body);
END;
CREATE TRIGGER notes_ad AFTER DELETE ON notes BEGIN
	INSERT INTO notes_fts(notes_fts, rowid, body) VALUES ('delete', old.rowid, old.body);
END;
CREATE TRIGGER notes_au AFTER UPDATE OF body ON notes BEGIN
	INSERT INTO notes_fts(notes_fts, rowid, body) VALUES ('delete', old.rowid, old.body);
	INSERT INTO notes_fts(rowid, body) VALUES (new.rowid, new.body);
END;

-- Her sensitive profile: one row per woman (clients.id in keywork.db).
CREATE TABLE client_details (
	client_id TEXT PRIMARY KEY,
	address TEXT,
	postcode TEXT,
	immigration_status TEXT,
	health TEXT,
	offences TEXT,
	codeword TEXT,
	created_at TEXT NOT NULL, created_by TEXT NOT NULL,
	updated_at TEXT NOT NULL, updated_by TEXT NOT NULL,
	version INTEGER NOT NULL DEFAULT 1, device_id TEXT NOT NULL
) STRICT;

-- A child's legal status, school and other parent (children.id in keywork.db):
-- a school can reveal where a refuge is, and the other parent may be the abuser.
CREATE TABLE child_details (
	child_id TEXT PRIMARY KEY,
	legal_status TEXT,
	school TEXT,
	other_parent TEXT,
	contact_arrangements TEXT,
	created_at TEXT NOT NULL, created_by TEXT NOT NULL,
	updated_at TEXT NOT NULL, updated_by TEXT NOT NULL,
	version INTEGER NOT NULL DEFAULT 1, device_id TEXT NOT NULL
) STRICT;

CREATE TABLE custom_values (
	id TEXT PRIMARY KEY,
	record_id TEXT NOT NULL,
	field_key TEXT NOT NULL,
	value TEXT,
	state TEXT NOT NULL DEFAULT 'answered'
		CHECK (state IN ('answered', 'unknown', 'declined', 'not_asked')),
	created_at TEXT NOT NULL, created_by TEXT NOT NULL,
	updated_at TEXT NOT NULL, updated_by TEXT NOT NULL,
	version INTEGER NOT NULL DEFAULT 1, device_id TEXT NOT NULL,
	UNIQUE (record_id, field_key)
) STRICT;

CREATE TABLE history (
	id TEXT PRIMARY KEY,
	table_name TEXT NOT NULL,
	record_id TEXT NOT NULL,
	field TEXT NOT NULL,
	old_value TEXT,
	new_value TEXT,
	created_at TEXT NOT NULL, created_by TEXT NOT NULL,
	updated_at TEXT NOT NULL, updated_by TEXT NOT NULL,
	version INTEGER NOT NULL DEFAULT 1, device_id TEXT NOT NULL
) STRICT;
CREATE INDEX history_record ON history(record_id);
