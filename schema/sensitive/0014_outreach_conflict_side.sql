-- Sensitive compartment: which side of an outreach exchange a conflict's other value came from
-- (issue 16), as general 0023 records it for conflicts of general fields: at the centre the
-- laptop's name, on a laptop "the centre". NULL for conflicts kept before this column.
ALTER TABLE outreach_conflicts ADD COLUMN other_side TEXT;
-- An answer kept or taken that is a state, not a value ("unknown", "declined", "not_asked"):
-- the value column is NULL then, so a typed answer that reads like a state's name is never
-- taken for one. NULL: the value column holds the answer.
ALTER TABLE outreach_conflicts ADD COLUMN kept_state TEXT;
ALTER TABLE outreach_conflicts ADD COLUMN other_state TEXT;
