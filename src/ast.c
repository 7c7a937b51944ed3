/*
 * ast.c - the builders behind the grammar's actions (see ast.h).
 *
 * Sits between the parser (grammar/parser.y, which calls exactly one
 * function here per action) and the portable schema / migration
 * structures, which it fills from the arena.  No name or type resolution
 * happens here; the checker does that later.  Errors found while building
 * (a type modifier out of range, a header written twice) are reported as
 * located diagnostics and counted in a->errors, like syntax errors.
 */
#include "ast.h"

#include <limits.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "diag.h"

void ast_init(struct ast *a, struct session *s, struct source *src)
{
	memset(a, 0, sizeof *a);
	a->s = s;
	a->src = src;
	/* a second parse of the same source (fmt after load) starts over */
	src->ncomments = 0;
}

struct span ast_span(struct ast *a, struct loc l)
{
	struct span sp = {a->src, l.start, l.end};
	if (sp.end < sp.start)
		sp.end = sp.start;
	return sp;
}

void ast_error(struct ast *a, struct loc l, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *msg = arena_vprintf(a->s->arena, fmt, ap);
	va_end(ap);
	diag_error(a->s->diag, ast_span(a, l), "%s", msg);
	a->errors++;
}

/* ---- lexer services ---- */

/* ASCII lower-casing of 8 bytes at once: 0x20 is added to the bytes in
 * 'A'..'Z' and to no other (bytes >= 0x80 are kept as they are).  Per
 * byte, h + 0x3f reaches 0x80 from 'A' on, h + 0x25 from 'Z' + 1 on,
 * and neither sum carries into the next byte since h <= 0x7f. */
static uint64_t fold8(uint64_t w)
{
	const uint64_t ones = 0x0101010101010101ULL;
	uint64_t h = w & (0x7f * ones);
	uint64_t upper =
	    ((h + 0x3f * ones) ^ (h + 0x25 * ones)) & ~w & (0x80 * ones);
	return w | upper >> 2;
}

/* Folds while copying, a word at a time (identifiers are most of the
 * tokens of a model).  A tail shorter than a word is done as one more
 * word that overlaps the previous one: folding is idempotent. */
char *ast_ident(struct ast *a, const char *text, int len)
{
	char *r = arena_alloc_chars(a->s->arena, (size_t)len + 1);
	uint64_t w;
	uint32_t h;
	if (len >= 8) {
		int i = 0;
		for (; i + 8 < len; i += 8) {
			memcpy(&w, text + i, 8);
			w = fold8(w);
			memcpy(r + i, &w, 8);
		}
		memcpy(&w, text + len - 8, 8);
		w = fold8(w);
		memcpy(r + len - 8, &w, 8);
	} else if (len >= 4) {
		memcpy(&h, text, 4);
		h = (uint32_t)fold8(h);
		memcpy(r, &h, 4);
		memcpy(&h, text + len - 4, 4);
		h = (uint32_t)fold8(h);
		memcpy(r + len - 4, &h, 4);
	} else {
		for (int i = 0; i < len; i++) {
			unsigned char c = (unsigned char)text[i];
			r[i] = (char)(c | ((unsigned char)(c - 'A') < 26) << 5);
		}
	}
	r[len] = '\0';
	return r;
}

char *ast_unquote(struct ast *a, const char *text, int len, char q)
{
	/* text is q ... q with doubled quotes inside */
	char *r = arena_alloc_chars(a->s->arena, (size_t)len + 1);
	int n = 0;
	for (int i = 1; i < len - 1; i++) {
		r[n++] = text[i];
		if (text[i] == q && i + 1 < len - 1 && text[i + 1] == q)
			i++;
	}
	r[n] = '\0';
	return r;
}

char *ast_text(struct ast *a, const char *text, int len)
{
	return arena_strndup(a->s->arena, text, (size_t)len);
}

void ast_comment(struct ast *a, uint32_t start, uint32_t end, bool block)
{
	struct comment c = {start, end, block};
	struct source *src = a->src;
	ARENA_PUSH(a->s->arena, src->comments, src->ncomments, src->capcomments,
	           c);
}

char *ast_kw_name(struct ast *a, struct loc l)
{
	return ast_ident(a, a->src->text + l.start, (int)(l.end - l.start));
}

