-- expect: note 1 partitioned table, 2 partitions
-- A partitioned table with two partitions: left out (a note), the other
-- table reflects.
CREATE TABLE measurements (
	id bigint NOT NULL,
	at date NOT NULL,
	value double precision,
	PRIMARY KEY (id, at)
) PARTITION BY RANGE (at);
CREATE TABLE measurements_2020 PARTITION OF measurements FOR VALUES FROM ('2020-01-01') TO ('2021-01-01');
CREATE TABLE measurements_2021 PARTITION OF measurements FOR VALUES FROM ('2021-01-01') TO ('2022-01-01');
CREATE TABLE other (id integer PRIMARY KEY);
