/*
 * check.c - the checker: the semantic pass between the parser and every
 * later stage.  It takes the schema that parse_models built from all
 * model files of a run (nothing resolved, nothing sorted), and
 *
 *   1. registers tables, views, enums and `type` declarations, rejecting
 *      duplicates (hash maps, so a 10,000-table model stays linear);
 *   2. checks each table: columns, their types (resolved here from the
 *      written name), identity/autoincrement/generated/default clashes,
 *      primary key, constraint and index columns, what the dialect can
 *      represent;
 *   3. names unnamed constraints and indexes from the naming convention
 *      and rejects names that collide (constraint names per table; index
 *      names per schema, sharing the namespace of tables and views, and on
 *      PostgreSQL of primary key and unique constraints, which create
 *      indexes of their name);
 *   4. resolves foreign keys across files: target table, referenced
 *      columns (default: the target's primary key), counts, types, and
 *      that the target columns are a key; a foreign key that passes gets
 *      a warning when no index or key of its table covers its columns.
 *
 * Every problem is reported (the checker never stops at the first); a
 * definition that clashes with an earlier one is reported at the second,
 * with a note at the first.  Messages are stable: golden tests compare
 * them byte for byte.
 *
 * Type resolution: a written name is, in this order, a portable type
 * name or alias (type_lookup: int -> integer, bytea -> blob...), an enum
 * of the schema, a `type NAME` declaration, or (unqualified, or qualified
 * with pg_catalog) one of PostgreSQL's built-in types (TYPE_NATIVE).  The
 * resolved type keeps its canonical name, so type_to_string prints
 * "integer" for a column written `int4`.
 *
 * Generated names: the templates of s->naming, with %(table) (the table's
 * name, without its schema), %(columns) (the constraint's or index's
 * columns joined by '_'; for an index expression, the identifiers inside
 * it, folded, leaving out SQL words such as and/or/not/null, or "expr"
 * when there are none), %(referred_table) (a foreign key's target, without its schema) and
 * %(name) (for a check: the column of an inline check; for a table check
 * the table's columns that occur in the expression, in column order, or
 * "check<N>" for the N-th table check (in the table's constraint order)
 * that mentions none; for the other
 * kinds the same as %(columns)).  A name longer than PostgreSQL's 63 bytes
 * keeps its first 54 bytes (cut back to a UTF-8 character boundary) and
 * gets '_' and 8 hex digits of the FNV-1a 32-bit hash of the full name,
 * so it stays unique and stable.
 */
#include "check.h"

#include <ctype.h>
#include <stdint.h>
#include <string.h>

#include "strbuf.h"

#define PG_NAME_MAX 63

/* ---- a string-keyed hash map of named objects ---- */

enum obj_kind { K_TABLE, K_VIEW, K_INDEX, K_CONSTRAINT, K_ENUM, K_TYPE };

static const char *const obj_kind_name[] = {"table",      "view", "index",
                                            "constraint", "enum", "type"};

struct entry {
	const char *schema; /* "" for the default schema */
	const char *name;
	enum obj_kind kind;
	const char *display; /* schema.name as messages print it */
	struct span span;
	void *obj;
	bool generated; /* the name came from the naming convention */
};

/* Open addressing, linear probing, over pointers to the entries (a
 * sparse table of 8-byte slots stays small for a 10,000-table model);
 * keys are borrowed from the schema, so a lookup allocates nothing (the
 * checker does one per column type and foreign key). */
struct map {
	struct entry **v;
	size_t cap, n;
};

static uint64_t hash_key(const char *schema, const char *name)
{
	uint64_t h = 14695981039346656037ULL;
	for (const unsigned char *p = (const unsigned char *)schema; *p; p++) {
		h ^= *p;
		h *= 1099511628211ULL;
	}
	h ^= 0x1f; /* a separator, so ("ab", "c") differs from ("a", "bc") */
	h *= 1099511628211ULL;
	for (const unsigned char *p = (const unsigned char *)name; *p; p++) {
		h ^= *p;
		h *= 1099511628211ULL;
	}
	return h;
}

static struct entry **map_slot(struct entry **v, size_t cap, const char *schema,
                               const char *name)
{
	size_t i = (size_t)hash_key(schema, name) & (cap - 1);
	while (v[i] &&
	       (strcmp(v[i]->name, name) || strcmp(v[i]->schema, schema)))
		i = (i + 1) & (cap - 1);
	return &v[i];
}

/* Makes room for at least need entries at a load factor of 1/2. */
static void map_reserve(struct arena *a, struct map *m, size_t need)
{
	if (need * 2 <= m->cap)
		return;
	size_t cap = m->cap ? m->cap : 64;
	while (cap < need * 2)
		cap *= 2;
	struct entry **v = arena_alloc(a, sizeof *v * cap);
	for (size_t i = 0; i < m->cap; i++)
		if (m->v[i])
			*map_slot(v, cap, m->v[i]->schema, m->v[i]->name) =
			    m->v[i];
	m->v = v;
	m->cap = cap;
}

static struct entry *map_get(const struct map *m, const char *schema,
                             const char *name)
{
	if (!m->cap || !name)
		return NULL;
	return *map_slot(m->v, m->cap, schema ? schema : "", name);
}

/* Inserts a copy of e unless its key is present; returns the existing
 * entry then, else NULL. */
static struct entry *map_put(struct arena *a, struct map *m,
                             const struct entry *e)
{
	struct entry *old = map_get(m, e->schema, e->name);
	if (old)
		return old;
	map_reserve(a, m, m->n + 1);
	struct entry *copy = arena_alloc(a, sizeof *copy);
	*copy = *e;
	*map_slot(m->v, m->cap, e->schema, e->name) = copy;
	m->n++;
	return NULL;
}

/* ---- the checker's state ---- */

struct checker {
	struct session *s;
	struct schema *sc;
	struct map rels;     /* tables, views, indexes (+ pk/unique on pg) */
	struct map types;    /* enums and `type` declarations */
	struct map portable; /* type_lookup's answers, by written name */
};

static struct span pick(struct span a, struct span b)
{
	return a.src ? a : b;
}

static const char *qdisplay(struct arena *a, const char *schema,
                            const char *name)
{
	return schema ? arena_printf(a, "%s.%s", schema, name) : name;
}

static const char *tdisplay(struct checker *c, const struct table *t)
{
	return qdisplay(c->s->arena, t->name.schema, t->name.name);
}

static bool is_pg(const struct checker *c)
{
	return c->s->dialect == DIALECT_POSTGRESQL;
}

static void hint_use_pg(struct checker *c, struct span sp)
{
	diag_hint(c->s->diag, sp,
	          "Only PostgreSQL supports this: use --dialect postgresql.");
}

/* ---- "did you mean" ---- */

