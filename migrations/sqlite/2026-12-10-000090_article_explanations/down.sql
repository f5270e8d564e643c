ALTER TABLE articles DROP COLUMN explanation;
