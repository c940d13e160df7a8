-- Sensitive compartment: her safety plans, made with her and reviewed; a new
-- plan is a new row, so the plans she had before stay readable. What the plan
-- says (where she can go, who she can call, what she keeps ready ...) is in
-- custom_values here, so a centre can change the questions in YAML.
CREATE TABLE safety_plans (
	id TEXT PRIMARY KEY,
	client_id TEXT NOT NULL,
	made_on TEXT NOT NULL,
	review_on TEXT,
	created_at TEXT NOT NULL, created_by TEXT NOT NULL,
	updated_at TEXT NOT NULL, updated_by TEXT NOT NULL,
	version INTEGER NOT NULL DEFAULT 1, device_id TEXT NOT NULL
) STRICT;
CREATE INDEX safety_plans_client ON safety_plans(client_id, made_on);
