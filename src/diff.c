/*
 * diff.c - the differ: the ordered operations that take one portable
 * schema to another (DESIGN sections 1 and 3).  It sits after the checker
 * and the reflectors and before the script printer and the SQL compiler:
 * `retort diff` and autogenerate call it with two schemas and print (or
 * compile) what it returns.
 *
 * Comparison and construction use different copies.  Both inputs are
 * copied twice (schema_copy): one copy is sorted and kept portable (ops
 * are built from it, so a SQLite diff of an enum column still says what
 * the model says), the other is lowered to the session's dialect (lower.h)
 * and decides whether two matched objects differ, so nothing the database
 * treats as equal shows up as a change.  Objects are matched by name (and
 * by `renamed from` hints), looked up in the lowered copy under the same
 * name; a constraint or index whose meaning is unchanged but whose name
 * is new is renamed.  Enums are compared as the models write them (SQLite
 * lowering turns them into CHECKs; the op still says `alter enum`).
 *
 * Every change is a step: an up op and its inverse (the down op, built
 * from the other side's definition), each with an optional warning.  A
 * step belongs to a phase; the phases run in the order below, steps in a
 * phase in the order they were found (canonical object order, so ties are
 * broken by name).  m->up is the steps in order, m->down their inverses in
 * reverse order, which is valid because each inverse undoes its step
 * exactly at the same point of the migration.
 *
 * Not yet: enum values removed or reordered give only a warning (no op
 * removes a value; the downgrade of an added value is a warning too);
 * generated, identity, autoincrement or collation changes drop and add
 * the column again; `add column` appends, so dropping a column from the
 * middle of a table comes back at its end in the downgrade; which tables
 * a view reads is guessed from the words of its query.
 */
#include "diff.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "arena.h"
#include "depsort.h"
#include "fmt.h"
#include "lower.h"
#include "strbuf.h"

/* The phases, in migration order.  Ops of phases before P_RENAME_TABLE
 * name tables (and columns) as `from` has them, later ones as `to`. */
enum phase {
	P_DROP_VIEW,     /* changed, dropped, or over a changed table */
	P_DROP_FK,       /* foreign keys dropped or changed */
	P_DROP_TABLE,    /* children before parents (their keys may need
	                  * the unique constraints dropped next) */
	P_DROP_INDEX,    /* indexes dropped or changed */
	P_DROP_CON,      /* other constraints dropped or changed */
	P_RENAME_TABLE,  /* `renamed from` hints */
	P_RENAME_COLUMN, /* `renamed from` hints */
	P_RENAME_OBJ,    /* constraints and indexes whose name alone changed */
	P_DROP_COLUMN,   /* after what depends on the columns */
	P_CREATE_ENUM,   /* new enums and new values, before their users */
	P_ALTER_COLUMN,  /* type, default, nullability, comments */
	P_CREATE_TABLE,  /* parents before children, cyclic keys deferred */
	P_ADD_COLUMN,    /* then constraints on them */
	P_ADD_CON,       /* primary keys, unique, checks */
	P_CREATE_INDEX,  /* unique indexes before the keys that need them */
	P_ADD_FK,        /* foreign keys (and the deferred cyclic ones) */
	P_DROP_ENUM,     /* after the columns that used them */
	P_CREATE_VIEW,   /* after every table change */
	NPHASES
};

struct step {
	struct op *up, *down;
	const char *warn_up, *warn_down;
};

struct phase_steps {
	int n, cap;
	struct step *v;
};

/* A table of `to` and what it was in `from` (NULL: created). */
struct tpair {
	struct table *from, *to;   /* portable copies */
	struct table *lfrom, *lto; /* lowered copies (may be NULL) */
	bool touched;              /* anything in it changes */
	bool new_keys; /* gains a primary key, unique constraint or index */
};

struct differ {
	struct session *s;
	struct arena *a;
	struct schema *pfrom, *pto; /* portable, sorted */
	struct schema *lfrom, *lto; /* lowered */
	struct phase_steps ph[NPHASES];
	int nchanges; /* steps with an up op that is not a warning */
	int npairs;
	struct tpair *pairs;      /* one per table of `to` */
	struct table **from_pair; /* per from table: its `to` table or NULL */
	int ncreated;
	struct table **created; /* tables of `to` only */
};

/* ---- copies ------------------------------------------------------------ */

/* A deep copy (schema_copy), sorted canonically. */
static struct schema *copy_schema(struct arena *a, const struct schema *s)
{
	struct schema *n = arena_alloc(a, sizeof *n);
	memset(n, 0, sizeof *n);
	schema_copy(a, n, s);
	schema_sort(n);
	return n;
}

/* The table as an op carries it: no rename hints (they belong to the
 * models, not to the migration), without the constraints in skip. */
static struct table *op_table(struct arena *a, const struct table *t,
                              struct constraint *const *skip, int nskip)
{
	struct table *n = arena_alloc(a, sizeof *n);
	*n = *t;
	n->renamed_from = NULL;
	n->cols = arena_alloc(a, sizeof *n->cols * (size_t)(t->ncols + 1));
	for (int i = 0; i < t->ncols; i++) {
		struct column *c = arena_alloc(a, sizeof *c);
		*c = *t->cols[i];
		c->renamed_from = NULL;
		n->cols[i] = c;
	}
	n->capcols = n->ncols;
	n->cons = arena_alloc(a, sizeof *n->cons * (size_t)(t->ncons + 1));
	n->ncons = 0;
	for (int i = 0; i < t->ncons; i++) {
		bool skipped = false;
		for (int k = 0; k < nskip; k++)
			if (skip[k] == t->cons[i])
				skipped = true;
		if (!skipped)
			n->cons[n->ncons++] = t->cons[i];
	}
	n->capcons = n->ncons;
	return n;
}

static struct column *op_column(struct arena *a, const struct column *c)
{
	struct column *n = arena_alloc(a, sizeof *n);
	*n = *c;
	n->renamed_from = NULL;
	return n;
}

/* ---- steps ------------------------------------------------------------- */

static struct op *new_op(struct differ *d, enum op_kind kind,
                         const struct qname *target)
{
	struct op *op = arena_alloc(d->a, sizeof *op);
	memset(op, 0, sizeof *op);
	op->kind = kind;
	if (target) {
		op->target.schema = target->schema;
		op->target.name = target->name;
	}
	return op;
}

