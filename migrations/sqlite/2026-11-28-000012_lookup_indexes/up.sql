-- Deleting a contribution's bands (on every edit, and by cascade) looks
-- them up by contribution.
CREATE INDEX contribution_bands_contribution ON contribution_bands (contribution_id);
-- The search index is now keyed by rowid (see store::search): emptied
-- here, refilled from the rows at start-up.
DELETE FROM search_index;
