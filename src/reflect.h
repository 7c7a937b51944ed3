/*
 * reflect.h - reading a live database's catalog into the portable schema.
 *
 * reflect_sqlite.c reads sqlite_schema and the PRAGMA table-valued
 * functions; reflect_pg.c runs a fixed, small number of bulk catalog
 * queries whatever the number of tables (never one query per table).  Both
 * lift what they read to portable types, names and expressions, so that the
 * result compares with a checked model (see lower.h): constraint and
 * index names as stored, types mapped back (int4 -> integer, character
 * varying(255) -> varchar(255), serial -> autoincrement...), defaults and
 * expressions in the database's own canonical text.
 */
#ifndef RETORT_REFLECT_H
#define RETORT_REFLECT_H

#include "db.h"
#include "schema.h"
#include "session.h"

struct reflect_stats {
	int queries; /* statements sent to the server, for the benchmark */
};

/*
 * Reads every table, view, enum, index and constraint of the database
 * into *out (arena memory, sorted canonically), leaving out the version
 * table (s->version_table), the tables s->skip_tables names and system
 * schemas.  Objects retort does not
 * model (triggers, functions, materialized views, policies, ...) are
 * reported once as a note.  Returns 0, or -1 with an error reported (exit
 * status 3).  stats may be NULL.
 */
int reflect_schema(struct session *s, struct db *db, struct schema *out,
                   struct reflect_stats *stats);

/* The two variants, behind reflect_schema. */
int reflect_sqlite(struct session *s, struct db *db, struct schema *out,
                   struct reflect_stats *stats);
int reflect_pg(struct session *s, struct db *db, struct schema *out,
               struct reflect_stats *stats);

#endif
