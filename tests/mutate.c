/*
 * tests/mutate.c - the seeded random schema generator and mutator of the
 * randomized property test (tests/mutate.test, issue 4 point 8).
 *
 *   mutate --seed N --generate [--dialect D]
 *   mutate --seed N [--steps K] [--dialect D] [--avoid KINDS] MODELS
 *
 * --generate prints a random base schema from scratch: 5-15 tables with
 * foreign-key chains (a new table refers to older ones) and occasional
 * cycles and self references (added later, always nullable, so rows can
 * still be filled), enums, indexes (plain, unique, partial, expression),
 * unique constraints, checks, defaults and comments, with names that
 * sometimes need quoting (reserved words, mixed case, spaces, quotes,
 * unicode).  The other mode loads and checks MODELS (load.h) and applies
 * K (default 3) random mutations, each a change the differ must handle
 * and a database with rows can apply, and prints the result as a model
 * with `renamed from` hints where it renamed a table or a column.
 * --avoid leaves out mutation kinds and features of the schemas (a
 * comma-separated list of the names in kinds[] and features[] below), so
 * that the test can step around a known bug.
 *
 * Everything is decided by one splitmix64 stream seeded with N (never
 * rand()), so a seed is a reproducible test case.  Each mutation works on
 * a copy of the current schema (schema_copy); the copy is printed
 * (fmt_schema's layout, through fmt_canonical_table and fmt_table so the
 * hints can be put back), parsed and checked for the dialect again, and
 * only a copy that loads cleanly and differs from the current schema is
 * kept; otherwise another choice is drawn.  The printed text is thus
 * always a model that loads, and the convention's names of the objects
 * (which follow renames) are the checker's own.
 *
 * The mutator never edits SQL text it did not write: a column that an
 * expression (check, index expression or predicate, view) mentions is
 * neither renamed nor dropped, and expressions always quote the
 * identifiers they name.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "arena.h"
#include "check.h"
#include "diag.h"
#include "fmt.h"
#include "load.h"
#include "parse.h"
#include "schema.h"
#include "session.h"
#include "source.h"
#include "strbuf.h"

/* Tries per mutation before giving up (each try draws anew). */
#define MAX_TRIES 400

struct gen {
	struct session *s;
	uint64_t rng;
	const struct schema *orig; /* the input models A; NULL: generating */
	bool pg;                   /* the dialect keeps comments */
	bool comments;             /* new objects may carry comments */
	unsigned avoid;            /* bit per kind: never drawn */
	int counter;               /* suffix of fresh names */
	FILE *sink;                /* where rejected tries' diagnostics go */
};

/* Properties of the schemas that --avoid can leave out too, each for a
 * known bug: a unique key on the columns of another key, an enum that
 * no column uses, a column of an enum type added to an existing table, a
 * renamed table with a column of an enum type, and a value added to an
 * enum whose name or columns' names SQL would need quoted.  Their bits follow the kinds' bits. */
static const char *const features[] = {
    "duplicate-key",          "unused-enum",        "add-enum-column",
    "rename-table-with-enum", "enum-rebuild-names",
};
#define FEATURE_BASE 24
#define NFEATURES    ((int)(sizeof features / sizeof features[0]))

static bool avoided(const struct gen *g, const char *feature)
{
	for (int i = 0; i < NFEATURES; i++)
		if (!strcmp(features[i], feature))
			return g->avoid & 1u << (FEATURE_BASE + i);
	return false;
}

/* ---- the random stream ---- */

static uint64_t next_u64(struct gen *g)
{
	uint64_t z = (g->rng += 0x9e3779b97f4a7c15u);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9u;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebu;
	return z ^ (z >> 31);
}

/* A number in [0, n); 0 when n <= 0. */
static int pick(struct gen *g, int n)
{
	return n > 0 ? (int)(next_u64(g) % (uint64_t)n) : 0;
}

static bool chance(struct gen *g, int percent)
{
	return pick(g, 100) < percent;
}

#define PICK(g, arr) ((arr)[pick((g), (int)(sizeof(arr) / sizeof *(arr)))])

/* Removes element i of a pointer array, keeping the order. */
#define REMOVE_AT(arr, n, i)                                    \
	do {                                                    \
		memmove(&(arr)[(i)], &(arr)[(i) + 1],           \
		        sizeof *(arr) * (size_t)((n) - (i)-1)); \
		(n)--;                                          \
	} while (0)

/* ---- names ---- */

static const char *const table_words[] = {
    "account", "invoice",  "product",  "payment", "session",
    "team",    "task",     "event",    "note",    "tag",
    "file",    "customer", "shipment", "review",  "order_line",
};
/* names that need quoting in a model or in SQL, or fold differently */
static const char *const odd_table_words[] = {
    "order",     "user", "select",     "group", "check", "Mixed",
    "Two Words", "it's", "say \"hi\"", "größe", "日本",  "Ünïcode",
};
static const char *const column_words[] = {
    "name",  "title", "amount", "price", "qty",  "status",  "code",
    "email", "label", "score",  "rank",  "memo", "created", "flag",
    "level", "total", "weight", "city",  "body", "kind",
};
static const char *const odd_column_words[] = {
    "select",     "from", "default", "index", "renamed", "Value",
    "First Name", "it's", "a \"b\"", "größe", "naïve",   "列",
};
static const char *const enum_words[] = {"mood", "state", "color", "tier"};
static const char *const odd_enum_words[] = {"Größe", "Kind Of", "it's"};
static const char *const value_words[] = {
    "a", "b", "c", "new", "done", "Z", "x y", "in progress", "it's", "größe",
};
static const char *const comment_words[] = {
    "plain words", "it's quoted", "größe", "two\nlines", "",
};

static bool named(const char *x, const char *y)
{
	/* SQLite folds ASCII case in every name: two names that differ
	 * only by it are one */
	return x && y && !strcasecmp(x, y);
}

/* Whether name is taken in sc by an object of the one namespace that
 * PostgreSQL gives tables, types, views and indexes (constraints are
 * counted too: a key's index takes its name). */
static bool taken_in(const struct schema *sc, const char *name)
{
	for (int i = 0; i < sc->ntables; i++) {
		const struct table *t = sc->tables[i];
		if (named(t->name.name, name))
			return true;
		for (int j = 0; j < t->ncons; j++)
			if (named(t->cons[j]->name, name))
				return true;
		for (int j = 0; j < t->nindexes; j++)
			if (named(t->indexes[j]->name, name))
				return true;
	}
	for (int i = 0; i < sc->nenums; i++)
		if (named(sc->enums[i]->name.name, name))
			return true;
	for (int i = 0; i < sc->nviews; i++)
		if (named(sc->views[i]->name.name, name))
			return true;
	for (int i = 0; i < sc->ntypes; i++)
		if (named(sc->types[i]->name.name, name))
			return true;
	return false;
}

/* Names are fresh against A too, so that a new name never means an old
 * object to the differ (nor to a `renamed from` hint). */
static bool global_taken(struct gen *g, const struct schema *sc,
                         const char *name)
{
	return taken_in(sc, name) || (g->orig && taken_in(g->orig, name));
}

/* The name t has in A, or NULL when t is new. */
static const char *orig_table_name(struct gen *g, const struct table *t)
{
	if (t->renamed_from)
		return t->renamed_from;
	if (g->orig && schema_find_table(g->orig, t->name.schema, t->name.name))
		return t->name.name;
	return NULL;
}

static const struct table *orig_table(struct gen *g, const struct table *t)
{
	const char *n = g->orig ? orig_table_name(g, t) : NULL;
	return n ? schema_find_table(g->orig, t->name.schema, n) : NULL;
}

