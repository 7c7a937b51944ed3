-- boolean, bytea, json, jsonb, uuid.
CREATE TABLE t (
	id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
	a boolean,
	b bool NOT NULL DEFAULT false,
	c bytea,
	d json,
	e jsonb NOT NULL DEFAULT '{}',
	f jsonb DEFAULT '[]'::jsonb
);
