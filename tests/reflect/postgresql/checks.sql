-- CHECK constraints, named and unnamed, column and table level.
CREATE TABLE t (
	id integer PRIMARY KEY,
	qty integer NOT NULL CHECK (qty >= 0),
	price numeric CHECK (price > 0 AND price < 1000000),
	lo integer,
	hi integer,
	CHECK (lo <= hi),
	CONSTRAINT ck_custom CHECK (lo IS NULL OR lo > -10),
	CONSTRAINT "Check Mixed" CHECK (hi <> 42)
);
