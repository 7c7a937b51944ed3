-- B-tree indexes: single, multi-column, DESC, explicit USING btree.
CREATE TABLE t (
	id integer PRIMARY KEY,
	a integer,
	b text,
	c timestamptz
);
CREATE INDEX ix_t_a ON t (a);
CREATE INDEX ix_t_b_c ON t (b, c);
CREATE INDEX ix_t_c_desc ON t (c DESC);
CREATE INDEX ix_t_mixed ON t USING btree (a ASC, c DESC, b);
CREATE INDEX "Ix Quoted" ON t (b);
