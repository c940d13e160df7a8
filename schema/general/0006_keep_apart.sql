-- General compartment: keep-apart flags. A woman another woman must not meet
-- (at drop-in, in a group, in a waiting room). Kept here, not in sensitive.db,
-- so drop-in staff at the door see the flag; why they must be kept apart is
-- not recorded here (a case note holds it).
CREATE TABLE keep_apart (
	id TEXT PRIMARY KEY,
	client_id TEXT NOT NULL REFERENCES clients(id),
	other_reference TEXT NOT NULL,
	noted_on TEXT NOT NULL,
	ended_on TEXT,
	created_at TEXT NOT NULL, created_by TEXT NOT NULL,
	updated_at TEXT NOT NULL, updated_by TEXT NOT NULL,
	version INTEGER NOT NULL DEFAULT 1, device_id TEXT NOT NULL
) STRICT;
CREATE INDEX keep_apart_client ON keep_apart(client_id);
CREATE INDEX keep_apart_other ON keep_apart(other_reference);
