-- NOT NULL and explicit NULL.
CREATE TABLE t (
	id integer NOT NULL PRIMARY KEY,
	a text NOT NULL,
	b text NULL,
	c integer NOT NULL,
	d real
);
