-- Rate-limit counters shared by every instance: one row per kind of limit,
-- key (an address, an account) and time bucket (a tenth of the window).
-- Rows are forgotten once their bucket has left the window.
CREATE TABLE rate_limit_counts (
    kind TEXT NOT NULL,
    key TEXT NOT NULL,
    bucket BIGINT NOT NULL,
    hits INTEGER NOT NULL,
    expires_at TIMESTAMP NOT NULL,
    PRIMARY KEY (kind, key, bucket)
);
CREATE INDEX rate_limit_counts_expiry ON rate_limit_counts (expires_at);