/* Optimal string alignment distance (a transposition costs 1). */
static int edit_distance(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);
	if (la > 63 || lb > 63)
		return 1000;
	int d[64][64];
	for (size_t i = 0; i <= la; i++)
		d[i][0] = (int)i;
	for (size_t j = 0; j <= lb; j++)
		d[0][j] = (int)j;
	for (size_t i = 1; i <= la; i++)
		for (size_t j = 1; j <= lb; j++) {
			int cost = a[i - 1] != b[j - 1];
			int v = d[i - 1][j] + 1;
			if (d[i][j - 1] + 1 < v)
				v = d[i][j - 1] + 1;
			if (d[i - 1][j - 1] + cost < v)
				v = d[i - 1][j - 1] + cost;
			if (i > 1 && j > 1 && a[i - 1] == b[j - 2] &&
			    a[i - 2] == b[j - 1] && d[i - 2][j - 2] + 1 < v)
				v = d[i - 2][j - 2] + 1;
			d[i][j] = v;
		}
	return d[la][lb];
}

struct suggest {
	const char *word;
	const char *best;
	int bestd;
};

static void suggest_init(struct suggest *sg, const char *word)
{
	sg->word = word;
	sg->best = NULL;
	int len = (int)strlen(word);
	/* close enough to be a typo: at most 2 edits, and at most a third
	 * of the word (so "id" does not suggest "at") */
	int limit = (len + 1) / 3;
	if (limit < 1)
		limit = 1;
	if (limit > 2)
		limit = 2;
	sg->bestd = limit + 1;
}

/* Whether every character of word appears in cand in order: the user
 * left letters out ("timestampz" of "timestamptz"). */
static bool is_subsequence(const char *word, const char *cand)
{
	for (; *cand && *word; cand++)
		if (*cand == *word)
			word++;
	return *word == '\0';
}

/* Candidates are offered in a fixed order; the first of the closest wins,
 * except that among equally close ones a candidate that only adds letters
 * beats one that drops or changes them (typing too little is the more
 * common slip). */
static void suggest_add(struct suggest *sg, const char *cand)
{
	if (!cand || !strcmp(cand, sg->word))
		return;
	int d = edit_distance(sg->word, cand);
	if (d == sg->bestd && sg->best && is_subsequence(sg->word, cand) &&
	    !is_subsequence(sg->word, sg->best))
		sg->best = cand;
	if (d < sg->bestd) {
		sg->bestd = d;
		sg->best = cand;
	}
}

static void suggest_hint(struct checker *c, const struct suggest *sg,
                         struct span sp)
{
	if (sg->best)
		diag_hint(c->s->diag, sp, "did you mean \"%s\"?", sg->best);
}

static void hint_column(struct checker *c, const struct table *t,
                        const char *name, struct span sp)
{
	struct suggest sg;
	suggest_init(&sg, name);
	for (int i = 0; i < t->ncols; i++)
		suggest_add(&sg, t->cols[i]->name);
	suggest_hint(c, &sg, sp);
}

/* ---- clashes ---- */

/* Reports e clashing with old: at e, with a note at old. */
static void report_clash(struct checker *c, const struct entry *e,
                         const struct entry *old)
{
	struct diag *d = c->s->diag;
	if (e->kind == old->kind)
		diag_error(d, e->span, "duplicate %s \"%s\"",
		           obj_kind_name[e->kind], e->display);
	else
		diag_error(d, e->span,
		           "%s \"%s\" has the same name as %s \"%s\"",
		           obj_kind_name[e->kind], e->display,
		           obj_kind_name[old->kind], old->display);
	if (e->kind == old->kind)
		diag_note(d, old->span, "\"%s\" first defined here",
		          old->display);
	else
		diag_note(d, old->span, "%s \"%s\" is defined here",
		          obj_kind_name[old->kind], old->display);
	if (e->generated || old->generated)
		diag_hint(d, e->span,
		          "The name comes from the naming convention; give one "
		          "of them an explicit name.");
	else if ((e->kind == K_INDEX && old->kind == K_CONSTRAINT) ||
	         (e->kind == K_CONSTRAINT && old->kind == K_INDEX))
		diag_hint(d, e->span,
		          "On PostgreSQL a primary key or unique constraint "
		          "creates an index of the same name.");
}

static void put_name(struct checker *c, struct map *m, enum obj_kind kind,
                     const char *schema, const char *name, struct span sp,
                     void *obj, bool generated)
{
	if (!name)
		return;
	struct entry e = {schema ? schema : "",
	                  name,
	                  kind,
	                  qdisplay(c->s->arena, schema, name),
	                  sp,
	                  obj,
	                  generated};
	struct entry *old = map_put(c->s->arena, m, &e);
	if (old)
		report_clash(c, &e, old);
}

/* Objects that cannot live outside the default schema on SQLite. */
static void check_unqualified(struct checker *c, const char *what,
                              const struct qname *q, struct span at)
{
	if (!q->schema || is_pg(c))
		return;
	diag_error(
	    c->s->diag, pick(q->span, at),
	    "schema-qualified %s \"%s.%s\" cannot be represented on sqlite",
	    what, q->schema, q->name);
	hint_use_pg(c, pick(q->span, at));
}

static void register_objects(struct checker *c)
{
	struct schema *sc = c->sc;
	struct diag *d = c->s->diag;
	for (int i = 0; i < sc->ntables; i++) {
		struct table *t = sc->tables[i];
		check_unqualified(c, "table", &t->name, t->span);
		put_name(c, &c->rels, K_TABLE, t->name.schema, t->name.name,
		         pick(t->name.span, t->span), t, false);
	}
	for (int i = 0; i < sc->nviews; i++) {
		struct view *v = sc->views[i];
		check_unqualified(c, "view", &v->name, v->span);
		put_name(c, &c->rels, K_VIEW, v->name.schema, v->name.name,
		         pick(v->name.span, v->span), v, false);
	}
	for (int i = 0; i < sc->nenums; i++) {
		struct enum_type *e = sc->enums[i];
		struct span sp = pick(e->name.span, e->span);
		check_unqualified(c, "enum", &e->name, e->span);
		put_name(c, &c->types, K_ENUM, e->name.schema, e->name.name, sp,
		         e, false);
		for (int j = 0; j < e->nvalues; j++)
			for (int k = 0; k < j; k++)
				if (!strcmp(e->values[j], e->values[k])) {
					diag_error(d, e->span,
					           "duplicate value '%s' in "
					           "enum \"%s\"",
					           e->values[j],
					           qdisplay(c->s->arena,
					                    e->name.schema,
					                    e->name.name));
					break;
				}
	}
	for (int i = 0; i < sc->ntypes; i++) {
		struct ext_type *t = sc->types[i];
		put_name(c, &c->types, K_TYPE, t->name.schema, t->name.name,
		         pick(t->name.span, t->span), t, false);
	}
	/* every PostgreSQL table and view also defines a row type of its name */
	if (!is_pg(c))
		return;
	for (size_t i = 0; i < c->types.cap; i++) {
		struct entry *e = c->types.v[i];
		if (!e)
			continue;
		struct entry *r = map_get(&c->rels, e->schema, e->name);
		if (r && (r->kind == K_TABLE || r->kind == K_VIEW)) {
			report_clash(c, e, r);
			diag_hint(
			    d, e->span,
			    "On PostgreSQL every table and view also defines a "
			    "type of its name.");
		}
	}
}

/* ---- types ---- */

static bool is_integer_kind(const struct type *t)
{
	return t->array_dims == 0 &&
	       (t->kind == TYPE_SMALLINT || t->kind == TYPE_INTEGER ||
	        t->kind == TYPE_BIGINT);
}

