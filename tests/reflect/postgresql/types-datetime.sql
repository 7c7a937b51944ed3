-- Date and time types with and without precision and time zone.
CREATE TABLE t (
	id integer PRIMARY KEY,
	a date,
	b time,
	c time(3),
	d time without time zone,
	e timestamp,
	f timestamp(0),
	g timestamp without time zone,
	h timestamptz,
	i timestamp with time zone,
	j timestamp(6) with time zone,
	k timestamptz(3)
);
