/*
 * reflect_pg.c - the PostgreSQL reflector: reads a live database's catalog
 * into the portable schema (reflect.h).  It sits at the start of the
 * "live database" branch of the pipeline; lower.c and the differ compare
 * what it returns with the checked models.
 *
 * pg_dump's model.  Everything is read in one REPEATABLE READ, READ ONLY
 * snapshot with search_path set to '' (so every name the server deparses
 * is schema-qualified unless it lives in pg_catalog), every catalog name
 * qualified with pg_catalog., and a fixed number of statements whatever
 * the number of tables:
 *
 *   BEGIN, the settings (search_path, no JIT, work_mem, random_page_cost)
 *   1. relations: tables and views of the user schemas, comments, view
 *      definitions, ordered by (schema, name)
 *   2. columns   \
 *   3. constraints > of the tables of query 1, passed as one OID array and
 *   4. indexes   /  unnested WITH ORDINALITY, so each row names its table
 *                   by its position in query 1 (one pass, no lookup); key
 *                   columns come as attnums, named with query 2's rows
 *                   (no subquery per key)
 *   5. enum types and their labels in enumsortorder
 *   6. counts of the objects retort does not manage (one note)
 *   COMMIT
 *
 * The queries are sent without waiting for each other's results (libpq's
 * asynchronous calls), so the server runs the next one while this process
 * lifts the last; results are read in the order lifting needs (columns
 * before the constraints and indexes that name them), whatever the order
 * they were run in.
 *
 * pg_dump's parallel mode, for large catalogs (the server's work is what
 * takes time).  On a connection of its own (reflect_pg, not nested in a
 * transaction) whose pg_attribute is large, the settings statement also
 * exports the snapshot; a second connection to the same URL
 * (db_pg_connect_again) imports it (BEGIN, SET TRANSACTION SNAPSHOT, the
 * settings: three statements) and the two server backends work at once:
 * each query goes to whichever connection is free.  Queries 2 and 3 are
 * then run in two parts (the first and the second half of query 1's
 * tables), so 14 statements in all instead of 9; the second connection's
 * transaction ends when it is closed.  When the second connection cannot
 * be had, the first does it all, as for small catalogs.
 *
 * Rows are put in place by their table's position in query 1 (r.ord), so
 * constraints and indexes need no ORDER BY (schema_sort orders them) and
 * columns are ordered by attnum here.  The catalog columns used need
 * PostgreSQL 12 or later (attgenerated, indnkeyatts, prokind).
 *
 * When the connection is already inside a transaction, BEGIN/COMMIT become
 * SAVEPOINT / ROLLBACK TO SAVEPOINT + RELEASE (one statement more), so the
 * caller's transaction keeps its own settings and sees the same snapshot;
 * that path never opens a second connection (its snapshot cannot be
 * exported from inside a subtransaction, and the caller may have written
 * in it what another connection cannot see).
 *
 * Lifting.  Names are kept exactly as stored.  Objects in schema "public"
 * (the default) get schema NULL, others their schema's name.  Types are
 * mapped back from format_type()'s text (the spellings emit_pg.c writes,
 * see there): "character varying(255)" -> varchar(255), "timestamp(3)
 * with time zone" -> timestamptz(3), "double precision" -> double, bytea
 * -> blob...; other built-ins become TYPE_NATIVE ("time with time zone"
 * -> timetz, "bit varying(n)" -> varbit(n), the rest verbatim); enums of
 * the database become TYPE_ENUM; any other type outside pg_catalog
 * (extension types such as citext, domains) becomes TYPE_EXTERNAL and is
 * declared once in schema->types.  A column whose default is
 * nextval('<a sequence owned by that column>') is a serial: autoincrement,
 * no default.  Expressions are the server's own text, never rewritten
 * here (lower.c normalises both sides for comparison):
 *
 *   defaults             pg_get_expr(adbin, 0): a default cannot refer
 *                        to a column, so this is the text that adrelid
 *                        gives, at half the cost
 *   generated            pg_get_expr(adbin, adrelid)
 *   checks               pg_get_expr(conbin, conrelid)
 *   index elements       pg_get_indexdef(indexrelid, k, true)
 *   index predicates     pg_get_expr(indpred, indrelid)
 *   views                pg_get_viewdef(oid), less leading blanks and a
 *                        trailing ';'
 *
 * A default's parens flag is set only for what the model language cannot
 * write bare (anything but a number, a string, true/false/null and
 * CURRENT_TIMESTAMP/DATE/TIME), so that `fmt` prints a model that parses.
 *
 * Left out: the system schemas (pg_catalog, information_schema, pg_toast,
 * pg_temp_*: every schema whose name starts with "pg_", a prefix users
 * cannot create), objects that belong to an extension, and the version
 * table: s->version_table in schema public (or "schema.name" when the
 * configured name has a dot), the schema the runner creates it in.  A
 * foreign key action of NO ACTION is FK_UNSPECIFIED (the model's default
 * means exactly that).  Not modelled, and reported in the one note:
 * functions, procedures, aggregates, triggers, materialized views,
 * partitioned tables and partitions, foreign tables, sequences no column
 * owns, domains, composite and range types, policies, rules, extensions,
 * inheritance, unlogged tables, statistics objects, event triggers,
 * exclusion constraints and INCLUDE columns of indexes (the index itself
 * is kept with its key columns).  Column collations are kept by name only
 * (their schema is dropped); index operator classes, per-column
 * collations and NULLS FIRST/LAST are not read.
 */
#include <errno.h>
#include <libpq-fe.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "reflect.h"
#include "strbuf.h"

/*
 * The reflector behind reflect_pg, on a bare libpq connection (for tests
 * and for lower.c, which may read back a temporary schema inside its own
 * transaction).  Same contract as reflect_pg, on that one connection only
 * (with no URL it cannot open a second).
 */
int reflect_pg_conn(struct session *s, PGconn *conn, struct schema *out,
                    struct reflect_stats *stats);

/* A table of query 1 with the attnum of each of its columns (parallel to
 * t->cols), to turn the key numbers of constraints and indexes into
 * names without a subquery per key. */
struct rel {
	struct table *t;
	int *attnums;
	int capattnums;
};

/* the most parameters a query has (query 1: the version table's schema
 * and name, the schemas read) */
#define MAX_PARAMS 3

/*
 * A bulk catalog query, sent without waiting (PQsendQueryParams) to
 * whichever connection is free first: all of them read the same
 * snapshot, so where it runs does not change what it returns.
 */
struct job {
	const char *what, *sql;
	int nparams;
	const char *params[MAX_PARAMS];
	bool needs_oids; /* its $1 is query 1's OID array */
	enum { JOB_QUEUED, JOB_RUNNING, JOB_DONE } state;
	PGresult *res; /* once done: the result, NULL after an error */
};

/* A connection, and the job it is running (NULL when idle). */
struct lane {
	PGconn *conn;
	struct job *job;
};

#define MAX_JOBS 8 /* what read_all queues */

struct pgr {
	struct session *s;
	struct arena *a;
	PGconn *conn; /* the caller's connection (the first lane) */
	int queries;
	struct lane lanes[2];
	int nlanes;
	/* in the order queued: a free connection takes the first that can
	 * start */
	struct job *jobs[MAX_JOBS];
	int njobs;
	bool oids_ready; /* query 1 has been read */
	bool failed;     /* a job failed: start no more */
	/* the last schema name lifted: rows come grouped by schema, so one
	 * copy serves them all */
	const char *last_nsp, *last_lifted;
	struct rel *rels; /* the tables of query 1, in its order */
	int nrels;
};

/* ---- talking to the server ------------------------------------------ */

/* Reports a failed statement: what could not be read, the server's
 * message (or libpq's, when there is no result) and the SQL on one line. */
