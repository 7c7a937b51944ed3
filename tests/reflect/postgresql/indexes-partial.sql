-- Partial indexes.
CREATE TABLE t (
	id integer PRIMARY KEY,
	status text NOT NULL,
	deleted_at timestamptz,
	email text
);
CREATE INDEX ix_t_pending ON t (id) WHERE status = 'pending';
CREATE UNIQUE INDEX ux_t_email_live ON t (email) WHERE deleted_at IS NULL;
CREATE INDEX ix_t_nested ON t (status) WHERE ((id > 10) AND (status <> 'x'::text));
CREATE INDEX ix_t_in ON t (id) WHERE status IN ('a', 'b');
