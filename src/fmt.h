/*
 * fmt.h - `retort fmt`: prints a model file in the one canonical layout,
 * keeping its comments.  Idempotent: fmt of fmt output is byte-identical.
 */
#ifndef RETORT_FMT_H
#define RETORT_FMT_H

#include "schema.h"
#include "session.h"
#include "source.h"
#include "strbuf.h"

/* Parses src as a model file and appends its formatted text to out.
 * Returns 0, or -1 on a syntax error (reported; out is then undefined). */
int fmt_source(struct session *s, struct source *src, struct strbuf *out);

/* Appends the whole schema (checked or reflected) as one model file in
 * the canonical layout: enums, external types, tables, views, in
 * canonical order, with names the naming convention would give left out
 * (so they are not written twice) and everything else explicit.  Used by
 * `retort reflect`; fmt_source of the output gives the same bytes. */
void fmt_schema(struct session *s, const struct schema *schema,
                struct strbuf *out);

/* Appends an enum's name and value list, "mood ('sad', 'ok')", as both
 * a model's `enum` and a script's `create enum` write it. */
void fmt_enum(struct strbuf *out, const struct enum_type *e);

/* Appends name, quoted with "" only when the language needs it (not a
 * plain lower-case identifier, or a reserved word). */
void fmt_ident(struct strbuf *out, const char *name);

/*
 * The printers of the layout, shared with the script printer (script.c),
 * which writes the definitions inside `create table`, `add column`, `add
 * constraint` and `create index` operations exactly as a model writes
 * them.  They print what the structures' layout flags say (name_written,
 * inline_column, not_null_written, expr->parens...): structures that
 * came from a parser print as written; others should go through
 * fmt_canonical_table first.  Nothing is followed by a newline unless
 * said.
 */

/* Appends q as [schema.]name, each part quoted as fmt_ident does. */
void fmt_qname(struct strbuf *out, const struct qname *q);

/* Appends s as a single-quoted string literal ('' inside). */
void fmt_string(struct strbuf *out, const char *s);

/* Appends a type as written: [schema.]name[(n[, m])][[]...]. */
void fmt_type(struct strbuf *out, const struct type *t);

/* Appends e's text verbatim, in parentheses when e->parens. */
void fmt_expr(struct strbuf *out, const struct expr *e);

/* Appends column col of table t as one table item, single-spaced: name,
 * type, then its clauses in the order of the column grammar, including
 * the constraints of t whose inline_column is col's name. */
void fmt_column(const struct table *t, const struct column *col,
                struct strbuf *out);

/* Appends c as a table item: `primary key [NAME] (cols)`, `unique ...`,
 * `check [NAME] (E)`, `foreign key [NAME] (cols) references ...`; the
 * name only when c->name_written. */
void fmt_constraint(struct strbuf *out, const struct constraint *c);

/* Appends what follows an index's name: `(elements) [using M] [where
 * (E)]`. */
void fmt_index_body(struct strbuf *out, const struct index *ix);

/* Appends `table NAME [renamed from X] {`, a newline, one line per item
 * (columns, constraints written as items, indexes, the comment; in
 * written order when the items have spans, else in the order of t's
 * arrays) indented by indent + 2 spaces and ending in a comma, then the
 * closing brace indented by indent, tail (e.g. ";") and a newline.  The
 * first line is not indented: the caller writes what goes before it. */
void fmt_table(struct session *s, const struct table *t, int indent,
               const char *tail, struct strbuf *out);

/* A print copy of t whose layout flags say the canonical way to write it
 * (as fmt_schema prints it): names the naming convention gives left out,
 * a one-column primary or foreign key with the convention's name written
 * on its column, `not null` left out where the primary key implies it,
 * expressions in the parentheses they need, index method btree left out,
 * portable type names, no spans and no `renamed from` hints.  Returns
 * arena memory; t is not changed. */
struct table *fmt_canonical_table(struct session *s, const struct table *t);

#endif