/* Sorted; see the comment at the top of parser.y. */
static const char *const reserved[] = {
    "autoincrement", "check",      "collate", "comment", "default",
    "foreign",       "generated",  "index",   "not",     "null",
    "primary",       "references", "renamed", "unique",
};

static int str_cmp(const void *key, const void *elem)
{
	return strcmp(key, *(const char *const *)elem);
}

bool ast_is_reserved(const char *name)
{
	return bsearch(name, reserved, sizeof reserved / sizeof reserved[0],
	               sizeof reserved[0], str_cmp) != NULL;
}

/* ---- names ---- */

struct qname *ast_qname(struct ast *a, const char *schema, const char *name,
                        struct loc l)
{
	struct qname *q = a->spare_qname;
	if (q)
		a->spare_qname = NULL;
	else
		q = arena_alloc(a->s->arena, sizeof *q);
	q->schema = schema;
	q->name = name;
	q->span = ast_span(a, l);
	return q;
}

/* A qname that has been copied to its final home: the next ast_qname may
 * reuse it. */
static void release_qname(struct ast *a, struct qname *q)
{
	a->spare_qname = q;
}

struct dotted *ast_dotted(struct ast *a, const char *p1, const char *p2,
                          const char *p3, struct loc last, struct loc l)
{
	struct dotted *d = arena_alloc(a->s->arena, sizeof *d);
	struct loc tl = {l.start, l.end};
	/* the table part ends before ".last" */
	if (last.start > l.start + 1)
		tl.end = last.start - 1;
	d->table.schema = p1;
	d->table.name = p2;
	d->table.span = ast_span(a, tl);
	d->last = p3;
	d->last_span = ast_span(a, last);
	return d;
}

struct strlist *ast_list(struct ast *a, struct strlist *list, const char *item)
{
	if (!list)
		list = arena_alloc(a->s->arena, sizeof *list);
	ARENA_PUSH(a->s->arena, list->v, list->n, list->cap, item);
	return list;
}

/* ---- types ---- */

struct type *ast_type(struct ast *a, const char *schema, const char *name,
                      struct loc l)
{
	struct type *t = a->spare_type;
	if (t) {
		a->spare_type = NULL;
		memset(t, 0, sizeof *t);
	} else {
		t = arena_alloc(a->s->arena, sizeof *t);
	}
	t->kind = TYPE_UNRESOLVED;
	t->schema = schema;
	t->name = name;
	t->span = ast_span(a, l);
	return t;
}

/* A type that has been copied to its final home. */
static void release_type(struct ast *a, struct type *t)
{
	a->spare_type = t;
}

struct type *ast_type_builtin(struct ast *a, const char *name, struct loc l)
{
	return ast_type(a, NULL, name, l);
}

/* A type modifier: a non-negative integer that fits an int.  s is a
 * NUMBER token (digits, maybe a fraction or an exponent, never a sign or
 * blanks), so plain digits are all strtol would have taken. */
static int type_arg(struct ast *a, const char *s, struct loc l)
{
	long long v = 0;
	const char *p = s;
	for (; *p >= '0' && *p <= '9' && v <= INT_MAX; p++)
		v = v * 10 + (*p - '0');
	if (*p || v > INT_MAX) {
		ast_error(a, l, "invalid type modifier \"%s\"", s);
		return 0;
	}
	return (int)v;
}

struct type *ast_type_args(struct ast *a, struct type *t, const char *n1,
                           const char *n2, struct loc l)
{
	t->nargs = n2 ? 2 : 1;
	t->args[0] = type_arg(a, n1, l);
	if (n2)
		t->args[1] = type_arg(a, n2, l);
	t->span = ast_span(a, l);
	return t;
}

struct type *ast_type_array(struct ast *a, struct type *t, struct loc l)
{
	t->array_dims++;
	t->span = ast_span(a, l);
	return t;
}

/* ---- expressions ---- */

struct expr *ast_expr_paren(struct ast *a, struct loc lp, struct loc rp)
{
	struct expr *e = arena_alloc(a->s->arena, sizeof *e);
	struct loc in = {lp.end, rp.start};
	e->span = ast_span(a, in);
	e->text = span_text(a->s->arena, e->span);
	e->parens = true;
	return e;
}

