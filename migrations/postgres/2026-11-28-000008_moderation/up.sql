-- Moderation: bans and the choice to show one's name; what was done to a
-- contribution and why; the queue; the personal data found in it; its
-- near-duplicate group.
ALTER TABLE users ADD COLUMN name_public BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE users ADD COLUMN banned_at TIMESTAMP;
ALTER TABLE users ADD COLUMN ban_reason TEXT;

-- What the public sees of a moderated contribution.
ALTER TABLE contributions ADD COLUMN moderation TEXT
    CHECK (moderation IN ('trashed', 'hidden', 'redacted'));

-- One row per contribution, written with it.
CREATE TABLE moderation_cases (
    contribution_id BIGINT PRIMARY KEY REFERENCES contributions (id) ON DELETE CASCADE,
    bill_id BIGINT NOT NULL REFERENCES bills (id) ON DELETE CASCADE,
    reason TEXT,
    moderated_at TIMESTAMP,
    moderated_by BIGINT REFERENCES users (id),
    -- The text before redaction, for moderators only, until purged.
    original_title TEXT,
    original_body TEXT,
    contested_at TIMESTAMP,
    contest_text TEXT,
    in_queue BOOLEAN NOT NULL DEFAULT FALSE,
    urgency INTEGER NOT NULL DEFAULT 0,
    queued_at TIMESTAMP,
    -- JSON list of {kind, start, end} spans of the body.
    personal_data TEXT,
    minhash TEXT,
    -- The first contribution of its near-duplicate group.
    duplicate_of BIGINT,
    duplicates_count INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX moderation_queue ON moderation_cases (urgency DESC, contribution_id) WHERE in_queue;
CREATE INDEX moderation_done ON moderation_cases (bill_id, moderated_at) WHERE moderated_at IS NOT NULL;
CREATE INDEX moderation_groups ON moderation_cases (duplicate_of) WHERE duplicate_of IS NOT NULL;

-- Locality-sensitive hashing bands of each MinHash signature: contributions
-- sharing a band are candidates for near-duplicates.
CREATE TABLE contribution_bands (
    bill_id BIGINT NOT NULL,
    band INTEGER NOT NULL,
    hash BIGINT NOT NULL,
    contribution_id BIGINT NOT NULL REFERENCES contributions (id) ON DELETE CASCADE,
    PRIMARY KEY (bill_id, band, hash, contribution_id)
);

-- Contributions written before moderation existed get their row.
INSERT INTO moderation_cases (contribution_id, bill_id)
    SELECT id, bill_id FROM contributions;
