-- expect: note
-- skip-roundtrip: the sequence is not managed, so the recreated default calls a sequence that does not exist
-- A free-standing sequence, used by a column default: the sequence is
-- not managed (a note), the column keeps its nextval default.
CREATE SEQUENCE order_no START 1000;
CREATE TABLE t (id integer PRIMARY KEY, order_no bigint NOT NULL DEFAULT nextval('order_no'));
