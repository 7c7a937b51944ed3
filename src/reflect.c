/*
 * reflect.c - reflect_schema: picks the reflector of the connection's
 * dialect (see reflect.h) and leaves out the tables s->skip_tables names.
 */
#include "reflect.h"

#include <string.h>
#include <strings.h>

/* Whether table t is the one name stands for: "schema.name", or a name
 * in the default schema; SQLite's names match in any case, as SQLite
 * matches them. */
static bool is_named(const struct table *t, const char *name, bool sqlite)
{
	const char *dot = sqlite ? NULL : strchr(name, '.');
	if (dot) {
		size_t n = (size_t)(dot - name);
		return t->name.schema && strlen(t->name.schema) == n &&
		       !strncmp(t->name.schema, name, n) &&
		       !strcmp(t->name.name, dot + 1);
	}
	if (t->name.schema)
		return false;
	return sqlite ? !strcasecmp(t->name.name, name)
	              : !strcmp(t->name.name, name);
}

/* Drops the tables s->skip_tables names from out (their order kept).
 * Only tables: nothing of a version table lives outside it. */
static void skip_tables(struct session *s, struct schema *out, bool sqlite)
{
	int n = 0;
	for (int i = 0; i < out->ntables; i++) {
		bool skip = false;
		for (int k = 0; s->skip_tables[k] && !skip; k++)
			skip =
			    is_named(out->tables[i], s->skip_tables[k], sqlite);
		if (!skip)
			out->tables[n++] = out->tables[i];
	}
	out->ntables = n;
}

int reflect_schema(struct session *s, struct db *db, struct schema *out,
                   struct reflect_stats *stats)
{
	if (stats)
		stats->queries = 0;
	bool pg = db_dialect(db) == DIALECT_POSTGRESQL;
	int rc = pg ? reflect_pg(s, db, out, stats)
	            : reflect_sqlite(s, db, out, stats);
	if (rc == 0 && s->skip_tables)
		skip_tables(s, out, !pg);
	return rc;
}
