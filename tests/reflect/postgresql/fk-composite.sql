-- Composite foreign keys, to a composite primary key and a unique pair
-- (referenced columns not in the order of the key).
CREATE TABLE p (
	a integer NOT NULL,
	b text NOT NULL,
	x integer,
	y integer,
	PRIMARY KEY (a, b),
	UNIQUE (x, y)
);
CREATE TABLE c (
	id integer PRIMARY KEY,
	pa integer,
	pb text,
	px integer,
	py integer,
	FOREIGN KEY (pa, pb) REFERENCES p (a, b) ON DELETE CASCADE,
	FOREIGN KEY (px, py) REFERENCES p (x, y)
);
