ALTER TABLE bills DROP COLUMN published_at;
ALTER TABLE articles DROP COLUMN origin_id;
ALTER TABLE articles DROP COLUMN fate;
DROP TABLE final_wordings;
DROP TABLE decisions;
DROP TABLE synthesis_notes;
DROP TABLE contribution_themes;
DROP TABLE themes;
