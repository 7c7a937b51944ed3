/*
 * emit.c - the SQL writer both dialects share: `retort sql` and, later, the
 * migration compiler.  It sits at the end of the pipeline and turns a
 * checked portable schema into CREATE statements.
 *
 * Everything that is the same on SQLite and PostgreSQL lives here:
 * statement order, quoting, the order of a column's clauses, constraint,
 * index, view and comment clauses.  What differs (type spellings,
 * autoincrement and identity, enum types, schemas, comments, index methods,
 * whether a foreign key may name a table created later) comes from the
 * dialect's struct dialect_ops (emit_dialect.h), implemented in
 * emit_sqlite.c and emit_pg.c.  Table order comes from depsort, which
 * never sees a dialect.
 *
 * Output is deterministic: tables in dependency order with ties by
 * canonical position, everything else sorted by (schema, name).
 */
#include "emit.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "check.h"
#include "depsort.h"
#include "emit_dialect.h"

/* ---- quoting ---------------------------------------------------------- */

/* Both dialects quote identifiers with double quotes, doubling embedded
 * ones, so one writer serves both (SQLite follows the SQL standard here). */
void emit_ident(struct strbuf *out, const char *name)
{
	strbuf_quoted(out, name, '"');
}

void emit_qname(struct strbuf *out, const struct qname *q)
{
	if (q->schema) {
		emit_ident(out, q->schema);
		strbuf_putc(out, '.');
	}
	emit_ident(out, q->name);
}

void emit_string(struct strbuf *out, const char *s)
{
	strbuf_quoted(out, s, '\'');
}

/* PostgreSQL's reserved key words (the ones a type or method name may not
 * use unquoted); sorted for bsearch. */
/* clang-format off */
static const char *const reserved[] = {
	"all", "analyse", "analyze", "and", "any", "array", "as", "asc",
	"asymmetric", "both", "case", "cast", "check", "collate", "column",
	"constraint", "create", "current_catalog", "current_date",
	"current_role", "current_time", "current_timestamp", "current_user",
	"default", "deferrable", "desc", "distinct", "do", "else", "end",
	"except", "false", "fetch", "for", "foreign", "from", "grant", "group",
	"having", "in", "initially", "intersect", "into", "lateral", "leading",
	"limit", "localtime", "localtimestamp", "not", "null", "offset", "on",
	"only", "or", "order", "placing", "primary", "references",
	"returning", "select", "session_user", "some", "symmetric", "table",
	"then", "to", "trailing", "true", "union", "unique", "user", "using",
	"variadic", "when", "where", "window", "with",
};
/* clang-format on */

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Appends name bare when it reads the same unquoted (PostgreSQL's
 * quote_identifier rule: lower-case letters, digits and _, not a reserved
 * word), quoted otherwise.  Used where the output mirrors format_type(). */
