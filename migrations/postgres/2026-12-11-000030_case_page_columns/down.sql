DROP TRIGGER moderation_cases_page_update ON moderation_cases;
DROP TRIGGER moderation_cases_page_change ON moderation_cases;
CREATE CONSTRAINT TRIGGER moderation_cases_page_change AFTER INSERT OR UPDATE OR DELETE ON moderation_cases DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION page_generation_bump('generation', 'bill_id');
