-- expect: note
-- A virtual table (fts5, with its shadow tables): not managed, a note.
CREATE TABLE doc (id INTEGER PRIMARY KEY, body TEXT);
CREATE VIRTUAL TABLE doc_fts USING fts5 (body, content = 'doc', content_rowid = 'id');
