-- interval with a precision and with fields.
CREATE TABLE t (
	id integer PRIMARY KEY,
	a interval(3),
	b interval day to second,
	c interval year
);
