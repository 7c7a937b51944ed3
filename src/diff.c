/*
 * diff.c - the differ: the ordered operations that take one portable
 * schema to another (DESIGN sections 1 and 3).  It sits after the checker
 * and the reflectors and before the script printer and the SQL compiler:
 * `retort diff` and autogenerate call it with two schemas and print (or
 * compile) what it returns.
 *
 * Comparison and construction use different forms.  Each input is read
 * in canonical order (as it is when sorted, as a checked model is, else
 * a sorted schema_copy_shallow: the differ changes none of its objects)
 * and kept portable (ops are built from it, so a SQLite diff of an enum
 * column still says what the model says); a deep copy of its tables that
 * may differ is lowered to the session's dialect
 * (lower.h) and decides whether two matched objects differ, so nothing
 * the database treats as equal shows up as a change.  A table that is
 * the same on both sides (table_same) and uses no enum that changes
 * cannot differ and is neither lowered nor compared: with 5% of ten
 * thousand tables changed, that is most of the work saved.  Lookups of
 * tables by name go through hash indexes (table_index).  Objects are matched by name (and
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
 * Enums (PostgreSQL cannot drop or move a value) change by one of three
 * plans, each direction built from its own two sides: added values are
 * `alter enum add value`; values renamed in place (same length, the
 * differing ones in neither list) are `rename value`, with a warning that
 * it is a guess; anything else rebuilds the type (rename it out of the
 * way, create it again, convert the columns that keep it with a cast
 * through text, drop the old one), with a warning.  A plan's head runs
 * before the columns change (in the upgrade with the new enums, in the
 * downgrade where the upgrade drops enums) and its tail after them, so
 * columns whose type changes to or from the enum see the right one.
 * -v explains every step on its ops (op->explain) with both sides'
 * lowered values.
 *
 * A change of type or collation is `set type` (carrying the collation,
 * as PostgreSQL's SET DATA TYPE does), identity and autoincrement have
 * their own `alter column` ops, so the column keeps its values; only a
 * changed generation expression drops and adds the column again (its
 * values are computed).  Column order is not compared (README):
 * `add column` appends, so a column dropped from the middle of a table
 * comes back at its end in the downgrade.
 *
 * On PostgreSQL an index or check whose expression names a column an
 * enum rebuild converts is dropped before the rebuild and made again
 * after it (names_rebuilt_column).
 *
 * Not yet:
 * which tables a view reads is guessed from the words of its query; an
 * enum rebuild does not rewrite the values an index or check names (a
 * removed value in a predicate fails the rebuild), nor foreign keys that
 * join two of its columns.
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
	struct column **match;     /* per `to` column: the from column it
	                            * keeps (NULL: added, or added again) */
	bool same;                 /* the same on both sides: no change */
	bool touched;              /* anything in it changes */
	bool new_keys; /* gains a primary key, unique constraint or index */
};

struct differ {
	struct session *s;
	struct arena *a;
	struct schema *pfrom, *pto; /* portable, sorted */
	struct schema *lfrom, *lto; /* lowered: tables that may differ */
	struct table_index *ifrom, *ito, *ilfrom, *ilto; /* of their tables */
	struct phase_steps ph[NPHASES];
	int nchanges; /* steps with an up op that is not a warning */
	int npairs;
	struct tpair *pairs;      /* one per table of `to` */
	struct table **from_pair; /* per from table: its `to` table or NULL */
	int *pair_of;             /* per from table: its pair, or -1 */
	int ncreated;
	struct table **created; /* tables of `to` only */
	int npicked, cappicked;
	struct qname *picked; /* old names of rebuilt enums */
};

/* ---- copies ------------------------------------------------------------ */

/* The schema in canonical order, to read: itself when it is (a checked
 * model is), else a sorted copy (schema_copy_shallow). */