static struct step *add_step(struct differ *d, enum phase p, struct op *up,
                             struct op *down)
{
	struct phase_steps *ps = &d->ph[p];
	struct step st = {up, down, NULL, NULL};
	ARENA_PUSH(d->a, ps->v, ps->n, ps->cap, st);
	if (up && up->kind != OP_WARNING)
		d->nchanges++;
	return &ps->v[ps->n - 1];
}

/* A step that is only a warning (in the upgrade; NULL down). */
static void add_warning(struct differ *d, enum phase p, const char *text)
{
	add_step(d, p, NULL, NULL)->warn_up = text;
}

/* Appends a name as the language writes it (quoted when needed). */
static char *ident(struct differ *d, const char *name)
{
	struct strbuf sb = STRBUF_INIT;
	fmt_ident(&sb, name);
	char *r = arena_strdup(d->a, strbuf_str(&sb));
	strbuf_free(&sb);
	return r;
}

static char *qname_str(struct differ *d, const struct qname *q)
{
	struct strbuf sb = STRBUF_INIT;
	if (q->schema) {
		fmt_ident(&sb, q->schema);
		strbuf_putc(&sb, '.');
	}
	fmt_ident(&sb, q->name);
	char *r = arena_strdup(d->a, strbuf_str(&sb));
	strbuf_free(&sb);
	return r;
}

/* ---- lookups ----------------------------------------------------------- */

static bool same_str(const char *x, const char *y)
{
	if (!x || !y)
		return x == y;
	return !strcmp(x, y);
}

static bool same_expr(const struct expr *x, const struct expr *y)
{
	if (!x || !y)
		return x == y;
	return same_str(x->text, y->text);
}

/* The lowered copy of a table (SQLite lowering drops schema names). */
static struct table *lowered_table(struct differ *d, struct schema *l,
                                   const struct qname *q)
{
	const char *sch = d->s->dialect == DIALECT_SQLITE ? NULL : q->schema;
	return schema_find_table(l, sch, q->name);
}

/* The `to` name of a from table (itself unless renamed); NULL if the
 * table is dropped. */
static const struct qname *to_name_of(struct differ *d, const char *schema,
                                      const char *name)
{
	for (int i = 0; i < d->pfrom->ntables; i++) {
		struct table *t = d->pfrom->tables[i];
		if (same_str(t->name.schema, schema) &&
		    !strcmp(t->name.name, name))
			return d->from_pair[i] ? &d->from_pair[i]->name : NULL;
	}
	return NULL;
}

static struct tpair *pair_of_from(struct differ *d, const char *schema,
                                  const char *name)
{
	for (int i = 0; i < d->npairs; i++) {
		struct table *f = d->pairs[i].from;
		if (f && same_str(f->name.schema, schema) &&
		    !strcmp(f->name.name, name))
			return &d->pairs[i];
	}
	return NULL;
}

/* The `to` name of column col of from table t (renames followed). */
static const char *col_to_name(struct differ *d, const char *schema,
                               const char *table, const char *col)
{
	struct tpair *p = pair_of_from(d, schema, table);
	if (!p)
		return col;
	for (int i = 0; i < p->to->ncols; i++) {
		struct column *c = p->to->cols[i];
		if (c->renamed_from && !strcmp(c->renamed_from, col) &&
		    !table_find_column(p->to, col) &&
		    table_find_column(p->from, col))
			return c->name;
	}
	return col;
}

/* ---- comparison keys --------------------------------------------------- */

static void key_str(struct strbuf *sb, const char *v)
{
	strbuf_puts(sb, v ? v : "\x01");
	strbuf_putc(sb, '\x1f');
}

/* The constraint's meaning (not its name), with from-side names mapped
 * to the `to` side when map_from is set (tbl is then its from table). */
static char *con_key(struct differ *d, const struct constraint *c,
                     const struct table *tbl, bool map_from)
{
	struct strbuf sb = STRBUF_INIT;
	strbuf_printf(&sb, "%d\x1f", (int)c->kind);
	/* a check's columns are where it was written, not its meaning (the
	 * canonical JSON leaves them out too) */
	for (int i = 0; c->kind != CON_CHECK && i < c->ncols; i++)
		key_str(&sb, map_from ? col_to_name(d, tbl->name.schema,
		                                    tbl->name.name, c->cols[i])
		                      : c->cols[i]);
	strbuf_putc(&sb, '\x1e');
	key_str(&sb, c->check ? c->check->text : NULL);
	if (c->kind == CON_FOREIGN_KEY) {
		const struct qname *r = &c->ref_table;
		const char *rs = r->schema, *rn = r->name;
		if (map_from) {
			const struct qname *q = to_name_of(d, rs, rn);
			if (q) {
				rs = q->schema;
				rn = q->name;
			}
		}
		key_str(&sb, d->s->dialect == DIALECT_SQLITE ? NULL : rs);
		key_str(&sb, rn);
		for (int i = 0; i < c->nref_cols; i++)
			key_str(&sb, map_from
			                 ? col_to_name(d, r->schema, r->name,
			                               c->ref_cols[i])
			                 : c->ref_cols[i]);
		strbuf_printf(&sb, "\x1e%d %d %d %d", (int)c->on_delete,
		              (int)c->on_update, (int)c->deferrable,
		              (int)c->initially_deferred);
	}
	char *r = arena_strdup(d->a, strbuf_str(&sb));
	strbuf_free(&sb);
	return r;
}

static char *index_key(struct differ *d, const struct index *x,
                       const struct table *tbl, bool map_from)
{
	struct strbuf sb = STRBUF_INIT;
	strbuf_printf(&sb, "%d\x1f", (int)x->unique);
	for (int i = 0; i < x->nelems; i++) {
		const struct index_elem *e = &x->elems[i];
		if (e->column)
			key_str(&sb, map_from ? col_to_name(d, tbl->name.schema,
			                                    tbl->name.name,
			                                    e->column)
			                      : e->column);
		else
			key_str(&sb, e->expr ? e->expr->text : NULL);
		strbuf_printf(&sb, "%d\x1f", (int)e->desc);
	}
	strbuf_putc(&sb, '\x1e');
	key_str(&sb, x->method);
	key_str(&sb, x->where ? x->where->text : NULL);
	char *r = arena_strdup(d->a, strbuf_str(&sb));
	strbuf_free(&sb);
	return r;
}

static char *type_str(struct differ *d, const struct type *t)
{
	return type_to_string(d->a, t);
}

/* ---- type changes ------------------------------------------------------ */