/* The name c has in A, or NULL when it is new. */
static const char *orig_column_name(struct gen *g, const struct table *t,
                                    const struct column *c)
{
	if (c->renamed_from)
		return c->renamed_from;
	const struct table *o = orig_table(g, t);
	return o && table_find_column(o, c->name) ? c->name : NULL;
}

/* Whether the rows of c hold distinct values (or NULLs): the filler's
 * values when A has c, none when A has no rows for t; but a column that
 * the migration adds to a table with rows holds its default in each. */
static bool distinct_rows(struct gen *g, const struct table *t,
                          const struct column *c)
{
	return !c->default_expr || orig_column_name(g, t, c) ||
	       !orig_table(g, t);
}

static bool column_taken(struct gen *g, const struct table *t, const char *name)
{
	for (int i = 0; i < t->ncols; i++)
		if (named(t->cols[i]->name, name))
			return true;
	const struct table *o = orig_table(g, t);
	for (int i = 0; o && i < o->ncols; i++)
		if (named(o->cols[i]->name, name))
			return true;
	return false;
}

/* A word from one of the lists (an odd one in about a third of the
 * draws), made unique by a numeric suffix when taken. */
static const char *fresh(struct gen *g, const char *const *words, int nwords,
                         const char *const *odd, int nodd,
                         bool (*taken)(struct gen *, const void *,
                                       const char *),
                         const void *scope)
{
	bool is_odd = chance(g, 35);
	const char *w = is_odd ? odd[pick(g, nodd)] : words[pick(g, nwords)];
	if (is_odd && !taken(g, scope, w))
		return w;
	for (;;) {
		char *n = arena_printf(g->s->arena, "%s_%d", w, ++g->counter);
		if (!taken(g, scope, n))
			return n;
	}
}

static bool taken_global(struct gen *g, const void *scope, const char *name)
{
	return global_taken(g, scope, name);
}

static bool taken_column(struct gen *g, const void *scope, const char *name)
{
	return column_taken(g, scope, name);
}

#define NWORDS(a) ((int)(sizeof(a) / sizeof *(a)))

static const char *fresh_table_name(struct gen *g, const struct schema *sc)
{
	return fresh(g, table_words, NWORDS(table_words), odd_table_words,
	             NWORDS(odd_table_words), taken_global, sc);
}

static const char *fresh_enum_name(struct gen *g, const struct schema *sc)
{
	return fresh(g, enum_words, NWORDS(enum_words), odd_enum_words,
	             NWORDS(odd_enum_words), taken_global, sc);
}

/* A name for an explicitly named constraint or index. */
static const char *fresh_object_name(struct gen *g, const struct schema *sc,
                                     const char *prefix)
{
	static const char *const odd[] = {"Named Key", "ключ", "k\"q"};
	const char *const words[] = {prefix};
	return fresh(g, words, 1, odd, NWORDS(odd), taken_global, sc);
}

static const char *fresh_column_name(struct gen *g, const struct table *t)
{
	return fresh(g, column_words, NWORDS(column_words), odd_column_words,
	             NWORDS(odd_column_words), taken_column, t);
}

/* ---- building blocks ---- */

static struct expr *new_expr(struct gen *g, const char *text)
{
	struct expr *e = arena_alloc(g->s->arena, sizeof *e);
	e->text = text;
	e->parens = !expr_is_bare_default(text);
	return e;
}

/* name as an SQL identifier: always quoted, so reserved words, case and
 * spaces need no thought, on both dialects */
static char *sql_ident(struct gen *g, const char *name)
{
	struct strbuf sb = STRBUF_INIT;
	strbuf_quoted(&sb, name, '"');
	char *r = strbuf_arena_copy(&sb, g->s->arena);
	strbuf_free(&sb);
	return r;
}

static char *sql_string(struct gen *g, const char *s)
{
	struct strbuf sb = STRBUF_INIT;
	strbuf_quoted(&sb, s, '\'');
	char *r = strbuf_arena_copy(&sb, g->s->arena);
	strbuf_free(&sb);
	return r;
}

static void set_type(struct type *ty, enum type_kind k, int nargs, int a0,
                     int a1)
{
	memset(ty, 0, sizeof *ty);
	ty->kind = k;
	ty->name = type_names[k].name;
	ty->nargs = nargs;
	ty->args[0] = a0;
	ty->args[1] = a1;
}

static void set_enum_type(struct type *ty, const struct enum_type *e)
{
	memset(ty, 0, sizeof *ty);
	ty->kind = TYPE_ENUM;
	ty->schema = e->name.schema;
	ty->name = e->name.name;
}

/* A type for a new column; an enum only when enums is true. */
static void random_type(struct gen *g, const struct schema *sc, bool enums,
                        struct type *ty)
{
	static const int varchar_len[] = {10, 20, 50, 100, 255};
	int r = pick(g, 100);
	if (r < 8 && enums && sc->nenums > 0)
		set_enum_type(ty, sc->enums[pick(g, sc->nenums)]);
	else if (r < 28)
		set_type(ty, TYPE_INTEGER, 0, 0, 0);
	else if (r < 36)
		set_type(ty, TYPE_BIGINT, 0, 0, 0);
	else if (r < 40)
		set_type(ty, TYPE_SMALLINT, 0, 0, 0);
	else if (r < 55)
		set_type(ty, TYPE_TEXT, 0, 0, 0);
	else if (r < 70)
		set_type(ty, TYPE_VARCHAR, 1, PICK(g, varchar_len), 0);
	else if (r < 78)
		set_type(ty, TYPE_NUMERIC, 2, 8 + 2 * pick(g, 3),
		         2 * pick(g, 2));
	else if (r < 86)
		set_type(ty, TYPE_BOOLEAN, 0, 0, 0);
	else if (r < 91)
		set_type(ty, TYPE_DATE, 0, 0, 0);
	else if (r < 96)
		set_type(ty, TYPE_TIMESTAMPTZ, 0, 0, 0);
	else
		set_type(ty, TYPE_DOUBLE, 0, 0, 0);
}

static bool is_int(const struct type *t)
{
	return t->array_dims == 0 &&
	       (t->kind == TYPE_INTEGER || t->kind == TYPE_BIGINT ||
	        t->kind == TYPE_SMALLINT);
}

static bool is_text(const struct type *t)
{
	return t->array_dims == 0 &&
	       (t->kind == TYPE_TEXT || t->kind == TYPE_VARCHAR);
}

/* Whether random_default has a default for ty. */
static bool takes_default(const struct schema *sc, const struct type *ty)
{
	if (ty->array_dims)
		return false;
	if (ty->kind == TYPE_ENUM) {
		const struct enum_type *e =
		    schema_find_enum(sc, ty->schema, ty->name);
		return e && e->nvalues > 0;
	}
	return is_int(ty) || is_text(ty) || ty->kind == TYPE_NUMERIC ||
	       ty->kind == TYPE_DOUBLE || ty->kind == TYPE_BOOLEAN ||
	       ty->kind == TYPE_DATE || ty->kind == TYPE_TIMESTAMPTZ;
}

/* A default for type ty: a literal the type takes (never negative, so a
 * `>= 0` check holds for it), or NULL when the type has none here. */
static const char *random_default(struct gen *g, const struct schema *sc,
                                  const struct type *ty)
{
	static const char *const ints[] = {"0", "1", "7", "42"};
	static const char *const texts[] = {"'x'", "''", "'it''s'", "'größe'",
	                                    "'abc'"};
	static const char *const nums[] = {"0", "1", "2.5"};
	static const char *const bools[] = {"true", "false"};
	if (!takes_default(sc, ty))
		return NULL;
	switch (ty->kind) {
	case TYPE_SMALLINT:
	case TYPE_INTEGER:
	case TYPE_BIGINT:
		return PICK(g, ints);
	case TYPE_TEXT:
	case TYPE_VARCHAR:
		return PICK(g, texts);
	case TYPE_NUMERIC:
	case TYPE_DOUBLE:
		return PICK(g, nums);
	case TYPE_BOOLEAN:
		return PICK(g, bools);
	case TYPE_DATE:
		return "current_date";
	case TYPE_TIMESTAMPTZ:
		return "current_timestamp";
	case TYPE_ENUM: {
		const struct enum_type *e =
		    schema_find_enum(sc, ty->schema, ty->name);
		return sql_string(g, e->values[pick(g, e->nvalues)]);
	}
	default:
		return NULL;
	}
}

