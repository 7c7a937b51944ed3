-- Plain indexes: single, multi-column, IF NOT EXISTS, quoted names.
CREATE TABLE t (
	id INTEGER PRIMARY KEY,
	a INTEGER,
	b TEXT,
	c REAL
);
CREATE INDEX ix_t_a ON t (a);
CREATE INDEX ix_t_b_c ON t (b, c);
CREATE INDEX IF NOT EXISTS "Ix T C" ON t (c, a, b);
