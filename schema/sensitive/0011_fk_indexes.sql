-- Sensitive compartment: every column that refers to another row has an index, so deleting the
-- row it refers to (a note, a person, a consent) finds its referrers by the index instead of
-- reading the whole table.
CREATE INDEX IF NOT EXISTS notes_amends ON notes(amends_id);
CREATE INDEX IF NOT EXISTS child_details_other_parent ON child_details(other_parent_id);
CREATE INDEX IF NOT EXISTS disclosures_consent ON disclosures(consent_id);
