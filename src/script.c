/*
 * script.c - the script printer: migration operations as the text of a
 * migration script (DESIGN section 3).
 *
 * Sits at the end of the pipeline's migration half: the differ's
 * operations come here to be written as a draft for the user to edit and
 * review, and `--dump=script` prints parsed scripts back through it, so
 * that print -> parse -> print is the identity.  Every operation is
 * printed in the one syntax grammar/parser.y accepts for it; the
 * definitions inside operations (the body of `create table`, the column
 * of `add column`, the constraint of `add constraint`, the elements of
 * `create index`) go through fmt.c's printers, so they read exactly as in
 * a model file.
 *
 * Two sources of operations, told apart by whether the op has a span:
 * - parsed ops print as they were written (the structures' layout flags:
 *   a constraint written on its column stays there, `null` written stays
 *   written, a default keeps its parentheses), so a second print gives the
 *   same bytes;
 * - ops built by the differ carry definitions from checked or reflected
 *   schemas, whose layout flags mean nothing: they go through
 *   fmt_canonical_table first and print the canonical way, as `retort
 *   reflect` would write the object.
 * Names are quoted only when the language needs it (fmt_ident), strings
 * are re-escaped, and expressions are printed verbatim in the parentheses
 * the grammar requires where they stand.
 */
#include "script.h"

#include <string.h>

#include "arena.h"
#include "check.h"
#include "fmt.h"

/* A revision id as the `rev` rule reads it back: bare when the lexer
 * takes it as one NUMBER or REVID token with its text verbatim (a digit,
 * then letters, digits and underscores), or as an identifier that cannot
 * be a keyword: lower case with a digit (no keyword has one), or hex
 * letters only (the one keyword spelt so is "add"); otherwise a quoted
 * identifier. */
static void put_rev(struct strbuf *out, const char *rev)
{
	bool lead_digit = rev[0] >= '0' && rev[0] <= '9';
	bool word = rev[0] != '\0', digit = false, hex = word;
	for (const char *p = rev; *p; p++) {
		if (!(*p >= 'a' && *p <= 'f'))
			hex = false;
		if (*p >= '0' && *p <= '9')
			digit = true;
		else if (!((*p >= 'a' && *p <= 'z') || *p == '_' ||
		           (lead_digit && *p >= 'A' && *p <= 'Z')))
			word = false;
	}
	if (word && (digit || (hex && strcmp(rev, "add") != 0))) {
		strbuf_puts(out, rev);
		return;
	}
	strbuf_quoted(out, rev, '"');
}

/* T.C as the `dotted` rule reads it. */
static void put_dotted(struct strbuf *out, const struct qname *t,
                       const char *last)
{
	fmt_qname(out, t);
	strbuf_putc(out, '.');
	fmt_ident(out, last ? last : "");
}

static void put_string_or_null(struct strbuf *out, const char *text)
{
	if (text)
		fmt_string(out, text);
	else
		strbuf_puts(out, "null");
}

/* An expression where the grammar wants one in parentheses (check, where,
 * using, a view's query): always in them, whatever e->parens says. */
static void put_paren_expr(struct strbuf *out, const struct expr *e)
{
	strbuf_putc(out, '(');
	strbuf_puts(out, e && e->text ? e->text : "");
	strbuf_putc(out, ')');
}

/* A default: bare only when it was written bare (parsed ops) or may be
 * (differ's ops), and the grammar takes it bare. */
static void put_default(struct strbuf *out, const struct expr *e,
                        bool canonical)
{
	const char *text = e->text ? e->text : "";
	bool bare = expr_is_bare_default(text) && (canonical || !e->parens);
	if (bare)
		strbuf_puts(out, text);
	else
		put_paren_expr(out, e);
}

/* A one-table holder for a definition an op carries, named like the op's
 * target, so fmt's printers (and fmt_canonical_table) can see it. */
static struct table *holder(struct session *s, const struct op *op)
{
	struct table *t = arena_alloc(s->arena, sizeof *t);
	t->name = op->target;
	return t;
}

static void put_add_column(struct session *s, const struct op *op,
                           bool canonical, struct strbuf *out)
{
	strbuf_puts(out, "add column ");
	put_dotted(out, &op->target, op->cdef ? op->cdef->name : op->column);
	if (!op->cdef)
		return;
	const struct table *t = op->tdef;
	if (!t || canonical) {
		struct table *h = holder(s, op);
		ARENA_PUSH(s->arena, h->cols, h->ncols, h->capcols, op->cdef);
		if (op->tdef) {
			for (int i = 0; i < op->tdef->ncons; i++)
				ARENA_PUSH(s->arena, h->cons, h->ncons,
				           h->capcons, op->tdef->cons[i]);
		} else if (op->con) {
			ARENA_PUSH(s->arena, h->cons, h->ncons, h->capcons,
			           op->con);
		}
		t = h;
	}
	const struct column *col = op->cdef;
	if (canonical) {
		struct table *c = fmt_canonical_table(s, t);
		/* `add column` has only column clauses: every constraint of
		 * the column is written on it (a named one cannot be; the
		 * differ adds those with `add constraint`) */
		for (int i = 0; i < c->ncons; i++)
			c->cons[i]->inline_column = c->cols[0]->name;
		t = c;
		col = c->cols[0];
	} else {
		for (int i = 0; i < t->ncols; i++)
			if (t->cols[i] == op->cdef)
				col = t->cols[i];
	}
	strbuf_putc(out, ' ');
	/* fmt_column prints the column's name again: drop it, it is in
	 * the dotted target already */
	struct strbuf tmp = STRBUF_INIT;
	fmt_column(t, col, &tmp);
	struct strbuf name = STRBUF_INIT;
	fmt_ident(&name, col->name);
	const char *rest = strbuf_str(&tmp) + name.len;
	while (*rest == ' ')
		rest++;
	strbuf_puts(out, rest);
	strbuf_free(&name);
	strbuf_free(&tmp);
}

