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

#endif
