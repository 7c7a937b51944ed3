-- Partial indexes.
CREATE TABLE t (
	id INTEGER PRIMARY KEY,
	status TEXT NOT NULL,
	deleted_at TIMESTAMP,
	email TEXT
);
CREATE INDEX ix_t_pending ON t (id) WHERE status = 'pending';
CREATE UNIQUE INDEX ux_t_email_live ON t (email) WHERE deleted_at IS NULL;
CREATE INDEX ix_t_nested ON t (status) WHERE ((id > 10) AND (status <> 'x'));