static int int_rank(enum type_kind k)
{
	switch (k) {
	case TYPE_SMALLINT:
		return 1;
	case TYPE_INTEGER:
		return 2;
	case TYPE_BIGINT:
		return 3;
	default:
		return 0;
	}
}

static bool is_string(enum type_kind k)
{
	return k == TYPE_TEXT || k == TYPE_VARCHAR || k == TYPE_CHAR;
}

/* Whether PostgreSQL converts x to y without a USING clause (an implicit
 * or assignment cast, or a length change of one type). */
static bool implicit_cast(const struct type *x, const struct type *y)
{
	if (x->array_dims != y->array_dims)
		return false;
	if (x->kind == y->kind && x->kind != TYPE_ENUM &&
	    x->kind != TYPE_NATIVE && x->kind != TYPE_EXTERNAL)
		return true;
	if (int_rank(x->kind) && int_rank(y->kind))
		return true;
	if (int_rank(x->kind) &&
	    (y->kind == TYPE_NUMERIC || y->kind == TYPE_REAL ||
	     y->kind == TYPE_DOUBLE))
		return true;
	if ((x->kind == TYPE_REAL || x->kind == TYPE_DOUBLE ||
	     x->kind == TYPE_NUMERIC) &&
	    (y->kind == TYPE_REAL || y->kind == TYPE_DOUBLE ||
	     y->kind == TYPE_NUMERIC || int_rank(y->kind)))
		return true;
	/* anything converts to a string type by its output function */
	if (is_string(y->kind))
		return true;
	if ((x->kind == TYPE_TIMESTAMP || x->kind == TYPE_TIMESTAMPTZ ||
	     x->kind == TYPE_DATE) &&
	    (y->kind == TYPE_TIMESTAMP || y->kind == TYPE_TIMESTAMPTZ))
		return true;
	if (x->kind == TYPE_JSON && y->kind == TYPE_JSONB)
		return true;
	if (x->kind == TYPE_JSONB && y->kind == TYPE_JSON)
		return true;
	return false;
}

/* Why converting x to y may lose data, or NULL. */
static const char *lossy(const struct type *x, const struct type *y)
{
	if (int_rank(x->kind) && int_rank(y->kind) &&
	    int_rank(y->kind) < int_rank(x->kind))
		return "values may not fit the smaller integer type";
	if (x->kind == TYPE_DOUBLE && y->kind == TYPE_REAL)
		return "double precision values lose precision as real";
	if ((x->kind == TYPE_REAL || x->kind == TYPE_DOUBLE ||
	     x->kind == TYPE_NUMERIC) &&
	    int_rank(y->kind))
		return "fractions are rounded away";
	if (x->kind == TYPE_NUMERIC && y->kind == TYPE_NUMERIC) {
		int xp = x->nargs > 0 ? x->args[0] : 1000;
		int yp = y->nargs > 0 ? y->args[0] : 1000;
		int xs = x->nargs > 1 ? x->args[1] : 0;
		int ys = y->nargs > 1 ? y->args[1] : 0;
		if (x->nargs == 0 && y->nargs == 0)
			return NULL;
		if (yp < xp || ys < xs)
			return "values may not fit the smaller precision or "
			       "scale";
	}
	if (is_string(x->kind) &&
	    (y->kind == TYPE_VARCHAR || y->kind == TYPE_CHAR)) {
		int xl =
		    x->kind == TYPE_TEXT || x->nargs == 0 ? -1 : x->args[0];
		int yl = y->nargs == 0 ? (y->kind == TYPE_CHAR ? 1 : -1)
		                       : y->args[0];
		if (x->kind == TYPE_CHAR && x->nargs == 0)
			xl = 1;
		if (yl >= 0 && (xl < 0 || yl < xl))
			return "longer strings are truncated or rejected";
	}
	return NULL;
}

/* `alter column T.C set type Y [using (C::Y)]`. */
static struct op *set_type_op(struct differ *d, const struct qname *table,
                              const char *col, const struct type *x,
                              const struct type *y)
{
	struct op *op = new_op(d, OP_ALTER_TYPE, table);
	op->column = col;
	op->type = *y;
	if (!implicit_cast(x, y)) {
		struct expr *e = arena_alloc(d->a, sizeof *e);
		memset(e, 0, sizeof *e);
		e->text =
		    arena_printf(d->a, "%s::%s", ident(d, col), type_str(d, y));
		e->parens = true;
		op->expr = e;
	}
	return op;
}

/* ---- tables ------------------------------------------------------------ */

/* Matches the tables of `to` with those of `from`: same name first, then
 * a `renamed from` hint whose old name exists in `from` and not in `to`. */
static void match_tables(struct differ *d)
{
	struct schema *f = d->pfrom, *t = d->pto;
	d->npairs = t->ntables;
	d->pairs =
	    arena_alloc(d->a, sizeof *d->pairs * (size_t)(t->ntables + 1));
	d->from_pair =
	    arena_alloc(d->a, sizeof *d->from_pair * (size_t)(f->ntables + 1));
	for (int i = 0; i < f->ntables; i++)
		d->from_pair[i] = NULL;
	for (int i = 0; i < t->ntables; i++) {
		struct tpair *p = &d->pairs[i];
		memset(p, 0, sizeof *p);
		p->to = t->tables[i];
		for (int k = 0; k < f->ntables; k++)
			if (same_str(f->tables[k]->name.schema,
			             p->to->name.schema) &&
			    !strcmp(f->tables[k]->name.name,
			            p->to->name.name)) {
				p->from = f->tables[k];
				d->from_pair[k] = p->to;
			}
	}
	for (int i = 0; i < t->ntables; i++) {
		struct tpair *p = &d->pairs[i];
		const char *old = p->to->renamed_from;
		if (p->from || !old)
			continue;
		if (schema_find_table(t, p->to->name.schema, old))
			continue;
		for (int k = 0; k < f->ntables; k++)
			if (!d->from_pair[k] &&
			    same_str(f->tables[k]->name.schema,
			             p->to->name.schema) &&
			    !strcmp(f->tables[k]->name.name, old)) {
				p->from = f->tables[k];
				d->from_pair[k] = p->to;
			}
	}
	for (int i = 0; i < t->ntables; i++) {
		struct tpair *p = &d->pairs[i];
		p->lto = lowered_table(d, d->lto, &p->to->name);
		if (p->from)
			p->lfrom = lowered_table(d, d->lfrom, &p->from->name);
	}
}

/* Foreign keys of new tables that reference an existing table gaining a
 * key (the unique constraint they need is added after the tables are
 * created) are deferred too, to be added after it. */
