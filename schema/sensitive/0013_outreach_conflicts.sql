-- Sensitive compartment: an edit from an outreach laptop or its centre that met a different edit of
-- the same field here (issue 16). Neither value is dropped: the record keeps the one made here
-- (kept_value), the other is kept beside it with who wrote it, when and on which machine, until
-- someone chooses. id is the id of the other side's newest history row of that field; base_value
-- is the value both sides started from. The same table in keywork.db holds conflicts of
-- general fields; this one those of sensitive fields, which never leave this compartment.
CREATE TABLE outreach_conflicts (
	id TEXT PRIMARY KEY,
	table_name TEXT NOT NULL,
	record_id TEXT NOT NULL,
	client_id TEXT,
	field TEXT NOT NULL,
	kept_value TEXT,
	other_value TEXT,
	base_value TEXT,
	other_by TEXT NOT NULL,
	other_at TEXT NOT NULL,
	other_device TEXT NOT NULL,
	noted_at TEXT NOT NULL,
	resolved_at TEXT,
	resolved_by TEXT,
	choice TEXT CHECK (choice IS NULL OR choice IN ('kept', 'took'))
) STRICT;
CREATE INDEX outreach_conflicts_record ON outreach_conflicts(record_id);
CREATE INDEX outreach_conflicts_open ON outreach_conflicts(client_id) WHERE resolved_at IS NULL;
