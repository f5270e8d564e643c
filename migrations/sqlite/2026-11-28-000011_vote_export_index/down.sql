CREATE INDEX votes_bill ON votes (bill_id);
DROP INDEX votes_bill_voter;
