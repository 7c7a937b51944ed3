-- PostgreSQL built-in types outside the portable set.
CREATE TABLE t (
	id integer PRIMARY KEY,
	a inet,
	b cidr,
	c macaddr,
	d money,
	e tsvector,
	f xml,
	g point,
	h int4range,
	i bit(8),
	j bit varying(16),
	k tstzrange,
	l tsquery
);
