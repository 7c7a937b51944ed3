/*
 * db_sqlite.c - the SQLite variant of the connection interface (struct
 * db_ops, see db_dialect.h), on libsqlite3.
 *
 * Opening never creates a file unless asked (db_create): a typo in a path
 * must fail, not reflect an empty database.  An opened file is read once
 * (sqlite_schema) so that a file that is not a database fails here, with a
 * message that says so, rather than in the middle of reflection.  The
 * connection gets a busy timeout, so that a database another process is
 * writing is waited for instead of failing at once.  Foreign keys are left
 * as the library sets them: the runner decides.
 */
#include <errno.h>
#include <sqlite3.h>
#include <string.h>
#include <sys/stat.h>

#include "arena.h"
#include "db.h"
#include "db_dialect.h"

/* How long a statement waits for another connection's lock. */
enum { BUSY_TIMEOUT_MS = 5000 };

static bool is_memory(const char *path)
{
	return !strcmp(path, ":memory:");
}

/* The name handed to sqlite3_open_v2: a relative path that starts with
 * "file:" gets "./" so that a library built with URI file names on by
 * default cannot read it as a URI. */
static const char *file_name(struct arena *a, const char *path)
{
	if (!strncmp(path, "file:", 5))
		return arena_printf(a, "./%s", path);
	return path;
}

static void open_error(struct session *s, const char *path, const char *why,
                       bool missing)
{
	diag_global(s->diag, SEV_ERROR, "could not open database \"%s\"", path);
	diag_detail(s->diag, "%s", why);
	if (missing)
		diag_global_hint(
		    s->diag, "Check the path: sqlite:///name.db is relative "
		             "to the current directory, "
		             "sqlite:////path/name.db is absolute.");
}

static int sqlite_open(struct session *s, struct db *db, bool create)
{
	const char *path = db->url.path;
	bool memory = is_memory(path);
	struct stat st;
	/* SQLite may open a directory read-only and fail only later, with a
	 * less helpful message */
	if (!memory && stat(path, &st) == 0 && S_ISDIR(st.st_mode)) {
		open_error(s, path, "is a directory", false);
		return -1;
	}
	int flags = SQLITE_OPEN_READWRITE;
	if (create || memory)
		flags |= SQLITE_OPEN_CREATE;
	sqlite3 *h = NULL;
	int rc = sqlite3_open_v2(memory ? path : file_name(s->arena, path), &h,
	                         flags, NULL);
	if (rc != SQLITE_OK) {
		int err = h ? sqlite3_system_errno(h) : 0;
		if (err == ENOENT)
			open_error(s, path, "no such file", !create);
		else if (err)
			open_error(s, path,
			           arena_printf(s->arena, "%s: %s",
			                        h ? sqlite3_errmsg(h)
			                          : sqlite3_errstr(rc),
			                        strerror(err)),
			           false);
		else
			open_error(s, path,
			           h ? sqlite3_errmsg(h) : sqlite3_errstr(rc),
			           false);
		sqlite3_close(h);
		return -1;
	}
	sqlite3_busy_timeout(h, BUSY_TIMEOUT_MS);
	/* the first read of the header: a text file fails here with
	 * SQLITE_NOTADB ("file is not a database") */
	rc = sqlite3_exec(h, "SELECT count(*) FROM sqlite_schema", NULL, NULL,
	                  NULL);
	if (rc != SQLITE_OK) {
		if ((rc & 0xff) == SQLITE_NOTADB)
			diag_global(s->diag, SEV_ERROR,
			            "\"%s\" is not a SQLite database", path);
		else
			diag_global(s->diag, SEV_ERROR,
			            "could not read database \"%s\"", path);
		diag_detail(s->diag, "%s", sqlite3_errmsg(h));
		sqlite3_close(h);
		return -1;
	}
	db->sqlite = h;
	return 0;
}

static void sqlite_close(struct db *db)
{
	if (db->sqlite)
		sqlite3_close(db->sqlite);
	db->sqlite = NULL;
}

static void exec_error(struct session *s, struct db *db, const char *stmt)
{
	diag_global(s->diag, SEV_ERROR, "query failed: %s",
	            sqlite3_errmsg(db->sqlite));
	diag_detail(s->diag, "Query was: %s", db_one_line(s->arena, stmt));
}

/* The first complete statement of sql (up to and including its ';'), or
 * all of sql: only for a message, when preparing it failed. */
static const char *first_statement(struct arena *a, const char *sql)
{
	for (const char *p = strchr(sql, ';'); p; p = strchr(p + 1, ';')) {
		char *stmt = arena_strndup(a, sql, (size_t)(p - sql + 1));
		if (sqlite3_complete(stmt))
			return stmt;
	}
	return sql;
}

