-- A realistic application schema combining the features.
CREATE TYPE payment_status AS ENUM ('pending', 'paid', 'refunded');
CREATE TABLE users (
	user_id serial PRIMARY KEY,
	username varchar(255) NOT NULL UNIQUE,
	email varchar(255) NOT NULL,
	active boolean NOT NULL DEFAULT true,
	created_on timestamptz NOT NULL DEFAULT CURRENT_TIMESTAMP
);
CREATE UNIQUE INDEX ix_users_email ON users (lower(email));
COMMENT ON TABLE users IS 'Registered users';
CREATE TABLE payments (
	id bigint PRIMARY KEY,
	user_id integer NOT NULL REFERENCES users ON DELETE CASCADE,
	amount numeric(12, 2) NOT NULL CHECK (amount >= 0),
	status payment_status NOT NULL DEFAULT 'pending',
	meta jsonb,
	CONSTRAINT uq_payments_user_status UNIQUE (user_id, status)
);
CREATE INDEX ix_payments_pending ON payments (user_id, id DESC) WHERE status = 'pending';
CREATE INDEX ix_payments_meta ON payments USING gin (meta);
CREATE SCHEMA audit;
CREATE TABLE audit.events (
	id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	payment_id bigint REFERENCES payments (id) ON DELETE SET NULL,
	at timestamptz NOT NULL DEFAULT now()
);
CREATE VIEW paid_payments AS SELECT id, user_id, amount FROM payments WHERE status = 'paid';
