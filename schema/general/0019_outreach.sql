-- General compartment: outreach laptops (issue 16). At the centre, the registry of laptops, each
-- a data directory of its own for one user, and which women were put on it and when; on a
-- laptop, the one row saying which centre and which laptop it is.

-- A laptop the centre gave records to. sent_seq is the last bundle sent to it, received_seq
-- the last one taken from it and received_hash that bundle's hash (the same bundle again
-- changes nothing; an older one is refused). revoked_at is set when
-- it is lost: its bundles are refused from then on.
CREATE TABLE outreach_laptops (
	id TEXT PRIMARY KEY,
	name TEXT NOT NULL UNIQUE,
	user_id TEXT NOT NULL REFERENCES users(id),
	sent_seq INTEGER NOT NULL DEFAULT 0 CHECK (sent_seq >= 0),
	received_seq INTEGER NOT NULL DEFAULT 0 CHECK (received_seq >= 0),
	received_hash TEXT,
	last_exchange_at TEXT,
	revoked_at TEXT,
	revoked_by TEXT REFERENCES users(id),
	created_at TEXT NOT NULL, created_by TEXT NOT NULL,
	updated_at TEXT NOT NULL, updated_by TEXT NOT NULL,
	version INTEGER NOT NULL DEFAULT 1, device_id TEXT NOT NULL
) STRICT;
CREATE INDEX outreach_laptops_user ON outreach_laptops(user_id);
CREATE INDEX outreach_laptops_revoked_by ON outreach_laptops(revoked_by);

-- Each woman whose records went on a laptop: from which bundle on (since), and until when
-- (until, when she was taken off it). Her id stays when her record is later deleted (no
-- foreign key), so that a revocation can still say she was on it; her reference is kept too.
CREATE TABLE outreach_women (
	laptop_id TEXT NOT NULL REFERENCES outreach_laptops(id),
	client_id TEXT NOT NULL,
	reference TEXT NOT NULL,
	since TEXT NOT NULL,
	until TEXT,
	PRIMARY KEY (laptop_id, client_id)
) STRICT;
CREATE INDEX outreach_women_client ON outreach_women(client_id);

-- On a laptop: which centre (its key id) and which laptop of its registry this data directory
-- is, the last bundle taken from the centre, and the key that signed the first one.
CREATE TABLE outreach_link (
	laptop_id TEXT PRIMARY KEY,
	name TEXT NOT NULL,
	centre TEXT NOT NULL,
	user_id TEXT NOT NULL REFERENCES users(id),
	received_seq INTEGER NOT NULL CHECK (received_seq >= 0),
	sent_seq INTEGER NOT NULL DEFAULT 0 CHECK (sent_seq >= 0),
	received_hash TEXT,
	centre_signer BLOB NOT NULL CHECK (length(centre_signer) = 32),
	started_at TEXT NOT NULL
) STRICT;
CREATE INDEX outreach_link_user ON outreach_link(user_id);

-- On a laptop: the centre's managers when its first bundle was made, whose keys a bundle from
-- the laptop is sealed to (box_pk) and whose signatures a bundle from the centre may carry
-- (sign_pk), besides the laptop user's own.
CREATE TABLE outreach_peers (
	username TEXT PRIMARY KEY,
	box_pk BLOB NOT NULL CHECK (length(box_pk) = 32),
	sign_pk BLOB NOT NULL CHECK (length(sign_pk) = 32)
) STRICT;
