-- expect: note
-- WITHOUT ROWID tables: their primary keys reflect; the model cannot say
-- WITHOUT ROWID, which a note reports.
CREATE TABLE kv (
	k TEXT PRIMARY KEY,
	v BLOB
) WITHOUT ROWID;
CREATE TABLE pair (
	a INTEGER NOT NULL,
	b INTEGER NOT NULL,
	note TEXT,
	PRIMARY KEY (a, b)
) WITHOUT ROWID;
