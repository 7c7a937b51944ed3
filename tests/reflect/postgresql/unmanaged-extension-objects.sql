-- expect: note
-- Several unmanaged kinds at once: a function, a domain not used by any
-- table, a composite type, an aggregate and a rule on a table.
CREATE TABLE t (id integer PRIMARY KEY, n integer);
CREATE TABLE t_log (n integer);
CREATE FUNCTION f() RETURNS integer LANGUAGE sql AS 'SELECT 1';
CREATE DOMAIN short_text AS varchar(10);
CREATE TYPE pair AS (a integer, b text);
CREATE AGGREGATE my_sum (integer) (SFUNC = int4pl, STYPE = integer);
CREATE RULE t_log_rule AS ON INSERT TO t DO ALSO INSERT INTO t_log VALUES (NEW.n);
