-- Self-referencing foreign keys (a tree).
CREATE TABLE node (
	id INTEGER PRIMARY KEY,
	parent_id INTEGER REFERENCES node (id) ON DELETE CASCADE,
	prev_id INTEGER REFERENCES node
);
CREATE INDEX ix_node_parent_id ON node (parent_id);
