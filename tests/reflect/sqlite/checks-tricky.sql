-- CHECKs whose text a regex would get wrong: strings with parentheses,
-- commas and quotes, comments, nested parentheses, keywords in strings.
CREATE TABLE t (
	id INTEGER PRIMARY KEY, -- the key, (with a comma
	a TEXT CHECK (a <> ')' AND a <> ',' AND a NOT LIKE '%CHECK (%'),
	b TEXT CHECK (b = 'it''s' OR b = '"quoted"'), /* a comment ) */
	c INTEGER CHECK (((c + 1) * (c - 1)) > (0)),
	d TEXT CHECK (length(d) BETWEEN 1 AND 10) CONSTRAINT ck_t_d_glob CHECK (d GLOB '[a-z]*'),
	CHECK (coalesce(a, b) IS NOT NULL) -- trailing comment
);
