-- Unique indexes (CREATE UNIQUE INDEX), not constraints.
CREATE TABLE t (
	id INTEGER PRIMARY KEY,
	email TEXT NOT NULL,
	a INTEGER,
	b INTEGER
);
CREATE UNIQUE INDEX ux_t_email ON t (email);
CREATE UNIQUE INDEX ux_t_a_b ON t (a, b);
