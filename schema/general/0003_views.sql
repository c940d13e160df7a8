-- General compartment, third step: what the screens read quickly (src/db/view.c).

-- Type-ahead search by any word of her names: case and accents folded, so
-- "sinead" finds Sinéad and "bh" finds Ní Bhriain. The names stay in clients;
-- this index is kept in step by the triggers below and wiped on delete.
CREATE VIRTUAL TABLE clients_fts USING fts5(known_as, first_name, last_name,
	content = 'clients', content_rowid = 'rowid',
	tokenize = 'unicode61 remove_diacritics 2', prefix = '1 2');
INSERT INTO clients_fts(clients_fts, rank) VALUES ('secure-delete', 1);
INSERT INTO clients_fts(clients_fts) VALUES ('rebuild');
CREATE TRIGGER clients_fts_ai AFTER INSERT ON clients BEGIN
	INSERT INTO clients_fts(rowid, known_as, first_name, last_name)
		VALUES (new.rowid, new.known_as, new.first_name, new.last_name);
END;
CREATE TRIGGER clients_fts_ad AFTER DELETE ON clients BEGIN
	INSERT INTO clients_fts(clients_fts, rowid, known_as, first_name, last_name)
		VALUES ('delete', old.rowid, old.known_as, old.first_name, old.last_name);
END;
CREATE TRIGGER clients_fts_au AFTER UPDATE OF known_as, first_name, last_name ON clients BEGIN
	INSERT INTO clients_fts(clients_fts, rowid, known_as, first_name, last_name)
		VALUES ('delete', old.rowid, old.known_as, old.first_name, old.last_name);
	INSERT INTO clients_fts(rowid, known_as, first_name, last_name)
		VALUES (new.rowid, new.known_as, new.first_name, new.last_name);
END;

-- Search by date of birth.
CREATE INDEX clients_dob ON clients(date_of_birth);

-- Her timeline pages through contacts by time, a time typed in a form
-- ("2024-03-01 10:00") read as the store writes it ("2024-03-01T10:00").
CREATE INDEX contacts_client_at ON contacts(client_id, replace(happened_at, ' ', 'T'));

-- Her last contact made: one seek, not a walk through every contact; and
-- whether a contact has been corrected by a later one.
CREATE INDEX contacts_client_outcome ON contacts(client_id, outcome, happened_at);
CREATE INDEX contacts_amends ON contacts(amends_id) WHERE amends_id IS NOT NULL;

-- Her newest strength first; today's appointments, tasks and chases due across
-- every caseload.
CREATE INDEX strengths_client_noted ON strengths(client_id, noted_on);
CREATE INDEX appointments_starts ON appointments(starts_at);
CREATE INDEX tasks_due ON tasks(due_on);
CREATE INDEX tasks_chase ON tasks(chase_on);
CREATE INDEX contact_pauses_client_starts ON contact_pauses(client_id, starts_on);
