-- A moderation case moves its bill's page generation only when a column
-- the cached pages show changes (its reason, its decision, its contest,
-- the text kept before a redaction). The queue's and the near-duplicate
-- scan's columns (in_queue, urgency, queued_at, personal_data, minhash,
-- duplicate_of, duplicates_count) are for moderators only: the scan job
-- writes them after every post, and each such write used to drop every
-- cached page of the bill. A column added to moderation_cases that public
-- pages show must be added to this list.
DROP TRIGGER moderation_cases_page_update;
CREATE TRIGGER moderation_cases_page_update AFTER UPDATE ON moderation_cases FOR EACH ROW WHEN (OLD.reason IS NOT NEW.reason OR OLD.moderated_at IS NOT NEW.moderated_at OR OLD.moderated_by IS NOT NEW.moderated_by OR OLD.original_title IS NOT NEW.original_title OR OLD.original_body IS NOT NEW.original_body OR OLD.original_proposed_text IS NOT NEW.original_proposed_text OR OLD.original_url IS NOT NEW.original_url OR OLD.contested_at IS NOT NEW.contested_at OR OLD.contest_text IS NOT NEW.contest_text OR OLD.bill_id IS NOT NEW.bill_id) BEGIN UPDATE page_generations SET generation = generation + 1 WHERE bill_id = NEW.bill_id; END;
