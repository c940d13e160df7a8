-- Sensitive compartment, fourth step: her timeline pages through case notes
-- by time, a time typed in a form ("2024-03-01 10:00") read as the store
-- writes it ("2024-03-01T10:00"), as contacts are in keywork.db.
CREATE INDEX notes_client_at ON notes(client_id, replace(happened_at, ' ', 'T'));
