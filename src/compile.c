/*
 * compile.c - the SQL compiler: migration operations -> SQL statements
 * for SQLite or PostgreSQL (DESIGN sections 1, 3 and 5).  `retort diff
 * --sql` and the runner call it with the ops of a migration and the
 * schema the database is at; compile_print writes the result as a script.
 *
 * It walks the ops in written order with the simulator (simulator_apply), so
 * the state it keeps is the schema as the database has it before each op,
 * and statements are written from that state's checked, named objects
 * (the same emit.c builders `retort sql` uses, so a table made by a
 * migration and one made from the models are the same bytes).
 *
 * PostgreSQL can make every op with one ALTER (or CREATE, DROP,
 * COMMENT): a type change gets a USING cast when the kind of type changes
 * (text -> integer has no implicit cast; widening varchar does), with the
 * column's default dropped around it when it would not survive the cast;
 * ALTER TYPE ... ADD VALUE is committed on its own (STMT_OWN_COMMIT), at
 * the front of the script when nothing before it touches its enum.
 *
 * SQLite's ALTER TABLE can rename tables and columns, add a plain column
 * and drop an unreferenced one; everything else (types, nullability,
 * defaults, constraints, enum values, which live in its CHECK) needs
 * SQLite's documented table rebuild: create the new table under a
 * temporary name, copy the rows of the columns both sides have, drop the
 * old table, rename the new one, recreate its indexes, its triggers and
 * the views over it.  Rebuilds wait while the following ops also need one
 * (the enum plan, a drop of a constraint and its column...), so one
 * rebuild serves them all; any op that writes SQL first makes the waiting
 * ones.  The script then runs with foreign keys off (fk_off), which also
 * keeps DROP TABLE from deleting rows and firing cascades.
 */
#include "compile.h"

#include <sqlite3.h>
#include <stdio.h>
#include <string.h>

#include "check.h"
#include "db.h"
#include "emit.h"
#include "emit_dialect.h"
#include "simulate.h"

/* A SQLite table waiting for its rebuild. */
struct pending {
	struct table *t; /* in the state: the definition to build */
	int nold, capold;
	const char **old; /* columns whose rows the copy keeps */
	/* per kept column, the enum values renamed on the way: the copy
	 * maps each old value to its new one */
	struct value_map *maps;
};

struct value_map {
	int n, cap;
	struct renamed {
		const char *from, *to;
	} * v;
};

struct compiler {
	struct session *s;
	struct schema *st;
	struct simulator *sim; /* over st: its lookups are indexed */
	struct compiled *out;
	const struct table_trigger *triggers;
	int ntriggers;
	struct op *const *ops;
	int nops;
	int op; /* the op being compiled */
	int npending, cappending;
	struct pending *pending;
};

/* ---- statements -------------------------------------------------------- */

static void push(struct compiler *c, struct strbuf *sb, unsigned flags)
{
	struct stmt st = {strbuf_arena_copy(sb, c->s->arena), flags, c->op};
	ARENA_PUSH(c->s->arena, c->out->v, c->out->n, c->out->cap, st);
	strbuf_reset(sb);
}

/* Pushes every ";\n"-ended statement of text (emit.c writes several at
 * once: a table and its comments). */
static void push_each(struct compiler *c, struct strbuf *text)
{
	struct strbuf one = STRBUF_INIT;
	const char *p = strbuf_str(text);
	while (*p) {
		const char *end = strstr(p, ";\n");
		size_t n = end ? (size_t)(end - p) + 1 : strlen(p);
		strbuf_add(&one, p, n);
		push(c, &one, 0);
		p += n;
		if (*p == '\n')
			p++;
	}
	strbuf_free(&one);
	strbuf_reset(text);
}

static void alter_table(struct strbuf *sb, const struct qname *t)
{
	strbuf_puts(sb, "ALTER TABLE ");
	emit_qname(sb, t);
	strbuf_putc(sb, ' ');
}

static void alter_column(struct strbuf *sb, const struct qname *t,
                         const char *col)
{
	alter_table(sb, t);
	strbuf_puts(sb, "ALTER COLUMN ");
	emit_ident(sb, col);
	strbuf_putc(sb, ' ');
}

/* ALTER TABLE t <what> "name" [TO "new_name"]; */
static void table_item(struct strbuf *sb, const struct qname *t,
                       const char *what, const char *name, const char *new_name)
{
	alter_table(sb, t);
	strbuf_printf(sb, "%s ", what);
	emit_ident(sb, name);
	if (new_name) {
		strbuf_puts(sb, " TO ");
		emit_ident(sb, new_name);
	}
	strbuf_putc(sb, ';');
}

static void put_expr(struct strbuf *sb, const struct expr *e)
{
	if (e->parens)
		strbuf_printf(sb, "(%s)", e->text);
	else
		strbuf_puts(sb, e->text);
}

/* ---- the state --------------------------------------------------------- */

static bool same_schema(const char *a, const char *b)
{
	return a == b || (a && b && !strcmp(a, b));
}

static struct table *find_table(struct compiler *c, const struct qname *q)
{
	/* `execute` and `warning` ops name no object */
	return q->name ? simulator_table(c->sim, q->schema, q->name) : NULL;
}

static bool uses_enum(const struct column *col, const struct enum_type *e)
{
	return col->type.kind == TYPE_ENUM &&
	       same_schema(col->type.schema, e->name.schema) &&
	       !strcmp(col->type.name, e->name.name);
}

/* Whether something in the state lives in schema name already. */
static bool schema_used(struct compiler *c, const char *name)
{
	for (int i = 0; i < c->st->ntables; i++)
		if (same_schema(c->st->tables[i]->name.schema, name))
			return true;
	for (int i = 0; i < c->st->nenums; i++)
		if (same_schema(c->st->enums[i]->name.schema, name))
			return true;
	for (int i = 0; i < c->st->nviews; i++)
		if (same_schema(c->st->views[i]->name.schema, name))
			return true;
	return false;
}

