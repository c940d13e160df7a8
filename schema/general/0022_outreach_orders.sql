-- General compartment: what the centre decides, carried to its outreach laptops (issue 16).

-- A redaction: which record and field (or, with field NULL, which case note's text) a manager
-- overwrote, when and by whom; never the value. A bundle carries the redactions of its women,
-- so the other side overwrites its copy too, and says which it has carried out, so that a
-- change made before it had them is never taken over the redaction. On a laptop this table
-- holds the centre's redactions it has carried out (and its own).
CREATE TABLE redactions (
	id TEXT PRIMARY KEY,
	client_id TEXT NOT NULL,
	record_id TEXT NOT NULL,
	field TEXT,
	created_at TEXT NOT NULL, created_by TEXT NOT NULL,
	updated_at TEXT NOT NULL, updated_by TEXT NOT NULL,
	version INTEGER NOT NULL DEFAULT 1, device_id TEXT NOT NULL
) STRICT;
CREATE INDEX redactions_client ON redactions(client_id);
CREATE INDEX redactions_record ON redactions(record_id, field);

-- A laptop made for its user's caseload (no --women) follows it: women allocated to her later
-- are added at the next exchange, women allocated to someone else leave it.
ALTER TABLE outreach_laptops ADD COLUMN follows_caseload INTEGER NOT NULL DEFAULT 0
	CHECK (follows_caseload IN (0, 1));

-- When the centre last told the laptop to take her off (allocated away, restricted, erased);
-- until is set once a bundle from the laptop shows she is gone.
ALTER TABLE outreach_women ADD COLUMN leaving TEXT;

-- On a laptop: when each of its bundles was made, so that a woman allocated away is taken
-- off only once a bundle the centre has taken holds every change of hers.
CREATE TABLE outreach_sends (
	seq INTEGER PRIMARY KEY CHECK (seq > 0),
	sent_at TEXT NOT NULL
) STRICT;
