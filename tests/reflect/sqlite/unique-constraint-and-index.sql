-- A unique constraint and a unique index on the same column.
CREATE TABLE t (
	id INTEGER PRIMARY KEY,
	code TEXT UNIQUE
);
CREATE UNIQUE INDEX ux_t_code ON t (code);
CREATE INDEX ix_t_code ON t (code);