/* CREATE SCHEMA before the first object of a PostgreSQL schema. */
static void need_schema(struct compiler *c, const char *name)
{
	if (!name || c->s->dialect != DIALECT_POSTGRESQL ||
	    schema_used(c, name))
		return;
	struct strbuf sb = STRBUF_INIT;
	strbuf_puts(&sb, "CREATE SCHEMA IF NOT EXISTS ");
	emit_ident(&sb, name);
	strbuf_putc(&sb, ';');
	push(c, &sb, 0);
	strbuf_free(&sb);
}

static void create_indexes(struct compiler *c, const struct table *t)
{
	struct strbuf sb = STRBUF_INIT;
	for (int i = 0; i < t->nindexes; i++)
		emit_create_index(c->s, &t->name, t->indexes[i], &sb);
	push_each(c, &sb);
	strbuf_free(&sb);
}

/* ---- SQLite: the table rebuild ----------------------------------------- */

static struct pending *find_pending(struct compiler *c, const struct table *t)
{
	for (int i = 0; i < c->npending; i++)
		if (c->pending[i].t == t)
			return &c->pending[i];
	return NULL;
}

/* Marks t (as it stands before the op) for a rebuild. */
static struct pending *pend(struct compiler *c, struct table *t)
{
	struct pending *p = find_pending(c, t);
	if (p)
		return p;
	struct pending n = {.t = t};
	for (int i = 0; i < t->ncols; i++)
		if (!t->cols[i]->generated)
			ARENA_PUSH(c->s->arena, n.old, n.nold, n.capold,
			           t->cols[i]->name);
	size_t size = sizeof *n.maps * (size_t)(n.nold ? n.nold : 1);
	n.maps = arena_alloc(c->s->arena, size);
	memset(n.maps, 0, size);
	ARENA_PUSH(c->s->arena, c->pending, c->npending, c->cappending, n);
	c->out->fk_off = true;
	return &c->pending[c->npending - 1];
}

static int old_index(const struct pending *p, const char *col)
{
	for (int i = 0; i < p->nold; i++)
		if (p->old[i] && !strcmp(p->old[i], col))
			return i;
	return -1;
}

/* The views of the state whose query names table t, in state order. */
static int views_over(struct compiler *c, const struct table *t,
                      struct view ***out)
{
	int n = 0, cap = 0;
	*out = NULL;
	for (int i = 0; i < c->st->nviews; i++)
		if (check_expr_mentions(c->s, c->st->views[i]->query,
		                        t->name.name))
			ARENA_PUSH(c->s->arena, *out, n, cap, c->st->views[i]);
	return n;
}

/* The expression that copies column col: the column itself, or a CASE
 * that gives renamed enum values their new names. */
static void copy_value(struct strbuf *sb, const char *col,
                       const struct value_map *m)
{
	if (m->n == 0) {
		emit_ident(sb, col);
		return;
	}
	strbuf_puts(sb, "CASE ");
	emit_ident(sb, col);
	for (int i = 0; i < m->n; i++) {
		strbuf_puts(sb, " WHEN ");
		emit_string(sb, m->v[i].from);
		strbuf_puts(sb, " THEN ");
		emit_string(sb, m->v[i].to);
	}
	strbuf_puts(sb, " ELSE ");
	emit_ident(sb, col);
	strbuf_puts(sb, " END");
}

/* Records that value `from` is now `to`: a value renamed twice maps from
 * the name the rows have. */
static void map_value(struct arena *a, struct value_map *m, const char *from,
                      const char *to)
{
	for (int i = 0; i < m->n; i++)
		if (!strcmp(m->v[i].to, from)) {
			m->v[i].to = to;
			return;
		}
	struct renamed r = {from, to};
	ARENA_PUSH(a, m->v, m->n, m->cap, r);
}

/* The INSERT that copies the kept columns into the new table. */
static void copy_rows(struct compiler *c, const struct pending *p,
                      const struct qname *to, struct strbuf *sb)
{
	const struct table *t = p->t;
	struct strbuf sel = STRBUF_INIT;
	bool any = false;
	strbuf_puts(sb, "INSERT INTO ");
	emit_qname(sb, to);
	strbuf_puts(sb, " (");
	for (int i = 0; i < t->ncols; i++) {
		const struct column *col = t->cols[i];
		int k = old_index(p, col->name);
		if (col->generated || k < 0)
			continue;
		if (any) {
			strbuf_puts(sb, ", ");
			strbuf_puts(&sel, ", ");
		}
		any = true;
		emit_ident(sb, col->name);
		copy_value(&sel, col->name, &p->maps[k]);
	}
	strbuf_puts(sb, ") SELECT ");
	strbuf_puts(sb, strbuf_str(&sel));
	strbuf_puts(sb, " FROM ");
	emit_qname(sb, &t->name);
	strbuf_putc(sb, ';');
	strbuf_free(&sel);
	if (!any)
		strbuf_reset(sb); /* no column survives: no rows to keep */
}

/*
 * SQLite's twelve steps (https://sqlite.org/lang_altertable.html, section
 * 7), foreign keys being off for the whole script: the views over the
 * table are dropped first and made again last (the rename would find
 * them broken); the rename runs with legacy_alter_table on, so views and
 * triggers retort does not know about are neither rewritten nor checked
 * against the missing table.
 */