static struct schema *sorted(struct arena *a, const struct schema *s)
{
	if (schema_is_sorted(s))
		return (struct schema *)s; /* only read */
	struct schema *n = arena_alloc(a, sizeof *n);
	memset(n, 0, sizeof *n);
	schema_copy_shallow(a, n, s);
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

/* ---- explanations (-v) ------------------------------------------------- */

/* With -v, says on the step's ops why they are there: "subject: x -> y"
 * on the up op, "subject: y -> x" on the down op, x and y being the two
 * sides' values as the dialect stores them (NULL: absent).  Without -v
 * nothing is computed: the show_* helpers return NULL then. */
static void explain(struct differ *d, struct step *st, const char *subject,
                    const char *x, const char *y)
{
	if (!d->s->verbose)
		return;
	x = x ? x : "(none)";
	y = y ? y : "(none)";
	if (st->up)
		st->up->explain =
		    arena_printf(d->a, "%s: %s -> %s", subject, x, y);
	if (st->down)
		st->down->explain =
		    arena_printf(d->a, "%s: %s -> %s", subject, y, x);
}

/* "T.N", the subject of a column or constraint (NULL without -v). */
static const char *subject2(struct differ *d, const struct qname *t,
                            const char *name)
{
	if (!d->s->verbose)
		return NULL;
	struct strbuf sb = STRBUF_INIT;
	fmt_qname(&sb, t);
	strbuf_putc(&sb, '.');
	fmt_ident(&sb, name);
	char *r = strbuf_arena_copy(&sb, d->a);
	strbuf_free(&sb);
	return r;
}

/* -v: one property of column T.C, from x to y. */
static void explain_col(struct differ *d, struct step *st,
                        const struct qname *t, const char *col,
                        const char *what, const char *x, const char *y)
{
	if (d->s->verbose)
		explain(d, st,
		        arena_printf(d->a, "%s %s", subject2(d, t, col), what),
		        x, y);
}

static const char *show_expr(const struct expr *e)
{
	return e ? e->text : NULL;
}

static const char *show_string(struct differ *d, const char *text)
{
	if (!d->s->verbose || !text)
		return NULL;
	struct strbuf sb = STRBUF_INIT;
	fmt_string(&sb, text);
	char *r = strbuf_arena_copy(&sb, d->a);
	strbuf_free(&sb);
	return r;
}

static const char *show_con(struct differ *d, const struct table *lt,
                            const struct constraint *c)
{
	if (!d->s->verbose || !c)
		return NULL;
	const struct constraint *l =
	    lt && c->name ? table_find_constraint(lt, c->name) : NULL;
	struct constraint k = l ? *l : *c;
	struct expr e;
	k.name_written = false;
	if (k.check) {
		e = *k.check;
		e.parens = true;
		k.check = &e;
	}
	struct strbuf sb = STRBUF_INIT;
	fmt_constraint(&sb, &k);
	char *r = strbuf_arena_copy(&sb, d->a);
	strbuf_free(&sb);
	return r;
}

static const char *show_index(struct differ *d, const struct table *lt,
                              const struct index *x)
{
	if (!d->s->verbose || !x)
		return NULL;
	const struct index *l =
	    lt && x->name ? table_find_index(lt, x->name) : NULL;
	if (!l)
		l = x;
	struct strbuf sb = STRBUF_INIT;
	strbuf_puts(&sb, l->unique ? "unique index " : "index ");
	fmt_index_body(&sb, l);
	char *r = strbuf_arena_copy(&sb, d->a);
	strbuf_free(&sb);
	return r;
}

/* A column as a table item (name, type, clauses), lowered if lt has it. */
static const char *show_column(struct differ *d, const struct table *lt,
                               const struct table *t, const struct column *c)
{
	if (!d->s->verbose)
		return NULL;
	const struct column *l = lt ? table_find_column(lt, c->name) : NULL;
	struct strbuf sb = STRBUF_INIT;
	fmt_column(l ? lt : t, l ? l : c, &sb);
	char *r = strbuf_arena_copy(&sb, d->a);
	strbuf_free(&sb);
	return r;
}

/* A table as its columns and their types: "(id integer, name text)". */
static const char *show_table(struct differ *d, const struct table *lt,
                              const struct table *t)
{
	if (!d->s->verbose)
		return NULL;
	const struct table *x = lt ? lt : t;
	struct strbuf sb = STRBUF_INIT;
	strbuf_putc(&sb, '(');
	for (int i = 0; i < x->ncols; i++) {
		strbuf_puts(&sb, i ? ", " : "");
		fmt_ident(&sb, x->cols[i]->name);
		strbuf_putc(&sb, ' ');
		fmt_type(&sb, &x->cols[i]->type);
	}
	strbuf_putc(&sb, ')');
	char *r = strbuf_arena_copy(&sb, d->a);
	strbuf_free(&sb);
	return r;
}

static const char *show_values(struct differ *d, const struct enum_type *e)
{
	if (!d->s->verbose)
		return NULL;
	struct strbuf sb = STRBUF_INIT;
	strbuf_putc(&sb, '(');
	for (int i = 0; i < e->nvalues; i++) {
		strbuf_puts(&sb, i ? ", " : "");
		fmt_string(&sb, e->values[i]);
	}
	strbuf_putc(&sb, ')');
	char *r = strbuf_arena_copy(&sb, d->a);
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
	int i =
	    table_index_find(l == d->lfrom ? d->ilfrom : d->ilto, sch, q->name);
	return i < 0 ? NULL : l->tables[i];
}

/* The `to` name of a from table (itself unless renamed); NULL if the
 * table is dropped. */
static const struct qname *to_name_of(struct differ *d, const char *schema,
                                      const char *name)
{
	int i = table_index_find(d->ifrom, schema, name);
	return i >= 0 && d->from_pair[i] ? &d->from_pair[i]->name : NULL;
}

static struct tpair *pair_of_from(struct differ *d, const char *schema,
                                  const char *name)
{
	int i = table_index_find(d->ifrom, schema, name);
	return i >= 0 && d->pair_of[i] >= 0 ? &d->pairs[d->pair_of[i]] : NULL;
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

/* `alter column T.C set type` to column y's type and collation (the SQL
 * compiler adds the USING cast a change of kind needs on PostgreSQL). */
static struct op *set_type_op(struct differ *d, const struct qname *table,
                              const char *col, const struct column *y)
{
	struct op *op = new_op(d, OP_ALTER_TYPE, table);
	op->column = col;
	op->type = y->type;
	op->collation = y->collation;
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
	d->pair_of =
	    arena_alloc(d->a, sizeof *d->pair_of * (size_t)(f->ntables + 1));
	for (int i = 0; i < f->ntables; i++) {
		d->from_pair[i] = NULL;
		d->pair_of[i] = -1;
	}
	for (int i = 0; i < t->ntables; i++) {
		struct tpair *p = &d->pairs[i];
		memset(p, 0, sizeof *p);
		p->to = t->tables[i];
		int k = table_index_find(d->ifrom, p->to->name.schema,
		                         p->to->name.name);
		if (k >= 0) {
			p->from = f->tables[k];
			d->from_pair[k] = p->to;
			d->pair_of[k] = i;
		}
	}
	for (int i = 0; i < t->ntables; i++) {
		struct tpair *p = &d->pairs[i];
		const char *old = p->to->renamed_from;
		if (p->from || !old)
			continue;
		if (table_index_find(d->ito, p->to->name.schema, old) >= 0)
			continue;
		int k = table_index_find(d->ifrom, p->to->name.schema, old);
		if (k >= 0 && !d->from_pair[k]) {
			p->from = f->tables[k];
			d->from_pair[k] = p->to;
			d->pair_of[k] = i;
		}
	}
}

/* Whether column types of enum e may change meaning: e is new, dropped,
 * or has other values on the other side. */
static bool enum_changes(struct differ *d, const char *schema, const char *name)
{
	struct enum_type *f = schema_find_enum(d->pfrom, schema, name);
	struct enum_type *t = schema_find_enum(d->pto, schema, name);
	if (!f || !t || f->nvalues != t->nvalues)
		return true;
	for (int i = 0; i < f->nvalues; i++)
		if (strcmp(f->values[i], t->values[i]))
			return true;
	return false;
}

/* Marks the pairs that cannot differ: the same table on both sides
 * (so the same lowered, and every key the same) with no column of an
 * enum that changes (its SQLite CHECK, or its PostgreSQL rebuild). */
static void mark_same(struct differ *d)
{
	for (int i = 0; i < d->npairs; i++) {
		struct tpair *p = &d->pairs[i];
		if (!p->from || !table_same(p->from, p->to))
			continue;
		p->same = true;
		for (int k = 0; k < p->to->ncols && p->same; k++) {
			const struct type *ty = &p->to->cols[k]->type;
			if (ty->kind == TYPE_ENUM &&
			    enum_changes(d, ty->schema, ty->name))
				p->same = false;
		}
	}
}

/* The lowered copy of one side: its enums, views and types, and its
 * tables that are not in a pair marked same. */
static struct schema *lowered_copy(struct differ *d, const struct schema *side,
                                   bool from)
{
	struct schema sub = *side;
	sub.tables =
	    arena_alloc(d->a, sizeof *sub.tables * (size_t)(side->ntables + 1));
	sub.ntables = sub.captables = 0;
	for (int i = 0; i < side->ntables; i++) {
		int pi = from ? d->pair_of[i] : i;
		if (pi < 0 || !d->pairs[pi].same)
			sub.tables[sub.ntables++] = side->tables[i];
	}
	struct schema *l = arena_alloc(d->a, sizeof *l);
	memset(l, 0, sizeof *l);
	schema_copy(d->a, l, &sub);
	lower_schema(d->s, l, d->s->dialect);
	return l;
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
			int r = table_index_find(d->ito, c->ref_table.schema,
			                         c->ref_table.name);
			bool gains =
			    r >= 0 && d->pairs[r].from && d->pairs[r].new_keys;
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

/* -v: a table created (or dropped), l the lowered schema of its side. */
static void explain_table(struct differ *d, struct step *st, struct schema *l,
                          const struct table *t, bool dropped)
{
	if (!d->s->verbose)
		return;
	const char *v = show_table(d, lowered_table(d, l, &t->name), t);
	explain(d, st, arena_printf(d->a, "table %s", qname_str(d, &t->name)),
	        dropped ? v : NULL, dropped ? NULL : v);
}

/* -v: a constraint of table t changed from fc to tc (either NULL), both
 * looked up lowered in l (or, for a changed one, each in its side). */
static void explain_con(struct differ *d, struct step *st, struct schema *l,
                        const struct table *t, const struct constraint *fc,
                        const struct constraint *tc)
{
	if (!d->s->verbose)
		return;
	const struct constraint *c = fc ? fc : tc;
	struct table *lt = lowered_table(d, l, &t->name);
	explain(d, st, subject2(d, &t->name, c->name), show_con(d, lt, fc),
	        show_con(d, lt, tc));
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
	struct schema *l = drop ? d->lfrom : d->lto;
	if (!drop) {
		for (int i = 0; i < n; i++) {
			struct step *st =
			    add_step(d, P_CREATE_TABLE, creates[i], drops[i]);
			st->warn_down = arena_printf(
			    d->a,
			    "drop table %s: destructive, its rows are lost",
			    qname_str(d, &order[i]->name));
			explain_table(d, st, l, order[i], false);
		}
		for (int k = 0; k < ndef; k++)
			explain_con(d, add_step(d, P_ADD_FK, adds[k], dcons[k]),
			            l, def[k].table, NULL, def[k].con);
		return 0;
	}
	for (int k = ndef - 1; k >= 0; k--)
		explain_con(d, add_step(d, P_DROP_FK, dcons[k], adds[k]), l,
		            def[k].table, def[k].con, NULL);
	for (int i = n - 1; i >= 0; i--) {
		struct step *st =
		    add_step(d, P_DROP_TABLE, drops[i], creates[i]);
		st->warn_up = arena_printf(
		    d->a, "drop table %s: destructive, its rows are lost",
		    qname_str(d, &order[i]->name));
		explain_table(d, st, l, order[i], true);
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
		explain(d, add_step(d, P_RENAME_TABLE, up, down), "table name",
		        qname_str(d, &p->from->name),
		        qname_str(d, &p->to->name));
		p->touched = true;
	}
	return 0;
}

/* ---- enum changes ------------------------------------------------------ */

static int value_index(const struct enum_type *e, const char *v)
{
	for (int i = 0; i < e->nvalues; i++)
		if (!strcmp(e->values[i], v))
			return i;
	return -1;
}

/* How an enum's values go from x to y, and so the plan that does it. */
enum enum_change {
	EC_SAME,
	EC_ADDITIONS, /* y is x with values added, x's in their order */
	EC_RENAMES,   /* the same length; where they differ, neither value
	               * is in the other list: renamed in place (a guess) */
	EC_REBUILD    /* anything else: removed or reordered values */
};

static enum enum_change enum_change(const struct enum_type *x,
                                    const struct enum_type *y)
{
	bool same = x->nvalues == y->nvalues, renames = same;
	bool additions = true;
	int last = -1;
	for (int i = 0; i < x->nvalues; i++) {
		int k = value_index(y, x->values[i]);
		if (k < 0 || k < last)
			additions = false;
		last = k;
		if (!renames || !strcmp(x->values[i], y->values[i]))
			continue;
		same = false;
		if (k >= 0 || value_index(x, y->values[i]) >= 0)
			renames = false;
	}
	return same        ? EC_SAME
	       : additions ? EC_ADDITIONS
	       : renames   ? EC_RENAMES
	                   : EC_REBUILD;
}

static bool of_enum(const struct type *ty, const struct enum_type *e)
{
	return ty->kind == TYPE_ENUM && same_str(ty->schema, e->name.schema) &&
	       !strcmp(ty->name, e->name.name);
}

/* Whether a column kept from fc (from) to tc (to) is converted by the
 * rebuild of its enum, in the upgrade or (down) in the downgrade: both
 * sides have the same enum type, and its values change by a rebuild.  Its
 * default is then dropped and set by the rebuild, not by alter_column. */
static bool converted(struct differ *d, const struct column *fc,
                      const struct column *tc, bool down)
{
	const struct type *x = &fc->type, *y = &tc->type;
	if (x->kind != TYPE_ENUM || y->kind != TYPE_ENUM ||
	    !same_str(x->schema, y->schema) || strcmp(x->name, y->name) ||
	    x->array_dims != y->array_dims)
		return false;
	struct enum_type *f = schema_find_enum(d->pfrom, x->schema, x->name);
	struct enum_type *t = schema_find_enum(d->pto, y->schema, y->name);
	return f && t && enum_change(down ? t : f, down ? f : t) == EC_REBUILD;
}

/* ---- columns ----------------------------------------------------------- */

static struct column *lcol(const struct table *lt, const char *name)
{
	return lt ? table_find_column(lt, name) : NULL;
}

/* The warning of `add column` c to table t when it is not null with
 * nothing to fill existing rows, else NULL. */
static const char *not_null_warning(struct differ *d, const struct qname *t,
                                    const struct column *c)
{
	if (!c->not_null || c->default_expr || c->generated ||
	    c->identity != IDENTITY_NONE || c->autoincrement)
		return NULL;
	return arena_printf(d->a,
	                    "add column %s.%s: not null without a default "
	                    "fails when the table has rows",
	                    qname_str(d, t), ident(d, c->name));
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
	explain(d, st, subject2(d, &p->to->name, fc->name),
	        show_column(d, p->lfrom, p->from, fc), NULL);
	st->warn_up = arena_printf(
	    d->a, "drop column %s.%s: destructive, its values are lost",
	    qname_str(d, &p->to->name), ident(d, fc->name));
	st->warn_down = not_null_warning(d, &p->to->name, fc);
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
	explain(d, st, subject2(d, &p->to->name, tc->name), NULL,
	        show_column(d, p->lto, p->to, tc));
	st->warn_up = not_null_warning(d, &p->to->name, tc);
	st->warn_down = arena_printf(
	    d->a, "drop column %s.%s: destructive, its values are lost",
	    qname_str(d, &p->to->name), ident(d, tc->name));
}

/* `alter column T.C set default E`, or `drop default` for no E. */
static struct op *default_op(struct differ *d, const struct qname *table,
                             const char *col, struct expr *e)
{
	struct op *op = new_op(d, e ? OP_SET_DEFAULT : OP_DROP_DEFAULT, table);
	op->column = col;
	op->expr = e;
	return op;
}

static const char *identity_words(enum identity_kind k)
{
	return k == IDENTITY_ALWAYS       ? "generated always as identity"
	       : k == IDENTITY_BY_DEFAULT ? "generated by default as identity"
	                                  : "no identity";
}

/* The op that gives column c of table t its identity (or drops it). */
static struct op *identity_op(struct differ *d, const struct qname *t,
                              const struct column *c)
{
	struct op *op = new_op(d,
	                       c->identity != IDENTITY_NONE ? OP_SET_IDENTITY
	                                                    : OP_DROP_IDENTITY,
	                       t);
	op->column = c->name;
	op->identity = c->identity;
	return op;
}

/* A change of what numbers the column: its identity, or autoincrement
 * (serial on PostgreSQL, the rowid alias on SQLite), made in place so
 * the column keeps its values. */
static void key_clause_steps(struct differ *d, struct tpair *p,
                             const struct column *fc, const struct column *tc,
                             const struct column *lf, const struct column *lt)
{
	const struct qname *tn = &p->to->name;
	if (lf->identity != lt->identity) {
		struct step *st =
		    add_step(d, P_ALTER_COLUMN, identity_op(d, tn, tc),
		             identity_op(d, tn, fc));
		explain_col(d, st, tn, tc->name, "identity",
		            identity_words(lf->identity),
		            identity_words(lt->identity));
		p->touched = true;
	}
	if (lf->autoincrement != lt->autoincrement) {
		struct op *up =
		    new_op(d,
		           lt->autoincrement ? OP_SET_AUTOINCREMENT
		                             : OP_DROP_AUTOINCREMENT,
		           tn);
		struct op *down =
		    new_op(d,
		           lt->autoincrement ? OP_DROP_AUTOINCREMENT
		                             : OP_SET_AUTOINCREMENT,
		           tn);
		up->column = down->column = tc->name;
		explain_col(d, add_step(d, P_ALTER_COLUMN, up, down), tn,
		            tc->name, "autoincrement",
		            lf->autoincrement ? "autoincrement" : "none",
		            lt->autoincrement ? "autoincrement" : "none");
		p->touched = true;
	}
}

/* Changes of one column that exists on both sides (fc in from, tc in
 * to, their lowered copies lf and lt).  Returns false when the column is
 * dropped and added again instead. */
static bool alter_column(struct differ *d, struct tpair *p,
                         const struct column *fc, const struct column *tc,
                         const struct column *lf, const struct column *lt)
{
	const struct qname *tn = &p->to->name;
	const char *col = tc->name;
	if (!lf || !lt) {
		lf = fc;
		lt = tc;
	}
	/* what no op alters in place (PostgreSQL cannot change a stored
	 * generated column's expression): drop and add the column again;
	 * its values are computed, so none is lost */
	if (!same_expr(lf->generated, lt->generated)) {
		add_warning(d, P_DROP_COLUMN,
		            arena_printf(d->a,
		                         "column %s.%s: its generation "
		                         "changes, so it is dropped and added "
		                         "again",
		                         qname_str(d, tn), ident(d, col)));
		drop_column_step(d, p, fc);
		add_column_step(d, p, tc);
		p->touched = true;
		return false;
	}
	/* identity and autoincrement go before a default is set and after
	 * one is dropped: a column cannot have both */
	bool gains = tc->identity != IDENTITY_NONE || tc->autoincrement;
	if (!gains)
		key_clause_steps(d, p, fc, tc, lf, lt);
	char *ft = type_str(d, &lf->type), *tt = type_str(d, &lt->type);
	if (strcmp(ft, tt) || !same_str(lf->collation, lt->collation)) {
		struct step *st =
		    add_step(d, P_ALTER_COLUMN, set_type_op(d, tn, col, tc),
		             set_type_op(d, tn, col, fc));
		if (strcmp(ft, tt))
			explain_col(d, st, tn, col, "type", ft, tt);
		else
			explain_col(d, st, tn, col, "collation",
			            show_string(d, lf->collation),
			            show_string(d, lt->collation));
		const char *why = type_change_loss(&fc->type, &tc->type);
		if (why)
			st->warn_up = arena_printf(
			    d->a, "alter column %s.%s set type %s: %s",
			    qname_str(d, tn), ident(d, col),
			    type_str(d, &tc->type), why);
		why = type_change_loss(&tc->type, &fc->type);
		if (why)
			st->warn_down = arena_printf(
			    d->a, "alter column %s.%s set type %s: %s",
			    qname_str(d, tn), ident(d, col),
			    type_str(d, &fc->type), why);
		p->touched = true;
	}
	/* a column its enum's rebuild converts gets its default there */
	bool conv_up = converted(d, fc, tc, false);
	bool conv_down = converted(d, fc, tc, true);
	if (!same_expr(lf->default_expr, lt->default_expr) &&
	    !(conv_up && conv_down)) {
		struct op *up = default_op(d, tn, col, tc->default_expr);
		struct op *down = default_op(d, tn, col, fc->default_expr);
		explain_col(d,
		            add_step(d, P_ALTER_COLUMN, conv_up ? NULL : up,
		                     conv_down ? NULL : down),
		            tn, col, "default", show_expr(lf->default_expr),
		            show_expr(lt->default_expr));
	}
	/* serial and identity columns are not null as the database stores
	 * them: that alone is no change of nullability (the compiler makes
	 * the column so with its identity) */
	bool implied = fc->not_null == tc->not_null &&
	               (lf->identity != lt->identity ||
	                lf->autoincrement != lt->autoincrement);
	if (lf->not_null != lt->not_null && !implied) {
		struct op *up = new_op(
		    d, lt->not_null ? OP_SET_NOT_NULL : OP_DROP_NOT_NULL, tn);
		struct op *down = new_op(
		    d, lt->not_null ? OP_DROP_NOT_NULL : OP_SET_NOT_NULL, tn);
		up->column = down->column = col;
		struct step *st = add_step(d, P_ALTER_COLUMN, up, down);
		explain_col(d, st, tn, col, "nullability",
		            lf->not_null ? "not null" : "null",
		            lt->not_null ? "not null" : "null");
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
		explain_col(d, add_step(d, P_ALTER_COLUMN, up, down), tn, col,
		            "comment", show_string(d, lf->comment),
		            show_string(d, lt->comment));
	}
	if (gains)
		key_clause_steps(d, p, fc, tc, lf, lt);
	return true;
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
				explain_col(
				    d, add_step(d, P_RENAME_COLUMN, up, down),
				    &t->name, t->cols[i]->name, "name", old,
				    t->cols[i]->name);
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
	/* last first: the downgrade adds them back in their order */
	for (int k = f->ncols - 1; k >= 0; k--)
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
		if (!alter_column(d, p, match[i], t->cols[i],
		                  lcol(p->lfrom, match[i]->name),
		                  lcol(p->lto, t->cols[i]->name)))
			match[i] = NULL;
	}
	p->match = match;
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

static bool mentions(const char *text, const char *word);

/*
 * Whether expression e of table p (an index's predicate or expression, a
 * check) names a column whose enum is rebuilt in the upgrade (up) or the
 * downgrade (down).  PostgreSQL cannot convert such a column under it
 * (the expression's constants keep the old type: "operator does not
 * exist: e = e_old"), so the index or check is dropped before the rebuild
 * and made again after it.  SQLite rebuilds the whole table anyway.
 */
static bool names_rebuilt_column(struct differ *d, const struct tpair *p,
                                 const struct expr *e, bool up, bool down)
{
	if (d->s->dialect != DIALECT_POSTGRESQL || !e || !e->text)
		return false;
	for (int k = 0; p->from && k < p->to->ncols; k++) {
		const struct column *fc = p->match[k], *tc = p->to->cols[k];
		if (fc &&
		    ((up && converted(d, fc, tc, false)) ||
		     (down && converted(d, fc, tc, true))) &&
		    (mentions(e->text, tc->name) ||
		     mentions(e->text, fc->name)))
			return true;
	}
	return false;
}

/* names_rebuilt_column for an index's predicate and expressions. */
static bool index_over_rebuilt(struct differ *d, const struct tpair *p,
                               const struct index *x, bool up, bool down)
{
	if (names_rebuilt_column(d, p, x->where, up, down))
		return true;
	for (int i = 0; i < x->nelems; i++)
		if (names_rebuilt_column(d, p, x->elems[i].expr, up, down))
			return true;
	return false;
}

/*
 * add_step, but for an index or check over a column the downgrade's enum
 * rebuild converts (late_down): the downgrade runs its phases backwards,
 * the rebuild among the first, so its inverse op moves to where the
 * downgrade runs it before the rebuild (a drop: P_CREATE_VIEW, its first
 * phase) or after it (a create: P_DROP_VIEW, its last).
 */
static struct step *add_step_around(struct differ *d, enum phase ph,
                                    struct op *up, struct op *down,
                                    bool late_down)
{
	if (!late_down)
		return add_step(d, ph, up, down);
	struct step *st = add_step(d, ph, up, NULL);
	bool create =
	    down->kind == OP_CREATE_INDEX || down->kind == OP_ADD_CONSTRAINT;
	add_step(d, create ? P_DROP_VIEW : P_CREATE_VIEW, NULL, down);
	return st;
}

static void con_steps(struct differ *d, struct tpair *p, struct constraint *fc,
                      struct constraint *tc)
{
	const char *subject =
	    subject2(d, &p->to->name, fc ? fc->name : tc->name);
	const char *x = show_con(d, p->lfrom, fc), *y = show_con(d, p->lto, tc);
	if (fc) {
		struct op *up = new_op(d, OP_DROP_CONSTRAINT, &p->from->name);
		up->name = fc->name;
		struct op *down = new_op(d, OP_ADD_CONSTRAINT, &p->from->name);
		down->con = fc;
		down->name = fc->name;
		bool late = fc->kind == CON_CHECK &&
		            names_rebuilt_column(d, p, fc->check, false, true);
		explain(
		    d,
		    add_step_around(
		        d, fc->kind == CON_FOREIGN_KEY ? P_DROP_FK : P_DROP_CON,
		        up, down, late),
		    subject, x, y);
	}
	if (tc) {
		struct op *up = new_op(d, OP_ADD_CONSTRAINT, &p->to->name);
		up->con = tc;
		up->name = tc->name;
		struct op *down = new_op(d, OP_DROP_CONSTRAINT, &p->to->name);
		down->name = tc->name;
		bool late = tc->kind == CON_CHECK &&
		            names_rebuilt_column(d, p, tc->check, false, true);
		explain(d,
		        add_step_around(d,
		                        tc->kind == CON_FOREIGN_KEY ? P_ADD_FK
		                                                    : P_ADD_CON,
		                        up, down, late),
		        subject, x, y);
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
			if (strcmp(fkeys[same], key) ||
			    (tc->kind == CON_CHECK &&
			     names_rebuilt_column(d, p, f->cons[same]->check,
			                          true, true))) {
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
			explain_col(d, add_step(d, P_RENAME_OBJ, up, down),
			            &t->name, f->cons[k]->name, "name",
			            f->cons[k]->name, tc->name);
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
	const char *subject =
	    d->s->verbose ? arena_printf(d->a, "index %s",
	                                 ident(d, fx ? fx->name : tx->name))
	                  : NULL;
	const char *x_ = show_index(d, p->lfrom, fx),
	           *y = show_index(d, p->lto, tx);
	if (fx) {
		struct qname q = index_qname(p->from, fx->name);
		struct op *up = new_op(d, OP_DROP_INDEX, &q);
		struct op *down = new_op(d, OP_CREATE_INDEX, &p->from->name);
		struct index *x = arena_alloc(d->a, sizeof *x);
		*x = *fx;
		x->table = p->from->name;
		down->idx = x;
		down->name = x->name;
		explain(
		    d,
		    add_step_around(d, P_DROP_INDEX, up, down,
		                    index_over_rebuilt(d, p, fx, false, true)),
		    subject, x_, y);
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
		explain(
		    d,
		    add_step_around(d, P_CREATE_INDEX, up, down,
		                    index_over_rebuilt(d, p, tx, false, true)),
		    subject, x_, y);
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
			if (strcmp(fkeys[same], key) ||
			    index_over_rebuilt(d, p, f->indexes[same], true,
			                       true)) {
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
			explain(d, add_step(d, P_RENAME_OBJ, up, down),
			        "index name", f->indexes[k]->name, tx->name);
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
	explain(d, add_step(d, P_ALTER_COLUMN, up, down),
	        d->s->verbose ? arena_printf(d->a, "table %s comment",
	                                     qname_str(d, &p->to->name))
	                      : NULL,
	        show_string(d, fc), show_string(d, tc));
}

/* ---- enums ------------------------------------------------------------- */

/* Whether a type or relation of that name exists on either side, or is
 * the old name of another rebuilt enum (PostgreSQL: a table's row type
 * shares the types' namespace). */
static bool type_name_taken(struct differ *d, const char *schema,
                            const char *name)
{
	const struct schema *side[2] = {d->pfrom, d->pto};
	for (int k = 0; k < 2; k++)
		if (schema_find_enum(side[k], schema, name) ||
		    schema_find_type(side[k], schema, name) ||
		    schema_find_table(side[k], schema, name) ||
		    schema_find_view(side[k], schema, name))
			return true;
	for (int i = 0; i < d->npicked; i++)
		if (same_str(d->picked[i].schema, schema) &&
		    !strcmp(d->picked[i].name, name))
			return true;
	return false;
}

/* The name a rebuilt enum moves to while its columns are converted:
 * E_old, else E_old2, E_old3... */
static const char *old_enum_name(struct differ *d, const struct qname *e)
{
	const char *name = arena_printf(d->a, "%s_old", e->name);
	for (int k = 2; type_name_taken(d, e->schema, name); k++)
		name = arena_printf(d->a, "%s_old%d", e->name, k);
	struct qname q = {e->schema, name, {0}};
	ARENA_PUSH(d->a, d->picked, d->npicked, d->cappicked, q);
	return name;
}

/* An enum plan: the ops before the columns change (head) and the one
 * after them (tail), with one warning. */
struct enum_plan {
	int n, cap;
	struct op **head;
	struct op *tail;
	const char *warn;
};

static void plan_push(struct differ *d, struct enum_plan *pl, struct op *op)
{
	ARENA_PUSH(d->a, pl->head, pl->n, pl->cap, op);
}

/* `alter enum E add value` for each value of y not in x, each placed
 * where y has it among the values present by then. */
static void plan_additions(struct differ *d, struct enum_plan *pl,
                           const struct enum_type *x, const struct enum_type *y)
{
	for (int i = 0; i < y->nvalues; i++) {
		const char *v = y->values[i];
		if (value_index(x, v) >= 0)
			continue;
		struct op *op = new_op(d, OP_ADD_ENUM_VALUE, &y->name);
		op->value = v;
		bool old_after = false;
		for (int k = i + 1; k < y->nvalues; k++)
			if (value_index(x, y->values[k]) >= 0)
				old_after = true;
		if (!old_after) {
			op->position = ENUM_AT_END;
		} else if (i > 0) {
			op->position = ENUM_AFTER;
			op->anchor = y->values[i - 1];
		} else {
			int k = 1;
			while (value_index(x, y->values[k]) < 0)
				k++;
			op->position = ENUM_BEFORE;
			op->anchor = y->values[k];
		}
		plan_push(d, pl, op);
	}
}

static void plan_renames(struct differ *d, struct enum_plan *pl,
                         const struct enum_type *x, const struct enum_type *y)
{
	struct strbuf sb = STRBUF_INIT;
	strbuf_printf(&sb, "enum %s: ", qname_str(d, &y->name));
	int n = 0;
	for (int i = 0; i < x->nvalues; i++) {
		if (!strcmp(x->values[i], y->values[i]))
			continue;
		struct op *op = new_op(d, OP_RENAME_ENUM_VALUE, &y->name);
		op->value = x->values[i];
		op->new_value = y->values[i];
		plan_push(d, pl, op);
		strbuf_puts(&sb, n++ ? ", " : "");
		fmt_string(&sb, x->values[i]);
		strbuf_puts(&sb, n > 1 ? " to " : " is renamed to ");
		fmt_string(&sb, y->values[i]);
	}
	strbuf_puts(&sb, " (a guess from the values' positions: if values "
	                 "are dropped and others added instead, edit this)");
	pl->warn = strbuf_arena_copy(&sb, d->a);
	strbuf_free(&sb);
}

/* `alter column T.C set type E using ("C"::text::"E")` for a column going
 * from x to y (its name is y's, the `to` side's, in both directions: the
 * rebuild runs after the renames, and its inverse before them), the
 * default in place (x's) dropped first, y's set after: PostgreSQL cannot
 * cast a default of the old type. */
static void plan_convert(struct differ *d, struct enum_plan *pl,
                         const struct qname *table, const char *col,
                         const struct column *x, const struct column *y)
{
	if (x->default_expr) {
		struct op *op = new_op(d, OP_DROP_DEFAULT, table);
		op->column = col;
		plan_push(d, pl, op);
	}
	struct op *op = new_op(d, OP_ALTER_TYPE, table);
	op->column = col;
	op->type = y->type;
	op->collation = y->collation;
	/* the expression is SQL: its names are always quoted, as the
	 * model language's rules do not know SQL's reserved words */
	struct strbuf sb = STRBUF_INIT, dims = STRBUF_INIT;
	for (int i = 0; i < y->type.array_dims; i++)
		strbuf_puts(&dims, "[]");
	strbuf_quoted(&sb, col, '"');
	strbuf_printf(&sb, "::text%s::", strbuf_str(&dims));
	if (y->type.schema) {
		strbuf_quoted(&sb, y->type.schema, '"');
		strbuf_putc(&sb, '.');
	}
	strbuf_quoted(&sb, y->type.name, '"');
	strbuf_puts(&sb, strbuf_str(&dims));
	strbuf_free(&dims);
	struct expr *e = arena_alloc(d->a, sizeof *e);
	memset(e, 0, sizeof *e);
	e->text = strbuf_arena_copy(&sb, d->a);
	e->parens = true;
	strbuf_free(&sb);
	op->expr = e;
	plan_push(d, pl, op);
	if (y->default_expr) {
		op = new_op(d, OP_SET_DEFAULT, table);
		op->column = col;
		op->expr = y->default_expr;
		plan_push(d, pl, op);
	}
}

/* Rename the enum out of the way, create it with y's values, convert
 * the columns that keep the type, drop the old one (the tail, after the
 * columns whose type changes away from it). */
static void plan_rebuild(struct differ *d, struct enum_plan *pl,
                         const struct enum_type *x, const struct enum_type *y,
                         const char *old, bool down)
{
	struct op *op = new_op(d, OP_RENAME_ENUM, &y->name);
	op->new_name = old;
	plan_push(d, pl, op);
	op = new_op(d, OP_CREATE_ENUM, &y->name);
	op->edef = (struct enum_type *)y;
	plan_push(d, pl, op);
	for (int i = 0; i < d->npairs; i++) {
		struct tpair *p = &d->pairs[i];
		for (int k = 0; p->from && !p->same && k < p->to->ncols; k++) {
			struct column *fc = p->match[k], *tc = p->to->cols[k];
			if (!fc || !of_enum(&tc->type, y) ||
			    !converted(d, fc, tc, down))
				continue;
			plan_convert(d, pl, &p->to->name, tc->name,
			             down ? tc : fc, down ? fc : tc);
			p->touched = true;
		}
	}
	struct qname q = {y->name.schema, old, {0}};
	pl->tail = new_op(d, OP_DROP_ENUM, &q);
	struct strbuf sb = STRBUF_INIT;
	int n = 0;
	for (int i = 0; i < x->nvalues; i++) {
		if (value_index(y, x->values[i]) >= 0)
			continue;
		strbuf_puts(&sb, n++ ? ", " : "");
		fmt_string(&sb, x->values[i]);
	}
	const char *name = qname_str(d, &y->name);
	if (n)
		pl->warn = arena_printf(
		    d->a,
		    "enum %s: %s %s %s removed: the type is rebuilt, and rows "
		    "holding %s make the %s fail (fix them first with an "
		    "`execute`)",
		    name, n > 1 ? "values" : "value", strbuf_str(&sb),
		    n > 1 ? "are" : "is", n > 1 ? "them" : "it",
		    down ? "downgrade" : "upgrade");
	else
		pl->warn = arena_printf(
		    d->a,
		    "enum %s: values are reordered: the type is rebuilt and "
		    "its columns converted (comparisons and sorting follow "
		    "the new order)",
		    name);
	strbuf_free(&sb);
}

/* The plan from x to y, as the upgrade's steps or (down) the
 * downgrade's: the head before the columns change (upgrade: with the new
 * enums; downgrade: where the upgrade drops enums, so it runs before the
 * columns are changed back), the tail after them. */
static void enum_steps(struct differ *d, const struct enum_type *x,
                       const struct enum_type *y, const char *old, bool down)
{
	struct enum_plan pl = {0, 0, NULL, NULL, NULL};
	switch (enum_change(x, y)) {
	case EC_SAME:
		return;
	case EC_ADDITIONS:
		plan_additions(d, &pl, x, y);
		break;
	case EC_RENAMES:
		plan_renames(d, &pl, x, y);
		break;
	case EC_REBUILD:
		plan_rebuild(d, &pl, x, y, old, down);
		break;
	}
	if (d->s->verbose && pl.n)
		pl.head[0]->explain = arena_printf(
		    d->a, "enum %s: %s -> %s", qname_str(d, &y->name),
		    show_values(d, x), show_values(d, y));
	if (!down) {
		for (int i = 0; i < pl.n; i++)
			add_step(d, P_CREATE_ENUM, pl.head[i], NULL)->warn_up =
			    i ? NULL : pl.warn;
		if (pl.tail)
			add_step(d, P_DROP_ENUM, pl.tail, NULL);
		return;
	}
	if (pl.tail)
		add_step(d, P_CREATE_ENUM, NULL, pl.tail);
	for (int i = pl.n - 1; i >= 0; i--)
		add_step(d, P_DROP_ENUM, NULL, pl.head[i])->warn_down =
		    i ? NULL : pl.warn;
}

static void explain_enum(struct differ *d, struct step *st,
                         const struct enum_type *f, const struct enum_type *t)
{
	if (d->s->verbose)
		explain(d, st,
		        arena_printf(d->a, "enum %s",
		                     qname_str(d, f ? &f->name : &t->name)),
		        f ? show_values(d, f) : NULL,
		        t ? show_values(d, t) : NULL);
}

/* SQLite has no enum types, only the CHECK of each column of one: an
 * enum no column uses is not in the database (a reflected schema lacks
 * it, a model may have it), so creating or dropping it is no change. */
static bool invisible(const struct differ *d, const struct schema *sc,
                      const struct enum_type *e)
{
	if (d->s->dialect != DIALECT_SQLITE)
		return false;
	for (int i = 0; i < sc->ntables; i++) {
		const struct table *t = sc->tables[i];
		for (int k = 0; k < t->ncols; k++)
			if (of_enum(&t->cols[k]->type, e))
				return false;
	}
	return true;
}

static void diff_enums(struct differ *d)
{
	struct schema *f = d->pfrom, *t = d->pto;
	for (int i = 0; i < t->nenums; i++) {
		struct enum_type *te = t->enums[i];
		struct enum_type *fe =
		    schema_find_enum(f, te->name.schema, te->name.name);
		if (fe) {
			const char *old = NULL;
			if (enum_change(fe, te) == EC_REBUILD ||
			    enum_change(te, fe) == EC_REBUILD)
				old = old_enum_name(d, &te->name);
			enum_steps(d, fe, te, old, false);
			enum_steps(d, te, fe, old, true);
			continue;
		}
		if (invisible(d, t, te))
			continue;
		struct op *up = new_op(d, OP_CREATE_ENUM, &te->name);
		up->edef = te;
		struct op *down = new_op(d, OP_DROP_ENUM, &te->name);
		explain_enum(d, add_step(d, P_CREATE_ENUM, up, down), NULL, te);
	}
	for (int i = 0; i < f->nenums; i++) {
		struct enum_type *fe = f->enums[i];
		if (schema_find_enum(t, fe->name.schema, fe->name.name) ||
		    invisible(d, f, fe))
			continue;
		struct op *up = new_op(d, OP_DROP_ENUM, &fe->name);
		struct op *down = new_op(d, OP_CREATE_ENUM, &fe->name);
		down->edef = fe;
		explain_enum(d, add_step(d, P_DROP_ENUM, up, down), fe, NULL);
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

/* -v: the view's query on both sides; the same query means the view is
 * made again because a table it reads changes. */
static void explain_view(struct differ *d, struct step *st,
                         const struct qname *q)
{
	if (!d->s->verbose)
		return;
	struct view *fv = schema_find_view(d->pfrom, q->schema, q->name);
	struct view *tv = schema_find_view(d->pto, q->schema, q->name);
	const char *x = fv ? view_text(d->lfrom, fv) : NULL;
	const char *y = tv ? view_text(d->lto, tv) : NULL;
	explain(d, st,
	        arena_printf(d->a, "view %s%s", qname_str(d, q),
	                     x && y && !strcmp(x, y)
	                         ? " (reads a table that changes)"
	                         : ""),
	        x, y);
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
	/* and the views over those, which PostgreSQL would not let go */
	for (int k = 0; k < ndrop; k++)
		for (int i = 0; i < nf; i++) {
			struct view *fv = f->views[i];
			bool listed = false;
			for (int j = 0; j < ndrop && !listed; j++)
				listed = drop[j] == fv;
			if (!listed && fv->query &&
			    mentions(fv->query->text, drop[k]->name.name))
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
		explain_view(d, add_step(d, P_DROP_VIEW, up, down), &fv->name);
	}
	if (order_views(d, make, nmake, order) < 0)
		return -1;
	for (int i = 0; i < nmake; i++) {
		struct view *tv = make[order[i]];
		struct op *up = new_op(d, OP_CREATE_VIEW, &tv->name);
		up->vdef = tv;
		struct op *down = new_op(d, OP_DROP_VIEW, &tv->name);
		explain_view(d, add_step(d, P_CREATE_VIEW, up, down),
		             &tv->name);
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
	d.pfrom = sorted(d.a, from);
	d.pto = sorted(d.a, to);
	d.ifrom = table_index_new(d.a, d.pfrom);
	d.ito = table_index_new(d.a, d.pto);
	match_tables(&d);
	mark_same(&d);
	d.lfrom = lowered_copy(&d, d.pfrom, true);
	d.lto = lowered_copy(&d, d.pto, false);
	d.ilfrom = table_index_new(d.a, d.lfrom);
	d.ilto = table_index_new(d.a, d.lto);
	for (int i = 0; i < d.npairs; i++) {
		struct tpair *p = &d.pairs[i];
		if (p->same)
			continue;
		p->lto = lowered_table(&d, d.lto, &p->to->name);
		if (p->from)
			p->lfrom = lowered_table(&d, d.lfrom, &p->from->name);
	}
	if (diff_tables(&d) < 0)
		return -1;
	for (int i = 0; i < d.npairs; i++) {
		struct tpair *p = &d.pairs[i];
		if (!p->from || p->same)
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
