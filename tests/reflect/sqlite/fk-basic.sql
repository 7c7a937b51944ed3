-- Foreign keys: column and table level, with and without a column list.
PRAGMA foreign_keys = ON;
CREATE TABLE parent (id INTEGER PRIMARY KEY, name TEXT);
CREATE TABLE child (
	id INTEGER PRIMARY KEY,
	parent_id INTEGER REFERENCES parent (id),
	other_id INTEGER REFERENCES parent,
	third_id INTEGER,
	FOREIGN KEY (third_id) REFERENCES parent (id)
);
CREATE INDEX ix_child_parent_id ON child (parent_id);
