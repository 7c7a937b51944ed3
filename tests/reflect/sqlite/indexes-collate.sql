-- An index column with its own collation.
CREATE TABLE t (
	id INTEGER PRIMARY KEY,
	name TEXT
);
CREATE INDEX ix_t_name_nocase ON t (name COLLATE NOCASE);