static void check_type_args(struct checker *c, struct type *t,
                            const struct type_name *tn, struct span sp)
{
	struct diag *d = c->s->diag;
	if (t->nargs > tn->max_args) {
		if (tn->max_args == 0)
			diag_error(d, sp, "type \"%s\" does not take arguments",
			           tn->name);
		else
			diag_error(d, sp,
			           "type \"%s\" takes at most %d argument%s",
			           tn->name, tn->max_args,
			           tn->max_args == 1 ? "" : "s");
		return;
	}
	if (t->nargs == 0)
		return;
	int n = t->args[0];
	switch (t->kind) {
	case TYPE_VARCHAR:
	case TYPE_CHAR:
		if (n < 1 || n > 10485760)
			diag_error(
			    d, sp,
			    "length of type \"%s\" must be between 1 and "
			    "10485760, not %d",
			    tn->name, n);
		break;
	case TYPE_NUMERIC:
		if (n < 1 || n > 1000)
			diag_error(
			    d, sp,
			    "numeric precision %d must be between 1 and 1000",
			    n);
		else if (t->nargs == 2 && (t->args[1] < 0 || t->args[1] > n))
			diag_error(d, sp,
			           "numeric scale %d must be between 0 and the "
			           "precision %d",
			           t->args[1], n);
		break;
	case TYPE_TIME:
	case TYPE_TIMESTAMP:
	case TYPE_TIMESTAMPTZ:
	case TYPE_INTERVAL:
		if (n < 0 || n > 6)
			diag_error(
			    d, sp,
			    "precision of type \"%s\" must be between 0 and 6, "
			    "not %d",
			    tn->name, n);
		break;
	default:
		break;
	}
}

static void unknown_type(struct checker *c, const struct type *t,
                         struct span sp)
{
	struct diag *d = c->s->diag;
	const char *shown = qdisplay(c->s->arena, t->schema, t->name);
	diag_error(d, sp, "unknown type \"%s\"", shown);
	if (!t->schema &&
	    (!strcmp(t->name, "serial") || !strcmp(t->name, "bigserial") ||
	     !strcmp(t->name, "smallserial"))) {
		diag_hint(d, sp,
		          "serial is PostgreSQL shorthand, not a type: write "
		          "\"integer primary key autoincrement\" or \"integer "
		          "generated by default as identity\".");
		return;
	}
	struct suggest sg;
	suggest_init(&sg, t->name);
	for (int i = 0; i < ntype_names; i++)
		suggest_add(&sg, type_names[i].name);
	for (int i = 0; i < c->sc->nenums; i++)
		if ((t->schema == NULL) ==
		    (c->sc->enums[i]->name.schema == NULL))
			suggest_add(&sg, c->sc->enums[i]->name.name);
	for (int i = 0; i < c->sc->ntypes; i++)
		if ((t->schema == NULL) ==
		    (c->sc->types[i]->name.schema == NULL))
			suggest_add(&sg, c->sc->types[i]->name.name);
	if (is_pg(c))
		for (int i = 0; i < npg_native_types; i++)
			suggest_add(&sg, pg_native_types[i]);
	suggest_hint(c, &sg, sp);
}

/* type_lookup, remembered per name: a model spells its few types over
 * and over, and a hash probe is cheaper than the bsearch of strcmp. */
static const struct type_name *cached_type_lookup(struct checker *c,
                                                  const char *name)
{
	struct entry *e = map_get(&c->portable, "", name);
	if (e)
		return e->obj;
	struct entry ne = {.schema = "", .name = name};
	ne.obj = (void *)type_lookup(name);
	map_put(c->s->arena, &c->portable, &ne);
	return ne.obj;
}

/* Resolves a written type and checks that the dialect can represent it.
 * at is where to report when the type has no span of its own. */
static void resolve_type(struct checker *c, struct type *t, struct span at)
{
	struct diag *d = c->s->diag;
	struct span sp = pick(t->span, at);
	if (t->kind == TYPE_UNRESOLVED) {
		const struct type_name *tn =
		    t->schema ? NULL : cached_type_lookup(c, t->name);
		struct entry *e =
		    tn ? NULL : map_get(&c->types, t->schema, t->name);
		if (tn) {
			t->kind = tn->kind;
			t->name = tn->name;
			check_type_args(c, t, tn, sp);
		} else if (e) {
			t->kind = e->kind == K_ENUM ? TYPE_ENUM : TYPE_EXTERNAL;
			if (e->kind == K_ENUM && t->nargs > 0)
				diag_error(
				    d, sp,
				    "enum type \"%s\" does not take arguments",
				    e->display);
		} else if ((!t->schema || !strcmp(t->schema, "pg_catalog")) &&
		           type_is_pg_native(t->name)) {
			t->kind = TYPE_NATIVE;
			t->schema = NULL;
		} else {
			unknown_type(c, t, sp);
			return;
		}
	}
	if (is_pg(c) || (t->array_dims == 0 && t->kind != TYPE_NATIVE &&
	                 t->kind != TYPE_EXTERNAL))
		return;
	const char *shown = type_to_string(c->s->arena, t);
	if (t->array_dims > 0) {
		diag_error(d, sp,
		           "array type \"%s\" cannot be represented on sqlite",
		           shown);
		diag_hint(
		    d, sp,
		    "Use --dialect postgresql, or store the values in a json "
		    "column.");
	} else if (t->kind == TYPE_NATIVE) {
		diag_error(
		    d, sp,
		    "postgresql type \"%s\" cannot be represented on sqlite",
		    shown);
		hint_use_pg(c, sp);
	} else if (t->kind == TYPE_EXTERNAL) {
		diag_error(
		    d, sp,
		    "external type \"%s\" cannot be represented on sqlite",
		    shown);
		hint_use_pg(c, sp);
	}
	/* a schema-qualified enum is reported once, at its declaration */
}

/* ---- tables ---- */

static const char *const con_kind_name[] = {"primary key", "unique", "check",
                                            "foreign key"};

/* Columns of a key: each exists and appears once. */
static void check_key_columns(struct checker *c, struct table *t,
                              struct constraint *k)
{
	struct diag *d = c->s->diag;
	for (int i = 0; i < k->ncols; i++) {
		if (!table_find_column(t, k->cols[i])) {
			diag_error(
			    d, k->span,
			    "column \"%s\" does not exist in table \"%s\"",
			    k->cols[i], tdisplay(c, t));
			hint_column(c, t, k->cols[i], k->span);
			continue;
		}
		for (int j = 0; j < i; j++)
			if (!strcmp(k->cols[i], k->cols[j])) {
				diag_error(d, k->span,
				           "column \"%s\" appears twice in %s "
				           "constraint",
				           k->cols[i], con_kind_name[k->kind]);
				break;
			}
	}
}

