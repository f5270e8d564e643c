-- Render once, serve many.
--
-- contribution_html: the sanitised HTML of a contribution's Markdown
-- fields, written with the text (insert, edit, redaction) so that pages
-- never run the Markdown pipeline per view. render_version names the
-- pipeline that made it: rows of an older version are rendered again at
-- start-up, in batches.
--
-- page_generations: per bill, a number that every write changing what its
-- public pages show moves, in the same transaction (the triggers below),
-- so that each instance's cache of anonymous pages knows, with one indexed
-- read, whether what it holds is still what the database says. Content
-- changes move `generation`; vote counters move `tally` alone, which the
-- cache may lag by at most a second (so that the peak's votes do not empty
-- it two thousand times a second). Triggers rather than calls in the code:
-- no write path, present or future, bulk or not, can forget them.
CREATE TABLE contribution_html (
    contribution_id BIGINT PRIMARY KEY REFERENCES contributions (id) ON DELETE CASCADE,
    render_version INTEGER NOT NULL,
    body_html TEXT NOT NULL,
    proposed_text_html TEXT
);

CREATE TABLE page_generations (
    bill_id BIGINT PRIMARY KEY REFERENCES bills (id) ON DELETE CASCADE,
    generation BIGINT NOT NULL DEFAULT 0,
    tally BIGINT NOT NULL DEFAULT 0
);
INSERT INTO page_generations (bill_id) SELECT id FROM bills;

