-- expect: note
-- Covering indexes (INCLUDE), unique and not, with a predicate.  The
-- model has no INCLUDE: the indexes reflect without it, and a note says so.
CREATE TABLE t (
	id integer PRIMARY KEY,
	a integer,
	b text,
	c text
);
CREATE INDEX ix_t_a_incl ON t (a) INCLUDE (b, c);
CREATE UNIQUE INDEX ux_t_b_incl ON t (b) INCLUDE (a) WHERE c IS NOT NULL;
