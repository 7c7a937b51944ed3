/*
 * fmt.h - `retort fmt`: prints a model file in the one canonical layout,
 * keeping its comments.  Idempotent: fmt of fmt output is byte-identical.
 */
#ifndef RETORT_FMT_H
#define RETORT_FMT_H

#include "session.h"
#include "source.h"
#include "strbuf.h"

/* Parses src as a model file and appends its formatted text to out.
 * Returns 0, or -1 on a syntax error (reported; out is then undefined). */
int fmt_source(struct session *s, struct source *src, struct strbuf *out);

/* Appends name, quoted with "" only when the language needs it (not a
 * plain lower-case identifier, or a reserved word). */
void fmt_ident(struct strbuf *out, const char *name);

#endif
