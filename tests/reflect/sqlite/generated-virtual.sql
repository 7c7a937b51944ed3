-- expect: note
-- VIRTUAL generated columns (the default when neither is written).  The
-- model has only stored ones: reflect says so in a note and models them as
-- stored, so the round trip holds for the schema, not for the storage.
CREATE TABLE t (
	id INTEGER PRIMARY KEY,
	a INTEGER NOT NULL,
	b INTEGER GENERATED ALWAYS AS (a * 2) VIRTUAL,
	c INTEGER AS (a + 1)
);
