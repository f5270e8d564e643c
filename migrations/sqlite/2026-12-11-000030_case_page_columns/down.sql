DROP TRIGGER moderation_cases_page_update;
CREATE TRIGGER moderation_cases_page_update AFTER UPDATE ON moderation_cases FOR EACH ROW BEGIN UPDATE page_generations SET generation = generation + 1 WHERE bill_id = NEW.bill_id; END;
