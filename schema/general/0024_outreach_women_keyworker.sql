-- General compartment: outreach laptops, who each woman on a laptop was allocated to.

-- At the centre: her keyworker when she went on the laptop ('' for none), so that a woman
-- allocated since to someone other than the laptop's user, or to nobody, leaves it, on a
-- laptop that follows its user's caseload and on one given its women by name alike. Women on a
-- laptop already are taken as allocated now.
ALTER TABLE outreach_women ADD COLUMN keyworker_id TEXT NOT NULL DEFAULT '';
UPDATE outreach_women SET keyworker_id = coalesce((SELECT c.keyworker_id FROM clients c
	WHERE c.id = outreach_women.client_id), '');
