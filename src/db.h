/*
 * db.h - database connections.  db.c parses SQLAlchemy-style URLs and
 * dispatches; db_sqlite.c (libsqlite3) and db_pg.c (libpq) are the two
 * variants (pg_dump's <interface>.h + <interface>_<variant>.c seam).
 *
 * URLs (DESIGN section 4): sqlite:///relative.db, sqlite:////abs/path.db,
 * sqlite:// (in memory), postgresql://user:pw@host:port/db?key=value
 * (also postgres://, postgresql+psycopg2:// and the like: the driver part is
 * ignored), handed to libpq as a connection URI.  A password is never
 * printed: messages use db_url's display form, with the password masked.
 */
#ifndef RETORT_DB_H
#define RETORT_DB_H

#include <stdbool.h>

#include "session.h"

struct db_url {
	enum dialect dialect;
	const char *path;     /* sqlite: file path, or ":memory:" */
	const char *conninfo; /* postgresql: what libpq gets */
	const char *display;  /* the URL with any password masked */
	/*
	 * The passwords the URL holds, as written and percent-decoded: only
	 * to scrub them out of driver messages (db_pg.c), never printed.
	 */
	const char **secrets;
	int nsecrets;
};

struct db;

/* Parses url into *out (arena memory).  Returns 0, or -1 with an error
 * reported (exit status 2: bad usage). */
int db_url_parse(struct session *s, const char *url, struct db_url *out);

/* Connects.  Returns the connection, or NULL with an error reported
 * ("could not connect ...", the driver's message as a detail, a hint; exit
 * status 3).  A SQLite file must exist and be a database: opening never
 * creates one (a typo in a path must not make an empty database). */
struct db *db_open(struct session *s, const struct db_url *url);
/* Like db_open, but a SQLite file that does not exist is created (for
 * commands that build a database, and for tests). */
struct db *db_create(struct session *s, const struct db_url *url);
void db_close(struct db *db);

enum dialect db_dialect(const struct db *db);
const struct db_url *db_get_url(const struct db *db);

/* The driver handles, for the reflectors (NULL for the other dialect). */
struct sqlite3 *db_sqlite(struct db *db);
struct pg_conn *db_pg(struct db *db);

/*
 * Opens one more connection to db's PostgreSQL database with the same
 * parameters (for the reflector, which reads the catalog over two
 * connections sharing one snapshot).  Returns it, to be closed with
 * PQfinish by the caller before it returns, or NULL, reporting nothing,
 * when db is not PostgreSQL or the server refuses (too many connections,
 * say): the caller then does with the one connection it has.
 */
struct pg_conn *db_pg_connect_again(struct session *s, struct db *db);

/* Runs SQL text of one or more statements, with no result.  Returns 0, or
 * -1 with the failing statement and the driver's message reported. */
int db_exec(struct session *s, struct db *db, const char *sql);

/*
 * Reads the version table `table` (Alembic's shape: a column
 * version_num, one row per applied head): *present says whether it
 * exists (on SQLite in any letter case, on PostgreSQL in schema public),
 * *revs its rows sorted (arena memory), *n how many.  Returns 0, or -1
 * with the failing query and the driver's message reported.
 */
int db_versions(struct session *s, struct db *db, const char *table,
                const char ***revs, int *n, bool *present);

#endif
