/*
 * runner.c - applies the history to a database: upgrade, downgrade,
 * stamp and current (see runner.h for where it sits).
 *
 * A run reads the version table, works out the migrations to run (the
 * plan), replays the applied migrations to the schema the database must
 * have and compares it with the reflected database (a SQLite rebuild
 * recreates a table as the history knows it, so anything else in the
 * database would be lost: a difference is refused before anything runs),
 * compiles every step of the plan from that schema, and only then runs
 * the steps, one transaction each.  Each transaction reads the version
 * table again under the lock: when another process moved the database in
 * the meantime (SQLite, where the lock is the transaction's), the run
 * starts over from what the database now says.
 *
 * Checksums: a migration's is FNV-1a over what it does (its parents and
 * both sections, printed canonically: reformatting and comments do not
 * count, a changed operation or parent does).  A version row holds
 * "rev:sum" for every migration of its head's line, in the order they
 * were applied.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "compile.h"
#include "diff.h"
#include "emit.h"
#include "lower.h"
#include "package.h"
#include "reflect.h"
#include "runner.h"
#include "script.h"
#include "simulate.h"

/* How long a SQLite run waits for another writer (BEGIN IMMEDIATE). */
enum { LOCK_WAIT_MS = 600000 };

struct run {
	struct session *s;
	struct db *db; /* NULL offline */
	const struct history *h;
	struct run_state st;
	const char **sums; /* each migration's checksum, filled on use */
	bool pg;
	bool fk_on;           /* SQLite: the connection's foreign_keys */
	const char *lock_key; /* PostgreSQL: the advisory lock's key */
	const char **expect;  /* the version rows the run expects */
	int nexpect;
	const char *table_sql; /* the version table, written in SQL */
	bool verify;           /* runner_verify: warnings are not news */
};

/* ---- checksums ---------------------------------------------------- */

static const char *sum_of(struct run *r, int i)
{
	if (r->sums[i])
		return r->sums[i];
	const struct migration *m = r->h->v[i];
	struct strbuf sb = STRBUF_INIT;
	for (int k = 0; k < m->nparents; k++)
		strbuf_printf(&sb, "parent %s\n", m->parents[k]);
	strbuf_puts(&sb, "upgrade\n");
	script_print_ops(r->s, m->up, m->nup, 0, &sb);
	strbuf_puts(&sb, "downgrade\n");
	script_print_ops(r->s, m->down, m->ndown, 0, &sb);
	r->sums[i] = arena_printf(
	    r->s->arena, "%016llx",
	    (unsigned long long)hash_bytes(strbuf_str(&sb), sb.len));
	strbuf_free(&sb);
	return r->sums[i];
}

/* The checksums text of the version row of head i: "rev:sum" for i and
 * each of its ancestors, parents first. */
static const char *sums_text(struct run *r, int i)
{
	bool *line = history_range(r->s, r->h, NULL, r->h->v[i]);
	struct strbuf sb = STRBUF_INIT;
	for (int k = 0; k < r->h->n; k++)
		if (line[k])
			strbuf_printf(&sb, "%s%s:%s", sb.len ? " " : "",
			              r->h->v[k]->rev, sum_of(r, k));
	const char *t = strbuf_arena_copy(&sb, r->s->arena);
	strbuf_free(&sb);
	return t;
}

