-- Registered names as the personal-data finder looks them up (folded: see
-- analysis::personal_data::name_key); filled by the application, which
-- also fills the rows it finds empty at start-up.
ALTER TABLE users ADD COLUMN name_key TEXT;
CREATE INDEX users_name_key ON users (name_key) WHERE name_key IS NOT NULL;