struct expr *ast_expr_bare(struct ast *a, struct loc l)
{
	struct expr *e = arena_alloc(a->s->arena, sizeof *e);
	e->span = ast_span(a, l);
	e->text = span_text(a->s->arena, e->span);
	e->parens = false;
	return e;
}

/* ---- column definitions ---- */

struct coldef *ast_coldef_new(struct ast *a)
{
	/* one allocation for both: one per column of the model */
	struct {
		struct coldef cd;
		struct column col;
	} *p = arena_alloc(a->s->arena, sizeof *p);
	p->cd.col = &p->col;
	return &p->cd;
}

struct coldef *ast_col_null(struct ast *a, struct coldef *cd, bool not_null)
{
	if (not_null) {
		cd->col->not_null = true;
		cd->col->not_null_written = true;
	} else {
		cd->col->null_written = true;
	}
	return cd;
}

struct coldef *ast_col_default(struct ast *a, struct coldef *cd, struct expr *e)
{
	cd->col->default_expr = e;
	return cd;
}

/* A column clause runs from its keyword kw to the end of l. */
static struct loc clause_loc(struct loc kw, struct loc l)
{
	struct loc r = {kw.start, l.end};
	return r;
}

static struct constraint *
new_constraint(struct ast *a, enum constraint_kind kind, struct loc l)
{
	struct constraint *c = arena_alloc(a->s->arena, sizeof *c);
	c->kind = kind;
	c->span = ast_span(a, l);
	return c;
}

static void coldef_push(struct ast *a, struct coldef *cd, struct constraint *c)
{
	ARENA_PUSH(a->s->arena, cd->cons, cd->ncons, cd->capcons, c);
}

struct coldef *ast_col_key(struct ast *a, struct coldef *cd,
                           enum constraint_kind kind, struct loc kw,
                           struct loc l)
{
	coldef_push(a, cd, new_constraint(a, kind, clause_loc(kw, l)));
	return cd;
}

struct coldef *ast_col_autoincrement(struct ast *a, struct coldef *cd)
{
	cd->col->autoincrement = true;
	return cd;
}

struct coldef *ast_col_generated(struct ast *a, struct coldef *cd,
                                 struct expr *e)
{
	cd->col->generated = e;
	return cd;
}

struct coldef *ast_col_identity(struct ast *a, struct coldef *cd,
                                enum identity_kind kind)
{
	cd->col->identity = kind;
	return cd;
}

struct coldef *ast_col_collate(struct ast *a, struct coldef *cd,
                               const char *name)
{
	cd->col->collation = name;
	return cd;
}

static void set_ref_cols(struct constraint *c, struct strlist *cols)
{
	if (cols) {
		c->nref_cols = cols->n;
		c->ref_cols = cols->v;
		c->ref_cols_written = true;
	}
}

/* o NULL: nothing written (the constraint is zeroed: FK_UNSPECIFIED, not
 * deferrable). */
static void set_fk_opts(struct constraint *c, const struct fk_opts *o)
{
	if (!o)
		return;
	c->on_delete = o->on_delete;
	c->on_update = o->on_update;
	c->deferrable = o->deferrable;
	c->initially_deferred = o->initially_deferred;
}

struct coldef *ast_col_references(struct ast *a, struct coldef *cd,
                                  struct qname *table, struct strlist *cols,
                                  struct fk_opts *o, struct loc kw,
                                  struct loc l)
{
	struct constraint *c =
	    new_constraint(a, CON_FOREIGN_KEY, clause_loc(kw, l));
	c->ref_table = *table;
	release_qname(a, table);
	set_ref_cols(c, cols);
	set_fk_opts(c, o);
	coldef_push(a, cd, c);
	return cd;
}

struct coldef *ast_col_check(struct ast *a, struct coldef *cd, struct expr *e,
                             struct loc kw, struct loc l)
{
	struct constraint *c = new_constraint(a, CON_CHECK, clause_loc(kw, l));
	c->check = e;
	coldef_push(a, cd, c);
	return cd;
}

