-- What a personal API token may do: 'read' (GET and HEAD only) or
-- 'read-write'. Tokens made before scopes existed could write, so they stay
-- 'read-write' and the scripts using them keep working; new tokens say
-- their scope when they are made.
ALTER TABLE api_tokens ADD COLUMN scope TEXT NOT NULL DEFAULT 'read-write'
    CHECK (scope IN ('read', 'read-write'));
