/*
 * diff.h - the differ: the ordered operations that take one schema to
 * another, each with its inverse, and the warnings a reviewer needs.
 * Both schemas are portable; the differ compares lowered copies of them
 * (lower.h, the session's dialect), so nothing the database treats as
 * equal differs, and builds the ops from the portable definitions.
 */
#ifndef RETORT_DIFF_H
#define RETORT_DIFF_H

#include "ops.h"
#include "schema.h"
#include "session.h"

/*
 * Fills m->up with the operations from `from` to `to`, in dependency
 * order (drops of dependents first, parents created before children,
 * foreign-key cycles split into create-tables-then-add-constraints, ties
 * by name), and m->down with their inverses in reverse order, built from
 * the other side's definitions; `warning` ops stand where a change cannot
 * be made safely (DESIGN section 3).  `renamed from` hints in `to` give
 * renames instead of drop + add.  Returns the number of operations in
 * m->up that are not warnings, so 0 means the schemas are equal as the
 * dialect stores them; or -1 with an error reported.  With s->verbose
 * each op's explain says why it is there.  Both schemas are only read;
 * m's ops point into them and into the session arena, so they must
 * outlive m unchanged.  Deterministic: the same inputs give the same ops.
 */
int diff_schemas(struct session *s, const struct schema *from,
                 const struct schema *to, struct migration *m);

#endif
