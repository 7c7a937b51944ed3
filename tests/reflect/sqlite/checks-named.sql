-- Named CHECK constraints.
CREATE TABLE t (
	id INTEGER PRIMARY KEY,
	qty INTEGER CONSTRAINT ck_t_qty CHECK (qty >= 0),
	lo INTEGER,
	hi INTEGER,
	CONSTRAINT ck_t_range CHECK (lo <= hi),
	CONSTRAINT "Check Mixed" CHECK (lo IS NULL OR lo > -10)
);
