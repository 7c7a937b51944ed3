-- Unique indexes (not constraints), next to a unique constraint.
CREATE TABLE t (
	id integer PRIMARY KEY,
	email text NOT NULL,
	code text UNIQUE,
	a integer,
	b integer
);
CREATE UNIQUE INDEX ux_t_email ON t (email);
CREATE UNIQUE INDEX ux_t_a_b ON t (a, b);
CREATE UNIQUE INDEX ux_t_code ON t (code);
