/*
 * load.h - reading the models of a project: a file, or every *.schema file
 * under a directory (recursively, in byte order of their paths, so that a
 * run is deterministic whatever order the file system lists them in).
 */
#ifndef RETORT_LOAD_H
#define RETORT_LOAD_H

#include "schema.h"
#include "session.h"

/* Parses every model file at path into *out and checks the result
 * (check_schema).  Returns 0; -1 when a file could not be read or had
 * errors (all reported). */
int load_models(struct session *s, const char *path, struct schema *out);

/* The same for the model files files[0..n-1], checked together; the
 * source of files[i] has order i, which tells which file an object
 * came from (its span's src->order). */
int load_files(struct session *s, char *const *files, int n,
               struct schema *out);

/* Lists the *.schema files under path (or path itself when it is a file)
 * in sorted order.  Returns the count, or -1 with an error reported.
 * The array and strings are arena memory. */
int load_list_files(struct session *s, const char *path, char ***files);

#endif
