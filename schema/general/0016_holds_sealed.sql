-- General compartment: the latest setting or lifting of a legal hold and of a
-- restriction of processing per woman, read from the signed audit chain.
-- A hold is recorded three times, as a restriction to named staff is
-- (0012): client_holds here, a sealed copy in sensitive.db
-- (client_holds_seal), and the audit rows "hold"/"hold-lift" and
-- "restrict"/"restrict-lift" by a manager. A hold stands while any of them
-- says it does, so a drop-in user who deletes the row here with the general
-- key lifts nothing; sign-in and keywork check report the difference.
CREATE INDEX audit_hold ON audit(client_id, seq) WHERE action IN ('hold', 'hold-lift');
CREATE INDEX audit_restrict ON audit(client_id, seq) WHERE action IN ('restrict', 'restrict-lift');
