/*
 * compile.h - the SQL compiler: migration operations -> the statements
 * that make them on one dialect (DESIGN sections 1 and 5).
 *
 * It sits after the differ and the script parser, beside the simulator:
 * it steps through the ops with the simulator (simulator_apply) so it always
 * knows each table as it stands, which SQLite's table rebuild needs (the
 * whole new definition) and PostgreSQL's type changes use (the old type,
 * to choose a USING cast).  The result is a list of statements with the
 * transaction boundaries they need; compile_print writes it as a script
 * that sqlite3 and psql run as is, and the runner executes it.
 */
#ifndef RETORT_COMPILE_H
#define RETORT_COMPILE_H

#include <stdbool.h>

#include "ops.h"
#include "schema.h"
#include "session.h"
#include "strbuf.h"

struct db;

enum stmt_flags {
	/* PostgreSQL ALTER TYPE ... ADD VALUE: committed on its own, so the
	 * statements after it may use the new value */
	STMT_OWN_COMMIT = 1,
	/* a comment for the reader (a warning op), not executed */
	STMT_NOTE = 2
};

struct stmt {
	const char *sql; /* one statement with its ';', or a "-- " note */
	unsigned flags;
	int op; /* the index of the op it comes from */
};

/* SQL the database holds that retort does not model but a SQLite table
 * rebuild must put back: the triggers of a table. */
struct table_trigger {
	const char *table;
	const char *sql;
};

struct compiled {
	enum dialect dialect;
	/*
	 * SQLite: the script drops or rebuilds a table, so it runs with
	 * foreign keys off (a PRAGMA that only works outside a transaction;
	 * with them on, DROP TABLE would delete rows and fire cascades) and
	 * checks them with PRAGMA foreign_key_check before it commits.
	 */
	bool fk_off;
	int n, cap;
	struct stmt *v;
};

/*
 * Compiles ops, in written order, for s->dialect, starting from the
 * schema `state` (a checked portable schema, e.g. a copy of the models or
 * of a reflected database), which is changed in place into the schema
 * after the ops (unsorted); a schema_copy_shallow is enough, as the
 * simulator replaces the objects it changes instead of writing to them.  triggers[0..ntriggers-1] are the SQLite
 * triggers to recreate after a rebuild of their table (none offline).
 * Appends the statements to out.  An op that does not fit the state is
 * an error at the op (the simulator's); returns 0 or -1.
 */
int compile_ops(struct session *s, struct schema *state, struct op *const *ops,
                int nops, const struct table_trigger *triggers, int ntriggers,
                struct compiled *out);

/*
 * Reads the triggers of a SQLite database (none on PostgreSQL, where
 * ALTER TABLE keeps them) for compile_ops.  Returns 0, or -1 with the
 * error reported.
 */
int compile_read_triggers(struct session *s, struct db *db,
                          struct table_trigger **out, int *nout);

/*
 * Appends the statements as one script: PostgreSQL `BEGIN; ... COMMIT;`
 * (an ADD VALUE between its own COMMIT and BEGIN); SQLite `BEGIN; ...
 * COMMIT;`, inside `PRAGMA foreign_keys = OFF/ON` with a
 * `PRAGMA foreign_key_check;` before the COMMIT when fk_off (it prints
 * the rows that break a foreign key: none when all is well), followed by
 * a statement that fails when there are such rows, so `sqlite3 -bail`
 * never commits them.  Nothing for no statements.
 */
void compile_print(const struct compiled *c, struct strbuf *out);

#endif
