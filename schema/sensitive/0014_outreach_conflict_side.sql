-- Sensitive compartment: which side of an outreach exchange a conflict's other value came from
-- (issue 16), as general 0023 records it for conflicts of general fields: at the centre the
-- laptop's name, on a laptop "the centre". NULL for conflicts kept before this column.
ALTER TABLE outreach_conflicts ADD COLUMN other_side TEXT;
