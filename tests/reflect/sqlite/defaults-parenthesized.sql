-- Defaults written in parentheses: SQLite keeps the text as written.
CREATE TABLE t (
	id INTEGER PRIMARY KEY,
	a INTEGER DEFAULT (1),
	b TEXT DEFAULT ('x'),
	c INTEGER DEFAULT (-5),
	d INTEGER DEFAULT ((2))
);
