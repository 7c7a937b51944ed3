-- Integer spellings (all INTEGER affinity).
CREATE TABLE t (
	id INTEGER PRIMARY KEY,
	a INT,
	b INTEGER,
	c BIGINT,
	d SMALLINT,
	e TINYINT,
	f MEDIUMINT,
	g INT2,
	h INT8,
	i UNSIGNED BIG INT
);
