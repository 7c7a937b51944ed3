/*
 * parse.h - the front end: one flex lexer and one bison grammar
 * (grammar/lexer.l, grammar/parser.y) for model files and migration
 * scripts.  This is the only interface to the generated code.
 *
 * Syntax errors are reported as located diagnostics; the parser recovers
 * at the next item so that all errors of a file are reported in one run.
 */
#ifndef RETORT_PARSE_H
#define RETORT_PARSE_H

#include "ops.h"
#include "schema.h"
#include "session.h"

/* Parses a model file and appends its objects to *into (in written order;
 * nothing is sorted or resolved yet).  Returns 0, or -1 when the file had
 * syntax errors (reported). */
int parse_models(struct session *s, struct source *src, struct schema *into);

/* Parses a migration script.  Returns arena memory, or NULL when it had
 * syntax errors (reported). */
struct migration *parse_migration(struct session *s, struct source *src);

#endif
