/*
 * schema.c - the portable schema's own operations: lookups, the canonical
 * order, equality and hashing (over the canonical JSON of schema_json.c),
 * type spellings, and the tables of type names the checker resolves
 * against (the portable names of DESIGN §2, their common aliases, and
 * PostgreSQL's built-in types that are passed through verbatim).
 *
 * It sits in the middle of the pipeline: the checker fills and sorts a
 * schema with these functions, and every later stage (reflectors, differ,
 * simulator, back ends) looks objects up and compares schemas with them.
 */
#include "schema.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "arena.h"
#include "strbuf.h"

/* Indexed by enum type_kind for the portable kinds (type_to_string relies
 * on entry i having kind i). */
const struct type_name type_names[] = {
    {"smallint", TYPE_SMALLINT, 0, 0},
    {"integer", TYPE_INTEGER, 0, 0},
    {"bigint", TYPE_BIGINT, 0, 0},
    {"real", TYPE_REAL, 0, 0},
    {"double", TYPE_DOUBLE, 0, 0},
    {"numeric", TYPE_NUMERIC, 0, 2},
    {"boolean", TYPE_BOOLEAN, 0, 0},
    {"text", TYPE_TEXT, 0, 0},
    {"varchar", TYPE_VARCHAR, 0, 1},
    {"char", TYPE_CHAR, 0, 1},
    {"date", TYPE_DATE, 0, 0},
    {"time", TYPE_TIME, 0, 1},
    {"timestamp", TYPE_TIMESTAMP, 0, 1},
    {"timestamptz", TYPE_TIMESTAMPTZ, 0, 1},
    {"interval", TYPE_INTERVAL, 0, 1},
    {"blob", TYPE_BLOB, 0, 0},
    {"json", TYPE_JSON, 0, 0},
    {"jsonb", TYPE_JSONB, 0, 0},
    {"uuid", TYPE_UUID, 0, 0},
};
const int ntype_names = (int)(sizeof type_names / sizeof type_names[0]);

/*
 * Every name that type_lookup accepts, sorted by strcmp for bsearch (the
 * checker looks up one per column), with the index of its type_names
 * entry.  Besides the portable names these are the other spellings that
 * models (and catalogs) commonly use.  bytea maps to blob rather than
 * staying a PostgreSQL-only type: it is exactly what blob is on
 * PostgreSQL, and the reflector lifts bytea to blob, so a model that says
 * bytea compares equal to its database.
 */
static const struct spelling {
	const char *name;
	enum type_kind kind; /* also its index in type_names */
} type_spellings[] = {
    {"bigint", TYPE_BIGINT},
    {"blob", TYPE_BLOB},
    {"bool", TYPE_BOOLEAN},
    {"boolean", TYPE_BOOLEAN},
    {"bytea", TYPE_BLOB},
    {"char", TYPE_CHAR},
    {"character", TYPE_CHAR},
    {"character varying", TYPE_VARCHAR},
    {"date", TYPE_DATE},
    {"decimal", TYPE_NUMERIC},
    {"double", TYPE_DOUBLE},
    {"double precision", TYPE_DOUBLE},
    {"float", TYPE_DOUBLE},
    {"float4", TYPE_REAL},
    {"float8", TYPE_DOUBLE},
    {"int", TYPE_INTEGER},
    {"int2", TYPE_SMALLINT},
    {"int4", TYPE_INTEGER},
    {"int8", TYPE_BIGINT},
    {"integer", TYPE_INTEGER},
    {"interval", TYPE_INTERVAL},
    {"json", TYPE_JSON},
    {"jsonb", TYPE_JSONB},
    {"numeric", TYPE_NUMERIC},
    {"real", TYPE_REAL},
    {"smallint", TYPE_SMALLINT},
    {"text", TYPE_TEXT},
    {"time", TYPE_TIME},
    {"time without time zone", TYPE_TIME},
    {"timestamp", TYPE_TIMESTAMP},
    {"timestamp with time zone", TYPE_TIMESTAMPTZ},
    {"timestamp without time zone", TYPE_TIMESTAMP},
    {"timestamptz", TYPE_TIMESTAMPTZ},
    {"uuid", TYPE_UUID},
    {"varchar", TYPE_VARCHAR},
};