static void report(struct pgr *r, PGconn *conn, const char *what,
                   const char *sql, const PGresult *res)
{
	struct diag *d = r->s->diag;
	diag_global(d, SEV_ERROR, "could not read the %s of database \"%s\"",
	            what, PQdb(conn) ? PQdb(conn) : "");
	struct strbuf sb = STRBUF_INIT;
	const char *msg =
	    res ? PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY) : NULL;
	if (!msg)
		msg = PQerrorMessage(conn);
	size_t n = strlen(msg);
	while (n > 0 && (msg[n - 1] == '\n' || msg[n - 1] == ' '))
		n--;
	strbuf_add(&sb, msg, n);
	diag_detail(d, "%s", strbuf_str(&sb));
	/* runs of blanks become one space */
	strbuf_reset(&sb);
	bool blank = false;
	for (const char *p = sql; *p; p++) {
		bool b = *p == ' ' || *p == '\n' || *p == '\t';
		if (b && !blank && sb.len)
			strbuf_putc(&sb, ' ');
		else if (!b)
			strbuf_putc(&sb, *p);
		blank = b;
	}
	diag_detail(d, "query: %s", strbuf_str(&sb));
	strbuf_free(&sb);
}

static bool result_ok(const PGresult *res)
{
	ExecStatusType st = res ? PQresultStatus(res) : PGRES_FATAL_ERROR;
	return st == PGRES_TUPLES_OK || st == PGRES_COMMAND_OK;
}

/* Sends one statement (with text parameters) on conn, waits for it and
 * counts it.  Returns the result, which the caller PQclears at once after
 * copying values out, or NULL with the error reported (quiet: nothing
 * reported). */
static PGresult *run_on(struct pgr *r, PGconn *conn, bool quiet,
                        const char *what, const char *sql, int nparams,
                        const char *const *params)
{
	r->queries++;
	PGresult *res =
	    PQexecParams(conn, sql, nparams, NULL, params, NULL, NULL, 0);
	if (result_ok(res))
		return res;
	if (!quiet)
		report(r, conn, what, sql, res);
	PQclear(res);
	return NULL;
}

/* A statement without rows (transaction control) on conn. */
static int command_on(struct pgr *r, PGconn *conn, bool quiet, const char *sql)
{
	PGresult *res = run_on(r, conn, quiet, "catalog", sql, 0, NULL);
	if (!res)
		return -1;
	PQclear(res);
	return 0;
}

static int run_command(struct pgr *r, const char *sql)
{
	return command_on(r, r->conn, false, sql);
}

/* Queues a job; it starts as soon as a connection is free (and, with
 * needs_oids, query 1 has been read). */
static struct job *add_job(struct pgr *r, const char *what, const char *sql,
                           int nparams, const char *const *params,
                           bool needs_oids)
{
	struct job *j = arena_alloc(r->a, sizeof *j);
	j->what = what;
	j->sql = sql;
	j->nparams = nparams;
	for (int i = 0; i < nparams && i < MAX_PARAMS; i++)
		j->params[i] = params[i];
	j->needs_oids = needs_oids;
	j->state = JOB_QUEUED;
	if (r->njobs < MAX_JOBS)
		r->jobs[r->njobs++] = j;
	return j;
}

/* A job is over: keeps its result, or reports its error. */
static void end_job(struct pgr *r, struct lane *l)
{
	struct job *j = l->job;
	if (!result_ok(j->res)) {
		if (!r->failed)
			report(r, l->conn, j->what, j->sql, j->res);
		PQclear(j->res);
		j->res = NULL;
		r->failed = true;
	}
	j->state = JOB_DONE;
	l->job = NULL;
}

/* Gives every idle connection the first job that can start. */
static void start_jobs(struct pgr *r)
{
	for (int k = 0; k < r->nlanes && !r->failed; k++) {
		struct lane *l = &r->lanes[k];
		if (l->job)
			continue;
		for (int i = 0; i < r->njobs; i++) {
			struct job *j = r->jobs[i];
			if (j->state != JOB_QUEUED ||
			    (j->needs_oids && !r->oids_ready))
				continue;
			r->queries++;
			l->job = j;
			j->state = JOB_RUNNING;
			if (!PQsendQueryParams(l->conn, j->sql, j->nparams,
			                       NULL, j->params, NULL, NULL, 0))
				end_job(r, l); /* j->res is NULL: reported */
			break;
		}
	}
}

/* Reads what has arrived on a busy connection without blocking.  Returns
 * true when its job is over. */
static bool collect(struct pgr *r, struct lane *l)
{
	if (!PQconsumeInput(l->conn)) {
		PQclear(l->job->res);
		l->job->res = NULL;
		end_job(r, l);
		return true;
	}
	while (!PQisBusy(l->conn)) {
		PGresult *res = PQgetResult(l->conn);
		if (!res) {
			end_job(r, l);
			return true;
		}
		/* the last result counts, as with PQexec */
		PQclear(l->job->res);
		l->job->res = res;
	}
	return false;
}

/*
 * Runs the queued jobs on the free connections until j is over, reading
 * results as they come (the other connection keeps working meanwhile).
 * Returns j's result, which the caller PQclears, or NULL after an error
 * (reported).
 */
static PGresult *wait_job(struct pgr *r, struct job *j)
{
	for (;;) {
		start_jobs(r);
		if (j->state == JOB_DONE || r->failed)
			break;
		struct pollfd fds[2];
		int nfds = 0;
		bool progress = false;
		for (int k = 0; k < r->nlanes; k++) {
			struct lane *l = &r->lanes[k];
			if (!l->job)
				continue;
			if (collect(r, l)) {
				progress = true;
				continue;
			}
			fds[nfds].fd = PQsocket(l->conn);
			fds[nfds].events = POLLIN;
			fds[nfds].revents = 0;
			nfds++;
		}
		if (progress)
			continue;
		if (nfds == 0) {
			/* cannot happen: j waits for nothing that runs */
			diag_global(r->s->diag, SEV_ERROR,
			            "could not read the %s of database \"%s\"",
			            j->what,
			            PQdb(r->conn) ? PQdb(r->conn) : "");
			r->failed = true;
			break;
		}
		if (poll(fds, (nfds_t)nfds, -1) < 0 && errno != EINTR) {
			diag_global(r->s->diag, SEV_ERROR,
			            "could not read the %s of database \"%s\"",
			            j->what,
			            PQdb(r->conn) ? PQdb(r->conn) : "");
			diag_detail(r->s->diag, "poll: %s", strerror(errno));
			r->failed = true;
			break;
		}
	}
	PGresult *res = j->state == JOB_DONE ? j->res : NULL;
	j->res = NULL;
	return r->failed ? (PQclear(res), NULL) : res;
}

/* After an error: waits out the statements still running (a connection
 * takes no new one before), and frees the results nobody read. */
static void drain_jobs(struct pgr *r)
{
	for (int k = 0; k < r->nlanes; k++) {
		struct lane *l = &r->lanes[k];
		if (!l->job)
			continue;
		PGresult *res;
		while ((res = PQgetResult(l->conn)))
			PQclear(res);
		PQclear(l->job->res);
		l->job->res = NULL;
		l->job->state = JOB_DONE;
		l->job = NULL;
	}
	for (int i = 0; i < r->njobs; i++) {
		PQclear(r->jobs[i]->res);
		r->jobs[i]->res = NULL;
	}
}

/* ---- copying values out of a result ----------------------------------- */

/* The value as arena memory, or NULL when SQL NULL. */
static const char *get(struct pgr *r, PGresult *res, int row, int col)
{
	if (PQgetisnull(res, row, col))
		return NULL;
	return arena_strndup(r->a, PQgetvalue(res, row, col),
	                     (size_t)PQgetlength(res, row, col));
}

/* Borrowed until PQclear; "" when NULL. */
static const char *peek(PGresult *res, int row, int col)
{
	return PQgetvalue(res, row, col);
}

static bool get_bool(PGresult *res, int row, int col)
{
	return !PQgetisnull(res, row, col) &&
	       PQgetvalue(res, row, col)[0] == 't';
}

static char get_char(PGresult *res, int row, int col)
{
	return PQgetisnull(res, row, col) ? '\0' : PQgetvalue(res, row, col)[0];
}

static int get_int(PGresult *res, int row, int col)
{
	return atoi(PQgetvalue(res, row, col));
}

/* The portable schema of a catalog schema name: NULL for public. */
static const char *lift_schema(struct pgr *r, const char *nsp)
{
	if (!strcmp(nsp, "public"))
		return NULL;
	if (r->last_nsp && !strcmp(r->last_nsp, nsp))
		return r->last_lifted;
	r->last_lifted = arena_strdup(r->a, nsp);
	r->last_nsp = r->last_lifted;
	return r->last_lifted;
}

/*
 * Parses the text form of a one-dimensional array ({a,"b c","d\"e"}) into
 * arena strings.  Returns the number of elements, or -1 when the text is
 * not such an array.  NULL elements do not occur in what is read here.
 */
