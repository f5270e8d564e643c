-- Votes in the order open data pages through them (voter, target), per
-- bill; it also serves every lookup by bill the old index did.
CREATE INDEX votes_bill_voter ON votes (bill_id, user_id, target_kind, target_id);
DROP INDEX votes_bill;
