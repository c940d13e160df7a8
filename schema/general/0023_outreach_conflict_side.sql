-- General compartment: which side of an outreach exchange a conflict's other value came from (issue
-- 16): at the centre the laptop's name, on a laptop "the centre", so that a person choosing sees
-- a name and not a machine's id. NULL for conflicts kept before this column.
ALTER TABLE outreach_conflicts ADD COLUMN other_side TEXT;
