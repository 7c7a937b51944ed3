/*
 * simulate.c - the simulator: applies migration operations to a portable
 * schema in memory, as the database would apply their SQL, so that
 * replaying the history gives the schema the migrations produce with no
 * database (DESIGN §1), and `--dump=replay` can be compared with a model.
 *
 * It sits after the script parser (ops come from migration files, or
 * from the differ) and before the differ (which compares the replayed
 * schema with the models).  Objects that ops bring in (a `create table`
 * body, an added column, constraint or index, an enum, a view) are deep
 * copies (schema.c), checked by the checker's own entry points for new
 * objects (check_new_*: types resolved, foreign keys resolved, unnamed
 * objects named by the convention at the moment they are created, as a
 * database names them once), so the result compares with a checked model
 * byte for byte.
 *
 * Rules, chosen to match what PostgreSQL does without CASCADE:
 * - tables, views and indexes share one namespace per schema (on
 *   PostgreSQL primary key and unique constraints too: they create
 *   indexes of their name); enums and `type` names another;
 * - rename table keeps the names of its constraints and indexes and makes
 *   every foreign key that references it follow; rename column renames it
 *   in the table's constraints, in index elements that are that plain
 *   column, and in the referenced columns of foreign keys (in any table);
 *   expressions (checks, index expressions and predicates, defaults,
 *   views) are SQL text and are left as written;
 * - rename enum makes the columns of the type follow it, as rename table
 *   does the foreign keys;
 * - drop column also drops the constraints and indexes of that column
 *   alone (a single-column key, foreign key or index, a check naming no
 *   other column), as both databases do; a constraint or index over
 *   several columns that still uses it, or a foreign key of another table
 *   that references it, is an error.  PostgreSQL itself would drop a
 *   multi-column key or index of the same table silently, and SQLite
 *   refuses any: the simulator refuses, so a migration says which key
 *   goes (`drop constraint` first) instead of losing one by accident;
 * - drop table, drop constraint (a key that a foreign key references) and
 *   drop enum (a column of its type) are errors while something depends
 *   on them; drop not null of a primary key column is an error;
 * - a dropped primary key leaves its columns not null, as PostgreSQL does;
 * - `execute` and `warning` change nothing (DESIGN §3).
 * Every error is reported at its op (or, for what the checker finds in a
 * new object, at the object), the op is skipped and the next one applied,
 * so one run reports them all.
 *
 * Speed: a migration of a few thousand ops over a schema of ten thousand
 * tables must not scan every table per op, so the names an op looks up
 * (a table, whether a name is taken, an index, the tables whose foreign
 * keys reference a table) go through a hash index that a simulator
 * builds once over its schema and keeps up as ops change it.  And the
 * simulator never changes a column, constraint, index or enum in place:
 * it replaces it in its table (or schema) by a changed copy, so a schema
 * made by schema_copy_shallow (which shares them with its original) can be
 * simulated on without a deep copy of ten thousand tables.
 */
#include "simulate.h"

#include <stdint.h>
#include <string.h>

#include "check.h"

/* An entry of the index: the hash of a (schema, name) and what the
 * table t has by that name: its own name (SLOT_TABLE: exact, kept up by
 * create, drop and rename, and compared with t's name), an index or, on
 * PostgreSQL, a primary key or unique constraint (SLOT_RELATION), or a
 * foreign key that references the table of that name (SLOT_REFERRER).
 * The last two are candidates: they are only added, and a lookup checks
 * each against the table as it stands (still in the schema, still has
 * the object of the name looked up), so drops and renames need not find
 * and remove them, and the names need not be kept (a slot of t serves
 * every name of that hash that t has). */
enum slot_kind { SLOT_TABLE, SLOT_RELATION, SLOT_REFERRER };

struct slot {
	struct slot *next;
	struct table *t;
	uint32_t hash; /* of (schema, name, kind) */
	enum slot_kind kind;
};

struct simulator {
	struct session *s;
	struct schema *sc;
	struct slot **buckets; /* chains; nbuckets is a power of two */
	size_t nbuckets, nslots;
};

struct sim {
	struct session *s;
	struct schema *sc;
	struct simulator *x;
	const struct op *op;
	bool failed;
};

/* ---- names and messages ---- */

static const char *qdisplay(struct sim *m, const char *schema, const char *name)
{
	return schema ? arena_printf(m->s->arena, "%s.%s", schema, name) : name;
}

static const char *tdisplay(struct sim *m, const struct table *t)
{
	return qdisplay(m, t->name.schema, t->name.name);
}

/* Reports an error at the op being applied. */
#define FAIL(m, ...)                                                  \
	do {                                                          \
		diag_error((m)->s->diag, (m)->op->span, __VA_ARGS__); \
		(m)->failed = true;                                   \
	} while (0)

static bool same_schema(const char *a, const char *b)
{
	if (!a || !b)
		return a == b;
	return !strcmp(a, b);
}

static bool is_pg(const struct sim *m)
{
	return m->s->dialect == DIALECT_POSTGRESQL;
}

/* Removes v[i] from the pointer array (v, *n), keeping the order. */
static void remove_at(void **v, int *n, int i)
{
	memmove(&v[i], &v[i + 1], sizeof *v * (size_t)(*n - i - 1));
	(*n)--;
}

#define REMOVE(arr, n, i) remove_at((void **)(arr), &(n), (i))

static int index_of(void *const *v, int n, const void *x)
{
	for (int i = 0; i < n; i++)
		if (v[i] == x)
			return i;
	return -1;
}

#define INDEX_OF(arr, n, x) index_of((void *const *)(arr), (n), (x))

