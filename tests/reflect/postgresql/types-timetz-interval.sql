-- time with time zone (timetz, a PostgreSQL-only type) and interval.
CREATE TABLE t (
	id integer PRIMARY KEY,
	a time with time zone,
	b timetz,
	c time(3) with time zone,
	d interval,
	e interval NOT NULL DEFAULT '1 day'
);
