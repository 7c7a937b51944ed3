/*
 * lint.c - `retort lint`: destructive and risky operations in migration
 * scripts.  It sits after the history and beside the SQL compiler: like
 * the compiler it steps through a migration's upgrade with the simulator
 * (simulate.h) from the schema the migration's parents give, so each rule
 * sees the objects as they stand before the op.  The rules, their codes
 * stable (scripts silence them by code, CI greps them):
 *
 *   R001 drop table: its rows are lost
 *   R002 drop column: its values are lost
 *   R003 a type change that may lose data or fail on some values
 *        (narrowing: type_change_loss; no implicit cast: a USING cast
 *        that may fail)
 *   R004 set not null on a column that allowed nulls, or add column not
 *        null without a default: fails on existing rows
 *   R005 an enum value renamed, or a column moved to an enum without
 *        some of its old enum's values (the differ's enum rebuild)
 *   R006 rename table or column: breaks running application code
 *   R007 execute: raw SQL retort cannot check (a note)
 *   R008 drop constraint (any kind), drop of a unique index: the
 *        database stops enforcing a guarantee
 *   R009 a `warning` op left in the script: a human must look
 *   R010 the downgrade does not undo the upgrade (upgrade then downgrade
 *        replayed does not diff as equal to the schema before)
 *
 * Only upgrade sections are judged op by op: a downgrade is destructive
 * by nature (it undoes), and it is checked as a whole by R010.  `drop
 * enum` is not flagged: a type can only be dropped once no column uses
 * it, and the loss, if any, is flagged where the columns change (R003,
 * R005) or go (R001, R002).
 */
#include "lint.h"

#include <jansson.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "diff.h"
#include "package.h"
#include "script.h"
#include "simulate.h"

enum rule {
	R_DROP_TABLE,
	R_DROP_COLUMN,
	R_TYPE,
	R_NOT_NULL,
	R_ENUM,
	R_RENAME,
	R_EXECUTE,
	R_GUARANTEE,
	R_WARNING,
	R_DOWNGRADE
};

static const struct {
	const char *code;
	enum severity sev;
	const char *hint;
} rules[] = {
    [R_DROP_TABLE] = {"R001", SEV_WARNING,
                      "Copy the rows elsewhere first if they may be "
                      "needed: the downgrade recreates the table empty."},
    [R_DROP_COLUMN] = {"R002", SEV_WARNING,
                       "Stop using the column in the application first; "
                       "the downgrade brings it back empty."},
    [R_TYPE] = {"R003", SEV_WARNING,
                "Check that every value fits the new type first (an "
                "`execute` can fix those that do not)."},
    [R_NOT_NULL] = {"R004", SEV_WARNING,
                    "Give the column a default, or fill its nulls with "
                    "an `execute` UPDATE before it becomes not null."},
    [R_ENUM] = {"R005", SEV_WARNING,
                "Update the rows that hold the value first, with an "
                "`execute`, and the code that writes it."},
    [R_RENAME] = {"R006", SEV_WARNING,
                  "Deploy code that works with both names first, or add "
                  "the new name now and drop the old one later."},
    [R_EXECUTE] = {"R007", SEV_NOTE,
                   "Review the SQL: it must not change the schema "
                   "(declare schema changes with operations)."},
    [R_GUARANTEE] = {"R008", SEV_WARNING,
                     "Make sure the application does not rely on it, or "
                     "enforce it some other way."},
    [R_WARNING] = {"R009", SEV_WARNING,
                   "Read the warning, act on it, then delete the "
                   "`warning` line."},
    [R_DOWNGRADE] = {"R010", SEV_WARNING,
                     "Write the inverse of each upgrade operation in the "
                     "downgrade, in reverse order."},
};

struct finding {
	enum rule rule;
	int mig; /* index in h->v */
	int seq; /* report order, the last sort key */
	struct span span;
	const char *message;
};

struct linter {
	struct session *s;
	const struct history *h;
	int mig; /* the migration being linted */
	int n, cap;
	struct finding *v;
};

/* Whether the text of comment c says `lint: ignore` with code in its
 * list (codes separated by blanks or commas). */
