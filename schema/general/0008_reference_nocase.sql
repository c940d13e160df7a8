-- General compartment: references are found by search in any case and by their start, whatever
-- their form: KW-7F3Q9D, or one carried over from an older system
-- (LEEDS/2019/044, ab12). A range over this index is that search's seek.
CREATE INDEX clients_reference_nocase ON clients(reference COLLATE NOCASE);
