-- Character types: varchar without length, char without length (= char(1)).
CREATE TABLE t (
	id integer PRIMARY KEY,
	a text,
	b varchar,
	c varchar(20),
	d character varying(255),
	e char,
	f char(10),
	g character(3),
	h bpchar(4)
);
