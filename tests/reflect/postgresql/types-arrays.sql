-- Arrays: of integers, text, varchar(n), numeric(p,s), two dimensions.
CREATE TABLE t (
	id integer PRIMARY KEY,
	a integer[],
	b text[] NOT NULL DEFAULT '{}',
	c varchar(10)[],
	d numeric(8, 2)[],
	e int[][],
	f timestamptz[],
	g uuid[] DEFAULT ARRAY[]::uuid[]
);