static int rebuild(struct compiler *c, const struct pending *p)
{
	struct session *s = c->s;
	const struct table *t = p->t;
	struct view **views;
	int nviews = views_over(c, t, &views);
	struct strbuf sb = STRBUF_INIT;
	for (int i = nviews - 1; i >= 0; i--) {
		strbuf_puts(&sb, "DROP VIEW ");
		emit_qname(&sb, &views[i]->name);
		strbuf_putc(&sb, ';');
		push(c, &sb, 0);
	}
	struct qname tmp = t->name;
	tmp.name = arena_printf(s->arena, "_retort_new_%s", t->name.name);
	int rc = emit_create_table_as(s, c->st, t, &tmp, &sb);
	if (rc == 0)
		push_each(c, &sb);
	copy_rows(c, p, &tmp, &sb);
	if (sb.len)
		push(c, &sb, 0);
	strbuf_puts(&sb, "DROP TABLE ");
	emit_qname(&sb, &t->name);
	strbuf_putc(&sb, ';');
	push(c, &sb, 0);
	strbuf_puts(&sb, "PRAGMA legacy_alter_table = ON;");
	push(c, &sb, 0);
	alter_table(&sb, &tmp);
	strbuf_puts(&sb, "RENAME TO ");
	emit_ident(&sb, t->name.name);
	strbuf_putc(&sb, ';');
	push(c, &sb, 0);
	strbuf_puts(&sb, "PRAGMA legacy_alter_table = OFF;");
	push(c, &sb, 0);
	create_indexes(c, t);
	for (int i = 0; i < c->ntriggers; i++)
		if (!strcmp(c->triggers[i].table, t->name.name)) {
			strbuf_printf(&sb, "%s;", c->triggers[i].sql);
			push(c, &sb, 0);
		}
	for (int i = 0; i < nviews; i++)
		emit_create_view(s, views[i], &sb);
	push_each(c, &sb);
	strbuf_free(&sb);
	return rc;
}

/* Makes the waiting rebuilds, in the order they were asked for. */
static int flush(struct compiler *c)
{
	int rc = 0;
	for (int i = 0; i < c->npending; i++)
		if (rebuild(c, &c->pending[i]) < 0)
			rc = -1;
	c->npending = 0;
	return rc;
}

/* Whether SQLite's ADD COLUMN can add the op's column as it stands: no
 * key, check or reference (they are table constraints here), nothing
 * computed, and a default ADD COLUMN accepts (a constant, not null when
 * the column is not null). */
static bool sqlite_can_add(struct compiler *c, const struct op *op)
{
	const struct column *col = op->cdef;
	/* the type is as written (the simulator resolves it): an enum is
	 * a name of the state's */
	if ((op->tdef && op->tdef->ncons) || col->generated ||
	    col->identity != IDENTITY_NONE || col->autoincrement ||
	    col->type.kind == TYPE_ENUM ||
	    schema_find_enum(c->st, col->type.schema, col->type.name))
		return false;
	const struct expr *d = col->default_expr;
	if (d && (d->parens || !strncmp(d->text, "current_", 8) ||
	          !strncmp(d->text, "CURRENT_", 8)))
		return false;
	if (col->not_null &&
	    (!d || !strcmp(d->text, "null") || !strcmp(d->text, "NULL")))
		return false;
	return true;
}

/* Whether SQLite's DROP COLUMN can drop col of t: nothing else in the
 * schema names it (keys, checks, indexes, references, views). */
static bool sqlite_can_drop(struct compiler *c, const struct table *t,
                            const struct column *col)
{
	if (col->type.kind == TYPE_ENUM)
		return false;
	for (int i = 0; i < t->ncons; i++) {
		const struct constraint *k = t->cons[i];
		for (int j = 0; j < k->ncols; j++)
			if (!strcmp(k->cols[j], col->name))
				return false;
		if (k->kind == CON_CHECK &&
		    check_expr_mentions(c->s, k->check, col->name))
			return false;
	}
	for (int i = 0; i < t->nindexes; i++) {
		const struct index *ix = t->indexes[i];
		for (int j = 0; j < ix->nelems; j++)
			if ((ix->elems[j].column &&
			     !strcmp(ix->elems[j].column, col->name)) ||
			    check_expr_mentions(c->s, ix->elems[j].expr,
			                        col->name))
				return false;
		if (check_expr_mentions(c->s, ix->where, col->name))
			return false;
	}
	for (int i = 0; i < t->ncols; i++)
		if (check_expr_mentions(c->s, t->cols[i]->generated, col->name))
			return false;
	struct table **refs;
	int nrefs = simulator_referrers(c->sim, t, &refs);
	for (int i = 0; i < nrefs; i++) {
		const struct table *o = refs[i];
		for (int j = 0; j < o->ncons; j++) {
			const struct constraint *k = o->cons[j];
			if (k->kind != CON_FOREIGN_KEY ||
			    !same_schema(k->ref_table.schema, t->name.schema) ||
			    strcmp(k->ref_table.name, t->name.name))
				continue;
			for (int m = 0; m < k->nref_cols; m++)
				if (!strcmp(k->ref_cols[m], col->name))
					return false;
		}
	}
	struct view **views;
	int nviews = views_over(c, t, &views);
	for (int i = 0; i < nviews; i++)
		if (check_expr_mentions(c->s, views[i]->query, col->name))
			return false;
	return true;
}

/* Rebuilds every table with a column of enum e (its CHECK lists the
 * values); when a value is renamed, the copy maps old to new. */
static void pend_enum_users(struct compiler *c, const struct enum_type *e,
                            const char *from, const char *to)
{
	for (int i = 0; i < c->st->ntables; i++) {
		struct table *t = c->st->tables[i];
		for (int j = 0; j < t->ncols; j++) {
			const struct column *col = t->cols[j];
			if (!uses_enum(col, e))
				continue;
			struct pending *p = pend(c, t);
			int k = old_index(p, col->name);
			if (from && k >= 0)
				map_value(c->s->arena, &p->maps[k], from, to);
		}
	}
}

