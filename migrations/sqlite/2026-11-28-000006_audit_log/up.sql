-- Append-only record of every state change that matters. Each entry
-- carries the hash of the previous one, so an edit or a deletion anywhere
-- breaks the chain (`codraft audit verify`).
CREATE TABLE audit_log (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    at TIMESTAMP NOT NULL,
    actor_id INTEGER REFERENCES users (id),
    action TEXT NOT NULL,
    target_kind TEXT NOT NULL,
    target_id INTEGER,
    bill_id INTEGER,
    reason TEXT,
    prev_hash TEXT NOT NULL,
    hash TEXT NOT NULL UNIQUE
);
CREATE INDEX audit_log_bill ON audit_log (bill_id, seq);
