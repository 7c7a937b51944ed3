-- expect: note
-- An exclusion constraint: the model has no form for it, so it is
-- reported as a note and left out.
CREATE TABLE booking (
	id integer PRIMARY KEY,
	room integer NOT NULL,
	during tstzrange NOT NULL,
	EXCLUDE USING gist (during WITH &&)
);
