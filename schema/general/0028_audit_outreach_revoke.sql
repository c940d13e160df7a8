-- General compartment: the signed audit rows that revoke an outreach laptop, found without
-- reading the whole audit (one of the three records of a revocation; sensitive 0015).
CREATE INDEX audit_outreach_revoke ON audit(seq) WHERE action = 'outreach-revoke';