/* SQLite: the CHECK that stands for an enum is named after its table
 * (ck_<table>_<enum>), and ALTER TABLE RENAME keeps the old name, which
 * a reflector reads the enum back by: a renamed table with an enum
 * column is rebuilt too. */
static void pend_renamed(struct compiler *c, const struct op *op)
{
	struct qname q = {.schema = op->target.schema, .name = op->new_name};
	struct table *t = find_table(c, &q);
	for (int i = 0; t && i < t->ncols; i++)
		if (t->cols[i]->type.kind == TYPE_ENUM) {
			pend(c, t);
			return;
		}
}

/* The ops SQLite makes by rebuilding: marks their tables (as they stand
 * before the op).  Returns whether the op is one of them. */
static bool sqlite_pends(struct compiler *c, const struct op *op)
{
	struct table *t = NULL;
	struct enum_type *e;
	switch (op->kind) {
	case OP_ADD_COLUMN:
		if (sqlite_can_add(c, op))
			return false;
		break;
	case OP_DROP_COLUMN: {
		t = find_table(c, &op->target);
		const struct column *col =
		    t ? table_find_column(t, op->column) : NULL;
		struct pending *p = t ? find_pending(c, t) : NULL;
		if (col && !p && sqlite_can_drop(c, t, col))
			return false;
		if (col) {
			p = pend(c, t);
			int k = old_index(p, col->name);
			if (k >= 0) /* dropped: its rows are not copied */
				p->old[k] = NULL;
		}
		return true;
	}
	case OP_ALTER_TYPE:
	case OP_SET_NOT_NULL:
	case OP_DROP_NOT_NULL:
	case OP_SET_DEFAULT:
	case OP_DROP_DEFAULT:
	case OP_SET_AUTOINCREMENT:
	case OP_DROP_AUTOINCREMENT:
	case OP_ADD_CONSTRAINT:
	case OP_DROP_CONSTRAINT:
	case OP_RENAME_CONSTRAINT:
		break;
	case OP_ADD_ENUM_VALUE:
	case OP_RENAME_ENUM_VALUE:
	case OP_RENAME_ENUM: /* the CHECK is named after the enum */
		e = schema_find_enum(c->st, op->target.schema, op->target.name);
		if (e)
			pend_enum_users(
			    c, e,
			    op->kind == OP_RENAME_ENUM_VALUE ? op->value : NULL,
			    op->new_value);
		return true;
	default:
		return false;
	}
	if ((t = find_table(c, &op->target)))
		pend(c, t);
	return true;
}

/* ---- the ops ----------------------------------------------------------- */

/* The USING cast a PostgreSQL type change needs when no implicit or
 * assignment cast makes it (text -> integer; through text to or from an
 * enum); nothing otherwise. */
static void using_cast(struct compiler *c, const struct type *from,
                       const struct type *to, const char *col,
                       struct strbuf *sb)
{
	if (type_converts_implicitly(from, to))
		return;
	strbuf_puts(sb, " USING ");
	emit_ident(sb, col);
	if (from->kind == TYPE_ENUM || to->kind == TYPE_ENUM)
		strbuf_puts(sb, "::text");
	strbuf_printf(sb, "::%s", emit_type(c->s, to));
}

/* Whether an op after the current one sets or drops the default of
 * column col of table q (then the old default is not put back). */
static bool default_set_later(const struct compiler *c, const struct qname *q,
                              const char *col)
{
	for (int i = c->op + 1; i < c->nops; i++) {
		const struct op *o = c->ops[i];
		if ((o->kind == OP_SET_DEFAULT || o->kind == OP_DROP_DEFAULT) &&
		    same_schema(o->target.schema, q->schema) &&
		    !strcmp(o->target.name, q->name) && !strcmp(o->column, col))
			return true;
	}
	return false;
}

static void pg_alter_type(struct compiler *c, const struct op *op,
                          const struct column *col, const struct type *to)
{
	struct strbuf sb = STRBUF_INIT;
	bool cast = op->expr != NULL;
	if (!cast) {
		strbuf_reset(&sb);
		using_cast(c, &col->type, to, col->name, &sb);
		cast = sb.len > 0;
		strbuf_reset(&sb);
	}
	/* a default of the old type may not cast to the new one: it is
	 * dropped first, and put back unless the migration changes it */
	bool drop_default = col->default_expr && cast;
	bool keep_default =
	    drop_default && !default_set_later(c, &op->target, col->name);
	if (drop_default) {
		alter_column(&sb, &op->target, col->name);
		strbuf_puts(&sb, "DROP DEFAULT;");
		push(c, &sb, 0);
	}
	alter_column(&sb, &op->target, col->name);
	strbuf_printf(&sb, "TYPE %s", emit_type(c->s, to));
	if (op->collation) {
		strbuf_puts(&sb, " COLLATE ");
		emit_ident(&sb, op->collation);
	}
	if (op->expr)
		strbuf_printf(&sb, " USING (%s)", op->expr->text);
	else
		using_cast(c, &col->type, to, col->name, &sb);
	strbuf_putc(&sb, ';');
	push(c, &sb, 0);
	if (keep_default) {
		alter_column(&sb, &op->target, col->name);
		strbuf_puts(&sb, "SET DEFAULT ");
		put_expr(&sb, col->default_expr);
		strbuf_putc(&sb, ';');
		push(c, &sb, 0);
	}
	strbuf_free(&sb);
}