/* ---- the index ---- */

static uint32_t slot_hash(const char *schema, const char *name,
                          enum slot_kind kind)
{
	uint64_t h = 14695981039346656037u ^ (uint64_t)kind;
	for (const char *p = schema ? schema : ""; *p; p++)
		h = (h ^ (unsigned char)*p) * 1099511628211u;
	h = (h ^ (schema ? 1u : 2u)) * 1099511628211u;
	for (const char *p = name; *p; p++)
		h = (h ^ (unsigned char)*p) * 1099511628211u;
	return (uint32_t)(h ^ (h >> 32));
}

static bool slot_is(const struct slot *sl, uint32_t h, enum slot_kind kind)
{
	return sl->hash == h && sl->kind == kind;
}

static struct slot **chain(struct simulator *x, uint32_t h)
{
	return &x->buckets[h & (x->nbuckets - 1)];
}

/* Room for n slots: as many chains, a power of two. */
static void reserve(struct simulator *x, size_t n)
{
	if (n <= x->nbuckets)
		return;
	struct slot **old = x->buckets;
	size_t nold = x->nbuckets;
	while (x->nbuckets < n)
		x->nbuckets *= 2;
	x->buckets = arena_alloc(x->s->arena, sizeof *x->buckets * x->nbuckets);
	for (size_t i = 0; i < nold; i++)
		for (struct slot *sl = old[i], *next; sl; sl = next) {
			next = sl->next;
			struct slot **c = chain(x, sl->hash);
			sl->next = *c;
			*c = sl;
		}
}

/* Adds (schema, name) -> t unless it is there. */
static void slot_put(struct simulator *x, enum slot_kind kind,
                     const char *schema, const char *name, struct table *t)
{
	if (!name)
		return;
	uint32_t h = slot_hash(schema, name, kind);
	for (struct slot *sl = *chain(x, h); sl; sl = sl->next)
		if (sl->t == t && slot_is(sl, h, kind))
			return;
	reserve(x, x->nslots + 1);
	struct slot *sl = arena_alloc(x->s->arena, sizeof *sl);
	struct slot **c = chain(x, h);
	*sl = (struct slot){*c, t, h, kind};
	*c = sl;
	x->nslots++;
}

static void table_slot_remove(struct simulator *x, struct table *t)
{
	uint32_t h = slot_hash(t->name.schema, t->name.name, SLOT_TABLE);
	for (struct slot **p = chain(x, h); *p; p = &(*p)->next)
		if ((*p)->t == t && (*p)->kind == SLOT_TABLE) {
			*p = (*p)->next;
			return;
		}
}

struct table *simulator_table(struct simulator *x, const char *schema,
                              const char *name)
{
	uint32_t h = slot_hash(schema, name, SLOT_TABLE);
	for (struct slot *sl = *chain(x, h); sl; sl = sl->next)
		if (slot_is(sl, h, SLOT_TABLE) &&
		    same_schema(sl->t->name.schema, schema) &&
		    !strcmp(sl->t->name.name, name))
			return sl->t;
	return NULL;
}

/* Whether t is still a table of the schema. */
static bool live(struct simulator *x, const struct table *t)
{
	return simulator_table(x, t->name.schema, t->name.name) == t;
}

static bool is_key(const struct constraint *k)
{
	return k->kind == CON_PRIMARY_KEY || k->kind == CON_UNIQUE;
}

/* Indexes what constraint k of t names: a foreign key's table, a key's
 * name in PostgreSQL's relation namespace. */
static void index_constraint(struct simulator *x, struct table *t,
                             const struct constraint *k)
{
	if (k->kind == CON_FOREIGN_KEY)
		slot_put(x, SLOT_REFERRER, k->ref_table.schema,
		         k->ref_table.name, t);
	else if (is_key(k) && x->s->dialect == DIALECT_POSTGRESQL)
		slot_put(x, SLOT_RELATION, t->name.schema, k->name, t);
}

static void index_table(struct simulator *x, struct table *t)
{
	slot_put(x, SLOT_TABLE, t->name.schema, t->name.name, t);
	for (int i = 0; i < t->nindexes; i++)
		slot_put(x, SLOT_RELATION, t->name.schema, t->indexes[i]->name,
		         t);
	for (int i = 0; i < t->ncons; i++)
		index_constraint(x, t, t->cons[i]);
}

struct simulator *simulator_new(struct session *s, struct schema *schema)
{
	struct simulator *x = arena_alloc(s->arena, sizeof *x);
	memset(x, 0, sizeof *x);
	x->s = s;
	x->sc = schema;
	size_t n = 0;
	for (int i = 0; i < schema->ntables; i++)
		n += 1 + (size_t)schema->tables[i]->nindexes +
		     (size_t)schema->tables[i]->ncons;
	for (x->nbuckets = 1024; x->nbuckets < n;)
		x->nbuckets *= 2;
	x->buckets = arena_alloc(s->arena, sizeof *x->buckets * x->nbuckets);
	/* tables are in the index in reverse order, so that of two tables
	 * of one name (not in a checked schema) the first is found, as
	 * schema_find_table finds it */
	for (int i = schema->ntables - 1; i >= 0; i--)
		index_table(x, schema->tables[i]);
	return x;
}

struct index *simulator_index(struct simulator *x, const char *schema,
                              const char *name, struct table **tp)
{
	uint32_t h = slot_hash(schema, name, SLOT_RELATION);
	for (struct slot *sl = *chain(x, h); sl; sl = sl->next) {
		if (!slot_is(sl, h, SLOT_RELATION) || !live(x, sl->t))
			continue;
		struct index *ix = table_find_index(sl->t, name);
		if (ix && same_schema(sl->t->name.schema, schema)) {
			if (tp)
				*tp = sl->t;
			return ix;
		}
	}
	return NULL;
}

