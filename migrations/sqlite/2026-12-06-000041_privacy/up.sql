-- Redaction covers every field a person wrote: the texts of an amendment
-- or proposal and the address of a source are kept for moderators until
-- purged, like the title and body.
ALTER TABLE moderation_cases ADD COLUMN original_proposed_text TEXT;
ALTER TABLE moderation_cases ADD COLUMN original_url TEXT;
-- Categories other than citizen are declared by the account holder; an
-- admin verifies them. Only verified categories are counted by category.
ALTER TABLE users ADD COLUMN category_verified BOOLEAN NOT NULL DEFAULT FALSE;
