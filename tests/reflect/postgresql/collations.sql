-- Column collations.
CREATE TABLE t (
	id integer PRIMARY KEY,
	a text COLLATE "C",
	b varchar(20) COLLATE "POSIX" NOT NULL,
	c text COLLATE "default",
	d text COLLATE "C" DEFAULT 'x'
);
