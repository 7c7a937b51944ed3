/*
 * check.h - the checker: resolves the names of a parsed schema across all
 * its files, resolves types, names unnamed constraints and indexes by the
 * naming convention, and reports errors and warnings compiler-style.
 */
#ifndef RETORT_CHECK_H
#define RETORT_CHECK_H

#include "schema.h"
#include "session.h"

/*
 * Checks schema for s->dialect:
 * - types: portable names and their arguments, enums and `type` names of
 *   the schema, PostgreSQL built-ins (pg only); an unknown name is an
 *   error with a hint naming the closest known type; a type the dialect
 *   cannot represent (arrays, schemas, built-ins on SQLite) is an error;
 * - foreign keys: target table and columns exist (columns default to the
 *   target's primary key), same count, same types;
 * - constraint and index columns exist; no duplicate tables, columns,
 *   constraint or index names, enums, enum values;
 * - fills constraint->name / index->name from s->naming when not written,
 *   and marks primary-key columns not null;
 * - warns about a foreign key whose columns no index or key covers.
 * Returns 0, or -1 when any error was reported.  Sorts the schema
 * (schema_sort) on success.
 */
int check_schema(struct session *s, struct schema *schema);

/* The name the convention gives a constraint or index of table t.
 * Returns arena memory.  Long names are shortened deterministically to
 * fit PostgreSQL's 63-byte identifiers (prefix + hash). */
char *check_constraint_name(struct session *s, const struct table *t,
                            const struct constraint *c);
char *check_index_name(struct session *s, const struct table *t,
                       const struct index *ix);

/*
 * The checks of check_schema for objects that a migration operation brings
 * into schema, an already checked schema (the simulator's): types resolve
 * against schema's enums and `type` declarations, foreign keys against its
 * tables, unnamed objects get the convention's names, and every problem is
 * reported as check_schema reports it, at the object.  Each returns 0, or
 * -1 when it reported an error.  None warns about unindexed foreign keys
 * (that is the models' business, not a replay's).
 *
 * check_new_table: t is a `create table` body, not yet in schema (it may
 * reference itself); everything check_schema checks of one table.
 * check_new_column: t->cols[ci] was just appended to t (`add column`):
 * its type and clauses.
 * check_new_constraint: k was just appended to t (`add constraint`, or a
 * clause of `add column`): columns, a second primary key, foreign key
 * target, name; primary key columns become not null, as the databases
 * make them.
 * check_new_index: ix was just appended to t: columns, method, name.
 * check_new_type: resolves a written type (`set type`), reporting at at
 * when the type has no span.
 */
int check_new_table(struct session *s, struct schema *schema, struct table *t);
int check_new_column(struct session *s, struct schema *schema, struct table *t,
                     int ci);
int check_new_constraint(struct session *s, struct schema *schema,
                         struct table *t, struct constraint *k);
int check_new_index(struct session *s, struct schema *schema, struct table *t,
                    struct index *ix);
int check_new_type(struct session *s, struct schema *schema, struct type *ty,
                   struct span at);

/* Whether the SQL text of e (a check, an index expression or predicate)
 * names the identifier name, folded as the database folds identifiers
 * (unquoted lower case, "quoted" verbatim); string literals do not
 * count.  Textual: a name that is also a function's or another table's
 * counts too. */
bool check_expr_mentions(struct session *s, const struct expr *e,
                         const char *name);

#endif
