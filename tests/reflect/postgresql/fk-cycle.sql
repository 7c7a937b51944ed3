-- A foreign-key cycle closed with ALTER TABLE.
CREATE TABLE a (id integer PRIMARY KEY, b_id integer);
CREATE TABLE b (id integer PRIMARY KEY, c_id integer);
CREATE TABLE c (id integer PRIMARY KEY, a_id integer REFERENCES a (id));
ALTER TABLE a ADD CONSTRAINT fk_a_b FOREIGN KEY (b_id) REFERENCES b (id) DEFERRABLE INITIALLY DEFERRED;
ALTER TABLE b ADD FOREIGN KEY (c_id) REFERENCES c (id) ON DELETE SET NULL;
