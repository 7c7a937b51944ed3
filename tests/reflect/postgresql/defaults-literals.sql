-- Literal defaults of every form (PostgreSQL adds casts: 'x'::text).
CREATE TABLE t (
	id integer PRIMARY KEY,
	a integer DEFAULT 42,
	b integer DEFAULT -1,
	c numeric(6, 2) DEFAULT -1.5,
	d double precision DEFAULT 2.5e3,
	e text DEFAULT 'x',
	f text DEFAULT 'it''s',
	g text DEFAULT '',
	h text DEFAULT NULL,
	i boolean DEFAULT TRUE,
	j varchar(10) DEFAULT 'v',
	k char(2) DEFAULT 'ab',
	l text DEFAULT 'x'::text,
	m date DEFAULT '2020-01-01',
	n bigint DEFAULT 9000000000,
	o text DEFAULT E'line\nbreak',
	p smallint DEFAULT (-(3)),
	q numeric DEFAULT 0.0
);