static const char *random_comment(struct gen *g)
{
	const char *w = PICK(g, comment_words);
	return arena_printf(g->s->arena, "%s %d", w, ++g->counter);
}

static struct column *new_column(struct gen *g, const char *name,
                                 const struct type *ty)
{
	struct column *c = arena_alloc(g->s->arena, sizeof *c);
	c->name = name;
	c->type = *ty;
	return c;
}

static struct constraint *new_constraint(struct gen *g,
                                         enum constraint_kind kind, int ncols,
                                         const char *const *cols)
{
	struct constraint *k = arena_alloc(g->s->arena, sizeof *k);
	k->kind = kind;
	k->ncols = ncols;
	if (ncols > 0) {
		k->cols =
		    arena_alloc(g->s->arena, sizeof *k->cols * (size_t)ncols);
		memcpy(k->cols, cols, sizeof *k->cols * (size_t)ncols);
	}
	return k;
}

static void push_constraint(struct gen *g, struct table *t,
                            struct constraint *k)
{
	ARENA_PUSH(g->s->arena, t->cons, t->ncons, t->capcons, k);
}

static void push_column(struct gen *g, struct table *t, struct column *c)
{
	ARENA_PUSH(g->s->arena, t->cols, t->ncols, t->capcols, c);
}

static void push_index(struct gen *g, struct table *t, struct index *ix)
{
	ARENA_PUSH(g->s->arena, t->indexes, t->nindexes, t->capindexes, ix);
}

/* An explicit name in about a quarter of the cases, else NULL: the
 * checker gives the convention's. */
static void maybe_name(struct gen *g, const struct schema *sc,
                       const char **name, bool *written, const char *prefix)
{
	if (chance(g, 25)) {
		*name = fresh_object_name(g, sc, prefix);
		*written = true;
	}
}

/* ---- questions about the schema ---- */

static bool refers_to(const struct constraint *k, const struct table *t)
{
	if (k->kind != CON_FOREIGN_KEY ||
	    strcmp(k->ref_table.name, t->name.name))
		return false;
	if (!k->ref_table.schema || !t->name.schema)
		return k->ref_table.schema == t->name.schema;
	return !strcmp(k->ref_table.schema, t->name.schema);
}

static bool in_names(int n, const char *const *v, const char *name)
{
	for (int i = 0; i < n; i++)
		if (!strcmp(v[i], name))
			return true;
	return false;
}

/* Whether another table's foreign key refers to t. */
static bool table_referenced(const struct schema *sc, const struct table *t)
{
	for (int i = 0; i < sc->ntables; i++) {
		const struct table *o = sc->tables[i];
		for (int j = 0; o != t && j < o->ncons; j++)
			if (refers_to(o->cons[j], t))
				return true;
	}
	return false;
}

/* Whether a foreign key refers to column col of t, or col is one. */
static bool in_foreign_key(const struct schema *sc, const struct table *t,
                           const char *col)
{
	for (int i = 0; i < sc->ntables; i++) {
		const struct table *o = sc->tables[i];
		for (int j = 0; j < o->ncons; j++) {
			const struct constraint *k = o->cons[j];
			if (refers_to(k, t) &&
			    in_names(k->nref_cols, k->ref_cols, col))
				return true;
		}
	}
	for (int j = 0; j < t->ncons; j++)
		if (t->cons[j]->kind == CON_FOREIGN_KEY &&
		    in_names(t->cons[j]->ncols, t->cons[j]->cols, col))
			return true;
	return false;
}

static bool in_key(const struct table *t, const char *col)
{
	for (int j = 0; j < t->ncons; j++)
		if (t->cons[j]->kind != CON_CHECK &&
		    in_names(t->cons[j]->ncols, t->cons[j]->cols, col))
			return true;
	return false;
}

static bool in_primary_key(const struct table *t, const char *col)
{
	const struct constraint *pk = table_primary_key(t);
	return pk && in_names(pk->ncols, pk->cols, col);
}

static bool views_mention(struct gen *g, const struct schema *sc,
                          const char *name)
{
	for (int i = 0; i < sc->nviews; i++)
		if (check_expr_mentions(g->s, sc->views[i]->query, name))
			return true;
	return false;
}

/* Whether an expression of t (a check, an index expression or
 * predicate) or a view names col. */
static bool col_in_expr(struct gen *g, const struct schema *sc,
                        const struct table *t, const char *col)
{
	for (int j = 0; j < t->ncons; j++)
		if (t->cons[j]->check &&
		    check_expr_mentions(g->s, t->cons[j]->check, col))
			return true;
	for (int j = 0; j < t->nindexes; j++) {
		const struct index *ix = t->indexes[j];
		if (ix->where && check_expr_mentions(g->s, ix->where, col))
			return true;
		for (int e = 0; e < ix->nelems; e++)
			if (ix->elems[e].expr &&
			    check_expr_mentions(g->s, ix->elems[e].expr, col))
				return true;
	}
	return views_mention(g, sc, col);
}

static bool in_index(const struct table *t, const char *col)
{
	for (int j = 0; j < t->nindexes; j++)
		for (int e = 0; e < t->indexes[j]->nelems; e++) {
			const char *c = t->indexes[j]->elems[e].column;
			if (c && !strcmp(c, col))
				return true;
		}
	return false;
}

/* ---- picking objects ---- */

typedef bool col_pred(struct gen *g, const struct schema *sc,
                      const struct table *t, const struct column *c);

/* Picks uniformly among the columns for which ok holds; false if none. */
static bool pick_column(struct gen *g, const struct schema *sc, col_pred *ok,
                        struct table **tp, int *cp)
{
	int n = 0;
	for (int i = 0; i < sc->ntables; i++)
		for (int j = 0; j < sc->tables[i]->ncols; j++)
			n += ok(g, sc, sc->tables[i], sc->tables[i]->cols[j]);
	if (n == 0)
		return false;
	int k = pick(g, n);
	for (int i = 0; i < sc->ntables; i++)
		for (int j = 0; j < sc->tables[i]->ncols; j++)
			if (ok(g, sc, sc->tables[i], sc->tables[i]->cols[j]) &&
			    k-- == 0) {
				*tp = sc->tables[i];
				*cp = j;
				return true;
			}
	return false;
}

/* Picks a constraint of the kind (among all tables); false if none. */
static bool pick_constraint(struct gen *g, const struct schema *sc,
                            enum constraint_kind kind, struct table **tp,
                            int *kp)
{
	int n = 0;
	for (int i = 0; i < sc->ntables; i++)
		for (int j = 0; j < sc->tables[i]->ncons; j++)
			n += sc->tables[i]->cons[j]->kind == kind;
	if (n == 0)
		return false;
	int k = pick(g, n);
	for (int i = 0; i < sc->ntables; i++)
		for (int j = 0; j < sc->tables[i]->ncons; j++)
			if (sc->tables[i]->cons[j]->kind == kind && k-- == 0) {
				*tp = sc->tables[i];
				*kp = j;
				return true;
			}
	return false;
}

static struct table *pick_table(struct gen *g, struct schema *sc)
{
	return sc->ntables ? sc->tables[pick(g, sc->ntables)] : NULL;
}