/* Whether a table of the schema has a primary key or unique constraint
 * named name (PostgreSQL makes an index of that name for it). */
static bool key_named(struct simulator *x, const char *schema, const char *name)
{
	uint32_t h = slot_hash(schema, name, SLOT_RELATION);
	for (struct slot *sl = *chain(x, h); sl; sl = sl->next) {
		if (!slot_is(sl, h, SLOT_RELATION) || !live(x, sl->t) ||
		    !same_schema(sl->t->name.schema, schema))
			continue;
		struct constraint *k = table_find_constraint(sl->t, name);
		if (k && is_key(k))
			return true;
	}
	return false;
}

int simulator_referrers(struct simulator *x, const struct table *t,
                        struct table ***out)
{
	int n = 0, cap = 0;
	*out = NULL;
	uint32_t h = slot_hash(t->name.schema, t->name.name, SLOT_REFERRER);
	for (struct slot *sl = *chain(x, h); sl; sl = sl->next)
		if (slot_is(sl, h, SLOT_REFERRER) && live(x, sl->t))
			ARENA_PUSH(x->s->arena, *out, n, cap, sl->t);
	return n;
}

/* Of two tables (a may be NULL), the one a scan of the schema finds
 * first: errors name the first offender, as such a scan would, while
 * lookups find offenders in no particular order. */
static struct table *first_of(struct sim *m, struct table *a, struct table *b)
{
	if (!a)
		return b;
	int ia = INDEX_OF(m->sc->tables, m->sc->ntables, a);
	return ia <= INDEX_OF(m->sc->tables, m->sc->ntables, b) ? a : b;
}

/* ---- changed copies ---- */

/* The simulator changes a column, constraint, index or enum only after
 * replacing it by a copy (file comment): these make the copy and put it
 * where the original was. */
static struct column *own_column(struct sim *m, struct table *t,
                                 struct column *c)
{
	int i = INDEX_OF(t->cols, t->ncols, c);
	return t->cols[i] = column_copy(m->s->arena, c);
}

static struct constraint *own_constraint(struct sim *m, struct table *t,
                                         struct constraint *k)
{
	int i = INDEX_OF(t->cons, t->ncons, k);
	return t->cons[i] = constraint_copy(m->s->arena, k);
}

static struct index *own_index(struct sim *m, struct table *t, struct index *ix)
{
	int i = INDEX_OF(t->indexes, t->nindexes, ix);
	return t->indexes[i] = index_copy(m->s->arena, ix);
}

static struct enum_type *own_enum(struct sim *m, struct enum_type *e)
{
	int i = INDEX_OF(m->sc->enums, m->sc->nenums, e);
	return m->sc->enums[i] = enum_copy(m->s->arena, e);
}

/* ---- the relation namespace (tables, views, indexes, pg keys) ---- */

/* What already holds name in the schema's relation namespace ("table",
 * "view", "index"), or NULL when it is free. */
static const char *relation_taken(struct sim *m, const char *schema,
                                  const char *name)
{
	if (simulator_table(m->x, schema, name))
		return "table";
	if (schema_find_view(m->sc, schema, name))
		return "view";
	if (simulator_index(m->x, schema, name, NULL))
		return "index";
	if (is_pg(m) && key_named(m->x, schema, name))
		return "index";
	return NULL;
}

/* Reports and returns false when name is taken in the schema. */
static bool relation_free(struct sim *m, const char *schema, const char *name)
{
	const char *kind = relation_taken(m, schema, name);
	if (!kind)
		return true;
	FAIL(m, "%s \"%s\" already exists", kind, qdisplay(m, schema, name));
	return false;
}

/* The names a table brings into its schema's relation namespace besides
 * its own: its indexes, and on PostgreSQL its keys. */
static bool table_names_free(struct sim *m, const struct table *t)
{
	bool ok = true;
	for (int i = 0; i < t->nindexes; i++)
		ok &= relation_free(m, t->name.schema, t->indexes[i]->name);
	for (int i = 0; i < t->ncons && is_pg(m); i++) {
		const struct constraint *k = t->cons[i];
		if (k->kind == CON_PRIMARY_KEY || k->kind == CON_UNIQUE)
			ok &= relation_free(m, t->name.schema, k->name);
	}
	return ok;
}

/* ---- lookups that report ---- */

static struct table *need_table(struct sim *m, const struct qname *q)
{
	struct table *t = simulator_table(m->x, q->schema, q->name);
	if (!t)
		FAIL(m, "table \"%s\" does not exist",
		     qdisplay(m, q->schema, q->name));
	return t;
}

static struct column *need_column(struct sim *m, struct table *t,
                                  const char *name)
{
	struct column *c = table_find_column(t, name);
	if (!c)
		FAIL(m, "column \"%s\" of table \"%s\" does not exist", name,
		     tdisplay(m, t));
	return c;
}

static struct constraint *need_constraint(struct sim *m, struct table *t,
                                          const char *name)
{
	struct constraint *k = table_find_constraint(t, name);
	if (!k)
		FAIL(m, "constraint \"%s\" of table \"%s\" does not exist",
		     name, tdisplay(m, t));
	return k;
}

static struct enum_type *need_enum(struct sim *m, const struct qname *q)
{
	struct enum_type *e = schema_find_enum(m->sc, q->schema, q->name);
	if (!e)
		FAIL(m, "enum \"%s\" does not exist",
		     qdisplay(m, q->schema, q->name));
	return e;
}

