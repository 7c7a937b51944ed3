-- Date and time spellings, as SQLAlchemy and hand-written DDL use them.
CREATE TABLE t (
	id INTEGER PRIMARY KEY,
	a DATE,
	b DATETIME,
	c TIMESTAMP,
	d TIME,
	e TIMESTAMPTZ
);
