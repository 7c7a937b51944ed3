-- Type names in lower and mixed case.
create table t (
	id integer primary key,
	a varchar(20),
	b Text,
	c bigInt,
	d double precision,
	e numeric(8,3),
	f datetime,
	g boolean
);