static void comment_on(struct compiler *c, const struct op *op)
{
	if (c->s->dialect != DIALECT_POSTGRESQL)
		return;
	struct strbuf sb = STRBUF_INIT;
	strbuf_puts(&sb, op->kind == OP_COMMENT_TABLE ? "COMMENT ON TABLE "
	                                              : "COMMENT ON COLUMN ");
	emit_qname(&sb, &op->target);
	if (op->kind != OP_COMMENT_TABLE) {
		strbuf_putc(&sb, '.');
		emit_ident(&sb, op->column);
	}
	strbuf_puts(&sb, " IS ");
	if (op->text)
		emit_string(&sb, op->text);
	else
		strbuf_puts(&sb, "NULL");
	strbuf_putc(&sb, ';');
	push(c, &sb, 0);
	strbuf_free(&sb);
}

/* The index named q (schema-qualified like a table), and its table. */
static struct index *find_index(struct compiler *c, const struct qname *q,
                                struct table **tp)
{
	return simulator_index(c->sim, q->schema, q->name, tp);
}

/* DO $retort$ BEGIN <before>'<t>', '<col>'<after> END $retort$;: a
 * statement over pg_get_serial_sequence('<t>', '<col>'), the sequence of
 * a serial or identity column, whose name no static SQL can know. */
static void pg_do(struct compiler *c, const struct qname *t, const char *col,
                  const char *before, const char *after)
{
	struct strbuf body = STRBUF_INIT, name = STRBUF_INIT, sb = STRBUF_INIT;
	emit_qname(&name, t);
	strbuf_printf(&body, "BEGIN %s", before);
	emit_string(&body, strbuf_str(&name));
	strbuf_puts(&body, ", ");
	emit_string(&body, col);
	strbuf_printf(&body, "%s END", after);
	/* the dollar quote's tag must not occur in the body, whose names
	 * are the model's */
	char tag[32] = "$retort$";
	for (int i = 1; strstr(strbuf_str(&body), tag); i++)
		snprintf(tag, sizeof tag, "$retort%d$", i);
	strbuf_printf(&sb, "DO %s %s %s;", tag, strbuf_str(&body), tag);
	push(c, &sb, 0);
	strbuf_free(&sb);
	strbuf_free(&body);
	strbuf_free(&name);
}

/* Restarts the sequence behind column col after the largest value the
 * rows hold, so the next row does not collide with them. */
static void pg_restart(struct compiler *c, const struct qname *t,
                       const char *col)
{
	struct strbuf tail = STRBUF_INIT;
	strbuf_puts(&tail, "), coalesce(max(");
	emit_ident(&tail, col);
	strbuf_puts(&tail, "), 0) + 1, false) FROM ");
	emit_qname(&tail, t);
	strbuf_putc(&tail, ';');
	pg_do(c, t, col, "PERFORM setval(pg_get_serial_sequence(",
	      strbuf_str(&tail));
	strbuf_free(&tail);
}

/* SET/DROP NOT NULL of column col when the identity or serial that
 * implied it comes or goes and the model's column is nullable. */
static void pg_not_null(struct compiler *c, const struct op *op,
                        const struct column *col, bool set)
{
	if (col->not_null)
		return;
	struct strbuf sb = STRBUF_INIT;
	alter_column(&sb, &op->target, col->name);
	strbuf_puts(&sb, set ? "SET NOT NULL;" : "DROP NOT NULL;");
	push(c, &sb, 0);
	strbuf_free(&sb);
}

/*
 * Identity and serial on PostgreSQL, from the column as it was: ADD
 * GENERATED for a column that had none (restarted after its rows'
 * values), SET GENERATED for one that had another kind, DROP IDENTITY;
 * serial is a sequence the column owns and a nextval() default.
 */
static void pg_key_clause(struct compiler *c, const struct op *op,
                          const struct column *col)
{
	static const char *const kinds[] = {"", "ALWAYS", "BY DEFAULT"};
	const struct qname *t = &op->target;
	struct strbuf sb = STRBUF_INIT;
	switch (op->kind) {
	case OP_SET_IDENTITY:
		if (col->identity != IDENTITY_NONE) {
			alter_column(&sb, t, col->name);
			strbuf_printf(&sb, "SET GENERATED %s;",
			              kinds[op->identity]);
			push(c, &sb, 0);
			break;
		}
		pg_not_null(c, op, col, true);
		alter_column(&sb, t, col->name);
		strbuf_printf(&sb, "ADD GENERATED %s AS IDENTITY;",
		              kinds[op->identity]);
		push(c, &sb, 0);
		pg_restart(c, t, col->name);
		break;
	case OP_DROP_IDENTITY:
		alter_column(&sb, t, col->name);
		strbuf_puts(&sb, "DROP IDENTITY;");
		push(c, &sb, 0);
		pg_not_null(c, op, col, false);
		break;
	case OP_SET_AUTOINCREMENT: {
		struct qname seq = {.schema = t->schema,
		                    .name =
		                        arena_printf(c->s->arena, "%s_%s_seq",
		                                     t->name, col->name)};
		pg_not_null(c, op, col, true);
		strbuf_puts(&sb, "CREATE SEQUENCE ");
		emit_qname(&sb, &seq);
		strbuf_printf(&sb, " AS %s OWNED BY ",
		              emit_type(c->s, &col->type));
		emit_qname(&sb, t);
		strbuf_putc(&sb, '.');
		emit_ident(&sb, col->name);
		strbuf_putc(&sb, ';');
		push(c, &sb, 0);
		struct strbuf name = STRBUF_INIT;
		emit_qname(&name, &seq);
		alter_column(&sb, t, col->name);
		strbuf_puts(&sb, "SET DEFAULT nextval(");
		emit_string(&sb, strbuf_str(&name));
		strbuf_puts(&sb, "::regclass);");
		push(c, &sb, 0);
		strbuf_free(&name);
		pg_restart(c, t, col->name);
		break;
	}
	case OP_DROP_AUTOINCREMENT:
		alter_column(&sb, t, col->name);
		strbuf_puts(&sb, "DROP DEFAULT;");
		push(c, &sb, 0);
		pg_do(c, t, col->name,
		      "EXECUTE 'DROP SEQUENCE ' || pg_get_serial_sequence(",
		      ");");
		pg_not_null(c, op, col, false);
		break;
	default:
		break;
	}
	strbuf_free(&sb);
}

