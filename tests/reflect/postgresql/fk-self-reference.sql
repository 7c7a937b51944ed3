-- Self-referencing foreign keys.
CREATE TABLE node (
	id integer PRIMARY KEY,
	parent_id integer REFERENCES node (id) ON DELETE CASCADE,
	prev_id integer REFERENCES node
);
CREATE INDEX ix_node_parent_id ON node (parent_id);
