DROP TABLE bill_transitions;
DROP TABLE article_versions;
DROP TABLE articles;
DROP TABLE bill_sections;
DROP TABLE bill_sponsors;
DROP TABLE bills;
