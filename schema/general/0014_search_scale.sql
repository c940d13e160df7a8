-- General compartment: search at any size. A keystroke reads each kind of match through an index
-- of its own and only the first few of each, however many women there are:
-- - the start of her first name, as already her known-as and last name;
-- - the digits of her phone number anywhere in it ("0770", "900123"), through a trigram index
--   of the digits alone, kept by triggers as her number changes (it was a look at every
--   woman's number: 27 ms a keystroke on 20,000 women, ten times that on 200,000).
CREATE INDEX clients_first_name ON clients(first_name COLLATE NOCASE);

CREATE VIRTUAL TABLE clients_phone USING fts5(digits, tokenize = 'trigram');
INSERT INTO clients_phone(clients_phone, rank) VALUES ('secure-delete', 1);
INSERT INTO clients_phone(rowid, digits)
	SELECT rowid, replace(replace(replace(replace(replace(phone, ' ', ''), '-', ''), '+', ''),
		'(', ''), ')', '')
	FROM clients WHERE phone IS NOT NULL;
CREATE TRIGGER clients_phone_ai AFTER INSERT ON clients WHEN new.phone IS NOT NULL BEGIN
	INSERT INTO clients_phone(rowid, digits) VALUES (new.rowid,
		replace(replace(replace(replace(replace(new.phone, ' ', ''), '-', ''), '+', ''),
			'(', ''), ')', ''));
END;
CREATE TRIGGER clients_phone_ad AFTER DELETE ON clients BEGIN
	DELETE FROM clients_phone WHERE rowid = old.rowid;
END;
CREATE TRIGGER clients_phone_au AFTER UPDATE OF phone ON clients BEGIN
	DELETE FROM clients_phone WHERE rowid = old.rowid;
	INSERT INTO clients_phone(rowid, digits) SELECT new.rowid,
		replace(replace(replace(replace(replace(new.phone, ' ', ''), '-', ''), '+', ''),
			'(', ''), ')', '')
		WHERE new.phone IS NOT NULL;
END;
