-- CHECKs that PostgreSQL rewrites with casts and ANY (ARRAY[...]).
CREATE TABLE t (
	id integer PRIMARY KEY,
	status varchar(10) NOT NULL CHECK (status IN ('new', 'open', 'closed')),
	kind text CHECK (kind = ANY (ARRAY['a'::text, 'b'::text])),
	code char(2) CHECK (code ~ '^[A-Z]{2}$'),
	at timestamptz CHECK (at > '2000-01-01'),
	n numeric CHECK (n::integer = n),
	CONSTRAINT ck_t_combo CHECK ((status)::text <> 'closed' OR (kind IS NOT NULL))
);
