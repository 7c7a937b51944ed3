-- Enum types: labels in order, as column types, defaults, arrays.
CREATE TYPE mood AS ENUM ('sad', 'ok', 'happy');
CREATE TYPE "Payment Status" AS ENUM ('pending', 'paid', 'it''s refunded');
CREATE TABLE t (
	id integer PRIMARY KEY,
	m mood NOT NULL DEFAULT 'ok',
	p "Payment Status" DEFAULT 'pending'::"Payment Status",
	ms mood[]
);
CREATE TYPE unused AS ENUM ('x');