struct coldef *ast_col_comment(struct ast *a, struct coldef *cd,
                               const char *text)
{
	cd->col->comment = text;
	return cd;
}

struct coldef *ast_col_renamed(struct ast *a, struct coldef *cd,
                               const char *old)
{
	cd->col->renamed_from = old;
	return cd;
}

struct coldef *ast_column(struct ast *a, const char *name, struct loc name_loc,
                          struct type *t, struct coldef *cd, struct loc l)
{
	struct column *col = cd->col;
	col->name = name;
	col->name_span = ast_span(a, name_loc);
	col->span = ast_span(a, l);
	col->type = *t;
	release_type(a, t);
	for (int i = 0; i < cd->ncons; i++) {
		struct constraint *c = cd->cons[i];
		c->inline_column = name;
		c->ncols = 1;
		c->cols = arena_alloc(a->s->arena, sizeof *c->cols);
		c->cols[0] = name;
	}
	return cd;
}

/* ---- foreign key tails ---- */

struct fk_opts *ast_fk_none(void)
{
	return NULL;
}

/* The tail to change: o, or a new one when nothing was written yet. */
static struct fk_opts *fk_opts(struct ast *a, struct fk_opts *o)
{
	if (!o) {
		o = arena_alloc(a->s->arena, sizeof *o);
		o->on_delete = o->on_update = FK_UNSPECIFIED;
		o->deferrable = o->initially_deferred = false;
	}
	return o;
}

struct fk_opts *ast_fk_action(struct ast *a, struct fk_opts *o, bool on_delete,
                              enum fk_action act, struct loc l)
{
	o = fk_opts(a, o);
	enum fk_action *slot = on_delete ? &o->on_delete : &o->on_update;
	if (*slot != FK_UNSPECIFIED)
		ast_error(a, l, "on %s written twice",
		          on_delete ? "delete" : "update");
	*slot = act;
	return o;
}

struct fk_opts *ast_fk_deferrable(struct ast *a, struct fk_opts *o,
                                  bool initially_deferred)
{
	o = fk_opts(a, o);
	o->deferrable = true;
	o->initially_deferred = o->initially_deferred || initially_deferred;
	return o;
}

/* ---- table-level constraints ---- */

static void set_cols(struct constraint *c, struct strlist *cols)
{
	if (cols) {
		c->ncols = cols->n;
		c->cols = cols->v;
	}
}

static void set_name(struct constraint *c, const char *name)
{
	c->name = name;
	c->name_written = name != NULL;
}

struct constraint *ast_con_keys(struct ast *a, enum constraint_kind kind,
                                const char *name, struct strlist *cols,
                                struct loc l)
{
	struct constraint *c = new_constraint(a, kind, l);
	set_name(c, name);
	set_cols(c, cols);
	return c;
}

struct constraint *ast_con_check(struct ast *a, const char *name,
                                 struct expr *e, struct loc l)
{
	struct constraint *c = new_constraint(a, CON_CHECK, l);
	set_name(c, name);
	c->check = e;
	return c;
}

struct constraint *ast_con_foreign_key(struct ast *a, const char *name,
                                       struct strlist *cols, struct qname *ref,
                                       struct strlist *ref_cols,
                                       struct fk_opts *o, struct loc l)
{
	struct constraint *c = new_constraint(a, CON_FOREIGN_KEY, l);
	set_name(c, name);
	set_cols(c, cols);
	c->ref_table = *ref;
	release_qname(a, ref);
	set_ref_cols(c, ref_cols);
	set_fk_opts(c, o);
	return c;
}

/* ---- indexes ---- */

struct index_elem *ast_elem_column(struct ast *a, const char *name,
                                   struct loc l)
{
	struct index_elem *e = arena_alloc(a->s->arena, sizeof *e);
	e->column = name;
	e->span = ast_span(a, l);
	return e;
}

struct index_elem *ast_elem_expr(struct ast *a, struct expr *x, struct loc l)
{
	struct index_elem *e = arena_alloc(a->s->arena, sizeof *e);
	e->expr = x;
	e->span = ast_span(a, l);
	return e;
}

struct index_elem *ast_elem_order(struct ast *a, struct index_elem *e,
                                  bool desc, struct loc l)
{
	e->desc = desc;
	e->asc_written = !desc;
	e->span = ast_span(a, l);
	return e;
}

