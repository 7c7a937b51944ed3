/*
 * depsort.h - deterministic dependency sort (pg_dump's model).
 *
 * Nodes come in canonical order; a node's index is its position.  The sort
 * is Kahn's algorithm with a ready set keyed by position: whenever several
 * nodes are ready, the one with the smallest position goes first, so equal
 * inputs give equal outputs whatever order they were read in.  A cycle is
 * broken by one named fixer (the foreign-key fixer: emit a node first and
 * defer its breakable edges, which the caller then restores afterwards,
 * e.g. with ALTER TABLE ... ADD CONSTRAINT).  A cycle held together by an
 * edge that may not be broken is an error listing its members.
 *
 * The generic form (depsort) knows nothing of tables, so the differ can
 * sort operations with it; depsort_tables is the form the SQL back ends use.
 * The sorter never sees a dialect.
 */
#ifndef RETORT_DEPSORT_H
#define RETORT_DEPSORT_H

#include <stdbool.h>

#include "schema.h"
#include "session.h"

/* Node `from` depends on node `to`: `to` must come first.  A self edge
 * (from == to) is no dependency.  Only breakable edges may be deferred to
 * break a cycle. */
struct depsort_edge {
	int from, to;
	bool breakable;
};

/*
 * Sorts nodes 0..n-1 (their index is their canonical position).  Writes
 * the node indices in dependency order to order[0..n-1] and, for each
 * edge, broken[i] = true when edge i was deferred to break a cycle (its
 * target comes after its source in order); broken may be NULL when the
 * caller knows no cycle can occur (then a cycle is an error).
 *
 * Fixer for cycles ("foreign-key cycle"): when no node is ready, take the
 * strongly connected components of what remains whose members depend on
 * nothing outside the component; among their members whose remaining edges
 * are all breakable, emit the one with the smallest position and defer
 * those edges.  So only edges that really close a cycle are deferred.
 * If no such member exists, reports "dependency cycle between ..." naming
 * the members of the stuck components (names[i], when names is not NULL)
 * with diag_global and returns -1.  Otherwise returns 0.  No allocation
 * outlives the call except through the session arena.
 */
int depsort(struct session *s, int n, int nedges,
            const struct depsort_edge *edges, const char *const *names,
            int *order, bool *broken);

/* A foreign key and the table that owns it. */
struct depsort_fk {
	struct table *table;
	struct constraint *con;
};

/*
 * Sorts tables by their foreign keys: a table comes after the tables it
 * references (self-references and references to tables outside the array
 * are ignored).  The input may be in any order: the tables are first put
 * in canonical order (schema, then name; the default schema, NULL, first).
 * On return *order holds the ntables tables in creation order, and
 * *deferred / *ndeferred the foreign keys (in emission order of their
 * tables, then constraint order) that close a cycle: they refer to a table created after their own, so a back end that
 * cannot declare forward references adds them afterwards.  Arrays are arena
 * memory.  Returns 0 (foreign-key cycles are always breakable).
 */
int depsort_tables(struct session *s, int ntables, struct table *const *tables,
                   struct table ***order, struct depsort_fk **deferred,
                   int *ndeferred);

/* Orders tables canonically: schema (NULL first), then name.  For qsort on
 * an array of struct table *. */
int depsort_table_cmp(const void *a, const void *b);

#endif