static int enum_value_index(const struct enum_type *e, const char *v)
{
	for (int i = 0; i < e->nvalues; i++)
		if (!strcmp(e->values[i], v))
			return i;
	return -1;
}

/* Whether constraint k of its table is a key that fk (of any table)
 * references: same table, same set of columns. */
static bool fk_uses_key(const struct constraint *fk, const struct table *t,
                        const struct constraint *k)
{
	if (fk->kind != CON_FOREIGN_KEY ||
	    !same_schema(fk->ref_table.schema, t->name.schema) ||
	    strcmp(fk->ref_table.name, t->name.name) ||
	    fk->nref_cols != k->ncols)
		return false;
	for (int i = 0; i < k->ncols; i++) {
		bool found = false;
		for (int j = 0; j < fk->nref_cols && !found; j++)
			found = !strcmp(k->cols[i], fk->ref_cols[j]);
		if (!found)
			return false;
	}
	return true;
}

static bool references_table(const struct constraint *k, const struct table *t)
{
	return k->kind == CON_FOREIGN_KEY &&
	       same_schema(k->ref_table.schema, t->name.schema) &&
	       !strcmp(k->ref_table.name, t->name.name);
}

/* ---- tables ---- */

static void create_table(struct sim *m)
{
	struct table *t = table_copy(m->s->arena, m->op->tdef);
	if (!relation_free(m, t->name.schema, t->name.name))
		return;
	if (check_new_table(m->s, m->sc, t) < 0) {
		m->failed = true;
		return;
	}
	if (!table_names_free(m, t))
		return;
	ARENA_PUSH(m->s->arena, m->sc->tables, m->sc->ntables, m->sc->captables,
	           t);
	index_table(m->x, t);
}

static void drop_table(struct sim *m)
{
	struct table *t = need_table(m, &m->op->target);
	if (!t)
		return;
	struct table **refs, *o = NULL;
	int nrefs = simulator_referrers(m->x, t, &refs);
	for (int i = 0; i < nrefs; i++)
		for (int j = 0; refs[i] != t && j < refs[i]->ncons; j++)
			if (references_table(refs[i]->cons[j], t))
				o = first_of(m, o, refs[i]);
	for (int j = 0; o && j < o->ncons; j++)
		if (references_table(o->cons[j], t)) {
			FAIL(m,
			     "cannot drop table \"%s\" because constraint "
			     "\"%s\" of table \"%s\" references it",
			     tdisplay(m, t), o->cons[j]->name, tdisplay(m, o));
			return;
		}
	REMOVE(m->sc->tables, m->sc->ntables,
	       INDEX_OF(m->sc->tables, m->sc->ntables, t));
	table_slot_remove(m->x, t);
}

static void rename_table(struct sim *m)
{
	struct table *t = need_table(m, &m->op->target);
	if (!t || !relation_free(m, t->name.schema, m->op->new_name))
		return;
	/* foreign keys follow the table (its own self-references too) */
	struct table **refs;
	int nrefs = simulator_referrers(m->x, t, &refs);
	for (int i = 0; i < nrefs; i++) {
		struct table *o = refs[i];
		for (int j = 0; j < o->ncons; j++)
			if (references_table(o->cons[j], t)) {
				own_constraint(m, o, o->cons[j])
				    ->ref_table.name = m->op->new_name;
				slot_put(m->x, SLOT_REFERRER, t->name.schema,
				         m->op->new_name, o);
			}
	}
	table_slot_remove(m->x, t);
	t->name.name = m->op->new_name;
	slot_put(m->x, SLOT_TABLE, t->name.schema, t->name.name, t);
}

/* ---- columns ---- */

/* check_new_constraint makes the columns of a new primary key not null:
 * they are replaced by copies first. */
static void own_key_columns(struct sim *m, struct table *t,
                            const struct constraint *k)
{
	const char *inl = k->inline_column;
	for (int i = 0; k->kind == CON_PRIMARY_KEY && i < t->ncols; i++)
		for (int j = 0; j < k->ncols || (j == 0 && inl); j++)
			if (!strcmp(t->cols[i]->name,
			            j < k->ncols ? k->cols[j] : inl)) {
				own_column(m, t, t->cols[i]);
				break;
			}
}

static void add_column(struct sim *m)
{
	const struct op *op = m->op;
	struct table *t = need_table(m, &op->target);
	if (!t)
		return;
	if (table_find_column(t, op->cdef->name)) {
		FAIL(m, "column \"%s\" of table \"%s\" already exists",
		     op->cdef->name, tdisplay(m, t));
		return;
	}
	struct arena *a = m->s->arena;
	ARENA_PUSH(a, t->cols, t->ncols, t->capcols, column_copy(a, op->cdef));
	if (check_new_column(m->s, m->sc, t, t->ncols - 1) < 0) {
		t->ncols--;
		m->failed = true;
		return;
	}
	/* the column's clauses (references, unique, check, primary key) */
	for (int i = 0; op->tdef && i < op->tdef->ncons; i++) {
		struct constraint *k = constraint_copy(a, op->tdef->cons[i]);
		own_key_columns(m, t, k);
		ARENA_PUSH(a, t->cons, t->ncons, t->capcons, k);
		if (check_new_constraint(m->s, m->sc, t, k) < 0) {
			t->ncons--;
			m->failed = true;
		} else {
			index_constraint(m->x, t, k);
		}
	}
}

/* The columns of t that expression e names, besides col: whether any. */
static bool mentions_other(struct sim *m, const struct table *t,
                           const struct expr *e, const char *col)
{
	for (int i = 0; i < t->ncols; i++)
		if (strcmp(t->cols[i]->name, col) &&
		    check_expr_mentions(m->s, e, t->cols[i]->name))
			return true;
	return false;
}

