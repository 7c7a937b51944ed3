-- Unnamed CHECK constraints, column and table level.
CREATE TABLE t (
	id INTEGER PRIMARY KEY,
	qty INTEGER NOT NULL CHECK (qty >= 0),
	price REAL CHECK (price > 0 AND price < 1000000),
	lo INTEGER,
	hi INTEGER,
	CHECK (lo <= hi)
);