-- The triggers that move a generation are deferred to the commit: the
-- generation row is then locked last, after every row the transaction
-- locks by the project's order (contribution, article, bill), so that two
-- writes never wait on each other in a circle through it (as they did,
-- one second each, when the first write of a transaction took it).
--
-- TG_ARGV[0]: the column to move (generation or tally); TG_ARGV[1]: where
-- the row names its bill (bill_id, id for bills, theme for the theme's).
CREATE FUNCTION page_generation_bump() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    r RECORD;
    b BIGINT;
BEGIN
    IF TG_OP = 'DELETE' THEN r := OLD; ELSE r := NEW; END IF;
    IF TG_ARGV[1] = 'all' THEN
        UPDATE page_generations SET generation = generation + 1;
        RETURN NULL;
    ELSIF TG_ARGV[1] = 'theme' THEN
        SELECT bill_id INTO b FROM themes WHERE id = (to_jsonb(r) ->> 'theme_id')::BIGINT;
    ELSE
        b := (to_jsonb(r) ->> TG_ARGV[1])::BIGINT;
    END IF;
    IF TG_ARGV[0] = 'tally' THEN
        UPDATE page_generations SET tally = tally + 1 WHERE bill_id = b;
    ELSE
        UPDATE page_generations SET generation = generation + 1 WHERE bill_id = b;
    END IF;
    RETURN NULL;
END
$$;

CREATE FUNCTION page_generation_new_bill() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO page_generations (bill_id) VALUES (NEW.id);
    RETURN NULL;
END
$$;
CREATE TRIGGER bills_page_new AFTER INSERT ON bills FOR EACH ROW EXECUTE FUNCTION page_generation_new_bill();
CREATE CONSTRAINT TRIGGER contributions_page_insert AFTER INSERT ON contributions DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION page_generation_bump('generation', 'bill_id');
CREATE CONSTRAINT TRIGGER contributions_page_delete AFTER DELETE ON contributions DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION page_generation_bump('generation', 'bill_id');
CREATE CONSTRAINT TRIGGER contributions_page_content AFTER UPDATE ON contributions DEFERRABLE INITIALLY DEFERRED FOR EACH ROW WHEN (OLD.article_id IS DISTINCT FROM NEW.article_id OR OLD.parent_id IS DISTINCT FROM NEW.parent_id OR OLD.kind IS DISTINCT FROM NEW.kind OR OLD.stance IS DISTINCT FROM NEW.stance OR OLD.title IS DISTINCT FROM NEW.title OR OLD.body IS DISTINCT FROM NEW.body OR OLD.proposed_text IS DISTINCT FROM NEW.proposed_text OR OLD.deletes_article IS DISTINCT FROM NEW.deletes_article OR OLD.url IS DISTINCT FROM NEW.url OR OLD.status IS DISTINCT FROM NEW.status OR OLD.author_id IS DISTINCT FROM NEW.author_id OR OLD.arguments_count IS DISTINCT FROM NEW.arguments_count OR OLD.sources_count IS DISTINCT FROM NEW.sources_count OR OLD.edited_at IS DISTINCT FROM NEW.edited_at OR OLD.withdrawn_at IS DISTINCT FROM NEW.withdrawn_at OR OLD.moderation IS DISTINCT FROM NEW.moderation OR OLD.bill_id IS DISTINCT FROM NEW.bill_id) EXECUTE FUNCTION page_generation_bump('generation', 'bill_id');
CREATE CONSTRAINT TRIGGER contributions_page_tally AFTER UPDATE ON contributions DEFERRABLE INITIALLY DEFERRED FOR EACH ROW WHEN (OLD.votes_agree IS DISTINCT FROM NEW.votes_agree OR OLD.votes_mixed IS DISTINCT FROM NEW.votes_mixed OR OLD.votes_disagree IS DISTINCT FROM NEW.votes_disagree OR OLD.votes_support IS DISTINCT FROM NEW.votes_support OR OLD.support_score IS DISTINCT FROM NEW.support_score OR OLD.controversy_score IS DISTINCT FROM NEW.controversy_score) EXECUTE FUNCTION page_generation_bump('tally', 'bill_id');
CREATE CONSTRAINT TRIGGER articles_page_insert AFTER INSERT ON articles DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION page_generation_bump('generation', 'bill_id');
CREATE CONSTRAINT TRIGGER articles_page_delete AFTER DELETE ON articles DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION page_generation_bump('generation', 'bill_id');
CREATE CONSTRAINT TRIGGER articles_page_content AFTER UPDATE ON articles DEFERRABLE INITIALLY DEFERRED FOR EACH ROW WHEN (OLD.section_id IS DISTINCT FROM NEW.section_id OR OLD.position IS DISTINCT FROM NEW.position OR OLD.label IS DISTINCT FROM NEW.label OR OLD.heading IS DISTINCT FROM NEW.heading OR OLD.body IS DISTINCT FROM NEW.body OR OLD.version IS DISTINCT FROM NEW.version OR OLD.arguments_count IS DISTINCT FROM NEW.arguments_count OR OLD.amendments_count IS DISTINCT FROM NEW.amendments_count OR OLD.sources_count IS DISTINCT FROM NEW.sources_count OR OLD.fate IS DISTINCT FROM NEW.fate OR OLD.origin_id IS DISTINCT FROM NEW.origin_id OR OLD.bill_id IS DISTINCT FROM NEW.bill_id) EXECUTE FUNCTION page_generation_bump('generation', 'bill_id');
CREATE CONSTRAINT TRIGGER articles_page_tally AFTER UPDATE ON articles DEFERRABLE INITIALLY DEFERRED FOR EACH ROW WHEN (OLD.votes_agree IS DISTINCT FROM NEW.votes_agree OR OLD.votes_mixed IS DISTINCT FROM NEW.votes_mixed OR OLD.votes_disagree IS DISTINCT FROM NEW.votes_disagree) EXECUTE FUNCTION page_generation_bump('tally', 'bill_id');
CREATE CONSTRAINT TRIGGER bills_page_content AFTER UPDATE ON bills DEFERRABLE INITIALLY DEFERRED FOR EACH ROW WHEN (OLD.slug IS DISTINCT FROM NEW.slug OR OLD.title IS DISTINCT FROM NEW.title OR OLD.summary IS DISTINCT FROM NEW.summary OR OLD.status IS DISTINCT FROM NEW.status OR OLD.opens_at IS DISTINCT FROM NEW.opens_at OR OLD.closes_at IS DISTINCT FROM NEW.closes_at OR OLD.source IS DISTINCT FROM NEW.source OR OLD.published_at IS DISTINCT FROM NEW.published_at OR OLD.contributions_count IS DISTINCT FROM NEW.contributions_count OR OLD.proposals_count IS DISTINCT FROM NEW.proposals_count) EXECUTE FUNCTION page_generation_bump('generation', 'id');
CREATE CONSTRAINT TRIGGER bills_page_tally AFTER UPDATE ON bills DEFERRABLE INITIALLY DEFERRED FOR EACH ROW WHEN (OLD.votes_count IS DISTINCT FROM NEW.votes_count OR OLD.participants_count IS DISTINCT FROM NEW.participants_count) EXECUTE FUNCTION page_generation_bump('tally', 'id');
CREATE CONSTRAINT TRIGGER bill_sponsors_page_change AFTER INSERT OR UPDATE OR DELETE ON bill_sponsors DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION page_generation_bump('generation', 'bill_id');
CREATE CONSTRAINT TRIGGER bill_sections_page_change AFTER INSERT OR UPDATE OR DELETE ON bill_sections DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION page_generation_bump('generation', 'bill_id');
CREATE CONSTRAINT TRIGGER bill_transitions_page_change AFTER INSERT OR UPDATE OR DELETE ON bill_transitions DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION page_generation_bump('generation', 'bill_id');
CREATE CONSTRAINT TRIGGER moderation_cases_page_change AFTER INSERT OR UPDATE OR DELETE ON moderation_cases DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION page_generation_bump('generation', 'bill_id');
CREATE CONSTRAINT TRIGGER themes_page_change AFTER INSERT OR UPDATE OR DELETE ON themes DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION page_generation_bump('generation', 'bill_id');
CREATE CONSTRAINT TRIGGER synthesis_notes_page_change AFTER INSERT OR UPDATE OR DELETE ON synthesis_notes DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION page_generation_bump('generation', 'bill_id');
CREATE CONSTRAINT TRIGGER decisions_page_change AFTER INSERT OR UPDATE OR DELETE ON decisions DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION page_generation_bump('generation', 'bill_id');
CREATE CONSTRAINT TRIGGER final_wordings_page_change AFTER INSERT OR UPDATE OR DELETE ON final_wordings DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION page_generation_bump('generation', 'bill_id');
CREATE CONSTRAINT TRIGGER contribution_themes_page_change AFTER INSERT OR DELETE ON contribution_themes DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION page_generation_bump('generation', 'theme');
CREATE CONSTRAINT TRIGGER users_page_author AFTER UPDATE ON users DEFERRABLE INITIALLY DEFERRED FOR EACH ROW WHEN (OLD.display_name IS DISTINCT FROM NEW.display_name OR OLD.name_public IS DISTINCT FROM NEW.name_public OR OLD.role IS DISTINCT FROM NEW.role OR OLD.category IS DISTINCT FROM NEW.category OR OLD.deleted_at IS DISTINCT FROM NEW.deleted_at) EXECUTE FUNCTION page_generation_bump('generation', 'all');