static int parse_array(struct arena *a, const char *text, const char ***out)
{
	int n = 0, cap = 0;
	const char **v = NULL;
	const char *p = text;
	*out = NULL;
	if (*p++ != '{')
		return -1;
	if (*p == '}')
		return 0;
	struct strbuf sb = STRBUF_INIT;
	for (;;) {
		strbuf_reset(&sb);
		if (*p == '"') {
			for (p++; *p && *p != '"'; p++) {
				if (*p == '\\' && p[1])
					p++;
				strbuf_putc(&sb, *p);
			}
			if (*p++ != '"')
				break;
		} else {
			while (*p && *p != ',' && *p != '}')
				strbuf_putc(&sb, *p++);
		}
		const char *el = strbuf_arena_copy(&sb, a);
		ARENA_PUSH(a, v, n, cap, el);
		if (*p == ',') {
			p++;
			continue;
		}
		if (*p == '}' && p[1] == '\0') {
			strbuf_free(&sb);
			*out = v;
			return n;
		}
		break;
	}
	strbuf_free(&sb);
	return -1;
}

/* Parses an int2vector's text ("1 0 3") into at most max numbers. */
static int parse_int2vector(const char *text, int *out, int max)
{
	int n = 0;
	char *end;
	while (n < max) {
		long v = strtol(text, &end, 10);
		if (end == text)
			break;
		out[n++] = (int)v;
		text = end;
	}
	return n;
}

/* ---- types ------------------------------------------------------------ */

/* format_type's long spellings of built-ins whose model name is short. */
static const struct {
	const char *pg, *model;
} native_aliases[] = {
    {"bit varying", "varbit"},
    {"time with time zone", "timetz"},
};

/*
 * Splits "head(args)tail" into key = head + tail and up to two integer
 * arguments.  Returns the number of arguments (0 when there is no
 * parenthesis), or -1 when the argument list is not integers.
 */
static int split_args(struct strbuf *key, const char *text, int args[2])
{
	strbuf_reset(key);
	const char *open = strchr(text, '(');
	const char *close = open ? strchr(open, ')') : NULL;
	if (!open || !close) {
		strbuf_puts(key, text);
		return 0;
	}
	strbuf_add(key, text, (size_t)(open - text));
	strbuf_puts(key, close + 1);
	int n = 0;
	const char *p = open + 1;
	while (p < close) {
		char *end;
		long v = strtol(p, &end, 10);
		if (end == p || n == 2)
			return -1;
		args[n++] = (int)v;
		p = end;
		if (*p == ',')
			p++;
		else if (p != close)
			return -1;
	}
	return n;
}

/* Lifts a built-in type (one in pg_catalog) from format_type's text,
 * without its [] suffixes. */
static void lift_builtin(struct pgr *r, struct type *t, const char *text)
{
	struct strbuf key = STRBUF_INIT;
	int args[2] = {0, 0};
	int nargs = split_args(&key, text, args);
	const char *k = strbuf_str(&key);
	if (nargs >= 0) {
		/* format_type's spellings of the portable types are among
		 * the names the checker takes (schema.c's type_lookup) */
		const struct type_name *tn = type_lookup(k);
		if (tn && nargs <= tn->max_args) {
			t->kind = tn->kind;
			t->name = tn->name;
			t->nargs = nargs;
			t->args[0] = args[0];
			t->args[1] = args[1];
			strbuf_free(&key);
			return;
		}
		for (size_t i = 0;
		     i < sizeof native_aliases / sizeof *native_aliases; i++)
			if (!strcmp(k, native_aliases[i].pg))
				k = native_aliases[i].model;
		if (type_is_pg_native(k)) {
			t->kind = TYPE_NATIVE;
			t->name = arena_strdup(r->a, k);
			t->nargs = nargs;
			t->args[0] = args[0];
			t->args[1] = args[1];
			strbuf_free(&key);
			return;
		}
	}
	/* anything else ("char", interval(3), name...): verbatim */
	t->kind = TYPE_NATIVE;
	t->name = arena_strdup(r->a, text);
	strbuf_free(&key);
}

/* Declares an external type in schema->types once. */
static void declare_type(struct pgr *r, struct schema *out, const char *nsp,
                         const char *name)
{
	if (schema_find_type(out, nsp, name))
		return;
	struct ext_type *e = arena_alloc(r->a, sizeof *e);
	e->name.schema = nsp;
	e->name.name = name;
	ARENA_PUSH(r->a, out->types, out->ntypes, out->captypes, e);
}

/*
 * Lifts a column's type.  text is format_type(atttypid, atttypmod);
 * typtype, nsp and name describe the type (its element type for an
 * array); ndims is attndims (format_type writes one [] whatever the
 * declared dimensions).
 */
static void lift_type(struct pgr *r, struct schema *out, struct type *t,
                      const char *text, char typtype, const char *nsp,
                      const char *name, int ndims)
{
	size_t n = strlen(text);
	int dims = 0;
	while (n >= 2 && text[n - 2] == '[' && text[n - 1] == ']') {
		n -= 2;
		dims++;
	}
	if (dims > 0)
		t->array_dims = ndims > dims ? ndims : dims;
	char *base = arena_strndup(r->a, text, n);
	if (!strcmp(nsp, "pg_catalog")) {
		lift_builtin(r, t, base);
		return;
	}
	t->schema = lift_schema(r, nsp);
	t->name = arena_strdup(r->a, name);
	if (typtype == 'e') {
		t->kind = TYPE_ENUM;
		return;
	}
	/* an extension's type, a domain...: the model declares it with
	 * `type NAME`; a type modifier ("public.vector(3)") is kept */
	t->kind = TYPE_EXTERNAL;
	const char *open =
	    base[0] && base[n - 1] == ')' ? strrchr(base, '(') : NULL;
	if (open) {
		struct strbuf key = STRBUF_INIT;
		int args[2] = {0, 0};
		int nargs = split_args(&key, open, args);
		strbuf_free(&key);
		if (nargs > 0) {
			t->nargs = nargs;
			t->args[0] = args[0];
			t->args[1] = args[1];
		}
	}
	declare_type(r, out, t->schema, t->name);
}

/* ---- expressions ------------------------------------------------------ */

static struct expr *new_expr(struct pgr *r, const char *text, bool parens)
{
	struct expr *e = arena_alloc(r->a, sizeof *e);
	e->text = text;
	e->parens = parens;
	return e;
}

/* ---- 1. relations ----------------------------------------------------- */

/* The schemas reflected: not the system ones.  "pg_" is a reserved prefix
 * for schema names, so it covers pg_catalog, pg_toast and pg_temp_N. */
#define USER_NSP(n)                                            \
	"(" n ".nspname OPERATOR(pg_catalog.!~) '^pg_' AND " n \
	".nspname OPERATOR(pg_catalog.<>) 'information_schema')"

/* Not a member of an extension. */
#define NOT_EXT(catalog, oid)                                       \
	"NOT EXISTS (SELECT 1 FROM pg_catalog.pg_depend e "         \
	"WHERE e.classid = '" catalog "'::pg_catalog.regclass AND " \
	"e.objid = " oid " AND e.deptype = 'e')"

/* clang-format off */
static const char sql_relations[] =
    "SELECT c.oid, n.nspname, c.relname, c.relkind, d.description,\n"
    "  CASE c.relkind WHEN 'v' THEN pg_catalog.pg_get_viewdef(c.oid) END\n"
    "FROM pg_catalog.pg_class c\n"
    "JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace\n"
    "LEFT JOIN pg_catalog.pg_description d\n"
    "  ON d.classoid = 'pg_catalog.pg_class'::pg_catalog.regclass\n"
    "  AND d.objoid = c.oid AND d.objsubid = 0\n"
    "WHERE (c.relkind = 'v' OR (c.relkind = 'r' AND NOT c.relispartition))\n"
    "  AND " USER_NSP("n") "\n"
    "  AND " NOT_EXT("pg_catalog.pg_class", "c.oid") "\n"
    "  AND NOT (n.nspname = $1 AND c.relname = $2)\n"
    "  AND n.nspname LIKE $3\n"
    "ORDER BY n.nspname, c.relname";
/* clang-format on */