static void defer_new_keys(struct differ *d, struct table **v, int n,
                           struct depsort_fk **def, int *ndef)
{
	int cap = *ndef;
	for (int i = 0; i < n; i++) {
		struct table *t = v[i];
		for (int k = 0; k < t->ncons; k++) {
			struct constraint *c = t->cons[k];
			if (c->kind != CON_FOREIGN_KEY)
				continue;
			bool gains = false;
			for (int j = 0; j < d->npairs; j++) {
				struct tpair *p = &d->pairs[j];
				if (p->from && p->new_keys &&
				    same_str(p->to->name.schema,
				             c->ref_table.schema) &&
				    !strcmp(p->to->name.name,
				            c->ref_table.name))
					gains = true;
			}
			bool already = false;
			for (int j = 0; j < *ndef; j++)
				if ((*def)[j].con == c)
					already = true;
			if (gains && !already) {
				struct depsort_fk fk = {t, c};
				ARENA_PUSH(d->a, *def, *ndef, cap, fk);
			}
		}
	}
}

/* Creates (or, with drop set, drops) a set of tables: creation order by
 * foreign keys, cycles split into create-then-add-constraint.  Dropping
 * is the inverse of creating them, run backwards. */
static int create_tables(struct differ *d, struct table **v, int n, bool drop)
{
	if (!n)
		return 0;
	struct table **order;
	struct depsort_fk *def;
	int ndef;
	if (depsort_tables(d->s, n, v, &order, &def, &ndef) < 0)
		return -1;
	if (!drop)
		defer_new_keys(d, v, n, &def, &ndef);
	struct op **creates = arena_alloc(d->a, sizeof *creates * (size_t)n);
	struct op **drops = arena_alloc(d->a, sizeof *drops * (size_t)n);
	for (int i = 0; i < n; i++) {
		struct table *t = order[i];
		struct constraint **skip =
		    arena_alloc(d->a, sizeof *skip * (size_t)(ndef + 1));
		int nskip = 0;
		for (int k = 0; k < ndef; k++)
			if (def[k].table == t)
				skip[nskip++] = def[k].con;
		struct op *c = new_op(d, OP_CREATE_TABLE, &t->name);
		c->tdef = op_table(d->a, t, skip, nskip);
		creates[i] = c;
		drops[i] = new_op(d, OP_DROP_TABLE, &t->name);
	}
	struct op **adds = arena_alloc(d->a, sizeof *adds * (size_t)(ndef + 1));
	struct op **dcons =
	    arena_alloc(d->a, sizeof *dcons * (size_t)(ndef + 1));
	for (int k = 0; k < ndef; k++) {
		struct op *a =
		    new_op(d, OP_ADD_CONSTRAINT, &def[k].table->name);
		a->con = def[k].con;
		a->name = def[k].con->name;
		adds[k] = a;
		struct op *x =
		    new_op(d, OP_DROP_CONSTRAINT, &def[k].table->name);
		x->name = def[k].con->name;
		dcons[k] = x;
	}
	if (!drop) {
		for (int i = 0; i < n; i++) {
			struct step *st =
			    add_step(d, P_CREATE_TABLE, creates[i], drops[i]);
			st->warn_down = arena_printf(
			    d->a,
			    "drop table %s: destructive, its rows are lost",
			    qname_str(d, &order[i]->name));
		}
		for (int k = 0; k < ndef; k++)
			add_step(d, P_ADD_FK, adds[k], dcons[k]);
		return 0;
	}
	for (int k = ndef - 1; k >= 0; k--)
		add_step(d, P_DROP_FK, dcons[k], adds[k]);
	for (int i = n - 1; i >= 0; i--) {
		struct step *st =
		    add_step(d, P_DROP_TABLE, drops[i], creates[i]);
		st->warn_up = arena_printf(
		    d->a, "drop table %s: destructive, its rows are lost",
		    qname_str(d, &order[i]->name));
	}
	return 0;
}

/* Same shape: the same column names and types (for a rename hint). */
static bool same_shape(struct differ *d, const struct table *x,
                       const struct table *y)
{
	if (x->ncols != y->ncols)
		return false;
	for (int i = 0; i < x->ncols; i++)
		if (strcmp(x->cols[i]->name, y->cols[i]->name) ||
		    strcmp(type_str(d, &x->cols[i]->type),
		           type_str(d, &y->cols[i]->type)))
			return false;
	return true;
}

static int diff_tables(struct differ *d)
{
	struct table **created =
	    arena_alloc(d->a, sizeof *created * (size_t)(d->npairs + 1));
	int ncreated = 0;
	for (int i = 0; i < d->npairs; i++)
		if (!d->pairs[i].from)
			created[ncreated++] = d->pairs[i].to;
	struct table **dropped = arena_alloc(
	    d->a, sizeof *dropped * (size_t)(d->pfrom->ntables + 1));
	int ndropped = 0;
	for (int i = 0; i < d->pfrom->ntables; i++)
		if (!d->from_pair[i])
			dropped[ndropped++] = d->pfrom->tables[i];
	/* a dropped and a created table of the same shape: likely a rename */
	for (int i = 0; i < ndropped; i++)
		for (int k = 0; k < ncreated; k++)
			if (same_shape(d, dropped[i], created[k]))
				add_warning(
				    d, P_DROP_TABLE,
				    arena_printf(
				        d->a,
				        "table %s is dropped and %s created "
				        "with the same columns: if it is a "
				        "rename, write `renamed from %s` "
				        "after %s in the model",
				        qname_str(d, &dropped[i]->name),
				        qname_str(d, &created[k]->name),
				        ident(d, dropped[i]->name.name),
				        qname_str(d, &created[k]->name)));
	if (create_tables(d, dropped, ndropped, true) < 0)
		return -1;
	d->created = created;
	d->ncreated = ncreated;
	for (int i = 0; i < d->npairs; i++) {
		struct tpair *p = &d->pairs[i];
		if (!p->from || !strcmp(p->from->name.name, p->to->name.name))
			continue;
		struct op *up = new_op(d, OP_RENAME_TABLE, &p->from->name);
		up->new_name = p->to->name.name;
		struct op *down = new_op(d, OP_RENAME_TABLE, &p->to->name);
		down->new_name = p->from->name.name;
		add_step(d, P_RENAME_TABLE, up, down);
		p->touched = true;
	}
	return 0;
}

/* ---- columns ----------------------------------------------------------- */

static struct column *lcol(const struct table *lt, const char *name)
{
	return lt ? table_find_column(lt, name) : NULL;
}

