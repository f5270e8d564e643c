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
    contribution_id BIGINT PRIMARY KEY NOT NULL REFERENCES contributions (id) ON DELETE CASCADE,
    render_version INTEGER NOT NULL,
    body_html TEXT NOT NULL,
    proposed_text_html TEXT
);

CREATE TABLE page_generations (
    bill_id BIGINT PRIMARY KEY NOT NULL REFERENCES bills (id) ON DELETE CASCADE,
    generation BIGINT NOT NULL DEFAULT 0,
    tally BIGINT NOT NULL DEFAULT 0
);
INSERT INTO page_generations (bill_id) SELECT id FROM bills;
CREATE TRIGGER bills_page_new AFTER INSERT ON bills FOR EACH ROW BEGIN INSERT INTO page_generations (bill_id) VALUES (NEW.id); END;
CREATE TRIGGER contributions_page_insert AFTER INSERT ON contributions FOR EACH ROW BEGIN UPDATE page_generations SET generation = generation + 1 WHERE bill_id = NEW.bill_id; END;
CREATE TRIGGER contributions_page_delete AFTER DELETE ON contributions FOR EACH ROW BEGIN UPDATE page_generations SET generation = generation + 1 WHERE bill_id = OLD.bill_id; END;
CREATE TRIGGER contributions_page_content AFTER UPDATE ON contributions FOR EACH ROW WHEN OLD.article_id IS DISTINCT FROM NEW.article_id OR OLD.parent_id IS DISTINCT FROM NEW.parent_id OR OLD.kind IS DISTINCT FROM NEW.kind OR OLD.stance IS DISTINCT FROM NEW.stance OR OLD.title IS DISTINCT FROM NEW.title OR OLD.body IS DISTINCT FROM NEW.body OR OLD.proposed_text IS DISTINCT FROM NEW.proposed_text OR OLD.deletes_article IS DISTINCT FROM NEW.deletes_article OR OLD.url IS DISTINCT FROM NEW.url OR OLD.status IS DISTINCT FROM NEW.status OR OLD.author_id IS DISTINCT FROM NEW.author_id OR OLD.arguments_count IS DISTINCT FROM NEW.arguments_count OR OLD.sources_count IS DISTINCT FROM NEW.sources_count OR OLD.edited_at IS DISTINCT FROM NEW.edited_at OR OLD.withdrawn_at IS DISTINCT FROM NEW.withdrawn_at OR OLD.moderation IS DISTINCT FROM NEW.moderation OR OLD.bill_id IS DISTINCT FROM NEW.bill_id BEGIN UPDATE page_generations SET generation = generation + 1 WHERE bill_id = NEW.bill_id; END;
CREATE TRIGGER contributions_page_tally AFTER UPDATE ON contributions FOR EACH ROW WHEN OLD.votes_agree IS DISTINCT FROM NEW.votes_agree OR OLD.votes_mixed IS DISTINCT FROM NEW.votes_mixed OR OLD.votes_disagree IS DISTINCT FROM NEW.votes_disagree OR OLD.votes_support IS DISTINCT FROM NEW.votes_support OR OLD.support_score IS DISTINCT FROM NEW.support_score OR OLD.controversy_score IS DISTINCT FROM NEW.controversy_score BEGIN UPDATE page_generations SET tally = tally + 1 WHERE bill_id = NEW.bill_id; END;
CREATE TRIGGER articles_page_insert AFTER INSERT ON articles FOR EACH ROW BEGIN UPDATE page_generations SET generation = generation + 1 WHERE bill_id = NEW.bill_id; END;
CREATE TRIGGER articles_page_delete AFTER DELETE ON articles FOR EACH ROW BEGIN UPDATE page_generations SET generation = generation + 1 WHERE bill_id = OLD.bill_id; END;
CREATE TRIGGER articles_page_content AFTER UPDATE ON articles FOR EACH ROW WHEN OLD.section_id IS DISTINCT FROM NEW.section_id OR OLD.position IS DISTINCT FROM NEW.position OR OLD.label IS DISTINCT FROM NEW.label OR OLD.heading IS DISTINCT FROM NEW.heading OR OLD.body IS DISTINCT FROM NEW.body OR OLD.version IS DISTINCT FROM NEW.version OR OLD.arguments_count IS DISTINCT FROM NEW.arguments_count OR OLD.amendments_count IS DISTINCT FROM NEW.amendments_count OR OLD.sources_count IS DISTINCT FROM NEW.sources_count OR OLD.fate IS DISTINCT FROM NEW.fate OR OLD.origin_id IS DISTINCT FROM NEW.origin_id OR OLD.bill_id IS DISTINCT FROM NEW.bill_id BEGIN UPDATE page_generations SET generation = generation + 1 WHERE bill_id = NEW.bill_id; END;
CREATE TRIGGER articles_page_tally AFTER UPDATE ON articles FOR EACH ROW WHEN OLD.votes_agree IS DISTINCT FROM NEW.votes_agree OR OLD.votes_mixed IS DISTINCT FROM NEW.votes_mixed OR OLD.votes_disagree IS DISTINCT FROM NEW.votes_disagree BEGIN UPDATE page_generations SET tally = tally + 1 WHERE bill_id = NEW.bill_id; END;
CREATE TRIGGER bills_page_content AFTER UPDATE ON bills FOR EACH ROW WHEN OLD.slug IS DISTINCT FROM NEW.slug OR OLD.title IS DISTINCT FROM NEW.title OR OLD.summary IS DISTINCT FROM NEW.summary OR OLD.status IS DISTINCT FROM NEW.status OR OLD.opens_at IS DISTINCT FROM NEW.opens_at OR OLD.closes_at IS DISTINCT FROM NEW.closes_at OR OLD.source IS DISTINCT FROM NEW.source OR OLD.published_at IS DISTINCT FROM NEW.published_at OR OLD.contributions_count IS DISTINCT FROM NEW.contributions_count OR OLD.proposals_count IS DISTINCT FROM NEW.proposals_count BEGIN UPDATE page_generations SET generation = generation + 1 WHERE bill_id = NEW.id; END;
CREATE TRIGGER bills_page_tally AFTER UPDATE ON bills FOR EACH ROW WHEN OLD.votes_count IS DISTINCT FROM NEW.votes_count OR OLD.participants_count IS DISTINCT FROM NEW.participants_count BEGIN UPDATE page_generations SET tally = tally + 1 WHERE bill_id = NEW.id; END;
CREATE TRIGGER bill_sponsors_page_insert AFTER INSERT ON bill_sponsors FOR EACH ROW BEGIN UPDATE page_generations SET generation = generation + 1 WHERE bill_id = NEW.bill_id; END;
CREATE TRIGGER bill_sponsors_page_update AFTER UPDATE ON bill_sponsors FOR EACH ROW BEGIN UPDATE page_generations SET generation = generation + 1 WHERE bill_id = NEW.bill_id; END;
CREATE TRIGGER bill_sponsors_page_delete AFTER DELETE ON bill_sponsors FOR EACH ROW BEGIN UPDATE page_generations SET generation = generation + 1 WHERE bill_id = OLD.bill_id; END;
CREATE TRIGGER bill_sections_page_insert AFTER INSERT ON bill_sections FOR EACH ROW BEGIN UPDATE page_generations SET generation = generation + 1 WHERE bill_id = NEW.bill_id; END;
CREATE TRIGGER bill_sections_page_update AFTER UPDATE ON bill_sections FOR EACH ROW BEGIN UPDATE page_generations SET generation = generation + 1 WHERE bill_id = NEW.bill_id; END;
CREATE TRIGGER bill_sections_page_delete AFTER DELETE ON bill_sections FOR EACH ROW BEGIN UPDATE page_generations SET generation = generation + 1 WHERE bill_id = OLD.bill_id; END;
CREATE TRIGGER bill_transitions_page_insert AFTER INSERT ON bill_transitions FOR EACH ROW BEGIN UPDATE page_generations SET generation = generation + 1 WHERE bill_id = NEW.bill_id; END;
CREATE TRIGGER bill_transitions_page_update AFTER UPDATE ON bill_transitions FOR EACH ROW BEGIN UPDATE page_generations SET generation = generation + 1 WHERE bill_id = NEW.bill_id; END;
CREATE TRIGGER bill_transitions_page_delete AFTER DELETE ON bill_transitions FOR EACH ROW BEGIN UPDATE page_generations SET generation = generation + 1 WHERE bill_id = OLD.bill_id; END;
CREATE TRIGGER moderation_cases_page_insert AFTER INSERT ON moderation_cases FOR EACH ROW BEGIN UPDATE page_generations SET generation = generation + 1 WHERE bill_id = NEW.bill_id; END;
CREATE TRIGGER moderation_cases_page_update AFTER UPDATE ON moderation_cases FOR EACH ROW BEGIN UPDATE page_generations SET generation = generation + 1 WHERE bill_id = NEW.bill_id; END;
CREATE TRIGGER moderation_cases_page_delete AFTER DELETE ON moderation_cases FOR EACH ROW BEGIN UPDATE page_generations SET generation = generation + 1 WHERE bill_id = OLD.bill_id; END;
CREATE TRIGGER themes_page_insert AFTER INSERT ON themes FOR EACH ROW BEGIN UPDATE page_generations SET generation = generation + 1 WHERE bill_id = NEW.bill_id; END;
CREATE TRIGGER themes_page_update AFTER UPDATE ON themes FOR EACH ROW BEGIN UPDATE page_generations SET generation = generation + 1 WHERE bill_id = NEW.bill_id; END;
CREATE TRIGGER themes_page_delete AFTER DELETE ON themes FOR EACH ROW BEGIN UPDATE page_generations SET generation = generation + 1 WHERE bill_id = OLD.bill_id; END;
CREATE TRIGGER synthesis_notes_page_insert AFTER INSERT ON synthesis_notes FOR EACH ROW BEGIN UPDATE page_generations SET generation = generation + 1 WHERE bill_id = NEW.bill_id; END;
CREATE TRIGGER synthesis_notes_page_update AFTER UPDATE ON synthesis_notes FOR EACH ROW BEGIN UPDATE page_generations SET generation = generation + 1 WHERE bill_id = NEW.bill_id; END;
CREATE TRIGGER synthesis_notes_page_delete AFTER DELETE ON synthesis_notes FOR EACH ROW BEGIN UPDATE page_generations SET generation = generation + 1 WHERE bill_id = OLD.bill_id; END;
CREATE TRIGGER decisions_page_insert AFTER INSERT ON decisions FOR EACH ROW BEGIN UPDATE page_generations SET generation = generation + 1 WHERE bill_id = NEW.bill_id; END;
CREATE TRIGGER decisions_page_update AFTER UPDATE ON decisions FOR EACH ROW BEGIN UPDATE page_generations SET generation = generation + 1 WHERE bill_id = NEW.bill_id; END;
CREATE TRIGGER decisions_page_delete AFTER DELETE ON decisions FOR EACH ROW BEGIN UPDATE page_generations SET generation = generation + 1 WHERE bill_id = OLD.bill_id; END;
CREATE TRIGGER final_wordings_page_insert AFTER INSERT ON final_wordings FOR EACH ROW BEGIN UPDATE page_generations SET generation = generation + 1 WHERE bill_id = NEW.bill_id; END;
CREATE TRIGGER final_wordings_page_update AFTER UPDATE ON final_wordings FOR EACH ROW BEGIN UPDATE page_generations SET generation = generation + 1 WHERE bill_id = NEW.bill_id; END;
CREATE TRIGGER final_wordings_page_delete AFTER DELETE ON final_wordings FOR EACH ROW BEGIN UPDATE page_generations SET generation = generation + 1 WHERE bill_id = OLD.bill_id; END;
CREATE TRIGGER contribution_themes_page_insert AFTER INSERT ON contribution_themes FOR EACH ROW BEGIN UPDATE page_generations SET generation = generation + 1 WHERE bill_id = (SELECT bill_id FROM themes WHERE id = NEW.theme_id); END;
CREATE TRIGGER contribution_themes_page_delete AFTER DELETE ON contribution_themes FOR EACH ROW BEGIN UPDATE page_generations SET generation = generation + 1 WHERE bill_id = (SELECT bill_id FROM themes WHERE id = OLD.theme_id); END;
CREATE TRIGGER users_page_author AFTER UPDATE ON users FOR EACH ROW WHEN OLD.display_name IS DISTINCT FROM NEW.display_name OR OLD.name_public IS DISTINCT FROM NEW.name_public OR OLD.role IS DISTINCT FROM NEW.role OR OLD.category IS DISTINCT FROM NEW.category OR OLD.deleted_at IS DISTINCT FROM NEW.deleted_at BEGIN UPDATE page_generations SET generation = generation + 1; END;
