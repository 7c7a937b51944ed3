/*
 * session.c - the per-run context (see session.h).
 */
#include "session.h"

#include <stdio.h>
#include <string.h>

void session_open(struct session *s)
{
	memset(s, 0, sizeof *s);
	s->arena = arena_new();
	s->diag = diag_new(stderr);
	s->dialect = DIALECT_SQLITE;
	s->version_table = "retort_version";
	s->naming.pk = "pk_%(table)";
	s->naming.uq = "uq_%(table)_%(columns)";
	s->naming.ix = "ix_%(table)_%(columns)";
	s->naming.fk = "fk_%(table)_%(columns)_%(referred_table)";
	s->naming.ck = "ck_%(table)_%(name)";
}

void session_close(struct session *s)
{
	diag_flush(s->diag);
	diag_free(s->diag);
	arena_free(s->arena);
	s->diag = NULL;
	s->arena = NULL;
}

const char *dialect_name(enum dialect d)
{
	return d == DIALECT_POSTGRESQL ? "postgresql" : "sqlite";
}

bool dialect_parse(const char *s, enum dialect *out)
{
	if (!strcmp(s, "sqlite") || !strcmp(s, "sqlite3")) {
		*out = DIALECT_SQLITE;
		return true;
	}
	if (!strcmp(s, "postgresql") || !strcmp(s, "postgres") ||
	    !strcmp(s, "pg")) {
		*out = DIALECT_POSTGRESQL;
		return true;
	}
	return false;
}
