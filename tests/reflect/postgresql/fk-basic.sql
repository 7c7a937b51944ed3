-- Foreign keys: column and table level, to the primary key and to a
-- unique column.
CREATE TABLE parent (id integer PRIMARY KEY, code text UNIQUE);
CREATE TABLE child (
	id integer PRIMARY KEY,
	parent_id integer REFERENCES parent (id),
	other_id integer REFERENCES parent,
	parent_code text,
	FOREIGN KEY (parent_code) REFERENCES parent (code)
);
CREATE INDEX ix_child_parent_id ON child (parent_id);
