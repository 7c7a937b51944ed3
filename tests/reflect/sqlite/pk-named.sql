-- Named primary keys, inline and as table constraints.
CREATE TABLE t (id INTEGER CONSTRAINT t_pkey PRIMARY KEY, x TEXT);
CREATE TABLE u (a INTEGER, b INTEGER, CONSTRAINT "u key" PRIMARY KEY (a, b));
