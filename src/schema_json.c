/*
 * schema_json.c - the canonical JSON form of a portable schema, built with
 * jansson.  It is what `retort sql --format json` and `--dump=schema`
 * print, and what schema_equal and schema_hash compare: two schemas are
 * equal exactly when this text is equal, so everything that matters to
 * the database is in it and nothing else is (no spans, no layout flags
 * such as inline_column or name_written, no `renamed from` hints).
 *
 * Shape (keys always in this order; the schema is sorted first):
 *
 *   {"tables": [{"schema", "name", "comment",
 *                "columns": [{"name", "type", "nullable", "default",
 *                             "generated", "identity", "autoincrement",
 *                             "collation", "comment"}],
 *                "constraints": [{"kind", "name", "columns", "check",
 *                                 "references": {"schema", "table",
 *                                                "columns"},
 *                                 "on_delete", "on_update", "deferrable",
 *                                 "initially_deferred"}],
 *                "indexes": [{"name", "unique", "columns": [{"column" |
 *                             "expression", "desc"}], "method",
 *                             "where"}]}],
 *    "enums": [{"schema", "name", "values"}],
 *    "views": [{"schema", "name", "query"}],
 *    "types": [{"schema", "name"}]}
 *
 * Absent optional keys are omitted, never null: a default-schema object
 * has no "schema", a column without a default has no "default", and
 * boolean flags that are false by default ("autoincrement", "desc",
 * "deferrable", "initially_deferred") appear only when true.  "nullable"
 * and "unique" are always present.  Values that the database treats as
 * its default are omitted too, so that writing them changes nothing: an
 * ON DELETE/UPDATE of NO ACTION, and index method btree.  Expressions are
 * their SQL text as written, without the parentheses.
 */
#include "schema.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"

/* Names and SQL text are the user's bytes: no UTF-8 check, so that a
 * model in another encoding still round-trips instead of losing keys. */
static json_t *jstr(const char *v)
{
	return json_string_nocheck(v);
}

static void set_str(json_t *o, const char *key, const char *v)
{
	if (v)
		json_object_set_new(o, key, jstr(v));
}

static void set_true(json_t *o, const char *key, bool v)
{
	if (v)
		json_object_set_new(o, key, json_true());
}

static void set_expr(json_t *o, const char *key, const struct expr *e)
{
	if (e && e->text)
		json_object_set_new(o, key, jstr(e->text));
}

static json_t *str_array(int n, const char *const *v)
{
	json_t *arr = json_array();
	for (int i = 0; i < n; i++)
		json_array_append_new(arr, jstr(v[i] ? v[i] : ""));
	return arr;
}

static const char *fk_action_name(enum fk_action a)
{
	switch (a) {
	case FK_RESTRICT:
		return "restrict";
	case FK_CASCADE:
		return "cascade";
	case FK_SET_NULL:
		return "set null";
	case FK_SET_DEFAULT:
		return "set default";
	case FK_UNSPECIFIED:
	case FK_NO_ACTION:
		break;
	}
	return NULL; /* the database's default: omitted */
}

static const char *const con_kind_name[] = {"primary key", "unique", "check",
                                            "foreign key"};

static json_t *column_json(struct arena *a, const struct column *c)
{
	json_t *o = json_object();
	set_str(o, "name", c->name);
	json_object_set_new(o, "type", jstr(type_to_string(a, &c->type)));
	json_object_set_new(o, "nullable", json_boolean(!c->not_null));
	set_expr(o, "default", c->default_expr);
	set_expr(o, "generated", c->generated);
	if (c->identity == IDENTITY_ALWAYS)
		json_object_set_new(o, "identity", jstr("always"));
	else if (c->identity == IDENTITY_BY_DEFAULT)
		json_object_set_new(o, "identity", jstr("by default"));
	set_true(o, "autoincrement", c->autoincrement);
	set_str(o, "collation", c->collation);
	set_str(o, "comment", c->comment);
	return o;
}

