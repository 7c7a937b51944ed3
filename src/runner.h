/*
 * runner.h - the runner: applies the history to a database (`upgrade`,
 * `downgrade`, `stamp`, `current`, DESIGN sections 4 and 5) and keeps
 * the version table that says where a database stands.
 *
 * It sits at the end of the pipeline: the history (history.h) says what
 * the migrations are, the simulator replays them to the schema the
 * database should have, the SQL compiler (compile.h) turns each
 * migration's ops into statements, and the runner executes them, one
 * transaction per migration, under a lock, recording each step in the
 * version table.  Offline (`--sql`) it prints the same statements
 * instead.
 *
 * The version table has Alembic's shape (a column version_num, one row
 * per applied head) and one more column, checksums: for each head, every
 * applied migration of its line with a checksum of what that migration
 * does, so that an applied migration edited, deleted or moved in the
 * history afterwards is found (by upgrade, downgrade and check) instead
 * of silently diverging from the databases that ran it.
 */
#ifndef RETORT_RUNNER_H
#define RETORT_RUNNER_H

#include <stdbool.h>

#include "db.h"
#include "history.h"
#include "session.h"
#include "strbuf.h"

/* The runner's results are exit statuses (DESIGN section 4). */
enum run_status { RUN_OK = 0, RUN_FOUND = 1, RUN_BAD = 2, RUN_DB = 3 };

/* Where a database stands, as its version table says. */
struct run_state {
	struct db_versions vt;
	int *rows;     /* the h->v index of each version row */
	bool *applied; /* flags over h->v: the rows and their ancestors */
	/* what the checksums say changed in the history since the rows were
	 * written: one message each, worded for a report */
	int nproblems;
	const char **problems;
};

/*
 * Reads db's version table (s->version_table) against h into *st.  A row
 * naming a revision h does not have is an error naming `stamp` as the
 * way out (RUN_BAD); a failing query RUN_DB.  Problems the checksums
 * show are left in st->problems, not reported.  Returns RUN_OK or the
 * error's status.
 */
int runner_read(struct session *s, struct db *db, const struct history *h,
                struct run_state *st);

/* `upgrade` or `downgrade` (verb "upgrade"/"downgrade") to target:
 * "head", "heads", a revision (a unique prefix), "base", "+N" or "-N";
 * with sql_only and no database, "[FROM:]TO" and the script printed to
 * out instead of run. */
struct run_request {
	bool up;
	const char *target;
	bool sql_only;
};

/*
 * Moves db to r->target, one migration at a time, each in a transaction
 * of its own (SQLite BEGIN IMMEDIATE; PostgreSQL under an advisory lock
 * held for the whole run), after checking that the database has exactly
 * the schema the history gives at its current revision (so a SQLite
 * table rebuild can never drop what the history does not know of).
 * A failing statement rolls its migration back, leaves the version table
 * as it was and is reported at the op's file and line with the
 * database's message (RUN_DB).  Progress goes to stderr.  Returns an exit
 * status.
 */
int runner_migrate(struct session *s, struct db *db, const struct history *h,
                   const struct run_request *r);

/*
 * The offline form: appends to out the SQL of r (from the base, or from
 * FROM in a "FROM:TO" target) compiled from the replayed history, with
 * the version table's statements, as `upgrade --sql` prints it.
 * Returns an exit status.
 */
int runner_sql(struct session *s, const struct history *h,
               const struct run_request *r, struct strbuf *out);

/*
 * `stamp REV...`: sets the version table to the revisions (resolved;
 * "base" empties it, "heads" names every head), with the checksums of
 * the migrations as they are now, running nothing.  Returns an exit
 * status.
 */
int runner_stamp(struct session *s, struct db *db, const struct history *h,
                 char *const *revs, int nrevs);

/*
 * `current`: appends the database's revisions to out, one per line,
 * `<rev> (head)` when it is a head of h, with s->verbose its message and
 * path; with s->json an array of objects.  Problems the checksums show
 * are warnings.  Returns an exit status.
 */
int runner_current(struct session *s, struct db *db, const struct history *h,
                   struct strbuf *out);

/*
 * `verify`: runs the whole history on db, an empty scratch database, one
 * migration at a time in history order: upgrade, downgrade, upgrade,
 * comparing after each the reflected database with the replayed history
 * (after the downgrade: with the schema before the upgrade).  A
 * difference is reported at the migration (RUN_FOUND); failing SQL is
 * RUN_DB.  Returns an exit status.
 */
int runner_verify(struct session *s, struct db *db, const struct history *h);

#endif
