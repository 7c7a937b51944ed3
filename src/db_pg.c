/*
 * db_pg.c - the PostgreSQL variant of the connection interface (struct
 * db_ops, see db_dialect.h), on libpq.
 *
 * The URL goes to libpq whole, as a connection URI: libpq does the
 * percent-decoding, ?host=/socket/dir, several hosts, sslmode and the rest,
 * and reads PGHOST, PGPASSWORD, ~/.pgpass... for what the URL leaves out.
 * Around it this file adds a connect timeout (unless the URL or
 * PGCONNECT_TIMEOUT sets one: an unreachable host must fail in seconds),
 * the application name and client_encoding UTF8 (retort's output is UTF-8),
 * all in the startup packet, so that connecting costs no extra query.
 * Session settings for reading the catalog (search_path, the snapshot) are
 * the reflector's business.
 *
 * libpq's messages never contain the password it was given, except when it
 * quotes a malformed URL or parameter back; every driver message is
 * scrubbed of the URL's passwords (db_scrub) all the same.
 */
#include <libpq-fe.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "arena.h"
#include "db.h"
#include "db_dialect.h"

static const char connect_hint[] =
    "Check the database URL given with --db or RETORT_DATABASE_URL.";

/* libpq's own parse of the URI: the syntax errors db.c does not catch
 * (bad percent-encoding, unknown parameter, bad port...) are usage errors
 * too. */
static int pg_check_url(struct session *s, const struct db_url *url)
{
	char *err = NULL;
	PQconninfoOption *opts = PQconninfoParse(url->conninfo, &err);
	if (!opts) {
		db_bad_url(s, url, err ? err : "out of memory");
		PQfreemem(err);
		return -1;
	}
	PQconninfoFree(opts);
	return 0;
}

/* Notices and warnings the server sends (NOTICE: ... does not exist,
 * skipping) are chatter for a tool: shown only with -v, as notes, never
 * on stderr behind the diagnostics' back (libpq's default). */
static void pg_notice(void *arg, const char *message)
{
	struct db *db = arg;
	if (db->verbose <= 0)
		return;
	const char *msg = db_scrub(db->arena, &db->url, message);
	size_t len = strlen(msg);
	while (len > 0 && (msg[len - 1] == '\n' || msg[len - 1] == ' '))
		len--;
	diag_global(db->diag, SEV_NOTE, "%.*s", (int)len, msg);
}

/* Starts a libpq connection to db's URL (NULL only when out of memory;
 * the caller checks PQstatus). */
static PGconn *pg_connect(struct db *db)
{
	/*
	 * Array entries before the expanded dbname (the URI) are overridden
	 * by the URI's own parameters; entries after it override the URI.
	 */
	const char *keys[6], *vals[6];
	int n = 0;
	if (!getenv("PGCONNECT_TIMEOUT")) {
		keys[n] = "connect_timeout";
		vals[n++] = "10";
	}
	keys[n] = "fallback_application_name";
	vals[n++] = "retort";
	keys[n] = "dbname";
	vals[n++] = db->url.conninfo;
	keys[n] = "client_encoding";
	vals[n++] = "UTF8";
	if (db->scratch_name) { /* a later dbname is a plain name */
		keys[n] = "dbname";
		vals[n++] = db->scratch_name;
	}
	keys[n] = NULL;
	vals[n] = NULL;
	return PQconnectdbParams(keys, vals, 1);
}

static int pg_open(struct session *s, struct db *db, bool create)
{
	(void)create; /* a PostgreSQL database is never created here */
	PGconn *c = pg_connect(db);
	if (!c) {
		diag_global(s->diag, SEV_ERROR,
		            "could not connect to database: out of memory");
		return -1;
	}
	if (PQstatus(c) != CONNECTION_OK) {
		const char *name = PQdb(c), *host = PQhost(c);
		name = db_scrub(s->arena, &db->url, name ? name : "");
		host = db_scrub(s->arena, &db->url, host ? host : "");
		if (*host)
			diag_global(s->diag, SEV_ERROR,
			            "could not connect to database \"%s\" on "
			            "host \"%s\"",
			            name, host);
		else
			diag_global(s->diag, SEV_ERROR,
			            "could not connect to database \"%s\"",
			            name);
		db_detail_lines(s->diag, s->arena, &db->url, PQerrorMessage(c));
		diag_global_hint(s->diag, "%s", connect_hint);
		PQfinish(c);
		return -1;
	}
	PQsetNoticeProcessor(c, pg_notice, db);
	db->pg = c;
	return 0;
}

