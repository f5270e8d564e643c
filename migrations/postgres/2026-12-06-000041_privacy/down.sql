ALTER TABLE users DROP COLUMN category_verified;
ALTER TABLE moderation_cases DROP COLUMN original_url;
ALTER TABLE moderation_cases DROP COLUMN original_proposed_text;
