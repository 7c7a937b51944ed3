-- Expression defaults.
CREATE TABLE t (
	id integer PRIMARY KEY,
	a integer DEFAULT (1 + 2) * 3,
	b text DEFAULT lower('ABC'),
	c text DEFAULT 'a' || 'b',
	d uuid DEFAULT gen_random_uuid(),
	e text DEFAULT md5(random()::text),
	f integer[] DEFAULT ARRAY[1, 2, 3],
	g text DEFAULT current_user
);
