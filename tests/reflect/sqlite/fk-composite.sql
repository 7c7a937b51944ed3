-- A composite foreign key to a composite primary key, and to a unique pair.
CREATE TABLE p (
	a INTEGER NOT NULL,
	b TEXT NOT NULL,
	x INTEGER,
	y INTEGER,
	PRIMARY KEY (a, b),
	UNIQUE (x, y)
);
CREATE TABLE c (
	id INTEGER PRIMARY KEY,
	pa INTEGER,
	pb TEXT,
	px INTEGER,
	py INTEGER,
	FOREIGN KEY (pa, pb) REFERENCES p (a, b) ON DELETE CASCADE,
	FOREIGN KEY (py, px) REFERENCES p (y, x)
);