static void put_add_constraint(struct session *s, const struct op *op,
                               bool canonical, struct strbuf *out)
{
	const struct constraint *c = op->con;
	if (canonical && c) {
		struct table *h = holder(s, op);
		struct constraint *con = op->con;
		ARENA_PUSH(s->arena, h->cons, h->ncons, h->capcons, con);
		struct constraint *p = fmt_canonical_table(s, h)->cons[0];
		/* the name is what `drop constraint` in the other section
		 * refers to: a reviewer should see it here too */
		p->name_written = p->name != NULL;
		c = p;
	}
	strbuf_puts(out, "add constraint ");
	if (c)
		fmt_constraint(out, c);
	strbuf_puts(out, " to ");
	fmt_qname(out, &op->target);
}

static void put_create_index(struct session *s, const struct op *op,
                             bool canonical, struct strbuf *out)
{
	const struct index *ix = op->idx;
	struct table *h = holder(s, op);
	if (!op->target.name && ix)
		h->name = ix->table;
	if (canonical) {
		struct index *idx = op->idx;
		ARENA_PUSH(s->arena, h->indexes, h->nindexes, h->capindexes,
		           idx);
		ix = fmt_canonical_table(s, h)->indexes[0];
	}
	strbuf_puts(out, ix->unique ? "create unique index " : "create index ");
	const char *name = ix->name ? ix->name : op->name;
	if (!name)
		name = check_index_name(s, h, ix);
	fmt_ident(out, name);
	strbuf_puts(out, " on ");
	fmt_qname(out, &h->name);
	strbuf_putc(out, ' ');
	fmt_index_body(out, ix);
}

/* Appends one operation, without its indentation or the ';' (a `create
 * table` ends in its closing brace). */
