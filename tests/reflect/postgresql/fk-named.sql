-- Foreign keys with custom names.
CREATE TABLE p (id integer PRIMARY KEY);
CREATE TABLE c (
	id integer PRIMARY KEY,
	a integer CONSTRAINT fk_custom_a REFERENCES p (id),
	b integer,
	CONSTRAINT "fk weird ""name""" FOREIGN KEY (b) REFERENCES p (id) ON DELETE CASCADE
);
