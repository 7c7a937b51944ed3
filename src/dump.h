/*
 * dump.h - the hidden --dump=ast output used by tests: a file parsed but
 * not checked, printed as JSON (a model file as its schema, a migration
 * script as its header and operations).
 */
#ifndef RETORT_DUMP_H
#define RETORT_DUMP_H

#include "session.h"

/* Reads and parses path (a *.migration file as a migration script, any
 * other as a model file).  Returns the JSON text in arena memory, or NULL
 * when it could not be read or parsed (reported). */
const char *dump_file(struct session *s, const char *path, int order);

#endif