static void check_column(struct checker *c, struct table *t, int ci,
                         const struct constraint *pk)
{
	struct diag *d = c->s->diag;
	struct column *col = t->cols[ci];
	struct span nsp = pick(col->name_span, col->span);
	/* quadratic in the columns of one table, which stay few; the first
	 * byte is compared inline because most pairs differ there */
	for (int j = 0; j < ci; j++)
		if (t->cols[j]->name[0] == col->name[0] &&
		    !strcmp(t->cols[j]->name, col->name)) {
			diag_error(d, nsp,
			           "duplicate column \"%s\" in table \"%s\"",
			           col->name, tdisplay(c, t));
			diag_note(d,
			          pick(t->cols[j]->name_span, t->cols[j]->span),
			          "\"%s\" first defined here", col->name);
			break;
		}
	resolve_type(c, &col->type, col->span);
	bool resolved = col->type.kind != TYPE_UNRESOLVED;

	if (col->default_expr && col->generated)
		diag_error(d, nsp,
		           "column \"%s\" cannot have both a default and a "
		           "generated expression",
		           col->name);
	if (col->identity != IDENTITY_NONE) {
		if (col->default_expr)
			diag_error(
			    d, nsp,
			    "column \"%s\" cannot have both a default and an "
			    "identity",
			    col->name);
		if (col->generated)
			diag_error(d, nsp,
			           "column \"%s\" cannot have both a generated "
			           "expression and an identity",
			           col->name);
		if (col->autoincrement)
			diag_error(
			    d, nsp,
			    "column \"%s\" cannot be both autoincrement and an "
			    "identity",
			    col->name);
		if (resolved && !is_integer_kind(&col->type))
			diag_error(d, nsp,
			           "identity column \"%s\" must be smallint, "
			           "integer or "
			           "bigint, not %s",
			           col->name,
			           type_to_string(c->s->arena, &col->type));
		if (!is_pg(c)) {
			diag_error(
			    d, nsp,
			    "identity column \"%s\" cannot be represented on "
			    "sqlite",
			    col->name);
			diag_hint(
			    d, nsp,
			    "Use --dialect postgresql, or write \"integer "
			    "primary key autoincrement\".");
		}
	}
	if (col->autoincrement) {
		if (resolved && !is_integer_kind(&col->type))
			diag_error(
			    d, nsp,
			    "autoincrement column \"%s\" must be smallint, "
			    "integer or bigint, not %s",
			    col->name, type_to_string(c->s->arena, &col->type));
		/* PostgreSQL's serial works on any column; SQLite's
		 * AUTOINCREMENT only on the rowid, the integer primary key */
		if (!is_pg(c) &&
		    (!pk || pk->ncols != 1 || strcmp(pk->cols[0], col->name))) {
			diag_error(d, nsp,
			           "autoincrement column \"%s\" must be the "
			           "single-column primary key of table \"%s\"",
			           col->name, tdisplay(c, t));
			diag_hint(d, nsp,
			          "On sqlite only the integer primary key can "
			          "autoincrement; on postgresql any integer "
			          "column can (serial).");
		}
	}
}

static void check_index(struct checker *c, struct table *t, struct index *ix)
{
	struct diag *d = c->s->diag;
	for (int i = 0; i < ix->nelems; i++) {
		struct index_elem *e = &ix->elems[i];
		if (e->column && !table_find_column(t, e->column)) {
			struct span sp = pick(e->span, ix->span);
			diag_error(
			    d, sp,
			    "column \"%s\" does not exist in table \"%s\"",
			    e->column, tdisplay(c, t));
			hint_column(c, t, e->column, sp);
		}
	}
	if (!is_pg(c) && ix->method && strcmp(ix->method, "btree")) {
		diag_error(
		    d, ix->span,
		    "index method \"%s\" cannot be represented on sqlite",
		    ix->method);
		diag_hint(
		    d, ix->span,
		    "Use --dialect postgresql, or drop the using clause.");
	}
}

static const char *col_list(struct checker *c, int n, const char *const *v,
                            bool quote);

static bool same_columns(const struct constraint *x, const struct constraint *y)
{
	if (x->ncols != y->ncols)
		return false;
	for (int i = 0; i < x->ncols; i++)
		if (strcmp(x->cols[i], y->cols[i]))
			return false;
	return true;
}

/*
 * A unique constraint over the very columns of the primary key or of an
 * earlier unique constraint is left out with a warning: both databases
 * keep one key of a CREATE TABLE (PostgreSQL drops the duplicate, SQLite
 * shares its index), so a model that kept it would never match its own
 * database.  (SQLAlchemy models often say unique=True on a primary key.)
 */
static void drop_duplicate_keys(struct checker *c, struct table *t)
{
	int n = 0;
	for (int i = 0; i < t->ncons; i++) {
		struct constraint *k = t->cons[i];
		const struct constraint *dup = NULL;
		for (int j = 0; j < n && !dup && k->kind == CON_UNIQUE; j++)
			if ((t->cons[j]->kind == CON_PRIMARY_KEY ||
			     t->cons[j]->kind == CON_UNIQUE) &&
			    same_columns(k, t->cons[j]))
				dup = t->cons[j];
		if (!dup) {
			t->cons[n++] = k;
			continue;
		}
		diag_warning(c->s->diag, k->span,
		             "unique constraint on (%s) of table \"%s\" "
		             "repeats %s: left out",
		             col_list(c, k->ncols, k->cols, true),
		             tdisplay(c, t),
		             dup->kind == CON_PRIMARY_KEY
		                 ? "its primary key"
		                 : "an earlier unique constraint");
		diag_hint(c->s->diag, k->span,
		          "The database keeps one key over the same columns; "
		          "remove this one from the model.");
	}
	t->ncons = n;
}

static void check_table(struct checker *c, struct table *t)
{
	struct diag *d = c->s->diag;
	struct constraint *pk = NULL;
	/* PostgreSQL would take CREATE TABLE t (), SQLite refuses it: one
	 * model must mean the same on both */
	if (t->ncols == 0)
		diag_error(d, t->name.span, "table \"%s\" has no columns",
		           tdisplay(c, t));
	for (int i = 0; i < t->ncons; i++) {
		struct constraint *k = t->cons[i];
		/* a column clause constrains its own column */
		if (k->ncols == 0 && k->inline_column && k->kind != CON_CHECK) {
			k->cols = arena_alloc(c->s->arena, sizeof *k->cols);
			k->cols[0] = k->inline_column;
			k->ncols = 1;
		}
		if (k->kind == CON_PRIMARY_KEY) {
			if (pk) {
				diag_error(d, k->span,
				           "multiple primary keys for table "
				           "\"%s\" are not "
				           "allowed",
				           tdisplay(c, t));
				diag_note(d, pk->span,
				          "first primary key defined here");
			} else {
				pk = k;
			}
		}
	}
	for (int i = 0; i < t->ncols; i++)
		check_column(c, t, i, pk);
	for (int i = 0; i < t->ncons; i++) {
		struct constraint *k = t->cons[i];
		if (k->kind != CON_CHECK)
			check_key_columns(c, t, k);
		if (k->kind == CON_PRIMARY_KEY)
			for (int j = 0; j < k->ncols; j++) {
				struct column *col =
				    table_find_column(t, k->cols[j]);
				if (col)
					col->not_null = true;
			}
	}
	for (int i = 0; i < t->nindexes; i++)
		check_index(c, t, t->indexes[i]);
	drop_duplicate_keys(c, t);
}

/* ---- foreign keys ---- */

