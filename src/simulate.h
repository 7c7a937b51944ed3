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

#endif
