-- What a new contribution still owes after its write: its near-duplicate
-- bands and group, and its row in the search index. The write records the
-- contribution here, in its own transaction; a job takes the rows in id
-- order, does the work and deletes them in one transaction, so a crash
-- loses nothing and a restart catches up.
CREATE TABLE pending_scans (
    contribution_id INTEGER PRIMARY KEY NOT NULL REFERENCES contributions (id) ON DELETE CASCADE,
    created_at TIMESTAMP NOT NULL
);

-- One row per background job that must run in one instance at a time:
-- the job's transaction updates its row first, so a second instance
-- sharing the database waits for the first to commit.
CREATE TABLE job_locks (
    name TEXT PRIMARY KEY NOT NULL,
    runs BIGINT NOT NULL DEFAULT 0
);
INSERT INTO job_locks (name) VALUES ('pending_scans');
