-- serial columns that are not the primary key: a second serial next to
-- a key, a serial in a composite key, a serial in a table without a key.
CREATE TABLE a (id integer PRIMARY KEY, n serial NOT NULL);
CREATE TABLE b (x integer, y bigserial, PRIMARY KEY (x, y));
CREATE TABLE c (n serial);