static bool names_in(int n, const char *const *v, const char *name)
{
	for (int i = 0; i < n; i++)
		if (v[i] && !strcmp(v[i], name))
			return true;
	return false;
}

/* Whether k is a foreign key that references column col of t. */
static bool fk_names(const struct constraint *k, const struct table *t,
                     const char *col)
{
	return references_table(k, t) &&
	       names_in(k->nref_cols, k->ref_cols, col);
}

/* Whether constraint k of t uses column col; *alone when col is all it
 * uses. */
static bool con_uses(struct sim *m, const struct table *t,
                     const struct constraint *k, const char *col, bool *alone)
{
	if (k->kind == CON_CHECK) {
		*alone = !mentions_other(m, t, k->check, col);
		return check_expr_mentions(m->s, k->check, col);
	}
	*alone = k->ncols == 1;
	return names_in(k->ncols, k->cols, col);
}

static bool index_uses(struct sim *m, const struct table *t,
                       const struct index *ix, const char *col, bool *alone)
{
	bool uses = check_expr_mentions(m->s, ix->where, col);
	*alone = !mentions_other(m, t, ix->where, col);
	for (int i = 0; i < ix->nelems; i++) {
		const struct index_elem *e = &ix->elems[i];
		if (e->column) {
			if (!strcmp(e->column, col))
				uses = true;
			else
				*alone = false;
		} else {
			uses |= check_expr_mentions(m->s, e->expr, col);
			*alone &= !mentions_other(m, t, e->expr, col);
		}
	}
	return uses;
}

static void drop_column(struct sim *m)
{
	struct table *t = need_table(m, &m->op->target);
	struct column *c = t ? need_column(m, t, m->op->column) : NULL;
	if (!c)
		return;
	bool alone;
	/* first everything that forbids it, then the drops */
	struct table **refs, *o = NULL;
	int nrefs = simulator_referrers(m->x, t, &refs);
	for (int i = 0; i < nrefs; i++)
		for (int j = 0; refs[i] != t && j < refs[i]->ncons; j++)
			if (fk_names(refs[i]->cons[j], t, c->name))
				o = first_of(m, o, refs[i]);
	for (int j = 0; o && j < o->ncons; j++)
		if (fk_names(o->cons[j], t, c->name)) {
			FAIL(m,
			     "cannot drop column \"%s\" of table \"%s\" "
			     "because constraint \"%s\" of table \"%s\" "
			     "references it",
			     c->name, tdisplay(m, t), o->cons[j]->name,
			     tdisplay(m, o));
			return;
		}
	for (int j = 0; j < t->ncons; j++) {
		struct constraint *k = t->cons[j];
		if (con_uses(m, t, k, c->name, &alone) && !alone) {
			FAIL(
			    m,
			    "cannot drop column \"%s\" of table \"%s\" because "
			    "constraint \"%s\" uses other columns too",
			    c->name, tdisplay(m, t), k->name);
			return;
		}
		/* a key of this column that a foreign key of this very table
		 * references goes with it only if that foreign key does too */
	}
	for (int j = 0; j < t->nindexes; j++) {
		struct index *ix = t->indexes[j];
		if (index_uses(m, t, ix, c->name, &alone) && !alone) {
			FAIL(
			    m,
			    "cannot drop column \"%s\" of table \"%s\" because "
			    "index \"%s\" uses other columns too",
			    c->name, tdisplay(m, t), ix->name);
			return;
		}
	}
	for (int j = t->ncons - 1; j >= 0; j--)
		if (con_uses(m, t, t->cons[j], c->name, &alone))
			REMOVE(t->cons, t->ncons, j);
	for (int j = t->nindexes - 1; j >= 0; j--)
		if (index_uses(m, t, t->indexes[j], c->name, &alone))
			REMOVE(t->indexes, t->nindexes, j);
	REMOVE(t->cols, t->ncols, INDEX_OF(t->cols, t->ncols, c));
}

static void rename_names(int n, const char **v, const char *old,
                         const char *new_name)
{
	for (int i = 0; i < n; i++)
		if (v[i] && !strcmp(v[i], old))
			v[i] = new_name;
}

static void rename_column(struct sim *m)
{
	const char *nn = m->op->new_name;
	struct table *t = need_table(m, &m->op->target);
	struct column *c = t ? need_column(m, t, m->op->column) : NULL;
	if (!c)
		return;
	if (table_find_column(t, nn)) {
		FAIL(m, "column \"%s\" of table \"%s\" already exists", nn,
		     tdisplay(m, t));
		return;
	}
	const char *old = c->name;
	own_column(m, t, c)->name = nn;
	for (int j = 0; j < t->ncons; j++) {
		struct constraint *k = t->cons[j];
		if (!names_in(k->ncols, k->cols, old) &&
		    !(k->inline_column && !strcmp(k->inline_column, old)))
			continue;
		k = own_constraint(m, t, k);
		rename_names(k->ncols, k->cols, old, nn);
		if (k->inline_column && !strcmp(k->inline_column, old))
			k->inline_column = nn;
	}
	for (int j = 0; j < t->nindexes; j++) {
		struct index *ix = t->indexes[j];
		for (int e = 0; e < ix->nelems; e++)
			if (ix->elems[e].column &&
			    !strcmp(ix->elems[e].column, old)) {
				if (ix == t->indexes[j])
					ix = own_index(m, t, ix);
				ix->elems[e].column = nn;
			}
	}
	struct table **refs;
	int nrefs = simulator_referrers(m->x, t, &refs);
	for (int i = 0; i < nrefs; i++) {
		struct table *o = refs[i];
		for (int j = 0; j < o->ncons; j++) {
			struct constraint *k = o->cons[j];
			if (references_table(k, t) &&
			    names_in(k->nref_cols, k->ref_cols, old)) {
				k = own_constraint(m, o, k);
				rename_names(k->nref_cols, k->ref_cols, old,
				             nn);
			}
		}
	}
}

