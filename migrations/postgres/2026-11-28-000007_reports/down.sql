ALTER TABLE contributions DROP COLUMN reports_count;
DROP TABLE reports;
