-- UNIQUE constraints: inline, table level, named, multi-column.
CREATE TABLE t (
	id integer PRIMARY KEY,
	email text NOT NULL UNIQUE,
	a integer,
	b integer,
	c integer CONSTRAINT uq_t_c UNIQUE,
	UNIQUE (a, b),
	CONSTRAINT "Uq B A" UNIQUE (b, a)
);
