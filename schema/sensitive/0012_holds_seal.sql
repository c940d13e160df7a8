-- Sensitive compartment: the copy of each standing hold on a woman's record
-- (general 0011 client_holds), out of reach of a user who holds only the
-- general key. One row per standing hold; lifting it deletes the row.
CREATE TABLE client_holds_seal (
	client_id TEXT NOT NULL,
	kind TEXT NOT NULL CHECK (kind IN ('legal_hold', 'restrict')),
	set_on TEXT NOT NULL,
	created_at TEXT NOT NULL, created_by TEXT NOT NULL,
	PRIMARY KEY (client_id, kind)
) STRICT;
