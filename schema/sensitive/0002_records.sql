-- Sensitive compartment, second step: risk assessments, consents and the log
-- of what was shared. Answers to checklist questions are custom values here.

CREATE TABLE risk_assessments (
	id TEXT PRIMARY KEY,
	client_id TEXT NOT NULL,
	assessed_on TEXT NOT NULL,
	score INTEGER,
	level TEXT,
	judgement_level TEXT,
	marac_referral TEXT,
	created_at TEXT NOT NULL, created_by TEXT NOT NULL,
	updated_at TEXT NOT NULL, updated_by TEXT NOT NULL,
	version INTEGER NOT NULL DEFAULT 1, device_id TEXT NOT NULL
) STRICT;
CREATE INDEX risk_assessments_client ON risk_assessments(client_id, assessed_on);

-- Her consent per purpose and per agency, and what became of it.
CREATE TABLE consents (
	id TEXT PRIMARY KEY,
	client_id TEXT NOT NULL,
	purpose TEXT NOT NULL,
	agency TEXT,
	decision TEXT,
	decided_on TEXT,
	review_on TEXT,
	created_at TEXT NOT NULL, created_by TEXT NOT NULL,
	updated_at TEXT NOT NULL, updated_by TEXT NOT NULL,
	version INTEGER NOT NULL DEFAULT 1, device_id TEXT NOT NULL
) STRICT;
CREATE INDEX consents_client ON consents(client_id);

-- Every disclosure to another agency, and on whose consent.
CREATE TABLE disclosures (
	id TEXT PRIMARY KEY,
	client_id TEXT NOT NULL,
	agency TEXT,
	disclosed_on TEXT NOT NULL,
	what TEXT,
	consent_id TEXT REFERENCES consents(id),
	basis TEXT,
	created_at TEXT NOT NULL, created_by TEXT NOT NULL,
	updated_at TEXT NOT NULL, updated_by TEXT NOT NULL,
	version INTEGER NOT NULL DEFAULT 1, device_id TEXT NOT NULL
) STRICT;
CREATE INDEX disclosures_client ON disclosures(client_id);