struct index *ast_index_elems(struct ast *a, struct index *ix,
                              struct index_elem *e)
{
	if (!ix)
		ix = arena_alloc(a->s->arena, sizeof *ix);
	/* struct index keeps no capacity: the array is exactly full when
	 * nelems is 0 or a power of two, and then doubles */
	if ((ix->nelems & (ix->nelems - 1)) == 0) {
		int newcap = ix->nelems ? ix->nelems * 2 : 1;
		struct index_elem *arr =
		    arena_alloc(a->s->arena, sizeof *arr * (size_t)newcap);
		if (ix->nelems)
			memcpy(arr, ix->elems,
			       sizeof *arr * (size_t)ix->nelems);
		ix->elems = arr;
	}
	ix->elems[ix->nelems++] = *e;
	return ix;
}

struct index *ast_index(struct ast *a, struct index *ix, bool unique,
                        const char *name, const char *method,
                        struct expr *where, struct loc l)
{
	if (!ix)
		ix = arena_alloc(a->s->arena, sizeof *ix);
	ix->unique = unique;
	ix->name = name;
	ix->name_written = name != NULL;
	ix->method = method;
	ix->where = where;
	ix->span = ast_span(a, l);
	return ix;
}

/* ---- tables ---- */

static struct table *new_table(struct ast *a, const struct qname *name,
                               const char *renamed_from)
{
	struct table *t = arena_alloc(a->s->arena, sizeof *t);
	t->name = *name;
	t->renamed_from = renamed_from;
	a->table = t;
	return t;
}

struct table *ast_table_begin(struct ast *a, struct qname *name,
                              const char *renamed_from)
{
	struct table *t = new_table(a, name, renamed_from);
	release_qname(a, name);
	return t;
}

void ast_table_column(struct ast *a, struct coldef *cd)
{
	struct table *t = a->table;
	if (!t)
		return;
	ARENA_PUSH(a->s->arena, t->cols, t->ncols, t->capcols, cd->col);
	for (int i = 0; i < cd->ncons; i++)
		ARENA_PUSH(a->s->arena, t->cons, t->ncons, t->capcons,
		           cd->cons[i]);
}

void ast_table_constraint(struct ast *a, struct constraint *c)
{
	struct table *t = a->table;
	if (t)
		ARENA_PUSH(a->s->arena, t->cons, t->ncons, t->capcons, c);
}

void ast_table_index(struct ast *a, struct index *ix)
{
	struct table *t = a->table;
	if (!t)
		return;
	ix->table = t->name;
	ARENA_PUSH(a->s->arena, t->indexes, t->nindexes, t->capindexes, ix);
}

void ast_table_comment(struct ast *a, const char *text, struct loc l)
{
	struct table *t = a->table;
	if (!t)
		return;
	if (t->comment)
		ast_error(a, l, "table \"%s\" has two comments", t->name.name);
	t->comment = text;
	t->comment_span = ast_span(a, l);
}

struct table *ast_table_end(struct ast *a, struct table *t, struct loc l)
{
	t->span = ast_span(a, l);
	a->table = NULL;
	return t;
}

/* ---- top level ---- */

void ast_model_table(struct ast *a, struct table *t)
{
	struct schema *s = a->schema;
	if (s)
		ARENA_PUSH(a->s->arena, s->tables, s->ntables, s->captables, t);
}

struct enum_type *ast_enum(struct ast *a, struct qname *name,
                           struct strlist *values, struct loc l)
{
	struct enum_type *e = arena_alloc(a->s->arena, sizeof *e);
	e->name = *name;
	if (values) {
		e->nvalues = values->n;
		e->capvalues = values->cap;
		e->values = values->v;
	}
	e->span = ast_span(a, l);
	return e;
}

void ast_model_enum(struct ast *a, struct enum_type *e)
{
	struct schema *s = a->schema;
	if (s)
		ARENA_PUSH(a->s->arena, s->enums, s->nenums, s->capenums, e);
}

struct view *ast_view(struct ast *a, struct qname *name, struct expr *query,
                      struct loc l)
{
	struct view *v = arena_alloc(a->s->arena, sizeof *v);
	v->name = *name;
	v->query = query;
	v->span = ast_span(a, l);
	return v;
}