static bool comment_ignores(const struct source *src, const struct comment *c,
                            const char *code)
{
	const char *p = src->text + c->start + 2, *end = src->text + c->end;
	if (c->block)
		end -= 2;
	while (p < end && (*p == ' ' || *p == '\t'))
		p++;
	static const char kw[] = "lint:";
	if ((size_t)(end - p) < sizeof kw - 1 || memcmp(p, kw, sizeof kw - 1))
		return false;
	p += sizeof kw - 1;
	while (p < end && (*p == ' ' || *p == '\t'))
		p++;
	static const char ig[] = "ignore";
	if ((size_t)(end - p) < sizeof ig - 1 || memcmp(p, ig, sizeof ig - 1))
		return false;
	p += sizeof ig - 1;
	size_t cl = strlen(code);
	while (p < end) {
		while (p < end && strchr(" \t,", *p))
			p++;
		const char *w = p;
		while (p < end && !strchr(" \t,\n", *p))
			p++;
		if ((size_t)(p - w) == cl && !memcmp(w, code, cl))
			return true;
	}
	return false;
}

/* Whether a `-- lint: ignore CODE` comment silences the finding: on the
 * line where its span starts, or alone on the line before. */
static bool ignored(const struct span sp, const char *code)
{
	const struct source *src = sp.src;
	if (!src)
		return false;
	int line, col;
	source_line_col(src, sp.start, &line, &col);
	for (int i = 0; i < src->ncomments; i++) {
		const struct comment *c = &src->comments[i];
		int cline, ccol;
		source_line_col(src, c->start, &cline, &ccol);
		if (cline != line && cline != line - 1)
			continue;
		if (cline == line - 1) {
			size_t len;
			const char *t = source_line(src, cline, &len);
			bool alone = true;
			for (int k = 0; k < ccol - 1; k++)
				alone = alone && (t[k] == ' ' || t[k] == '\t');
			if (!alone)
				continue;
		}
		if (comment_ignores(src, c, code))
			return true;
	}
	return false;
}

static void add(struct linter *l, enum rule r, struct span sp, const char *fmt,
                ...) __attribute__((format(printf, 4, 5)));

static void add(struct linter *l, enum rule r, struct span sp, const char *fmt,
                ...)
{
	if (ignored(sp, rules[r].code))
		return;
	va_list ap;
	va_start(ap, fmt);
	struct finding f = {r, l->mig, l->n, sp,
	                    arena_vprintf(l->s->arena, fmt, ap)};
	va_end(ap);
	ARENA_PUSH(l->s->arena, l->v, l->n, l->cap, f);
}

/* A table, enum or index name for a message: "users", "app.users". */
static const char *qn(struct linter *l, const struct qname *q)
{
	if (q->schema)
		return arena_printf(l->s->arena, "\"%s.%s\"", q->schema,
		                    q->name);
	return arena_printf(l->s->arena, "\"%s\"", q->name);
}

static const char *type_str(struct linter *l, const struct type *t)
{
	return type_to_string(l->s->arena, t);
}

/* The column an op names, as the simulator has it now, or NULL. */
static struct column *named_column(struct simulator *x, const struct op *op)
{
	struct table *t =
	    simulator_table(x, op->target.schema, op->target.name);
	return t ? table_find_column(t, op->column) : NULL;
}

/* "'b', 'd'": the values of enum a that enum b lacks, or NULL. */
static const char *lost_values(struct linter *l, const struct enum_type *a,
                               const struct enum_type *b)
{
	struct strbuf sb = STRBUF_INIT;
	for (int i = 0; i < a->nvalues; i++) {
		bool kept = false;
		for (int k = 0; k < b->nvalues && !kept; k++)
			kept = !strcmp(a->values[i], b->values[k]);
		if (!kept)
			strbuf_printf(&sb, "%s'%s'", sb.len ? ", " : "",
			              a->values[i]);
	}
	char *r = sb.len ? strbuf_arena_copy(&sb, l->s->arena) : NULL;
	strbuf_free(&sb);
	return r;
}

/* R003 and R005 for `alter column T.C set type`, once applied: the
 * column was `old`, its type is now the op's type resolved. */
static void check_type(struct linter *l, struct simulator *x,
                       const struct schema *work, const struct op *op,
                       const struct column *old)
{
	const struct column *c = named_column(x, op);
	const struct type *from = &old->type, *to = &c->type;
	if (from->kind == TYPE_ENUM && to->kind == TYPE_ENUM &&
	    from->array_dims == to->array_dims) {
		const struct enum_type *a =
		    schema_find_enum(work, from->schema, from->name);
		const struct enum_type *b =
		    schema_find_enum(work, to->schema, to->name);
		const char *lost = a && b ? lost_values(l, a, b) : NULL;
		if (lost)
			add(l, R_ENUM, op->span,
			    "column \"%s\" of table %s changes from enum %s "
			    "to %s, which lacks %s: rows holding %s make the "
			    "upgrade fail",
			    op->column, qn(l, &op->target), qn(l, &a->name),
			    qn(l, &b->name), lost,
			    strchr(lost, ',') ? "them" : "it");
		if (a && b)
			return;
	}
	const char *why = type_change_loss(from, to);
	if (!why && !type_converts_implicitly(from, to))
		why = "values that do not convert make the upgrade fail";
	if (why)
		add(l, R_TYPE, op->span,
		    "column \"%s\" of table %s changes type from %s to %s: %s",
		    op->column, qn(l, &op->target), type_str(l, from),
		    type_str(l, to), why);
}