/* The table and column of an `alter column` / `comment on column` op:
 * the column replaced by a copy, which the op changes. */
static struct column *op_column(struct sim *m, struct table **tp)
{
	struct table *t = need_table(m, &m->op->target);
	if (tp)
		*tp = t;
	struct column *c = t ? need_column(m, t, m->op->column) : NULL;
	return c ? own_column(m, t, c) : NULL;
}

static void alter_type(struct sim *m)
{
	struct column *c = op_column(m, NULL);
	if (!c)
		return;
	struct type ty = m->op->type;
	if (check_new_type(m->s, m->sc, &ty, m->op->span) < 0) {
		m->failed = true;
		return;
	}
	c->type = ty;
	/* as PostgreSQL's SET DATA TYPE: the collation written, else the
	 * new type's default */
	c->collation = m->op->collation;
}

/* set|drop identity, set|drop autoincrement: the column's clause
 * changes if the checker's rules for a column allow it (an integer type,
 * no default, identity only on PostgreSQL, autoincrement only on SQLite's
 * rowid...). */
static void column_clause(struct sim *m)
{
	struct table *t;
	struct column *c = op_column(m, &t);
	if (!c)
		return;
	struct column saved = *c;
	switch (m->op->kind) {
	case OP_SET_IDENTITY:
		c->identity = m->op->identity;
		break;
	case OP_DROP_IDENTITY:
		c->identity = IDENTITY_NONE;
		break;
	default:
		c->autoincrement = m->op->kind == OP_SET_AUTOINCREMENT;
		break;
	}
	int ci = 0;
	while (t->cols[ci] != c)
		ci++;
	if (check_new_column(m->s, m->sc, t, ci) < 0) {
		*c = saved;
		m->failed = true;
	}
}

static void drop_not_null(struct sim *m)
{
	struct table *t;
	struct column *c = op_column(m, &t);
	if (!c)
		return;
	struct constraint *pk = table_primary_key(t);
	if (pk && names_in(pk->ncols, pk->cols, c->name)) {
		FAIL(m, "column \"%s\" of table \"%s\" is in a primary key",
		     c->name, tdisplay(m, t));
		return;
	}
	c->not_null = false;
	c->not_null_written = false;
}

static void set_default(struct sim *m)
{
	struct table *t;
	struct column *c = op_column(m, &t);
	if (!c)
		return;
	if (c->identity != IDENTITY_NONE || c->generated) {
		FAIL(m, "column \"%s\" of table \"%s\" is %s", c->name,
		     tdisplay(m, t),
		     c->generated ? "a generated column"
		                  : "an identity column");
		return;
	}
	c->default_expr = expr_copy(m->s->arena, m->op->expr);
}

/* ---- constraints ---- */

static bool constraint_free(struct sim *m, struct table *t, const char *name)
{
	if (!table_find_constraint(t, name))
		return true;
	FAIL(m, "constraint \"%s\" of table \"%s\" already exists", name,
	     tdisplay(m, t));
	return false;
}

static void add_constraint(struct sim *m)
{
	struct table *t = need_table(m, &m->op->target);
	if (!t)
		return;
	struct constraint *k = constraint_copy(m->s->arena, m->op->con);
	if (k->name && !constraint_free(m, t, k->name))
		return;
	own_key_columns(m, t, k);
	ARENA_PUSH(m->s->arena, t->cons, t->ncons, t->capcons, k);
	if (check_new_constraint(m->s, m->sc, t, k) < 0) {
		t->ncons--;
		m->failed = true;
		return;
	}
	t->ncons--; /* out of the way of its own name's checks */
	bool ok = constraint_free(m, t, k->name);
	if (ok && is_pg(m) &&
	    (k->kind == CON_PRIMARY_KEY || k->kind == CON_UNIQUE))
		ok = relation_free(m, t->name.schema, k->name);
	if (ok) {
		t->ncons++;
		index_constraint(m->x, t, k);
	}
}

static void drop_constraint(struct sim *m)
{
	struct table *t = need_table(m, &m->op->target);
	struct constraint *k = t ? need_constraint(m, t, m->op->name) : NULL;
	if (!k)
		return;
	struct table **refs = NULL, *o = NULL;
	int nrefs = is_key(k) ? simulator_referrers(m->x, t, &refs) : 0;
	for (int i = 0; i < nrefs; i++)
		for (int j = 0; j < refs[i]->ncons; j++)
			if (fk_uses_key(refs[i]->cons[j], t, k))
				o = first_of(m, o, refs[i]);
	for (int j = 0; o && j < o->ncons; j++)
		if (fk_uses_key(o->cons[j], t, k)) {
			FAIL(m,
			     "cannot drop constraint \"%s\" of table \"%s\" "
			     "because constraint \"%s\" of table \"%s\" "
			     "references it",
			     k->name, tdisplay(m, t), o->cons[j]->name,
			     tdisplay(m, o));
			return;
		}
	REMOVE(t->cons, t->ncons, INDEX_OF(t->cons, t->ncons, k));
}

