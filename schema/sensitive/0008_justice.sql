-- Sensitive compartment: her contact with the criminal justice system, one
-- row per event (an offence, an arrest, a caution, a charge, a court date and
-- its outcome, an order and its requirements, a licence, a breach, a recall).
-- A court date keeps the id of the appointment it made in keywork.db
-- (appointment_id), so that moving the date moves the appointment; nothing
-- in keywork.db points back here.
CREATE TABLE cj_events (
	id TEXT PRIMARY KEY,
	client_id TEXT NOT NULL,
	kind TEXT NOT NULL,
	happened_on TEXT NOT NULL,
	at_time TEXT,
	offence_category TEXT,
	what TEXT,
	court TEXT,
	outcome TEXT,
	requirements TEXT,
	ends_on TEXT,
	notes TEXT,
	appointment_id TEXT,
	created_at TEXT NOT NULL, created_by TEXT NOT NULL,
	updated_at TEXT NOT NULL, updated_by TEXT NOT NULL,
	version INTEGER NOT NULL DEFAULT 1, device_id TEXT NOT NULL
) STRICT;
CREATE INDEX cj_events_client ON cj_events(client_id, happened_on);
