-- expect: note
-- skip-roundtrip: a column of a domain type cannot be recreated without the domain, which retort does not manage
-- A domain (and a column of that type): not managed, a note.
CREATE DOMAIN positive_int AS integer CHECK (VALUE > 0);
CREATE TABLE t (id integer PRIMARY KEY, n positive_int);
