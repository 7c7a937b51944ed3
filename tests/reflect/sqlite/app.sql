-- A realistic application schema combining the features.
PRAGMA foreign_keys = ON;
CREATE TABLE users (
	user_id INTEGER PRIMARY KEY AUTOINCREMENT,
	username VARCHAR(255) NOT NULL UNIQUE,
	email VARCHAR(255) NOT NULL COLLATE NOCASE,
	active BOOLEAN NOT NULL DEFAULT 1,
	role TEXT NOT NULL DEFAULT 'member' CHECK (role IN ('member', 'admin')),
	created_on DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);
CREATE UNIQUE INDEX ix_users_email ON users (lower(email));
CREATE TABLE repositories (
	repo_id INTEGER PRIMARY KEY AUTOINCREMENT,
	owner_id INTEGER NOT NULL REFERENCES users (user_id) ON DELETE CASCADE,
	fork_of INTEGER REFERENCES repositories (repo_id) ON DELETE SET NULL,
	name VARCHAR(200) NOT NULL,
	private BOOLEAN NOT NULL DEFAULT 0,
	description TEXT,
	UNIQUE (owner_id, name)
);
CREATE INDEX ix_repositories_fork_of ON repositories (fork_of) WHERE fork_of IS NOT NULL;
CREATE TABLE pull_requests (
	pr_id INTEGER PRIMARY KEY AUTOINCREMENT,
	repo_id INTEGER NOT NULL REFERENCES repositories (repo_id) ON DELETE CASCADE,
	author_id INTEGER NOT NULL REFERENCES users (user_id),
	title VARCHAR(256) NOT NULL,
	status VARCHAR(10) NOT NULL DEFAULT 'new' CONSTRAINT ck_pull_requests_status CHECK (status IN ('new', 'open', 'closed')),
	created_on TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,
	updated_on TIMESTAMP
);
CREATE INDEX ix_pull_requests_repo_status ON pull_requests (repo_id, status, created_on DESC);
CREATE VIEW open_pull_requests AS
	SELECT pr_id, repo_id, title FROM pull_requests WHERE status = 'open';
