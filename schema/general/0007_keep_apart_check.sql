-- General compartment: a keep-apart flag names a woman on record, and not the
-- woman herself. A mistyped reference would otherwise flag nobody while the
-- keyworker believed both women were flagged.
CREATE TRIGGER keep_apart_other_ins BEFORE INSERT ON keep_apart
WHEN NOT EXISTS (SELECT 1 FROM clients c WHERE c.reference = new.other_reference)
BEGIN
	SELECT RAISE(ABORT, 'no woman on record has that reference');
END;
CREATE TRIGGER keep_apart_other_upd BEFORE UPDATE OF other_reference ON keep_apart
WHEN NOT EXISTS (SELECT 1 FROM clients c WHERE c.reference = new.other_reference)
BEGIN
	SELECT RAISE(ABORT, 'no woman on record has that reference');
END;
CREATE TRIGGER keep_apart_self_ins BEFORE INSERT ON keep_apart
WHEN EXISTS (SELECT 1 FROM clients c WHERE c.id = new.client_id
	AND c.reference = new.other_reference)
BEGIN
	SELECT RAISE(ABORT, 'that is her own reference');
END;
CREATE TRIGGER keep_apart_self_upd BEFORE UPDATE OF other_reference ON keep_apart
WHEN EXISTS (SELECT 1 FROM clients c WHERE c.id = new.client_id
	AND c.reference = new.other_reference)
BEGIN
	SELECT RAISE(ABORT, 'that is her own reference');
END;