/* Trims leading blanks and trailing blanks and ';' of a view query. */
static const char *trim_query(struct pgr *r, const char *q)
{
	while (*q == ' ' || *q == '\n' || *q == '\t')
		q++;
	size_t n = strlen(q);
	while (n > 0 && (q[n - 1] == ' ' || q[n - 1] == '\n' ||
	                 q[n - 1] == '\t' || q[n - 1] == ';'))
		n--;
	return arena_strndup(r->a, q, n);
}

/* The LIKE pattern of the schemas read (s->reflect_schemas). */
static const char *schema_pattern(struct pgr *r)
{
	return r->s->reflect_schemas ? r->s->reflect_schemas : "%";
}

/* Queues query 1; its parameters name the version table, left out, and
 * the schemas read. */
static struct job *queue_relations(struct pgr *r)
{
	/* the version table: "schema.name", or name in public */
	const char *vt = r->s->version_table ? r->s->version_table : "";
	const char *dot = strchr(vt, '.');
	const char *params[3] = {"public", vt, schema_pattern(r)};
	if (dot) {
		params[0] = arena_strndup(r->a, vt, (size_t)(dot - vt));
		params[1] = dot + 1;
	}
	return add_job(r, "relations", sql_relations, 3, params, false);
}

/*
 * Reads query 1's result (and PQclears it): the tables and views into
 * out, the tables also into r->rels in query order and their OIDs into
 * oids (oids[k] is the offset in oids->buf where the k-th OID starts).
 */
static void read_relations(struct pgr *r, struct schema *out, PGresult *res,
                           struct strbuf *oids, int **starts)
{
	int rows = PQntuples(res);
	r->rels =
	    arena_alloc(r->a, (size_t)(rows ? rows : 1) * sizeof *r->rels);
	r->nrels = 0;
	*starts = xmalloc((size_t)(rows ? rows : 1) * sizeof **starts);
	for (int i = 0; i < rows; i++) {
		struct qname name = {.schema = lift_schema(r, peek(res, i, 1)),
		                     .name = get(r, res, i, 2)};
		if (get_char(res, i, 3) == 'v') {
			struct view *v = arena_alloc(r->a, sizeof *v);
			v->name = name;
			const char *q = peek(res, i, 5);
			v->query = new_expr(r, trim_query(r, q), true);
			ARENA_PUSH(r->a, out->views, out->nviews, out->capviews,
			           v);
			continue;
		}
		struct table *t = arena_alloc(r->a, sizeof *t);
		t->name = name;
		t->comment = get(r, res, i, 4);
		ARENA_PUSH(r->a, out->tables, out->ntables, out->captables, t);
		(*starts)[r->nrels] = (int)oids->len;
		strbuf_puts(oids, peek(res, i, 0));
		strbuf_putc(oids, ',');
		r->rels[r->nrels++].t = t;
	}
	PQclear(res);
}

/* The table of a row's r.ord (counted from 1, after the first base
 * tables of query 1), or NULL. */
static struct rel *rel_at_base(struct pgr *r, PGresult *res, int row, int col,
                               int base)
{
	if (PQgetisnull(res, row, col))
		return NULL;
	int ord = base + atoi(PQgetvalue(res, row, col));
	return ord >= 1 && ord <= r->nrels ? &r->rels[ord - 1] : NULL;
}

static struct rel *rel_at(struct pgr *r, PGresult *res, int row, int col)
{
	return rel_at_base(r, res, row, col, 0);
}

/* The name of column attnum of a table, or NULL. */
static const char *column_at(const struct rel *rl, int attnum)
{
	for (int i = 0; i < rl->t->ncols; i++)
		if (rl->attnums[i] == attnum)
			return rl->t->cols[i]->name;
	return NULL;
}

/*
 * Turns the text of an int2[] of attnums ("{1,3}") into column names.
 * Returns the count, or -1 when a number is not a column of the table.
 */
static int key_names(struct pgr *r, const struct rel *rl, const char *text,
                     const char ***out)
{
	const char **nums;
	int n = parse_array(r->a, text, &nums);
	if (n <= 0) {
		*out = NULL;
		return n;
	}
	const char **names = arena_alloc(r->a, (size_t)n * sizeof *names);
	for (int i = 0; i < n; i++)
		if (!(names[i] = column_at(rl, atoi(nums[i]))))
			return -1;
	*out = names;
	return n;
}

/* ---- 2. columns ------------------------------------------------------- */

/* The relations of query 1, in its order (r.ord counts from 1). */
#define RELS                                                            \
	"FROM pg_catalog.unnest($1::pg_catalog.oid[]) WITH ORDINALITY " \
	"AS r(relid, ord)\n"

/*
 * The type's part is a LATERAL subquery on (atttypid, atttypmod), which
 * the planner memoizes: format_type and the type lookups run once per
 * distinct type instead of once per column.  The sequences each column
 * owns (serial; identity ones are 'i') are gathered in one pass and
 * hashed, rather than looked up column by column.  The defaults and the
 * sequences are restricted to $1's tables, so that the cost follows the
 * number of tables asked for (the columns are read in two parts, on two
 * connections) rather than the size of pg_attrdef and pg_depend.
 */
/* clang-format off */
static const char sql_columns[] =
    "SELECT r.ord, a.attname, a.attnum, ty.ft, a.attnotnull,\n"
    /* a default cannot refer to a column, so it needs no relation to be
     * deparsed, which makes pg_get_expr twice as fast */
    "  pg_catalog.pg_get_expr(ad.adbin, CASE a.attgenerated WHEN ''\n"
    "    THEN 0 ELSE ad.adrelid END),\n"
    "  a.attidentity, a.attgenerated,\n"
    "  CASE WHEN a.attcollation OPERATOR(pg_catalog.<>) ty.typcollation\n"
    "    THEN (SELECT co.collname FROM pg_catalog.pg_collation co\n"
    "      WHERE co.oid = a.attcollation) END,\n"
    "  d.description, ty.typtype, ty.nspname, ty.typname, a.attndims,\n"
    /* for serial detection: nextval() of each sequence the column owns */
    "  CASE WHEN ad.adbin IS NOT NULL AND a.attgenerated = ''\n"
    "    THEN ow.nextvals END\n" RELS
    "JOIN pg_catalog.pg_attribute a ON a.attrelid = r.relid\n"
    "  AND a.attnum > 0 AND NOT a.attisdropped\n"
    "CROSS JOIN LATERAL (SELECT\n"
    "    pg_catalog.format_type(t.oid, a.atttypmod) AS ft, t.typcollation,\n"
    "    bt.typtype, bn.nspname, bt.typname\n"
    "  FROM pg_catalog.pg_type t\n"
    "  JOIN pg_catalog.pg_type bt ON bt.oid = CASE WHEN t.typelem <> 0\n"
    "    AND t.typlen = -1 THEN t.typelem ELSE t.oid END\n"
    "  JOIN pg_catalog.pg_namespace bn ON bn.oid = bt.typnamespace\n"
    "  WHERE t.oid = a.atttypid OFFSET 0) ty\n"
    "LEFT JOIN pg_catalog.pg_attrdef ad ON ad.adrelid = a.attrelid\n"
    "  AND ad.adnum = a.attnum AND ad.adrelid = ANY ($1::pg_catalog.oid[])\n"
    "LEFT JOIN pg_catalog.pg_description d\n"
    "  ON d.classoid = 'pg_catalog.pg_class'::pg_catalog.regclass\n"
    "  AND d.objoid = a.attrelid AND d.objsubid = a.attnum\n"
    "LEFT JOIN (SELECT dep.refobjid, dep.refobjsubid,\n"
    "    pg_catalog.array_agg(pg_catalog.format('nextval(%L::regclass)',\n"
    "      dep.objid::pg_catalog.regclass::pg_catalog.text)) AS nextvals\n"
    "  FROM pg_catalog.pg_depend dep\n"
    "  JOIN pg_catalog.pg_class sq ON sq.oid = dep.objid\n"
    "  WHERE dep.classid = 'pg_catalog.pg_class'::pg_catalog.regclass\n"
    "  AND dep.refclassid = 'pg_catalog.pg_class'::pg_catalog.regclass\n"
    "  AND dep.deptype = 'a' AND sq.relkind = 'S'\n"
    "  AND dep.refobjid = ANY ($1::pg_catalog.oid[])\n"
    "  GROUP BY dep.refobjid, dep.refobjsubid) ow\n"
    "  ON ow.refobjid = a.attrelid AND ow.refobjsubid = a.attnum";
