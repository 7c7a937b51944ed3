-- Primary keys: single, composite (not in column order), named, none.
CREATE TABLE a (id integer PRIMARY KEY, x text);
CREATE TABLE b (x integer, y text, z integer, PRIMARY KEY (y, x));
CREATE TABLE c (id bigint CONSTRAINT c_custom_pk PRIMARY KEY);
CREATE TABLE d (id integer, CONSTRAINT "D Key" PRIMARY KEY (id));
CREATE TABLE e (x text);