static void drop_column_step(struct differ *d, const struct tpair *p,
                             const struct column *fc)
{
	struct op *up = new_op(d, OP_DROP_COLUMN, &p->to->name);
	up->column = fc->name;
	struct op *down = new_op(d, OP_ADD_COLUMN, &p->to->name);
	down->column = fc->name;
	down->cdef = op_column(d->a, fc);
	struct step *st = add_step(d, P_DROP_COLUMN, up, down);
	st->warn_up = arena_printf(
	    d->a, "drop column %s.%s: destructive, its values are lost",
	    qname_str(d, &p->to->name), ident(d, fc->name));
}

static void add_column_step(struct differ *d, const struct tpair *p,
                            const struct column *tc)
{
	struct op *up = new_op(d, OP_ADD_COLUMN, &p->to->name);
	up->column = tc->name;
	up->cdef = op_column(d->a, tc);
	struct op *down = new_op(d, OP_DROP_COLUMN, &p->to->name);
	down->column = tc->name;
	struct step *st = add_step(d, P_ADD_COLUMN, up, down);
	if (tc->not_null && !tc->default_expr && !tc->generated &&
	    tc->identity == IDENTITY_NONE && !tc->autoincrement)
		st->warn_up = arena_printf(
		    d->a,
		    "add column %s.%s: not null without a default fails "
		    "when the table has rows",
		    qname_str(d, &p->to->name), ident(d, tc->name));
	st->warn_down = arena_printf(
	    d->a, "drop column %s.%s: destructive, its values are lost",
	    qname_str(d, &p->to->name), ident(d, tc->name));
}

/* Changes of one column that exists on both sides (fc in from, tc in
 * to, their lowered copies lf and lt). */
static void alter_column(struct differ *d, struct tpair *p,
                         const struct column *fc, const struct column *tc,
                         const struct column *lf, const struct column *lt)
{
	const struct qname *tn = &p->to->name;
	const char *col = tc->name;
	if (!lf || !lt) {
		lf = fc;
		lt = tc;
	}
	/* what no op alters in place: drop and add the column again */
	if (!same_expr(lf->generated, lt->generated) ||
	    lf->identity != lt->identity ||
	    lf->autoincrement != lt->autoincrement ||
	    !same_str(lf->collation, lt->collation)) {
		add_warning(d, P_DROP_COLUMN,
		            arena_printf(d->a,
		                         "column %s.%s: its generation, "
		                         "identity or collation changes, so "
		                         "it is dropped and added again",
		                         qname_str(d, tn), ident(d, col)));
		drop_column_step(d, p, fc);
		add_column_step(d, p, tc);
		p->touched = true;
		return;
	}
	char *ft = type_str(d, &lf->type), *tt = type_str(d, &lt->type);
	if (strcmp(ft, tt)) {
		struct step *st =
		    add_step(d, P_ALTER_COLUMN,
		             set_type_op(d, tn, col, &fc->type, &tc->type),
		             set_type_op(d, tn, col, &tc->type, &fc->type));
		const char *why = lossy(&fc->type, &tc->type);
		if (why)
			st->warn_up = arena_printf(
			    d->a, "alter column %s.%s set type %s: %s",
			    qname_str(d, tn), ident(d, col),
			    type_str(d, &tc->type), why);
		why = lossy(&tc->type, &fc->type);
		if (why)
			st->warn_down = arena_printf(
			    d->a, "alter column %s.%s set type %s: %s",
			    qname_str(d, tn), ident(d, col),
			    type_str(d, &fc->type), why);
		p->touched = true;
	}
	if (!same_expr(lf->default_expr, lt->default_expr)) {
		struct op *up, *down;
		if (tc->default_expr) {
			up = new_op(d, OP_SET_DEFAULT, tn);
			up->expr = tc->default_expr;
		} else {
			up = new_op(d, OP_DROP_DEFAULT, tn);
		}
		if (fc->default_expr) {
			down = new_op(d, OP_SET_DEFAULT, tn);
			down->expr = fc->default_expr;
		} else {
			down = new_op(d, OP_DROP_DEFAULT, tn);
		}
		up->column = down->column = col;
		add_step(d, P_ALTER_COLUMN, up, down);
	}
	if (lf->not_null != lt->not_null) {
		struct op *up = new_op(
		    d, lt->not_null ? OP_SET_NOT_NULL : OP_DROP_NOT_NULL, tn);
		struct op *down = new_op(
		    d, lt->not_null ? OP_DROP_NOT_NULL : OP_SET_NOT_NULL, tn);
		up->column = down->column = col;
		struct step *st = add_step(d, P_ALTER_COLUMN, up, down);
		if (lt->not_null && !tc->default_expr)
			st->warn_up = arena_printf(
			    d->a,
			    "alter column %s.%s set not null: fails if "
			    "existing rows hold null (the column has no "
			    "default)",
			    qname_str(d, tn), ident(d, col));
		p->touched = true;
	}
	if (!same_str(lf->comment, lt->comment)) {
		struct op *up = new_op(d, OP_COMMENT_COLUMN, tn);
		struct op *down = new_op(d, OP_COMMENT_COLUMN, tn);
		up->column = down->column = col;
		up->text = tc->comment;
		down->text = fc->comment;
		add_step(d, P_ALTER_COLUMN, up, down);
	}
}

