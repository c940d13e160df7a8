-- General compartment: the team. A keyworker's capacity (how many women she can hold; NULL is
-- the default in keywork.conf), cover while she is away, and indexes for the queue of women
-- waiting for a keyworker and for the allocations shown on a keyworker's Today.
ALTER TABLE users ADD COLUMN capacity INTEGER CHECK (capacity IS NULL OR capacity BETWEEN 0 AND 1000);

-- While away_id is away, by_id sees away_id's women on her own Today, from starts_on to
-- until (both included). ended_on is set when it ends: early, or on the day after until.
CREATE TABLE covers (
	id TEXT PRIMARY KEY,
	away_id TEXT NOT NULL REFERENCES users(id),
	by_id TEXT NOT NULL REFERENCES users(id),
	starts_on TEXT NOT NULL,
	until TEXT NOT NULL,
	ended_on TEXT,
	created_at TEXT NOT NULL, created_by TEXT NOT NULL,
	updated_at TEXT NOT NULL, updated_by TEXT NOT NULL,
	version INTEGER NOT NULL DEFAULT 1, device_id TEXT NOT NULL,
	CHECK (by_id <> away_id), CHECK (until >= starts_on)
) STRICT;
CREATE INDEX covers_by ON covers(by_id) WHERE ended_on IS NULL;
CREATE INDEX covers_away ON covers(away_id) WHERE ended_on IS NULL;

-- Women with no keyworker: the queue reads only these.
CREATE INDEX clients_unallocated ON clients(id) WHERE keyworker_id IS NULL;
-- Who was allocated to whom, from the history of clients.keyworker_id.
CREATE INDEX history_allocations ON history(new_value, created_at)
	WHERE table_name = 'clients' AND field = 'keyworker_id';
