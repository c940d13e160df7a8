-- Sensitive compartment: the sealed copy of the outreach laptop registry (general 0019
-- outreach_laptops), out of reach of a user who holds only the general key: whose laptop it
-- is, whether it follows her caseload, the last bundle taken from it and its revocation.
-- keywork trusts this copy over the general row; a laptop is revoked when any record of it
-- says so (the general row, this copy, or a signed outreach-revoke audit row), and a laptop
-- with no row here was not registered by keywork: its bundles are refused and nothing is
-- sent to it. Sign-in and keywork check report where the records differ.
CREATE TABLE outreach_laptops_seal (
	laptop_id TEXT PRIMARY KEY,
	name TEXT NOT NULL UNIQUE,
	user_id TEXT NOT NULL,
	follows INTEGER NOT NULL CHECK (follows IN (0, 1)),
	received_seq INTEGER NOT NULL DEFAULT 0 CHECK (received_seq >= 0),
	revoked_at TEXT,
	revoked_by TEXT,
	created_at TEXT NOT NULL, created_by TEXT NOT NULL
) STRICT;

-- Each woman's keyworker as keywork last recorded it with this compartment open (kept by
-- temporary triggers on keywork.db's clients, src/db/store.c), out of reach of a user who
-- holds only the general key: who may read her confidential notes as her keyworker, and whose
-- caseload laptop she goes on, are decided by this copy. keywork check names a woman whose
-- keyworker in keywork.db differs, and check --repair writes keywork.db's back.
CREATE TABLE client_allocation_seal (
	client_id TEXT PRIMARY KEY,
	keyworker_id TEXT,
	set_at TEXT NOT NULL
) STRICT;
CREATE INDEX client_allocation_seal_keyworker ON client_allocation_seal(keyworker_id);
