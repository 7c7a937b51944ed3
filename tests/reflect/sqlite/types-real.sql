-- Floating point spellings (REAL affinity).
CREATE TABLE t (
	id INTEGER PRIMARY KEY,
	a REAL,
	b DOUBLE,
	c DOUBLE PRECISION,
	d FLOAT,
	e FLOAT(24)
);
