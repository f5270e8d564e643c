-- Counters that pages show on every visit, kept in the same transaction as
-- the vote or contribution that changes them.
ALTER TABLE articles ADD COLUMN votes_agree INTEGER NOT NULL DEFAULT 0;
ALTER TABLE articles ADD COLUMN votes_mixed INTEGER NOT NULL DEFAULT 0;
ALTER TABLE articles ADD COLUMN votes_disagree INTEGER NOT NULL DEFAULT 0;
ALTER TABLE articles ADD COLUMN arguments_count INTEGER NOT NULL DEFAULT 0;
ALTER TABLE articles ADD COLUMN amendments_count INTEGER NOT NULL DEFAULT 0;
ALTER TABLE articles ADD COLUMN sources_count INTEGER NOT NULL DEFAULT 0;
ALTER TABLE articles ADD COLUMN search_terms TEXT NOT NULL DEFAULT '';
ALTER TABLE bills ADD COLUMN contributions_count INTEGER NOT NULL DEFAULT 0;
ALTER TABLE bills ADD COLUMN proposals_count INTEGER NOT NULL DEFAULT 0;
ALTER TABLE bills ADD COLUMN votes_count INTEGER NOT NULL DEFAULT 0;
ALTER TABLE bills ADD COLUMN participants_count INTEGER NOT NULL DEFAULT 0;

CREATE TABLE contributions (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    bill_id BIGINT NOT NULL REFERENCES bills (id) ON DELETE CASCADE,
    article_id BIGINT REFERENCES articles (id) ON DELETE CASCADE,
    parent_id BIGINT REFERENCES contributions (id) ON DELETE CASCADE,
    kind TEXT NOT NULL CHECK (kind IN ('argument', 'amendment', 'proposal', 'source')),
    stance TEXT CHECK (stance IN ('for', 'against')),
    title TEXT,
    body TEXT NOT NULL,
    proposed_text TEXT,
    deletes_article BOOLEAN NOT NULL DEFAULT FALSE,
    url TEXT,
    after_article_id BIGINT REFERENCES articles (id) ON DELETE SET NULL,
    article_version INTEGER,
    author_id BIGINT NOT NULL REFERENCES users (id),
    status TEXT NOT NULL DEFAULT 'published' CHECK (status IN ('published', 'withdrawn')),
    idempotency_key TEXT,
    votes_agree INTEGER NOT NULL DEFAULT 0,
    votes_mixed INTEGER NOT NULL DEFAULT 0,
    votes_disagree INTEGER NOT NULL DEFAULT 0,
    votes_support INTEGER NOT NULL DEFAULT 0,
    arguments_count INTEGER NOT NULL DEFAULT 0,
    sources_count INTEGER NOT NULL DEFAULT 0,
    -- Sort keys kept with the counters, so long lists page by index.
    support_score INTEGER NOT NULL DEFAULT 0,
    controversy_score INTEGER NOT NULL DEFAULT 0,
    random_key BIGINT NOT NULL,
    search_terms TEXT NOT NULL DEFAULT '',
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    edited_at TIMESTAMP,
    withdrawn_at TIMESTAMP,
    UNIQUE (author_id, idempotency_key)
);
CREATE INDEX contributions_article_recent ON contributions (article_id, kind, id);
CREATE INDEX contributions_article_support ON contributions (article_id, kind, support_score, id);
CREATE INDEX contributions_article_controversy ON contributions (article_id, kind, controversy_score, id);
CREATE INDEX contributions_bill ON contributions (bill_id, kind, id);
CREATE INDEX contributions_parent ON contributions (parent_id, kind, id);
CREATE INDEX contributions_author ON contributions (author_id);

-- Every earlier text of an edited contribution.
CREATE TABLE contribution_versions (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    contribution_id BIGINT NOT NULL REFERENCES contributions (id) ON DELETE CASCADE,
    title TEXT,
    body TEXT NOT NULL,
    proposed_text TEXT,
    url TEXT,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX contribution_versions_contribution ON contribution_versions (contribution_id);

-- One vote per person per item, enforced here.
CREATE TABLE votes (
    user_id BIGINT NOT NULL REFERENCES users (id),
    target_kind TEXT NOT NULL CHECK (target_kind IN ('article', 'contribution')),
    target_id BIGINT NOT NULL,
    bill_id BIGINT NOT NULL REFERENCES bills (id) ON DELETE CASCADE,
    value TEXT NOT NULL CHECK (value IN ('agree', 'mixed', 'disagree', 'support')),
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    PRIMARY KEY (user_id, target_kind, target_id)
);
CREATE INDEX votes_target ON votes (target_kind, target_id);
CREATE INDEX votes_bill ON votes (bill_id);

-- Who took part in a bill (for its participation figures).
CREATE TABLE bill_participants (
    bill_id BIGINT NOT NULL REFERENCES bills (id) ON DELETE CASCADE,
    user_id BIGINT NOT NULL REFERENCES users (id),
    PRIMARY KEY (bill_id, user_id)
);

-- Full-text search over normalised terms (computed in the application, the
-- same for both databases).
CREATE INDEX contributions_search ON contributions USING GIN (to_tsvector('simple', search_terms));
CREATE INDEX articles_search ON articles USING GIN (to_tsvector('simple', search_terms));
