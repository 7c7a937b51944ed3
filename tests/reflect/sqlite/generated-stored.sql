-- STORED generated columns.
CREATE TABLE t (
	id INTEGER PRIMARY KEY,
	price NUMERIC(10, 2) NOT NULL,
	qty INTEGER NOT NULL DEFAULT 1,
	total NUMERIC(12, 2) GENERATED ALWAYS AS (price * qty) STORED,
	label TEXT AS ('#' || id) STORED
);