/* A table with a one-column primary key, that a foreign key can refer
 * to; NULL if none. */
static struct table *pick_parent(struct gen *g, struct schema *sc)
{
	int n = 0;
	for (int i = 0; i < sc->ntables; i++) {
		const struct constraint *pk = table_primary_key(sc->tables[i]);
		n += pk && pk->ncols == 1;
	}
	int k = pick(g, n);
	for (int i = 0; i < sc->ntables; i++) {
		const struct constraint *pk = table_primary_key(sc->tables[i]);
		if (pk && pk->ncols == 1 && k-- == 0)
			return sc->tables[i];
	}
	return NULL;
}

/* ---- the pieces a mutation adds ---- */

/* An on delete action; set null only for a nullable column.  No action
 * is never drawn: it is what an unwritten action means, so the two do
 * not differ for the databases (nor for the differ). */
static enum fk_action random_action(struct gen *g, bool nullable)
{
	static const enum fk_action actions[] = {FK_UNSPECIFIED, FK_RESTRICT,
	                                         FK_CASCADE, FK_SET_NULL};
	enum fk_action a = PICK(g, actions);
	return a == FK_SET_NULL && !nullable ? FK_CASCADE : a;
}

/* Adds a column col of t referring to parent's primary key, and maybe an
 * index on it. */
static void add_reference(struct gen *g, struct schema *sc, struct table *t,
                          struct table *parent, bool not_null)
{
	const struct constraint *pk = table_primary_key(parent);
	const struct column *pcol = table_find_column(parent, pk->cols[0]);
	struct type ty = pcol->type;
	ty.span = (struct span){0};
	const char *name = fresh_column_name(g, t);
	struct column *c = new_column(g, name, &ty);
	c->not_null = not_null;
	push_column(g, t, c);
	struct constraint *k = new_constraint(g, CON_FOREIGN_KEY, 1, &name);
	k->ref_table.name = parent->name.name;
	k->ref_table.schema = parent->name.schema;
	k->nref_cols = 1;
	k->ref_cols = arena_alloc(g->s->arena, sizeof *k->ref_cols);
	k->ref_cols[0] = pk->cols[0];
	k->on_delete = random_action(g, !not_null);
	maybe_name(g, sc, &k->name, &k->name_written, "fk");
	push_constraint(g, t, k);
	if (chance(g, 50)) {
		struct index *ix = arena_alloc(g->s->arena, sizeof *ix);
		ix->nelems = 1;
		ix->elems = arena_alloc(g->s->arena, sizeof *ix->elems);
		ix->elems[0].column = name;
		push_index(g, t, ix);
	}
}

static bool same_set(int n, const char *const *x, int m, const char *const *y)
{
	if (n != m)
		return false;
	for (int i = 0; i < n; i++)
		if (!in_names(m, y, x[i]))
			return false;
	return true;
}

/* Columns that a unique key over them holds for any rows the filler
 * writes: col with the primary key's columns, or col alone when its
 * type takes distinct values.  Returns the count; 0 for a key (key
 * true) on the columns of another key of t when the feature
 * duplicate-key is avoided. */
static int unique_columns(struct gen *g, const struct schema *sc,
                          const struct table *t, int ci, bool key,
                          const char ***out)
{
	const struct constraint *pk = table_primary_key(t);
	const struct column *c = t->cols[ci];
	int n = 1;
	const char **v = arena_alloc(
	    g->s->arena, sizeof *v * (size_t)(2 + (pk ? pk->ncols : 0)));
	v[0] = c->name;
	bool alone = (is_int(&c->type) || is_text(&c->type)) &&
	             !in_foreign_key(sc, t, c->name) &&
	             distinct_rows(g, t, c) && chance(g, 50);
	for (int i = 0; !alone && pk && i < pk->ncols; i++)
		if (strcmp(pk->cols[i], c->name))
			v[n++] = pk->cols[i];
	*out = v;
	for (int i = 0; key && avoided(g, "duplicate-key") && i < t->ncons; i++)
		if ((t->cons[i]->kind == CON_PRIMARY_KEY ||
		     t->cons[i]->kind == CON_UNIQUE) &&
		    same_set(n, v, t->cons[i]->ncols, t->cons[i]->cols))
			return 0;
	return n;
}

static bool any_column(struct gen *g, const struct schema *sc,
                       const struct table *t, const struct column *c)
{
	(void)g, (void)sc, (void)t;
	return c->type.array_dims == 0;
}

static bool int_or_text_column(struct gen *g, const struct schema *sc,
                               const struct table *t, const struct column *c)
{
	(void)g, (void)sc, (void)t;
	return is_int(&c->type) || is_text(&c->type);
}

static void add_index_on(struct gen *g, struct schema *sc, struct table *t,
                         int ci)
{
	struct arena *a = g->s->arena;
	const struct column *c = t->cols[ci];
	struct index *ix = arena_alloc(a, sizeof *ix);
	const char **cols;
	int r = pick(g, 4);
	if (r == 0 && is_text(&c->type)) {
		/* expression */
		ix->nelems = 1;
		ix->elems = arena_alloc(a, sizeof *ix->elems);
		ix->elems[0].expr = new_expr(
		    g, arena_printf(a, "lower(%s)", sql_ident(g, c->name)));
		ix->elems[0].expr->parens = false;
	} else if (r == 1 && (ix->nelems = unique_columns(g, sc, t, ci, false,
	                                                  &cols)) > 0) {
		ix->unique = true;
		ix->elems =
		    arena_alloc(a, sizeof *ix->elems * (size_t)ix->nelems);
		for (int i = 0; i < ix->nelems; i++)
			ix->elems[i].column = cols[i];
	} else {
		/* plain, maybe partial, maybe two columns, maybe desc */
		int other = pick(g, t->ncols);
		ix->nelems = other != ci && chance(g, 30) ? 2 : 1;
		ix->elems = arena_alloc(a, sizeof *ix->elems * 2);
		ix->elems[0].column = c->name;
		ix->elems[0].desc = chance(g, 20);
		ix->elems[1].column = t->cols[other]->name;
		if (r == 2)
			ix->where =
			    new_expr(g, arena_printf(a, "%s IS NOT NULL",
			                             sql_ident(g, c->name)));
	}
	maybe_name(g, sc, &ix->name, &ix->name_written, "ix");
	push_index(g, t, ix);
}

static bool add_unique_on(struct gen *g, struct schema *sc, struct table *t,
                          int ci)
{
	const char **cols;
	int n = unique_columns(g, sc, t, ci, true, &cols);
	if (n == 0)
		return false;
	struct constraint *k = new_constraint(g, CON_UNIQUE, n, cols);
	maybe_name(g, sc, &k->name, &k->name_written, "uq");
	push_constraint(g, t, k);
	return true;
}

/* A check that the filler's rows satisfy: `c >= 0` on an integer
 * column, `length(c) < 1000` on a text one. */
static bool add_check_on(struct gen *g, struct schema *sc, struct table *t,
                         int ci)
{
	struct arena *a = g->s->arena;
	const struct column *c = t->cols[ci];
	const char *text;
	if (is_int(&c->type))
		text = arena_printf(a, "%s >= 0", sql_ident(g, c->name));
	else if (is_text(&c->type))
		text =
		    arena_printf(a, "length(%s) < 1000", sql_ident(g, c->name));
	else
		return false;
	struct constraint *k = new_constraint(g, CON_CHECK, 0, NULL);
	k->check = new_expr(g, text);
	k->check->parens = true;
	maybe_name(g, sc, &k->name, &k->name_written, "ck");
	push_constraint(g, t, k);
	return true;
}

/* A column for a table: any type, nullable or not, with a default in
 * about half the cases.  added: the column is added to a table that may
 * have rows, so it is not null only with a default (and of an enum type
 * only when the feature add-enum-column is not avoided). */