/* PostgreSQL built-in types outside the portable set (sorted by strcmp). */
const char *const pg_native_types[] = {
    "bit",
    "box",
    "cidr",
    "circle",
    "datemultirange",
    "daterange",
    "inet",
    "int4multirange",
    "int4range",
    "int8multirange",
    "int8range",
    "interval day",
    "interval day to hour",
    "interval day to minute",
    "interval day to second",
    "interval hour",
    "interval hour to minute",
    "interval hour to second",
    "interval minute",
    "interval minute to second",
    "interval month",
    "interval second",
    "interval year",
    "interval year to month",
    "line",
    "lseg",
    "macaddr",
    "macaddr8",
    "money",
    "nummultirange",
    "numrange",
    "oid",
    "path",
    "pg_lsn",
    "pg_snapshot",
    "point",
    "polygon",
    "regclass",
    "regproc",
    "regtype",
    "timetz",
    "tsmultirange",
    "tsquery",
    "tsrange",
    "tstzmultirange",
    "tstzrange",
    "tsvector",
    "txid_snapshot",
    "varbit",
    "xid",
    "xid8",
    "xml",
};
const int npg_native_types =
    (int)(sizeof pg_native_types / sizeof pg_native_types[0]);

static int cmp_spelling(const void *key, const void *elem)
{
	return strcmp(key, *(const char *const *)elem);
}

const struct type_name *type_lookup(const char *name)
{
	const void *hit =
	    bsearch(name, type_spellings,
	            sizeof type_spellings / sizeof type_spellings[0],
	            sizeof type_spellings[0], cmp_spelling);
	if (!hit)
		return NULL;
	return &type_names[((const struct spelling *)hit)->kind];
}

