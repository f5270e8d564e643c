DROP TABLE contribution_bands;
DROP TABLE moderation_cases;
ALTER TABLE contributions DROP COLUMN moderation;
ALTER TABLE users DROP COLUMN ban_reason;
ALTER TABLE users DROP COLUMN banned_at;
ALTER TABLE users DROP COLUMN name_public;
