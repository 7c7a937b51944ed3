-- Expression indexes, mixed with columns, DESC, with a method.
CREATE TABLE t (
	id integer PRIMARY KEY,
	email text,
	a integer,
	b integer,
	doc jsonb
);
CREATE INDEX ix_t_lower_email ON t (lower(email));
CREATE INDEX ix_t_sum ON t ((a + b));
CREATE INDEX ix_t_mixed ON t (a, lower(email) DESC, b);
CREATE UNIQUE INDEX ux_t_prefix ON t ("left"(email, 3), id);
CREATE INDEX ix_t_doc_kind ON t USING hash ((doc ->> 'kind'));
CREATE INDEX ix_t_cast ON t ((a::text));
