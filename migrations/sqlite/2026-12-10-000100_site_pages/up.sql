-- The pages people expect (participation charter, legal notice, privacy
-- policy, accessibility statement) as the admins wrote them, in Markdown,
-- one row per page and language. A page with no row shows its default.
CREATE TABLE site_pages (
    slug TEXT NOT NULL,
    locale TEXT NOT NULL,
    body TEXT NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    updated_by BIGINT REFERENCES users (id),
    PRIMARY KEY (slug, locale)
);
