-- Integer spellings.
CREATE TABLE t (
	id integer PRIMARY KEY,
	a smallint,
	b int2,
	c int,
	d int4,
	e bigint,
	f int8,
	g INTEGER NOT NULL
);
