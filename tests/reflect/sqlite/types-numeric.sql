-- NUMERIC affinity: numeric with and without precision, decimal, boolean.
CREATE TABLE t (
	id INTEGER PRIMARY KEY,
	a NUMERIC,
	b NUMERIC(10, 2),
	c NUMERIC(10),
	d DECIMAL,
	e DECIMAL(12,4),
	f BOOLEAN,
	g BOOL
);