void ast_model_view(struct ast *a, struct view *v)
{
	struct schema *s = a->schema;
	if (s)
		ARENA_PUSH(a->s->arena, s->views, s->nviews, s->capviews, v);
}

void ast_model_type(struct ast *a, struct qname *name, struct loc l)
{
	struct schema *s = a->schema;
	if (!s)
		return;
	struct ext_type *t = arena_alloc(a->s->arena, sizeof *t);
	t->name = *name;
	t->span = ast_span(a, l);
	ARENA_PUSH(a->s->arena, s->types, s->ntypes, s->captypes, t);
}

/* ---- migration scripts ---- */

static struct migration *mig(struct ast *a)
{
	if (!a->mig)
		a->mig = arena_alloc(a->s->arena, sizeof *a->mig);
	return a->mig;
}

void ast_mig_rev(struct ast *a, const char *rev, struct loc l)
{
	struct migration *m = mig(a);
	if (m->rev)
		ast_error(a, l, "migration header written twice");
	m->rev = rev;
	m->rev_span = ast_span(a, l);
}

void ast_mig_parent(struct ast *a, const char *rev)
{
	struct migration *m = mig(a);
	ARENA_PUSH(a->s->arena, m->parents, m->nparents, m->capparents, rev);
}

void ast_mig_message(struct ast *a, const char *text)
{
	mig(a)->message = text;
}

void ast_mig_created(struct ast *a, const char *text)
{
	mig(a)->created = text;
}

void ast_mig_section(struct ast *a, int section)
{
	mig(a);
	a->section = section;
}

void ast_mig_op(struct ast *a, struct op *op)
{
	struct migration *m = mig(a);
	if (a->section == 0)
		ARENA_PUSH(a->s->arena, m->up, m->nup, m->capup, op);
	else
		ARENA_PUSH(a->s->arena, m->down, m->ndown, m->capdown, op);
}

void ast_mig_end(struct ast *a, struct loc l)
{
	struct migration *m = mig(a);
	m->span = ast_span(a, l);
	/* after a syntax error the header may just have been skipped */
	if (!m->rev && !a->errors) {
		struct loc at = {l.start, l.start};
		ast_error(a, at, "missing \"migration\" header");
	}
}

static struct op *new_op(struct ast *a, enum op_kind kind, struct loc l)
{
	struct op *op = arena_alloc(a->s->arena, sizeof *op);
	op->kind = kind;
	op->span = ast_span(a, l);
	return op;
}

struct op *ast_op_create_table(struct ast *a, struct table *t, struct loc l)
{
	struct op *op = new_op(a, OP_CREATE_TABLE, l);
	op->tdef = t;
	op->target = t->name;
	return op;
}

struct op *ast_op_target(struct ast *a, enum op_kind kind, struct qname *target,
                         struct loc l)
{
	struct op *op = new_op(a, kind, l);
	op->target = *target;
	return op;
}

struct op *ast_op_rename(struct ast *a, enum op_kind kind, struct qname *target,
                         const char *new_name, struct loc l)
{
	struct op *op = new_op(a, kind, l);
	op->target = *target;
	op->new_name = new_name;
	return op;
}

struct op *ast_op_column(struct ast *a, enum op_kind kind, struct dotted *d,
                         struct loc l)
{
	struct op *op = new_op(a, kind, l);
	op->target = d->table;
	if (kind == OP_DROP_CONSTRAINT)
		op->name = d->last;
	else
		op->column = d->last;
	return op;
}

struct op *ast_op_rename_in(struct ast *a, enum op_kind kind, struct dotted *d,
                            const char *new_name, struct loc l)
{
	struct op *op = new_op(a, kind, l);
	op->target = d->table;
	if (kind == OP_RENAME_CONSTRAINT)
		op->name = d->last;
	else
		op->column = d->last;
	op->new_name = new_name;
	return op;
}

/*
 * The column's inline constraints (references, unique, check, primary
 * key) cannot live in a struct column: they go into op->tdef, a table named
 * like the target that holds just this column and them, and op->con is the
 * first of them (NULL when there is none).
 */
