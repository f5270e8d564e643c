-- Reports of contributions by signed-in users: one per person per item.
CREATE TABLE reports (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    contribution_id INTEGER NOT NULL REFERENCES contributions (id) ON DELETE CASCADE,
    reporter_id INTEGER NOT NULL REFERENCES users (id),
    reason TEXT NOT NULL
        CHECK (reason IN ('spam', 'offensive', 'off_topic', 'personal_data', 'illegal', 'other')),
    details TEXT,
    created_at TIMESTAMP NOT NULL,
    UNIQUE (contribution_id, reporter_id)
);
CREATE INDEX reports_contribution ON reports (contribution_id);
ALTER TABLE contributions ADD COLUMN reports_count INTEGER NOT NULL DEFAULT 0;
