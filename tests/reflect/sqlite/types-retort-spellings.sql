-- The spellings `retort sql` itself writes for interval, json, jsonb, uuid.
CREATE TABLE t (
	id INTEGER PRIMARY KEY,
	a INTERVAL_TEXT,
	b JSON_TEXT,
	c JSONB_TEXT,
	d UUID_TEXT
);
