/*
 * session.h - the per-run context passed down every stage: the arena that
 * owns the run's memory, the diagnostic sink and the options that change
 * what stages do.  There are no mutable globals; everything hangs here.
 */
#ifndef RETORT_SESSION_H
#define RETORT_SESSION_H

#include <stdbool.h>

#include "arena.h"
#include "diag.h"

struct package_own;
struct schema;

enum dialect { DIALECT_SQLITE, DIALECT_POSTGRESQL };

/* The naming convention for unnamed constraints and indexes (DESIGN §2).
 * Templates use %(table), %(columns), %(referred_table), %(name). */
struct naming {
	const char *pk, *uq, *ix, *fk, *ck;
};

struct session {
	struct arena *arena;
	struct diag *diag;
	enum dialect dialect;
	struct naming naming;
	const char *version_table; /* left out of reflection */
	/* more tables reflection leaves out: under packages every
	 * package's version table (NULL-terminated, or NULL) */
	const char *const *skip_tables;
	/* --package (package.h): the package's own model objects (NULL:
	 * no package, every object is compared) and the schema its history
	 * replays onto (the others' objects it may reference; NULL: none) */
	const struct package_own *own;
	const struct schema *replay_base;
	/* a LIKE pattern: PostgreSQL reflection reads only the schemas it
	 * matches (NULL: every user schema); lower_normalize_pg's probe */
	const char *reflect_schemas;
	/* PostgreSQL reflection's connections: 0 decides by the database's
	 * size, 1 never opens a second, 2 always does when it can */
	int reflect_jobs;
	int verbose; /* -v count */
	bool quiet;
	bool json; /* --format json */
};

/* A session with a fresh arena, a sink on stderr, the sqlite dialect and
 * the default naming convention.  session_close frees both. */
void session_open(struct session *s);
void session_close(struct session *s);

const char *dialect_name(enum dialect d);
/* Parses "sqlite" / "postgresql" (also "postgres", "pg"); false if bad. */
bool dialect_parse(const char *s, enum dialect *out);

#endif
