-- A moderation case moves its bill's page generation only when a column
-- the cached pages show changes (its reason, its decision, its contest,
-- the text kept before a redaction). The queue's and the near-duplicate
-- scan's columns (in_queue, urgency, queued_at, personal_data, minhash,
-- duplicate_of, duplicates_count) are for moderators only: the scan job
-- writes them after every post, and each such write used to drop every
-- cached page of the bill. A column added to moderation_cases that public
-- pages show must be added to this list.
DROP TRIGGER moderation_cases_page_change ON moderation_cases;
CREATE CONSTRAINT TRIGGER moderation_cases_page_change AFTER INSERT OR DELETE ON moderation_cases DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION page_generation_bump('generation', 'bill_id');
CREATE CONSTRAINT TRIGGER moderation_cases_page_update AFTER UPDATE ON moderation_cases DEFERRABLE INITIALLY DEFERRED FOR EACH ROW WHEN (OLD.reason IS DISTINCT FROM NEW.reason OR OLD.moderated_at IS DISTINCT FROM NEW.moderated_at OR OLD.moderated_by IS DISTINCT FROM NEW.moderated_by OR OLD.original_title IS DISTINCT FROM NEW.original_title OR OLD.original_body IS DISTINCT FROM NEW.original_body OR OLD.original_proposed_text IS DISTINCT FROM NEW.original_proposed_text OR OLD.original_url IS DISTINCT FROM NEW.original_url OR OLD.contested_at IS DISTINCT FROM NEW.contested_at OR OLD.contest_text IS DISTINCT FROM NEW.contest_text OR OLD.bill_id IS DISTINCT FROM NEW.bill_id) EXECUTE FUNCTION page_generation_bump('generation', 'bill_id');