static void diff_columns(struct differ *d, struct tpair *p)
{
	struct table *f = p->from, *t = p->to;
	bool *used = arena_alloc(d->a, sizeof *used * (size_t)(f->ncols + 1));
	struct column **match =
	    arena_alloc(d->a, sizeof *match * (size_t)(t->ncols + 1));
	for (int i = 0; i < f->ncols; i++)
		used[i] = false;
	for (int i = 0; i < t->ncols; i++) {
		match[i] = NULL;
		for (int k = 0; k < f->ncols; k++)
			if (!strcmp(f->cols[k]->name, t->cols[i]->name)) {
				match[i] = f->cols[k];
				used[k] = true;
			}
	}
	for (int i = 0; i < t->ncols; i++) {
		const char *old = t->cols[i]->renamed_from;
		if (match[i] || !old || table_find_column(t, old))
			continue;
		for (int k = 0; k < f->ncols; k++)
			if (!used[k] && !strcmp(f->cols[k]->name, old)) {
				match[i] = f->cols[k];
				used[k] = true;
				struct op *up =
				    new_op(d, OP_RENAME_COLUMN, &t->name);
				up->column = old;
				up->new_name = t->cols[i]->name;
				struct op *down =
				    new_op(d, OP_RENAME_COLUMN, &t->name);
				down->column = t->cols[i]->name;
				down->new_name = old;
				add_step(d, P_RENAME_COLUMN, up, down);
				p->touched = true;
			}
	}
	/* a dropped and an added column of one type: likely a rename */
	for (int k = 0; k < f->ncols; k++) {
		if (used[k])
			continue;
		for (int i = 0; i < t->ncols; i++) {
			if (match[i] || strcmp(type_str(d, &f->cols[k]->type),
			                       type_str(d, &t->cols[i]->type)))
				continue;
			add_warning(
			    d, P_DROP_COLUMN,
			    arena_printf(
			        d->a,
			        "column %s.%s is dropped and %s added with "
			        "the same type: if it is a rename, write "
			        "`renamed from %s` after %s in the model",
			        qname_str(d, &t->name),
			        ident(d, f->cols[k]->name),
			        ident(d, t->cols[i]->name),
			        ident(d, f->cols[k]->name),
			        ident(d, t->cols[i]->name)));
		}
	}
	for (int k = 0; k < f->ncols; k++)
		if (!used[k]) {
			drop_column_step(d, p, f->cols[k]);
			p->touched = true;
		}
	for (int i = 0; i < t->ncols; i++) {
		if (!match[i]) {
			add_column_step(d, p, t->cols[i]);
			p->touched = true;
			continue;
		}
		alter_column(d, p, match[i], t->cols[i],
		             lcol(p->lfrom, match[i]->name),
		             lcol(p->lto, t->cols[i]->name));
	}
}

/* ---- constraints and indexes ------------------------------------------- */

static struct constraint *lcon(const struct table *lt, const char *name)
{
	return lt && name ? table_find_constraint(lt, name) : NULL;
}

static struct index *lidx(const struct table *lt, const char *name)
{
	return lt && name ? table_find_index(lt, name) : NULL;
}

static void con_steps(struct differ *d, struct tpair *p, struct constraint *fc,
                      struct constraint *tc)
{
	if (fc) {
		struct op *up = new_op(d, OP_DROP_CONSTRAINT, &p->from->name);
		up->name = fc->name;
		struct op *down = new_op(d, OP_ADD_CONSTRAINT, &p->from->name);
		down->con = fc;
		down->name = fc->name;
		add_step(d,
		         fc->kind == CON_FOREIGN_KEY ? P_DROP_FK : P_DROP_CON,
		         up, down);
	}
	if (tc) {
		struct op *up = new_op(d, OP_ADD_CONSTRAINT, &p->to->name);
		up->con = tc;
		up->name = tc->name;
		struct op *down = new_op(d, OP_DROP_CONSTRAINT, &p->to->name);
		down->name = tc->name;
		add_step(d, tc->kind == CON_FOREIGN_KEY ? P_ADD_FK : P_ADD_CON,
		         up, down);
		if (tc->kind == CON_PRIMARY_KEY || tc->kind == CON_UNIQUE)
			p->new_keys = true;
	}
}

static void diff_constraints(struct differ *d, struct tpair *p)
{
	struct table *f = p->from, *t = p->to;
	bool *used = arena_alloc(d->a, sizeof *used * (size_t)(f->ncons + 1));
	char **fkeys =
	    arena_alloc(d->a, sizeof *fkeys * (size_t)(f->ncons + 1));
	for (int k = 0; k < f->ncons; k++) {
		struct constraint *l = lcon(p->lfrom, f->cons[k]->name);
		used[k] = false;
		fkeys[k] = con_key(d, l ? l : f->cons[k], f, true);
	}
	struct constraint **pending =
	    arena_alloc(d->a, sizeof *pending * (size_t)(t->ncons + 1));
	int npending = 0;
	for (int i = 0; i < t->ncons; i++) {
		struct constraint *tc = t->cons[i];
		struct constraint *l = lcon(p->lto, tc->name);
		char *key = con_key(d, l ? l : tc, t, false);
		int same = -1;
		for (int k = 0; k < f->ncons; k++)
			if (same_str(f->cons[k]->name, tc->name))
				same = k;
		if (same >= 0) {
			used[same] = true;
			if (strcmp(fkeys[same], key)) {
				con_steps(d, p, f->cons[same], tc);
				p->touched = true;
			}
			continue;
		}
		pending[npending++] = tc;
	}
	/* a new name for an unchanged constraint is a rename */
	for (int i = 0; i < npending; i++) {
		struct constraint *tc = pending[i];
		struct constraint *l = lcon(p->lto, tc->name);
		char *key = con_key(d, l ? l : tc, t, false);
		int k;
		for (k = 0; k < f->ncons; k++)
			if (!used[k] &&
			    !table_find_constraint(t, f->cons[k]->name) &&
			    !strcmp(fkeys[k], key))
				break;
		if (k < f->ncons) {
			used[k] = true;
			struct op *up =
			    new_op(d, OP_RENAME_CONSTRAINT, &t->name);
			up->name = f->cons[k]->name;
			up->new_name = tc->name;
			struct op *down =
			    new_op(d, OP_RENAME_CONSTRAINT, &t->name);
			down->name = tc->name;
			down->new_name = f->cons[k]->name;
			add_step(d, P_RENAME_OBJ, up, down);
		} else {
			con_steps(d, p, NULL, tc);
			p->touched = true;
		}
	}
	for (int k = 0; k < f->ncons; k++)
		if (!used[k]) {
			con_steps(d, p, f->cons[k], NULL);
			p->touched = true;
		}
}

static struct qname index_qname(const struct table *t, const char *name)
{
	struct qname q = {t->name.schema, name, {0}};
	return q;
}

static void index_steps(struct differ *d, struct tpair *p, struct index *fx,
                        struct index *tx)
{
	if (fx) {
		struct qname q = index_qname(p->from, fx->name);
		struct op *up = new_op(d, OP_DROP_INDEX, &q);
		struct op *down = new_op(d, OP_CREATE_INDEX, &p->from->name);
		struct index *x = arena_alloc(d->a, sizeof *x);
		*x = *fx;
		x->table = p->from->name;
		down->idx = x;
		down->name = x->name;
		add_step(d, P_DROP_INDEX, up, down);
	}
	if (tx) {
		struct qname q = index_qname(p->to, tx->name);
		struct op *up = new_op(d, OP_CREATE_INDEX, &p->to->name);
		struct index *x = arena_alloc(d->a, sizeof *x);
		*x = *tx;
		x->table = p->to->name;
		up->idx = x;
		up->name = x->name;
		struct op *down = new_op(d, OP_DROP_INDEX, &q);
		add_step(d, P_CREATE_INDEX, up, down);
		if (tx->unique)
			p->new_keys = true;
	}
}