static void rename_constraint(struct sim *m)
{
	struct table *t = need_table(m, &m->op->target);
	struct constraint *k = t ? need_constraint(m, t, m->op->name) : NULL;
	if (!k || !constraint_free(m, t, m->op->new_name))
		return;
	if (is_pg(m) && is_key(k) &&
	    !relation_free(m, t->name.schema, m->op->new_name))
		return;
	k = own_constraint(m, t, k);
	k->name = m->op->new_name;
	k->name_written = true;
	index_constraint(m->x, t, k);
}

/* ---- indexes ---- */

static void create_index(struct sim *m)
{
	struct table *t = need_table(m, &m->op->target);
	if (!t)
		return;
	struct index *ix = index_copy(m->s->arena, m->op->idx);
	if (check_new_index(m->s, m->sc, t, ix) < 0) {
		m->failed = true;
		return;
	}
	if (!relation_free(m, t->name.schema, ix->name))
		return;
	ARENA_PUSH(m->s->arena, t->indexes, t->nindexes, t->capindexes, ix);
	slot_put(m->x, SLOT_RELATION, t->name.schema, ix->name, t);
}

static struct index *need_index(struct sim *m, struct table **tp)
{
	const struct qname *q = &m->op->target;
	struct index *ix = simulator_index(m->x, q->schema, q->name, tp);
	if (!ix)
		FAIL(m, "index \"%s\" does not exist",
		     qdisplay(m, q->schema, q->name));
	return ix;
}

static void drop_index(struct sim *m)
{
	struct table *t;
	struct index *ix = need_index(m, &t);
	if (ix)
		REMOVE(t->indexes, t->nindexes,
		       INDEX_OF(t->indexes, t->nindexes, ix));
}

static void rename_index(struct sim *m)
{
	struct table *t;
	struct index *ix = need_index(m, &t);
	if (!ix || !relation_free(m, t->name.schema, m->op->new_name))
		return;
	ix = own_index(m, t, ix);
	ix->name = m->op->new_name;
	ix->name_written = true;
	slot_put(m->x, SLOT_RELATION, t->name.schema, ix->name, t);
}

/* ---- enums and views ---- */

static void create_enum(struct sim *m)
{
	const struct qname *q = &m->op->edef->name;
	if (schema_find_enum(m->sc, q->schema, q->name) ||
	    schema_find_type(m->sc, q->schema, q->name)) {
		FAIL(m, "type \"%s\" already exists",
		     qdisplay(m, q->schema, q->name));
		return;
	}
	struct enum_type *e = enum_copy(m->s->arena, m->op->edef);
	for (int i = 0; i < e->nvalues; i++)
		if (enum_value_index(e, e->values[i]) != i) {
			FAIL(m, "duplicate value '%s' in enum \"%s\"",
			     e->values[i], qdisplay(m, q->schema, q->name));
			return;
		}
	ARENA_PUSH(m->s->arena, m->sc->enums, m->sc->nenums, m->sc->capenums,
	           e);
}

static void add_enum_value(struct sim *m)
{
	const struct op *op = m->op;
	struct enum_type *e = need_enum(m, &op->target);
	if (!e)
		return;
	if (enum_value_index(e, op->value) >= 0) {
		FAIL(m, "enum label '%s' already exists in enum \"%s\"",
		     op->value, qdisplay(m, e->name.schema, e->name.name));
		return;
	}
	int at = e->nvalues;
	if (op->position != ENUM_AT_END) {
		int i = enum_value_index(e, op->anchor);
		if (i < 0) {
			FAIL(m, "'%s' is not a value of enum \"%s\"",
			     op->anchor,
			     qdisplay(m, e->name.schema, e->name.name));
			return;
		}
		at = op->position == ENUM_BEFORE ? i : i + 1;
	}
	e = own_enum(m, e);
	ARENA_PUSH(m->s->arena, e->values, e->nvalues, e->capvalues, op->value);
	memmove(&e->values[at + 1], &e->values[at],
	        sizeof *e->values * (size_t)(e->nvalues - 1 - at));
	e->values[at] = op->value;
}

static void rename_enum_value(struct sim *m)
{
	const struct op *op = m->op;
	struct enum_type *e = need_enum(m, &op->target);
	if (!e)
		return;
	const char *disp = qdisplay(m, e->name.schema, e->name.name);
	int i = enum_value_index(e, op->value);
	if (i < 0)
		FAIL(m, "'%s' is not a value of enum \"%s\"", op->value, disp);
	else if (enum_value_index(e, op->new_value) >= 0)
		FAIL(m, "enum label '%s' already exists in enum \"%s\"",
		     op->new_value, disp);
	else
		own_enum(m, e)->values[i] = op->new_value;
}

/* Renames the enum and, as PostgreSQL does (a column refers to its type
 * by oid), the type of every column that has it. */
static void rename_enum(struct sim *m)
{
	struct enum_type *e = need_enum(m, &m->op->target);
	if (!e)
		return;
	const char *sch = e->name.schema, *name = m->op->new_name;
	if (schema_find_enum(m->sc, sch, name) ||
	    schema_find_type(m->sc, sch, name)) {
		FAIL(m, "type \"%s\" already exists", qdisplay(m, sch, name));
		return;
	}
	for (int i = 0; i < m->sc->ntables; i++) {
		struct table *t = m->sc->tables[i];
		for (int j = 0; j < t->ncols; j++) {
			const struct type *ty = &t->cols[j]->type;
			if (ty->kind == TYPE_ENUM &&
			    same_schema(ty->schema, sch) &&
			    !strcmp(ty->name, e->name.name))
				own_column(m, t, t->cols[j])->type.name = name;
		}
	}
	own_enum(m, e)->name.name = name;
}

