-- Views: simple, a join, a view over a view, column aliases.
CREATE TABLE users (id integer PRIMARY KEY, name text NOT NULL, active boolean NOT NULL DEFAULT true);
CREATE TABLE posts (id integer PRIMARY KEY, user_id integer NOT NULL REFERENCES users (id), title text);
CREATE VIEW active_users AS SELECT id, name FROM users WHERE active;
CREATE VIEW user_posts AS
	SELECT u.name AS author, p.title
	FROM users u JOIN posts p ON p.user_id = u.id;
CREATE VIEW "Author Count" (who, n) AS SELECT author, count(*) FROM user_posts GROUP BY author;