static struct column *random_column(struct gen *g, const struct schema *sc,
                                    const struct table *t, bool added)
{
	struct type ty;
	random_type(g, sc, !added || !avoided(g, "add-enum-column"), &ty);
	struct column *c = new_column(g, fresh_column_name(g, t), &ty);
	const char *def = chance(g, 50) ? random_default(g, sc, &ty) : NULL;
	if (def)
		c->default_expr = new_expr(g, def);
	c->not_null = chance(g, 40) && (def || !added);
	if (g->comments && chance(g, 10))
		c->comment = random_comment(g);
	return c;
}

/* ---- the mutations ---- */

static int m_add_table(struct gen *g, struct schema *sc)
{
	struct arena *a = g->s->arena;
	struct table *t = arena_alloc(a, sizeof *t);
	t->name.name = fresh_table_name(g, sc);
	struct type ty;
	if (chance(g, 85)) {
		set_type(&ty, chance(g, 70) ? TYPE_INTEGER : TYPE_BIGINT, 0, 0,
		         0);
		const char *name =
		    chance(g, 70) ? "id" : fresh_column_name(g, t);
		struct column *c = new_column(g, name, &ty);
		c->not_null = true;
		push_column(g, t, c);
		push_constraint(
		    g, t, new_constraint(g, CON_PRIMARY_KEY, 1, &c->name));
	} else {
		const char *cols[2];
		set_type(&ty, TYPE_INTEGER, 0, 0, 0);
		push_column(g, t, new_column(g, fresh_column_name(g, t), &ty));
		set_type(&ty, TYPE_VARCHAR, 1, 20, 0);
		push_column(g, t, new_column(g, fresh_column_name(g, t), &ty));
		for (int i = 0; i < 2; i++) {
			t->cols[i]->not_null = true;
			cols[i] = t->cols[i]->name;
		}
		push_constraint(g, t,
		                new_constraint(g, CON_PRIMARY_KEY, 2, cols));
	}
	for (int n = 1 + pick(g, 4); n > 0; n--)
		push_column(g, t, random_column(g, sc, t, false));
	/* a chain: a reference to an older table, that may be not null
	 * (the references that are not null never form a cycle) */
	struct table *parent = pick_parent(g, sc);
	if (parent && chance(g, 70))
		add_reference(g, sc, t, parent, chance(g, 50));
	int ci = pick(g, t->ncols);
	if (chance(g, 30))
		add_index_on(g, sc, t, ci);
	if (chance(g, 20))
		add_unique_on(g, sc, t, pick(g, t->ncols));
	if (chance(g, 25))
		add_check_on(g, sc, t, pick(g, t->ncols));
	if (g->comments && chance(g, 20))
		t->comment = random_comment(g);
	ARENA_PUSH(a, sc->tables, sc->ntables, sc->captables, t);
	return 0;
}

static int m_drop_table(struct gen *g, struct schema *sc)
{
	if (sc->ntables < 2)
		return -1;
	int i = pick(g, sc->ntables);
	struct table *t = sc->tables[i];
	const struct table *o = orig_table(g, t);
	/* nor one that A's foreign keys refer to: its rows would be gone
	 * when the downgrade puts those back */
	if (table_referenced(sc, t) || (o && table_referenced(g->orig, o)) ||
	    views_mention(g, sc, t->name.name))
		return -1;
	REMOVE_AT(sc->tables, sc->ntables, i);
	return 0;
}

static int m_add_column(struct gen *g, struct schema *sc)
{
	struct table *t = pick_table(g, sc);
	if (!t)
		return -1;
	push_column(g, t, random_column(g, sc, t, true));
	return 0;
}

/* A column that can go with its rows kept on the way back: in no key,
 * index, expression or foreign key, and nullable or with a default (the
 * downgrade adds it back to a table with rows). */
static bool droppable_column(struct gen *g, const struct schema *sc,
                             const struct table *t, const struct column *c)
{
	return t->ncols > 1 && !in_key(t, c->name) && !in_index(t, c->name) &&
	       !in_foreign_key(sc, t, c->name) &&
	       !col_in_expr(g, sc, t, c->name) &&
	       (!c->not_null || c->default_expr);
}

static int m_drop_column(struct gen *g, struct schema *sc)
{
	struct table *t;
	int ci;
	if (!pick_column(g, sc, droppable_column, &t, &ci))
		return -1;
	REMOVE_AT(t->cols, t->ncols, ci);
	return 0;
}

/* Lets the checker name again every object of t whose name came from
 * the convention (a rename changes those names). */
static void forget_convention_names(struct table *t)
{
	for (int i = 0; i < t->ncons; i++)
		if (!t->cons[i]->name_written)
			t->cons[i]->name = NULL;
	for (int i = 0; i < t->nindexes; i++)
		if (!t->indexes[i]->name_written)
			t->indexes[i]->name = NULL;
}

static void rename_in(int n, const char **v, const char *from, const char *to)
{
	for (int i = 0; i < n; i++)
		if (!strcmp(v[i], from))
			v[i] = to;
}

static bool renamable_column(struct gen *g, const struct schema *sc,
                             const struct table *t, const struct column *c)
{
	return !col_in_expr(g, sc, t, c->name);
}

static int m_rename_column(struct gen *g, struct schema *sc)
{
	struct table *t;
	int ci;
	if (!pick_column(g, sc, renamable_column, &t, &ci))
		return -1;
	struct column *c = t->cols[ci];
	const char *from = c->name, *to = fresh_column_name(g, t);
	c->renamed_from = orig_column_name(g, t, c);
	c->name = to;
	for (int i = 0; i < t->ncons; i++)
		rename_in(t->cons[i]->ncols, t->cons[i]->cols, from, to);
	for (int i = 0; i < t->nindexes; i++)
		for (int e = 0; e < t->indexes[i]->nelems; e++)
			if (t->indexes[i]->elems[e].column &&
			    !strcmp(t->indexes[i]->elems[e].column, from))
				t->indexes[i]->elems[e].column = to;
	for (int i = 0; i < sc->ntables; i++)
		for (int j = 0; j < sc->tables[i]->ncons; j++) {
			struct constraint *k = sc->tables[i]->cons[j];
			if (refers_to(k, t))
				rename_in(k->nref_cols, k->ref_cols, from, to);
		}
	forget_convention_names(t);
	return 0;
}

static int m_rename_table(struct gen *g, struct schema *sc)
{
	struct table *t = pick_table(g, sc);
	if (!t || views_mention(g, sc, t->name.name))
		return -1;
	for (int i = 0; avoided(g, "rename-table-with-enum") && i < t->ncols;
	     i++)
		if (t->cols[i]->type.kind == TYPE_ENUM)
			return -1;
	const char *to = fresh_table_name(g, sc);
	/* the foreign keys' targets first: refers_to compares names */
	for (int i = 0; i < sc->ntables; i++)
		for (int j = 0; j < sc->tables[i]->ncons; j++) {
			struct constraint *k = sc->tables[i]->cons[j];
			if (refers_to(k, t)) {
				k->ref_table.name = to;
				if (!k->name_written)
					k->name = NULL;
			}
		}
	t->renamed_from = orig_table_name(g, t);
	t->name.name = to;
	forget_convention_names(t);
	return 0;
}

/* A column whose type can change without touching a foreign key. */
static bool retypable_column(struct gen *g, const struct schema *sc,
                             const struct table *t, const struct column *c)
{
	(void)g;
	return c->type.array_dims == 0 && !in_foreign_key(sc, t, c->name) &&
	       (is_int(&c->type) || is_text(&c->type) ||
	        c->type.kind == TYPE_NUMERIC);
}

