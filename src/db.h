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
 * PostgreSQL: creates an empty database on server's server with a name
 * of its own and connects to it, for `verify`.  Returns the connection,
 * to be given back to db_scratch_drop, or NULL with the error reported.
 */
struct db *db_scratch(struct session *s, struct db *server);
/* Closes scratch and drops its database.  Returns 0, or -1 reported. */
int db_scratch_drop(struct session *s, struct db *server, struct db *scratch);

/* Rolls back the connection's open transaction, if there is one,
 * reporting nothing: for the way out of an error already reported. */
void db_rollback(struct db *db);

/*
 * Runs one statement whose text parameters params[0..nparams-1] are bound
 * to $1..$n (never spliced into the text) and keeps the first ncols
 * columns of its rows: (*cells)[row * ncols + col], NULL for SQL NULL,
 * *nrows rows (arena memory; cells may be NULL when the rows are not
 * wanted).  Returns 0, or -1 with the statement and the driver's message
 * reported.
 */
int db_query(struct session *s, struct db *db, const char *sql, int nparams,
             const char *const *params, int ncols, const char ***cells,
             int *nrows);

/* The version table as db_versions finds it. */
struct db_versions {
	bool present;  /* it exists */
	bool has_sums; /* it has retort's column "checksums" */
	/* the table as it is written in SQL: quoted by the database's own
	 * rules, on PostgreSQL schema-qualified (public unless the configured
	 * name is "schema.name"); on SQLite in the letter case found */
	const char *sql_name;
	int n;
	const char **revs; /* version_num of every row, sorted */
	const char **sums; /* the row's checksums, or NULL */
};

/*
 * Reads the version table `table` (Alembic's shape: a column
 * version_num, one row per applied head; retort adds a column checksums):
 * whether it exists (on SQLite in any letter case), its rows, and the
 * name to write it by (arena memory).  Returns 0, or -1 with the failing
 * query and the driver's message reported.
 */
int db_versions(struct session *s, struct db *db, const char *table,
                struct db_versions *out);

#endif
