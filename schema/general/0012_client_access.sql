-- General compartment: a woman's record restricted to named staff (issue 18,
-- "my abuser's relative works there"). One row per member of staff who may
-- see her; no row, no restriction. Kept here so that every session, drop-in
-- staff's too, knows to hide her. A drop-in user with the database shell and
-- the general key could delete these rows, so the same restriction is also
-- recorded in the sensitive compartment (client_access_seal, readable only by
-- key holders) and in the signed audit chain ("access" / "access-lift" rows);
-- keywork check and every sign-in compare the three and report a difference.
CREATE TABLE client_access (
	client_id TEXT NOT NULL REFERENCES clients(id),
	user_id TEXT NOT NULL REFERENCES users(id),
	set_on TEXT NOT NULL,
	created_at TEXT NOT NULL, created_by TEXT NOT NULL,
	device_id TEXT NOT NULL,
	PRIMARY KEY (client_id, user_id)
) STRICT;

-- The latest setting or lifting of a restriction per woman, read at every
-- sign-in from the signed audit chain.
CREATE INDEX audit_access ON audit(client_id, seq) WHERE action IN ('access', 'access-lift');

-- Refused attempts to open a restricted record, newest first, for the
-- managers' Today.
CREATE INDEX audit_refused ON audit(seq) WHERE action = 'access-refused';
