-- Composite primary keys, in an order that is not the column order.
CREATE TABLE t (
	a INTEGER NOT NULL,
	b TEXT NOT NULL,
	c INTEGER,
	PRIMARY KEY (b, a)
);
CREATE TABLE u (x INTEGER, y INTEGER, CONSTRAINT pk_u PRIMARY KEY (x, y));
