-- Generated (stored) columns.
CREATE TABLE t (
	id integer PRIMARY KEY,
	price numeric(10, 2) NOT NULL,
	qty integer NOT NULL DEFAULT 1,
	total numeric(12, 2) GENERATED ALWAYS AS (price * qty) STORED,
	label text GENERATED ALWAYS AS ('#' || id::text) STORED,
	lower_label text GENERATED ALWAYS AS (lower('#' || id)) STORED
);
