-- Expression indexes, mixed with plain columns.
CREATE TABLE t (
	id INTEGER PRIMARY KEY,
	email TEXT,
	a INTEGER,
	b INTEGER
);
CREATE INDEX ix_t_lower_email ON t (lower(email));
CREATE INDEX ix_t_sum ON t ((a + b));
CREATE INDEX ix_t_mixed ON t (a, lower(email) DESC, b);
CREATE UNIQUE INDEX ux_t_substr ON t (substr(email, 1, 3), id);
