ALTER TABLE reports DROP COLUMN outcome_sent_at;
ALTER TABLE users DROP COLUMN banned_until;