/* clang-format on */

static bool serial_type(const struct type *t)
{
	return t->array_dims == 0 &&
	       (t->kind == TYPE_SMALLINT || t->kind == TYPE_INTEGER ||
	        t->kind == TYPE_BIGINT);
}

/* Column numbers of sql_columns. */
enum {
	COL_ORD,
	COL_NAME,
	COL_ATTNUM,
	COL_TYPE,
	COL_NOTNULL,
	COL_DEFAULT,
	COL_IDENTITY,
	COL_GENERATED,
	COL_COLLATION,
	COL_COMMENT,
	COL_TYPTYPE,
	COL_TYPNSP,
	COL_TYPNAME,
	COL_NDIMS,
	COL_NEXTVAL
};

/* A row of sql_columns by its place in the table. */
struct colrow {
	int ord, attnum, row;
};

static int cmp_colrow(const void *a, const void *b)
{
	const struct colrow *x = a, *y = b;
	if (x->ord != y->ord)
		return x->ord < y->ord ? -1 : 1;
	if (x->attnum != y->attnum)
		return x->attnum < y->attnum ? -1 : 1;
	return (x->row > y->row) - (x->row < y->row);
}

/* Is def nextval() of one of the sequences in the array text nextvals? */
static bool owned_nextval(struct pgr *r, const char *def, const char *nextvals)
{
	const char **v;
	int n = parse_array(r->a, nextvals, &v);
	for (int i = 0; i < n; i++)
		if (!strcmp(def, v[i]))
			return true;
	return false;
}

/*
 * Reads a result of sql_columns (and PQclears it), whose $1 was the
 * tables of query 1 that follow the first base ones.  One row per column:
 * they are put in (table, attnum) order here rather than by the server,
 * as sorting the wide rows there costs more than the rest of the query on
 * large schemas.
 */
static void read_columns(struct pgr *r, struct schema *out, PGresult *res,
                         int base)
{
	int rows = PQntuples(res);
	struct colrow *order =
	    xmalloc((size_t)(rows ? rows : 1) * sizeof *order);
	for (int i = 0; i < rows; i++) {
		order[i].ord = get_int(res, i, COL_ORD);
		order[i].attnum = get_int(res, i, COL_ATTNUM);
		order[i].row = i;
	}
	qsort(order, (size_t)rows, sizeof *order, cmp_colrow);
	for (int j = 0; j < rows; j++) {
		int i = order[j].row;
		struct rel *rl = rel_at_base(r, res, i, COL_ORD, base);
		if (!rl)
			continue;
		struct table *t = rl->t;
		int attnum = get_int(res, i, COL_ATTNUM);
		struct column *c = arena_alloc(r->a, sizeof *c);
		c->name = get(r, res, i, COL_NAME);
		lift_type(r, out, &c->type, peek(res, i, COL_TYPE),
		          get_char(res, i, COL_TYPTYPE),
		          peek(res, i, COL_TYPNSP), peek(res, i, COL_TYPNAME),
		          get_int(res, i, COL_NDIMS));
		c->not_null = get_bool(res, i, COL_NOTNULL);
		c->not_null_written = c->not_null;
		const char *def = get(r, res, i, COL_DEFAULT);
		char identity = get_char(res, i, COL_IDENTITY);
		if (identity == 'a')
			c->identity = IDENTITY_ALWAYS;
		else if (identity == 'd')
			c->identity = IDENTITY_BY_DEFAULT;
		if (def && get_char(res, i, COL_GENERATED) == 's')
			c->generated = new_expr(r, def, true);
		else if (def && !PQgetisnull(res, i, COL_NEXTVAL) &&
		         serial_type(&c->type) &&
		         owned_nextval(r, def, peek(res, i, COL_NEXTVAL)))
			c->autoincrement = true;
		else if (def)
			c->default_expr =
			    new_expr(r, def, !expr_is_bare_default(def));
		c->collation = get(r, res, i, COL_COLLATION);
		c->comment = get(r, res, i, COL_COMMENT);
		int n = t->ncols;
		ARENA_PUSH(r->a, t->cols, t->ncols, t->capcols, c);
		if (n >= rl->capattnums)
			rl->attnums =
			    arena_grow(r->a, rl->attnums, sizeof *rl->attnums,
			               &rl->capattnums, n + 1);
		rl->attnums[n] = attnum;
	}
	free(order);
	PQclear(res);
}

/* ---- 3. constraints --------------------------------------------------- */

/* The key columns come as attnums, turned into names with the columns of
 * query 2; the referenced table's too when it is one of query 1's (rf.ord),
 * else (a table left out, such as the version table) by a subquery.  No
 * ORDER BY: rows go to their table by r.ord, and schema_sort orders each
 * table's constraints (as it does indexes) at the end. */
/* clang-format off */
static const char sql_constraints[] =
    "SELECT r.ord, co.conname, co.contype, co.conkey, rf.ord, co.confkey,\n"
    "  CASE WHEN co.contype = 'f' AND rf.ord IS NULL THEN\n"
    "    ARRAY(SELECT a.attname FROM pg_catalog.unnest(co.confkey)\n"
    "      WITH ORDINALITY AS k(num, pos)\n"
    "      JOIN pg_catalog.pg_attribute a ON a.attrelid = co.confrelid\n"
    "      AND a.attnum = k.num ORDER BY k.pos) END,\n"
    "  fn.nspname, fc.relname,\n"
    "  co.confupdtype, co.confdeltype, co.condeferrable, co.condeferred,\n"
    "  CASE WHEN co.contype = 'c'\n"
    "    THEN pg_catalog.pg_get_expr(co.conbin, co.conrelid) END\n" RELS
    "JOIN pg_catalog.pg_constraint co ON co.conrelid = r.relid\n"
    "LEFT JOIN pg_catalog.unnest($2::pg_catalog.oid[]) WITH ORDINALITY\n"
    "  AS rf(relid, ord) ON rf.relid = co.confrelid\n"
    "LEFT JOIN pg_catalog.pg_class fc ON fc.oid = co.confrelid\n"
    "LEFT JOIN pg_catalog.pg_namespace fn ON fn.oid = fc.relnamespace\n"
    "WHERE co.contype IN ('p', 'u', 'c', 'f', 'x')";
/* clang-format on */

/* Column numbers of sql_constraints. */
enum {
	CC_ORD,
	CC_NAME,
	CC_TYPE,
	CC_KEY,
	CC_REF_ORD,
	CC_REF_KEY,
	CC_REF_NAMES,
	CC_REF_NSP,
	CC_REF_TABLE,
	CC_UPDATE,
	CC_DELETE,
	CC_DEFERRABLE,
	CC_DEFERRED,
	CC_CHECK_EXPR
};

static enum fk_action lift_action(char c)
{
	switch (c) {
	case 'r':
		return FK_RESTRICT;
	case 'c':
		return FK_CASCADE;
	case 'n':
		return FK_SET_NULL;
	case 'd':
		return FK_SET_DEFAULT;
	default:
		/* 'a', NO ACTION: what the model's default means */
		return FK_UNSPECIFIED;
	}
}

/* Reports a value that does not have the shape the catalog promises. */
static int bad_value(struct pgr *r, const char *what, const char *value)
{
	diag_global(r->s->diag, SEV_ERROR,
	            "could not read the catalog of database \"%s\"",
	            PQdb(r->conn) ? PQdb(r->conn) : "");
	diag_detail(r->s->diag, "unexpected %s: %s", what, value);
	return -1;
}

/* Reads a result of sql_constraints (and PQclears it), whose $1 was the
 * tables of query 1 after the first base ones; query 2's must have been
 * read (the key columns are named with it).  Counts the exclusion
 * constraints, left out, in *nexclusion. */