/* Statements written before the simulator applies the op: those that
 * need the state as it was (drops name what exists; a type change needs
 * the old type). */
static void before(struct compiler *c, const struct op *op)
{
	struct table *t;
	struct column *col;
	struct strbuf sb = STRBUF_INIT;
	bool pg = c->s->dialect == DIALECT_POSTGRESQL;
	switch (op->kind) {
	case OP_ALTER_TYPE:
		if (pg && (t = find_table(c, &op->target)) &&
		    (col = table_find_column(t, op->column))) {
			struct type to = op->type;
			if (check_new_type(c->s, c->st, &to, op->span) == 0)
				pg_alter_type(c, op, col, &to);
		}
		break;
	case OP_SET_IDENTITY:
	case OP_DROP_IDENTITY:
	case OP_SET_AUTOINCREMENT:
	case OP_DROP_AUTOINCREMENT:
		if (pg && (t = find_table(c, &op->target)) &&
		    (col = table_find_column(t, op->column)))
			pg_key_clause(c, op, col);
		break;
	case OP_RENAME_INDEX:
		if (!pg && find_index(c, &op->target, &t)) {
			strbuf_puts(&sb, "DROP INDEX ");
			emit_qname(&sb, &op->target);
			strbuf_putc(&sb, ';');
			push(c, &sb, 0);
		}
		break;
	case OP_DROP_TABLE:
		if (!pg)
			c->out->fk_off = true;
		break;
	default:
		break;
	}
	strbuf_free(&sb);
}

/* Statements written after the simulator applied the op, from the new
 * state (new objects are checked and named there). */
static int after(struct compiler *c, const struct op *op, int ncons_before)
{
	struct session *s = c->s;
	bool pg = s->dialect == DIALECT_POSTGRESQL;
	struct table *t;
	struct strbuf sb = STRBUF_INIT;
	int rc = 0;
	switch (op->kind) {
	case OP_CREATE_TABLE:
		if (!(t = find_table(c, &op->tdef->name)))
			break;
		rc = emit_create_table(s, c->st, t, NULL, 0, &sb);
		if (pg)
			emit_comments(s, t, &sb);
		push_each(c, &sb);
		create_indexes(c, t);
		break;
	case OP_DROP_TABLE:
		strbuf_puts(&sb, "DROP TABLE ");
		emit_qname(&sb, &op->target);
		strbuf_putc(&sb, ';');
		break;
	case OP_RENAME_TABLE:
		alter_table(&sb, &op->target);
		strbuf_puts(&sb, "RENAME TO ");
		emit_ident(&sb, op->new_name);
		strbuf_putc(&sb, ';');
		break;
	case OP_ADD_COLUMN:
		if (!(t = find_table(c, &op->target)))
			break;
		alter_table(&sb, &op->target);
		strbuf_puts(&sb, "ADD COLUMN ");
		rc = emit_column_def(s, t, t->cols[t->ncols - 1], &sb);
		strbuf_putc(&sb, ';');
		push(c, &sb, 0);
		for (int i = ncons_before; i < t->ncons; i++)
			emit_add_constraint(s, t, t->cons[i], &sb);
		if (pg && t->cols[t->ncols - 1]->comment) {
			struct op com = *op;
			com.kind = OP_COMMENT_COLUMN;
			com.column = t->cols[t->ncols - 1]->name;
			com.text = t->cols[t->ncols - 1]->comment;
			comment_on(c, &com);
		}
		push_each(c, &sb);
		break;
	case OP_DROP_COLUMN:
		table_item(&sb, &op->target, "DROP COLUMN", op->column, NULL);
		break;
	case OP_RENAME_COLUMN:
		table_item(&sb, &op->target, "RENAME COLUMN", op->column,
		           op->new_name);
		break;
	case OP_SET_NOT_NULL:
	case OP_DROP_NOT_NULL:
		alter_column(&sb, &op->target, op->column);
		strbuf_puts(&sb, op->kind == OP_SET_NOT_NULL
		                     ? "SET NOT NULL;"
		                     : "DROP NOT NULL;");
		break;
	case OP_SET_DEFAULT:
		alter_column(&sb, &op->target, op->column);
		strbuf_puts(&sb, "SET DEFAULT ");
		put_expr(&sb, op->expr);
		strbuf_putc(&sb, ';');
		break;
	case OP_DROP_DEFAULT:
		alter_column(&sb, &op->target, op->column);
		strbuf_puts(&sb, "DROP DEFAULT;");
		break;
	case OP_SET_COMMENT:
	case OP_COMMENT_COLUMN:
	case OP_COMMENT_TABLE:
		comment_on(c, op);
		break;
	case OP_ADD_CONSTRAINT:
		if ((t = find_table(c, &op->target)) && t->ncons > ncons_before)
			emit_add_constraint(s, t, t->cons[t->ncons - 1], &sb);
		push_each(c, &sb);
		break;
	case OP_DROP_CONSTRAINT:
		table_item(&sb, &op->target, "DROP CONSTRAINT", op->name, NULL);
		break;
	case OP_RENAME_CONSTRAINT:
		table_item(&sb, &op->target, "RENAME CONSTRAINT", op->name,
		           op->new_name);
		break;
	case OP_CREATE_INDEX:
		if ((t = find_table(c, &op->target)) && t->nindexes > 0)
			emit_create_index(s, &t->name,
			                  t->indexes[t->nindexes - 1], &sb);
		push_each(c, &sb);
		break;
	case OP_DROP_INDEX:
		strbuf_puts(&sb, "DROP INDEX ");
		emit_qname(&sb, &op->target);
		strbuf_putc(&sb, ';');
		break;
	case OP_RENAME_INDEX: {
		struct qname q = {.schema = op->target.schema,
		                  .name = op->new_name};
		struct index *ix = find_index(c, &q, &t);
		if (!pg) { /* SQLite has no ALTER INDEX: made again */
			if (ix)
				emit_create_index(s, &t->name, ix, &sb);
			push_each(c, &sb);
			break;
		}
		strbuf_puts(&sb, "ALTER INDEX ");
		emit_qname(&sb, &op->target);
		strbuf_puts(&sb, " RENAME TO ");
		emit_ident(&sb, op->new_name);
		strbuf_putc(&sb, ';');
		break;
	}
	case OP_CREATE_ENUM:
		if (pg)
			emit_create_enum(s, op->edef, &sb);
		push_each(c, &sb);
		break;
	case OP_ADD_ENUM_VALUE:
		strbuf_puts(&sb, "ALTER TYPE ");
		emit_qname(&sb, &op->target);
		/* IF NOT EXISTS: the statement is committed on its own, so
		 * a migration that fails after it and runs again repeats it */
		strbuf_puts(&sb, " ADD VALUE IF NOT EXISTS ");
		emit_string(&sb, op->value);
		if (op->position != ENUM_AT_END) {
			strbuf_puts(&sb, op->position == ENUM_BEFORE
			                     ? " BEFORE "
			                     : " AFTER ");
			emit_string(&sb, op->anchor);
		}
		strbuf_putc(&sb, ';');
		push(c, &sb, STMT_OWN_COMMIT);
		break;
	case OP_RENAME_ENUM_VALUE:
		strbuf_puts(&sb, "ALTER TYPE ");
		emit_qname(&sb, &op->target);
		strbuf_puts(&sb, " RENAME VALUE ");
		emit_string(&sb, op->value);
		strbuf_puts(&sb, " TO ");
		emit_string(&sb, op->new_value);
		strbuf_putc(&sb, ';');
		break;
	case OP_RENAME_ENUM:
		if (!pg)
			break;
		strbuf_puts(&sb, "ALTER TYPE ");
		emit_qname(&sb, &op->target);
		strbuf_puts(&sb, " RENAME TO ");
		emit_ident(&sb, op->new_name);
		strbuf_putc(&sb, ';');
		break;
	case OP_DROP_ENUM:
		if (!pg)
			break;
		strbuf_puts(&sb, "DROP TYPE ");
		emit_qname(&sb, &op->target);
		strbuf_putc(&sb, ';');
		break;
	case OP_CREATE_VIEW:
		emit_create_view(s, op->vdef, &sb);
		push_each(c, &sb);
		break;
	case OP_DROP_VIEW:
		strbuf_puts(&sb, "DROP VIEW ");
		emit_qname(&sb, &op->target);
		strbuf_putc(&sb, ';');
		break;
	case OP_EXECUTE:
		if (op->dialect &&
		    strcmp(op->dialect, dialect_name(s->dialect)))
			break;
		strbuf_puts(&sb, op->text);
		/* a body written without its final ';' still ends there */
		if (sb.len && sb.buf[sb.len - 1] != ';')
			strbuf_putc(&sb, ';');
		break;
	case OP_ALTER_TYPE:
	case OP_SET_IDENTITY:
	case OP_DROP_IDENTITY:
	case OP_SET_AUTOINCREMENT:
	case OP_DROP_AUTOINCREMENT:
	case OP_WARNING:
		break;
	}
	if (sb.len)
		push(c, &sb, 0);
	strbuf_free(&sb);
	return rc;
}