static void problem(struct run *r, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* Adds a problem, once however many rows show it. */
static void problem(struct run *r, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	struct strbuf sb = STRBUF_INIT;
	strbuf_vprintf(&sb, fmt, ap);
	va_end(ap);
	for (int i = 0; i < r->st.nproblems; i++)
		if (!strcmp(r->st.problems[i], strbuf_str(&sb))) {
			strbuf_free(&sb);
			return;
		}
	const char **v = arena_alloc(
	    r->s->arena, sizeof(char *) * (size_t)(r->st.nproblems + 1));
	if (r->st.nproblems) /* memcpy from NULL is undefined, even of 0 */
		memcpy(v, r->st.problems,
		       sizeof(char *) * (size_t)r->st.nproblems);
	v[r->st.nproblems++] = strbuf_arena_copy(&sb, r->s->arena);
	r->st.problems = v;
	strbuf_free(&sb);
}

/*
 * Compares version row `row`'s checksums with the history: an applied
 * migration that is gone or does something else now, and a parent of an
 * applied migration that was not applied before it (a migration moved
 * or inserted into the applied line).
 */
static void check_row(struct run *r, int row)
{
	const struct history *h = r->h;
	const char *list = r->st.vt.sums[row];
	if (!list)
		return; /* written by Alembic or an older retort */
	int *pos = arena_alloc(r->s->arena, sizeof(int) * (size_t)(h->n + 1));
	for (int i = 0; i < h->n; i++)
		pos[i] = -1;
	int at = 0;
	for (const char *p = list; *p; at++) {
		size_t len = strcspn(p, " ");
		const char *colon = memchr(p, ':', len);
		size_t rlen = colon ? (size_t)(colon - p) : len;
		char *rev = arena_strndup(r->s->arena, p, rlen);
		int k = history_find(h, rev);
		if (k < 0) {
			problem(r,
			        "applied migration \"%s\" is no longer in "
			        "\"%s\"",
			        rev, h->dir);
		} else {
			pos[k] = at;
			const char *sum = sum_of(r, k);
			if (!colon || strlen(sum) != len - rlen - 1 ||
			    memcmp(sum, colon + 1, len - rlen - 1))
				problem(r,
				        "applied migration \"%s\" (%s) was "
				        "changed after it was applied",
				        rev, h->paths[k]);
		}
		p += len;
		p += strspn(p, " ");
	}
	for (int k = 0; k < h->n; k++) {
		if (pos[k] < 0)
			continue;
		for (int q = 0; q < h->v[k]->nparents; q++) {
			int j = history_find(h, h->v[k]->parents[q]);
			if (pos[j] < 0)
				problem(
				    r,
				    "migration \"%s\" (%s) now comes before "
				    "applied migration \"%s\" but was never "
				    "applied: the history was reordered",
				    h->v[j]->rev, h->paths[j], h->v[k]->rev);
			else if (pos[j] > pos[k])
				problem(
				    r,
				    "applied migration \"%s\" now comes after "
				    "\"%s\", which was applied after it: the "
				    "history was reordered",
				    h->v[k]->rev, h->v[j]->rev);
		}
	}
}

/* ---- reading the version table ------------------------------------ */

static int read_state(struct run *r)
{
	struct session *s = r->s;
	const struct history *h = r->h;
	r->st = (struct run_state){0};
	if (db_versions(s, r->db, s->version_table, &r->st.vt) < 0)
		return RUN_DB;
	r->table_sql = r->st.vt.sql_name;
	r->st.rows =
	    arena_alloc(s->arena, sizeof(int) * (size_t)(r->st.vt.n + 1));
	r->st.applied =
	    arena_alloc(s->arena, sizeof(bool) * (size_t)(h->n + 1));
	for (int i = 0; i < r->st.vt.n; i++) {
		int k = history_find(h, r->st.vt.revs[i]);
		if (k < 0) {
			diag_global(s->diag, SEV_ERROR,
			            "the database is at revision \"%s\", which "
			            "is not in the history (\"%s\")",
			            r->st.vt.revs[i], h->dir);
			diag_global_hint(
			    s->diag,
			    "Restore its migration if it was deleted; if the "
			    "database has the schema of a revision of the "
			    "history, record that revision with `retort stamp "
			    "REV` (`retort history` lists them).");
			return RUN_BAD;
		}
		r->st.rows[i] = k;
		bool *line = history_range(s, h, NULL, h->v[k]);
		for (int j = 0; j < h->n; j++)
			r->st.applied[j] |= line[j];
	}
	for (int i = 0; i < r->st.vt.n; i++)
		check_row(r, i);
	return RUN_OK;
}

static void start(struct run *r, struct session *s, struct db *db,
                  const struct history *h)
{
	*r = (struct run){.s = s, .db = db, .h = h};
	r->sums = arena_alloc(s->arena, sizeof(char *) * (size_t)(h->n + 1));
	r->pg = db ? db_dialect(db) == DIALECT_POSTGRESQL
	           : s->dialect == DIALECT_POSTGRESQL;
}

int runner_read(struct session *s, struct db *db, const struct history *h,
                struct run_state *st)
{
	struct run r;
	start(&r, s, db, h);
	int rc = read_state(&r);
	*st = r.st;
	return rc;
}

/* Reports the checksum problems as errors; true when there were any. */
static bool refuse_problems(struct run *r)
{
	for (int i = 0; i < r->st.nproblems; i++)
		diag_global(r->s->diag, SEV_ERROR, "%s", r->st.problems[i]);
	if (r->st.nproblems)
		diag_global_hint(
		    r->s->diag,
		    "Put the applied migrations back as they were applied "
		    "(see the version control history); if the database "
		    "already has the schema the history now gives, record it "
		    "again with `retort stamp REV`.");
	return r->st.nproblems > 0;
}

/* ---- version rows ------------------------------------------------- */

/* The heads of the applied set: applied migrations no applied migration
 * names as a parent, in history order (arena memory). */
static int applied_heads(struct run *r, const bool *applied, int **out)
{
	const struct history *h = r->h;
	bool *has_child =
	    arena_alloc(r->s->arena, sizeof(bool) * (size_t)(h->n + 1));
	for (int i = 0; i < h->n; i++)
		if (applied[i])
			for (int k = 0; k < h->v[i]->nparents; k++)
				has_child[history_find(
				    h, h->v[i]->parents[k])] = true;
	int n = 0;
	*out = arena_alloc(r->s->arena, sizeof(int) * (size_t)(h->n + 1));
	for (int i = 0; i < h->n; i++)
		if (applied[i] && !has_child[i])
			(*out)[n++] = i;
	return n;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Sets r->expect to the heads of applied, sorted. */
static void expect_heads(struct run *r, const bool *applied)
{
	int *heads;
	int n = applied_heads(r, applied, &heads);
	r->expect = arena_alloc(r->s->arena, sizeof(char *) * (size_t)(n + 1));
	for (int i = 0; i < n; i++)
		r->expect[i] = r->h->v[heads[i]]->rev;
	qsort(r->expect, (size_t)n, sizeof(char *), cmp_str);
	r->nexpect = n;
}

/* Whether the version rows vt holds are r->expect. */
static bool as_expected(struct run *r, const struct db_versions *vt)
{
	if (vt->n != r->nexpect)
		return false;
	const char **v =
	    arena_alloc(r->s->arena, sizeof(char *) * (size_t)(vt->n + 1));
	if (vt->n)
		memcpy(v, vt->revs, sizeof(char *) * (size_t)vt->n);
	qsort(v, (size_t)vt->n, sizeof(char *), cmp_str);
	for (int i = 0; i < vt->n; i++)
		if (strcmp(v[i], r->expect[i]))
			return false;
	return true;
}

/* CREATE TABLE for the version table (named r->table_sql). */
static const char *create_table_sql(struct run *r)
{
	const char *vt = r->s->version_table;
	const char *dot = r->pg ? strchr(vt, '.') : NULL;
	struct strbuf sb = STRBUF_INIT;
	strbuf_printf(&sb,
	              "CREATE TABLE %s (version_num VARCHAR(255) NOT "
	              "NULL, checksums TEXT, CONSTRAINT ",
	              r->table_sql);
	emit_ident(&sb,
	           arena_printf(r->s->arena, "%s_pkc", dot ? dot + 1 : vt));
	strbuf_puts(&sb, " PRIMARY KEY (version_num));");
	const char *t = strbuf_arena_copy(&sb, r->s->arena);
	strbuf_free(&sb);
	return t;
}

/* The version table as SQL without a connection: quoted, on PostgreSQL
 * schema-qualified (the offline form of db_versions' sql_name). */
static const char *offline_table_sql(struct run *r)
{
	const char *vt = r->s->version_table;
	const char *dot = strchr(vt, '.');
	struct strbuf sb = STRBUF_INIT;
	if (r->pg) {
		emit_ident(&sb, dot ? arena_strndup(r->s->arena, vt,
		                                    (size_t)(dot - vt))
		                    : "public");
		strbuf_putc(&sb, '.');
		emit_ident(&sb, dot ? dot + 1 : vt);
	} else {
		emit_ident(&sb, vt);
	}
	const char *t = strbuf_arena_copy(&sb, r->s->arena);
	strbuf_free(&sb);
	return t;
}

/* ---- planning ----------------------------------------------------- */

struct plan {
	bool up;
	int n;
	int *v; /* indexes of h->v, in the order to run them */
};

/* N of "+N" / "-N" (sign the first character), or 0 when target does
 * not have that form. */
static int relative(const char *target, char sign)
{
	if (target[0] != sign || !target[1])
		return 0;
	char *end;
	long n = strtol(target + 1, &end, 10);
	return *end || n <= 0 || n > 1000000 ? 0 : (int)n;
}

static void plan_push(struct run *r, struct plan *p, int i)
{
	if (!p->v)
		p->v = arena_alloc(r->s->arena,
		                   sizeof(int) * (size_t)(r->h->n + 1));
	p->v[p->n++] = i;
}

static int too_few(struct run *r, const char *verb, int want, int have)
{
	diag_global(r->s->diag, SEV_ERROR,
	            "cannot %s %d migration%s: %d %s left", verb, want,
	            want == 1 ? "" : "s", have, have == 1 ? "is" : "are");
	diag_global_hint(r->s->diag,
	                 "`retort current` shows where the database stands.");
	return RUN_BAD;
}

static int plan_upgrade(struct run *r, const char *target, const bool *applied,
                        struct plan *p)
{
	const struct history *h = r->h;
	int limit = relative(target, '+');
	bool *want;
	if (limit || !strcmp(target, "heads")) {
		want = history_range(r->s, h, NULL, NULL);
	} else {
		struct migration *m;
		if (history_resolve(r->s, h, target, &m) < 0)
			return RUN_BAD;
		want = m ? history_range(r->s, h, NULL, m)
		         : arena_alloc(r->s->arena,
		                       sizeof(bool) * (size_t)(h->n + 1));
	}
	for (int i = 0; i < h->n && (!limit || p->n < limit); i++)
		if (want[i] && !applied[i])
			plan_push(r, p, i);
	if (limit && p->n < limit)
		return too_few(r, "upgrade", limit, p->n);
	return RUN_OK;
}

static int plan_downgrade(struct run *r, const char *target,
                          const bool *applied, struct plan *p)
{
	const struct history *h = r->h;
	int limit = relative(target, '-');
	bool *keep = NULL;
	if (!limit) {
		struct migration *m;
		if (history_resolve(r->s, h, target, &m) < 0)
			return RUN_BAD;
		if (m && !applied[history_find(h, m->rev)]) {
			diag_global(r->s->diag, SEV_ERROR,
			            "revision \"%s\" is not applied to the "
			            "database",
			            m->rev);
			diag_global_hint(
			    r->s->diag,
			    "A downgrade goes back to an applied "
			    "revision; `retort current` shows where "
			    "the database stands, `retort upgrade` "
			    "goes forward.");
			return RUN_BAD;
		}
		keep = m ? history_range(r->s, h, NULL, m) : NULL;
	}
	for (int i = h->n - 1; i >= 0 && (!limit || p->n < limit); i--)
		if (applied[i] && !(keep && keep[i]))
			plan_push(r, p, i);
	if (limit && p->n < limit)
		return too_few(r, "downgrade", limit, p->n);
	return RUN_OK;
}

static int plan(struct run *r, const struct run_request *req,
                const bool *applied, struct plan *p)
{
	*p = (struct plan){.up = req->up};
	return req->up ? plan_upgrade(r, req->target, applied, p)
	               : plan_downgrade(r, req->target, applied, p);
}

/* ---- the schema the database must have ---------------------------- */

/* Replays the upgrades of the applied migrations onto *out. */
static int replay_applied(struct run *r, const bool *applied,
                          struct schema *out)
{
	/* --package: the history replays onto the other packages' objects
	 * it may reference (package.h) */
	package_replay_start(r->s, out);
	return history_replay_set(r->s, r->h, applied, out) < 0 ? RUN_BAD
	                                                        : RUN_OK;
}

/* Where the database stands, as this run last saw it. */
static const char *where(struct run *r)
{
	return history_revs_text(r->s->arena, r->expect, r->nexpect);
}

/* A migration's parents. */
static const char *parents_text(struct run *r, const struct migration *m)
{
	return history_revs_text(r->s->arena, m->parents, m->nparents);
}

/* The first ops (warnings left out) that would make the database what it
 * should be, as detail lines of the error just reported. */
static void detail_ops(struct run *r, const struct migration *d)
{
	struct strbuf ops = STRBUF_INIT;
	for (int i = 0; i < d->nup; i++)
		if (d->up[i]->kind != OP_WARNING)
			script_print_ops(r->s, d->up + i, 1, 0, &ops);
	const char *p = strbuf_str(&ops);
	for (int shown = 0; *p && shown < 10; shown++) {
		size_t len = strcspn(p, "\n");
		diag_detail(r->s->diag, "to match it: %.*s", (int)len, p);
		p += len + (p[len] == '\n');
	}
	strbuf_free(&ops);
}

/*
 * Whether the database (live, cut down to the package) is state after
 * the first own-commit statements of the plan's first migration (c, its
 * compiled form): what a run that failed after committing them leaves
 * (the compiler puts ADD VALUE first, hoist_own_commits in compile.c).
 * Running the migration again is then safe: they are IF NOT EXISTS.
 */
static bool resumable(struct run *r, const struct schema *state,
                      const struct schema *live, const struct plan *p,
                      const struct compiled *c)
{
	const struct migration *m = r->h->v[p->v[0]];
	struct op *const *ops = p->up ? m->up : m->down;
	struct schema after = {0};
	schema_copy_shallow(r->s->arena, &after, state);
	for (int k = 0; k < c->n && (c->v[k].flags & STMT_OWN_COMMIT); k++) {
		if (simulate_ops(r->s, &after, ops + c->v[k].op, 1) < 0)
			return false;
		struct schema want;
		package_filter(r->s, r->h, &after, &want);
		struct migration d = {0};
		if (diff_schemas(r->s, live, &want, &d) == 0) {
			diag_global(r->s->diag, SEV_NOTE,
			            "the database has what an earlier run of "
			            "\"%s\" committed before it failed (enum "
			            "values it adds): running it again",
			            m->rev);
			return true;
		}
	}
	return false;
}

/*
 * The database must have exactly state, the schema of the applied
 * migrations (or what resumable accepts), else nothing runs.  On
 * PostgreSQL state's expressions are first given the server's spelling
 * (lower_normalize_pg), as the reflected ones have; with --package only
 * the package's own objects are compared.
 */
static int expected_schema(struct run *r, struct schema *state,
                           const struct plan *p, const struct compiled *c)
{
	struct session *s = r->s;
	struct schema live = {0}, want;
	if (reflect_schema(s, r->db, &live, NULL) < 0)
		return RUN_DB;
	if (r->pg && lower_normalize_pg(s, r->db, state) < 0)
		return RUN_DB;
	package_filter(s, r->h, &live, &live);
	package_filter(s, r->h, state, &want);
	struct migration d = {0};
	int n = diff_schemas(s, &live, &want, &d);
	if (n < 0)
		return RUN_BAD;
	if (n == 0 || resumable(r, state, &live, p, c))
		return RUN_OK;
	diag_global(s->diag, SEV_ERROR,
	            "the database does not have the schema the history gives "
	            "at %s (%d difference%s)",
	            where(r), n, n == 1 ? "" : "s");
	detail_ops(r, &d);
	diag_global_hint(
	    s->diag,
	    "Nothing was run.  Make the database match the history (`retort "
	    "diff --from DB --to history:REV` prints the difference), or "
	    "record the revision it does match with `retort stamp REV`.");
	return RUN_DB;
}

/* ---- running ------------------------------------------------------ */

static int exec(struct run *r, const char *sql)
{
	return db_exec(r->s, r->db, sql) < 0 ? RUN_DB : RUN_OK;
}

/* Takes the run's lock: on PostgreSQL a session advisory lock keyed by
 * the version table (a second run waits for the first, then reads what
 * it did); on SQLite the lock is each step's BEGIN IMMEDIATE, waited for
 * up to LOCK_WAIT_MS. */
static int lock(struct run *r)
{
	struct session *s = r->s;
	if (!r->pg) {
		const char **v;
		int n;
		if (exec(r, arena_printf(s->arena, "PRAGMA busy_timeout = %d",
		                         LOCK_WAIT_MS)) != RUN_OK ||
		    db_query(s, r->db, "PRAGMA foreign_keys", 0, NULL, 1, &v,
		             &n) < 0)
			return RUN_DB;
		r->fk_on = n == 1 && v[0] && !strcmp(v[0], "1");
		return RUN_OK;
	}
	const char *vt = s->version_table;
	r->lock_key = arena_printf(s->arena, "%lld",
	                           (long long)hash_bytes(vt, strlen(vt)) &
	                               0x7fffffffffffffffLL);
	const char **v;
	int n;
	if (db_query(s, r->db, "SELECT pg_try_advisory_lock($1::bigint)", 1,
	             &r->lock_key, 1, &v, &n) < 0)
		return RUN_DB;
	if (n == 1 && v[0] && !strcmp(v[0], "t"))
		return RUN_OK;
	if (!s->quiet)
		fprintf(stderr, "retort: waiting for another run on this "
		                "database to finish\n");
	return db_query(s, r->db, "SELECT pg_advisory_lock($1::bigint)", 1,
	                &r->lock_key, 0, NULL, NULL) < 0
	           ? RUN_DB
	           : RUN_OK;
}

static void unlock(struct run *r)
{
	if (r->lock_key)
		db_query(r->s, r->db, "SELECT pg_advisory_unlock($1::bigint)",
		         1, &r->lock_key, 0, NULL, NULL);
}

/* Rewrites the version rows (inside the step's transaction) to the heads
 * of applied, creating the table or its checksums column first. */
static int write_versions(struct run *r, const struct db_versions *now,
                          const bool *applied)
{
	struct session *s = r->s;
	if (!now->present && exec(r, create_table_sql(r)) != RUN_OK)
		return RUN_DB;
	if (now->present && !now->has_sums &&
	    exec(r, arena_printf(s->arena,
	                         "ALTER TABLE %s ADD COLUMN checksums TEXT;",
	                         r->table_sql)) != RUN_OK)
		return RUN_DB;
	if (exec(r, arena_printf(s->arena, "DELETE FROM %s;", r->table_sql)) !=
	    RUN_OK)
		return RUN_DB;
	int *heads;
	int n = applied_heads(r, applied, &heads);
	const char *ins = arena_printf(
	    s->arena, "INSERT INTO %s (version_num, checksums) VALUES ($1, $2)",
	    r->table_sql);
	for (int i = 0; i < n; i++) {
		const char *params[2] = {r->h->v[heads[i]]->rev,
		                         sums_text(r, heads[i])};
		if (db_query(s, r->db, ins, 2, params, 0, NULL, NULL) < 0)
			return RUN_DB;
	}
	expect_heads(r, applied);
	return RUN_OK;
}

/* SQLite, after a step that ran with foreign keys off: the rows that
 * break a foreign key, reported; RUN_DB when there are any. */
static int foreign_key_check(struct run *r)
{
	const char **v;
	int n;
	if (db_query(r->s, r->db, "PRAGMA foreign_key_check", 0, NULL, 3, &v,
	             &n) < 0)
		return RUN_DB;
	if (n == 0)
		return RUN_OK;
	diag_global(r->s->diag, SEV_ERROR, "%d row%s would break a foreign key",
	            n, n == 1 ? "" : "s");
	for (int i = 0; i < n && i < 10; i++)
		diag_detail(
		    r->s->diag,
		    "table \"%s\", rowid %s: no row in \"%s\" it refers "
		    "to",
		    v[3 * i], v[3 * i + 1] ? v[3 * i + 1] : "NULL",
		    v[3 * i + 2]);
	diag_global_hint(r->s->diag,
	                 "Delete or fix those rows first (an `execute` "
	                 "before the operation in the migration can).");
	return RUN_DB;
}

/* Reports a failed statement (already reported by the driver) at its op. */
static void step_failed(struct run *r, const struct migration *m, bool up,
                        const struct op *op, bool committed)
{
	diag_error(r->s->diag, op->span, "the %s of \"%s\" failed here",
	           up ? "upgrade" : "downgrade", m->rev);
	diag_flush(r->s->diag);
	if (committed)
		diag_global_hint(
		    r->s->diag,
		    "The enum values it adds were committed first (PostgreSQL "
		    "cannot use a new value in the transaction that adds it) "
		    "and stay; the rest was rolled back and the version table "
		    "still says %s.  Fix the cause and run the command again: "
		    "it sees the values and adds them IF NOT EXISTS.",
		    where(r));
	else
		diag_global_hint(r->s->diag,
		                 "The migration was rolled back: the database "
		                 "is still at %s.",
		                 where(r));
}

/* Runs the statements of migration i (up or down) compiled as c, inside
 * the step's transaction; *committed when an own-commit statement ended
 * it early. */
static int run_statements(struct run *r, int i, bool up,
                          const struct compiled *c, bool *committed)
{
	struct session *s = r->s;
	const struct migration *m = r->h->v[i];
	struct op *const *ops = up ? m->up : m->down;
	int rc = RUN_OK;
	for (int k = 0; rc == RUN_OK && k < c->n; k++) {
		const struct stmt *st = &c->v[k];
		if (st->flags & STMT_NOTE) {
			if (!r->verify)
				diag_warning(s->diag, ops[st->op]->span, "%s",
				             ops[st->op]->text);
			continue;
		}
		if (s->verbose)
			fprintf(stderr, "%s\n", st->sql);
		if (st->flags & STMT_OWN_COMMIT) {
			rc = exec(r, "COMMIT");
			*committed = true;
			if (rc == RUN_OK)
				rc = exec(r, st->sql);
			if (rc == RUN_OK)
				rc = exec(r, "BEGIN");
		} else {
			rc = exec(r, st->sql);
		}
		if (rc != RUN_OK)
			step_failed(r, m, up, ops[st->op], *committed);
	}
	return rc;
}

/*
 * Runs the migrations v[0..n-1] (up or down), compiled as c[0..n-1], in
 * one transaction that first reads the version table again: when it no
 * longer says what this run expects, the transaction is rolled back and
 * *retry set.  n > 1 only for a run of migrations with no statements,
 * recorded together: nothing in them can fail, and a commit each would
 * cost a sync of the file each.
 */
static int step(struct run *r, const int *v, int n, bool up,
                const struct compiled *c, bool *applied, bool *retry)
{
	struct session *s = r->s;
	bool fk_toggle = false;
	for (int j = 0; j < n; j++)
		fk_toggle |= c[j].fk_off;
	fk_toggle = fk_toggle && !r->pg && r->fk_on;
	if (fk_toggle && exec(r, "PRAGMA foreign_keys = OFF") != RUN_OK)
		return RUN_DB;
	int rc = exec(r, r->pg ? "BEGIN" : "BEGIN IMMEDIATE");
	struct db_versions now = {0};
	if (rc == RUN_OK && db_versions(s, r->db, s->version_table, &now) < 0)
		rc = RUN_DB;
	if (rc == RUN_OK && !as_expected(r, &now)) {
		*retry = true;
		db_rollback(r->db);
		goto out;
	}
	bool committed = false;
	for (int j = 0; rc == RUN_OK && j < n; j++)
		rc = run_statements(r, v[j], up, &c[j], &committed);
	if (rc == RUN_OK && fk_toggle)
		rc = foreign_key_check(r);
	for (int j = 0; rc == RUN_OK && j < n; j++)
		applied[v[j]] = up;
	if (rc == RUN_OK)
		rc = write_versions(r, &now, applied);
	if (rc == RUN_OK)
		rc = exec(r, "COMMIT");
	if (rc != RUN_OK) {
		db_rollback(r->db);
		for (int j = 0; j < n; j++)
			applied[v[j]] = !up;
	}
out:
	if (fk_toggle && exec(r, "PRAGMA foreign_keys = ON") != RUN_OK &&
	    rc == RUN_OK)
		rc = RUN_DB;
	return rc;
}

static void progress(struct run *r, const struct migration *m, bool up)
{
	diag_flush(r->s->diag); /* the step's warnings first */
	if (r->s->quiet)
		return;
	if (up)
		fprintf(stderr, "retort: upgrade %s -> %s, %s\n",
		        parents_text(r, m), m->rev, m->message);
	else
		fprintf(stderr, "retort: downgrade %s -> %s, %s\n", m->rev,
		        parents_text(r, m), m->message);
}

/* Compiles each step of p from state (changed in place).  SQLite
 * rebuilds put back the database's triggers. */
static int compile_plan(struct run *r, const struct plan *p,
                        struct schema *state, struct compiled **out)
{
	struct table_trigger *tr = NULL;
	int ntr = 0;
	if (r->db && compile_read_triggers(r->s, r->db, &tr, &ntr) < 0)
		return RUN_DB;
	*out = arena_alloc(r->s->arena,
	                   sizeof(struct compiled) * (size_t)(p->n + 1));
	for (int k = 0; k < p->n; k++) {
		const struct migration *m = r->h->v[p->v[k]];
		if (compile_ops(r->s, state, p->up ? m->up : m->down,
		                p->up ? m->nup : m->ndown, tr, ntr,
		                &(*out)[k]) < 0)
			return RUN_BAD;
	}
	return RUN_OK;
}

/* One pass of runner_migrate: *retry when another process moved the
 * database meanwhile. */
static int migrate_once(struct run *r, const struct run_request *req,
                        bool *retry)
{
	struct session *s = r->s;
	/* one snapshot for the version table and the reflection */
	int rc = r->pg ? RUN_OK : exec(r, "BEGIN");
	if (rc == RUN_OK)
		rc = read_state(r);
	if (rc == RUN_OK && refuse_problems(r))
		rc = RUN_BAD;
	struct plan p = {0};
	if (rc == RUN_OK) {
		expect_heads(r, r->st.applied);
		rc = plan(r, req, r->st.applied, &p);
	}
	/* compiled from a copy, so that state stays the schema before */
	struct schema state = {0}, work = {0};
	struct compiled *c = NULL;
	if (rc == RUN_OK && p.n)
		rc = replay_applied(r, r->st.applied, &state);
	if (rc == RUN_OK && p.n) {
		schema_copy_shallow(s->arena, &work, &state);
		rc = compile_plan(r, &p, &work, &c);
	}
	if (rc == RUN_OK && p.n)
		rc = expected_schema(r, &state, &p, c);
	if (!r->pg) {
		if (rc == RUN_OK)
			rc = exec(r, "COMMIT");
		else
			db_rollback(r->db);
	}
	if (rc != RUN_OK)
		return rc;
	if (p.n == 0) {
		if (!s->quiet)
			fprintf(stderr,
			        "retort: nothing to do: the database "
			        "is at %s\n",
			        where(r));
		return RUN_OK;
	}
	bool *applied =
	    arena_alloc(s->arena, sizeof(bool) * (size_t)(r->h->n + 1));
	memcpy(applied, r->st.applied, sizeof(bool) * (size_t)r->h->n);
	for (int k = 0, end; rc == RUN_OK && k < p.n && !*retry; k = end) {
		end = k + 1;
		while (c[k].n == 0 && end < p.n && c[end].n == 0)
			end++;
		rc = step(r, p.v + k, end - k, p.up, &c[k], applied, retry);
		for (int j = k; rc == RUN_OK && !*retry && j < end; j++)
			progress(r, r->h->v[p.v[j]], p.up);
	}
	return rc;
}

int runner_migrate(struct session *s, struct db *db, const struct history *h,
                   const struct run_request *req)
{
	struct run r;
	start(&r, s, db, h);
	int rc = lock(&r);
	bool retry = true;
	while (rc == RUN_OK && retry) {
		retry = false;
		rc = migrate_once(&r, req, &retry);
	}
	unlock(&r);
	return rc;
}

/* ---- offline ------------------------------------------------------ */

/* Appends a statement that sets the version rows to the heads of applied
 * (values as literals: the script runs without retort). */
static void print_versions(struct run *r, const bool *applied,
                           struct compiled *c, int op)
{
	struct strbuf sb = STRBUF_INIT;
	int *heads;
	int n = applied_heads(r, applied, &heads);
	strbuf_printf(&sb, "DELETE FROM %s;", r->table_sql);
	for (int i = 0; i < n; i++) {
		strbuf_printf(&sb,
		              "\nINSERT INTO %s (version_num, checksums) "
		              "VALUES (",
		              r->table_sql);
		emit_string(&sb, r->h->v[heads[i]]->rev);
		strbuf_puts(&sb, ", ");
		emit_string(&sb, sums_text(r, heads[i]));
		strbuf_puts(&sb, ");");
	}
	struct stmt st = {strbuf_arena_copy(&sb, r->s->arena), 0, op};
	if (c->n == c->cap) {
		c->cap = c->cap ? 2 * c->cap : 8;
		struct stmt *v =
		    arena_alloc(r->s->arena, sizeof *v * (size_t)c->cap);
		if (c->n)
			memcpy(v, c->v, sizeof *v * (size_t)c->n);
		c->v = v;
	}
	c->v[c->n++] = st;
	strbuf_free(&sb);
}

/* Splits "FROM:TO" (from NULL when there is no colon). */
static int sql_range(struct run *r, const struct run_request *req,
                     struct migration **from, const char **to)
{
	const char *colon = strchr(req->target, ':');
	*from = NULL;
	*to = colon ? colon + 1 : req->target;
	if (colon &&
	    history_resolve(r->s, r->h,
	                    arena_strndup(r->s->arena, req->target,
	                                  (size_t)(colon - req->target)),
	                    from) < 0)
		return RUN_BAD;
	if (!req->up && !colon) {
		diag_global(r->s->diag, SEV_ERROR,
		            "downgrade --sql needs a range FROM:TO");
		diag_global_hint(r->s->diag,
		                 "With no database the script cannot know "
		                 "where it starts: `retort downgrade --sql "
		                 "head:base`, say.");
		return RUN_BAD;
	}
	/* an upgrade's TO must come after FROM (a downgrade's TO must be
	 * applied at FROM: plan_downgrade says so) */
	if (!*from || !req->up || relative(*to, '+') || !strcmp(*to, "heads"))
		return RUN_OK;
	struct migration *dest;
	if (history_resolve(r->s, r->h, *to, &dest) < 0)
		return RUN_BAD;
	if (!dest || !history_range(r->s, r->h, NULL,
	                            dest)[history_find(r->h, (*from)->rev)]) {
		diag_global(r->s->diag, SEV_ERROR,
		            "revision \"%s\" does not come after \"%s\": there "
		            "is no upgrade from one to the other",
		            dest ? dest->rev : "base", (*from)->rev);
		diag_global_hint(r->s->diag,
		                 "Give FROM:TO in history order (`retort "
		                 "history` lists it), or use downgrade.");
		return RUN_BAD;
	}
	return RUN_OK;
}

int runner_sql(struct session *s, const struct history *h,
               const struct run_request *req, struct strbuf *out)
{
	struct run r;
	start(&r, s, NULL, h);
	r.table_sql = offline_table_sql(&r);
	struct migration *from;
	const char *to;
	int rc = sql_range(&r, req, &from, &to);
	if (rc != RUN_OK)
		return rc;
	bool *applied =
	    from ? history_range(s, h, NULL, from)
	         : arena_alloc(s->arena, sizeof(bool) * (size_t)(h->n + 1));
	struct run_request sub = {req->up, to, true};
	struct plan p;
	if ((rc = plan(&r, &sub, applied, &p)) != RUN_OK)
		return rc;
	struct schema state = {0};
	if ((rc = replay_applied(&r, applied, &state)) != RUN_OK)
		return rc;
	struct compiled *c;
	if ((rc = compile_plan(&r, &p, &state, &c)) != RUN_OK)
		return rc;
	strbuf_printf(out, "-- retort %s %s (%s)\n\n",
	              req->up ? "upgrade" : "downgrade", req->target,
	              dialect_name(s->dialect));
	if (!from && req->up)
		strbuf_printf(out, "%s\n\n", create_table_sql(&r));
	for (int k = 0; k < p.n; k++) {
		const struct migration *m = h->v[p.v[k]];
		applied[p.v[k]] = p.up;
		print_versions(&r, applied, &c[k], 0);
		if (p.up)
			strbuf_printf(out, "-- upgrade %s -> %s, %s\n",
			              parents_text(&r, m), m->rev, m->message);
		else
			strbuf_printf(out, "-- downgrade %s -> %s, %s\n",
			              m->rev, parents_text(&r, m), m->message);
		compile_print(&c[k], out);
		strbuf_putc(out, '\n');
	}
	return RUN_OK;
}

/* ---- stamp and current -------------------------------------------- */

int runner_stamp(struct session *s, struct db *db, const struct history *h,
                 char *const *revs, int nrevs)
{
	struct run r;
	start(&r, s, db, h);
	bool *applied =
	    arena_alloc(s->arena, sizeof(bool) * (size_t)(h->n + 1));
	for (int i = 0; i < nrevs; i++) {
		if (!strcmp(revs[i], "heads")) {
			for (int k = 0; k < h->nheads; k++)
				applied[history_find(h, h->heads[k]->rev)] =
				    true;
			continue;
		}
		struct migration *m;
		if (history_resolve(s, h, revs[i], &m) < 0)
			return RUN_BAD;
		if (m)
			applied[history_find(h, m->rev)] = true;
	}
	/* the named revisions' lines are applied */
	for (int i = h->n - 1; i >= 0; i--)
		if (applied[i])
			for (int k = 0; k < h->v[i]->nparents; k++)
				applied[history_find(h, h->v[i]->parents[k])] =
				    true;
	int rc = lock(&r);
	if (rc == RUN_OK)
		rc = exec(&r, r.pg ? "BEGIN" : "BEGIN IMMEDIATE");
	struct db_versions now = {0};
	if (rc == RUN_OK && db_versions(s, db, s->version_table, &now) < 0)
		rc = RUN_DB;
	if (rc == RUN_OK) {
		r.table_sql = now.sql_name;
		rc = write_versions(&r, &now, applied);
	}
	if (rc == RUN_OK)
		rc = exec(&r, "COMMIT");
	if (rc != RUN_OK)
		db_rollback(db);
	unlock(&r);
	if (rc == RUN_OK && !s->quiet)
		fprintf(stderr, "retort: stamped the database at %s\n",
		        where(&r));
	return rc;
}

int runner_current(struct session *s, struct db *db, const struct history *h,
                   struct strbuf *out)
{
	struct run r;
	start(&r, s, db, h);
	int rc = read_state(&r);
	if (rc != RUN_OK)
		return rc;
	for (int i = 0; i < r.st.nproblems; i++)
		diag_global(s->diag, SEV_WARNING, "%s", r.st.problems[i]);
	json_t *a = s->json ? json_array() : NULL;
	for (int i = 0; i < r.st.vt.n; i++) {
		const struct migration *m = h->v[r.st.rows[i]];
		bool head = false;
		for (int k = 0; k < h->nheads; k++)
			head |= h->heads[k] == m;
		if (a) {
			json_t *o = json_object();
			json_object_set_new(o, "revision", json_string(m->rev));
			json_object_set_new(o, "head", json_boolean(head));
			json_object_set_new(o, "message",
			                    json_string(m->message));
			json_object_set_new(
			    o, "path", json_string(h->paths[r.st.rows[i]]));
			json_array_append_new(a, o);
			continue;
		}
		strbuf_printf(out, "%s%s", m->rev, head ? " (head)" : "");
		if (s->verbose)
			strbuf_printf(out, ", %s (%s)", m->message,
			              h->paths[r.st.rows[i]]);
		strbuf_putc(out, '\n');
	}
	if (a) {
		char *text = json_dumps(a, JSON_SORT_KEYS | JSON_INDENT(2));
		strbuf_printf(out, "%s\n", text);
		free(text);
		json_decref(a);
	}
	return RUN_OK;
}

/* ---- verify ------------------------------------------------------- */

/* verify: the reflected database against `want`, after `what` of m.
 * RUN_FOUND (reported at m) when they differ. */
static int verify_step(struct run *r, struct schema *want,
                       const struct migration *m, const char *what)
{
	struct session *s = r->s;
	struct schema live = {0};
	if (reflect_schema(s, r->db, &live, NULL) < 0 ||
	    (r->pg && lower_normalize_pg(s, r->db, want) < 0))
		return RUN_DB;
	struct migration d = {0};
	int n = diff_schemas(s, &live, want, &d);
	if (n < 0)
		return RUN_BAD;
	if (n == 0)
		return RUN_OK;
	diag_error(s->diag, m->rev_span,
	           "after %s \"%s\" the database is not what the history "
	           "says (%d difference%s)",
	           what, m->rev, n, n == 1 ? "" : "s");
	diag_flush(s->diag);
	detail_ops(r, &d);
	diag_global_hint(s->diag,
	                 "The migration's SQL does something other than its "
	                 "operations say (an `execute` that changes the "
	                 "schema?), or retort has a bug: `retort show %s "
	                 "--sql` prints the SQL.",
	                 m->rev);
	return RUN_FOUND;
}

/* verify, one migration: upgrade, downgrade, upgrade, each compared;
 * *cur (the schema before it) becomes the schema after it. */
static int verify_one(struct run *r, int i, bool *applied, struct schema *cur)
{
	const struct migration *m = r->h->v[i];
	static const char *const what[3] = {
	    "the upgrade of", "the downgrade of", "the second upgrade of"};
	struct schema after = {0};
	for (int phase = 0; phase < 3; phase++) {
		bool up = phase != 1;
		struct schema next = {0};
		schema_copy_shallow(r->s->arena, &next, up ? cur : &after);
		struct compiled c = {0};
		if (compile_ops(r->s, &next, up ? m->up : m->down,
		                up ? m->nup : m->ndown, NULL, 0, &c) < 0)
			return RUN_BAD;
		bool retry = false;
		int rc = step(r, &i, 1, up, &c, applied, &retry);
		if (rc == RUN_OK && retry) {
			diag_global(r->s->diag, SEV_ERROR,
			            "the scratch database's version table was "
			            "changed by another process");
			rc = RUN_DB;
		}
		if (rc == RUN_OK)
			rc = verify_step(r, up ? &next : cur, m, what[phase]);
		if (rc != RUN_OK)
			return rc;
		if (phase == 0)
			after = next;
		else if (phase == 2)
			*cur = next;
	}
	return RUN_OK;
}

int runner_verify(struct session *s, struct db *db, const struct history *h)
{
	struct run r;
	start(&r, s, db, h);
	r.verify = true;
	int rc = lock(&r);
	if (rc == RUN_OK)
		rc = read_state(&r);
	if (rc != RUN_OK)
		return rc;
	bool *applied =
	    arena_alloc(s->arena, sizeof(bool) * (size_t)(h->n + 1));
	expect_heads(&r, applied);
	/* with --package, the scratch database first gets the other
	 * packages' objects the history may reference */
	struct schema cur = {0};
	package_replay_start(s, &cur);
	struct strbuf base = STRBUF_INIT;
	if (cur.ntables + cur.nenums + cur.nviews &&
	    (emit_schema(s, &cur, 0, NULL, &base) < 0 ||
	     db_exec(s, db, strbuf_str(&base)) < 0))
		rc = RUN_DB;
	strbuf_free(&base);
	for (int i = 0; rc == RUN_OK && i < h->n; i++) {
		rc = verify_one(&r, i, applied, &cur);
		if (rc == RUN_OK && s->verbose)
			fprintf(stderr, "retort: verified %s, %s\n",
			        h->v[i]->rev, h->v[i]->message);
	}
	unlock(&r);
	return rc;
}
