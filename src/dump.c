/*
 * dump.c - the hidden --dump=ast output (see dump.h).  Tests use it to see
 * exactly what the parser built, before the checker touches anything.
 */
#include "dump.h"

#include <errno.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "parse.h"
#include "schema.h"

static const char *const op_names[] = {
    [OP_CREATE_TABLE] = "create table",
    [OP_DROP_TABLE] = "drop table",
    [OP_RENAME_TABLE] = "rename table",
    [OP_ADD_COLUMN] = "add column",
    [OP_DROP_COLUMN] = "drop column",
    [OP_RENAME_COLUMN] = "rename column",
    [OP_ALTER_TYPE] = "alter column set type",
    [OP_SET_NOT_NULL] = "alter column set not null",
    [OP_DROP_NOT_NULL] = "alter column drop not null",
    [OP_SET_DEFAULT] = "alter column set default",
    [OP_DROP_DEFAULT] = "alter column drop default",
    [OP_SET_COMMENT] = "alter column set comment",
    [OP_ADD_CONSTRAINT] = "add constraint",
    [OP_DROP_CONSTRAINT] = "drop constraint",
    [OP_RENAME_CONSTRAINT] = "rename constraint",
    [OP_CREATE_INDEX] = "create index",
    [OP_DROP_INDEX] = "drop index",
    [OP_RENAME_INDEX] = "rename index",
    [OP_CREATE_ENUM] = "create enum",
    [OP_ADD_ENUM_VALUE] = "alter enum add value",
    [OP_RENAME_ENUM_VALUE] = "alter enum rename value",
    [OP_DROP_ENUM] = "drop enum",
    [OP_CREATE_VIEW] = "create view",
    [OP_DROP_VIEW] = "drop view",
    [OP_COMMENT_TABLE] = "comment on table",
    [OP_COMMENT_COLUMN] = "comment on column",
    [OP_EXECUTE] = "execute",
    [OP_WARNING] = "warning",
};

static const char *const position_names[] = {
    [ENUM_AT_END] = NULL, [ENUM_BEFORE] = "before", [ENUM_AFTER] = "after"};

static void set_str(json_t *o, const char *key, const char *v)
{
	if (v)
		json_object_set_new(o, key, json_string(v));
}

static char *qname_str(struct arena *a, const struct qname *q)
{
	if (!q->name)
		return NULL;
	return q->schema ? arena_printf(a, "%s.%s", q->schema, q->name)
	                 : arena_strdup(a, q->name);
}

/* The definitions an op carries, as the schema JSON of a one-object
 * schema, so that dumps of ops and of models read alike. */
static json_t *definition(struct session *s, const struct op *op)
{
	struct schema one = {0};
	struct table holder = {0};
	if (op->tdef) {
		ARENA_PUSH(s->arena, one.tables, one.ntables, one.captables,
		           op->tdef);
	} else if (op->cdef || op->con || op->idx) {
		holder.name = op->target;
		if (op->cdef)
			ARENA_PUSH(s->arena, holder.cols, holder.ncols,
			           holder.capcols, op->cdef);
		if (op->con)
			ARENA_PUSH(s->arena, holder.cons, holder.ncons,
			           holder.capcons, op->con);
		if (op->idx) {
			if (op->idx->table.name)
				holder.name = op->idx->table;
			ARENA_PUSH(s->arena, holder.indexes, holder.nindexes,
			           holder.capindexes, op->idx);
		}
		struct table *t = &holder;
		ARENA_PUSH(s->arena, one.tables, one.ntables, one.captables, t);
	} else if (op->edef) {
		ARENA_PUSH(s->arena, one.enums, one.nenums, one.capenums,
		           op->edef);
	} else if (op->vdef) {
		ARENA_PUSH(s->arena, one.views, one.nviews, one.capviews,
		           op->vdef);
	} else {
		return NULL;
	}
	return json_loads(schema_to_json(s->arena, &one), 0, NULL);
}

static json_t *op_json(struct session *s, const struct op *op)
{
	json_t *o = json_object();
	set_str(o, "op", op_names[op->kind]);
	set_str(o, "target", qname_str(s->arena, &op->target));
	set_str(o, "column", op->column);
	set_str(o, "name", op->name);
	set_str(o, "new_name", op->new_name);
	if (op->kind == OP_ALTER_TYPE)
		set_str(o, "type", type_to_string(s->arena, &op->type));
	if (op->expr)
		set_str(o, "expr", op->expr->text);
	set_str(o, "value", op->value);
	set_str(o, "new_value", op->new_value);
	set_str(o, "position", position_names[op->position]);
	set_str(o, "anchor", op->anchor);
	set_str(o, "dialect", op->dialect);
	set_str(o, "text", op->text);
	json_t *def = definition(s, op);
	if (def)
		json_object_set_new(o, "definition", def);
	return o;
}

static json_t *ops_json(struct session *s, struct op **ops, int n)
{
	json_t *a = json_array();
	for (int i = 0; i < n; i++)
		json_array_append_new(a, op_json(s, ops[i]));
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
	json_object_set_new(o, "upgrade", ops_json(s, m->up, m->nup));
	json_object_set_new(o, "downgrade", ops_json(s, m->down, m->ndown));
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
