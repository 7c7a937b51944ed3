-- expect: note
-- Spellings other tools write (JSON and UUID get NUMERIC affinity here);
-- names that are no portable type are read by their affinity, with a note.
CREATE TABLE t (
	id INTEGER PRIMARY KEY,
	a JSON,
	b UUID,
	c STRING,
	d MONEY
);
