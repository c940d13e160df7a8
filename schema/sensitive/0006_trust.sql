-- The protected register. What decides who holds which key, which role a
-- user has, whose signature the audit trail believes and where the trail
-- last ended is kept here, where only holders of the sensitive key can read
-- or write it: a colleague with the general key alone can neither forge it
-- nor wind it back. meta holds the authoritative copy of the key file
-- ('keyfile', and 'keyfile_prev', the hash of the copy before it), the
-- compartment secret that users' memos are made of ('compartment_secret'),
-- and the audit trail's newest row written with this compartment open
-- ('audit_head': "SEQ HEXHASH").

-- Every signing key each user has had, so that old audit rows stay verifiable.
CREATE TABLE signing_keys (
	sign_pk BLOB PRIMARY KEY CHECK (length(sign_pk) = 32),
	user_id TEXT NOT NULL,
	username TEXT NOT NULL,
	added_at TEXT NOT NULL
) STRICT;
CREATE INDEX signing_keys_user ON signing_keys(user_id);
