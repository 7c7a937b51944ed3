-- expect: note
-- A STRICT table (SQLite 3.37) with an ANY column: the model cannot say
-- STRICT (a note), the columns reflect like any other table's.
CREATE TABLE t (
	id INTEGER PRIMARY KEY,
	a TEXT NOT NULL,
	b ANY,
	c REAL
) STRICT;
