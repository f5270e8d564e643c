-- A ban's end: NULL for a permanent ban; past it, the account is free again.
ALTER TABLE users ADD COLUMN banned_until TIMESTAMP;
-- When the reporter was told what became of the report: once, never twice.
ALTER TABLE reports ADD COLUMN outcome_sent_at TIMESTAMP;
