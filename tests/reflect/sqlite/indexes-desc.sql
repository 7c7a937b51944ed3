-- DESC and explicit ASC index columns.
CREATE TABLE t (
	id INTEGER PRIMARY KEY,
	a INTEGER,
	b TEXT
);
CREATE INDEX ix_t_a_desc ON t (a DESC);
CREATE INDEX ix_t_b_a ON t (b ASC, a DESC);
CREATE UNIQUE INDEX ux_t_b_desc ON t (b DESC, id);
