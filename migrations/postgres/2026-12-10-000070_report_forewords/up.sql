-- The sponsor's foreword to the synthesis report, one per bill, in Markdown.
CREATE TABLE report_forewords (
    bill_id BIGINT PRIMARY KEY REFERENCES bills (id) ON DELETE CASCADE,
    body TEXT NOT NULL,
    author_id BIGINT NOT NULL REFERENCES users (id),
    updated_at TIMESTAMP NOT NULL
);
