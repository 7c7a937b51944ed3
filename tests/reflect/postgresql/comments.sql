-- Table and column comments, with quotes, newlines and unicode.
CREATE TABLE t (id integer PRIMARY KEY, name text, note text);
COMMENT ON TABLE t IS 'Registered users';
COMMENT ON COLUMN t.name IS 'The user''s name';
COMMENT ON COLUMN t.note IS E'two\nlines, ünïcode ☃';
CREATE TABLE u (id integer);
COMMENT ON COLUMN u.id IS '';
