CREATE TABLE bills (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    slug TEXT NOT NULL UNIQUE,
    title TEXT NOT NULL,
    summary TEXT NOT NULL DEFAULT '',
    status TEXT NOT NULL DEFAULT 'draft'
        CHECK (status IN ('draft', 'open', 'closed', 'published')),
    opens_at TIMESTAMP,
    closes_at TIMESTAMP,
    source TEXT,
    created_by BIGINT NOT NULL REFERENCES users (id),
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE INDEX bills_status ON bills (status, closes_at);

CREATE TABLE bill_sponsors (
    bill_id BIGINT NOT NULL REFERENCES bills (id) ON DELETE CASCADE,
    user_id BIGINT NOT NULL REFERENCES users (id),
    added_at TIMESTAMP NOT NULL,
    PRIMARY KEY (bill_id, user_id)
);
CREATE INDEX bill_sponsors_user ON bill_sponsors (user_id);

-- Titres, chapitres, sections: a flat list in reading order with a level.
CREATE TABLE bill_sections (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    bill_id BIGINT NOT NULL REFERENCES bills (id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    level INTEGER NOT NULL,
    kind TEXT NOT NULL,
    label TEXT NOT NULL,
    heading TEXT NOT NULL DEFAULT ''
);
CREATE INDEX bill_sections_bill ON bill_sections (bill_id, position);

CREATE TABLE articles (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    bill_id BIGINT NOT NULL REFERENCES bills (id) ON DELETE CASCADE,
    section_id BIGINT REFERENCES bill_sections (id) ON DELETE SET NULL,
    position INTEGER NOT NULL,
    label TEXT NOT NULL,
    heading TEXT,
    body TEXT NOT NULL,
    version INTEGER NOT NULL DEFAULT 1,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    UNIQUE (bill_id, label)
);
CREATE INDEX articles_bill ON articles (bill_id, position);

-- Every text an article has had; the article row holds the latest.
CREATE TABLE article_versions (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    article_id BIGINT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    version INTEGER NOT NULL,
    label TEXT NOT NULL,
    heading TEXT,
    body TEXT NOT NULL,
    reason TEXT,
    author_id BIGINT REFERENCES users (id),
    created_at TIMESTAMP NOT NULL,
    UNIQUE (article_id, version)
);

-- The consultation's life: who moved it, when (actor NULL: the schedule).
CREATE TABLE bill_transitions (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    bill_id BIGINT NOT NULL REFERENCES bills (id) ON DELETE CASCADE,
    from_status TEXT NOT NULL,
    to_status TEXT NOT NULL,
    actor_id BIGINT REFERENCES users (id),
    at TIMESTAMP NOT NULL
);
CREATE INDEX bill_transitions_bill ON bill_transitions (bill_id, at);
