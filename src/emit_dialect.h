/*
 * emit_dialect.h - the seam between the shared SQL writer (emit.c) and the
 * dialects (emit_sqlite.c, emit_pg.c), pg_dump's <interface>.h +
 * <interface>_<variant>.c pattern.
 *
 * emit.c owns everything the dialects share: statement order, quoting,
 * the order of column clauses, constraint and index clauses.  A dialect
 * supplies only what differs: its type spellings, how autoincrement and
 * identity are written, and which features it has (enum types, schemas,
 * comments, index methods, forward foreign-key references).  The statement
 * builders below are shared with the migration compiler (ops -> SQL).
 */
#ifndef RETORT_EMIT_DIALECT_H
#define RETORT_EMIT_DIALECT_H

#include <stdbool.h>

#include "schema.h"
#include "session.h"
#include "strbuf.h"

struct dialect_ops {
	const char *name;
	/*
	 * The spelling of each portable type kind, indexed by enum type_kind
	 * up to TYPE_UUID, plus TYPE_ENUM when enums are not native.  "%s"
	 * marks where the argument list "(p)" / "(p,s)" goes
	 * ("timestamp%s without time zone"); without it the arguments follow.
	 */
	const char *const *type_spellings;
	/*
	 * The type written in c's definition in table t: normally
	 * emit_type's, but autoincrement and identity may change it (serial on
	 * PostgreSQL; INTEGER for a rowid alias on SQLite).  Reports an error
	 * at the column and returns NULL when the dialect cannot express c.
	 * Returns arena memory.
	 */
	char *(*column_type)(struct session *s, const struct table *t,
	                     const struct column *c);
	/* The identity clause written after the column's other clauses, e.g.
	 * "GENERATED ALWAYS AS IDENTITY", or NULL. */
	const char *(*identity_clause)(const struct column *c);
	/*
	 * When t's primary key must be written on column c itself (SQLite's
	 * INTEGER PRIMARY KEY AUTOINCREMENT), the words that follow PRIMARY
	 * KEY ("AUTOINCREMENT" or ""); NULL when it stays a table constraint.
	 */
	const char *(*inline_primary_key)(const struct table *t,
	                                  const struct column *c);
	bool native_enums; /* CREATE TYPE AS ENUM; else TEXT + a CHECK */
	bool schemas;      /* CREATE SCHEMA for the schemas used */
	bool forward_fks;  /* a foreign key may name a table created later */
	bool index_method; /* CREATE INDEX ... USING method */
	bool comments;     /* COMMENT ON TABLE / COLUMN */
};

extern const struct dialect_ops emit_sqlite_ops;
extern const struct dialect_ops emit_pg_ops;

/* The operations of dialect d. */
const struct dialect_ops *emit_dialect(enum dialect d);

/* The table's primary key when it is exactly one column, else NULL. */
const struct column *emit_single_pk(const struct table *t);

/* Appends c's definition as written inside CREATE TABLE / ADD COLUMN:
 * name, type, COLLATE, NOT NULL, DEFAULT, GENERATED, identity, inline
 * primary key.  Returns 0, or -1 after reporting an error. */
int emit_column_def(struct session *s, const struct table *t,
                    const struct column *c, struct strbuf *out);

/* Appends `CONSTRAINT "name" <body>` for a constraint of table t. */
void emit_constraint_def(struct session *s, const struct table *t,
                         const struct constraint *c, struct strbuf *out);

/*
 * Appends CREATE TABLE for t, one item per line (schema gives the values
 * of enums for dialects without enum types).  Foreign keys found in
 * skip[0..nskip-1] (sorted by address, see emit_sort_ptrs) are left out:
 * they are added later with emit_add_constraint.  Returns 0 or -1.
 */
int emit_create_table(struct session *s, const struct schema *schema,
                      const struct table *t, struct constraint *const *skip,
                      int nskip, struct strbuf *out);
/* CREATE TABLE for t, every foreign key included, under the name `as`
 * (a SQLite rebuild's temporary table): the names the convention gives
 * (an enum's CHECK) are still t's. */
int emit_create_table_as(struct session *s, const struct schema *schema,
                         const struct table *t, const struct qname *as,
                         struct strbuf *out);
/* ALTER TABLE t ADD CONSTRAINT ...; */
void emit_add_constraint(struct session *s, const struct table *t,
                         const struct constraint *c, struct strbuf *out);
/* CREATE [UNIQUE] INDEX "name" ON t [USING m] (...) [WHERE ...]; */
void emit_create_index(struct session *s, const struct qname *table,
                       const struct index *ix, struct strbuf *out);
/* CREATE TYPE e AS ENUM (...); (native enums only) */
void emit_create_enum(struct session *s, const struct enum_type *e,
                      struct strbuf *out);
/* CREATE VIEW v AS query; */
void emit_create_view(struct session *s, const struct view *v,
                      struct strbuf *out);
/* COMMENT ON TABLE / COLUMN statements of t (dialects with comments). */
void emit_comments(struct session *s, const struct table *t,
                   struct strbuf *out);

/* Sorts an array of pointers by address, for emit_create_table's skip. */
void emit_sort_ptrs(void **p, int n);

#endif