static int read_constraints(struct pgr *r, PGresult *res, int base,
                            int *nexclusion)
{
	int rows = PQntuples(res), rc = 0;
	for (int i = 0; i < rows && rc == 0; i++) {
		struct rel *rl = rel_at_base(r, res, i, CC_ORD, base);
		if (!rl)
			continue;
		char type = get_char(res, i, CC_TYPE);
		if (type == 'x') {
			(*nexclusion)++;
			continue;
		}
		struct constraint *k = arena_alloc(r->a, sizeof *k);
		k->name = get(r, res, i, CC_NAME);
		k->name_written = true;
		switch (type) {
		case 'p':
			k->kind = CON_PRIMARY_KEY;
			break;
		case 'u':
			k->kind = CON_UNIQUE;
			break;
		case 'c':
			k->kind = CON_CHECK;
			break;
		default:
			k->kind = CON_FOREIGN_KEY;
			break;
		}
		if (k->kind == CON_CHECK) {
			k->check =
			    new_expr(r, get(r, res, i, CC_CHECK_EXPR), true);
		} else {
			k->ncols =
			    key_names(r, rl, peek(res, i, CC_KEY), &k->cols);
			if (k->ncols < 0)
				rc = bad_value(r, "key columns",
				               peek(res, i, CC_KEY));
		}
		if (k->kind == CON_FOREIGN_KEY) {
			k->ref_table.schema =
			    lift_schema(r, peek(res, i, CC_REF_NSP));
			k->ref_table.name = get(r, res, i, CC_REF_TABLE);
			struct rel *ref = rel_at(r, res, i, CC_REF_ORD);
			if (ref)
				k->nref_cols =
				    key_names(r, ref, peek(res, i, CC_REF_KEY),
				              &k->ref_cols);
			else
				k->nref_cols = parse_array(
				    r->a, peek(res, i, CC_REF_NAMES),
				    &k->ref_cols);
			if (k->nref_cols < 0)
				rc = bad_value(r, "referenced columns",
				               peek(res, i, CC_REF_KEY));
			k->ref_cols_written = true;
			k->on_update = lift_action(get_char(res, i, CC_UPDATE));
			k->on_delete = lift_action(get_char(res, i, CC_DELETE));
			k->deferrable = get_bool(res, i, CC_DEFERRABLE);
			k->initially_deferred = get_bool(res, i, CC_DEFERRED);
		}
		ARENA_PUSH(r->a, rl->t->cons, rl->t->ncons, rl->t->capcons, k);
	}
	PQclear(res);
	return rc;
}

/* ---- 4. indexes ------------------------------------------------------- */

/* Indexes that do not back a primary key, unique or exclusion constraint
 * (those are the constraints).  Key columns come as attnums (indkey, 0 for
 * an expression), with the expressions deparsed one by one, in order, only
 * for indexes that have some. */
/* clang-format off */
static const char sql_indexes[] =
    "SELECT r.ord, ic.relname, i.indisunique, am.amname, i.indnkeyatts,\n"
    "  i.indnatts, i.indkey, i.indoption,\n"
    "  CASE WHEN i.indexprs IS NOT NULL THEN\n"
    "    ARRAY(SELECT pg_catalog.pg_get_indexdef(i.indexrelid, k.n, true)\n"
    "      FROM pg_catalog.generate_series(1, i.indnkeyatts) AS k(n)\n"
    "      WHERE i.indkey[k.n - 1] = 0 ORDER BY k.n) END,\n"
    "  pg_catalog.pg_get_expr(i.indpred, i.indrelid)\n" RELS
    "JOIN pg_catalog.pg_index i ON i.indrelid = r.relid\n"
    "JOIN pg_catalog.pg_class ic ON ic.oid = i.indexrelid\n"
    "JOIN pg_catalog.pg_am am ON am.oid = ic.relam\n"
    "WHERE NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint co\n"
    "  WHERE co.conrelid = i.indrelid AND co.conindid = i.indexrelid\n"
    "  AND co.contype IN ('p', 'u', 'x'))";
/* clang-format on */

/* INDEX_MAX_KEYS is 32 in a default build */
#define MAX_KEYS 64

/* Reads sql_indexes' result (and PQclears it), after query 2's.  Counts
 * the indexes with INCLUDE columns in *ninclude. */
static int read_indexes(struct pgr *r, PGresult *res, int *ninclude)
{
	int rows = PQntuples(res), rc = 0;
	for (int i = 0; i < rows && rc == 0; i++) {
		struct rel *rl = rel_at(r, res, i, 0);
		if (!rl)
			continue;
		struct table *t = rl->t;
		struct index *ix = arena_alloc(r->a, sizeof *ix);
		ix->name = get(r, res, i, 1);
		ix->name_written = true;
		ix->unique = get_bool(res, i, 2);
		if (strcmp(peek(res, i, 3), "btree"))
			ix->method = get(r, res, i, 3);
		int nkeys = get_int(res, i, 4);
		if (get_int(res, i, 5) > nkeys)
			(*ninclude)++;
		int keys[MAX_KEYS], options[MAX_KEYS];
		int nk = parse_int2vector(peek(res, i, 6), keys, MAX_KEYS);
		int no = parse_int2vector(peek(res, i, 7), options, MAX_KEYS);
		const char **exprs = NULL;
		int ne = PQgetisnull(res, i, 8)
		             ? 0
		             : parse_array(r->a, peek(res, i, 8), &exprs);
		if (ne < 0 || nk < nkeys || no < nkeys) {
			rc = bad_value(r, "index columns", peek(res, i, 6));
			break;
		}
		ix->nelems = nkeys;
		ix->elems = arena_alloc(r->a, (size_t)(nkeys ? nkeys : 1) *
		                                  sizeof *ix->elems);
		int e = 0;
		for (int k = 0; k < nkeys && rc == 0; k++) {
			struct index_elem *el = &ix->elems[k];
			if (keys[k] != 0) {
				el->column = column_at(rl, keys[k]);
				if (!el->column)
					rc = bad_value(r, "index columns",
					               peek(res, i, 6));
			} else if (e < ne) {
				el->expr = new_expr(r, exprs[e++], true);
			} else {
				rc = bad_value(r, "index expressions",
				               peek(res, i, 8));
			}
			el->desc = (options[k] & 1) != 0; /* INDOPTION_DESC */
		}
		const char *pred = get(r, res, i, 9);
		if (pred)
			ix->where = new_expr(r, pred, true);
		ix->table = t->name;
		ARENA_PUSH(r->a, t->indexes, t->nindexes, t->capindexes, ix);
	}
	PQclear(res);
	return rc;
}

/* ---- 5. enums --------------------------------------------------------- */

/* clang-format off */
static const char sql_enums[] =
    "SELECT n.nspname, t.typname, e.enumlabel\n"
    "FROM pg_catalog.pg_type t\n"
    "JOIN pg_catalog.pg_namespace n ON n.oid = t.typnamespace\n"
    "LEFT JOIN pg_catalog.pg_enum e ON e.enumtypid = t.oid\n"
    "WHERE t.typtype = 'e' AND " USER_NSP("n") "\n"
    "  AND " NOT_EXT("pg_catalog.pg_type", "t.oid") "\n"
    "  AND n.nspname LIKE $1\n"
    "ORDER BY n.nspname, t.typname, e.enumsortorder";
/* clang-format on */

static void read_enums(struct pgr *r, struct schema *out, PGresult *res)
{
	int rows = PQntuples(res);
	struct enum_type *e = NULL;
	for (int i = 0; i < rows; i++) {
		const char *nsp = peek(res, i, 0), *name = peek(res, i, 1);
		if (!e || strcmp(e->name.name, name) ||
		    strcmp(e->name.schema ? e->name.schema : "public", nsp)) {
			e = arena_alloc(r->a, sizeof *e);
			e->name.schema = lift_schema(r, nsp);
			e->name.name = get(r, res, i, 1);
			ARENA_PUSH(r->a, out->enums, out->nenums, out->capenums,
			           e);
		}
		/* an enum without values (CREATE TYPE e AS ENUM ()) has one
		 * row, with no label: the LEFT JOIN keeps it */
		if (PQgetisnull(res, i, 2))
			continue;
		const char *label = get(r, res, i, 2);
		ARENA_PUSH(r->a, e->values, e->nvalues, e->capvalues, label);
	}
	PQclear(res);
}

/* ---- 6. what retort does not manage ------------------------------------ */

/*
 * One count per kind, in the order of unmanaged_kinds: one pass over each
 * catalog with FILTER aggregates, objects of user schemas that no
 * extension owns.
 */
#define NSP_OF(col)                                             \
	"  JOIN pg_catalog.pg_namespace n ON n.oid = " col "\n" \
	"  WHERE " USER_NSP("n") "\n"