/* Whether a name can be written unquoted in a model (else "quote" it). */
static bool plain_ident(const char *s)
{
	if (!(islower((unsigned char)*s) || *s == '_'))
		return false;
	for (; *s; s++)
		if (!(islower((unsigned char)*s) ||
		      isdigit((unsigned char)*s) || *s == '_'))
			return false;
	return true;
}

/* Column names for a message ("a", "b"), or as a model writes them in a
 * suggested fix (a, "B"). */
static void quoted_list(struct strbuf *sb, int n, const char *const *v,
                        bool quote)
{
	for (int i = 0; i < n; i++) {
		if (i)
			strbuf_puts(sb, ", ");
		if (quote || !plain_ident(v[i]))
			strbuf_printf(sb, "\"%s\"", v[i]);
		else
			strbuf_puts(sb, v[i]);
	}
}

static const char *col_list(struct checker *c, int n, const char *const *v,
                            bool quote)
{
	struct strbuf sb = STRBUF_INIT;
	quoted_list(&sb, n, v, quote);
	char *r = strbuf_arena_copy(&sb, c->s->arena);
	strbuf_free(&sb);
	return r;
}

/* Whether the set of names {v[0..n)} equals {w[0..m)}. */
static bool same_set(int n, const char *const *v, int m, const char *const *w)
{
	if (n != m)
		return false;
	for (int i = 0; i < n; i++) {
		bool found = false;
		for (int j = 0; j < m && !found; j++)
			found = !strcmp(v[i], w[j]);
		if (!found)
			return false;
	}
	return true;
}

/* Whether cols are a primary key, unique constraint or plain unique index
 * of t: what PostgreSQL and SQLite accept as a foreign key's target. */
static bool is_key_of(struct checker *c, const struct table *t, int n,
                      const char *const *cols)
{
	for (int i = 0; i < t->ncons; i++) {
		const struct constraint *k = t->cons[i];
		if ((k->kind == CON_PRIMARY_KEY || k->kind == CON_UNIQUE) &&
		    same_set(n, cols, k->ncols, k->cols))
			return true;
	}
	for (int i = 0; i < t->nindexes; i++) {
		const struct index *ix = t->indexes[i];
		if (!ix->unique || ix->where || ix->nelems != n)
			continue;
		const char **ec =
		    arena_alloc(c->s->arena, sizeof *ec * (size_t)(n + 1));
		bool plain = true;
		for (int j = 0; j < n && plain; j++) {
			ec[j] = ix->elems[j].column;
			plain = ec[j] != NULL;
		}
		if (plain && same_set(n, cols, n, ec))
			return true;
	}
	return false;
}

static bool same_type_name(const struct type *a, const struct type *b)
{
	if (a->kind != b->kind || a->array_dims != b->array_dims)
		return false;
	if (a->kind < TYPE_ENUM)
		return true;
	if ((a->schema == NULL) != (b->schema == NULL) ||
	    (a->schema && strcmp(a->schema, b->schema)))
		return false;
	return !strcmp(a->name, b->name);
}

static bool same_args(const struct type *a, const struct type *b)
{
	if (a->nargs != b->nargs)
		return false;
	for (int i = 0; i < a->nargs && i < 2; i++)
		if (a->args[i] != b->args[i])
			return false;
	return true;
}

/* Returns whether the foreign key is sound (nothing reported). */
static bool check_fk(struct checker *c, struct table *t, struct constraint *k)
{
	struct diag *d = c->s->diag;
	struct arena *a = c->s->arena;
	struct span rsp = pick(k->ref_table.span, k->span);
	const char *rdisp = qdisplay(a, k->ref_table.schema, k->ref_table.name);
	struct entry *e =
	    map_get(&c->rels, k->ref_table.schema, k->ref_table.name);
	if (!e || e->kind != K_TABLE) {
		if (e && e->kind == K_VIEW) {
			diag_error(d, rsp,
			           "foreign key cannot reference view \"%s\"",
			           rdisp);
			return false;
		}
		diag_error(d, rsp,
		           "foreign key references unknown table \"%s\"",
		           rdisp);
		struct suggest sg;
		suggest_init(&sg, k->ref_table.name);
		for (int i = 0; i < c->sc->ntables; i++) {
			const struct qname *q = &c->sc->tables[i]->name;
			if ((q->schema == NULL) ==
			        (k->ref_table.schema == NULL) &&
			    (!q->schema ||
			     !strcmp(q->schema, k->ref_table.schema)))
				suggest_add(&sg, q->name);
		}
		suggest_hint(c, &sg, rsp);
		return false;
	}
	struct table *rt = e->obj;
	bool ok = true;
	if (k->nref_cols == 0) {
		struct constraint *pk = table_primary_key(rt);
		if (!pk) {
			diag_error(
			    d, rsp,
			    "foreign key references table \"%s\", which has no "
			    "primary key",
			    rdisp);
			diag_hint(d, rsp,
			          "Name the referenced columns: references %s "
			          "(COLUMN).",
			          rdisp);
			return false;
		}
		k->nref_cols = pk->ncols;
		k->ref_cols =
		    arena_alloc(a, sizeof *k->ref_cols * (size_t)pk->ncols);
		for (int i = 0; i < pk->ncols; i++)
			k->ref_cols[i] = pk->cols[i];
	} else {
		for (int i = 0; i < k->nref_cols; i++)
			if (!table_find_column(rt, k->ref_cols[i])) {
				diag_error(d, k->span,
				           "column \"%s\" does not exist in "
				           "table \"%s\"",
				           k->ref_cols[i], rdisp);
				hint_column(c, rt, k->ref_cols[i], k->span);
				ok = false;
			}
	}
	if (k->ncols != k->nref_cols) {
		diag_error(d, k->span,
		           "foreign key has %d column%s but references %d",
		           k->ncols, k->ncols == 1 ? "" : "s", k->nref_cols);
		return false;
	}
	for (int i = 0; i < k->ncols; i++) {
		struct column *lc = table_find_column(t, k->cols[i]);
		struct column *rc = table_find_column(rt, k->ref_cols[i]);
		if (!lc || !rc) {
			ok = false; /* reported by check_key_columns or above */
			continue;
		}
		if (lc->type.kind == TYPE_UNRESOLVED ||
		    rc->type.kind == TYPE_UNRESOLVED)
			continue;
		bool same = same_type_name(&lc->type, &rc->type);
		if (same && same_args(&lc->type, &rc->type))
			continue;
		/* integers of two sizes compare, in both databases (a bigint
		 * column referencing an integer key is common in the wild,
		 * and reflection must give back a model that checks) */
		bool comparable = same || (type_int_rank(lc->type.kind) &&
		                           type_int_rank(rc->type.kind));
		if (!comparable)
			ok = false;
		diag_at(
		    d, comparable ? SEV_WARNING : SEV_ERROR, k->span,
		    "foreign key column \"%s\" is %s but \"%s\".\"%s\" is %s",
		    lc->name, type_to_string(a, &lc->type), rdisp, rc->name,
		    type_to_string(a, &rc->type));
	}
	if (ok && !is_key_of(c, rt, k->nref_cols, k->ref_cols)) {
		ok = false;
		diag_error(
		    d, k->span,
		    "columns (%s) of table \"%s\" are not a primary key or "
		    "unique constraint",
		    col_list(c, k->nref_cols, k->ref_cols, true), rdisp);
		diag_hint(
		    d, k->span,
		    "A foreign key must reference a key: add \"unique (%s)\" "
		    "to table \"%s\".",
		    col_list(c, k->nref_cols, k->ref_cols, false), rdisp);
	}
	return ok;
}

