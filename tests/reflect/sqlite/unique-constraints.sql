-- UNIQUE constraints (sqlite_autoindex_*), inline, table-level, named.
CREATE TABLE t (
	id INTEGER PRIMARY KEY,
	email TEXT NOT NULL UNIQUE,
	a INTEGER,
	b INTEGER,
	c INTEGER CONSTRAINT uq_t_c UNIQUE,
	UNIQUE (a, b),
	CONSTRAINT uq_t_b_a UNIQUE (b, a)
);