static const char *const con_kind_name[] = {
    [CON_PRIMARY_KEY] = "primary key",
    [CON_UNIQUE] = "unique",
    [CON_CHECK] = "check",
    [CON_FOREIGN_KEY] = "foreign key",
};

/* Whether adding column c fails on a table with rows. */
static bool needs_value(const struct column *c)
{
	return c->not_null && !c->default_expr && !c->generated &&
	       c->identity == IDENTITY_NONE && !c->autoincrement;
}

/* The rules of one upgrade op but a type change, against the schema
 * before it. */
static void check_op(struct linter *l, struct simulator *x, const struct op *op)
{
	const char *t = qn(l, &op->target);
	switch (op->kind) {
	case OP_DROP_TABLE:
		add(l, R_DROP_TABLE, op->span,
		    "table %s is dropped: its rows are lost", t);
		break;
	case OP_DROP_COLUMN:
		add(l, R_DROP_COLUMN, op->span,
		    "column \"%s\" of table %s is dropped: its values are lost",
		    op->column, t);
		break;
	case OP_SET_NOT_NULL: {
		const struct column *c = named_column(x, op);
		if (c && !c->not_null)
			add(l, R_NOT_NULL, op->span,
			    "column \"%s\" of table %s becomes not null: the "
			    "upgrade fails when a row holds null",
			    op->column, t);
		break;
	}
	case OP_ADD_COLUMN:
		if (needs_value(op->cdef))
			add(l, R_NOT_NULL, op->span,
			    "column \"%s\" is added to table %s not null "
			    "without a default: the upgrade fails when the "
			    "table has rows",
			    op->cdef->name, t);
		break;
	case OP_RENAME_ENUM_VALUE:
		add(l, R_ENUM, op->span,
		    "value '%s' of enum %s is renamed to '%s': code that "
		    "writes the old value fails",
		    op->value, t, op->new_value);
		break;
	case OP_RENAME_TABLE:
		add(l, R_RENAME, op->span,
		    "table %s is renamed to \"%s\": running code that uses "
		    "the old name fails",
		    t, op->new_name);
		break;
	case OP_RENAME_COLUMN:
		add(l, R_RENAME, op->span,
		    "column \"%s\" of table %s is renamed to \"%s\": running "
		    "code that uses the old name fails",
		    op->column, t, op->new_name);
		break;
	case OP_DROP_CONSTRAINT: {
		const struct table *tb =
		    simulator_table(x, op->target.schema, op->target.name);
		const struct constraint *c =
		    tb ? table_find_constraint(tb, op->name) : NULL;
		if (c)
			add(l, R_GUARANTEE, op->span,
			    "%s constraint \"%s\" of table %s is dropped: the "
			    "database stops enforcing it",
			    con_kind_name[c->kind], op->name, t);
		break;
	}
	case OP_DROP_INDEX: {
		const struct index *ix = simulator_index(x, op->target.schema,
		                                         op->target.name, NULL);
		if (ix && ix->unique)
			add(l, R_GUARANTEE, op->span,
			    "unique index %s is dropped: the database stops "
			    "enforcing it",
			    t);
		break;
	}
	case OP_EXECUTE:
		add(l, R_EXECUTE, op->span,
		    "raw SQL%s%s: retort cannot tell what it does",
		    op->dialect ? " for " : "", op->dialect ? op->dialect : "");
		break;
	case OP_WARNING:
		add(l, R_WARNING, op->span,
		    "the script still holds a warning: %s", op->text);
		break;
	default:
		break;
	}
}

/* The first line of op as the script prints it, without its ';'. */
static const char *op_line(struct linter *l, const struct op *op)
{
	struct op copy = *op;
	copy.explain = NULL;
	struct op *one = &copy;
	struct strbuf sb = STRBUF_INIT;
	script_print_ops(l->s, &one, 1, 0, &sb);
	const char *text = strbuf_str(&sb);
	size_t len = strcspn(text, "\n");
	if (len && text[len - 1] == ';')
		len--;
	char *r = arena_strndup(l->s->arena, text, len);
	strbuf_free(&sb);
	return r;
}

