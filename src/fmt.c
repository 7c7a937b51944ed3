/*
 * fmt.c - `retort fmt`: prints a model file in the one canonical layout.
 *
 * Sits after the parser and needs nothing else: it parses the file into a
 * schema of its own (unchecked: formatting must work on models whose
 * names do not resolve yet) and prints it back.  Top-level items and
 * table items keep their written order (their spans say where they were);
 * everything else is canonical: lower-case keywords, two-space indent,
 * column names and types padded into columns, column clauses in the order
 * of the DESIGN §2 column grammar, a comma after every table item, names
 * quoted only when they must be, one blank line between top-level items.
 * Expressions are printed verbatim, so comments inside them stay there.
 *
 * Comments are kept by position.  The output is a sequence of units (a
 * table's header line, each table item, its closing brace, an enum, a
 * view, a type), each standing for a source position.  A comment with
 * code before it on its source line is an end-of-line comment: it goes at
 * the end of the unit it follows.  Any other comment is an own-line
 * comment and is printed on its own line before the unit that follows it.
 * Both classes survive a second run unchanged, which makes fmt idempotent.
 *
 * fmt_schema (for `retort reflect`) prints a schema that has no source
 * through the same printers, in canonical order and without comments
 * (see "a whole schema" below).
 */
#include "fmt.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "arena.h"
#include "ast.h"
#include "check.h"
#include "parse.h"
#include "schema.h"

struct fmt {
	const struct source *src;
	struct strbuf *out;
	const struct comment *c; /* the source's comments, in order */
	int n, next;             /* count; the first not printed yet */
	bool *verbatim;          /* inside an expression: printed with it */
	bool *eol;               /* an end-of-line comment */
};

/* ---- names, strings, types, expressions ---- */