static void diff_indexes(struct differ *d, struct tpair *p)
{
	struct table *f = p->from, *t = p->to;
	bool *used =
	    arena_alloc(d->a, sizeof *used * (size_t)(f->nindexes + 1));
	char **fkeys =
	    arena_alloc(d->a, sizeof *fkeys * (size_t)(f->nindexes + 1));
	for (int k = 0; k < f->nindexes; k++) {
		struct index *l = lidx(p->lfrom, f->indexes[k]->name);
		used[k] = false;
		fkeys[k] = index_key(d, l ? l : f->indexes[k], f, true);
	}
	struct index **pending =
	    arena_alloc(d->a, sizeof *pending * (size_t)(t->nindexes + 1));
	int npending = 0;
	for (int i = 0; i < t->nindexes; i++) {
		struct index *tx = t->indexes[i];
		struct index *l = lidx(p->lto, tx->name);
		char *key = index_key(d, l ? l : tx, t, false);
		int same = -1;
		for (int k = 0; k < f->nindexes; k++)
			if (same_str(f->indexes[k]->name, tx->name))
				same = k;
		if (same >= 0) {
			used[same] = true;
			if (strcmp(fkeys[same], key)) {
				index_steps(d, p, f->indexes[same], tx);
				p->touched = true;
			}
			continue;
		}
		pending[npending++] = tx;
	}
	for (int i = 0; i < npending; i++) {
		struct index *tx = pending[i];
		struct index *l = lidx(p->lto, tx->name);
		char *key = index_key(d, l ? l : tx, t, false);
		int k;
		for (k = 0; k < f->nindexes; k++)
			if (!used[k] &&
			    !table_find_index(t, f->indexes[k]->name) &&
			    !strcmp(fkeys[k], key))
				break;
		if (k < f->nindexes) {
			used[k] = true;
			struct qname oq = index_qname(t, f->indexes[k]->name);
			struct qname nq = index_qname(t, tx->name);
			struct op *up = new_op(d, OP_RENAME_INDEX, &oq);
			up->new_name = tx->name;
			struct op *down = new_op(d, OP_RENAME_INDEX, &nq);
			down->new_name = f->indexes[k]->name;
			add_step(d, P_RENAME_OBJ, up, down);
		} else {
			index_steps(d, p, NULL, tx);
		}
	}
	for (int k = 0; k < f->nindexes; k++)
		if (!used[k])
			index_steps(d, p, f->indexes[k], NULL);
}

static void diff_table_comment(struct differ *d, struct tpair *p)
{
	const char *fc = p->lfrom ? p->lfrom->comment : p->from->comment;
	const char *tc = p->lto ? p->lto->comment : p->to->comment;
	if (same_str(fc, tc))
		return;
	struct op *up = new_op(d, OP_COMMENT_TABLE, &p->to->name);
	up->text = p->to->comment;
	struct op *down = new_op(d, OP_COMMENT_TABLE, &p->to->name);
	down->text = p->from->comment;
	add_step(d, P_ALTER_COLUMN, up, down);
}

/* ---- enums ------------------------------------------------------------- */

static int value_index(const struct enum_type *e, const char *v)
{
	for (int i = 0; i < e->nvalues; i++)
		if (!strcmp(e->values[i], v))
			return i;
	return -1;
}

static void diff_enum(struct differ *d, struct enum_type *f,
                      struct enum_type *t)
{
	char *name = qname_str(d, &t->name);
	/* only additions: the old values keep their order in the new list */
	bool additions = true;
	int last = -1;
	for (int i = 0; i < f->nvalues; i++) {
		int k = value_index(t, f->values[i]);
		if (k < 0 || k < last)
			additions = false;
		last = k;
	}
	if (!additions) {
		add_warning(d, P_CREATE_ENUM,
		            arena_printf(d->a,
		                         "enum %s: values are removed or "
		                         "reordered; no operation does that "
		                         "safely, change it by hand",
		                         name));
		d->nchanges++;
		return;
	}
	for (int i = 0; i < t->nvalues; i++) {
		const char *v = t->values[i];
		if (value_index(f, v) >= 0)
			continue;
		struct op *up = new_op(d, OP_ADD_ENUM_VALUE, &t->name);
		up->value = v;
		bool old_after = false;
		for (int k = i + 1; k < t->nvalues; k++)
			if (value_index(f, t->values[k]) >= 0)
				old_after = true;
		if (!old_after) {
			up->position = ENUM_AT_END;
		} else if (i > 0) {
			up->position = ENUM_AFTER;
			up->anchor = t->values[i - 1];
		} else {
			int k = 1;
			while (value_index(f, t->values[k]) < 0)
				k++;
			up->position = ENUM_BEFORE;
			up->anchor = t->values[k];
		}
		struct op *down = new_op(d, OP_WARNING, NULL);
		down->text = arena_printf(
		    d->a,
		    "enum %s: value '%s' stays: PostgreSQL cannot drop an "
		    "enum value",
		    name, v);
		add_step(d, P_CREATE_ENUM, up, down);
	}
}

static void diff_enums(struct differ *d)
{
	struct schema *f = d->pfrom, *t = d->pto;
	for (int i = 0; i < t->nenums; i++) {
		struct enum_type *te = t->enums[i];
		struct enum_type *fe =
		    schema_find_enum(f, te->name.schema, te->name.name);
		if (fe) {
			diff_enum(d, fe, te);
			continue;
		}
		struct op *up = new_op(d, OP_CREATE_ENUM, &te->name);
		up->edef = te;
		struct op *down = new_op(d, OP_DROP_ENUM, &te->name);
		add_step(d, P_CREATE_ENUM, up, down);
	}
	for (int i = 0; i < f->nenums; i++) {
		struct enum_type *fe = f->enums[i];
		if (schema_find_enum(t, fe->name.schema, fe->name.name))
			continue;
		struct op *up = new_op(d, OP_DROP_ENUM, &fe->name);
		struct op *down = new_op(d, OP_CREATE_ENUM, &fe->name);
		down->edef = fe;
		add_step(d, P_DROP_ENUM, up, down);
	}
}

/* ---- views ------------------------------------------------------------- */

/* Whether word occurs in text as an identifier (case-insensitively, not
 * part of a longer identifier). */
