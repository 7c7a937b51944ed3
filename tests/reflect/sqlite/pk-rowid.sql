-- Single-column primary keys: the rowid alias, a text key, a table-level key.
CREATE TABLE a (id INTEGER PRIMARY KEY, x TEXT);
CREATE TABLE b (code TEXT PRIMARY KEY, x TEXT);
CREATE TABLE c (id INTEGER, x TEXT, PRIMARY KEY (id));
CREATE TABLE d (id BIGINT PRIMARY KEY, x TEXT);
CREATE TABLE e (x TEXT);
