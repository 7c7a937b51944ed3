-- An enum whose labels were added out of order (enumsortorder is not the
-- creation order), and one with no labels.
CREATE TYPE level AS ENUM ('low', 'high');
ALTER TYPE level ADD VALUE 'medium' BEFORE 'high';
ALTER TYPE level ADD VALUE 'lowest' BEFORE 'low';
ALTER TYPE level ADD VALUE 'highest' AFTER 'high';
CREATE TYPE nothing AS ENUM ();
CREATE TABLE t (id integer PRIMARY KEY, l level);
