-- Sensitive compartment, seventh step: where she lives. Her borough joins her
-- address here, since a borough with a housing status ("Refuge") can find
-- her. The general compartment's clients.borough column is retired: keywork
-- moves what it held (with its history, her housing status and her borough of
-- local connection) here the first time someone who holds this compartment's
-- key opens the data directory (src/db/store.c).
ALTER TABLE client_details ADD COLUMN borough TEXT;
