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

/* Appends name, quoted with "" only when the language needs it (not a
 * plain lower-case identifier, or a reserved word). */
void fmt_ident(struct strbuf *out, const char *name);

#endif