/* The name of the schema an op brings an object into, or NULL. */
static const char *new_object_schema(const struct op *op)
{
	switch (op->kind) {
	case OP_CREATE_TABLE:
		return op->tdef->name.schema;
	case OP_CREATE_ENUM:
		return op->edef->name.schema;
	case OP_CREATE_VIEW:
		return op->vdef->name.schema;
	default:
		return NULL;
	}
}

static void warning_note(struct compiler *c, const struct op *op)
{
	struct strbuf sb = STRBUF_INIT;
	strbuf_puts(&sb, "-- warning: ");
	for (const char *p = op->text; *p; p++)
		strbuf_putc(&sb, *p == '\n' ? ' ' : *p);
	push(c, &sb, STMT_NOTE);
	strbuf_free(&sb);
}

/* The ops that are only a change of the model on SQLite: no SQL. */
static bool sqlite_silent(const struct op *op)
{
	switch (op->kind) {
	case OP_CREATE_ENUM:
	case OP_DROP_ENUM:
	case OP_SET_COMMENT:
	case OP_COMMENT_COLUMN:
	case OP_COMMENT_TABLE:
	case OP_WARNING:
		return true;
	case OP_EXECUTE:
		return op->dialect && strcmp(op->dialect, "sqlite");
	default:
		return false;
	}
}

/* Whether op is an enum op on the type named q, or makes a type of
 * that name (a rename to it). */
static bool enum_op_on(const struct op *op, const struct qname *q)
{
	switch (op->kind) {
	case OP_CREATE_ENUM:
		return same_schema(op->edef->name.schema, q->schema) &&
		       !strcmp(op->edef->name.name, q->name);
	case OP_RENAME_ENUM:
		if (same_schema(op->target.schema, q->schema) &&
		    !strcmp(op->new_name, q->name))
			return true;
		/* fall through */
	case OP_ADD_ENUM_VALUE:
	case OP_RENAME_ENUM_VALUE:
	case OP_DROP_ENUM:
		return same_schema(op->target.schema, q->schema) &&
		       !strcmp(op->target.name, q->name);
	default:
		return false;
	}
}

