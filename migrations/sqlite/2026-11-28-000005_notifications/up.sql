-- How often someone wants to hear about what they follow.
ALTER TABLE users ADD COLUMN notify TEXT NOT NULL DEFAULT 'immediate'
    CHECK (notify IN ('immediate', 'daily', 'never'));
ALTER TABLE users ADD COLUMN last_digest_at TIMESTAMP;
ALTER TABLE bills ADD COLUMN reminder_sent_at TIMESTAMP;

CREATE TABLE follows (
    user_id INTEGER NOT NULL REFERENCES users (id),
    bill_id INTEGER NOT NULL REFERENCES bills (id) ON DELETE CASCADE,
    created_at TIMESTAMP NOT NULL,
    PRIMARY KEY (user_id, bill_id)
);
CREATE INDEX follows_bill ON follows (bill_id);

-- What happened that someone should hear about; emailed at once or in
-- the daily digest, by their preference.
CREATE TABLE notifications (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id INTEGER NOT NULL REFERENCES users (id),
    bill_id INTEGER NOT NULL REFERENCES bills (id) ON DELETE CASCADE,
    contribution_id INTEGER REFERENCES contributions (id) ON DELETE CASCADE,
    kind TEXT NOT NULL CHECK (kind IN ('reply', 'closing_soon', 'decision')),
    created_at TIMESTAMP NOT NULL,
    emailed_at TIMESTAMP
);
CREATE INDEX notifications_pending ON notifications (user_id, emailed_at);
