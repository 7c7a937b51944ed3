-- expect: note
-- A materialized view (with an index on it): not managed, a note.
CREATE TABLE t (id integer PRIMARY KEY, n integer);
CREATE MATERIALIZED VIEW t_sum AS SELECT sum(n) AS total FROM t;
CREATE UNIQUE INDEX ux_t_sum ON t_sum (total);
