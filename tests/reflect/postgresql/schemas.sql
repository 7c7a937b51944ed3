-- Non-public schemas: the same table name in two schemas, an enum and a
-- view in a schema, cross-schema foreign keys both ways.
CREATE SCHEMA audit;
CREATE SCHEMA billing;
CREATE TYPE billing.currency AS ENUM ('EUR', 'USD');
CREATE TABLE users (id integer PRIMARY KEY, name text);
CREATE TABLE audit.users (id integer PRIMARY KEY, changed_at timestamptz NOT NULL DEFAULT now());
CREATE TABLE billing.invoices (
	id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	user_id integer NOT NULL REFERENCES users (id),
	currency billing.currency NOT NULL DEFAULT 'EUR',
	amount numeric(12, 2) CHECK (amount >= 0)
);
CREATE INDEX ix_invoices_user_id ON billing.invoices (user_id);
CREATE TABLE audit.events (
	id bigserial PRIMARY KEY,
	invoice_id bigint REFERENCES billing.invoices (id) ON DELETE CASCADE,
	user_id integer REFERENCES audit.users (id)
);
CREATE TABLE notes (id integer PRIMARY KEY, event_id bigint REFERENCES audit.events (id));
CREATE VIEW billing.totals AS SELECT user_id, sum(amount) AS total FROM billing.invoices GROUP BY user_id;
COMMENT ON TABLE audit.events IS 'audit trail';