/* R010: the upgrade then the downgrade replayed over `before` must give
 * `before` back, as the differ compares schemas. */
static int check_downgrade(struct linter *l, const struct migration *m,
                           const struct schema *before)
{
	struct session *s = l->s;
	struct schema after = {0};
	schema_copy_shallow(s->arena, &after, before);
	if (simulate_ops(s, &after, m->up, m->nup) < 0 ||
	    simulate_ops(s, &after, m->down, m->ndown) < 0)
		return -1;
	struct migration d = {0};
	int n = diff_schemas(s, &after, before, &d);
	if (n <= 0)
		return n;
	const struct op *first = NULL;
	for (int i = 0; i < d.nup && !first; i++)
		if (d.up[i]->kind != OP_WARNING)
			first = d.up[i];
	add(l, R_DOWNGRADE, m->rev_span,
	    "the downgrade does not undo the upgrade: it lacks `%s`%s",
	    op_line(l, first),
	    n > 1 ? arena_printf(s->arena, " and %d more operation%s", n - 1,
	                         n > 2 ? "s" : "")
	          : "");
	return 0;
}

/* Lints h->v[i]. */
static int lint_one(struct linter *l, int i)
{
	struct session *s = l->s;
	const struct migration *m = l->h->v[i];
	l->mig = i;
	struct schema before = {0}, work = {0};
	package_replay_start(s, &before); /* --package: what it references */
	if (history_replay_parents(s, l->h, m, &before) < 0)
		return -1;
	schema_copy_shallow(s->arena, &work, &before);
	struct simulator *x = simulator_new(s, &work);
	for (int k = 0; k < m->nup; k++) {
		const struct op *op = m->up[k];
		const struct column *old =
		    op->kind == OP_ALTER_TYPE ? named_column(x, op) : NULL;
		check_op(l, x, op);
		if (simulator_apply(x, op) < 0)
			return -1;
		if (old)
			check_type(l, x, &work, op, old);
	}
	return check_downgrade(l, m, &before);
}

static int cmp_finding(const void *a, const void *b)
{
	const struct finding *x = a, *y = b;
	if (x->mig != y->mig)
		return x->mig < y->mig ? -1 : 1;
	if (x->span.start != y->span.start)
		return x->span.start < y->span.start ? -1 : 1;
	return (x->seq > y->seq) - (x->seq < y->seq);
}

static const char *severity_name(enum severity sev)
{
	return sev == SEV_NOTE ? "note" : "warning";
}

static void put_json(struct linter *l, struct strbuf *out)
{
	json_t *a = json_array();
	for (int i = 0; i < l->n; i++) {
		const struct finding *f = &l->v[i];
		int line = 0, col = 0;
		if (f->span.src)
			source_line_col(f->span.src, f->span.start, &line,
			                &col);
		json_t *o = json_object();
		json_object_set_new(o, "code",
		                    json_string(rules[f->rule].code));
		json_object_set_new(
		    o, "severity",
		    json_string(severity_name(rules[f->rule].sev)));
		json_object_set_new(o, "revision",
		                    json_string(l->h->v[f->mig]->rev));
		json_object_set_new(o, "path",
		                    json_string(l->h->paths[f->mig]));
		json_object_set_new(o, "line", json_integer(line));
		json_object_set_new(o, "column", json_integer(col));
		json_object_set_new(o, "message", json_string(f->message));
		json_array_append_new(a, o);
	}
	char *text = json_dumps(a, JSON_SORT_KEYS | JSON_INDENT(2));
	strbuf_puts(out, text);
	strbuf_putc(out, '\n');
	free(text);
	json_decref(a);
}

int lint_history(struct session *s, const struct history *h, const bool *in,
                 struct strbuf *out)
{
	struct linter l = {s, h, 0, 0, 0, NULL};
	for (int i = 0; i < h->n; i++)
		if ((!in || in[i]) && lint_one(&l, i) < 0)
			return -1;
	if (l.n > 1)
		qsort(l.v, (size_t)l.n, sizeof *l.v, cmp_finding);
	if (s->json) {
		put_json(&l, out);
		return l.n;
	}
	/* flushed one by one: in history order rather than the sink's
	 * order of file names, and a note stands on its own */
	for (int i = 0; i < l.n; i++) {
		const struct finding *f = &l.v[i];
		diag_at(s->diag, rules[f->rule].sev, f->span, "%s [%s]",
		        f->message, rules[f->rule].code);
		diag_hint(s->diag, f->span, "%s", rules[f->rule].hint);
		diag_flush(s->diag);
	}
	return l.n;
}