/*
 * Moves each own-commit statement (ADD VALUE) to the front of the
 * script, ahead of every statement of the migration's transaction,
 * unless an op before it changes its enum in another way (then it must
 * stay where it is).  The statements before an own commit are committed
 * with it, so a failure later would leave them done and the version
 * table behind; at the front, only the added values can be left over,
 * and the runner recognises that state and runs the migration again
 * (the values are added IF NOT EXISTS).
 */
static void hoist_own_commits(struct compiled *out, struct op *const *ops)
{
	int front = 0;
	for (int i = 0; i < out->n; i++) {
		struct stmt st = out->v[i];
		if (!(st.flags & STMT_OWN_COMMIT))
			continue;
		bool free_to_move = true;
		for (int k = 0; k < st.op && free_to_move; k++)
			free_to_move = ops[k]->kind == OP_ADD_ENUM_VALUE ||
			               !enum_op_on(ops[k], &ops[st.op]->target);
		if (!free_to_move)
			continue;
		memmove(&out->v[front + 1], &out->v[front],
		        sizeof st * (size_t)(i - front));
		out->v[front++] = st;
	}
}

int compile_ops(struct session *s, struct schema *state, struct op *const *ops,
                int nops, const struct table_trigger *triggers, int ntriggers,
                struct compiled *out)
{
	struct compiler c = {.s = s,
	                     .st = state,
	                     .out = out,
	                     .ops = ops,
	                     .nops = nops,
	                     .triggers = triggers,
	                     .ntriggers = ntriggers};
	c.sim = simulator_new(s, state);
	out->dialect = s->dialect;
	bool sqlite = s->dialect == DIALECT_SQLITE;
	int rc = 0;
	for (int i = 0; i < nops; i++) {
		const struct op *op = ops[i];
		c.op = i;
		if (op->kind == OP_WARNING) {
			warning_note(&c, op);
			continue;
		}
		bool pended = false;
		if (sqlite && !sqlite_silent(op) &&
		    !(pended = sqlite_pends(&c, op)) && flush(&c) < 0)
			rc = -1;
		const char *sch = new_object_schema(op);
		if (sch)
			need_schema(&c, sch);
		before(&c, op);
		struct table *t = find_table(&c, &op->target);
		int ncons = t ? t->ncons : 0;
		if (simulator_apply(c.sim, op) < 0) {
			rc = -1;
			continue;
		}
		if (!pended && (!sqlite || !sqlite_silent(op)) &&
		    after(&c, op, ncons) < 0)
			rc = -1;
		if (sqlite && op->kind == OP_RENAME_TABLE)
			pend_renamed(&c, op);
	}
	if (flush(&c) < 0)
		rc = -1;
	hoist_own_commits(out, ops);
	return rc;
}

/* ---- triggers ---------------------------------------------------------- */

int compile_read_triggers(struct session *s, struct db *db,
                          struct table_trigger **out, int *nout)
{
	*out = NULL;
	*nout = 0;
	sqlite3 *h = db_sqlite(db);
	if (!h)
		return 0;
	sqlite3_stmt *st;
	const char *q = "SELECT tbl_name, sql FROM sqlite_schema "
	                "WHERE type = 'trigger' AND sql IS NOT NULL "
	                "ORDER BY name";
	if (sqlite3_prepare_v2(h, q, -1, &st, NULL) != SQLITE_OK) {
		diag_global(s->diag, SEV_ERROR, "cannot read triggers: %s",
		            sqlite3_errmsg(h));
		return -1;
	}
	int cap = 0;
	while (sqlite3_step(st) == SQLITE_ROW) {
		struct table_trigger tr = {
		    arena_strdup(s->arena,
		                 (const char *)sqlite3_column_text(st, 0)),
		    arena_strdup(s->arena,
		                 (const char *)sqlite3_column_text(st, 1))};
		ARENA_PUSH(s->arena, *out, *nout, cap, tr);
	}
	sqlite3_finalize(st);
	return 0;
}

/* ---- the script -------------------------------------------------------- */

void compile_print(const struct compiled *c, struct strbuf *out)
{
	if (c->n == 0)
		return;
	bool sqlite = c->dialect == DIALECT_SQLITE;
	bool in_txn = false;
	if (sqlite && c->fk_off)
		strbuf_puts(out, "PRAGMA foreign_keys = OFF;\n");
	for (int i = 0; i < c->n; i++) {
		const struct stmt *st = &c->v[i];
		if (st->flags & STMT_OWN_COMMIT) {
			if (in_txn)
				strbuf_puts(out, "COMMIT;\n");
			in_txn = false;
		} else if (!in_txn && !(st->flags & STMT_NOTE)) {
			strbuf_puts(out, "BEGIN;\n");
			in_txn = true;
		}
		strbuf_puts(out, st->sql);
		strbuf_putc(out, '\n');
	}
	if (sqlite && c->fk_off) {
		if (!in_txn)
			strbuf_puts(out, "BEGIN;\n");
		/* the rows that break a foreign key, for the reader, then a
		 * statement that fails when there are any, so that sqlite3
		 * -bail stops before the COMMIT and nothing is changed */
		strbuf_puts(
		    out,
		    "PRAGMA foreign_key_check;\n"
		    "CREATE TEMP TABLE \"_retort_fk_check\" (n INTEGER "
		    "CONSTRAINT \"foreign_key_violations\" CHECK (n = 0));\n"
		    "INSERT INTO \"_retort_fk_check\" SELECT count(*) "
		    "FROM pragma_foreign_key_check;\n"
		    "DROP TABLE \"_retort_fk_check\";\n");
		in_txn = true;
	}
	if (in_txn)
		strbuf_puts(out, "COMMIT;\n");
	if (sqlite && c->fk_off)
		strbuf_puts(out, "PRAGMA foreign_keys = ON;\n");
}