/* clang-format off */
static const char sql_unmanaged[] =
    "SELECT * FROM\n"
    " (SELECT pg_catalog.count(*) FILTER (WHERE p.prokind = 'f'),\n"
    "    pg_catalog.count(*) FILTER (WHERE p.prokind = 'p'),\n"
    "    pg_catalog.count(*) FILTER (WHERE p.prokind IN ('a', 'w'))\n"
    "  FROM pg_catalog.pg_proc p\n"
    NSP_OF("p.pronamespace")
    "  AND " NOT_EXT("pg_catalog.pg_proc", "p.oid") ") AS procs,\n"
    " (SELECT pg_catalog.count(*) FILTER (WHERE c.relkind = 'm'),\n"
    "    pg_catalog.count(*) FILTER (WHERE c.relkind = 'p'\n"
    "      AND NOT c.relispartition),\n"
    /* the partitions themselves, not their indexes */
    "    pg_catalog.count(*) FILTER (WHERE c.relispartition\n"
    "      AND c.relkind IN ('r', 'p', 'f')),\n"
    "    pg_catalog.count(*) FILTER (WHERE c.relkind = 'f'\n"
    "      AND NOT c.relispartition),\n"
    "    pg_catalog.count(*) FILTER (WHERE c.relkind = 'S' AND NOT EXISTS\n"
    "      (SELECT 1 FROM pg_catalog.pg_depend o\n"
    "       WHERE o.classid = 'pg_catalog.pg_class'::pg_catalog.regclass\n"
    "       AND o.objid = c.oid AND o.deptype IN ('a', 'i')\n"
    "       AND o.refobjsubid > 0)),\n"
    "    pg_catalog.count(*) FILTER (WHERE c.relkind = 'r'\n"
    "      AND c.relpersistence = 'u')\n"
    "  FROM pg_catalog.pg_class c\n"
    NSP_OF("c.relnamespace")
    "  AND c.relkind IN ('m', 'p', 'r', 'f', 'S')\n"
    "  AND " NOT_EXT("pg_catalog.pg_class", "c.oid") ") AS rels,\n"
    " (SELECT pg_catalog.count(*) FILTER (WHERE t.typtype = 'd'),\n"
    "    pg_catalog.count(*) FILTER (WHERE t.typtype = 'c' AND EXISTS\n"
    "      (SELECT 1 FROM pg_catalog.pg_class tc\n"
    "       WHERE tc.oid = t.typrelid AND tc.relkind = 'c')),\n"
    "    pg_catalog.count(*) FILTER (WHERE t.typtype = 'r')\n"
    "  FROM pg_catalog.pg_type t\n"
    NSP_OF("t.typnamespace")
    "  AND t.typtype IN ('d', 'c', 'r')\n"
    "  AND " NOT_EXT("pg_catalog.pg_type", "t.oid") ") AS types,\n"
    /* objects that hang off a relation of a user schema */
    " (SELECT pg_catalog.count(*) FROM pg_catalog.pg_trigger x\n"
    "  JOIN pg_catalog.pg_class c ON c.oid = x.tgrelid\n"
    NSP_OF("c.relnamespace") "  AND NOT x.tgisinternal) AS triggers,\n"
    " (SELECT pg_catalog.count(*) FROM pg_catalog.pg_policy x\n"
    "  JOIN pg_catalog.pg_class c ON c.oid = x.polrelid\n"
    NSP_OF("c.relnamespace") ") AS policies,\n"
    " (SELECT pg_catalog.count(*) FROM pg_catalog.pg_rewrite x\n"
    "  JOIN pg_catalog.pg_class c ON c.oid = x.ev_class\n"
    NSP_OF("c.relnamespace")
    "  AND x.rulename OPERATOR(pg_catalog.<>) '_RETURN') AS rules,\n"
    " (SELECT pg_catalog.count(*) FROM pg_catalog.pg_inherits x\n"
    "  JOIN pg_catalog.pg_class c ON c.oid = x.inhrelid\n"
    NSP_OF("c.relnamespace") "  AND NOT c.relispartition) AS inherits,\n"
    " (SELECT pg_catalog.count(*) FROM pg_catalog.pg_statistic_ext x\n"
    NSP_OF("x.stxnamespace") ") AS stats,\n"
    " (SELECT pg_catalog.count(*) FROM pg_catalog.pg_event_trigger)\n"
    "   AS event_triggers,\n"
    " (SELECT pg_catalog.count(*) FROM pg_catalog.pg_extension\n"
    "  WHERE extname OPERATOR(pg_catalog.<>) 'plpgsql') AS extensions";
/* clang-format on */

/* singular, plural; the order of sql_unmanaged's columns, then the
 * counts gathered on the way */
static const char *const unmanaged_kinds[][2] = {
    {"function", "functions"},
    {"procedure", "procedures"},
    {"aggregate", "aggregates"},
    {"materialized view", "materialized views"},
    {"partitioned table", "partitioned tables"},
    {"partition", "partitions"},
    {"foreign table", "foreign tables"},
    {"sequence not owned by a column", "sequences not owned by a column"},
    {"unlogged table (reflected as logged)",
     "unlogged tables (reflected as logged)"},
    {"domain", "domains"},
    {"composite type", "composite types"},
    {"range type", "range types"},
    {"trigger", "triggers"},
    {"policy", "policies"},
    {"rule", "rules"},
    {"inheriting table", "inheriting tables"},
    {"statistics object", "statistics objects"},
    {"event trigger", "event triggers"},
    {"extension", "extensions"},
    {"exclusion constraint", "exclusion constraints"},
    {"index with INCLUDE columns (reflected without them)",
     "indexes with INCLUDE columns (reflected without them)"},
};
#define NKINDS     (int)(sizeof unmanaged_kinds / sizeof *unmanaged_kinds)
#define NSQL_KINDS (NKINDS - 2)

/* Reads the counts of sql_unmanaged's result (and PQclears it) and
 * reports them as one note (none when all are 0).  extra holds the counts
 * of the last two kinds. */
static void note_unmanaged(struct pgr *r, PGresult *res, const int extra[2])
{
	long counts[NKINDS];
	for (int k = 0; k < NSQL_KINDS; k++)
		counts[k] = PQntuples(res) == 1 && PQnfields(res) > k
		                ? atol(peek(res, 0, k))
		                : 0;
	PQclear(res);
	counts[NKINDS - 2] = extra[0];
	counts[NKINDS - 1] = extra[1];
	struct strbuf sb = STRBUF_INIT;
	for (int k = 0; k < NKINDS; k++) {
		if (!counts[k])
			continue;
		strbuf_printf(&sb, "%s%ld %s", sb.len ? ", " : "", counts[k],
		              unmanaged_kinds[k][counts[k] != 1]);
	}
	if (sb.len)
		diag_global(r->s->diag, SEV_NOTE,
		            "left out what retort does not manage: %s",
		            strbuf_str(&sb));
	strbuf_free(&sb);
}

/* ---- the whole catalog ------------------------------------------------ */

/*
 * The transaction's settings, in one statement: an empty search_path (so
 * the deparsers qualify every name outside pg_catalog); no JIT (the
 * planner's row estimates for unnest() and generate_series() make it
 * compile the catalog queries, which costs far more than they run);
 * work_mem enough to sort the column rows of 10,000 tables in memory; and
 * random_page_cost 1, as the catalogs are in memory: the planner then
 * reads pg_attribute through its index, table by table, rather than whole
 * (a third faster for 10,000 tables, and a cost that follows the number
 * of tables asked for).
 */
#define SETTINGS                                                   \
	"SELECT pg_catalog.set_config('search_path', '', true),\n" \
	"  pg_catalog.set_config('jit', 'off', true),\n"           \
	"  pg_catalog.set_config('work_mem', '64MB', true),\n"     \
	"  pg_catalog.set_config('random_page_cost', '1', true)"

static const char sql_settings[] = SETTINGS;

/* The same, on a connection that may get a helper: the snapshot to share
 * with it, and the size of pg_attribute, which tells whether one pays. */
static const char sql_settings_export[] =
    SETTINGS ",\n  pg_catalog.pg_export_snapshot(),\n"
             "  pg_catalog.pg_relation_size('pg_catalog.pg_attribute')";

static const char sql_begin[] =
    "BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY";

