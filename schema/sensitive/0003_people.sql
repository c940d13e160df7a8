-- Sensitive compartment, third step: people linked to a woman who are not
-- themselves supported, such as the other parent of her child. They live
-- here because the other parent may be the person she needs protecting from.

CREATE TABLE people (
	id TEXT PRIMARY KEY,
	client_id TEXT NOT NULL,
	name TEXT NOT NULL,
	relationship TEXT,
	notes TEXT,
	created_at TEXT NOT NULL, created_by TEXT NOT NULL,
	updated_at TEXT NOT NULL, updated_by TEXT NOT NULL,
	version INTEGER NOT NULL DEFAULT 1, device_id TEXT NOT NULL
) STRICT;
CREATE INDEX people_client ON people(client_id);

-- A child's other parent as a linked person; the free-text other_parent
-- column stays for what was written before (migrations never drop data).
ALTER TABLE child_details ADD COLUMN other_parent_id TEXT REFERENCES people(id);