static void ident_if_needed(struct strbuf *out, const char *name)
{
	bool safe = (name[0] >= 'a' && name[0] <= 'z') || name[0] == '_';
	for (const char *p = name; *p && safe; p++)
		safe = (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') ||
		       *p == '_';
	if (safe && bsearch(&name, reserved, sizeof reserved / sizeof *reserved,
	                    sizeof *reserved, cmp_str))
		safe = false;
	if (safe)
		strbuf_puts(out, name);
	else
		emit_ident(out, name);
}

/* ---- dialects and types ------------------------------------------------ */

const struct dialect_ops *emit_dialect(enum dialect d)
{
	return d == DIALECT_POSTGRESQL ? &emit_pg_ops : &emit_sqlite_ops;
}

/* Writes a spelling template, putting the argument list where "%s" is. */
static void put_spelling(struct strbuf *out, const char *tmpl,
                         const struct type *t)
{
	char args[64] = "";
	if (t->nargs == 1)
		snprintf(args, sizeof args, "(%d)", t->args[0]);
	else if (t->nargs >= 2)
		snprintf(args, sizeof args, "(%d,%d)", t->args[0], t->args[1]);
	const char *mark = strstr(tmpl, "%s");
	if (!mark) {
		strbuf_puts(out, tmpl);
		strbuf_puts(out, args);
		return;
	}
	strbuf_add(out, tmpl, (size_t)(mark - tmpl));
	strbuf_puts(out, args);
	strbuf_puts(out, mark + 2);
}

char *emit_type(struct session *s, const struct type *t)
{
	const struct dialect_ops *ops = emit_dialect(s->dialect);
	struct strbuf sb = STRBUF_INIT;
	switch (t->kind) {
	case TYPE_ENUM:
		if (ops->native_enums) {
			struct qname q = {.schema = t->schema, .name = t->name};
			emit_qname(&sb, &q);
		} else {
			put_spelling(&sb, ops->type_spellings[TYPE_ENUM], t);
		}
		break;
	case TYPE_NATIVE:
	case TYPE_UNRESOLVED:
		/* a built-in the model names verbatim (inet, tsvector) */
		put_spelling(&sb, t->name, t);
		break;
	case TYPE_EXTERNAL:
		if (t->schema) {
			ident_if_needed(&sb, t->schema);
			strbuf_putc(&sb, '.');
		}
		ident_if_needed(&sb, t->name);
		put_spelling(&sb, "", t);
		break;
	default:
		put_spelling(&sb, ops->type_spellings[t->kind], t);
		break;
	}
	for (int i = 0; i < t->array_dims; i++)
		strbuf_puts(&sb, "[]");
	char *r = strbuf_arena_copy(&sb, s->arena);
	strbuf_free(&sb);
	return r;
}

/* ---- small helpers ----------------------------------------------------- */

static void put_expr(struct strbuf *out, const struct expr *e)
{
	if (e->parens) {
		strbuf_putc(out, '(');
		strbuf_puts(out, e->text);
		strbuf_putc(out, ')');
	} else {
		strbuf_puts(out, e->text);
	}
}

static void put_columns(struct strbuf *out, int n, const char *const *cols)
{
	strbuf_putc(out, '(');
	for (int i = 0; i < n; i++) {
		if (i)
			strbuf_puts(out, ", ");
		emit_ident(out, cols[i]);
	}
	strbuf_putc(out, ')');
}

static int cmp_opt(const char *a, const char *b)
{
	if (!a || !b)
		return (a != NULL) - (b != NULL);
	return strcmp(a, b);
}

static int cmp_qname(const struct qname *a, const struct qname *b)
{
	int c = cmp_opt(a->schema, b->schema);
	return c ? c : strcmp(a->name, b->name);
}

static int cmp_ptr(const void *a, const void *b)
{
	const void *x = *(void *const *)a, *y = *(void *const *)b;
	return (x > y) - (x < y);
}

void emit_sort_ptrs(void **p, int n)
{
	if (n > 1)
		qsort(p, (size_t)n, sizeof *p, cmp_ptr);
}

static bool in_ptrs(void *const *p, int n, const void *x)
{
	return n > 0 && bsearch(&x, p, (size_t)n, sizeof *p, cmp_ptr);
}

static const struct constraint *find_pk(const struct table *t)
{
	for (int i = 0; i < t->ncons; i++)
		if (t->cons[i]->kind == CON_PRIMARY_KEY)
			return t->cons[i];
	return NULL;
}

const struct column *emit_single_pk(const struct table *t)
{
	for (int i = 0; i < t->ncons; i++) {
		const struct constraint *c = t->cons[i];
		if (c->kind != CON_PRIMARY_KEY)
			continue;
		if (c->ncols != 1)
			return NULL;
		for (int j = 0; j < t->ncols; j++)
			if (!strcmp(t->cols[j]->name, c->cols[0]))
				return t->cols[j];
		return NULL;
	}
	return NULL;
}

static const struct enum_type *find_enum(const struct schema *schema,
                                         const struct type *t)
{
	for (int i = 0; i < schema->nenums; i++) {
		const struct enum_type *e = schema->enums[i];
		if (!cmp_opt(e->name.schema, t->schema) &&
		    !strcmp(e->name.name, t->name))
			return e;
	}
	return NULL;
}

/*
 * The name the convention gives the CHECK that stands for an enum on a
 * dialect without enum types: the ck template with %(name) (and
 * %(columns)) the enum's name, SQLAlchemy's habit, which a reflector
 * recognises.  The checker's expansion is used so long names are
 * shortened the same way.  Returns arena memory.
 */
static char *enum_check_name(struct session *s, const struct table *t,
                             const char *enum_name)
{
	struct constraint k = {.kind = CON_CHECK, .inline_column = enum_name};
	return check_constraint_name(s, t, &k);
}

/* ---- clauses ----------------------------------------------------------- */

int emit_column_def(struct session *s, const struct table *t,
                    const struct column *c, struct strbuf *out)
{
	const struct dialect_ops *ops = emit_dialect(s->dialect);
	char *type = ops->column_type(s, t, c);
	if (!type)
		return -1;
	emit_ident(out, c->name);
	strbuf_putc(out, ' ');
	strbuf_puts(out, type);
	if (c->collation) {
		strbuf_puts(out, " COLLATE ");
		emit_ident(out, c->collation);
	}
	if (c->not_null)
		strbuf_puts(out, " NOT NULL");
	if (c->default_expr) {
		strbuf_puts(out, " DEFAULT ");
		put_expr(out, c->default_expr);
	}
	if (c->generated) {
		strbuf_puts(out, " GENERATED ALWAYS AS (");
		strbuf_puts(out, c->generated->text);
		strbuf_puts(out, ") STORED");
	}
	const char *identity = ops->identity_clause(c);
	if (identity) {
		strbuf_putc(out, ' ');
		strbuf_puts(out, identity);
	}
	const char *pk_tail = ops->inline_primary_key(t, c);
	if (pk_tail) {
		const struct constraint *pk = find_pk(t);
		strbuf_puts(out, " CONSTRAINT ");
		emit_ident(out, pk->name);
		strbuf_puts(out, " PRIMARY KEY");
		if (*pk_tail) {
			strbuf_putc(out, ' ');
			strbuf_puts(out, pk_tail);
		}
	}
	return 0;
}

static const char *fk_action(enum fk_action a)
{
	switch (a) {
	case FK_NO_ACTION:
		return "NO ACTION";
	case FK_RESTRICT:
		return "RESTRICT";
	case FK_CASCADE:
		return "CASCADE";
	case FK_SET_NULL:
		return "SET NULL";
	case FK_SET_DEFAULT:
		return "SET DEFAULT";
	case FK_UNSPECIFIED:
		break;
	}
	return NULL;
}

void emit_constraint_def(struct session *s, const struct table *t,
                         const struct constraint *c, struct strbuf *out)
{
	(void)s;
	(void)t;
	strbuf_puts(out, "CONSTRAINT ");
	emit_ident(out, c->name);
	switch (c->kind) {
	case CON_PRIMARY_KEY:
		strbuf_puts(out, " PRIMARY KEY ");
		put_columns(out, c->ncols, c->cols);
		break;
	case CON_UNIQUE:
		strbuf_puts(out, " UNIQUE ");
		put_columns(out, c->ncols, c->cols);
		break;
	case CON_CHECK:
		strbuf_puts(out, " CHECK (");
		strbuf_puts(out, c->check->text);
		strbuf_putc(out, ')');
		break;
	case CON_FOREIGN_KEY: {
		strbuf_puts(out, " FOREIGN KEY ");
		put_columns(out, c->ncols, c->cols);
		strbuf_puts(out, " REFERENCES ");
		emit_qname(out, &c->ref_table);
		if (c->nref_cols > 0) {
			strbuf_putc(out, ' ');
			put_columns(out, c->nref_cols, c->ref_cols);
		}
		const char *a = fk_action(c->on_delete);
		if (a)
			strbuf_printf(out, " ON DELETE %s", a);
		a = fk_action(c->on_update);
		if (a)
			strbuf_printf(out, " ON UPDATE %s", a);
		if (c->initially_deferred)
			strbuf_puts(out, " DEFERRABLE INITIALLY DEFERRED");
		else if (c->deferrable)
			strbuf_puts(out, " DEFERRABLE");
		break;
	}
	}
}

/* Starts the next item of a CREATE TABLE body. */
static void next_item(struct strbuf *out, bool *first)
{
	strbuf_puts(out, *first ? "\n  " : ",\n  ");
	*first = false;
}

/* CREATE TABLE for t under the name `as` (t's own, or the temporary name
 * of a SQLite rebuild: names the convention gives still come from t). */
static int create_table(struct session *s, const struct schema *schema,
                        const struct table *t, const struct qname *as,
                        struct constraint *const *skip, int nskip,
                        struct strbuf *out)
{
	const struct dialect_ops *ops = emit_dialect(s->dialect);
	struct strbuf sb = STRBUF_INIT;
	bool first = true, inline_pk = false;
	int rc = 0;
	strbuf_puts(&sb, "CREATE TABLE ");
	emit_qname(&sb, as);
	strbuf_puts(&sb, " (");
	for (int i = 0; i < t->ncols; i++) {
		next_item(&sb, &first);
		if (emit_column_def(s, t, t->cols[i], &sb) < 0)
			rc = -1;
		if (ops->inline_primary_key(t, t->cols[i]))
			inline_pk = true;
	}
	/* Table constraints grouped by kind whatever order they come in;
	 * the enum CHECKs of dialects without enum types go with the
	 * CHECKs, in column order. */
	static const enum constraint_kind kinds[] = {
	    CON_PRIMARY_KEY, CON_UNIQUE, CON_CHECK, CON_FOREIGN_KEY};
	for (size_t k = 0; k < sizeof kinds / sizeof *kinds; k++) {
		for (int i = 0; i < t->ncons; i++) {
			struct constraint *c = t->cons[i];
			if (c->kind != kinds[k])
				continue;
			if (c->kind == CON_PRIMARY_KEY && inline_pk)
				continue;
			if (c->kind == CON_FOREIGN_KEY &&
			    in_ptrs((void *const *)skip, nskip, c))
				continue;
			next_item(&sb, &first);
			emit_constraint_def(s, t, c, &sb);
		}
		if (kinds[k] != CON_CHECK || ops->native_enums)
			continue;
		for (int i = 0; i < t->ncols; i++) {
			const struct column *c = t->cols[i];
			if (c->type.kind != TYPE_ENUM || c->type.array_dims)
				continue;
			const struct enum_type *e = find_enum(schema, &c->type);
			if (!e) {
				diag_error(s->diag, c->type.span,
				           "unknown enum \"%s\"", c->type.name);
				rc = -1;
				continue;
			}
			next_item(&sb, &first);
			strbuf_puts(&sb, "CONSTRAINT ");
			emit_ident(&sb, enum_check_name(s, t, e->name.name));
			strbuf_puts(&sb, " CHECK (");
			emit_ident(&sb, c->name);
			strbuf_puts(&sb, " IN (");
			for (int j = 0; j < e->nvalues; j++) {
				if (j)
					strbuf_puts(&sb, ", ");
				emit_string(&sb, e->values[j]);
			}
			strbuf_puts(&sb, "))");
		}
	}
	strbuf_puts(&sb, "\n);\n");
	if (rc == 0)
		strbuf_add(out, sb.buf, sb.len);
	strbuf_free(&sb);
	return rc;
}

int emit_create_table(struct session *s, const struct schema *schema,
                      const struct table *t, struct constraint *const *skip,
                      int nskip, struct strbuf *out)
{
	return create_table(s, schema, t, &t->name, skip, nskip, out);
}

int emit_create_table_as(struct session *s, const struct schema *schema,
                         const struct table *t, const struct qname *as,
                         struct strbuf *out)
{
	return create_table(s, schema, t, as, NULL, 0, out);
}

void emit_add_constraint(struct session *s, const struct table *t,
                         const struct constraint *c, struct strbuf *out)
{
	strbuf_puts(out, "ALTER TABLE ");
	emit_qname(out, &t->name);
	strbuf_puts(out, " ADD ");
	emit_constraint_def(s, t, c, out);
	strbuf_puts(out, ";\n");
}

void emit_create_index(struct session *s, const struct qname *table,
                       const struct index *ix, struct strbuf *out)
{
	const struct dialect_ops *ops = emit_dialect(s->dialect);
	strbuf_puts(out, ix->unique ? "CREATE UNIQUE INDEX " : "CREATE INDEX ");
	emit_ident(out, ix->name);
	strbuf_puts(out, " ON ");
	emit_qname(out, table);
	/* SQLite has one index method; a model shared by both dialects may
	 * still name PostgreSQL's, so it is dropped there, not refused. */
	if (ix->method && ops->index_method) {
		strbuf_puts(out, " USING ");
		ident_if_needed(out, ix->method);
	}
	strbuf_puts(out, " (");
	for (int i = 0; i < ix->nelems; i++) {
		const struct index_elem *el = &ix->elems[i];
		if (i)
			strbuf_puts(out, ", ");
		if (el->column)
			emit_ident(out, el->column);
		else
			put_expr(out, el->expr);
		if (el->desc)
			strbuf_puts(out, " DESC");
	}
	strbuf_putc(out, ')');
	if (ix->where) {
		strbuf_puts(out, " WHERE (");
		strbuf_puts(out, ix->where->text);
		strbuf_putc(out, ')');
	}
	strbuf_puts(out, ";\n");
}

void emit_create_enum(struct session *s, const struct enum_type *e,
                      struct strbuf *out)
{
	(void)s;
	strbuf_puts(out, "CREATE TYPE ");
	emit_qname(out, &e->name);
	strbuf_puts(out, " AS ENUM (");
	for (int i = 0; i < e->nvalues; i++) {
		if (i)
			strbuf_puts(out, ", ");
		emit_string(out, e->values[i]);
	}
	strbuf_puts(out, ");\n");
}

void emit_create_view(struct session *s, const struct view *v,
                      struct strbuf *out)
{
	(void)s;
	strbuf_puts(out, "CREATE VIEW ");
	emit_qname(out, &v->name);
	strbuf_puts(out, " AS ");
	/* the query is verbatim; only trailing blanks and a ';' would spoil
	 * the one-statement shape */
	const char *q = v->query->text;
	size_t n = strlen(q);
	while (n > 0 && (isspace((unsigned char)q[n - 1]) || q[n - 1] == ';'))
		n--;
	strbuf_add(out, q, n);
	strbuf_puts(out, ";\n");
}

void emit_comments(struct session *s, const struct table *t, struct strbuf *out)
{
	(void)s;
	if (t->comment) {
		strbuf_puts(out, "COMMENT ON TABLE ");
		emit_qname(out, &t->name);
		strbuf_puts(out, " IS ");
		emit_string(out, t->comment);
		strbuf_puts(out, ";\n");
	}
	for (int i = 0; i < t->ncols; i++) {
		const struct column *c = t->cols[i];
		if (!c->comment)
			continue;
		strbuf_puts(out, "COMMENT ON COLUMN ");
		emit_qname(out, &t->name);
		strbuf_putc(out, '.');
		emit_ident(out, c->name);
		strbuf_puts(out, " IS ");
		emit_string(out, c->comment);
		strbuf_puts(out, ";\n");
	}
}

/* ---- the whole schema -------------------------------------------------- */

static int cmp_enum_ptr(const void *a, const void *b)
{
	return cmp_qname(&(*(struct enum_type *const *)a)->name,
	                 &(*(struct enum_type *const *)b)->name);
}

static int cmp_view_ptr(const void *a, const void *b)
{
	return cmp_qname(&(*(struct view *const *)a)->name,
	                 &(*(struct view *const *)b)->name);
}

static int cmp_index_ptr(const void *a, const void *b)
{
	return strcmp((*(struct index *const *)a)->name,
	              (*(struct index *const *)b)->name);
}

/* Finds a table named on the command line: "name" in the default schema,
 * else "schema.name" split at the first dot. */
static struct table *find_named_table(const struct schema *schema,
                                      const char *arg)
{
	for (int i = 0; i < schema->ntables; i++) {
		struct table *t = schema->tables[i];
		if (!t->name.schema && !strcmp(t->name.name, arg))
			return t;
	}
	const char *dot = strchr(arg, '.');
	if (!dot)
		return NULL;
	size_t len = (size_t)(dot - arg);
	for (int i = 0; i < schema->ntables; i++) {
		struct table *t = schema->tables[i];
		if (t->name.schema && strlen(t->name.schema) == len &&
		    !strncmp(t->name.schema, arg, len) &&
		    !strcmp(t->name.name, dot + 1))
			return t;
	}
	return NULL;
}

/* Does text mention name as a whole word (case-insensitively, quoted or
 * not)?  A heuristic for views built on other views: a false hit only adds
 * an ordering constraint. */
static bool mentions(const char *text, const char *name)
{
	size_t n = strlen(name);
	if (!n)
		return false;
	for (const char *p = text; *p; p++) {
		if (strncasecmp(p, name, n))
			continue;
		bool before = p == text || !(isalnum((unsigned char)p[-1]) ||
		                             p[-1] == '_' || p[-1] == '$');
		unsigned char after = (unsigned char)p[n];
		if (before && !(isalnum(after) || after == '_' || after == '$'))
			return true;
	}
	return false;
}

/* Views in canonical order, moved after the views their query mentions
 * (cycles among such guesses are broken by position). */
static void order_views(struct session *s, int n, struct view **views)
{
	struct arena *a = s->arena;
	qsort(views, (size_t)n, sizeof *views, cmp_view_ptr);
	int nedges = 0, cap = 0;
	struct depsort_edge *edges = NULL;
	for (int i = 0; i < n; i++)
		for (int j = 0; j < n; j++)
			if (i != j && mentions(views[i]->query->text,
			                       views[j]->name.name)) {
				struct depsort_edge e = {i, j, true};
				ARENA_PUSH(a, edges, nedges, cap, e);
			}
	if (!nedges)
		return;
	int *order = arena_alloc(a, (size_t)n * sizeof *order);
	bool *broken = arena_alloc(a, (size_t)nedges * sizeof *broken);
	depsort(s, n, nedges, edges, NULL, order, broken);
	struct view **copy = arena_alloc(a, (size_t)n * sizeof *copy);
	memcpy(copy, views, (size_t)n * sizeof *copy);
	for (int i = 0; i < n; i++)
		views[i] = copy[order[i]];
}

static void add_schema_name(struct session *s, const char ***names, int *n,
                            int *cap, const char *name)
{
	if (name)
		ARENA_PUSH(s->arena, *names, *n, *cap, name);
}

int emit_schema(struct session *s, const struct schema *schema, int ntables,
                char **tables, struct strbuf *out)
{
	const struct dialect_ops *ops = emit_dialect(s->dialect);
	struct arena *a = s->arena;
	bool all = ntables <= 0;

	/* the tables asked for */
	int nsel = 0, capsel = 0;
	struct table **sel = NULL;
	if (all) {
		nsel = schema->ntables;
		sel = schema->tables;
	} else {
		bool bad = false;
		for (int i = 0; i < ntables; i++) {
			struct table *t = find_named_table(schema, tables[i]);
			if (!t) {
				diag_global(s->diag, SEV_ERROR,
				            "unknown table \"%s\"", tables[i]);
				bad = true;
				continue;
			}
			bool dup = false;
			for (int j = 0; j < nsel && !dup; j++)
				dup = sel[j] == t;
			if (!dup)
				ARENA_PUSH(a, sel, nsel, capsel, t);
		}
		if (bad)
			return -1;
	}

	struct table **order;
	struct depsort_fk *deferred;
	int ndeferred;
	if (depsort_tables(s, nsel, sel, &order, &deferred, &ndeferred) < 0)
		return -1;
	if (ops->forward_fks)
		ndeferred = 0;
	struct constraint **skip =
	    arena_alloc(a, (size_t)(ndeferred ? ndeferred : 1) * sizeof *skip);
	for (int i = 0; i < ndeferred; i++)
		skip[i] = deferred[i].con;
	emit_sort_ptrs((void **)skip, ndeferred);

	/* canonical table order, for indexes and comments */
	struct table **canon =
	    arena_alloc(a, (size_t)(nsel ? nsel : 1) * sizeof *canon);
	if (nsel > 0) { /* an empty model has no array to copy */
		memcpy(canon, sel, (size_t)nsel * sizeof *canon);
		qsort(canon, (size_t)nsel, sizeof *canon, depsort_table_cmp);
	}

	/* enums: all of them, or the ones the chosen tables use */
	int nenums = 0, capenums = 0;
	struct enum_type **enums = NULL;
	for (int i = 0; i < schema->nenums; i++) {
		struct enum_type *e = schema->enums[i];
		bool used = all;
		for (int j = 0; j < nsel && !used; j++)
			for (int k = 0; k < sel[j]->ncols && !used; k++) {
				const struct type *ty = &sel[j]->cols[k]->type;
				used = ty->kind == TYPE_ENUM &&
				       !cmp_opt(ty->schema, e->name.schema) &&
				       !strcmp(ty->name, e->name.name);
			}
		if (used)
			ARENA_PUSH(a, enums, nenums, capenums, e);
	}
	if (nenums > 1)
		qsort(enums, (size_t)nenums, sizeof *enums, cmp_enum_ptr);

	int nviews = all ? schema->nviews : 0;
	struct view **views =
	    arena_alloc(a, (size_t)(nviews ? nviews : 1) * sizeof *views);
	if (nviews) {
		memcpy(views, schema->views, (size_t)nviews * sizeof *views);
		order_views(s, nviews, views);
	}

	struct strbuf sb = STRBUF_INIT;
	int rc = 0;

	if (ops->schemas) {
		int nnames = 0, capnames = 0;
		const char **names = NULL;
		for (int i = 0; i < nsel; i++)
			add_schema_name(s, &names, &nnames, &capnames,
			                sel[i]->name.schema);
		if (ops->native_enums)
			for (int i = 0; i < nenums; i++)
				add_schema_name(s, &names, &nnames, &capnames,
				                enums[i]->name.schema);
		for (int i = 0; i < nviews; i++)
			add_schema_name(s, &names, &nnames, &capnames,
			                views[i]->name.schema);
		if (nnames > 1)
			qsort(names, (size_t)nnames, sizeof *names, cmp_str);
		for (int i = 0; i < nnames; i++) {
			if (i && !strcmp(names[i], names[i - 1]))
				continue;
			strbuf_puts(&sb, "CREATE SCHEMA IF NOT EXISTS ");
			emit_ident(&sb, names[i]);
			strbuf_puts(&sb, ";\n");
		}
	}
	if (ops->native_enums)
		for (int i = 0; i < nenums; i++)
			emit_create_enum(s, enums[i], &sb);
	for (int i = 0; i < nsel; i++)
		if (emit_create_table(s, schema, order[i], skip, ndeferred,
		                      &sb) < 0)
			rc = -1;
	/* deferred foreign keys, each after both its tables exist */
	for (int i = 0; i < ndeferred; i++)
		emit_add_constraint(s, deferred[i].table, deferred[i].con, &sb);
	for (int i = 0; i < nsel; i++) {
		const struct table *t = canon[i];
		if (!t->nindexes)
			continue;
		struct index **ix =
		    arena_alloc(a, (size_t)t->nindexes * sizeof *ix);
		memcpy(ix, t->indexes, (size_t)t->nindexes * sizeof *ix);
		qsort(ix, (size_t)t->nindexes, sizeof *ix, cmp_index_ptr);
		for (int j = 0; j < t->nindexes; j++)
			emit_create_index(s, &t->name, ix[j], &sb);
	}
	for (int i = 0; i < nviews; i++)
		emit_create_view(s, views[i], &sb);
	if (ops->comments)
		for (int i = 0; i < nsel; i++)
			emit_comments(s, canon[i], &sb);

	if (rc == 0)
		strbuf_add(out, sb.buf ? sb.buf : "", sb.len);
	strbuf_free(&sb);
	return rc;
}
