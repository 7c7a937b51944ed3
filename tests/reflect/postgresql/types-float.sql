-- Floating point spellings; float(p) becomes real or double precision.
CREATE TABLE t (
	id integer PRIMARY KEY,
	a real,
	b float4,
	c double precision,
	d float8,
	e float,
	f float(24),
	g float(53)
);
