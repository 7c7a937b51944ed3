-- SQLite's own tables (sqlite_stat1 from ANALYZE, sqlite_sequence from
-- AUTOINCREMENT) are not user tables: they are left out.
CREATE TABLE t (id INTEGER PRIMARY KEY AUTOINCREMENT, a TEXT);
CREATE INDEX ix_t_a ON t (a);
INSERT INTO t (a) VALUES ('x'), ('y'), ('y');
ANALYZE;