static bool mentions(const char *text, const char *word)
{
	size_t n = strlen(word);
	if (!n)
		return false;
	for (const char *p = text; *p; p++) {
		if (strncasecmp(p, word, n))
			continue;
		bool before =
		    p > text && (isalnum((unsigned char)p[-1]) || p[-1] == '_');
		bool after = isalnum((unsigned char)p[n]) || p[n] == '_';
		if (!before && !after)
			return true;
	}
	return false;
}

/* Whether the view's query names a table that changes. */
static bool over_touched(struct differ *d, const struct view *v)
{
	if (!v->query || !v->query->text)
		return false;
	for (int i = 0; i < d->npairs; i++) {
		struct tpair *p = &d->pairs[i];
		if (p->from && p->touched &&
		    mentions(v->query->text, p->from->name.name))
			return true;
	}
	for (int i = 0; i < d->pfrom->ntables; i++)
		if (!d->from_pair[i] &&
		    mentions(v->query->text, d->pfrom->tables[i]->name.name))
			return true;
	return false;
}

static const char *view_text(struct schema *l, const struct view *v)
{
	struct view *lv = schema_find_view(l, v->name.schema, v->name.name);
	if (!lv)
		lv = (struct view *)v;
	return lv->query ? lv->query->text : NULL;
}

/* Views in creation order: a view naming another view comes after it. */
static int order_views(struct differ *d, struct view **v, int n, int *order)
{
	struct depsort_edge *edges =
	    arena_alloc(d->a, sizeof *edges * (size_t)(n * n + 1));
	int ne = 0;
	for (int i = 0; i < n; i++)
		for (int k = 0; k < n; k++)
			if (i != k && v[i]->query &&
			    mentions(v[i]->query->text, v[k]->name.name))
				edges[ne++] =
				    (struct depsort_edge){i, k, false};
	return depsort(d->s, n, ne, edges, NULL, order, NULL);
}

static int diff_views(struct differ *d)
{
	struct schema *f = d->pfrom, *t = d->pto;
	int nf = f->nviews, nt = t->nviews;
	struct view **drop = arena_alloc(d->a, sizeof *drop * (size_t)(nf + 1));
	struct view **make = arena_alloc(d->a, sizeof *make * (size_t)(nt + 1));
	int ndrop = 0, nmake = 0;
	for (int i = 0; i < nf; i++) {
		struct view *fv = f->views[i];
		struct view *tv =
		    schema_find_view(t, fv->name.schema, fv->name.name);
		if (!tv ||
		    !same_str(view_text(d->lfrom, fv), view_text(d->lto, tv)) ||
		    over_touched(d, fv))
			drop[ndrop++] = fv;
	}
	for (int i = 0; i < nt; i++) {
		struct view *tv = t->views[i];
		struct view *fv =
		    schema_find_view(f, tv->name.schema, tv->name.name);
		bool dropped = false;
		for (int k = 0; k < ndrop; k++)
			if (drop[k] == fv)
				dropped = true;
		if (!fv || dropped)
			make[nmake++] = tv;
	}
	int *order = arena_alloc(d->a, sizeof *order * (size_t)(nf + nt + 1));
	if (order_views(d, drop, ndrop, order) < 0)
		return -1;
	for (int i = ndrop - 1; i >= 0; i--) {
		struct view *fv = drop[order[i]];
		struct op *up = new_op(d, OP_DROP_VIEW, &fv->name);
		struct op *down = new_op(d, OP_CREATE_VIEW, &fv->name);
		down->vdef = fv;
		add_step(d, P_DROP_VIEW, up, down);
	}
	if (order_views(d, make, nmake, order) < 0)
		return -1;
	for (int i = 0; i < nmake; i++) {
		struct view *tv = make[order[i]];
		struct op *up = new_op(d, OP_CREATE_VIEW, &tv->name);
		up->vdef = tv;
		struct op *down = new_op(d, OP_DROP_VIEW, &tv->name);
		add_step(d, P_CREATE_VIEW, up, down);
	}
	return 0;
}

/* ---- assembly ---------------------------------------------------------- */

static void push_op(struct differ *d, struct op ***v, int *n, int *cap,
                    struct op *op)
{
	ARENA_PUSH(d->a, *v, *n, *cap, op);
}

static struct op *warning_op(struct differ *d, const char *text)
{
	struct op *op = new_op(d, OP_WARNING, NULL);
	op->text = text;
	return op;
}

static void assemble(struct differ *d, struct migration *m)
{
	for (int p = 0; p < NPHASES; p++)
		for (int i = 0; i < d->ph[p].n; i++) {
			struct step *st = &d->ph[p].v[i];
			if (st->warn_up)
				push_op(d, &m->up, &m->nup, &m->capup,
				        warning_op(d, st->warn_up));
			if (st->up)
				push_op(d, &m->up, &m->nup, &m->capup, st->up);
		}
	for (int p = NPHASES - 1; p >= 0; p--)
		for (int i = d->ph[p].n - 1; i >= 0; i--) {
			struct step *st = &d->ph[p].v[i];
			if (st->warn_down)
				push_op(d, &m->down, &m->ndown, &m->capdown,
				        warning_op(d, st->warn_down));
			if (st->down)
				push_op(d, &m->down, &m->ndown, &m->capdown,
				        st->down);
		}
}

int diff_schemas(struct session *s, const struct schema *from,
                 const struct schema *to, struct migration *m)
{
	struct differ d;
	memset(&d, 0, sizeof d);
	d.s = s;
	d.a = s->arena;
	d.pfrom = copy_schema(d.a, from);
	d.pto = copy_schema(d.a, to);
	d.lfrom = copy_schema(d.a, from);
	d.lto = copy_schema(d.a, to);
	lower_schema(s, d.lfrom, s->dialect);
	lower_schema(s, d.lto, s->dialect);
	match_tables(&d);
	if (diff_tables(&d) < 0)
		return -1;
	for (int i = 0; i < d.npairs; i++) {
		struct tpair *p = &d.pairs[i];
		if (!p->from)
			continue;
		diff_columns(&d, p);
		diff_constraints(&d, p);
		diff_indexes(&d, p);
		diff_table_comment(&d, p);
	}
	/* after the tables' own changes: which of them gain keys */
	if (create_tables(&d, d.created, d.ncreated, false) < 0)
		return -1;
	diff_enums(&d);
	if (diff_views(&d) < 0)
		return -1;
	assemble(&d, m);
	return d.nchanges;
}
