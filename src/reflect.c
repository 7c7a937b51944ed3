/*
 * reflect.c - reflect_schema: picks the reflector of the connection's
 * dialect (see reflect.h).
 */
#include "reflect.h"

int reflect_schema(struct session *s, struct db *db, struct schema *out,
                   struct reflect_stats *stats)
{
	if (stats)
		stats->queries = 0;
	if (db_dialect(db) == DIALECT_POSTGRESQL)
		return reflect_pg(s, db, out, stats);
	return reflect_sqlite(s, db, out, stats);
}
