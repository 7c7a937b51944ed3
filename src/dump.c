/*
 * dump.c - the hidden --dump=ast output (see dump.h).  Tests use it to see
 * exactly what the parser built, before the checker touches anything.
 */
#include "dump.h"

#include <errno.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "ops_json.h"
#include "parse.h"
#include "schema.h"

static void set_str(json_t *o, const char *key, const char *v)
{
	if (v)
		json_object_set_new(o, key, json_string(v));
}

static json_t *ops_array(struct session *s, struct op **ops, int n)
{
	json_t *a = json_array();
	for (int i = 0; i < n; i++)
		json_array_append_new(a, ops_json_op(s, ops[i]));
	return a;
}

static const char *migration_json(struct session *s, const struct migration *m)
{
	json_t *o = json_object();
	set_str(o, "migration", m->rev);
	json_t *parents = json_array();
	for (int i = 0; i < m->nparents; i++)
		json_array_append_new(parents, json_string(m->parents[i]));
	json_object_set_new(o, "parents", parents);
	set_str(o, "message", m->message);
	set_str(o, "created", m->created);
	json_object_set_new(o, "upgrade", ops_array(s, m->up, m->nup));
	json_object_set_new(o, "downgrade", ops_array(s, m->down, m->ndown));
	char *text = json_dumps(o, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	json_decref(o);
	char *copy = arena_printf(s->arena, "%s\n", text ? text : "null");
	free(text);
	return copy;
}

static bool is_migration(const char *path)
{
	size_t n = strlen(path), k = strlen(".migration");
	return n >= k && !strcmp(path + n - k, ".migration");
}

const char *dump_file(struct session *s, const char *path, int order)
{
	struct source *src = source_read(s->arena, path, order);
	if (!src) {
		diag_global(s->diag, SEV_ERROR, "cannot read \"%s\": %s", path,
		            strerror(errno));
		return NULL;
	}
	if (is_migration(path)) {
		struct migration *m = parse_migration(s, src);
		return m ? migration_json(s, m) : NULL;
	}
	struct schema schema = {0};
	if (parse_models(s, src, &schema) < 0)
		return NULL;
	return arena_printf(s->arena, "%s\n",
	                    schema_to_json(s->arena, &schema));
}