static void pg_close(struct db *db)
{
	if (db->pg)
		PQfinish(db->pg);
	db->pg = NULL;
}

/* Reports a failed PQexec: the server's message, its detail lines and
 * SQLSTATE, the statement, and the server's hint. */
static void exec_error(struct session *s, struct db *db, const PGresult *r,
                       const char *sql)
{
	const char *primary =
	    r ? PQresultErrorField(r, PG_DIAG_MESSAGE_PRIMARY) : NULL;
	if (primary) {
		diag_global(s->diag, SEV_ERROR, "query failed: %s",
		            db_scrub(s->arena, &db->url, primary));
	} else {
		/* no result from the server (connection lost, out of
		 * memory): libpq's message, whose first line is the gist */
		const char *msg = db_scrub(s->arena, &db->url,
		                           r && *PQresultErrorMessage(r)
		                               ? PQresultErrorMessage(r)
		                               : PQerrorMessage(db->pg));
		size_t len = strcspn(msg, "\n");
		if (len == 0)
			diag_global(s->diag, SEV_ERROR, "query failed: %s",
			            r ? PQresStatus(PQresultStatus(r))
			              : "no result");
		else
			diag_global(s->diag, SEV_ERROR, "query failed: %.*s",
			            (int)len, msg);
		if (msg[len])
			db_detail_lines(s->diag, s->arena, &db->url,
			                msg + len + 1);
	}
	const char *detail =
	    r ? PQresultErrorField(r, PG_DIAG_MESSAGE_DETAIL) : NULL;
	if (detail)
		db_detail_lines(s->diag, s->arena, &db->url, detail);
	const char *state = r ? PQresultErrorField(r, PG_DIAG_SQLSTATE) : NULL;
	if (state)
		diag_detail(s->diag, "SQLSTATE %s", state);
	diag_detail(s->diag, "Query was: %s", db_one_line(s->arena, sql));
	const char *hint =
	    r ? PQresultErrorField(r, PG_DIAG_MESSAGE_HINT) : NULL;
	if (hint)
		diag_global_hint(s->diag, "%s", hint);
}

static int pg_exec(struct session *s, struct db *db, const char *sql)
{
	PGresult *r = PQexec(db->pg, sql);
	ExecStatusType st = r ? PQresultStatus(r) : PGRES_FATAL_ERROR;
	if (st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK ||
	    st == PGRES_EMPTY_QUERY) {
		PQclear(r);
		return 0;
	}
	exec_error(s, db, r, sql);
	PQclear(r);
	return -1;
}

struct pg_conn *db_pg_connect_again(struct session *s, struct db *db)
{
	(void)s;
	if (!db->pg)
		return NULL;
	PGconn *c = pg_connect(db);
	if (c && PQstatus(c) != CONNECTION_OK) {
		PQfinish(c);
		c = NULL;
	}
	if (c)
		PQsetNoticeProcessor(c, pg_notice, db);
	return (struct pg_conn *)c;
}

static void pg_rollback(struct db *db)
{
	if (PQtransactionStatus(db->pg) != PQTRANS_IDLE)
		PQclear(PQexec(db->pg, "ROLLBACK"));
}

