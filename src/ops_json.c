/*
 * ops_json.c - migration operations as JSON (see ops_json.h).  It sits
 * beside the script printer at the end of the migration half of the
 * pipeline: the printer writes ops for people, this file for programs
 * (`retort diff --format json`) and for the tests (`--dump=ast` of a
 * migration script, through dump.c).  The objects an op carries are
 * written by schema_json.c, so ops and models read alike.
 */
#include "ops_json.h"

#include <stdlib.h>
#include <string.h>

#include "schema.h"
#include "script.h"
#include "strbuf.h"

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
    [OP_SET_IDENTITY] = "alter column set identity",
    [OP_DROP_IDENTITY] = "alter column drop identity",
    [OP_SET_AUTOINCREMENT] = "alter column set autoincrement",
    [OP_DROP_AUTOINCREMENT] = "alter column drop autoincrement",
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
    [OP_RENAME_ENUM] = "rename enum",
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

/* The key of the string an op carries in op->text. */
static const char *text_key(enum op_kind kind)
{
	switch (kind) {
	case OP_EXECUTE:
		return "sql";
	case OP_WARNING:
		return "message";
	case OP_SET_COMMENT:
	case OP_COMMENT_TABLE:
	case OP_COMMENT_COLUMN:
		return "comment";
	default:
		return NULL;
	}
}

json_t *ops_json_op(struct session *s, const struct op *op)
{
	json_t *o = json_object();
	set_str(o, "op", op_names[op->kind]);
	set_str(o, "target", qname_str(s->arena, &op->target));
	set_str(o, "column", op->column);
	set_str(o, "name", op->name);
	set_str(o, "new_name", op->new_name);
	if (op->kind == OP_ALTER_TYPE) {
		set_str(o, "type", type_to_string(s->arena, &op->type));
		set_str(o, "collation", op->collation);
	}
	if (op->kind == OP_SET_IDENTITY)
		set_str(o, "identity",
		        op->identity == IDENTITY_ALWAYS ? "always"
		                                        : "by default");
	if (op->expr)
		set_str(o, "expr", op->expr->text);
	set_str(o, "value", op->value);
	set_str(o, "new_value", op->new_value);
	set_str(o, "position", position_names[op->position]);
	set_str(o, "anchor", op->anchor);
	set_str(o, "dialect", op->dialect);
	if (text_key(op->kind))
		set_str(o, text_key(op->kind), op->text);
	json_t *def = definition(s, op);
	if (def)
		json_object_set_new(o, "definition", def);
	return o;
}

/* The op as the script printer writes it, its lines (a `create table`
 * has several) joined by single spaces, without its explanation. */
static char *op_line(struct session *s, const struct op *op)
{
	struct op bare = *op;
	bare.explain = NULL;
	struct op *one = &bare;
	struct strbuf text = STRBUF_INIT, line = STRBUF_INIT;
	script_print_ops(s, &one, 1, 0, &text);
	for (const char *p = strbuf_str(&text); *p; p++) {
		if (*p != '\n') {
			strbuf_putc(&line, *p);
			continue;
		}
		while (p[1] == ' ')
			p++;
		if (p[1])
			strbuf_putc(&line, ' ');
	}
	char *r = strbuf_arena_copy(&line, s->arena);
	strbuf_free(&text);
	strbuf_free(&line);
	return r;
}

static json_t *diff_ops(struct session *s, struct op *const *ops, int n)
{
	json_t *a = json_array();
	for (int i = 0; i < n; i++) {
		json_t *o = ops_json_op(s, ops[i]);
		set_str(o, "text", op_line(s, ops[i]));
		set_str(o, "explain", ops[i]->explain);
		json_array_append_new(a, o);
	}
	return a;
}

const char *ops_json_diff(struct session *s, const struct migration *m,
                          bool equal)
{
	json_t *o = json_object();
	json_object_set_new(o, "equal", json_boolean(equal));
	set_str(o, "dialect", dialect_name(s->dialect));
	json_object_set_new(o, "upgrade", diff_ops(s, m->up, m->nup));
	json_object_set_new(o, "downgrade", diff_ops(s, m->down, m->ndown));
	json_t *w = json_array();
	for (int i = 0; i < m->nup; i++)
		if (m->up[i]->kind == OP_WARNING)
			json_array_append_new(w, json_string(m->up[i]->text));
	json_object_set_new(o, "warnings", w);
	char *text = json_dumps(o, JSON_INDENT(2) | JSON_SORT_KEYS);
	json_decref(o);
	/* jansson's dump fails only when it runs out of memory */
	const char *r = arena_printf(s->arena, "%s\n", text ? text : "null");
	free(text);
	return r;
}