/* Whether the leading columns of some key or index of t are cols (in any
 * order): then the database can find the rows of t that a foreign key
 * action touches without scanning t. */
static bool fk_covered(const struct table *t, const struct constraint *k)
{
	int n = k->ncols;
	for (int i = 0; i < t->ncons; i++) {
		const struct constraint *o = t->cons[i];
		if ((o->kind == CON_PRIMARY_KEY || o->kind == CON_UNIQUE) &&
		    o->ncols >= n && same_set(n, k->cols, n, o->cols))
			return true;
	}
	for (int i = 0; i < t->nindexes; i++) {
		const struct index *ix = t->indexes[i];
		if (ix->nelems < n || ix->where)
			continue;
		int j = 0;
		for (; j < n; j++) {
			const char *col = ix->elems[j].column;
			bool found = false;
			for (int m = 0; col && m < n && !found; m++)
				found = !strcmp(col, k->cols[m]);
			if (!found)
				break;
		}
		if (j == n)
			return true;
	}
	return false;
}

static void warn_fk_index(struct checker *c, struct table *t,
                          const struct constraint *k)
{
	struct diag *d = c->s->diag;
	if (k->ncols == 0 || fk_covered(t, k))
		return;
	if (!diag_shows(d, SEV_WARNING)) {
		diag_hidden(d, SEV_WARNING);
		return;
	}
	diag_warning(d, k->span, "foreign key \"%s\" has no index on (%s)",
	             k->name ? k->name : "",
	             col_list(c, k->ncols, k->cols, true));
	diag_hint(
	    d, k->span,
	    "Add \"index (%s)\" to table \"%s\", or every delete or key "
	    "update in \"%s\" scans it.",
	    col_list(c, k->ncols, k->cols, false), tdisplay(c, t),
	    qdisplay(c->s->arena, k->ref_table.schema, k->ref_table.name));
}

/* ---- naming convention ---- */

static bool is_ident_start(int ch)
{
	return isalpha(ch) || ch == '_' || ch >= 0x80;
}

static bool is_ident_char(int ch)
{
	return isalnum(ch) || ch == '_' || ch == '$' || ch >= 0x80;
}

/* Words of SQL that are not names, left out of generated index names. */
static bool is_sql_keyword(const char *w)
{
	static const char *const kw[] = {
	    "and",  "or",   "not",   "is",       "null",    "true", "false",
	    "in",   "like", "ilike", "between",  "case",    "when", "then",
	    "else", "end",  "as",    "distinct", "collate", "asc",  "desc",
	};
	for (size_t i = 0; i < sizeof kw / sizeof kw[0]; i++)
		if (!strcmp(w, kw[i]))
			return true;
	return false;
}

/*
 * Calls fn for each identifier in SQL text, folded as the database folds
 * it: unquoted lower-cased, "quoted" verbatim.  String literals and
 * numbers are skipped.
 */
static void each_ident(struct arena *a, const char *text,
                       void (*fn)(void *arg, const char *id, bool quoted),
                       void *arg)
{
	const unsigned char *p = (const unsigned char *)text;
	while (p && *p) {
		if (*p == '\'') {
			for (p++; *p; p++)
				if (*p == '\'') {
					if (p[1] == '\'')
						p++;
					else
						break;
				}
			if (*p)
				p++;
		} else if (*p == '"') {
			struct strbuf sb = STRBUF_INIT;
			for (p++; *p; p++) {
				if (*p == '"') {
					if (p[1] != '"')
						break;
					p++;
				}
				strbuf_putc(&sb, (char)*p);
			}
			if (*p)
				p++;
			fn(arg, arena_strdup(a, strbuf_str(&sb)), true);
			strbuf_free(&sb);
		} else if (isdigit(*p)) {
			while (is_ident_char(*p) || *p == '.')
				p++;
		} else if (is_ident_start(*p)) {
			const unsigned char *q = p;
			while (is_ident_char(*p))
				p++;
			char *id =
			    arena_strndup(a, (const char *)q, (size_t)(p - q));
			for (char *s = id; *s; s++)
				*s = (char)tolower((unsigned char)*s);
			fn(arg, id, false);
		} else {
			p++;
		}
	}
}

struct ident_collect {
	const char **v;
	int n, cap;
	struct arena *a;
	bool keep_keywords;
};

static void collect_ident(void *arg, const char *id, bool quoted)
{
	struct ident_collect *ic = arg;
	if (!quoted && !ic->keep_keywords && is_sql_keyword(id))
		return;
	ARENA_PUSH(ic->a, ic->v, ic->n, ic->cap, id);
}

static struct ident_collect idents_of(struct arena *a, const struct expr *e,
                                      bool keep_keywords)
{
	struct ident_collect ic = {NULL, 0, 0, a, keep_keywords};
	if (e && e->text)
		each_ident(a, e->text, collect_ident, &ic);
	return ic;
}

/* The words joined by '_', in the arena (no heap traffic: the checker
 * names tens of thousands of objects in a large model). */
static const char *join_cols(struct arena *a, int n, const char *const *v)
{
	size_t len = 0;
	for (int i = 0; i < n; i++)
		len += (v[i] ? strlen(v[i]) : 0) + 1;
	char *r = arena_alloc(a, len + 1), *p = r;
	for (int i = 0; i < n; i++) {
		if (i)
			*p++ = '_';
		if (v[i]) {
			size_t l = strlen(v[i]);
			memcpy(p, v[i], l);
			p += l;
		}
	}
	*p = '\0';
	return r;
}

/* The table's columns that occur in a check's expression, in column order,
 * joined by '_'; NULL when none does. */
static const char *check_columns(struct arena *a, const struct table *t,
                                 const struct constraint *k)
{
	struct ident_collect ic = idents_of(a, k->check, true);
	const char **found =
	    arena_alloc(a, sizeof *found * (size_t)(t->ncols + 1));
	int n = 0;
	for (int i = 0; i < t->ncols; i++)
		for (int j = 0; j < ic.n; j++)
			if (!strcmp(ic.v[j], t->cols[i]->name)) {
				found[n++] = t->cols[i]->name;
				break;
			}
	return n ? join_cols(a, n, found) : NULL;
}

/* Shortens a name to PostgreSQL's limit, deterministically. */
static char *fit_name(struct arena *a, char *name)
{
	size_t len = strlen(name);
	if (len <= PG_NAME_MAX)
		return name;
	uint32_t h = 2166136261u;
	for (size_t i = 0; i < len; i++) {
		h ^= (unsigned char)name[i];
		h *= 16777619u;
	}
	size_t keep = PG_NAME_MAX - 9;
	/* never cut a UTF-8 sequence in half */
	while (keep > 0 && ((unsigned char)name[keep] & 0xC0) == 0x80)
		keep--;
	return arena_printf(a, "%.*s_%08x", (int)keep, name, (unsigned)h);
}

