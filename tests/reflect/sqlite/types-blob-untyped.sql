-- BLOB and columns with no declared type at all (BLOB affinity).
CREATE TABLE t (
	id INTEGER PRIMARY KEY,
	a BLOB,
	b,
	c NOT NULL DEFAULT 0
);
CREATE TABLE u (x, y, z);
