-- Sensitive compartment: her "must not receive information" list. An agency
-- (a key of the agencies list) or a person she names; while a row is in
-- force (no ended_on), nothing may be recorded as disclosed to it, and an
-- advocacy step with that agency is stopped before it shares.
CREATE TABLE no_share (
	id TEXT PRIMARY KEY,
	client_id TEXT NOT NULL,
	agency TEXT,
	person TEXT,
	noted_on TEXT NOT NULL,
	ended_on TEXT,
	created_at TEXT NOT NULL, created_by TEXT NOT NULL,
	updated_at TEXT NOT NULL, updated_by TEXT NOT NULL,
	version INTEGER NOT NULL DEFAULT 1, device_id TEXT NOT NULL,
	CHECK (agency IS NOT NULL OR person IS NOT NULL)
) STRICT;
CREATE INDEX no_share_client ON no_share(client_id);
