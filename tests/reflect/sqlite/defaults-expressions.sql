-- Expression defaults.
CREATE TABLE t (
	id INTEGER PRIMARY KEY,
	a INTEGER DEFAULT (1 + 2),
	b TEXT DEFAULT (lower('ABC')),
	c TEXT DEFAULT ('a' || 'b'),
	d REAL DEFAULT (abs(-3) * 2.0),
	e TEXT DEFAULT (hex(randomblob(16)))
);