static int pg_query(struct session *s, struct db *db, const char *sql,
                    int nparams, const char *const *params, int ncols,
                    const char ***cells, int *nrows)
{
	PGresult *r =
	    PQexecParams(db->pg, sql, nparams, NULL, params, NULL, NULL, 0);
	ExecStatusType st = r ? PQresultStatus(r) : PGRES_FATAL_ERROR;
	if (st != PGRES_TUPLES_OK && st != PGRES_COMMAND_OK) {
		exec_error(s, db, r, sql);
		PQclear(r);
		return -1;
	}
	int cap = 0, n = 0;
	for (int i = 0; i < PQntuples(r); i++) {
		for (int c = 0; c < ncols; c++)
			ARENA_PUSH(
			    s->arena, *cells, n, cap,
			    PQgetisnull(r, i, c)
			        ? NULL
			        : arena_strdup(s->arena, PQgetvalue(r, i, c)));
		++*nrows;
	}
	PQclear(r);
	return 0;
}

/* name quoted by PostgreSQL's rules (arena memory), or NULL reported. */
static const char *pg_ident(struct session *s, struct db *db, const char *name)
{
	char *q = PQescapeIdentifier(db->pg, name, strlen(name));
	if (!q) {
		exec_error(s, db, NULL, name);
		return NULL;
	}
	const char *r = arena_strdup(s->arena, q);
	PQfreemem(q);
	return r;
}

static int pg_versions(struct session *s, struct db *db, const char *table,
                       struct db_versions *out)
{
	/* "schema.name", or name in public: where the reflector leaves it
	 * out (reflect_pg.c) */
	const char *params[2] = {"public", table};
	const char *dot = strchr(table, '.');
	if (dot) {
		params[0] =
		    arena_strndup(s->arena, table, (size_t)(dot - table));
		params[1] = dot + 1;
	}
	const char *schema = pg_ident(s, db, params[0]);
	const char *name = pg_ident(s, db, params[1]);
	if (!schema || !name)
		return -1;
	out->sql_name = arena_printf(s->arena, "%s.%s", schema, name);
	const char **cols = NULL;
	int ncols = 0;
	if (pg_query(s, db,
	             "SELECT a.attname FROM pg_catalog.pg_class c "
	             "JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace "
	             "JOIN pg_catalog.pg_attribute a ON a.attrelid = c.oid "
	             "WHERE n.nspname = $1 AND c.relname = $2 "
	             "AND c.relkind IN ('r', 'p') AND a.attnum > 0 "
	             "AND NOT a.attisdropped",
	             2, params, 1, &cols, &ncols) < 0)
		return -1;
	if (ncols == 0)
		return 0;
	out->present = true;
	bool has_num = false;
	for (int i = 0; i < ncols; i++) {
		out->has_sums |= !strcmp(cols[i], "checksums");
		has_num |= !strcmp(cols[i], "version_num");
	}
	return db_version_rows(s, db, out, has_num);
}

struct db *db_scratch(struct session *s, struct db *server)
{
	if (!server->pg) {
		diag_global(s->diag, SEV_ERROR,
		            "a scratch database needs a PostgreSQL server");
		return NULL;
	}
	/* unique per process and moment, so concurrent runs never meet */
	const char *name = arena_printf(s->arena, "retort_scratch_%ld_%ld",
	                                (long)getpid(), (long)time(NULL));
	const char *ident = pg_ident(s, server, name);
	if (!ident ||
	    pg_exec(s, server,
	            arena_printf(s->arena, "CREATE DATABASE %s", ident)) < 0)
		return NULL;
	struct db *db = arena_alloc(s->arena, sizeof *db);
	*db = *server;
	db->pg = NULL;
	db->scratch_name = name;
	if (pg_open(s, db, false) < 0) {
		db_scratch_drop(s, server, db);
		return NULL;
	}
	return db;
}

int db_scratch_drop(struct session *s, struct db *server, struct db *scratch)
{
	db_close(scratch);
	const char *ident = pg_ident(s, server, scratch->scratch_name);
	return ident && pg_exec(s, server,
	                        arena_printf(s->arena, "DROP DATABASE %s",
	                                     ident)) == 0
	           ? 0
	           : -1;
}

const struct db_ops db_pg_ops = {
    .check_url = pg_check_url,
    .open = pg_open,
    .close = pg_close,
    .exec = pg_exec,
    .rollback = pg_rollback,
    .query = pg_query,
    .versions = pg_versions,
};
