-- Synthesis and arbitration: themes and notes by moderators, a decision by
-- the sponsor on every amendment and proposal, the final wording where
-- several amendments meet, and what publication did to each article.
CREATE TABLE themes (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    bill_id BIGINT NOT NULL REFERENCES bills (id) ON DELETE CASCADE,
    article_id BIGINT REFERENCES articles (id) ON DELETE CASCADE,
    title TEXT NOT NULL,
    created_by BIGINT NOT NULL REFERENCES users (id),
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX themes_bill ON themes (bill_id, article_id);

CREATE TABLE contribution_themes (
    contribution_id BIGINT NOT NULL REFERENCES contributions (id) ON DELETE CASCADE,
    theme_id BIGINT NOT NULL REFERENCES themes (id) ON DELETE CASCADE,
    PRIMARY KEY (contribution_id, theme_id)
);
CREATE INDEX contribution_themes_theme ON contribution_themes (theme_id);

CREATE TABLE synthesis_notes (
    article_id BIGINT PRIMARY KEY REFERENCES articles (id) ON DELETE CASCADE,
    bill_id BIGINT NOT NULL REFERENCES bills (id) ON DELETE CASCADE,
    body TEXT NOT NULL,
    author_id BIGINT NOT NULL REFERENCES users (id),
    updated_at TIMESTAMP NOT NULL
);

CREATE TABLE decisions (
    contribution_id BIGINT PRIMARY KEY REFERENCES contributions (id) ON DELETE CASCADE,
    bill_id BIGINT NOT NULL REFERENCES bills (id) ON DELETE CASCADE,
    decision TEXT NOT NULL CHECK (decision IN
        ('accepted', 'partially_accepted', 'rejected', 'already_satisfied', 'out_of_scope')),
    justification TEXT,
    -- For a partially accepted proposal: the text of the new article.
    wording TEXT,
    decided_by BIGINT NOT NULL REFERENCES users (id),
    decided_at TIMESTAMP NOT NULL
);
CREATE INDEX decisions_bill ON decisions (bill_id);

-- The sponsor's wording of an article where amendments meet.
CREATE TABLE final_wordings (
    article_id BIGINT PRIMARY KEY REFERENCES articles (id) ON DELETE CASCADE,
    bill_id BIGINT NOT NULL REFERENCES bills (id) ON DELETE CASCADE,
    body TEXT NOT NULL,
    author_id BIGINT NOT NULL REFERENCES users (id),
    updated_at TIMESTAMP NOT NULL
);

-- What publication did: "deleted" (supprimé) or "added" (from a proposal).
ALTER TABLE articles ADD COLUMN fate TEXT CHECK (fate IN ('deleted', 'added'));
ALTER TABLE articles ADD COLUMN origin_id BIGINT;
ALTER TABLE bills ADD COLUMN published_at TIMESTAMP;