/* One statement at a time (sqlite3_exec would not say which one failed);
 * rows a statement returns are read and dropped. */
static int sqlite_exec(struct session *s, struct db *db, const char *sql)
{
	const char *p = sql;
	while (*p) {
		sqlite3_stmt *st = NULL;
		const char *tail = NULL;
		if (sqlite3_prepare_v2(db->sqlite, p, -1, &st, &tail) !=
		    SQLITE_OK) {
			exec_error(s, db, first_statement(s->arena, p));
			return -1;
		}
		if (!st) /* only white space or comments were left */
			break;
		int rc;
		while ((rc = sqlite3_step(st)) == SQLITE_ROW)
			;
		if (rc != SQLITE_DONE) {
			exec_error(s, db, sqlite3_sql(st));
			sqlite3_finalize(st);
			return -1;
		}
		sqlite3_finalize(st);
		p = tail;
	}
	return 0;
}

static void sqlite_rollback(struct db *db)
{
	/* some errors (SQLITE_FULL, SQLITE_IOERR, ...) have rolled the
	 * transaction back already */
	if (!sqlite3_get_autocommit(db->sqlite))
		sqlite3_exec(db->sqlite, "ROLLBACK", NULL, NULL, NULL);
}

static int sqlite_query(struct session *s, struct db *db, const char *sql,
                        int nparams, const char *const *params, int ncols,
                        const char ***cells, int *nrows)
{
	sqlite3_stmt *st = NULL;
	if (sqlite3_prepare_v2(db->sqlite, sql, -1, &st, NULL) != SQLITE_OK) {
		exec_error(s, db, sql);
		return -1;
	}
	for (int i = 0; i < nparams; i++)
		sqlite3_bind_text(st, i + 1, params[i], -1, SQLITE_STATIC);
	int rc, cap = 0, n = 0;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		for (int c = 0; c < ncols; c++) {
			const char *v =
			    (const char *)sqlite3_column_text(st, c);
			ARENA_PUSH(s->arena, *cells, n, cap,
			           v ? arena_strdup(s->arena, v) : NULL);
		}
		++*nrows;
	}
	if (rc != SQLITE_DONE)
		exec_error(s, db, sql);
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? 0 : -1;
}

/* The first column of every row of sql (a query built with %Q/%w, so
 * nothing is left to bind; freed here, NULL when out of memory). */
static int sqlite_column(struct session *s, struct db *db, char *sql,
                         const char ***out, int *n)
{
	if (!sql) {
		diag_global(s->diag, SEV_ERROR, "out of memory");
		return -1;
	}
	int rc = sqlite_query(s, db, sql, 0, NULL, 1, out, n);
	sqlite3_free(sql);
	return rc;
}

static int sqlite_versions(struct session *s, struct db *db, const char *table,
                           struct db_versions *out)
{
	const char **names = NULL, **cols = NULL;
	int nnames = 0, ncols = 0;
	if (sqlite_column(s, db,
	                  sqlite3_mprintf("SELECT name FROM sqlite_schema "
	                                  "WHERE type = 'table' AND "
	                                  "lower(name) = lower(%Q) "
	                                  "ORDER BY name",
	                                  table),
	                  &names, &nnames) < 0)
		return -1;
	char *q = sqlite3_mprintf("\"%w\"", nnames ? names[0] : table);
	if (!q) {
		diag_global(s->diag, SEV_ERROR, "out of memory");
		return -1;
	}
	out->sql_name = arena_strdup(s->arena, q);
	sqlite3_free(q);
	if (nnames == 0)
		return 0;
	out->present = true;
	if (sqlite_column(
	        s, db,
	        sqlite3_mprintf("SELECT lower(name) FROM pragma_table_info(%Q) "
	                        "WHERE lower(name) IN ('checksums', "
	                        "'version_num')",
	                        names[0]),
	        &cols, &ncols) < 0)
		return -1;
	bool has_num = false;
	for (int i = 0; i < ncols; i++) {
		out->has_sums |= !strcmp(cols[i], "checksums");
		has_num |= !strcmp(cols[i], "version_num");
	}
	return db_version_rows(s, db, out, has_num);
}

const struct db_ops db_sqlite_ops = {
    .check_url = NULL,
    .open = sqlite_open,
    .close = sqlite_close,
    .exec = sqlite_exec,
    .rollback = sqlite_rollback,
    .query = sqlite_query,
    .versions = sqlite_versions,
};
