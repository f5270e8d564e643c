DROP TABLE notifications;
DROP TABLE follows;
ALTER TABLE bills DROP COLUMN reminder_sent_at;
ALTER TABLE users DROP COLUMN last_digest_at;
ALTER TABLE users DROP COLUMN notify;
