-- Unusual layout of the DDL text: lower-case keywords, comments, odd
-- spacing, IF NOT EXISTS, constraint clauses in unusual order.
create   table if not exists
	t ( id integer
	  not null primary key ,
	  -- a comment line
	  a text default 'a' not null unique check(a<>'') ,
	  b /* no type */ ,
	  c integer check(c>0) default 1
	);
create table IF NOT EXISTS "u"("x"integer,"y"text,unique("x","y"));
