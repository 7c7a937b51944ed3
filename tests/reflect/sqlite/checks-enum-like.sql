-- Enum-like CHECKs, as retort writes for enums (named ck_<table>_<enum>)
-- and as hand-written DDL has them.
CREATE TABLE t (
	id INTEGER PRIMARY KEY,
	status TEXT NOT NULL DEFAULT 'pending'
		CONSTRAINT ck_t_payment_status CHECK (status IN ('pending', 'paid', 'refunded')),
	kind VARCHAR(10) CHECK (kind IN ('a', 'b')),
	flag INTEGER CHECK (flag IN (0, 1))
);
