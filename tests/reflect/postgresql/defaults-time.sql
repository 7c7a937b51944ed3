-- Time defaults: now(), CURRENT_TIMESTAMP and friends.
CREATE TABLE t (
	id integer PRIMARY KEY,
	a timestamptz NOT NULL DEFAULT now(),
	b timestamptz DEFAULT CURRENT_TIMESTAMP,
	c timestamp DEFAULT LOCALTIMESTAMP,
	d date DEFAULT CURRENT_DATE,
	e time DEFAULT CURRENT_TIME,
	f timestamptz DEFAULT statement_timestamp(),
	g timestamptz DEFAULT clock_timestamp(),
	h timestamp DEFAULT (now() AT TIME ZONE 'utc'),
	i timestamptz DEFAULT (now() + interval '1 day'),
	j timestamp(0) DEFAULT CURRENT_TIMESTAMP(0)
);
