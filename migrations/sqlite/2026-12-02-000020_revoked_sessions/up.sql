-- Sessions signed out on the server: a cookie copied before its owner
-- signed out no longer works. Rows live until the cookie would expire.
CREATE TABLE revoked_sessions (
    session_id TEXT PRIMARY KEY NOT NULL,
    user_id BIGINT NOT NULL REFERENCES users (id),
    expires_at TIMESTAMP NOT NULL
);
CREATE INDEX revoked_sessions_expiry ON revoked_sessions (expires_at);
