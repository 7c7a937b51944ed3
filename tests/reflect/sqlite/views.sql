-- Views: a simple one, a join, a view over a view.
CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT NOT NULL, active BOOLEAN NOT NULL DEFAULT 1);
CREATE TABLE posts (id INTEGER PRIMARY KEY, user_id INTEGER NOT NULL REFERENCES users (id), title TEXT);
CREATE VIEW active_users AS SELECT id, name FROM users WHERE active;
CREATE VIEW user_posts AS
	SELECT u.name AS author, p.title
	FROM users u JOIN posts p ON p.user_id = u.id;
CREATE VIEW "Author Count" AS SELECT author, count(*) AS n FROM user_posts GROUP BY author;
