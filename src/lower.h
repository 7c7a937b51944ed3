/*
 * lower.h - the portable schema as one dialect stores it, for comparison.
 *
 * The differ, `check` and the round-trip tests compare a model with a
 * database "as the target dialect sees it" (DESIGN section 1): both sides
 * are lowered, so that nothing the database treats as equal shows up as a
 * difference.  Lowering a checked model and lowering the reflection of the
 * database that model's SQL created give equal canonical JSON.
 */
#ifndef RETORT_LOWER_H
#define RETORT_LOWER_H

#include "db.h"
#include "schema.h"
#include "session.h"

/*
 * Rewrites schema in place into dialect d's form: what the dialect cannot
 * store is dropped (comments and index methods on SQLite), what it stores
 * differently is rewritten (enum columns become TEXT with their CHECK on
 * SQLite; an autoincrement key is INTEGER there; serial defaults...),
 * types, defaults and expressions are put in one spelling (SQL keywords
 * case, redundant parentheses and casts that the dialect ignores), and
 * the schema is sorted again.  Ownership: arena memory.
 */
void lower_schema(struct session *s, struct schema *schema, enum dialect d);

/*
 * PostgreSQL only: gives every expression of a checked model (defaults,
 * checks, index expressions and predicates, generated columns, view
 * queries) the server's own canonical text in expr->server, which
 * lowering compares instead of the model's (kept for printing), by
 * creating what the expressions need in temporary schemas inside a
 * transaction that is rolled back and reading them back (DESIGN section
 * 1, "Normalisation by the server").  An index element the server sees
 * as a bare column becomes one.  Returns 0, or -1 with an error
 * reported.
 */
int lower_normalize_pg(struct session *s, struct db *db, struct schema *model);

#endif
