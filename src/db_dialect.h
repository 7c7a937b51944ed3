/*
 * db_dialect.h - the seam between db.c (URL parsing, dispatch) and the two
 * connection variants, db_sqlite.c (libsqlite3) and db_pg.c (libpq):
 * pg_dump's <interface>.h + <interface>_<variant>.c pattern.  Only the db_*
 * files include it; everyone else sees the opaque struct db of db.h.
 */
#ifndef RETORT_DB_DIALECT_H
#define RETORT_DB_DIALECT_H

#include <stdbool.h>

#include "db.h"

struct db;

struct db_ops {
	/*
	 * Checks what db.c's syntax check cannot (libpq's own URI parser), so
	 * that a bad URL is a usage error (exit 2) before anything connects.
	 * Returns 0, or -1 with "invalid database URL" reported.  NULL when
	 * there is nothing more to check.
	 */
	int (*check_url)(struct session *s, const struct db_url *url);
	/* Connects db->url into db; returns 0, or -1 with the error
	 * reported.  create: a SQLite file may be created. */
	int (*open)(struct session *s, struct db *db, bool create);
	void (*close)(struct db *db);
	int (*exec)(struct session *s, struct db *db, const char *sql);
	void (*rollback)(struct db *db);
	/* db_query, for this variant */
	int (*query)(struct session *s, struct db *db, const char *sql,
	             int nparams, const char *const *params, int ncols,
	             const char ***cells, int *nrows);
	/* db_versions, for this variant */
	int (*versions)(struct session *s, struct db *db, const char *table,
	                struct db_versions *out);
};

struct db {
	const struct db_ops *ops;
	struct db_url url;
	struct arena *arena; /* the session's: borrowed, outlives db */
	struct diag *diag;   /* for PostgreSQL notices (shown with -v) */
	int verbose;
	struct sqlite3 *sqlite;
	struct pg_conn *pg;
	/* PostgreSQL: the scratch database connected to instead of the
	 * URL's (db_scratch), or NULL */
	const char *scratch_name;
};

extern const struct db_ops db_sqlite_ops;
extern const struct db_ops db_pg_ops;

/*
 * Reports `invalid database URL "<display>"`, the reason (why, one detail
 * line per line, with the URL's passwords scrubbed; may be NULL) and a hint
 * listing the accepted forms.
 */
void db_bad_url(struct session *s, const struct db_url *url, const char *why);

/* text with every one of url's secrets replaced by "***" (arena memory;
 * text itself when there is nothing to replace). */
const char *db_scrub(struct arena *a, const struct db_url *url,
                     const char *text);

/* Reports text (a driver message) as detail lines, one per non-empty line,
 * leading and trailing white space trimmed, secrets scrubbed. */
void db_detail_lines(struct diag *d, struct arena *a, const struct db_url *url,
                     const char *text);

/* The statement sql on one line (white space runs that hold a line break
 * become one space, the ends trimmed), for a "Query was:" detail, cut
 * after about 2,000 bytes.  Arena memory. */
const char *db_one_line(struct arena *a, const char *sql);

/* Fills out->n, revs and sums from the table out->sql_name (present);
 * has_num: it has the column version_num (else it is some other table,
 * an error). */
int db_version_rows(struct session *s, struct db *db, struct db_versions *out,
                    bool has_num);

#endif
