-- Deleting a contribution's bands (on every edit, and by cascade) looks
-- them up by contribution. (SQLite also re-keys its search table here;
-- PostgreSQL searches the rows themselves.)
CREATE INDEX contribution_bands_contribution ON contribution_bands (contribution_id);
