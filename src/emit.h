/*
 * emit.h - SQL back ends.  emit.c holds what both dialects share; the
 * dialect details (quoting, type spellings, what ALTER TABLE can do) are in
 * emit_sqlite.c and emit_pg.c behind struct dialect_ops, pg_dump's
 * <interface>.h + <interface>_<variant>.c pattern.
 */
#ifndef RETORT_EMIT_H
#define RETORT_EMIT_H

#include "schema.h"
#include "session.h"
#include "strbuf.h"

/*
 * Appends the CREATE statements for schema (checked and sorted) in
 * s->dialect to out: schemas and enums first, then tables in foreign-key
 * dependency order (ties by name), foreign keys that close a cycle added
 * afterwards with ALTER TABLE on PostgreSQL (SQLite accepts forward
 * references), then indexes, views and comments.  Each statement ends in
 * ";\n".  When ntables > 0 only those tables (and the enums they use) are
 * printed; an unknown table name is an error.  Returns 0 or -1.
 */
int emit_schema(struct session *s, const struct schema *schema, int ntables,
                char **tables, struct strbuf *out);

/* The dialect's one spelling of a portable type (on SQLite, chosen to give
 * the column the right type affinity).  Returns arena memory. */
char *emit_type(struct session *s, const struct type *t);

/* Appends name quoted by the dialect's rules ("a""b"). */
void emit_ident(struct strbuf *out, const char *name);
void emit_qname(struct strbuf *out, const struct qname *q);
/* Appends s as an SQL string literal ('it''s'). */
void emit_string(struct strbuf *out, const char *s);

#endif
