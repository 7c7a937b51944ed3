/*
 * diag.h - compiler-style diagnostics.
 *
 * Located diagnostics are collected and printed sorted by (file, offset)
 * by diag_flush, in GNU format with the source line and a caret:
 *
 *   models/blog.schema:12:9: error: unknown type "intger"
 *      12 |   title intger not null,
 *         |         ^~~~~~
 *   models/blog.schema:12:9: hint: did you mean "integer"?
 *
 * A note or hint attaches to the diagnostic reported just before it and is
 * printed with it.  Messages without a location (database, usage) go out at
 * once as "retort: error: ...", followed by optional detail and hint lines.
 * Style (PostgreSQL's): primary message one line, lower case, no trailing
 * period, identifiers in double quotes; hints are full sentences.
 */
#ifndef RETORT_DIAG_H
#define RETORT_DIAG_H

#include <stdbool.h>
#include <stdio.h>

#include "source.h"

enum severity { SEV_ERROR, SEV_WARNING, SEV_NOTE, SEV_HINT };

struct diag;

/* A sink writing to out (stderr in the program); colour when out is a
 * terminal and NO_COLOR is unset. */
struct diag *diag_new(FILE *out);
void diag_free(struct diag *d);

/* Located diagnostic; returns nothing, counts errors and warnings. */
void diag_at(struct diag *d, enum severity sev, struct span sp, const char *fmt,
             ...) __attribute__((format(printf, 4, 5)));
#define diag_error(d, sp, ...)   diag_at((d), SEV_ERROR, (sp), __VA_ARGS__)
#define diag_warning(d, sp, ...) diag_at((d), SEV_WARNING, (sp), __VA_ARGS__)
#define diag_note(d, sp, ...)    diag_at((d), SEV_NOTE, (sp), __VA_ARGS__)
#define diag_hint(d, sp, ...)    diag_at((d), SEV_HINT, (sp), __VA_ARGS__)

/* Unlocated: printed at once as "retort: <sev>: msg". detail/hint lines
 * ("retort: detail: ...", "retort: hint: ...") follow with these calls. */
void diag_global(struct diag *d, enum severity sev, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
void diag_detail(struct diag *d, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
void diag_global_hint(struct diag *d, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* Prints the collected located diagnostics, sorted, and clears them. */
void diag_flush(struct diag *d);

int diag_errors(const struct diag *d);
int diag_warnings(const struct diag *d);
/* When set, warnings (and the notes and hints that follow them) are
 * counted but neither kept nor printed (-q). */
void diag_set_quiet(struct diag *d, int quiet);
/* Whether a diagnostic of this severity would be shown: callers skip
 * building costly message arguments when not, and call diag_hidden
 * instead, so that it is still counted. */
bool diag_shows(const struct diag *d, enum severity sev);
void diag_hidden(struct diag *d, enum severity sev);

#endif
