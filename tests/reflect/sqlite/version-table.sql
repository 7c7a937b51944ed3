-- The version table is left out of reflection.
CREATE TABLE retort_version (version_num VARCHAR(32) NOT NULL CONSTRAINT retort_version_pkc PRIMARY KEY);
INSERT INTO retort_version VALUES ('abc123');
CREATE TABLE t (id INTEGER PRIMARY KEY);