static void drop_enum(struct sim *m)
{
	struct enum_type *e = need_enum(m, &m->op->target);
	if (!e)
		return;
	for (int i = 0; i < m->sc->ntables; i++) {
		struct table *t = m->sc->tables[i];
		for (int j = 0; j < t->ncols; j++) {
			const struct type *ty = &t->cols[j]->type;
			if (ty->kind == TYPE_ENUM &&
			    same_schema(ty->schema, e->name.schema) &&
			    !strcmp(ty->name, e->name.name)) {
				FAIL(m,
				     "cannot drop enum \"%s\" because column "
				     "\"%s\" of table \"%s\" uses it",
				     qdisplay(m, e->name.schema, e->name.name),
				     t->cols[j]->name, tdisplay(m, t));
				return;
			}
		}
	}
	REMOVE(m->sc->enums, m->sc->nenums,
	       INDEX_OF(m->sc->enums, m->sc->nenums, e));
}

static void create_view(struct sim *m)
{
	const struct qname *q = &m->op->vdef->name;
	if (relation_free(m, q->schema, q->name))
		ARENA_PUSH(m->s->arena, m->sc->views, m->sc->nviews,
		           m->sc->capviews,
		           view_copy(m->s->arena, m->op->vdef));
}

static void drop_view(struct sim *m)
{
	const struct qname *q = &m->op->target;
	struct view *v = schema_find_view(m->sc, q->schema, q->name);
	if (!v) {
		FAIL(m, "view \"%s\" does not exist",
		     qdisplay(m, q->schema, q->name));
		return;
	}
	REMOVE(m->sc->views, m->sc->nviews,
	       INDEX_OF(m->sc->views, m->sc->nviews, v));
}

/* ---- the pass ---- */

static void apply(struct sim *m)
{
	const struct op *op = m->op;
	struct table *t;
	struct column *c;
	switch (op->kind) {
	case OP_CREATE_TABLE:
		create_table(m);
		break;
	case OP_DROP_TABLE:
		drop_table(m);
		break;
	case OP_RENAME_TABLE:
		rename_table(m);
		break;
	case OP_ADD_COLUMN:
		add_column(m);
		break;
	case OP_DROP_COLUMN:
		drop_column(m);
		break;
	case OP_RENAME_COLUMN:
		rename_column(m);
		break;
	case OP_ALTER_TYPE:
		alter_type(m);
		break;
	case OP_SET_NOT_NULL:
		if ((c = op_column(m, NULL)))
			c->not_null = true;
		break;
	case OP_DROP_NOT_NULL:
		drop_not_null(m);
		break;
	case OP_SET_DEFAULT:
		set_default(m);
		break;
	case OP_DROP_DEFAULT:
		if ((c = op_column(m, NULL)))
			c->default_expr = NULL;
		break;
	case OP_SET_IDENTITY:
	case OP_DROP_IDENTITY:
	case OP_SET_AUTOINCREMENT:
	case OP_DROP_AUTOINCREMENT:
		column_clause(m);
		break;
	case OP_SET_COMMENT:
	case OP_COMMENT_COLUMN:
		if ((c = op_column(m, NULL)))
			c->comment = op->text;
		break;
	case OP_ADD_CONSTRAINT:
		add_constraint(m);
		break;
	case OP_DROP_CONSTRAINT:
		drop_constraint(m);
		break;
	case OP_RENAME_CONSTRAINT:
		rename_constraint(m);
		break;
	case OP_CREATE_INDEX:
		create_index(m);
		break;
	case OP_DROP_INDEX:
		drop_index(m);
		break;
	case OP_RENAME_INDEX:
		rename_index(m);
		break;
	case OP_CREATE_ENUM:
		create_enum(m);
		break;
	case OP_ADD_ENUM_VALUE:
		add_enum_value(m);
		break;
	case OP_RENAME_ENUM_VALUE:
		rename_enum_value(m);
		break;
	case OP_RENAME_ENUM:
		rename_enum(m);
		break;
	case OP_DROP_ENUM:
		drop_enum(m);
		break;
	case OP_CREATE_VIEW:
		create_view(m);
		break;
	case OP_DROP_VIEW:
		drop_view(m);
		break;
	case OP_COMMENT_TABLE:
		if ((t = need_table(m, &op->target)))
			t->comment = op->text;
		break;
	case OP_EXECUTE:
	case OP_WARNING:
		break;
	}
}

int simulator_apply(struct simulator *x, const struct op *op)
{
	struct sim m = {x->s, x->sc, x, op, false};
	apply(&m);
	return m.failed ? -1 : 0;
}

int simulate_ops(struct session *s, struct schema *schema,
                 struct op *const *ops, int nops)
{
	bool failed = false;
	struct simulator *x = simulator_new(s, schema);
	for (int i = 0; i < nops; i++)
		if (simulator_apply(x, ops[i]) < 0)
			failed = true;
	/* every object was named when it was made; a schema that came in
	 * with unnamed ones (not from the checker) is named the same way */
	for (int i = 0; i < schema->ntables; i++) {
		struct table *t = schema->tables[i];
		for (int j = 0; j < t->ncons; j++)
			if (!t->cons[j]->name) {
				t->cons[j] =
				    constraint_copy(s->arena, t->cons[j]);
				t->cons[j]->name =
				    check_constraint_name(s, t, t->cons[j]);
			}
		for (int j = 0; j < t->nindexes; j++)
			if (!t->indexes[j]->name) {
				t->indexes[j] =
				    index_copy(s->arena, t->indexes[j]);
				t->indexes[j]->name =
				    check_index_name(s, t, t->indexes[j]);
			}
	}
	schema_sort(schema);
	return failed ? -1 : 0;
}