/*
 * Below this size of pg_attribute (a database of about 500 tables; an
 * empty one has 0.5 MB) a second connection saves little more than the
 * few milliseconds connecting takes.  At 1,000 tables (8 MB) it already
 * takes a reflect from 0.11 s to 0.08 s.
 */
#define HELPER_MIN_BYTES (4L * 1024 * 1024)

/*
 * With two connections, queries 2 and 3 are each run in two parts: the
 * first COLUMNS_SHARE of query 1's tables, then the rest.  With the
 * defaults and owned sequences restricted to the tables asked for, a
 * part's cost follows its number of tables, and the parts let either
 * connection take up the work when it is free (the one that read query 1
 * starts the columns while the other is still counting query 6).
 */
#define COLUMNS_SHARE 0.5

/*
 * Opens the helper connection and has it import the snapshot: BEGIN, SET
 * TRANSACTION SNAPSHOT and the settings.  Nothing is reported when that
 * fails (the server refuses a connection more, say): the caller's
 * connection then does it all.
 */
static void add_helper(struct pgr *r, struct db *db, const char *snapshot)
{
	PGconn *c = (PGconn *)db_pg_connect_again(r->s, db);
	if (!c)
		return;
	char *lit = PQescapeLiteral(c, snapshot, strlen(snapshot));
	if (!lit) {
		PQfinish(c);
		return;
	}
	struct strbuf set = STRBUF_INIT;
	strbuf_printf(&set, "SET TRANSACTION SNAPSHOT %s", lit);
	PQfreemem(lit);
	if (command_on(r, c, true, sql_begin) < 0 ||
	    command_on(r, c, true, strbuf_str(&set)) < 0 ||
	    command_on(r, c, true, sql_settings) < 0) {
		PQfinish(c);
	} else {
		r->lanes[r->nlanes].conn = c;
		r->lanes[r->nlanes].job = NULL;
		r->nlanes++;
	}
	strbuf_free(&set);
}

/* The OIDs of tables from..to-1 of query 1 as an array literal; oids and
 * starts are read_relations'. */
static const char *oid_array(struct pgr *r, const struct strbuf *oids,
                             const int *starts, int from, int to)
{
	if (from >= to)
		return "{}";
	size_t b = (size_t)starts[from];
	size_t e = to < r->nrels ? (size_t)starts[to] : oids->len;
	/* [b, e) ends with a comma, which becomes the '}' */
	char *p = arena_alloc(r->a, e - b + 2);
	p[0] = '{';
	memcpy(p + 1, oids->buf + b, e - b - 1);
	p[e - b] = '}';
	p[e - b + 1] = '\0';
	return p;
}

/*
 * Queues the queries, has them run (on two connections when a helper
 * joins: snapshot is the exported one, NULL for none) and reads the
 * results in the order their lifting needs: query 1, the columns, then
 * what names columns by attnum, enums, the counts.  The server runs the
 * next query while this process lifts the previous result.
 */
static int read_all(struct pgr *r, struct schema *out, struct db *db,
                    const char *snapshot)
{
	struct job *rel = queue_relations(r);
	struct job *unmanaged =
	    add_job(r, "catalog", sql_unmanaged, 0, NULL, false);
	const char *pattern = schema_pattern(r);
	struct job *enums =
	    add_job(r, "enum types", sql_enums, 1, &pattern, false);
	start_jobs(r);
	/* connecting overlaps query 1, which the server is running */
	if (snapshot)
		add_helper(r, db, snapshot);
	PGresult *res = wait_job(r, rel);
	if (!res)
		return -1;
	struct strbuf oids = STRBUF_INIT;
	int *starts = NULL;
	read_relations(r, out, res, &oids, &starts);
	int n = r->nrels;
	int split = r->nlanes > 1 ? (int)(n * COLUMNS_SHARE) : n;
	const char *all = oid_array(r, &oids, starts, 0, n);
	const char *first =
	    split == n ? all : oid_array(r, &oids, starts, 0, split);
	const char *rest = oid_array(r, &oids, starts, split, n);
	strbuf_free(&oids);
	free(starts);
	struct job *cols[2] = {NULL, NULL}, *cons[2] = {NULL, NULL};
	const char *part[2][2] = {{first, all}, {rest, all}};
	cols[0] = add_job(r, "columns", sql_columns, 1, part[0], true);
	if (split < n)
		cols[1] = add_job(r, "columns", sql_columns, 1, part[1], true);
	cons[0] = add_job(r, "constraints", sql_constraints, 2, part[0], true);
	if (split < n)
		cons[1] = add_job(r, "constraints", sql_constraints, 2, part[1],
		                  true);
	struct job *idx = add_job(r, "indexes", sql_indexes, 1, &all, true);
	r->oids_ready = true;

	int counts[2] = {0, 0};
	for (int k = 0; k < 2; k++) {
		if (!cols[k])
			continue;
		if (!(res = wait_job(r, cols[k])))
			return -1;
		read_columns(r, out, res, k ? split : 0);
	}
	for (int k = 0; k < 2; k++) {
		if (!cons[k])
			continue;
		if (!(res = wait_job(r, cons[k])) ||
		    read_constraints(r, res, k ? split : 0, &counts[0]) < 0)
			return -1;
	}
	if (!(res = wait_job(r, idx)) || read_indexes(r, res, &counts[1]) < 0)
		return -1;
	if (!(res = wait_job(r, enums)))
		return -1;
	read_enums(r, out, res);
	if (!(res = wait_job(r, unmanaged)))
		return -1;
	note_unmanaged(r, res, counts);
	return 0;
}

/*
 * reflect_pg_conn, with db the connection's struct db when a helper
 * connection may be opened (NULL: never).
 */
static int reflect_conn(struct session *s, PGconn *conn, struct db *db,
                        struct schema *out, struct reflect_stats *stats)
{
	struct pgr r = {.s = s, .a = s->arena, .conn = conn};
	r.lanes[0].conn = conn;
	r.nlanes = 1;
	memset(out, 0, sizeof *out);
	/* inside the caller's transaction, a savepoint scopes the settings;
	 * the caller's snapshot is not one to share */
	bool nested = PQtransactionStatus(conn) == PQTRANS_INTRANS;
	if (nested)
		db = NULL;
	int rc = -1;
	if (run_command(&r, nested ? "SAVEPOINT retort_reflect" : sql_begin) <
	    0)
		goto done;
	PGresult *res =
	    run_on(&r, conn, false, "catalog",
	           db ? sql_settings_export : sql_settings, 0, NULL);
	if (res) {
		/* the snapshot and the size are the last two columns */
		const char *snapshot = NULL;
		int nf = PQnfields(res);
		bool pays = s->reflect_jobs == 2 ||
		            (s->reflect_jobs == 0 &&
		             atol(peek(res, 0, nf - 1)) >= HELPER_MIN_BYTES);
		if (db && nf >= 2 && PQntuples(res) == 1 && pays)
			snapshot = get(&r, res, 0, nf - 2);
		PQclear(res);
		rc = read_all(&r, out, db, snapshot);
	}
	drain_jobs(&r);
	/* the helper's transaction ends with its connection; the snapshot
	 * it imported lived as long as this one's */
	for (int k = 1; k < r.nlanes; k++)
		PQfinish(r.lanes[k].conn);
	/* read only: ending the transaction cannot lose anything, and after
	 * an error only a rollback is possible */
	if (nested) {
		if (run_command(&r, "ROLLBACK TO SAVEPOINT retort_reflect") <
		        0 ||
		    run_command(&r, "RELEASE SAVEPOINT retort_reflect") < 0)
			rc = -1;
	} else if (run_command(&r, rc == 0 ? "COMMIT" : "ROLLBACK") < 0) {
		rc = -1;
	}
	if (rc == 0)
		schema_sort(out);
done:
	if (stats)
		stats->queries += r.queries;
	return rc;
}

int reflect_pg_conn(struct session *s, PGconn *conn, struct schema *out,
                    struct reflect_stats *stats)
{
	return reflect_conn(s, conn, NULL, out, stats);
}

int reflect_pg(struct session *s, struct db *db, struct schema *out,
               struct reflect_stats *stats)
{
	PGconn *conn = (PGconn *)db_pg(db);
	if (!conn) {
		diag_global(s->diag, SEV_ERROR, "not a postgresql connection");
		return -1;
	}
	return reflect_conn(s, conn, db, out, stats);
}
