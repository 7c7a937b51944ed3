-- numeric with and without precision and scale, decimal.
CREATE TABLE t (
	id integer PRIMARY KEY,
	a numeric,
	b numeric(10),
	c numeric(10, 2),
	d decimal,
	e decimal(12, 4),
	f numeric(5, 0)
);