static json_t *constraint_json(const struct constraint *c)
{
	json_t *o = json_object();
	json_object_set_new(o, "kind", jstr(con_kind_name[c->kind]));
	set_str(o, "name", c->name);
	if (c->kind != CON_CHECK)
		json_object_set_new(o, "columns", str_array(c->ncols, c->cols));
	if (c->kind == CON_CHECK)
		set_expr(o, "check", c->check);
	if (c->kind == CON_FOREIGN_KEY) {
		json_t *r = json_object();
		set_str(r, "schema", c->ref_table.schema);
		set_str(r, "table", c->ref_table.name);
		json_object_set_new(r, "columns",
		                    str_array(c->nref_cols, c->ref_cols));
		json_object_set_new(o, "references", r);
		set_str(o, "on_delete", fk_action_name(c->on_delete));
		set_str(o, "on_update", fk_action_name(c->on_update));
		set_true(o, "deferrable", c->deferrable);
		set_true(o, "initially_deferred", c->initially_deferred);
	}
	return o;
}

static json_t *index_json(const struct index *ix)
{
	json_t *o = json_object();
	set_str(o, "name", ix->name);
	json_object_set_new(o, "unique", json_boolean(ix->unique));
	json_t *cols = json_array();
	for (int i = 0; i < ix->nelems; i++) {
		const struct index_elem *e = &ix->elems[i];
		json_t *eo = json_object();
		if (e->column)
			json_object_set_new(eo, "column", jstr(e->column));
		else
			set_expr(eo, "expression", e->expr);
		set_true(eo, "desc", e->desc);
		json_array_append_new(cols, eo);
	}
	json_object_set_new(o, "columns", cols);
	if (ix->method && strcmp(ix->method, "btree") != 0)
		set_str(o, "method", ix->method);
	set_expr(o, "where", ix->where);
	return o;
}

static json_t *table_json(struct arena *a, const struct table *t)
{
	json_t *o = json_object();
	set_str(o, "schema", t->name.schema);
	set_str(o, "name", t->name.name);
	set_str(o, "comment", t->comment);
	json_t *cols = json_array();
	for (int i = 0; i < t->ncols; i++)
		json_array_append_new(cols, column_json(a, t->cols[i]));
	json_object_set_new(o, "columns", cols);
	json_t *cons = json_array();
	for (int i = 0; i < t->ncons; i++)
		json_array_append_new(cons, constraint_json(t->cons[i]));
	json_object_set_new(o, "constraints", cons);
	json_t *ixs = json_array();
	for (int i = 0; i < t->nindexes; i++)
		json_array_append_new(ixs, index_json(t->indexes[i]));
	json_object_set_new(o, "indexes", ixs);
	return o;
}

char *schema_to_json(struct arena *a, struct schema *s)
{
	schema_sort(s);
	json_t *root = json_object();

	json_t *tables = json_array();
	for (int i = 0; i < s->ntables; i++)
		json_array_append_new(tables, table_json(a, s->tables[i]));
	json_object_set_new(root, "tables", tables);

	json_t *enums = json_array();
	for (int i = 0; i < s->nenums; i++) {
		const struct enum_type *e = s->enums[i];
		json_t *o = json_object();
		set_str(o, "schema", e->name.schema);
		set_str(o, "name", e->name.name);
		json_object_set_new(o, "values",
		                    str_array(e->nvalues, e->values));
		json_array_append_new(enums, o);
	}
	json_object_set_new(root, "enums", enums);

	json_t *views = json_array();
	for (int i = 0; i < s->nviews; i++) {
		const struct view *v = s->views[i];
		json_t *o = json_object();
		set_str(o, "schema", v->name.schema);
		set_str(o, "name", v->name.name);
		set_expr(o, "query", v->query);
		json_array_append_new(views, o);
	}
	json_object_set_new(root, "views", views);

	json_t *types = json_array();
	for (int i = 0; i < s->ntypes; i++) {
		const struct ext_type *t = s->types[i];
		json_t *o = json_object();
		set_str(o, "schema", t->name.schema);
		set_str(o, "name", t->name.name);
		json_array_append_new(types, o);
	}
	json_object_set_new(root, "types", types);

	char *text = json_dumps(root, JSON_PRESERVE_ORDER | JSON_INDENT(2));
	json_decref(root);
	if (!text) {
		/* jansson's dump fails only when it runs out of memory */
		fputs("retort: error: out of memory\n", stderr);
		exit(3);
	}
	char *r = arena_strdup(a, text);
	free(text);
	return r;
}