struct fill {
	const char *table, *columns, *referred_table, *name;
};

/* Expands %(key) in tmpl; an unknown key is kept as written. */
/* Writes the expansion of tmpl to out (when not NULL); returns its length. */
static size_t expand_into(char *out, const char *tmpl, const struct fill *f)
{
	size_t n = 0;
	for (const char *p = tmpl; *p;) {
		const char *close;
		if (p[0] == '%' && p[1] == '(' && (close = strchr(p, ')'))) {
			size_t klen = (size_t)(close - p - 2);
			const char *key = p + 2, *val = NULL;
			bool known = true;
			if (klen == 5 && !strncmp(key, "table", 5))
				val = f->table;
			else if (klen == 7 && !strncmp(key, "columns", 7))
				val = f->columns;
			else if (klen == 14 &&
			         !strncmp(key, "referred_table", 14))
				val = f->referred_table;
			else if (klen == 4 && !strncmp(key, "name", 4))
				val = f->name;
			else
				known = false;
			if (known) {
				size_t l = val ? strlen(val) : 0;
				if (out && l)
					memcpy(out + n, val, l);
				n += l;
				p = close + 1;
				continue;
			}
		}
		if (out)
			out[n] = *p;
		n++;
		p++;
	}
	return n;
}

/* Expands %(key) in tmpl; an unknown key is kept as written. */
static char *expand(struct arena *a, const char *tmpl, const struct fill *f)
{
	size_t n = expand_into(NULL, tmpl, f);
	char *r = arena_alloc(a, n + 1);
	expand_into(r, tmpl, f);
	r[n] = '\0';
	return fit_name(a, r);
}

char *check_constraint_name(struct session *s, const struct table *t,
                            const struct constraint *c)
{
	struct arena *a = s->arena;
	const char *tmpl = NULL, *def = NULL;
	switch (c->kind) {
	case CON_PRIMARY_KEY:
		tmpl = s->naming.pk, def = "pk_%(table)";
		break;
	case CON_UNIQUE:
		tmpl = s->naming.uq, def = "uq_%(table)_%(columns)";
		break;
	case CON_CHECK:
		tmpl = s->naming.ck, def = "ck_%(table)_%(name)";
		break;
	case CON_FOREIGN_KEY:
		tmpl = s->naming.fk,
		def = "fk_%(table)_%(columns)_%(referred_table)";
		break;
	}
	struct fill f = {t->name.name, join_cols(a, c->ncols, c->cols),
	                 c->kind == CON_FOREIGN_KEY ? c->ref_table.name : "",
	                 NULL};
	if (c->kind != CON_CHECK) {
		f.name = f.columns;
	} else if (c->inline_column) {
		f.name = c->inline_column;
	} else if (!(f.name = check_columns(a, t, c))) {
		/* the N-th table check that names no column */
		int n = 0;
		for (int i = 0; i < t->ncons; i++) {
			const struct constraint *o = t->cons[i];
			if (o->kind == CON_CHECK && !o->inline_column &&
			    (o == c || !check_columns(a, t, o)))
				n++;
			if (o == c)
				break;
		}
		f.name = arena_printf(a, "check%d", n ? n : 1);
	}
	if (c->kind == CON_CHECK)
		f.columns = f.name;
	return expand(a, tmpl ? tmpl : def, &f);
}

char *check_index_name(struct session *s, const struct table *t,
                       const struct index *ix)
{
	struct arena *a = s->arena;
	struct ident_collect words = {NULL, 0, 0, a, false};
	for (int i = 0; i < ix->nelems; i++) {
		const struct index_elem *e = &ix->elems[i];
		if (e->column)
			ARENA_PUSH(a, words.v, words.n, words.cap, e->column);
		else if (e->expr && e->expr->text)
			each_ident(a, e->expr->text, collect_ident, &words);
	}
	const char *cols = words.n ? join_cols(a, words.n, words.v) : "expr";
	struct fill f = {t->name.name, cols, "", cols};
	return expand(a, s->naming.ix ? s->naming.ix : "ix_%(table)_%(columns)",
	              &f);
}

static void name_objects(struct checker *c, struct table *t)
{
	struct diag *d = c->s->diag;
	for (int i = 0; i < t->ncons; i++)
		if (!t->cons[i]->name) {
			t->cons[i]->name =
			    check_constraint_name(c->s, t, t->cons[i]);
			t->cons[i]->name_written = false;
		}
	for (int i = 0; i < t->nindexes; i++)
		if (!t->indexes[i]->name) {
			t->indexes[i]->name =
			    check_index_name(c->s, t, t->indexes[i]);
			t->indexes[i]->name_written = false;
		}
	/* constraint names are unique per table */
	for (int i = 0; i < t->ncons; i++) {
		struct constraint *k = t->cons[i];
		for (int j = 0; j < i; j++) {
			struct constraint *o = t->cons[j];
			if (strcmp(k->name, o->name))
				continue;
			/* a second primary key is already an error of its own */
			if (k->kind == CON_PRIMARY_KEY &&
			    o->kind == CON_PRIMARY_KEY)
				break;
			diag_error(
			    d, k->span,
			    "duplicate constraint \"%s\" in table \"%s\"",
			    k->name, tdisplay(c, t));
			diag_note(d, o->span, "\"%s\" first defined here",
			          o->name);
			if (!k->name_written || !o->name_written)
				diag_hint(d, k->span,
				          "The name comes from the naming "
				          "convention; give "
				          "one of them an explicit name.");
			break;
		}
	}
	/* index names share their schema's namespace with tables and views,
	 * and on PostgreSQL with the indexes of keys */
	for (int i = 0; i < t->ncons && is_pg(c); i++) {
		struct constraint *k = t->cons[i];
		if (k->kind != CON_PRIMARY_KEY && k->kind != CON_UNIQUE)
			continue;
		/* a name used twice in this table was reported just above */
		bool seen = false;
		for (int j = 0; j < i && !seen; j++)
			seen = !strcmp(t->cons[j]->name, k->name);
		if (!seen)
			put_name(c, &c->rels, K_CONSTRAINT, t->name.schema,
			         k->name, k->span, k, !k->name_written);
	}
	for (int i = 0; i < t->nindexes; i++) {
		struct index *ix = t->indexes[i];
		put_name(c, &c->rels, K_INDEX, t->name.schema, ix->name,
		         ix->span, ix, !ix->name_written);
	}
}

/* ---- the pass ---- */

