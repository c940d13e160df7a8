-- General compartment: outreach laptops (issue 16), what the centre learns from them.

-- Which side of an exchange a conflict's other value came from: at the centre the laptop's
-- name, on a laptop "the centre", so that a person choosing sees a name and not a machine's
-- id. NULL for conflicts kept before this column.
ALTER TABLE outreach_conflicts ADD COLUMN other_side TEXT;
-- An answer kept or taken that is a state, not a value ("unknown", "declined", "not_asked"):
-- the value column is NULL then, so a typed answer that reads like a state's name is never
-- taken for one. NULL: the value column holds the answer.
ALTER TABLE outreach_conflicts ADD COLUMN kept_state TEXT;
ALTER TABLE outreach_conflicts ADD COLUMN other_state TEXT;

-- At the centre: each laptop's own audit trail, as its bundles carry it, row for row with the
-- laptop's sequence number, hash chain and its user's signature, so that each row verifies as
-- the laptop wrote it. Kept apart from the centre's own trail (whose chain it does not touch);
-- each receive's audit row at the centre names the laptop's newest row and its hash, so that a
-- laptop row cut or changed here is found by keywork check.
CREATE TABLE outreach_audit (
	laptop_id TEXT NOT NULL REFERENCES outreach_laptops(id),
	seq INTEGER NOT NULL,
	id TEXT NOT NULL,
	at TEXT NOT NULL,
	actor_id TEXT,
	action TEXT NOT NULL,
	client_id TEXT,
	detail TEXT NOT NULL DEFAULT '',
	device_id TEXT NOT NULL,
	sign_pk BLOB NOT NULL CHECK (length(sign_pk) = 32),
	prev_hash BLOB NOT NULL CHECK (length(prev_hash) = 32),
	hash BLOB NOT NULL CHECK (length(hash) = 32),
	sig BLOB NOT NULL CHECK (length(sig) = 64),
	received_at TEXT NOT NULL,
	PRIMARY KEY (laptop_id, seq)
) STRICT;
CREATE INDEX outreach_audit_client ON outreach_audit(client_id);