/* Changes within the safe families: integer <-> bigint, smallint ->
 * integer, varchar(n) -> varchar(m > n), varchar <-> text, numeric
 * precision up. */
static int m_change_type(struct gen *g, struct schema *sc)
{
	struct table *t;
	int ci;
	if (!pick_column(g, sc, retypable_column, &t, &ci))
		return -1;
	struct type *ty = &t->cols[ci]->type;
	switch (ty->kind) {
	case TYPE_SMALLINT:
	case TYPE_BIGINT:
		set_type(ty, TYPE_INTEGER, 0, 0, 0);
		break;
	case TYPE_INTEGER:
		set_type(ty, TYPE_BIGINT, 0, 0, 0);
		break;
	case TYPE_VARCHAR:
		if (ty->nargs == 1 && chance(g, 60))
			set_type(ty, TYPE_VARCHAR, 1,
			         ty->args[0] + 1 + pick(g, 300), 0);
		else
			set_type(ty, TYPE_TEXT, 0, 0, 0);
		break;
	case TYPE_TEXT:
		set_type(ty, TYPE_VARCHAR, 1, 1000 + pick(g, 1000), 0);
		break;
	case TYPE_NUMERIC:
		if (ty->nargs == 0)
			return -1;
		set_type(ty, TYPE_NUMERIC, ty->nargs,
		         ty->args[0] + 1 + pick(g, 6), ty->args[1]);
		break;
	default:
		return -1;
	}
	return 0;
}

static bool nullable_with_default(struct gen *g, const struct schema *sc,
                                  const struct table *t, const struct column *c)
{
	(void)g, (void)sc, (void)t;
	return !c->not_null && c->default_expr;
}

static int m_set_not_null(struct gen *g, struct schema *sc)
{
	struct table *t;
	int ci;
	if (!pick_column(g, sc, nullable_with_default, &t, &ci))
		return -1;
	t->cols[ci]->not_null = true;
	return 0;
}

static bool not_null_outside_pk(struct gen *g, const struct schema *sc,
                                const struct table *t, const struct column *c)
{
	(void)g, (void)sc;
	return c->not_null && !in_primary_key(t, c->name);
}

static int m_drop_not_null(struct gen *g, struct schema *sc)
{
	struct table *t;
	int ci;
	if (!pick_column(g, sc, not_null_outside_pk, &t, &ci))
		return -1;
	t->cols[ci]->not_null = false;
	return 0;
}

/* Outside keys, unique indexes and foreign keys: a default there would
 * be a value that no parent row has, or one that a key cannot take
 * twice (a column added with it holds it in every row). */
static bool defaultable_column(struct gen *g, const struct schema *sc,
                               const struct table *t, const struct column *c)
{
	(void)g;
	for (int i = 0; i < t->nindexes; i++)
		for (int e = 0;
		     t->indexes[i]->unique && e < t->indexes[i]->nelems; e++)
			if (t->indexes[i]->elems[e].column &&
			    !strcmp(t->indexes[i]->elems[e].column, c->name))
				return false;
	return c->type.array_dims == 0 && !c->generated && !c->identity &&
	       !in_key(t, c->name) && !in_foreign_key(sc, t, c->name) &&
	       takes_default(sc, &c->type);
}

static int m_set_default(struct gen *g, struct schema *sc)
{
	struct table *t;
	int ci;
	if (!pick_column(g, sc, defaultable_column, &t, &ci))
		return -1;
	struct column *c = t->cols[ci];
	const char *def = random_default(g, sc, &c->type);
	if (c->default_expr && !strcmp(c->default_expr->text, def))
		return -1;
	c->default_expr = new_expr(g, def);
	return 0;
}

/* A column with a default that can lose it: one that A has (its rows
 * have values), or a nullable one, or one of a table that A does not have
 * (no rows): a new not null column of an old table needs its default. */
static bool with_default(struct gen *g, const struct schema *sc,
                         const struct table *t, const struct column *c)
{
	(void)sc;
	return c->default_expr && !c->generated &&
	       (!c->not_null || orig_column_name(g, t, c) || !orig_table(g, t));
}

static int m_drop_default(struct gen *g, struct schema *sc)
{
	struct table *t;
	int ci;
	if (!pick_column(g, sc, with_default, &t, &ci))
		return -1;
	t->cols[ci]->default_expr = NULL;
	return 0;
}

static int m_add_index(struct gen *g, struct schema *sc)
{
	struct table *t;
	int ci;
	if (!pick_column(g, sc, any_column, &t, &ci))
		return -1;
	add_index_on(g, sc, t, ci);
	return 0;
}

static int m_drop_index(struct gen *g, struct schema *sc)
{
	int n = 0;
	for (int i = 0; i < sc->ntables; i++)
		n += sc->tables[i]->nindexes;
	if (n == 0)
		return -1;
	int k = pick(g, n);
	for (int i = 0; i < sc->ntables; i++) {
		struct table *t = sc->tables[i];
		if (k < t->nindexes) {
			REMOVE_AT(t->indexes, t->nindexes, k);
			return 0;
		}
		k -= t->nindexes;
	}
	return -1;
}

static int m_add_unique(struct gen *g, struct schema *sc)
{
	struct table *t;
	int ci;
	if (!pick_column(g, sc, int_or_text_column, &t, &ci))
		return -1;
	return add_unique_on(g, sc, t, ci) ? 0 : -1;
}

/* Drops a constraint of the kind; a key that a foreign key refers to
 * fails the check, and another is drawn. */
static int drop_constraint(struct gen *g, struct schema *sc,
                           enum constraint_kind kind)
{
	struct table *t;
	int k;
	if (!pick_constraint(g, sc, kind, &t, &k))
		return -1;
	REMOVE_AT(t->cons, t->ncons, k);
	return 0;
}

static int m_drop_unique(struct gen *g, struct schema *sc)
{
	return drop_constraint(g, sc, CON_UNIQUE);
}

static int m_add_check(struct gen *g, struct schema *sc)
{
	struct table *t;
	int ci;
	if (!pick_column(g, sc, int_or_text_column, &t, &ci))
		return -1;
	return add_check_on(g, sc, t, ci) ? 0 : -1;
}

static int m_drop_check(struct gen *g, struct schema *sc)
{
	return drop_constraint(g, sc, CON_CHECK);
}

/* A foreign key on a new nullable column (existing rows get NULL, which
 * no key can refuse); the parent may be the table itself, or a table
 * that refers to it (a cycle). */
static int m_add_fk(struct gen *g, struct schema *sc)
{
	struct table *t = pick_table(g, sc), *parent = pick_parent(g, sc);
	if (!t || !parent)
		return -1;
	add_reference(g, sc, t, parent, false);
	return 0;
}

static int m_drop_fk(struct gen *g, struct schema *sc)
{
	return drop_constraint(g, sc, CON_FOREIGN_KEY);
}

static int m_fk_action(struct gen *g, struct schema *sc)
{
	struct table *t;
	int ki;
	if (!pick_constraint(g, sc, CON_FOREIGN_KEY, &t, &ki))
		return -1;
	struct constraint *k = t->cons[ki];
	bool nullable = true;
	for (int i = 0; i < k->ncols; i++) {
		const struct column *c = table_find_column(t, k->cols[i]);
		nullable = nullable && c && !c->not_null;
	}
	enum fk_action a = random_action(g, nullable);
	enum fk_action was =
	    k->on_delete == FK_NO_ACTION ? FK_UNSPECIFIED : k->on_delete;
	if (a == was)
		return -1;
	k->on_delete = a;
	return 0;
}

static const char *fresh_value(struct gen *g, const struct enum_type *e)
{
	const char *w = PICK(g, value_words);
	for (int i = 0; i < e->nvalues; i++)
		if (!strcmp(e->values[i], w))
			return arena_printf(g->s->arena, "%s %d", w,
			                    ++g->counter);
	return w;
}