int check_schema(struct session *s, struct schema *schema)
{
	int errors0 = diag_errors(s->diag);
	struct checker c = {.s = s, .sc = schema};
	/* size the maps once: tables, views and every index and key name */
	size_t nrels = (size_t)schema->ntables + (size_t)schema->nviews;
	for (int i = 0; i < schema->ntables; i++) {
		const struct table *t = schema->tables[i];
		nrels += (size_t)t->nindexes;
		for (int j = 0; j < t->ncons && is_pg(&c); j++)
			nrels += t->cons[j]->kind == CON_PRIMARY_KEY ||
			         t->cons[j]->kind == CON_UNIQUE;
	}
	map_reserve(s->arena, &c.rels, nrels);
	map_reserve(s->arena, &c.types,
	            (size_t)schema->nenums + (size_t)schema->ntypes);
	register_objects(&c);
	for (int i = 0; i < schema->ntables; i++)
		check_table(&c, schema->tables[i]);
	for (int i = 0; i < schema->ntables; i++)
		name_objects(&c, schema->tables[i]);
	/* after every table's column types are resolved; the index warning
	 * only for a foreign key that is otherwise sound */
	for (int i = 0; i < schema->ntables; i++) {
		struct table *t = schema->tables[i];
		for (int j = 0; j < t->ncons; j++)
			if (t->cons[j]->kind == CON_FOREIGN_KEY &&
			    check_fk(&c, t, t->cons[j]))
				warn_fk_index(&c, t, t->cons[j]);
	}
	if (diag_errors(s->diag) > errors0)
		return -1;
	schema_sort(schema);
	return 0;
}

/* ---- objects a migration op adds (the simulator's entry points) ---- */

/*
 * A checker over an already checked schema for one op: the types map
 * holds its enums and `type` declarations (few), and rels only what the
 * op's objects can reach (the table itself and foreign key targets,
 * added by rel_register), so an op costs nothing per table of a large
 * schema beyond the lookups.
 */
static void checker_for(struct checker *c, struct session *s,
                        struct schema *schema)
{
	memset(c, 0, sizeof *c);
	c->s = s;
	c->sc = schema;
	map_reserve(s->arena, &c->types,
	            (size_t)schema->nenums + (size_t)schema->ntypes);
	for (int i = 0; i < schema->nenums; i++) {
		struct enum_type *e = schema->enums[i];
		struct entry en = {
		    e->name.schema ? e->name.schema : "",
		    e->name.name,
		    K_ENUM,
		    qdisplay(s->arena, e->name.schema, e->name.name),
		    e->span,
		    e,
		    false};
		map_put(s->arena, &c->types, &en);
	}
	for (int i = 0; i < schema->ntypes; i++) {
		struct ext_type *t = schema->types[i];
		struct entry en = {
		    t->name.schema ? t->name.schema : "",
		    t->name.name,
		    K_TYPE,
		    qdisplay(s->arena, t->name.schema, t->name.name),
		    t->span,
		    t,
		    false};
		map_put(s->arena, &c->types, &en);
	}
}

/* Registers the table or view of schema named q (if any) in c->rels. */
static void rel_register(struct checker *c, const struct qname *q)
{
	struct table *t = schema_find_table(c->sc, q->schema, q->name);
	struct view *v = t ? NULL : schema_find_view(c->sc, q->schema, q->name);
	if (!t && !v)
		return;
	struct entry e = {q->schema ? q->schema : "",
	                  q->name,
	                  t ? K_TABLE : K_VIEW,
	                  qdisplay(c->s->arena, q->schema, q->name),
	                  t ? t->span : v->span,
	                  t ? (void *)t : (void *)v,
	                  false};
	map_put(c->s->arena, &c->rels, &e);
}

static void register_table(struct checker *c, struct table *t)
{
	struct entry e = {t->name.schema ? t->name.schema : "",
	                  t->name.name,
	                  K_TABLE,
	                  tdisplay(c, t),
	                  pick(t->name.span, t->span),
	                  t,
	                  false};
	map_put(c->s->arena, &c->rels, &e);
}

/* check_fk for k of t after registering what it references. */
static bool resolve_fk(struct checker *c, struct table *t, struct constraint *k)
{
	if (!k->ref_table.name)
		return false;
	if (!map_get(&c->rels, k->ref_table.schema, k->ref_table.name))
		rel_register(c, &k->ref_table);
	return check_fk(c, t, k);
}

int check_new_table(struct session *s, struct schema *schema, struct table *t)
{
	int errors0 = diag_errors(s->diag);
	struct checker c;
	checker_for(&c, s, schema);
	check_unqualified(&c, "table", &t->name, t->span);
	register_table(&c, t);
	check_table(&c, t);
	name_objects(&c, t);
	for (int j = 0; j < t->ncons; j++)
		if (t->cons[j]->kind == CON_FOREIGN_KEY)
			resolve_fk(&c, t, t->cons[j]);
	return diag_errors(s->diag) > errors0 ? -1 : 0;
}

int check_new_column(struct session *s, struct schema *schema, struct table *t,
                     int ci)
{
	int errors0 = diag_errors(s->diag);
	struct checker c;
	checker_for(&c, s, schema);
	check_column(&c, t, ci, table_primary_key(t));
	return diag_errors(s->diag) > errors0 ? -1 : 0;
}

int check_new_constraint(struct session *s, struct schema *schema,
                         struct table *t, struct constraint *k)
{
	int errors0 = diag_errors(s->diag);
	struct diag *d = s->diag;
	struct checker c;
	checker_for(&c, s, schema);
	if (k->ncols == 0 && k->inline_column && k->kind != CON_CHECK) {
		k->cols = arena_alloc(s->arena, sizeof *k->cols);
		k->cols[0] = k->inline_column;
		k->ncols = 1;
	}
	if (k->kind == CON_PRIMARY_KEY)
		for (int i = 0; i < t->ncons; i++) {
			struct constraint *o = t->cons[i];
			if (o != k && o->kind == CON_PRIMARY_KEY) {
				diag_error(d, k->span,
				           "multiple primary keys for table "
				           "\"%s\" are not allowed",
				           tdisplay(&c, t));
				break;
			}
		}
	if (k->kind != CON_CHECK)
		check_key_columns(&c, t, k);
	if (diag_errors(d) > errors0)
		return -1;
	if (k->kind == CON_PRIMARY_KEY)
		for (int j = 0; j < k->ncols; j++)
			table_find_column(t, k->cols[j])->not_null = true;
	if (!k->name) {
		k->name = check_constraint_name(s, t, k);
		k->name_written = false;
	}
	if (k->kind == CON_FOREIGN_KEY) {
		register_table(&c, t);
		resolve_fk(&c, t, k);
	}
	return diag_errors(d) > errors0 ? -1 : 0;
}

int check_new_index(struct session *s, struct schema *schema, struct table *t,
                    struct index *ix)
{
	int errors0 = diag_errors(s->diag);
	struct checker c;
	checker_for(&c, s, schema);
	check_index(&c, t, ix);
	if (!ix->name) {
		ix->name = check_index_name(s, t, ix);
		ix->name_written = false;
	}
	return diag_errors(s->diag) > errors0 ? -1 : 0;
}

int check_new_type(struct session *s, struct schema *schema, struct type *ty,
                   struct span at)
{
	int errors0 = diag_errors(s->diag);
	struct checker c;
	checker_for(&c, s, schema);
	resolve_type(&c, ty, at);
	return diag_errors(s->diag) > errors0 ? -1 : 0;
}

struct mention {
	const char *name;
	bool found;
};

static void find_mention(void *arg, const char *id, bool quoted)
{
	struct mention *m = arg;
	(void)quoted;
	if (!strcmp(id, m->name))
		m->found = true;
}

bool check_expr_mentions(struct session *s, const struct expr *e,
                         const char *name)
{
	struct mention m = {name, false};
	if (e && e->text)
		each_ident(s->arena, e->text, find_mention, &m);
	return m.found;
}
