-- expect: note database has 2 triggers, which retort does not manage
-- A trigger: retort does not manage it, reports it once as a note, and
-- reflects the tables.
CREATE TABLE t (id INTEGER PRIMARY KEY, updated_at TIMESTAMP);
CREATE TABLE log (id INTEGER PRIMARY KEY, msg TEXT);
CREATE TRIGGER t_touch AFTER UPDATE ON t
BEGIN
	UPDATE t SET updated_at = CURRENT_TIMESTAMP WHERE id = NEW.id;
	INSERT INTO log (msg) VALUES ('updated');
END;
CREATE TRIGGER t_del BEFORE DELETE ON t BEGIN SELECT 1; END;