void fmt_ident(struct strbuf *out, const char *name)
{
	bool plain = (name[0] >= 'a' && name[0] <= 'z') || name[0] == '_';
	for (const char *p = name; plain && *p; p++)
		plain = (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') ||
		        *p == '_' || *p == '$';
	if (plain && !ast_is_reserved(name)) {
		strbuf_puts(out, name);
		return;
	}
	strbuf_quoted(out, name, '"');
}

void fmt_qname(struct strbuf *out, const struct qname *q)
{
	if (q->schema) {
		fmt_ident(out, q->schema);
		strbuf_putc(out, '.');
	}
	fmt_ident(out, q->name);
}

void fmt_string(struct strbuf *out, const char *s)
{
	strbuf_quoted(out, s, '\'');
}

void fmt_type(struct strbuf *out, const struct type *t)
{
	if (t->schema) {
		fmt_ident(out, t->schema);
		strbuf_putc(out, '.');
	}
	fmt_ident(out, t->name ? t->name : "");
	if (t->nargs == 1)
		strbuf_printf(out, "(%d)", t->args[0]);
	else if (t->nargs == 2)
		strbuf_printf(out, "(%d, %d)", t->args[0], t->args[1]);
	for (int i = 0; i < t->array_dims; i++)
		strbuf_puts(out, "[]");
}

void fmt_expr(struct strbuf *out, const struct expr *e)
{
	if (e->parens)
		strbuf_putc(out, '(');
	strbuf_puts(out, e->text);
	if (e->parens)
		strbuf_putc(out, ')');
}

static void put_names(struct strbuf *out, int n, const char **names)
{
	strbuf_putc(out, '(');
	for (int i = 0; i < n; i++) {
		if (i)
			strbuf_puts(out, ", ");
		fmt_ident(out, names[i]);
	}
	strbuf_putc(out, ')');
}

static const char *action_name(enum fk_action a)
{
	switch (a) {
	case FK_NO_ACTION:
		return "no action";
	case FK_RESTRICT:
		return "restrict";
	case FK_CASCADE:
		return "cascade";
	case FK_SET_NULL:
		return "set null";
	case FK_SET_DEFAULT:
		return "set default";
	case FK_UNSPECIFIED:
		break;
	}
	return NULL;
}

/* "references T [(C)] [on delete A] [on update A] [deferrable ...]" */
static void put_references(struct strbuf *out, const struct constraint *c)
{
	strbuf_puts(out, "references ");
	fmt_qname(out, &c->ref_table);
	if (c->ref_cols_written) {
		strbuf_putc(out, ' ');
		put_names(out, c->nref_cols, c->ref_cols);
	}
	if (c->on_delete != FK_UNSPECIFIED)
		strbuf_printf(out, " on delete %s", action_name(c->on_delete));
	if (c->on_update != FK_UNSPECIFIED)
		strbuf_printf(out, " on update %s", action_name(c->on_update));
	if (c->deferrable)
		strbuf_puts(out, c->initially_deferred
		                     ? " deferrable initially deferred"
		                     : " deferrable");
}

/* ---- comments ---- */

/* Whether a comment has code before it on its line (comments before it
 * on the line count as what they follow, so a run of comments shares one
 * class). */
static bool has_code_before(const struct source *src, const struct comment *c,
                            int i)
{
	const char *t = src->text;
	long pos = (long)c[i].start - 1;
	int j = i - 1;
	while (pos >= 0) {
		while (j >= 0 && c[j].start > (uint32_t)pos)
			j--;
		if (j >= 0 && (uint32_t)pos < c[j].end) {
			pos = (long)c[j].start - 1;
			continue;
		}
		char ch = t[pos];
		if (ch == '\n')
			return false;
		if (ch != ' ' && ch != '\t' && ch != '\r' && ch != '\f' &&
		    ch != '\v')
			return true;
		pos--;
	}
	return false;
}

/* Expression spans, collected to find the comments inside them. */
struct spans {
	int n, cap;
	struct span *v;
};

static void add_expr(struct arena *a, struct spans *sp, const struct expr *e)
{
	if (e && e->span.src)
		ARENA_PUSH(a, sp->v, sp->n, sp->cap, e->span);
}

static int span_cmp(const void *x, const void *y)
{
	const struct span *a = x, *b = y;
	return a->start < b->start ? -1 : a->start > b->start;
}

/* Marks the comments inside expressions, which print with their text.
 * Expressions do not overlap, so one sweep over both sorted lists will
 * do. */
static void mark_verbatim(struct fmt *f, struct arena *a,
                          const struct schema *s)
{
	struct spans sp = {0, 0, NULL};
	for (int i = 0; i < s->ntables; i++) {
		const struct table *t = s->tables[i];
		for (int j = 0; j < t->ncols; j++) {
			add_expr(a, &sp, t->cols[j]->default_expr);
			add_expr(a, &sp, t->cols[j]->generated);
		}
		for (int j = 0; j < t->ncons; j++)
			add_expr(a, &sp, t->cons[j]->check);
		for (int j = 0; j < t->nindexes; j++) {
			const struct index *ix = t->indexes[j];
			add_expr(a, &sp, ix->where);
			for (int k = 0; k < ix->nelems; k++)
				add_expr(a, &sp, ix->elems[k].expr);
		}
	}
	for (int i = 0; i < s->nviews; i++)
		add_expr(a, &sp, s->views[i]->query);
	if (!sp.n)
		return;
	qsort(sp.v, (size_t)sp.n, sizeof *sp.v, span_cmp);
	int k = 0;
	for (int i = 0; i < f->n; i++) {
		while (k + 1 < sp.n && sp.v[k + 1].start <= f->c[i].start)
			k++;
		if (sp.v[k].start <= f->c[i].start &&
		    f->c[i].end <= sp.v[k].end)
			f->verbatim[i] = true;
	}
}

static void put_comment(struct fmt *f, int i)
{
	const struct comment *c = &f->c[i];
	strbuf_add(f->out, f->src->text + c->start, c->end - c->start);
}

/* Whether a blank line follows comment i in the source (kept at the top
 * level, where a file's header comment is often set apart). */
static bool blank_after(struct fmt *f, int i)
{
	const char *t = f->src->text;
	int newlines = 0;
	for (size_t p = f->c[i].end; p < f->src->len; p++) {
		if (t[p] == '\n')
			newlines++;
		else if (t[p] != ' ' && t[p] != '\t' && t[p] != '\r')
			return newlines >= 2;
	}
	return false;
}

/* Prints the comments that come before source position pos on their own
 * lines, indented. */
static void flush_before(struct fmt *f, uint32_t pos, const char *indent,
                         bool toplevel)
{
	while (f->next < f->n && f->c[f->next].start < pos) {
		int i = f->next++;
		if (f->verbatim[i])
			continue;
		strbuf_puts(f->out, indent);
		put_comment(f, i);
		strbuf_putc(f->out, '\n');
		if (toplevel && blank_after(f, i))
			strbuf_putc(f->out, '\n');
	}
}

/* Appends the end-of-line comments that follow the unit just printed
 * (those before next, the start of the next unit). */
static void attach_eol(struct fmt *f, uint32_t next)
{
	while (f->next < f->n && f->c[f->next].start < next &&
	       (f->verbatim[f->next] || f->eol[f->next])) {
		int i = f->next++;
		if (f->verbatim[i])
			continue;
		strbuf_putc(f->out, ' ');
		put_comment(f, i);
	}
}

/* ---- tables ---- */

enum item_kind { ITEM_COLUMN, ITEM_CONSTRAINT, ITEM_INDEX, ITEM_COMMENT };

struct item {
	uint32_t start;
	enum item_kind kind;
	int seq; /* for a stable sort */
	const void *p;
};

static int item_cmp(const void *x, const void *y)
{
	const struct item *a = x, *b = y;
	if (a->start != b->start)
		return a->start < b->start ? -1 : 1;
	return a->seq - b->seq;
}

/* Display width of n bytes of UTF-8 text: its characters (a name in
 * another script lines up with ASCII ones), not its bytes. */
static int text_width(const char *s, size_t n)
{
	int w = 0;
	for (size_t i = 0; i < n; i++)
		w += ((unsigned char)s[i] & 0xC0) != 0x80;
	return w;
}

static void put_column(struct strbuf *out, const struct table *t,
                       const struct column *col, int name_w, int type_w,
                       struct strbuf *tmp)
{
	size_t line0 = out->len;
	fmt_ident(out, col->name);
	strbuf_pad(out,
	           name_w - text_width(out->buf + line0, out->len - line0) + 1);
	size_t type0 = out->len;
	fmt_type(out, &col->type);
	int type_len = text_width(out->buf + type0, out->len - type0);

	/* the clauses, in the order of the column grammar */
	strbuf_reset(tmp);
	if (col->null_written)
		strbuf_puts(tmp, " null");
	if (col->not_null_written)
		strbuf_puts(tmp, " not null");
	if (col->default_expr) {
		strbuf_puts(tmp, " default ");
		fmt_expr(tmp, col->default_expr);
	}
	static const enum constraint_kind keys[] = {CON_PRIMARY_KEY,
	                                            CON_UNIQUE};
	for (int k = 0; k < 2; k++)
		for (int i = 0; i < t->ncons; i++)
			if (t->cons[i]->inline_column == col->name &&
			    t->cons[i]->kind == keys[k])
				strbuf_puts(tmp,
				            k ? " unique" : " primary key");
	if (col->autoincrement)
		strbuf_puts(tmp, " autoincrement");
	if (col->generated) {
		strbuf_puts(tmp, " generated always as ");
		fmt_expr(tmp, col->generated);
		strbuf_puts(tmp, " stored");
	}
	if (col->identity == IDENTITY_ALWAYS)
		strbuf_puts(tmp, " generated always as identity");
	else if (col->identity == IDENTITY_BY_DEFAULT)
		strbuf_puts(tmp, " generated by default as identity");
	if (col->collation) {
		strbuf_puts(tmp, " collate ");
		fmt_ident(tmp, col->collation);
	}
	for (int i = 0; i < t->ncons; i++) {
		const struct constraint *c = t->cons[i];
		if (c->inline_column == col->name &&
		    c->kind == CON_FOREIGN_KEY) {
			strbuf_putc(tmp, ' ');
			put_references(tmp, c);
		}
	}
	for (int i = 0; i < t->ncons; i++) {
		const struct constraint *c = t->cons[i];
		if (c->inline_column == col->name && c->kind == CON_CHECK) {
			strbuf_puts(tmp, " check ");
			fmt_expr(tmp, c->check);
		}
	}
	if (col->comment) {
		strbuf_puts(tmp, " comment ");
		fmt_string(tmp, col->comment);
	}
	if (col->renamed_from) {
		strbuf_puts(tmp, " renamed from ");
		fmt_ident(tmp, col->renamed_from);
	}
	if (tmp->len) {
		strbuf_pad(out, type_w - type_len);
		strbuf_add(out, tmp->buf, tmp->len);
	}
}

void fmt_constraint(struct strbuf *out, const struct constraint *c)
{
	static const char *const kw[] = {
	    [CON_PRIMARY_KEY] = "primary key",
	    [CON_UNIQUE] = "unique",
	    [CON_CHECK] = "check",
	    [CON_FOREIGN_KEY] = "foreign key",
	};
	strbuf_puts(out, kw[c->kind]);
	if (c->name_written && c->name) {
		strbuf_putc(out, ' ');
		fmt_ident(out, c->name);
	}
	strbuf_putc(out, ' ');
	if (c->kind == CON_CHECK) {
		fmt_expr(out, c->check);
		return;
	}
	put_names(out, c->ncols, c->cols);
	if (c->kind == CON_FOREIGN_KEY) {
		strbuf_putc(out, ' ');
		put_references(out, c);
	}
}

void fmt_index_body(struct strbuf *out, const struct index *ix)
{
	strbuf_putc(out, '(');
	for (int i = 0; i < ix->nelems; i++) {
		const struct index_elem *e = &ix->elems[i];
		if (i)
			strbuf_puts(out, ", ");
		if (e->column)
			fmt_ident(out, e->column);
		else if (e->expr)
			fmt_expr(out, e->expr);
		if (e->desc)
			strbuf_puts(out, " desc");
		else if (e->asc_written)
			strbuf_puts(out, " asc");
	}
	strbuf_putc(out, ')');
	if (ix->method) {
		strbuf_puts(out, " using ");
		fmt_ident(out, ix->method);
	}
	if (ix->where) {
		strbuf_puts(out, " where ");
		fmt_expr(out, ix->where);
	}
}

static void put_index(struct strbuf *out, const struct index *ix)
{
	strbuf_puts(out, ix->unique ? "unique index" : "index");
	if (ix->name_written && ix->name) {
		strbuf_putc(out, ' ');
		fmt_ident(out, ix->name);
	}
	strbuf_putc(out, ' ');
	fmt_index_body(out, ix);
}

/* Display width of a name or type as printed. */
static int width_of(struct strbuf *tmp, const struct column *col, bool type)
{
	strbuf_reset(tmp);
	if (type)
		fmt_type(tmp, &col->type);
	else
		fmt_ident(tmp, col->name);
	return text_width(tmp->buf, tmp->len);
}

void fmt_column(const struct table *t, const struct column *col,
                struct strbuf *out)
{
	struct strbuf tmp = STRBUF_INIT;
	int name_w = width_of(&tmp, col, false);
	int type_w = width_of(&tmp, col, true);
	put_column(out, t, col, name_w, type_w, &tmp);
	strbuf_free(&tmp);
}

/* Prints table t with its items in the order given (columns, constraints
 * written as table items, indexes, the comment); close is the source
 * position of its closing brace and next_top that of the next top-level
 * item, for the comments (both 0 when there is no source).  The item
 * lines and the closing brace are indented by indent more spaces (the
 * first line is the caller's to indent), and tail follows the brace. */
static void put_table_items(struct fmt *f, const struct table *t,
                            const struct item *items, int k, uint32_t close,
                            uint32_t next_top, int indent, const char *tail)
{
	struct strbuf *out = f->out;
	struct strbuf tmp = STRBUF_INIT;
	char item_indent[64];
	if (indent > (int)sizeof item_indent - 3)
		indent = (int)sizeof item_indent - 3;
	memset(item_indent, ' ', (size_t)indent + 2);
	item_indent[indent + 2] = '\0';
	int name_w = 0, type_w = 0;
	for (int i = 0; i < t->ncols; i++) {
		int w = width_of(&tmp, t->cols[i], false);
		if (w > name_w)
			name_w = w;
		w = width_of(&tmp, t->cols[i], true);
		if (w > type_w)
			type_w = w;
	}

	strbuf_puts(out, "table ");
	fmt_qname(out, &t->name);
	if (t->renamed_from) {
		strbuf_puts(out, " renamed from ");
		fmt_ident(out, t->renamed_from);
	}
	strbuf_puts(out, " {");
	attach_eol(f, k ? items[0].start : close);
	strbuf_putc(out, '\n');
	for (int i = 0; i < k; i++) {
		flush_before(f, items[i].start, item_indent, false);
		strbuf_puts(out, item_indent);
		switch (items[i].kind) {
		case ITEM_COLUMN:
			put_column(out, t, items[i].p, name_w, type_w, &tmp);
			break;
		case ITEM_CONSTRAINT:
			fmt_constraint(out, items[i].p);
			break;
		case ITEM_INDEX:
			put_index(out, items[i].p);
			break;
		case ITEM_COMMENT:
			strbuf_puts(out, "comment ");
			fmt_string(out, items[i].p);
			break;
		}
		strbuf_putc(out, ',');
		attach_eol(f, i + 1 < k ? items[i + 1].start : close);
		strbuf_putc(out, '\n');
	}
	flush_before(f, close, item_indent, false);
	strbuf_pad(out, indent);
	strbuf_putc(out, '}');
	strbuf_puts(out, tail);
	attach_eol(f, next_top);
	strbuf_putc(out, '\n');
	strbuf_free(&tmp);
}

/* The items of t: columns, the constraints not written on a column,
 * indexes, the comment.  by_span: in written order (fmt_source), else in
 * the order of t's arrays (fmt_schema: canonical).  Returns the count. */
static int table_items(struct arena *arena, const struct table *t, bool by_span,
                       struct item **out)
{
	int n = t->ncols + t->ncons + t->nindexes + 1;
	struct item *items = arena_alloc(arena, sizeof *items * (size_t)n);
	int k = 0;
	for (int i = 0; i < t->ncols; i++)
		items[k] = (struct item){t->cols[i]->span.start, ITEM_COLUMN, k,
		                         t->cols[i]},
		k++;
	for (int i = 0; i < t->ncons; i++)
		if (!t->cons[i]->inline_column)
			items[k] =
			    (struct item){t->cons[i]->span.start,
			                  ITEM_CONSTRAINT, k, t->cons[i]},
			k++;
	for (int i = 0; i < t->nindexes; i++)
		items[k] = (struct item){t->indexes[i]->span.start, ITEM_INDEX,
		                         k, t->indexes[i]},
		k++;
	if (t->comment)
		items[k] = (struct item){t->comment_span.start, ITEM_COMMENT, k,
		                         t->comment},
		k++;
	if (by_span)
		qsort(items, (size_t)k, sizeof *items, item_cmp);
	else
		for (int i = 0; i < k; i++)
			items[i].start = 0;
	*out = items;
	return k;
}

static void put_table(struct fmt *f, struct arena *arena, const struct table *t,
                      uint32_t next_top)
{
	struct item *items;
	int k = table_items(arena, t, true, &items);
	uint32_t close = t->span.end ? t->span.end - 1 : 0;
	put_table_items(f, t, items, k, close, next_top, 0, "");
}

/* ---- the file ---- */

enum top_kind { TOP_TABLE, TOP_ENUM, TOP_VIEW, TOP_TYPE };

struct top {
	uint32_t start;
	enum top_kind kind;
	int seq;
	const void *p;
};

static int top_cmp(const void *x, const void *y)
{
	const struct top *a = x, *b = y;
	if (a->start != b->start)
		return a->start < b->start ? -1 : 1;
	return a->seq - b->seq;
}

void fmt_enum(struct strbuf *out, const struct enum_type *e)
{
	fmt_qname(out, &e->name);
	strbuf_puts(out, " (");
	for (int i = 0; i < e->nvalues; i++) {
		if (i)
			strbuf_puts(out, ", ");
		fmt_string(out, e->values[i]);
	}
	strbuf_putc(out, ')');
}

static void put_top(struct fmt *f, struct arena *arena, const struct top *it,
                    uint32_t next_top)
{
	struct strbuf *out = f->out;
	switch (it->kind) {
	case TOP_TABLE:
		put_table(f, arena, it->p, next_top);
		return;
	case TOP_ENUM:
		strbuf_puts(out, "enum ");
		fmt_enum(out, it->p);
		break;
	case TOP_VIEW: {
		const struct view *v = it->p;
		strbuf_puts(out, "view ");
		fmt_qname(out, &v->name);
		strbuf_puts(out, " as ");
		fmt_expr(out, v->query);
		break;
	}
	case TOP_TYPE: {
		const struct ext_type *t = it->p;
		strbuf_puts(out, "type ");
		fmt_qname(out, &t->name);
		break;
	}
	}
	attach_eol(f, next_top);
	strbuf_putc(out, '\n');
}

int fmt_source(struct session *s, struct source *src, struct strbuf *out)
{
	struct schema sch;
	memset(&sch, 0, sizeof sch);
	if (parse_models(s, src, &sch) != 0)
		return -1;

	struct arena *arena = s->arena;
	struct fmt f = {src, out, src->comments, src->ncomments, 0, NULL, NULL};
	f.verbatim = arena_alloc(arena, sizeof(bool) * (size_t)(f.n + 1));
	f.eol = arena_alloc(arena, sizeof(bool) * (size_t)(f.n + 1));
	mark_verbatim(&f, arena, &sch);
	for (int i = 0; i < f.n; i++)
		f.eol[i] = has_code_before(src, f.c, i);

	int n = sch.ntables + sch.nenums + sch.nviews + sch.ntypes;
	struct top *tops = arena_alloc(arena, sizeof *tops * (size_t)(n + 1));
	int k = 0;
	for (int i = 0; i < sch.ntables; i++, k++)
		tops[k] = (struct top){sch.tables[i]->span.start, TOP_TABLE, k,
		                       sch.tables[i]};
	for (int i = 0; i < sch.nenums; i++, k++)
		tops[k] = (struct top){sch.enums[i]->span.start, TOP_ENUM, k,
		                       sch.enums[i]};
	for (int i = 0; i < sch.nviews; i++, k++)
		tops[k] = (struct top){sch.views[i]->span.start, TOP_VIEW, k,
		                       sch.views[i]};
	for (int i = 0; i < sch.ntypes; i++, k++)
		tops[k] = (struct top){sch.types[i]->span.start, TOP_TYPE, k,
		                       sch.types[i]};
	qsort(tops, (size_t)k, sizeof *tops, top_cmp);

	size_t base = out->len;
	for (int i = 0; i < k; i++) {
		if (i)
			strbuf_putc(out, '\n');
		flush_before(&f, tops[i].start, "", true);
		put_top(&f, arena, &tops[i],
		        i + 1 < k ? tops[i + 1].start : UINT32_MAX);
	}
	/* comments after the last item */
	bool more = false;
	for (int i = f.next; i < f.n; i++)
		more = more || !f.verbatim[i];
	if (more) {
		if (k)
			strbuf_putc(out, '\n');
		flush_before(&f, UINT32_MAX, "", true);
	}
	/* exactly one newline at the end (none for an empty file) */
	while (out->len > base + 1 && out->buf[out->len - 1] == '\n' &&
	       out->buf[out->len - 2] == '\n')
		out->buf[--out->len] = '\0';
	return 0;
}

/* ---- a whole schema: fmt_schema ---- */

/*
 * fmt_schema prints a schema that has no source (a reflected database, or
 * a checked model printed afresh) through the printers above.  It does not
 * print the objects themselves but print copies whose layout flags say
 * the canonical way to write them, so there is one printer per clause:
 * names the naming convention gives are left out (the checker gives them
 * back), a one-column primary key or foreign key whose name is the
 * convention's is written on its column, everything else is a table item;
 * `not null` is left out where a primary key implies it; index method
 * btree (the default) is left out; types take their portable names.
 */

/* Is text a function call, name[.name](...), and nothing after it?  Such
 * an index element needs no parentheses of its own. */
static bool is_call(const char *text)
{
	const char *p = text;
	for (;;) {
		if (!((*p >= 'a' && *p <= 'z') || *p == '_'))
			return false;
		while ((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') ||
		       *p == '_')
			p++;
		if (*p != '.')
			break;
		p++;
	}
	if (*p != '(')
		return false;
	int depth = 0;
	char quote = 0;
	for (; *p; p++) {
		if (quote) {
			if (*p == quote)
				quote = 0;
		} else if (*p == '\'' || *p == '"') {
			quote = *p;
		} else if (*p == '(') {
			depth++;
		} else if (*p == ')' && --depth == 0) {
			return p[1] == '\0';
		}
	}
	return false;
}

/* The length of the parenthesised group text starts with (quotes
 * skipped), or 0 when text does not start with one that closes. */
static size_t group_len(const char *text)
{
	int depth = 0;
	char quote = 0;
	if (text[0] != '(')
		return 0;
	for (const char *p = text; *p; p++) {
		if (quote) {
			if (*p == quote)
				quote = 0;
		} else if (*p == '\'' || *p == '"') {
			quote = *p;
		} else if (*p == '(') {
			depth++;
		} else if (*p == ')' && --depth == 0) {
			return (size_t)(p - text) + 1;
		}
	}
	return 0;
}

/* A print copy of e; when it is printed in parentheses, the ones it is
 * wholly wrapped in already (PostgreSQL writes `(a = b)`) are dropped,
 * so the output does not show `((a = b))`. */
static struct expr *print_expr(struct arena *a, const struct expr *e,
                               bool parens)
{
	if (!e)
		return NULL;
	struct expr *c = arena_alloc(a, sizeof *c);
	c->text = e->text;
	c->parens = parens;
	size_t len;
	while (parens && e->text && (len = strlen(c->text)) > 1 &&
	       group_len(c->text) == len)
		c->text = arena_strndup(a, c->text + 1, len - 2);
	return c;
}

static bool in_cols(int n, const char **cols, const char *name)
{
	for (int i = 0; i < n; i++)
		if (!strcmp(cols[i], name))
			return true;
	return false;
}

static struct column *find_col(struct table *t, const char *name)
{
	for (int i = 0; i < t->ncols; i++)
		if (!strcmp(t->cols[i]->name, name))
			return t->cols[i];
	return NULL;
}

struct table *fmt_canonical_table(struct session *s, const struct table *t)
{
	struct arena *a = s->arena;
	struct table *p = arena_alloc(a, sizeof *p);
	p->name = t->name;
	p->comment = t->comment;
	const struct constraint *pk = NULL;
	for (int i = 0; i < t->ncons; i++)
		if (t->cons[i]->kind == CON_PRIMARY_KEY)
			pk = t->cons[i];

	p->ncols = p->capcols = t->ncols;
	p->cols = arena_alloc(a, sizeof *p->cols * (size_t)(t->ncols + 1));
	for (int i = 0; i < t->ncols; i++) {
		const struct column *o = t->cols[i];
		struct column *c = arena_alloc(a, sizeof *c);
		*c = *o;
		c->span = c->name_span = (struct span){0};
		c->type.span = (struct span){0};
		if (c->type.kind < TYPE_ENUM)
			c->type.name = type_names[c->type.kind].name;
		c->null_written = false;
		c->not_null_written =
		    o->not_null &&
		    !(pk && in_cols(pk->ncols, pk->cols, o->name));
		c->default_expr =
		    print_expr(a, o->default_expr,
		               o->default_expr && !expr_is_bare_default(
		                                      o->default_expr->text));
		c->generated = print_expr(a, o->generated, true);
		c->renamed_from = NULL;
		p->cols[i] = c;
	}

	/* constraints in canonical order; the convention's names are
	 * computed on the copy, in the order it is printed, as the checker
	 * will compute them when the output is read back */
	p->ncons = p->capcons = t->ncons;
	p->cons = arena_alloc(a, sizeof *p->cons * (size_t)(t->ncons + 1));
	for (int i = 0; i < t->ncons; i++) {
		struct constraint *c = arena_alloc(a, sizeof *c);
		*c = *t->cons[i];
		c->span = (struct span){0};
		c->inline_column = NULL;
		c->check = print_expr(a, c->check, true);
		c->ref_cols_written = c->nref_cols > 0;
		p->cons[i] = c;
	}
	for (int i = 0; i < p->ncons; i++) {
		struct constraint *c = p->cons[i];
		const char *conv = check_constraint_name(s, p, c);
		c->name_written = c->name && strcmp(c->name, conv) != 0;
		struct column *col =
		    c->ncols == 1 ? find_col(p, c->cols[0]) : NULL;
		if (!c->name_written && col &&
		    (c->kind == CON_PRIMARY_KEY || c->kind == CON_FOREIGN_KEY))
			c->inline_column = col->name;
	}

	p->nindexes = p->capindexes = t->nindexes;
	p->indexes =
	    arena_alloc(a, sizeof *p->indexes * (size_t)(t->nindexes + 1));
	for (int i = 0; i < t->nindexes; i++) {
		struct index *ix = arena_alloc(a, sizeof *ix);
		*ix = *t->indexes[i];
		ix->span = (struct span){0};
		if (ix->method && !strcmp(ix->method, "btree"))
			ix->method = NULL;
		ix->where = print_expr(a, ix->where, true);
		ix->elems = arena_alloc(a, sizeof *ix->elems *
		                               (size_t)(ix->nelems + 1));
		for (int j = 0; j < ix->nelems; j++) {
			struct index_elem *e = &ix->elems[j];
			*e = t->indexes[i]->elems[j];
			e->asc_written = false;
			e->span = (struct span){0};
			if (!e->column)
				e->expr = print_expr(
				    a, e->expr,
				    e->expr && !is_call(e->expr->text));
		}
		const char *conv = check_index_name(s, p, ix);
		ix->name_written = ix->name && strcmp(ix->name, conv) != 0;
		p->indexes[i] = ix;
	}
	return p;
}

void fmt_schema(struct session *s, const struct schema *schema,
                struct strbuf *out)
{
	struct arena *arena = s->arena;
	struct fmt f = {NULL, out, NULL, 0, 0, NULL, NULL};
	int n =
	    schema->ntables + schema->nenums + schema->nviews + schema->ntypes;
	struct top *tops = arena_alloc(arena, sizeof *tops * (size_t)(n + 1));
	int k = 0;
	for (int i = 0; i < schema->nenums; i++, k++)
		tops[k] = (struct top){0, TOP_ENUM, k, schema->enums[i]};
	for (int i = 0; i < schema->ntypes; i++, k++)
		tops[k] = (struct top){0, TOP_TYPE, k, schema->types[i]};
	for (int i = 0; i < schema->ntables; i++, k++)
		tops[k] = (struct top){
		    0, TOP_TABLE, k, fmt_canonical_table(s, schema->tables[i])};
	for (int i = 0; i < schema->nviews; i++, k++) {
		struct view *v = arena_alloc(arena, sizeof *v);
		v->name = schema->views[i]->name;
		v->query = print_expr(arena, schema->views[i]->query, true);
		tops[k] = (struct top){0, TOP_VIEW, k, v};
	}
	for (int i = 0; i < k; i++) {
		if (i)
			strbuf_putc(out, '\n');
		if (tops[i].kind == TOP_TABLE) {
			struct item *items;
			int m = table_items(arena, tops[i].p, false, &items);
			put_table_items(&f, tops[i].p, items, m, 0, 0, 0, "");
		} else {
			put_top(&f, arena, &tops[i], 0);
		}
	}
}

void fmt_table(struct session *s, const struct table *t, int indent,
               const char *tail, struct strbuf *out)
{
	struct fmt f = {NULL, out, NULL, 0, 0, NULL, NULL};
	struct item *items;
	int k = table_items(s->arena, t, true, &items);
	put_table_items(&f, t, items, k, 0, 0, indent, tail);
}