struct op *ast_op_add_column(struct ast *a, struct dotted *d, struct coldef *cd,
                             struct loc l)
{
	struct op *op = ast_op_column(a, OP_ADD_COLUMN, d, l);
	op->cdef = cd->col;
	op->cdef->name_span = d->last_span;
	if (cd->ncons) {
		struct table *saved = a->table;
		struct table *t = new_table(a, &op->target, NULL);
		ast_table_column(a, cd);
		t->span = op->span;
		a->table = saved;
		op->tdef = t;
		op->con = cd->cons[0];
	}
	return op;
}

struct op *ast_op_set_type(struct ast *a, struct dotted *d, struct type *t,
                           const char *collation, struct expr *using_expr,
                           struct loc l)
{
	struct op *op = ast_op_column(a, OP_ALTER_TYPE, d, l);
	op->type = *t;
	release_type(a, t);
	op->collation = collation;
	op->expr = using_expr;
	return op;
}

struct op *ast_op_set_identity(struct ast *a, struct dotted *d,
                               enum identity_kind kind, struct loc l)
{
	struct op *op = ast_op_column(a, OP_SET_IDENTITY, d, l);
	op->identity = kind;
	return op;
}

struct op *ast_op_set_default(struct ast *a, struct dotted *d, struct expr *e,
                              struct loc l)
{
	struct op *op = ast_op_column(a, OP_SET_DEFAULT, d, l);
	op->expr = e;
	return op;
}

struct op *ast_op_set_comment(struct ast *a, struct dotted *d, const char *text,
                              struct loc l)
{
	struct op *op = ast_op_column(a, OP_SET_COMMENT, d, l);
	op->text = text;
	return op;
}

struct op *ast_op_add_constraint(struct ast *a, struct constraint *c,
                                 struct qname *table, struct loc l)
{
	struct op *op = new_op(a, OP_ADD_CONSTRAINT, l);
	op->target = *table;
	op->con = c;
	op->name = c->name;
	return op;
}

struct op *ast_op_create_index(struct ast *a, struct index *ix,
                               struct qname *table, struct loc l)
{
	struct op *op = new_op(a, OP_CREATE_INDEX, l);
	ix->table = *table;
	op->idx = ix;
	op->target = *table;
	op->name = ix->name;
	return op;
}

struct op *ast_op_create_enum(struct ast *a, struct enum_type *e, struct loc l)
{
	struct op *op = new_op(a, OP_CREATE_ENUM, l);
	op->edef = e;
	op->target = e->name;
	return op;
}

struct op *ast_op_enum_value(struct ast *a, struct qname *target,
                             const char *value, enum enum_position pos,
                             const char *anchor, struct loc l)
{
	struct op *op = new_op(a, OP_ADD_ENUM_VALUE, l);
	op->target = *target;
	op->value = value;
	op->position = pos;
	op->anchor = anchor;
	return op;
}

struct op *ast_op_rename_enum_value(struct ast *a, struct qname *target,
                                    const char *value, const char *new_value,
                                    struct loc l)
{
	struct op *op = new_op(a, OP_RENAME_ENUM_VALUE, l);
	op->target = *target;
	op->value = value;
	op->new_value = new_value;
	return op;
}

struct op *ast_op_create_view(struct ast *a, struct view *v, struct loc l)
{
	struct op *op = new_op(a, OP_CREATE_VIEW, l);
	op->vdef = v;
	op->target = v->name;
	return op;
}

struct op *ast_op_comment_table(struct ast *a, struct qname *target,
                                const char *text, struct loc l)
{
	struct op *op = new_op(a, OP_COMMENT_TABLE, l);
	op->target = *target;
	op->text = text;
	return op;
}

struct op *ast_op_comment_column(struct ast *a, struct dotted *d,
                                 const char *text, struct loc l)
{
	struct op *op = ast_op_column(a, OP_COMMENT_COLUMN, d, l);
	op->text = text;
	return op;
}

struct op *ast_op_text(struct ast *a, enum op_kind kind, const char *dialect,
                       const char *text, struct loc l)
{
	struct op *op = new_op(a, kind, l);
	op->dialect = dialect;
	op->text = text;
	return op;
}
