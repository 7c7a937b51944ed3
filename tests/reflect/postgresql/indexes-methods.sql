-- Index methods: gin, gist, hash, brin.
CREATE TABLE t (
	id integer PRIMARY KEY,
	doc jsonb,
	tags text[],
	body tsvector,
	during tstzrange,
	code text,
	created_at timestamptz
);
CREATE INDEX ix_t_doc ON t USING gin (doc);
CREATE INDEX ix_t_tags ON t USING gin (tags);
CREATE INDEX ix_t_body ON t USING gist (body);
CREATE INDEX ix_t_during ON t USING gist (during);
CREATE INDEX ix_t_code ON t USING hash (code);
CREATE INDEX ix_t_created_at ON t USING brin (created_at);