/* Whether name needs no quotes in SQL: a lower-case identifier that is
 * none of the SQL keywords of the word lists above. */
static bool sql_plain(const char *name)
{
	static const char *const keywords[] = {
	    "check", "default", "from", "group", "order", "select", "user",
	};
	bool plain = (name[0] >= 'a' && name[0] <= 'z') || name[0] == '_';
	for (const char *p = name; plain && *p; p++)
		plain = (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') ||
		        *p == '_';
	for (int i = 0; plain && i < NWORDS(keywords); i++)
		plain = strcmp(name, keywords[i]) != 0;
	return plain;
}

/* Whether e's name and the names of the columns of its type need no
 * quotes in SQL. */
static bool enum_sql_plain(const struct schema *sc, const struct enum_type *e)
{
	if (!sql_plain(e->name.name))
		return false;
	for (int i = 0; i < sc->ntables; i++)
		for (int j = 0; j < sc->tables[i]->ncols; j++) {
			const struct column *c = sc->tables[i]->cols[j];
			if (c->type.kind == TYPE_ENUM &&
			    !strcmp(c->type.name, e->name.name) &&
			    !sql_plain(c->name))
				return false;
		}
	return true;
}

/* A value at the end, first or in the middle. */
static int m_enum_add_value(struct gen *g, struct schema *sc)
{
	if (sc->nenums == 0)
		return -1;
	struct enum_type *e = sc->enums[pick(g, sc->nenums)];
	if (avoided(g, "enum-rebuild-names") && !enum_sql_plain(sc, e))
		return -1;
	const char *v = fresh_value(g, e);
	int at = pick(g, 3) == 0 ? e->nvalues : pick(g, e->nvalues + 1);
	ARENA_PUSH(g->s->arena, e->values, e->nvalues, e->capvalues, v);
	memmove(&e->values[at + 1], &e->values[at],
	        sizeof *e->values * (size_t)(e->nvalues - 1 - at));
	e->values[at] = v;
	return 0;
}

static struct enum_type *add_enum(struct gen *g, struct schema *sc)
{
	struct arena *a = g->s->arena;
	struct enum_type *e = arena_alloc(a, sizeof *e);
	e->name.name = fresh_enum_name(g, sc);
	for (int n = 2 + pick(g, 3); n > 0; n--) {
		const char *v = fresh_value(g, e);
		ARENA_PUSH(a, e->values, e->nvalues, e->capvalues, v);
	}
	ARENA_PUSH(a, sc->enums, sc->nenums, sc->capenums, e);
	return e;
}

static int m_new_enum_column(struct gen *g, struct schema *sc)
{
	struct table *t = pick_table(g, sc);
	if (!t)
		return -1;
	struct enum_type *e = add_enum(g, sc);
	struct type ty;
	set_enum_type(&ty, e);
	struct column *c = new_column(g, fresh_column_name(g, t), &ty);
	if (chance(g, 50)) {
		c->default_expr = new_expr(g, sql_string(g, e->values[0]));
		c->not_null = chance(g, 50);
	}
	push_column(g, t, c);
	return 0;
}

/* Sets, changes or drops a table's or a column's comment. */
static int m_comment(struct gen *g, struct schema *sc)
{
	struct table *t = pick_table(g, sc);
	if (!t)
		return -1;
	const char **at = &t->comment;
	if (chance(g, 60)) {
		struct column *c = t->cols[pick(g, t->ncols)];
		at = &c->comment;
	}
	*at = *at && chance(g, 40) ? NULL : random_comment(g);
	return 0;
}

struct kind {
	const char *name;
	int (*fn)(struct gen *g, struct schema *sc);
	int weight;
	bool pg_only; /* SQLite stores no such thing */
};

static const struct kind kinds[] = {
    {"add-table", m_add_table, 3, false},
    {"drop-table", m_drop_table, 2, false},
    {"add-column", m_add_column, 4, false},
    {"drop-column", m_drop_column, 3, false},
    {"rename-column", m_rename_column, 3, false},
    {"rename-table", m_rename_table, 2, false},
    {"change-type", m_change_type, 3, false},
    {"set-not-null", m_set_not_null, 2, false},
    {"drop-not-null", m_drop_not_null, 2, false},
    {"set-default", m_set_default, 3, false},
    {"drop-default", m_drop_default, 2, false},
    {"add-index", m_add_index, 3, false},
    {"drop-index", m_drop_index, 2, false},
    {"add-unique", m_add_unique, 2, false},
    {"drop-unique", m_drop_unique, 2, false},
    {"add-check", m_add_check, 2, false},
    {"drop-check", m_drop_check, 2, false},
    {"add-fk", m_add_fk, 3, false},
    {"drop-fk", m_drop_fk, 2, false},
    {"fk-action", m_fk_action, 2, false},
    {"enum-add-value", m_enum_add_value, 3, false},
    {"new-enum-column", m_new_enum_column, 2, false},
    {"comment", m_comment, 2, true},
};
#define NKINDS ((int)(sizeof kinds / sizeof kinds[0]))
_Static_assert(sizeof kinds / sizeof kinds[0] <= FEATURE_BASE,
               "kinds and features share the bits of gen.avoid");

/* The kinds the generator uses to fill in the tables it made. */
static const char *const enrich[] = {
    "add-column", "add-index",   "add-unique",      "add-check",
    "add-fk",     "set-default", "new-enum-column", "comment",
};

static int kind_index(const char *name)
{
	for (int i = 0; i < NKINDS; i++)
		if (!strcmp(kinds[i].name, name))
			return i;
	return -1;
}

static bool kind_allowed(const struct gen *g, int i)
{
	return !(g->avoid & 1u << i) && (!kinds[i].pg_only || g->pg);
}

static int draw_kind(struct gen *g)
{
	int total = 0;
	for (int i = 0; i < NKINDS; i++)
		total += kind_allowed(g, i) ? kinds[i].weight : 0;
	int r = pick(g, total);
	for (int i = 0; i < NKINDS; i++) {
		if (!kind_allowed(g, i))
			continue;
		if (r < kinds[i].weight)
			return i;
		r -= kinds[i].weight;
	}
	return -1;
}

/* ---- printing and reloading ---- */

/* fmt_schema's layout, with the tables' and columns' `renamed from`
 * hints put back (fmt_canonical_table leaves them out). */
static void print_schema(struct session *s, const struct schema *sc,
                         struct strbuf *out)
{
	struct schema head = {0}, tail = {0};
	head.enums = sc->enums;
	head.nenums = sc->nenums;
	head.types = sc->types;
	head.ntypes = sc->ntypes;
	tail.views = sc->views;
	tail.nviews = sc->nviews;
	size_t start = out->len;
	fmt_schema(s, &head, out);
	for (int i = 0; i < sc->ntables; i++) {
		const struct table *t = sc->tables[i];
		struct table *p = fmt_canonical_table(s, t);
		p->renamed_from = t->renamed_from;
		for (int j = 0; j < t->ncols; j++)
			p->cols[j]->renamed_from = t->cols[j]->renamed_from;
		if (out->len > start)
			strbuf_putc(out, '\n');
		fmt_table(s, p, 0, "", out);
	}
	if (tail.nviews && out->len > start)
		strbuf_putc(out, '\n');
	fmt_schema(s, &tail, out);
}

/* Prints sc, parses and checks the text into *out.  Returns 0, or -1
 * when it does not load (the errors go to g->sink). */
static int reload(struct gen *g, const struct schema *sc, struct schema *out)
{
	struct session t = *g->s;
	struct strbuf text = STRBUF_INIT;
	print_schema(g->s, sc, &text);
	t.diag = diag_new(g->sink);
	diag_set_quiet(t.diag, 1); /* the errors of a rejected try only */
	struct source *src = source_from_string(t.arena, "<mutated>",
	                                        strbuf_str(&text), text.len, 0);
	memset(out, 0, sizeof *out);
	int rc = parse_models(&t, src, out);
	if (rc == 0)
		rc = check_schema(&t, out);
	diag_flush(t.diag);
	diag_free(t.diag);
	strbuf_free(&text);
	return rc;
}

static bool has_unused_enum(const struct schema *sc)
{
	for (int i = 0; i < sc->nenums; i++) {
		const struct qname *e = &sc->enums[i]->name;
		bool used = false;
		for (int j = 0; !used && j < sc->ntables; j++)
			for (int k = 0; !used && k < sc->tables[j]->ncols;
			     k++) {
				const struct type *ty =
				    &sc->tables[j]->cols[k]->type;
				used = ty->kind == TYPE_ENUM &&
				       !strcmp(ty->name, e->name) &&
				       (ty->schema == e->schema ||
				        (ty->schema && e->schema &&
				         !strcmp(ty->schema, e->schema)));
			}
		if (!used)
			return true;
	}
	return false;
}

/* Applies one mutation of kind k (or of a drawn kind when k < 0) to *cur.
 * Returns the kind applied, or -1 when no try succeeded. */
static int mutate_once(struct gen *g, struct schema *cur, int k)
{
	for (int try = 0; try < MAX_TRIES; try++) {
		int i = k >= 0 ? k : draw_kind(g);
		if (i < 0)
			return -1;
		struct schema trial = {0}, next;
		schema_copy(g->s->arena, &trial, cur);
		if (kinds[i].fn(g, &trial) < 0 || reload(g, &trial, &next) < 0)
			continue;
		if (schema_equal(g->s->arena, cur, &next) ||
		    (avoided(g, "unused-enum") && has_unused_enum(&next)))
			continue;
		*cur = next;
		return i;
	}
	return -1;
}

/* A base schema from scratch: enums, 5-15 tables, then about two
 * additions per table. */
static int generate(struct gen *g, struct schema *cur)
{
	for (int n = avoided(g, "unused-enum") ? 0 : pick(g, 3); n > 0; n--)
		add_enum(g, cur);
	int ntables = 5 + pick(g, 11);
	for (int i = 0; i < ntables; i++)
		if (mutate_once(g, cur, kind_index("add-table")) < 0)
			return -1;
	for (int n = 2 * ntables; n > 0; n--)
		if (mutate_once(g, cur, kind_index(PICK(g, enrich))) < 0)
			return -1;
	return 0;
}

static void clear_hints(struct schema *sc)
{
	for (int i = 0; i < sc->ntables; i++) {
		sc->tables[i]->renamed_from = NULL;
		for (int j = 0; j < sc->tables[i]->ncols; j++)
			sc->tables[i]->cols[j]->renamed_from = NULL;
	}
}

/* ---- the program ---- */

static int usage(void)
{
	fprintf(stderr, "usage: mutate --seed N --generate [--dialect D] "
	                "[--avoid KIND,...]\n"
	                "       mutate --seed N [--steps K] [--dialect D] "
	                "[--avoid KIND,...] [-v] MODELS\n"
	                "kinds:");
	for (int i = 0; i < NKINDS; i++)
		fprintf(stderr, " %s", kinds[i].name);
	fputs("\nfeatures:", stderr);
	for (int i = 0; i < NFEATURES; i++)
		fprintf(stderr, " %s", features[i]);
	fputc('\n', stderr);
	return 2;
}

/* Sets the bits of the comma-separated kinds of list; false if one is
 * unknown. */
static bool parse_avoid(const char *list, unsigned *avoid)
{
	while (*list) {
		size_t n = strcspn(list, ",");
		int found = -1;
		for (int i = 0; i < NKINDS; i++)
			if (strlen(kinds[i].name) == n &&
			    !strncmp(kinds[i].name, list, n))
				found = i;
		for (int i = 0; i < NFEATURES; i++)
			if (strlen(features[i]) == n &&
			    !strncmp(features[i], list, n))
				found = FEATURE_BASE + i;
		if (found < 0 && n > 0) {
			fprintf(stderr, "mutate: unknown kind \"%.*s\"\n",
			        (int)n, list);
			return false;
		}
		if (found >= 0)
			*avoid |= 1u << found;
		list += n + (list[n] == ',');
	}
	return true;
}

struct args {
	const char *models;
	unsigned long long seed;
	bool have_seed, generating, verbose;
	int steps;
	enum dialect dialect;
	unsigned avoid;
};

static bool parse_args(int argc, char **argv, struct args *a)
{
	for (int i = 1; i < argc; i++) {
		const char *v = i + 1 < argc ? argv[i + 1] : NULL;
		char *end;
		if (!strcmp(argv[i], "--generate")) {
			a->generating = true;
		} else if (!strcmp(argv[i], "-v")) {
			a->verbose = true;
		} else if (!strcmp(argv[i], "--seed") && v) {
			a->seed = strtoull(v, &end, 10);
			a->have_seed = *v && !*end;
			i++;
		} else if (!strcmp(argv[i], "--steps") && v) {
			a->steps = (int)strtol(v, &end, 10);
			if (!*v || *end || a->steps < 0)
				return false;
			i++;
		} else if (!strcmp(argv[i], "--dialect") && v) {
			if (!dialect_parse(v, &a->dialect))
				return false;
			i++;
		} else if (!strcmp(argv[i], "--avoid") && v) {
			if (!parse_avoid(v, &a->avoid))
				return false;
			i++;
		} else if (argv[i][0] != '-' && !a->models) {
			a->models = argv[i];
		} else {
			return false;
		}
	}
	return a->have_seed && (a->generating == !a->models);
}

int main(int argc, char **argv)
{
	struct args a = {.steps = 3, .dialect = DIALECT_SQLITE};
	if (!parse_args(argc, argv, &a))
		return usage();
	struct session s;
	session_open(&s);
	s.dialect = a.dialect;
	diag_set_quiet(s.diag, 1);
	FILE *null = a.verbose ? NULL : fopen("/dev/null", "w");
	struct gen g = {
	    .s = &s,
	    /* the two modes draw from different streams of one seed */
	    .rng = a.seed * 2 + a.generating,
	    .pg = a.dialect == DIALECT_POSTGRESQL,
	    .avoid = a.avoid,
	    .sink = null ? null : stderr,
	};
	g.comments = g.pg || a.generating;
	struct schema orig = {0}, cur = {0};
	int rc = 0;
	if (a.generating) {
		rc = generate(&g, &cur);
	} else if (load_models(&s, a.models, &orig) < 0) {
		diag_flush(s.diag);
		rc = -2;
	} else {
		g.orig = &orig;
		schema_copy(s.arena, &cur, &orig);
		clear_hints(&cur);
		for (int i = 0; i < a.steps && rc == 0; i++) {
			int k = mutate_once(&g, &cur, -1);
			if (a.verbose && k >= 0)
				fprintf(stderr, "mutate: %s\n", kinds[k].name);
			rc = k < 0 ? -1 : 0;
		}
	}
	if (rc == -1)
		fprintf(stderr,
		        "mutate: seed %llu: no mutation applied in "
		        "%d tries\n",
		        a.seed, MAX_TRIES);
	if (rc == 0) {
		struct strbuf out = STRBUF_INIT;
		print_schema(&s, &cur, &out);
		fwrite(strbuf_str(&out), 1, out.len, stdout);
		strbuf_free(&out);
	}
	if (null)
		fclose(null);
	session_close(&s);
	return rc == 0 ? 0 : rc == -2 ? 2 : 1;
}
