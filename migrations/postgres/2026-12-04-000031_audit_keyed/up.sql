-- From now on each audit entry's hash is an HMAC-SHA256 keyed with the
-- platform secret (keyed = true). Entries already written keep their plain
-- SHA-256 (keyed = false) and still verify, but only as the start of the
-- chain: `codraft audit verify` refuses an unkeyed entry after a keyed one.
ALTER TABLE audit_log ADD COLUMN keyed BOOLEAN NOT NULL DEFAULT FALSE;
