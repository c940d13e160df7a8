-- General compartment: what her rights and the centre's duties leave behind (issue 18).
--
-- A hold on a woman's record: a legal hold (every retention clock stops and
-- erasure is refused while it stands) or a restriction of processing (her
-- record can be read but not changed while a complaint is looked at). Kept
-- here, not in sensitive.db, so that drop-in staff's sessions obey a
-- restriction too; setting and lifting one is audited.
CREATE TABLE client_holds (
	id TEXT PRIMARY KEY,
	client_id TEXT NOT NULL REFERENCES clients(id),
	kind TEXT NOT NULL CHECK (kind IN ('legal_hold', 'restrict')),
	set_on TEXT NOT NULL,
	lifted_on TEXT,
	created_at TEXT NOT NULL, created_by TEXT NOT NULL,
	updated_at TEXT NOT NULL, updated_by TEXT NOT NULL,
	version INTEGER NOT NULL DEFAULT 1, device_id TEXT NOT NULL,
	CHECK (lifted_on IS NULL OR lifted_on >= set_on)
) STRICT;
CREATE INDEX client_holds_client ON client_holds(client_id, kind) WHERE lifted_on IS NULL;
CREATE UNIQUE INDEX client_holds_one ON client_holds(client_id, kind) WHERE lifted_on IS NULL;

-- What is left of a woman whose record was deleted by a retention rule or at
-- her request: her reference, the rule ("erasure" for a request), the day and
-- who did it. Nothing else of her stays; the audit row of the deletion says
-- the same and is signed.
CREATE TABLE tombstones (
	id TEXT PRIMARY KEY,
	reference TEXT NOT NULL,
	rule TEXT NOT NULL,
	deleted_on TEXT NOT NULL,
	created_at TEXT NOT NULL, created_by TEXT NOT NULL,
	updated_at TEXT NOT NULL, updated_by TEXT NOT NULL,
	version INTEGER NOT NULL DEFAULT 1, device_id TEXT NOT NULL
) STRICT;
CREATE INDEX tombstones_reference ON tombstones(reference);
