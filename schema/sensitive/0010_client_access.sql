-- Sensitive compartment: the copy of each restriction to named staff
-- (general 0012 client_access), out of reach of a user who holds only the
-- general key. users: the named staff's usernames, sorted, joined by ", ".
CREATE TABLE client_access_seal (
	client_id TEXT PRIMARY KEY,
	users TEXT NOT NULL CHECK (users <> ''),
	set_on TEXT NOT NULL,
	created_at TEXT NOT NULL, created_by TEXT NOT NULL
) STRICT;
