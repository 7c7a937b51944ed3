-- Named foreign keys (SQLite keeps the name only in the table's SQL).
CREATE TABLE p (id INTEGER PRIMARY KEY);
CREATE TABLE c (
	id INTEGER PRIMARY KEY,
	a INTEGER CONSTRAINT fk_custom_a REFERENCES p (id),
	b INTEGER,
	CONSTRAINT "fk weird ""name""" FOREIGN KEY (b) REFERENCES p (id) ON DELETE CASCADE
);