static int cmp_cstr(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

bool type_is_pg_native(const char *name)
{
	return bsearch(&name, pg_native_types, (size_t)npg_native_types,
	               sizeof pg_native_types[0], cmp_cstr) != NULL;
}

/* ---- lookups ---- */

/* NULL is the default schema and matches only NULL. */
static bool same_schema(const char *a, const char *b)
{
	if (!a || !b)
		return a == b;
	return !strcmp(a, b);
}

static bool same_qname(const struct qname *q, const char *schema,
                       const char *name)
{
	return q->name && !strcmp(q->name, name) &&
	       same_schema(q->schema, schema);
}

struct table *schema_find_table(const struct schema *s, const char *schema,
                                const char *name)
{
	for (int i = 0; i < s->ntables; i++)
		if (same_qname(&s->tables[i]->name, schema, name))
			return s->tables[i];
	return NULL;
}

struct enum_type *schema_find_enum(const struct schema *s, const char *schema,
                                   const char *name)
{
	for (int i = 0; i < s->nenums; i++)
		if (same_qname(&s->enums[i]->name, schema, name))
			return s->enums[i];
	return NULL;
}

struct ext_type *schema_find_type(const struct schema *s, const char *schema,
                                  const char *name)
{
	for (int i = 0; i < s->ntypes; i++)
		if (same_qname(&s->types[i]->name, schema, name))
			return s->types[i];
	return NULL;
}

struct view *schema_find_view(const struct schema *s, const char *schema,
                              const char *name)
{
	for (int i = 0; i < s->nviews; i++)
		if (same_qname(&s->views[i]->name, schema, name))
			return s->views[i];
	return NULL;
}

struct column *table_find_column(const struct table *t, const char *name)
{
	for (int i = 0; i < t->ncols; i++)
		if (t->cols[i]->name && !strcmp(t->cols[i]->name, name))
			return t->cols[i];
	return NULL;
}

struct constraint *table_find_constraint(const struct table *t,
                                         const char *name)
{
	for (int i = 0; i < t->ncons; i++)
		if (t->cons[i]->name && !strcmp(t->cons[i]->name, name))
			return t->cons[i];
	return NULL;
}

struct constraint *table_primary_key(const struct table *t)
{
	for (int i = 0; i < t->ncons; i++)
		if (t->cons[i]->kind == CON_PRIMARY_KEY)
			return t->cons[i];
	return NULL;
}

struct index *table_find_index(const struct table *t, const char *name)
{
	for (int i = 0; i < t->nindexes; i++)
		if (t->indexes[i]->name && !strcmp(t->indexes[i]->name, name))
			return t->indexes[i];
	return NULL;
}

/* ---- an index of the tables ---- */

struct table_index {
	const struct schema *s;
	size_t mask; /* slots - 1; slots is a power of two */
	int *slot;   /* a position in s->tables, or -1 */
};

static size_t qname_hash(const char *schema, const char *name)
{
	uint64_t h = 14695981039346656037u;
	for (const char *p = schema ? schema : ""; *p; p++)
		h = (h ^ (unsigned char)*p) * 1099511628211u;
	h = (h ^ (schema ? 1u : 2u)) * 1099511628211u;
	for (const char *p = name; *p; p++)
		h = (h ^ (unsigned char)*p) * 1099511628211u;
	return (size_t)(h ^ (h >> 29));
}

struct table_index *table_index_new(struct arena *a, const struct schema *s)
{
	struct table_index *ix = arena_alloc(a, sizeof *ix);
	size_t n = 16;
	while (n < 2 * (size_t)s->ntables)
		n *= 2;
	ix->s = s;
	ix->mask = n - 1;
	ix->slot = arena_alloc(a, sizeof *ix->slot * n);
	memset(ix->slot, 0xff, sizeof *ix->slot * n); /* all -1 */
	for (int i = 0; i < s->ntables; i++) {
		const struct qname *q = &s->tables[i]->name;
		size_t h = qname_hash(q->schema, q->name) & ix->mask;
		/* the first of two tables of one name is the one found, as
		 * schema_find_table finds it */
		while (ix->slot[h] >= 0 &&
		       !same_qname(&s->tables[ix->slot[h]]->name, q->schema,
		                   q->name))
			h = (h + 1) & ix->mask;
		if (ix->slot[h] < 0)
			ix->slot[h] = i;
	}
	return ix;
}

int table_index_find(const struct table_index *ix, const char *schema,
                     const char *name)
{
	for (size_t h = qname_hash(schema, name) & ix->mask; ix->slot[h] >= 0;
	     h = (h + 1) & ix->mask)
		if (same_qname(&ix->s->tables[ix->slot[h]]->name, schema, name))
			return ix->slot[h];
	return -1;
}

/* ---- equality of tables ---- */

static bool same_str(const char *x, const char *y)
{
	return x == y || (x && y && !strcmp(x, y));
}

static bool same_expr(const struct expr *x, const struct expr *y)
{
	return x == y ||
	       (x && y && x->parens == y->parens && same_str(x->text, y->text));
}

static bool same_names(int n, const char *const *x, const char *const *y)
{
	for (int i = 0; i < n; i++)
		if (!same_str(x[i], y[i]))
			return false;
	return true;
}

static bool same_type(const struct type *x, const struct type *y)
{
	if (x->kind != y->kind || x->nargs != y->nargs ||
	    x->array_dims != y->array_dims || !same_str(x->schema, y->schema) ||
	    !same_str(x->name, y->name))
		return false;
	for (int i = 0; i < x->nargs && i < 2; i++)
		if (x->args[i] != y->args[i])
			return false;
	return true;
}

static bool same_column(const struct column *x, const struct column *y)
{
	return x == y ||
	       (same_str(x->name, y->name) && same_type(&x->type, &y->type) &&
	        x->not_null == y->not_null &&
	        x->null_written == y->null_written &&
	        x->not_null_written == y->not_null_written &&
	        same_expr(x->default_expr, y->default_expr) &&
	        same_expr(x->generated, y->generated) &&
	        x->identity == y->identity &&
	        x->autoincrement == y->autoincrement &&
	        same_str(x->collation, y->collation) &&
	        same_str(x->comment, y->comment) &&
	        same_str(x->renamed_from, y->renamed_from));
}

static bool same_constraint(const struct constraint *x,
                            const struct constraint *y)
{
	return x == y ||
	       (x->kind == y->kind && same_str(x->name, y->name) &&
	        x->name_written == y->name_written && x->ncols == y->ncols &&
	        same_names(x->ncols, x->cols, y->cols) &&
	        same_expr(x->check, y->check) &&
	        same_str(x->ref_table.schema, y->ref_table.schema) &&
	        same_str(x->ref_table.name, y->ref_table.name) &&
	        x->nref_cols == y->nref_cols &&
	        same_names(x->nref_cols, x->ref_cols, y->ref_cols) &&
	        x->ref_cols_written == y->ref_cols_written &&
	        x->on_delete == y->on_delete && x->on_update == y->on_update &&
	        x->deferrable == y->deferrable &&
	        x->initially_deferred == y->initially_deferred &&
	        same_str(x->inline_column, y->inline_column));
}

static bool same_index(const struct index *x, const struct index *y)
{
	if (x == y)
		return true;
	if (!same_str(x->name, y->name) || x->name_written != y->name_written ||
	    x->unique != y->unique || x->nelems != y->nelems ||
	    !same_str(x->table.schema, y->table.schema) ||
	    !same_str(x->table.name, y->table.name) ||
	    !same_str(x->method, y->method) || !same_expr(x->where, y->where))
		return false;
	for (int i = 0; i < x->nelems; i++) {
		const struct index_elem *a = &x->elems[i], *b = &y->elems[i];
		if (!same_str(a->column, b->column) ||
		    !same_expr(a->expr, b->expr) || a->desc != b->desc ||
		    a->asc_written != b->asc_written)
			return false;
	}
	return true;
}

bool table_same(const struct table *x, const struct table *y)
{
	if (x == y)
		return true;
	if (!same_str(x->name.schema, y->name.schema) ||
	    !same_str(x->name.name, y->name.name) ||
	    !same_str(x->renamed_from, y->renamed_from) ||
	    !same_str(x->comment, y->comment) || x->ncols != y->ncols ||
	    x->ncons != y->ncons || x->nindexes != y->nindexes)
		return false;
	for (int i = 0; i < x->ncols; i++)
		if (!same_column(x->cols[i], y->cols[i]))
			return false;
	for (int i = 0; i < x->ncons; i++)
		if (!same_constraint(x->cons[i], y->cons[i]))
			return false;
	for (int i = 0; i < x->nindexes; i++)
		if (!same_index(x->indexes[i], y->indexes[i]))
			return false;
	return true;
}

/* ---- canonical order ---- */

/* NULL sorts after every name, so unnamed objects come last. */
static int cmp_name(const char *a, const char *b)
{
	if (!a || !b)
		return (a == NULL) - (b == NULL);
	return strcmp(a, b);
}

/* (schema or "", name): the default schema sorts first. */
static int cmp_qname(const struct qname *a, const struct qname *b)
{
	int c = strcmp(a->schema ? a->schema : "", b->schema ? b->schema : "");
	return c ? c : cmp_name(a->name, b->name);
}

typedef int (*cmp_fn)(const void *a, const void *b);

/*
 * A stable merge sort of an array of pointers: objects that compare equal
 * (unnamed constraints before the checker ran, say) keep their written
 * order, so the result is deterministic without a tie-breaker.
 */
static void sort_ptrs(void **v, int n, cmp_fn cmp)
{
	if (n < 2)
		return;
	if (n <= 16) {
		/* a table's few constraints and indexes: insertion sort, stable
		 * too, without the buffer */
		for (int i = 1; i < n; i++) {
			void *x = v[i];
			int j = i;
			for (; j > 0 && cmp(x, v[j - 1]) < 0; j--)
				v[j] = v[j - 1];
			v[j] = x;
		}
		return;
	}
	void **tmp = xmalloc(sizeof *tmp * (size_t)n);
	for (int width = 1; width < n; width *= 2) {
		for (int lo = 0; lo < n; lo += 2 * width) {
			int mid = lo + width < n ? lo + width : n;
			int hi = lo + 2 * width < n ? lo + 2 * width : n;
			int i = lo, j = mid, k = lo;
			while (i < mid && j < hi)
				tmp[k++] =
				    cmp(v[j], v[i]) < 0 ? v[j++] : v[i++];
			while (i < mid)
				tmp[k++] = v[i++];
			while (j < hi)
				tmp[k++] = v[j++];
		}
		memcpy(v, tmp, sizeof *v * (size_t)n);
	}
	free(tmp);
}

static int cmp_table(const void *a, const void *b)
{
	return cmp_qname(&((const struct table *)a)->name,
	                 &((const struct table *)b)->name);
}

static int cmp_enum(const void *a, const void *b)
{
	return cmp_qname(&((const struct enum_type *)a)->name,
	                 &((const struct enum_type *)b)->name);
}

static int cmp_view(const void *a, const void *b)
{
	return cmp_qname(&((const struct view *)a)->name,
	                 &((const struct view *)b)->name);
}

static int cmp_ext_type(const void *a, const void *b)
{
	return cmp_qname(&((const struct ext_type *)a)->name,
	                 &((const struct ext_type *)b)->name);
}

static int cmp_constraint(const void *a, const void *b)
{
	const struct constraint *x = a, *y = b;
	if (x->kind != y->kind)
		return x->kind < y->kind ? -1 : 1;
	return cmp_name(x->name, y->name);
}

static int cmp_index(const void *a, const void *b)
{
	return cmp_name(((const struct index *)a)->name,
	                ((const struct index *)b)->name);
}

void schema_sort(struct schema *s)
{
	sort_ptrs((void **)s->tables, s->ntables, cmp_table);
	sort_ptrs((void **)s->enums, s->nenums, cmp_enum);
	sort_ptrs((void **)s->views, s->nviews, cmp_view);
	sort_ptrs((void **)s->types, s->ntypes, cmp_ext_type);
	for (int i = 0; i < s->ntables; i++) {
		struct table *t = s->tables[i];
		sort_ptrs((void **)t->cons, t->ncons, cmp_constraint);
		sort_ptrs((void **)t->indexes, t->nindexes, cmp_index);
	}
}

/* Whether schema_sort would leave (v, n) as it is (it is stable). */
static bool ptrs_sorted(void *const *v, int n, cmp_fn cmp)
{
	for (int i = 1; i < n; i++)
		if (cmp(v[i], v[i - 1]) < 0)
			return false;
	return true;
}

bool schema_is_sorted(const struct schema *s)
{
	if (!ptrs_sorted((void *const *)s->tables, s->ntables, cmp_table) ||
	    !ptrs_sorted((void *const *)s->enums, s->nenums, cmp_enum) ||
	    !ptrs_sorted((void *const *)s->views, s->nviews, cmp_view) ||
	    !ptrs_sorted((void *const *)s->types, s->ntypes, cmp_ext_type))
		return false;
	for (int i = 0; i < s->ntables; i++) {
		const struct table *t = s->tables[i];
		if (!ptrs_sorted((void *const *)t->cons, t->ncons,
		                 cmp_constraint) ||
		    !ptrs_sorted((void *const *)t->indexes, t->nindexes,
		                 cmp_index))
			return false;
	}
	return true;
}

/* ---- expressions ---- */

bool expr_is_bare_default(const char *text)
{
	static const char *const words[] = {
	    "true",         "false",        "null",
	    "current_date", "current_time", "current_timestamp",
	};
	for (size_t i = 0; i < sizeof words / sizeof *words; i++)
		if (!strcasecmp(text, words[i]))
			return true;
	const char *p = text;
	if (*p == '\'') {
		for (p++; *p; p++)
			if (*p == '\'') {
				if (p[1] != '\'')
					return p[1] == '\0';
				p++;
			}
		return false;
	}
	/* a number as the lexer takes one: [+-]digits[.digits][e[+-]digits]
	 * or [+-].digits[e[+-]digits] */
	if (*p == '-' || *p == '+')
		p++;
	bool digits = false;
	while (*p >= '0' && *p <= '9')
		p++, digits = true;
	if (*p == '.')
		for (p++; *p >= '0' && *p <= '9'; p++)
			digits = true;
	if (digits && (*p == 'e' || *p == 'E')) {
		p++;
		if (*p == '-' || *p == '+')
			p++;
		if (!(*p >= '0' && *p <= '9'))
			return false;
		while (*p >= '0' && *p <= '9')
			p++;
	}
	return digits && *p == '\0';
}

/* ---- equality and hash ---- */

bool schema_equal(struct arena *a, struct schema *x, struct schema *y)
{
	return !strcmp(schema_to_json(a, x), schema_to_json(a, y));
}

uint64_t schema_hash(struct arena *a, struct schema *s)
{
	const char *json = schema_to_json(a, s);
	return hash_bytes(json, strlen(json));
}

/* ---- spelling ---- */

char *type_to_string(struct arena *a, const struct type *t)
{
	struct strbuf sb = STRBUF_INIT;
	const char *name = t->name ? t->name : "";
	if (t->kind < TYPE_ENUM)
		name = type_names[t->kind].name;
	if (t->schema && (t->kind >= TYPE_ENUM))
		strbuf_printf(&sb, "%s.", t->schema);
	strbuf_puts(&sb, name);
	if (t->nargs > 0) {
		strbuf_printf(&sb, "(%d", t->args[0]);
		for (int i = 1; i < t->nargs && i < 2; i++)
			strbuf_printf(&sb, ", %d", t->args[i]);
		strbuf_putc(&sb, ')');
	}
	for (int i = 0; i < t->array_dims; i++)
		strbuf_puts(&sb, "[]");
	char *r = strbuf_arena_copy(&sb, a);
	strbuf_free(&sb);
	return r;
}

/* ---- deep copies ---- */

/* A new array of n pointers (NULL when n is 0), elements copied by fn. */
#define COPY_PTRS(a, dst, ndst, capdst, src, nsrc, fn)           \
	do {                                                     \
		(dst) = NULL;                                    \
		(ndst) = (capdst) = 0;                           \
		for (int i_ = 0; i_ < (nsrc); i_++)              \
			ARENA_PUSH((a), (dst), (ndst), (capdst), \
			           fn((a), (src)[i_]));          \
	} while (0)

static const char **copy_names(struct arena *a, int n, const char **v)
{
	if (n <= 0)
		return NULL;
	const char **r = arena_alloc(a, sizeof *r * (size_t)n);
	memcpy(r, v, sizeof *r * (size_t)n);
	return r;
}

struct expr *expr_copy(struct arena *a, const struct expr *e)
{
	if (!e)
		return NULL;
	struct expr *r = arena_alloc(a, sizeof *r);
	*r = *e;
	return r;
}

struct column *column_copy(struct arena *a, const struct column *c)
{
	struct column *r = arena_alloc(a, sizeof *r);
	*r = *c;
	r->default_expr = expr_copy(a, c->default_expr);
	r->generated = expr_copy(a, c->generated);
	return r;
}

struct constraint *constraint_copy(struct arena *a, const struct constraint *c)
{
	struct constraint *r = arena_alloc(a, sizeof *r);
	*r = *c;
	r->cols = copy_names(a, c->ncols, c->cols);
	r->ref_cols = copy_names(a, c->nref_cols, c->ref_cols);
	r->check = expr_copy(a, c->check);
	return r;
}

struct index *index_copy(struct arena *a, const struct index *ix)
{
	struct index *r = arena_alloc(a, sizeof *r);
	*r = *ix;
	r->elems = NULL;
	if (ix->nelems > 0) {
		r->elems =
		    arena_alloc(a, sizeof *r->elems * (size_t)ix->nelems);
		for (int i = 0; i < ix->nelems; i++) {
			r->elems[i] = ix->elems[i];
			r->elems[i].expr = expr_copy(a, ix->elems[i].expr);
		}
	}
	r->where = expr_copy(a, ix->where);
	return r;
}

struct table *table_copy(struct arena *a, const struct table *t)
{
	struct table *r = arena_alloc(a, sizeof *r);
	*r = *t;
	COPY_PTRS(a, r->cols, r->ncols, r->capcols, t->cols, t->ncols,
	          column_copy);
	COPY_PTRS(a, r->cons, r->ncons, r->capcons, t->cons, t->ncons,
	          constraint_copy);
	COPY_PTRS(a, r->indexes, r->nindexes, r->capindexes, t->indexes,
	          t->nindexes, index_copy);
	return r;
}

struct enum_type *enum_copy(struct arena *a, const struct enum_type *e)
{
	struct enum_type *r = arena_alloc(a, sizeof *r);
	*r = *e;
	r->values = copy_names(a, e->nvalues, e->values);
	r->capvalues = e->nvalues > 0 ? e->nvalues : 0;
	return r;
}

struct view *view_copy(struct arena *a, const struct view *v)
{
	struct view *r = arena_alloc(a, sizeof *r);
	*r = *v;
	r->query = expr_copy(a, v->query);
	return r;
}

static struct ext_type *ext_type_copy(struct arena *a, const struct ext_type *t)
{
	struct ext_type *r = arena_alloc(a, sizeof *r);
	*r = *t;
	return r;
}

void schema_copy(struct arena *a, struct schema *dst, const struct schema *src)
{
	COPY_PTRS(a, dst->tables, dst->ntables, dst->captables, src->tables,
	          src->ntables, table_copy);
	COPY_PTRS(a, dst->enums, dst->nenums, dst->capenums, src->enums,
	          src->nenums, enum_copy);
	COPY_PTRS(a, dst->views, dst->nviews, dst->capviews, src->views,
	          src->nviews, view_copy);
	COPY_PTRS(a, dst->types, dst->ntypes, dst->captypes, src->types,
	          src->ntypes, ext_type_copy);
}

/* A copy of the pointer array (v, n), capacity n. */
static void *copy_ptr_array(struct arena *a, const void *v, int n)
{
	if (n <= 0)
		return NULL;
	void *r = arena_alloc(a, sizeof(void *) * (size_t)n);
	return memcpy(r, v, sizeof(void *) * (size_t)n);
}

void schema_copy_shallow(struct arena *a, struct schema *dst,
                         const struct schema *src)
{
	*dst = *src;
	dst->tables = copy_ptr_array(a, src->tables, src->ntables);
	dst->captables = src->ntables;
	for (int i = 0; i < src->ntables; i++) {
		const struct table *t = src->tables[i];
		struct table *r = arena_alloc(a, sizeof *r);
		*r = *t;
		r->cols = copy_ptr_array(a, t->cols, t->ncols);
		r->capcols = t->ncols;
		r->cons = copy_ptr_array(a, t->cons, t->ncons);
		r->capcons = t->ncons;
		r->indexes = copy_ptr_array(a, t->indexes, t->nindexes);
		r->capindexes = t->nindexes;
		dst->tables[i] = r;
	}
	dst->enums = copy_ptr_array(a, src->enums, src->nenums);
	dst->capenums = src->nenums;
	dst->views = copy_ptr_array(a, src->views, src->nviews);
	dst->capviews = src->nviews;
	dst->types = copy_ptr_array(a, src->types, src->ntypes);
	dst->captypes = src->ntypes;
}

int type_int_rank(enum type_kind k)
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

bool type_is_string(enum type_kind k)
{
	return k == TYPE_TEXT || k == TYPE_VARCHAR || k == TYPE_CHAR;
}

static bool same_named_type(const struct type *x, const struct type *y)
{
	return x->kind == y->kind &&
	       (x->schema == y->schema ||
	        (x->schema && y->schema && !strcmp(x->schema, y->schema))) &&
	       !strcmp(x->name, y->name);
}

bool type_converts_implicitly(const struct type *x, const struct type *y)
{
	if (x->array_dims != y->array_dims)
		return false;
	if (x->kind == y->kind && x->kind != TYPE_ENUM &&
	    x->kind != TYPE_NATIVE && x->kind != TYPE_EXTERNAL)
		return true;
	if (x->kind >= TYPE_ENUM && same_named_type(x, y))
		return true;
	if (type_int_rank(x->kind) && type_int_rank(y->kind))
		return true;
	if (type_int_rank(x->kind) &&
	    (y->kind == TYPE_NUMERIC || y->kind == TYPE_REAL ||
	     y->kind == TYPE_DOUBLE))
		return true;
	if ((x->kind == TYPE_REAL || x->kind == TYPE_DOUBLE ||
	     x->kind == TYPE_NUMERIC) &&
	    (y->kind == TYPE_REAL || y->kind == TYPE_DOUBLE ||
	     y->kind == TYPE_NUMERIC || type_int_rank(y->kind)))
		return true;
	/* anything converts to a string type by its output function */
	if (type_is_string(y->kind))
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

const char *type_change_loss(const struct type *x, const struct type *y)
{
	if (type_int_rank(x->kind) && type_int_rank(y->kind) &&
	    type_int_rank(y->kind) < type_int_rank(x->kind))
		return "values may not fit the smaller integer type";
	if (x->kind == TYPE_DOUBLE && y->kind == TYPE_REAL)
		return "double precision values lose precision as real";
	if ((x->kind == TYPE_TIMESTAMP || x->kind == TYPE_TIMESTAMPTZ) &&
	    y->kind == TYPE_DATE)
		return "the time of day is lost";
	if (x->kind == TYPE_TIMESTAMPTZ && y->kind == TYPE_TIMESTAMP)
		return "values become local times of the session's time "
		       "zone";
	if ((x->kind == TYPE_REAL || x->kind == TYPE_DOUBLE ||
	     x->kind == TYPE_NUMERIC) &&
	    type_int_rank(y->kind))
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
	if (type_is_string(x->kind) &&
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