static void put_op(struct session *s, const struct op *op, int indent,
                   struct strbuf *out)
{
	bool canonical = op->span.src == NULL;
	switch (op->kind) {
	case OP_CREATE_TABLE: {
		const struct table *t = op->tdef;
		if (canonical)
			t = fmt_canonical_table(s, t);
		strbuf_puts(out, "create ");
		/* fmt_table ends the line itself, after the ';' */
		fmt_table(s, t, indent, ";", out);
		return;
	}
	case OP_DROP_TABLE:
		strbuf_puts(out, "drop table ");
		fmt_qname(out, &op->target);
		break;
	case OP_RENAME_TABLE:
		strbuf_puts(out, "rename table ");
		fmt_qname(out, &op->target);
		strbuf_puts(out, " to ");
		fmt_ident(out, op->new_name);
		break;
	case OP_ADD_COLUMN:
		put_add_column(s, op, canonical, out);
		break;
	case OP_DROP_COLUMN:
		strbuf_puts(out, "drop column ");
		put_dotted(out, &op->target, op->column);
		break;
	case OP_RENAME_COLUMN:
		strbuf_puts(out, "rename column ");
		put_dotted(out, &op->target, op->column);
		strbuf_puts(out, " to ");
		fmt_ident(out, op->new_name);
		break;
	case OP_ALTER_TYPE: {
		struct type t = op->type;
		if (canonical && t.kind < TYPE_ENUM)
			t.name = type_names[t.kind].name;
		strbuf_puts(out, "alter column ");
		put_dotted(out, &op->target, op->column);
		strbuf_puts(out, " set type ");
		fmt_type(out, &t);
		if (op->expr) {
			strbuf_puts(out, " using ");
			put_paren_expr(out, op->expr);
		}
		break;
	}
	case OP_SET_NOT_NULL:
	case OP_DROP_NOT_NULL:
	case OP_DROP_DEFAULT:
		strbuf_puts(out, "alter column ");
		put_dotted(out, &op->target, op->column);
		strbuf_puts(out, op->kind == OP_SET_NOT_NULL ? " set not null"
		                 : op->kind == OP_DROP_NOT_NULL
		                     ? " drop not null"
		                     : " drop default");
		break;
	case OP_SET_DEFAULT:
		strbuf_puts(out, "alter column ");
		put_dotted(out, &op->target, op->column);
		strbuf_puts(out, " set default ");
		if (op->expr)
			put_default(out, op->expr, canonical);
		else
			strbuf_puts(out, "null");
		break;
	case OP_SET_COMMENT:
		strbuf_puts(out, "alter column ");
		put_dotted(out, &op->target, op->column);
		strbuf_puts(out, " set comment ");
		put_string_or_null(out, op->text);
		break;
	case OP_ADD_CONSTRAINT:
		put_add_constraint(s, op, canonical, out);
		break;
	case OP_DROP_CONSTRAINT:
		strbuf_puts(out, "drop constraint ");
		put_dotted(out, &op->target, op->name);
		break;
	case OP_RENAME_CONSTRAINT:
		strbuf_puts(out, "rename constraint ");
		put_dotted(out, &op->target, op->name);
		strbuf_puts(out, " to ");
		fmt_ident(out, op->new_name);
		break;
	case OP_CREATE_INDEX:
		put_create_index(s, op, canonical, out);
		break;
	case OP_DROP_INDEX:
		strbuf_puts(out, "drop index ");
		fmt_qname(out, &op->target);
		break;
	case OP_RENAME_INDEX:
		strbuf_puts(out, "rename index ");
		fmt_qname(out, &op->target);
		strbuf_puts(out, " to ");
		fmt_ident(out, op->new_name);
		break;
	case OP_CREATE_ENUM:
		strbuf_puts(out, "create enum ");
		fmt_enum(out, op->edef);
		break;
	case OP_ADD_ENUM_VALUE:
		strbuf_puts(out, "alter enum ");
		fmt_qname(out, &op->target);
		strbuf_puts(out, " add value ");
		fmt_string(out, op->value);
		if (op->position != ENUM_AT_END && op->anchor) {
			strbuf_puts(out, op->position == ENUM_BEFORE
			                     ? " before "
			                     : " after ");
			fmt_string(out, op->anchor);
		}
		break;
	case OP_RENAME_ENUM_VALUE:
		strbuf_puts(out, "alter enum ");
		fmt_qname(out, &op->target);
		strbuf_puts(out, " rename value ");
		fmt_string(out, op->value);
		strbuf_puts(out, " to ");
		fmt_string(out, op->new_value);
		break;
	case OP_DROP_ENUM:
		strbuf_puts(out, "drop enum ");
		fmt_qname(out, &op->target);
		break;
	case OP_CREATE_VIEW:
		strbuf_puts(out, "create view ");
		fmt_qname(out, &op->vdef->name);
		strbuf_puts(out, " as ");
		put_paren_expr(out, op->vdef->query);
		break;
	case OP_DROP_VIEW:
		strbuf_puts(out, "drop view ");
		fmt_qname(out, &op->target);
		break;
	case OP_COMMENT_TABLE:
		strbuf_puts(out, "comment on table ");
		fmt_qname(out, &op->target);
		strbuf_puts(out, " is ");
		put_string_or_null(out, op->text);
		break;
	case OP_COMMENT_COLUMN:
		strbuf_puts(out, "comment on column ");
		put_dotted(out, &op->target, op->column);
		strbuf_puts(out, " is ");
		put_string_or_null(out, op->text);
		break;
	case OP_EXECUTE:
		strbuf_puts(out, "execute ");
		if (op->dialect) {
			strbuf_puts(out, op->dialect);
			strbuf_putc(out, ' ');
		}
		fmt_string(out, op->text ? op->text : "");
		break;
	case OP_WARNING:
		strbuf_puts(out, "warning ");
		fmt_string(out, op->text ? op->text : "");
		break;
	}
	strbuf_puts(out, ";\n");
}

void script_print_ops(struct session *s, struct op *const *ops, int nops,
                      int indent, struct strbuf *out)
{
	for (int i = 0; i < nops; i++) {
		strbuf_pad(out, indent);
		put_op(s, ops[i], indent, out);
	}
}

void script_print_migration(struct session *s, const struct migration *m,
                            struct strbuf *out)
{
	/* the header's values line up after the longest keyword present */
	int w = m->rev ? 9 : 7; /* "migration", else "message"/"created" */
	if (m->rev) {
		strbuf_puts(out, "migration ");
		put_rev(out, m->rev);
		strbuf_putc(out, '\n');
	}
	strbuf_puts(out, "parent");
	strbuf_pad(out, w - 6 + 1);
	if (m->nparents == 0)
		strbuf_puts(out, "none");
	for (int i = 0; i < m->nparents; i++) {
		if (i)
			strbuf_putc(out, ' ');
		put_rev(out, m->parents[i]);
	}
	strbuf_putc(out, '\n');
	if (m->message) {
		strbuf_puts(out, "message");
		strbuf_pad(out, w - 7 + 1);
		fmt_string(out, m->message);
		strbuf_putc(out, '\n');
	}
	if (m->created) {
		strbuf_puts(out, "created");
		strbuf_pad(out, w - 7 + 1);
		fmt_string(out, m->created);
		strbuf_putc(out, '\n');
	}
	strbuf_puts(out, "\nupgrade {\n");
	script_print_ops(s, m->up, m->nup, 2, out);
	strbuf_puts(out, "}\n\ndowngrade {\n");
	script_print_ops(s, m->down, m->ndown, 2, out);
	strbuf_puts(out, "}\n");
}
