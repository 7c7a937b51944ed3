-- expect: note
-- Row-level security and a policy: not managed, a note.
CREATE TABLE t (id integer PRIMARY KEY, owner text NOT NULL DEFAULT current_user);
ALTER TABLE t ENABLE ROW LEVEL SECURITY;
CREATE POLICY own_rows ON t USING (owner = current_user);
