-- An article's own explanation (objective, reasons), shown on its page.
ALTER TABLE articles ADD COLUMN explanation TEXT;
