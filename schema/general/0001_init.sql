-- General compartment (keywork.db): people, episodes, contacts, plans, users, audit.
-- Every record has a UUID key, who and when created and updated, a version
-- for optimistic concurrency and the device it was last written on.

CREATE TABLE meta (
	key TEXT PRIMARY KEY,
	value TEXT NOT NULL
) STRICT;

CREATE TABLE users (
	id TEXT PRIMARY KEY,
	username TEXT NOT NULL UNIQUE,
	role TEXT NOT NULL CHECK (role IN ('manager', 'keyworker', 'dropin')),
	disabled INTEGER NOT NULL DEFAULT 0 CHECK (disabled IN (0, 1)),
	created_at TEXT NOT NULL, created_by TEXT NOT NULL,
	updated_at TEXT NOT NULL, updated_by TEXT NOT NULL,
	version INTEGER NOT NULL DEFAULT 1, device_id TEXT NOT NULL
) STRICT;

-- Every signing key a user has had, so old audit rows stay verifiable.
CREATE TABLE user_keys (
	id TEXT PRIMARY KEY,
	user_id TEXT NOT NULL REFERENCES users(id),
	sign_pk BLOB NOT NULL UNIQUE CHECK (length(sign_pk) = 32),
	created_at TEXT NOT NULL, created_by TEXT NOT NULL,
	updated_at TEXT NOT NULL, updated_by TEXT NOT NULL,
	version INTEGER NOT NULL DEFAULT 1, device_id TEXT NOT NULL
) STRICT;

CREATE TABLE clients (
	id TEXT PRIMARY KEY,
	reference TEXT NOT NULL UNIQUE,
	known_as TEXT,
	first_name TEXT,
	last_name TEXT,
	date_of_birth TEXT,
	phone TEXT,
	borough TEXT,
	keyworker_id TEXT REFERENCES users(id),
	created_at TEXT NOT NULL, created_by TEXT NOT NULL,
	updated_at TEXT NOT NULL, updated_by TEXT NOT NULL,
	version INTEGER NOT NULL DEFAULT 1, device_id TEXT NOT NULL
) STRICT;
CREATE INDEX clients_known_as ON clients(known_as COLLATE NOCASE);
CREATE INDEX clients_last_name ON clients(last_name COLLATE NOCASE);
CREATE INDEX clients_keyworker ON clients(keyworker_id);

-- Children are records of their own. Their legal status, school and the
-- other parent live in the sensitive compartment (child_details).
CREATE TABLE children (
	id TEXT PRIMARY KEY,
	client_id TEXT NOT NULL REFERENCES clients(id),
	known_as TEXT,
	date_of_birth TEXT,
	lives_with TEXT,
	created_at TEXT NOT NULL, created_by TEXT NOT NULL,
	updated_at TEXT NOT NULL, updated_by TEXT NOT NULL,
	version INTEGER NOT NULL DEFAULT 1, device_id TEXT NOT NULL
) STRICT;
CREATE INDEX children_client ON children(client_id);

-- A referral and what became of it: referred -> open -> closed; a
-- self-referral after closure opens a new episode linked to the old one.
CREATE TABLE episodes (
	id TEXT PRIMARY KEY,
	client_id TEXT NOT NULL REFERENCES clients(id),
	referral_source TEXT,
	programme TEXT,
	cadence TEXT,
	status TEXT NOT NULL DEFAULT 'referred' CHECK (status IN ('referred', 'open', 'closed')),
	referred_on TEXT,
	opened_on TEXT,
	closed_on TEXT,
	closure_reason TEXT,
	reopened_from TEXT REFERENCES episodes(id),
	created_at TEXT NOT NULL, created_by TEXT NOT NULL,
	updated_at TEXT NOT NULL, updated_by TEXT NOT NULL,
	version INTEGER NOT NULL DEFAULT 1, device_id TEXT NOT NULL
) STRICT;
CREATE INDEX episodes_client ON episodes(client_id);

-- Pathways are a configured list (forms/); a plan names its pathway by key.
CREATE TABLE support_plans (
	id TEXT PRIMARY KEY,
	client_id TEXT NOT NULL REFERENCES clients(id),
	pathway TEXT NOT NULL,
	opened_on TEXT,
	closed_on TEXT,
	goals TEXT,
	created_at TEXT NOT NULL, created_by TEXT NOT NULL,
	updated_at TEXT NOT NULL, updated_by TEXT NOT NULL,
	version INTEGER NOT NULL DEFAULT 1, device_id TEXT NOT NULL
) STRICT;
CREATE INDEX support_plans_client ON support_plans(client_id);

-- Contacts and attempts; append-only: a correction is a new row that amends.
CREATE TABLE contacts (
	id TEXT PRIMARY KEY,
	client_id TEXT NOT NULL REFERENCES clients(id),
	episode_id TEXT REFERENCES episodes(id),
	happened_at TEXT NOT NULL,
	mode TEXT,
	outcome TEXT NOT NULL CHECK (outcome IN ('made', 'attempted', 'missed')),
	missed_reason TEXT,
	summary TEXT,
	amends_id TEXT REFERENCES contacts(id),
	created_at TEXT NOT NULL, created_by TEXT NOT NULL,
	updated_at TEXT NOT NULL, updated_by TEXT NOT NULL,
	version INTEGER NOT NULL DEFAULT 1, device_id TEXT NOT NULL
) STRICT;
CREATE INDEX contacts_client ON contacts(client_id, happened_at);

-- Answers to questions a centre added in YAML, and the state of any answer:
-- 'unknown', 'declined' (to say) and 'not_asked' are kept apart.
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

-- Old and new values of every change to a general record.
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

-- The audit trail: each row holds the hash of the row before it and the
-- actor's Ed25519 signature of its own hash.
CREATE TABLE audit (
	seq INTEGER PRIMARY KEY,
	id TEXT NOT NULL UNIQUE,
	at TEXT NOT NULL,
	actor_id TEXT,
	action TEXT NOT NULL,
	client_id TEXT,
	detail TEXT NOT NULL DEFAULT '',
	device_id TEXT NOT NULL,
	sign_pk BLOB NOT NULL CHECK (length(sign_pk) = 32),
	prev_hash BLOB NOT NULL CHECK (length(prev_hash) = 32),
	hash BLOB NOT NULL CHECK (length(hash) = 32),
	sig BLOB NOT NULL CHECK (length(sig) = 64)
) STRICT;
CREATE INDEX audit_client ON audit(client_id);
