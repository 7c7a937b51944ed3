-- Time defaults: the keywords and the date functions.
CREATE TABLE t (
	id INTEGER PRIMARY KEY,
	a TIMESTAMP DEFAULT CURRENT_TIMESTAMP,
	b DATE DEFAULT CURRENT_DATE,
	c TIME DEFAULT current_time,
	d DATETIME NOT NULL DEFAULT (datetime('now')),
	e INTEGER DEFAULT (strftime('%s', 'now'))
);
