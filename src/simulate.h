/*
 * simulate.h - the simulator: applies migration operations to a portable
 * schema in memory, so that replaying a history gives the schema the
 * migrations produce with no database (DESIGN section 1).
 */
#ifndef RETORT_SIMULATE_H
#define RETORT_SIMULATE_H

#include "ops.h"
#include "schema.h"
#include "session.h"

/*
 * Applies ops in written order to schema (a checked schema, changed in
 * place; arena memory).  An op that does not fit the schema (dropping a
 * table that does not exist, adding a column twice, a constraint on a
 * missing column...) is an error located at the op; all such errors are
 * reported and -1 returned.  `execute` and `warning` change nothing.  The
 * result is sorted canonically and its unnamed objects named by the
 * convention, as the checker leaves a model.
 */
int simulate_ops(struct session *s, struct schema *schema,
                 struct op *const *ops, int nops);

/*
 * A simulator over one schema, for applying ops one at a time: the SQL
 * compiler steps through a migration with it to know each table as it
 * stands before the op.  It indexes the schema's names once (arena
 * memory), so nothing but the simulator may change the schema while it
 * is in use.  It changes no column, constraint, index or enum in place
 * (it replaces them by changed copies), so the schema may be a
 * schema_copy_shallow of one that must stay as it is.
 */
struct simulator;
struct simulator *simulator_new(struct session *s, struct schema *schema);

/* Applies one op, as simulate_ops does, without the final naming and
 * sorting.  Returns 0 or -1 (the error reported). */
int simulator_apply(struct simulator *x, const struct op *op);

/* The lookups the simulator makes, for its user: the table named
 * (schema, name); the index of that name in the schema, and its table in
 * *tp (when tp is not NULL), NULL when absent; the tables that may have
 * a foreign key referencing t (each that has one, t itself when it
 * references itself, and rarely another: check each constraint), in no
 * particular order, into *out (arena memory), returning their count. */
struct table *simulator_table(struct simulator *x, const char *schema,
                              const char *name);
struct index *simulator_index(struct simulator *x, const char *schema,
                              const char *name, struct table **tp);
int simulator_referrers(struct simulator *x, const struct table *t,
                        struct table ***out);

#endif
