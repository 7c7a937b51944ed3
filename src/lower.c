/*
 * lower.c - the portable schema as one dialect stores it, for comparison
 * (DESIGN section 1, "Lowering").  It sits between the two producers of a
 * schema (the checker for models, the reflectors for databases) and
 * whatever compares them (the differ, `check`, the round-trip tests): both
 * sides are lowered to the target dialect, then compared as canonical
 * JSON, so nothing the database itself treats as equal shows up as a
 * difference.  This file is the one place that says what "as the dialect
 * stores it" means; the reflectors lift what they read to portable form
 * and the emitters spell portable form, neither knows about comparison.
 *
 * The rules, per dialect ("both" applies to both):
 *
 *   what                      SQLite                   PostgreSQL
 *   ------------------------  -----------------------  ---------------------
 *   enum types                dropped; an enum column  kept (native types)
 *                             becomes text + the CHECK
 *                             `retort sql` writes, named
 *                             by the ck convention with
 *                             %(name) the enum's name
 *   `type` declarations       dropped (both: the database keeps only the
 *                             columns' types)
 *   autoincrement / identity  the key is INTEGER (a      NOT NULL (serial and
 *                             rowid alias); identity     identity imply it)
 *                             is the plain rowid alias,
 *                             so it is dropped
 *   numeric(p)                kept                     numeric(p, 0)
 *   char                      kept                     char(1)
 *   comments                  dropped                  kept
 *   collations                lower case (SQLite       kept (case matters)
 *                             ignores case); BINARY,
 *                             the default, dropped
 *   index method              dropped                  lower case; btree
 *                                                      (the default) dropped
 *   FK actions                both: NO ACTION is the unspecified action;
 *                             initially deferred implies deferrable
 *   expressions               both: see norm_expr: comments and layout
 *                             dropped, unquoted words in lower case, one
 *                             canonical spacing, quotes that are not
 *                             needed dropped, redundant outer
 *                             parentheses dropped, an index element that
 *                             is a bare column name is the column
 *                                                      and: casts of
 *                                                      literals, arrays of
 *                                                      them and their
 *                                                      parentheses dropped
 *                                                      ('x'::text -> 'x',
 *                                                      (0)::numeric -> 0),
 *                                                      now() is
 *                                                      current_timestamp
 *   DEFAULT NULL              both: no default (PostgreSQL does not store it)
 *   unnamed constraints       both: the convention's name (SQLite keeps
 *                             none for a constraint written without
 *                             CONSTRAINT; the checker names the model's)
 *   rename hints              both: dropped (not part of a schema's meaning)
 *
 * The PostgreSQL server rewrites what it stores (defaults, checks, index
 * expressions and predicates, generated expressions, view queries) in ways
 * a textual normaliser cannot follow (view queries above all), so a model
 * compared with a PostgreSQL database first gets the server's own texts:
 * lower_normalize_pg creates the model's objects in temporary schemas
 * inside a transaction that is rolled back and reads the texts back with
 * the reflector.  norm_expr then only has to keep equal texts equal, make
 * the server's own variants of one expression equal, and make forms that
 * differ only in layout equal when no server is at hand.
 */
#include "lower.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "ast.h"
#include "check.h"
#include "emit.h"
#include "reflect.h"
#include "strbuf.h"

/* ---- tokens ---------------------------------------------------------- */

enum tok_kind {
	TOK_END,
	TOK_WORD,   /* an unquoted identifier or key word */
	TOK_QIDENT, /* "quoted identifier" */
	TOK_STRING, /* 'literal', E'...', $$...$$ */
	TOK_NUMBER,
	TOK_LPAREN,
	TOK_RPAREN,
	TOK_COMMA,
	TOK_DOT,
	TOK_CAST, /* :: */
	TOK_OP    /* any other operator or punctuation */
};

struct tok {
	enum tok_kind kind;
	const char *p;
	size_t len;
};

static bool word_start(unsigned char c)
{
	return isalpha(c) || c == '_' || c >= 0x80;
}

static bool word_char(unsigned char c)
{
	return isalnum(c) || c == '_' || c == '$' || c >= 0x80;
}

static bool op_char(char c)
{
	return c && strchr("+-*/<>=~!@#%^&|`?", c) != NULL;
}

/* Skips blanks and comments. */
static const char *skip_space(const char *p)
{
	for (;;) {
		while (isspace((unsigned char)*p))
			p++;
		if (p[0] == '-' && p[1] == '-') {
			while (*p && *p != '\n')
				p++;
		} else if (p[0] == '/' && p[1] == '*') {
			int depth = 0;
			while (*p) {
				if (p[0] == '/' && p[1] == '*')
					depth++, p += 2;
				else if (p[0] == '*' && p[1] == '/') {
					p += 2;
					if (--depth == 0)
						break;
				} else
					p++;
			}
		} else {
			return p;
		}
	}
}

/* The end of the quoted text starting at p (a quote q, doubled inside;
 * with backslash escapes for E'...'). */
static const char *skip_quoted(const char *p, char q, bool backslash)
{
	for (p++; *p; p++) {
		if (backslash && *p == '\\' && p[1]) {
			p++;
		} else if (*p == q) {
			if (p[1] != q)
				return p + 1;
			p++;
		}
	}
	return p;
}

/* The next token of text at *pp (after blanks and comments). */
static struct tok next_tok(const char **pp)
{
	const char *p = skip_space(*pp);
	struct tok t = {TOK_END, p, 0};
	const char *e = p;
	if (!*p) {
		*pp = p;
		return t;
	}
	if ((*p == 'E' || *p == 'e') && p[1] == '\'') {
		t.kind = TOK_STRING;
		e = skip_quoted(p + 1, '\'', true);
	} else if (*p == '\'') {
		t.kind = TOK_STRING;
		e = skip_quoted(p, '\'', false);
	} else if (*p == '"') {
		t.kind = TOK_QIDENT;
		e = skip_quoted(p, '"', false);
	} else if (*p == '$' &&
	           (p[1] == '$' || word_start((unsigned char)p[1]))) {
		/* dollar quoting: $tag$ ... $tag$ */
		const char *tag_end = p + 1;
		while (word_char((unsigned char)*tag_end) && *tag_end != '$')
			tag_end++;
		if (*tag_end == '$') {
			size_t tl = (size_t)(tag_end - p) + 1;
			const char *close = tag_end + 1;
			for (; *close; close++)
				if (!strncmp(close, p, tl))
					break;
			t.kind = TOK_STRING;
			e = *close ? close + tl : close;
		} else {
			t.kind = TOK_OP;
			e = p + 1;
		}
	} else if (isdigit((unsigned char)*p) ||
	           (*p == '.' && isdigit((unsigned char)p[1]))) {
		t.kind = TOK_NUMBER;
		while (isalnum((unsigned char)*e) || *e == '.' ||
		       ((*e == '+' || *e == '-') &&
		        (e[-1] == 'e' || e[-1] == 'E')))
			e++;
	} else if (word_start((unsigned char)*p)) {
		t.kind = TOK_WORD;
		while (word_char((unsigned char)*e))
			e++;
	} else if (*p == '(') {
		t.kind = TOK_LPAREN, e = p + 1;
	} else if (*p == ')') {
		t.kind = TOK_RPAREN, e = p + 1;
	} else if (*p == ',') {
		t.kind = TOK_COMMA, e = p + 1;
	} else if (*p == '.') {
		t.kind = TOK_DOT, e = p + 1;
	} else if (p[0] == ':' && p[1] == ':') {
		t.kind = TOK_CAST, e = p + 2;
	} else if (op_char(*p)) {
		/* PostgreSQL's rule: a run of operator characters, but one
		 * that does not end in + or - unless it has one of ~!@#%^&|`? */
		t.kind = TOK_OP;
		while (op_char(*e) && !(e[0] == '-' && e[1] == '-') &&
		       !(e[0] == '/' && e[1] == '*'))
			e++;
		bool special = false;
		for (const char *q = p; q < e; q++)
			special = special || strchr("~!@#%^&|`?", *q);
		while (!special && e - p > 1 && (e[-1] == '+' || e[-1] == '-'))
			e--;
	} else {
		t.kind = TOK_OP;
		e = p + 1;
	}
	t.len = (size_t)(e - p);
	*pp = e;
	return t;
}

struct toks {
	int n, cap;
	struct tok *v;
};

static struct toks tokenize(struct arena *a, const char *text)
{
	struct toks ts = {0, 0, NULL};
	const char *p = text;
	for (;;) {
		struct tok t = next_tok(&p);
		if (t.kind == TOK_END)
			break;
		ARENA_PUSH(a, ts.v, ts.n, ts.cap, t);
	}
	return ts;
}

static bool tok_is(const struct tok *t, const char *word)
{
	return t->kind == TOK_WORD && strlen(word) == t->len &&
	       !strncasecmp(t->p, word, t->len);
}

/* The index of the parenthesis that closes the one at i, or -1. */
static int closing(const struct toks *ts, int i, int end)
{
	int depth = 0;
	for (int j = i; j < end; j++) {
		if (ts->v[j].kind == TOK_LPAREN)
			depth++;
		else if (ts->v[j].kind == TOK_RPAREN && --depth == 0)
			return j;
	}
	return -1;
}

/* ---- PostgreSQL's literal casts -------------------------------------- */

/* Skips the type name of a cast starting at token i; returns the index
 * after it. */
static int skip_cast_type(const struct toks *ts, int i, int end)
{
	if (i >= end)
		return i;
	const struct tok *t = &ts->v[i];
	if (t->kind != TOK_WORD && t->kind != TOK_QIDENT)
		return i;
	bool timeish = tok_is(t, "timestamp") || tok_is(t, "time");
	bool varying = tok_is(t, "character") || tok_is(t, "bit");
	bool dbl = tok_is(t, "double");
	i++;
	/* schema-qualified */
	while (
	    i + 1 < end && ts->v[i].kind == TOK_DOT &&
	    (ts->v[i + 1].kind == TOK_WORD || ts->v[i + 1].kind == TOK_QIDENT))
		i += 2;
	if (varying && i < end && tok_is(&ts->v[i], "varying"))
		i++;
	if (dbl && i < end && tok_is(&ts->v[i], "precision"))
		i++;
	if (i < end && ts->v[i].kind == TOK_LPAREN) {
		int c = closing(ts, i, end);
		if (c > 0)
			i = c + 1;
	}
	if (timeish && i + 2 < end &&
	    (tok_is(&ts->v[i], "with") || tok_is(&ts->v[i], "without")) &&
	    tok_is(&ts->v[i + 1], "time") && tok_is(&ts->v[i + 2], "zone"))
		i += 3;
	while (i + 1 < end && ts->v[i].kind == TOK_OP && ts->v[i].len == 1 &&
	       ts->v[i].p[0] == '[' && ts->v[i + 1].kind == TOK_OP &&
	       ts->v[i + 1].p[0] == ']')
		i += 2;
	return i;
}

static bool is_literal(const struct tok *t)
{
	return t->kind == TOK_STRING || t->kind == TOK_NUMBER ||
	       tok_is(t, "null") || tok_is(t, "true") || tok_is(t, "false");
}

/*
 * PostgreSQL only: drops what the server adds around literals, so that a
 * model's text compares with the server's when no server normalised it,
 * and so that the server's own forms of one expression compare equal
 * (after a round trip it may move a cast from an array into its
 * elements).  A literal group is a literal, a negative number, an
 * ARRAY[...] of literal groups, or a literal group in parentheses that
 * are not a call's; casts of a literal group and its parentheses are
 * dropped: `'x'::text` -> 'x', `(0)::numeric` -> 0,
 * `(ARRAY['a'::varchar])::text[]` and `ARRAY[('a'::varchar)::text]` ->
 * array['a'].  now() becomes current_timestamp.  Both sides get the same
 * treatment, so a text the server produced stays equal to itself.
 */
static struct toks strip_literal_casts(struct arena *a, const struct toks *in)
{
	struct toks out = {0, 0, NULL};
	/* start[i]: where the literal group ending at out.v[i] starts, or
	 * -1; opens: positions of the open ( and [ in out */
	int *start = arena_alloc(a, sizeof *start * (size_t)(in->n + 1));
	int *opens = arena_alloc(a, sizeof *opens * (size_t)(in->n + 1));
	int nopens = 0;
	for (int i = 0; i < in->n; i++) {
		const struct tok *t = &in->v[i];
		int last = out.n - 1;
		const struct tok *prev = last >= 0 ? &out.v[last] : NULL;
		if (t->kind == TOK_CAST && last >= 0 && start[last] >= 0) {
			i = skip_cast_type(in, i + 1, in->n) - 1;
			continue;
		}
		/* now() is current_timestamp */
		if (tok_is(t, "now") && i + 2 < in->n &&
		    in->v[i + 1].kind == TOK_LPAREN &&
		    in->v[i + 2].kind == TOK_RPAREN) {
			struct tok ct = {TOK_WORD, "current_timestamp", 17};
			ARENA_PUSH(a, out.v, out.n, out.cap, ct);
			start[out.n - 1] = -1;
			i += 2;
			continue;
		}
		ARENA_PUSH(a, out.v, out.n, out.cap, *t);
		int k = out.n - 1;
		start[k] = -1;
		if (is_literal(t)) {
			start[k] = k;
			/* a negative number: - not after an operand */
			if (t->kind == TOK_NUMBER && prev &&
			    prev->kind == TOK_OP && prev->len == 1 &&
			    prev->p[0] == '-' &&
			    (last == 0 ||
			     !(out.v[last - 1].kind == TOK_WORD ||
			       out.v[last - 1].kind == TOK_QIDENT ||
			       out.v[last - 1].kind == TOK_RPAREN ||
			       out.v[last - 1].kind == TOK_STRING ||
			       out.v[last - 1].kind == TOK_NUMBER)))
				start[k] = last;
		} else if (t->kind == TOK_LPAREN ||
		           (t->kind == TOK_OP && t->p[0] == '[')) {
			opens[nopens++] = k;
		} else if (t->kind == TOK_RPAREN && nopens > 0) {
			int o = opens[--nopens];
			bool call = o > 0 && (out.v[o - 1].kind == TOK_WORD ||
			                      out.v[o - 1].kind == TOK_QIDENT ||
			                      out.v[o - 1].kind == TOK_RPAREN);
			if (!call && k - 1 > o && start[k - 1] == o + 1) {
				/* ( group ): drop both parentheses */
				memmove(&out.v[o], &out.v[o + 1],
				        sizeof *out.v * (size_t)(k - 1 - o));
				for (int j = o; j < k - 1; j++)
					start[j] = start[j + 1] >= 0
					               ? start[j + 1] - 1
					               : -1;
				out.n = k - 1;
				start[out.n - 1] = o;
			}
		} else if (t->kind == TOK_OP && t->p[0] == ']' && nopens > 0) {
			int o = opens[--nopens];
			bool arr = o > 0 && tok_is(&out.v[o - 1], "array");
			int j = k - 1;
			while (arr && j > o) {
				if (start[j] < o + 1) {
					arr = false;
					break;
				}
				j = start[j] - 1;
				if (j > o && out.v[j].kind != TOK_COMMA)
					arr = false;
				else if (j > o)
					j--;
			}
			if (arr)
				start[k] = o - 1;
		}
	}
	return out;
}

/* ---- the expression normaliser ---------------------------------------- */

/* The identifier text of token t (unquoted: folded to lower case). */
static char *tok_ident(struct arena *a, const struct tok *t)
{
	if (t->kind == TOK_WORD) {
		char *r = arena_strndup(a, t->p, t->len);
		for (char *p = r; *p; p++)
			*p = (char)tolower((unsigned char)*p);
		return r;
	}
	struct strbuf sb = STRBUF_INIT;
	for (size_t k = 1; k + 1 < t->len; k++) {
		strbuf_putc(&sb, t->p[k]);
		if (t->p[k] == '"')
			k++;
	}
	char *r = sb.len ? strbuf_arena_copy(&sb, a) : arena_strdup(a, "");
	strbuf_free(&sb);
	return r;
}

/* Does name read the same unquoted (lower-case letters, digits and _, not
 * a reserved word)?  A quoted identifier like that is written bare. */
static bool is_plain(const char *name)
{
	bool plain = (name[0] >= 'a' && name[0] <= 'z') || name[0] == '_';
	for (const char *p = name; plain && *p; p++)
		plain = (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') ||
		        *p == '_';
	return plain && !ast_is_reserved(name);
}

/* Can t end an operand (so that a - after it is binary)? */
static bool is_operand(const struct tok *t)
{
	return t->kind == TOK_WORD || t->kind == TOK_QIDENT ||
	       t->kind == TOK_RPAREN || t->kind == TOK_STRING ||
	       t->kind == TOK_NUMBER || (t->kind == TOK_OP && t->p[0] == ']');
}

static bool needs_space(const struct tok *prev, const struct tok *t)
{
	if (!prev)
		return false;
	switch (prev->kind) {
	case TOK_LPAREN:
	case TOK_DOT:
	case TOK_CAST:
		return false;
	default:
		break;
	}
	switch (t->kind) {
	case TOK_RPAREN:
	case TOK_COMMA:
	case TOK_DOT:
	case TOK_CAST:
		return false;
	case TOK_LPAREN:
		/* a call (or IN (...)): no space after a name */
		return prev->kind != TOK_WORD && prev->kind != TOK_QIDENT;
	default:
		break;
	}
	if (prev->kind == TOK_OP && prev->len == 1 && prev->p[0] == '[')
		return false;
	if (t->kind == TOK_OP && t->len == 1 &&
	    (t->p[0] == '[' || t->p[0] == ']'))
		return false;
	return true;
}

/*
 * The one spelling of an expression for comparison (see the rules at the
 * top).  Returns arena memory; text itself when it is already canonical
 * is not guaranteed, a fresh copy always is.
 */
static char *norm_expr(struct arena *a, const char *text, enum dialect d)
{
	struct toks ts = tokenize(a, text);
	if (d == DIALECT_POSTGRESQL)
		ts = strip_literal_casts(a, &ts);
	int lo = 0, hi = ts.n;
	/* trailing semicolons (a view query) */
	while (hi > lo && ts.v[hi - 1].kind == TOK_OP &&
	       ts.v[hi - 1].p[0] == ';')
		hi--;
	/* redundant outer parentheses */
	while (hi - lo >= 2 && ts.v[lo].kind == TOK_LPAREN &&
	       closing(&ts, lo, hi) == hi - 1)
		lo++, hi--;
	struct strbuf sb = STRBUF_INIT;
	const struct tok *prev = NULL, *prev2 = NULL;
	for (int i = lo; i < hi; i++) {
		const struct tok *t = &ts.v[i];
		/* a sign: -1, not - 1 */
		bool sign = prev && prev->kind == TOK_OP && prev->len == 1 &&
		            (prev->p[0] == '-' || prev->p[0] == '+') &&
		            t->kind == TOK_NUMBER &&
		            !(prev2 && is_operand(prev2));
		if (!sign && needs_space(prev, t))
			strbuf_putc(&sb, ' ');
		const char *plain =
		    t->kind == TOK_QIDENT ? tok_ident(a, t) : NULL;
		if (plain && is_plain(plain))
			strbuf_puts(&sb, plain);
		else if (t->kind == TOK_WORD)
			for (size_t k = 0; k < t->len; k++)
				strbuf_putc(
				    &sb, (char)tolower((unsigned char)t->p[k]));
		else
			strbuf_add(&sb, t->p, t->len);
		prev2 = prev;
		prev = t;
	}
	char *r = sb.len ? strbuf_arena_copy(&sb, a) : arena_strdup(a, "");
	strbuf_free(&sb);
	return r;
}

static void norm(struct arena *a, struct expr **ep, enum dialect d)
{
	struct expr *e = *ep;
	if (!e || !e->text)
		return;
	struct expr *n = arena_alloc(a, sizeof *n);
	n->text = norm_expr(a, e->server ? e->server : e->text, d);
	n->parens = true;
	*ep = n;
}

/* The name a lone identifier stands for ("a""b" -> a"b, ABC -> abc), or
 * NULL when text is not one. */
static const char *lone_ident(struct arena *a, const char *text)
{
	const char *p = text;
	struct tok t = next_tok(&p);
	if (next_tok(&p).kind != TOK_END)
		return NULL;
	if (t.kind != TOK_WORD && t.kind != TOK_QIDENT)
		return NULL;
	char *name = tok_ident(a, &t);
	if (!*name || (t.kind == TOK_WORD && ast_is_reserved(name)))
		return NULL;
	return name;
}

/* ---- lowering -------------------------------------------------------- */

static bool integer_kind(const struct type *t)
{
	return !t->array_dims &&
	       (t->kind == TYPE_SMALLINT || t->kind == TYPE_INTEGER ||
	        t->kind == TYPE_BIGINT);
}

static void set_kind(struct type *t, enum type_kind k)
{
	t->kind = k;
	t->name = type_names[k].name;
	t->schema = NULL;
	t->nargs = 0;
}

static void add_constraint(struct arena *a, struct table *t,
                           struct constraint *c)
{
	ARENA_PUSH(a, t->cons, t->ncons, t->capcons, c);
}

/* SQLite: enum columns become text with the CHECK `retort sql` writes. */
static void lower_enums_sqlite(struct session *s, struct schema *sc)
{
	struct arena *a = s->arena;
	for (int i = 0; i < sc->ntables; i++) {
		struct table *t = sc->tables[i];
		for (int j = 0; j < t->ncols; j++) {
			struct column *c = t->cols[j];
			if (c->type.kind != TYPE_ENUM || c->type.array_dims)
				continue;
			const struct enum_type *e =
			    schema_find_enum(sc, c->type.schema, c->type.name);
			if (!e)
				continue;
			struct constraint probe = {
			    .kind = CON_CHECK, .inline_column = e->name.name};
			struct constraint *k = arena_alloc(a, sizeof *k);
			k->kind = CON_CHECK;
			k->name = check_constraint_name(s, t, &probe);
			struct strbuf sb = STRBUF_INIT;
			emit_ident(&sb, c->name);
			strbuf_puts(&sb, " IN (");
			for (int v = 0; v < e->nvalues; v++) {
				if (v)
					strbuf_puts(&sb, ", ");
				emit_string(&sb, e->values[v]);
			}
			strbuf_putc(&sb, ')');
			k->check = arena_alloc(a, sizeof *k->check);
			k->check->text = strbuf_arena_copy(&sb, a);
			k->check->parens = true;
			strbuf_free(&sb);
			add_constraint(a, t, k);
			set_kind(&c->type, TYPE_TEXT);
		}
	}
	sc->nenums = 0;
}

static void lower_column(struct session *s, struct column *c, enum dialect d)
{
	struct arena *a = s->arena;
	struct type *ty = &c->type;
	if (d == DIALECT_SQLITE) {
		c->comment = NULL;
		/* the rowid alias: SQLite spells the key INTEGER, and
		 * identity is nothing but that alias */
		if ((c->autoincrement || c->identity != IDENTITY_NONE) &&
		    integer_kind(ty))
			set_kind(ty, TYPE_INTEGER);
		c->identity = IDENTITY_NONE;
		/* SQLite's collation names are case-insensitive, and BINARY
		 * is what a column has without one */
		if (c->collation) {
			char *lc = arena_strdup(a, c->collation);
			for (char *p = lc; *p; p++)
				*p = (char)tolower((unsigned char)*p);
			c->collation = strcmp(lc, "binary") ? lc : NULL;
		}
	} else {
		if (c->autoincrement || c->identity != IDENTITY_NONE)
			c->not_null = true;
		if (ty->kind == TYPE_NUMERIC && ty->nargs == 1) {
			ty->nargs = 2;
			ty->args[1] = 0;
		}
		if (ty->kind == TYPE_CHAR && ty->nargs == 0) {
			ty->nargs = 1;
			ty->args[0] = 1;
		}
	}
	if (ty->kind < TYPE_ENUM)
		ty->name = type_names[ty->kind].name;
	ty->span = (struct span){0};
	c->renamed_from = NULL;
	norm(a, &c->default_expr, d);
	norm(a, &c->generated, d);
	/* DEFAULT NULL is no default (PostgreSQL does not even store it) */
	if (c->default_expr && !strcmp(c->default_expr->text, "null"))
		c->default_expr = NULL;
}

static void lower_constraint(struct session *s, struct constraint *c,
                             enum dialect d)
{
	norm(s->arena, &c->check, d);
	if (c->on_delete == FK_NO_ACTION)
		c->on_delete = FK_UNSPECIFIED;
	if (c->on_update == FK_NO_ACTION)
		c->on_update = FK_UNSPECIFIED;
	if (c->initially_deferred)
		c->deferrable = true;
	if (d == DIALECT_SQLITE)
		c->ref_table.schema = NULL;
}

static void lower_index(struct session *s, struct index *ix, enum dialect d)
{
	struct arena *a = s->arena;
	if (d == DIALECT_SQLITE || !ix->method) {
		ix->method = NULL;
	} else {
		char *m = arena_strdup(a, ix->method);
		for (char *p = m; *p; p++)
			*p = (char)tolower((unsigned char)*p);
		ix->method = strcmp(m, "btree") ? m : NULL;
	}
	norm(a, &ix->where, d);
	for (int i = 0; i < ix->nelems; i++) {
		struct index_elem *e = &ix->elems[i];
		e->asc_written = false;
		if (e->column || !e->expr)
			continue;
		norm(a, &e->expr, d);
		const char *col = lone_ident(a, e->expr->text);
		if (col) {
			e->column = col;
			e->expr = NULL;
		}
	}
}

/* Orders the constraints by (kind, name, content), so that two with one
 * name (SQLite keeps duplicates, e.g. two columns of one enum) sort the
 * same on both sides; schema_sort's stable sort keeps this order. */
static int cmp_cons_full(const void *x, const void *y)
{
	const struct constraint *a = *(struct constraint *const *)x;
	const struct constraint *b = *(struct constraint *const *)y;
	if (a->kind != b->kind)
		return a->kind < b->kind ? -1 : 1;
	int c = strcmp(a->name ? a->name : "", b->name ? b->name : "");
	if (c)
		return c;
	if (a->check && b->check)
		c = strcmp(a->check->text, b->check->text);
	if (c)
		return c;
	for (int i = 0; i < a->ncols && i < b->ncols && !c; i++)
		c = strcmp(a->cols[i], b->cols[i]);
	return c ? c : a->ncols - b->ncols;
}

void lower_schema(struct session *s, struct schema *schema, enum dialect d)
{
	struct arena *a = s->arena;
	if (d == DIALECT_SQLITE)
		lower_enums_sqlite(s, schema);
	schema->ntypes = 0;
	for (int i = 0; i < schema->ntables; i++) {
		struct table *t = schema->tables[i];
		t->renamed_from = NULL;
		if (d == DIALECT_SQLITE) {
			t->comment = NULL;
			t->name.schema = NULL;
		}
		for (int j = 0; j < t->ncols; j++)
			lower_column(s, t->cols[j], d);
		for (int j = 0; j < t->ncons; j++)
			lower_constraint(s, t->cons[j], d);
		/* SQLite keeps no name for a constraint written without
		 * CONSTRAINT: it is the one the convention gives, as when
		 * the checker names the model's */
		for (int j = 0; j < t->ncons; j++)
			if (!t->cons[j]->name)
				t->cons[j]->name =
				    check_constraint_name(s, t, t->cons[j]);
		for (int j = 0; j < t->nindexes; j++)
			lower_index(s, t->indexes[j], d);
		if (t->ncons > 1)
			qsort(t->cons, (size_t)t->ncons, sizeof *t->cons,
			      cmp_cons_full);
	}
	for (int i = 0; i < schema->nviews; i++)
		norm(a, &schema->views[i]->query, d);
	schema_sort(schema);
}

/* ---- normalisation by the PostgreSQL server ---------------------------- */

/*
 * How lower_normalize_pg works.  The objects that hold the model's
 * expressions are created by the SQL `retort sql` writes, in one
 * transaction that is always rolled back:
 *
 *   BEGIN;
 *   CREATE SCHEMA "retort_norm_<pid>";            -- stands for the default
 *   SET LOCAL search_path = "retort_norm_<pid>", public;
 *   <emit_schema of the probe (probe_copy): a copy of the model cut down
 *    to what its expressions need, in which every other schema S is
 *    renamed "retort_norm_<pid>_<i>", also where the model's expressions
 *    qualify names with S>
 *   <reflect_pg of the temporary schemas only: it nests in the open
 *    transaction (a savepoint) and sees the new objects>
 *   ROLLBACK;
 *
 * Unqualified names in the model's expressions land in the stand-in for
 * the default schema, as they would in the database (public stays on the
 * path after it for extension types such as citext).  The texts read back
 * have the temporary names mapped back (the stand-in for the default
 * schema to public: a name the deparser qualified with it is one it
 * would qualify with public in the real database, under the same
 * search_path) and are kept beside the model's own (expr->server), which
 * lowering compares and nothing prints.  Nothing of the database is
 * touched: the temporary schemas are new and the transaction is rolled
 * back, also on error.
 */

struct ns_map {
	int n;
	const char **real; /* NULL for the default schema */
	const char **tmp;
	/* the model: "public.x" in its expressions, where x is one of its
	 * objects in the default schema, names the stand-in's x (reflected
	 * models qualify their own types so) */
	const struct schema *model;
};

/* Whether name is a type, table or view of the model's default schema. */
static bool model_default_object(const struct ns_map *m, const char *name)
{
	return schema_find_enum(m->model, NULL, name) ||
	       schema_find_table(m->model, NULL, name) ||
	       schema_find_view(m->model, NULL, name);
}

static const char *map_to_tmp(const struct ns_map *m, const char *real)
{
	for (int i = 0; i < m->n; i++)
		if (m->real[i] ? real && !strcmp(m->real[i], real) : !real)
			return m->tmp[i];
	return real;
}

static const char *map_to_real(const struct ns_map *m, const char *tmp)
{
	for (int i = 0; i < m->n; i++)
		if (tmp && !strcmp(m->tmp[i], tmp))
			return m->real[i];
	return tmp;
}

static void add_ns(struct arena *a, struct ns_map *m, int *cap,
                   const char *real)
{
	if (!real)
		return;
	for (int i = 0; i < m->n; i++)
		if (m->real[i] && !strcmp(m->real[i], real))
			return;
	if (m->n == *cap) {
		*cap = *cap ? *cap * 2 : 8;
		const char **r = arena_alloc(a, sizeof *r * (size_t)*cap);
		const char **t = arena_alloc(a, sizeof *t * (size_t)*cap);
		if (m->n) {
			memcpy(r, m->real, sizeof *r * (size_t)m->n);
			memcpy(t, m->tmp, sizeof *t * (size_t)m->n);
		}
		m->real = r, m->tmp = t;
	}
	m->real[m->n] = real;
	m->tmp[m->n] = arena_printf(a, "%s_%d", m->tmp[0], m->n);
	m->n++;
}

/* Appends name as PostgreSQL's quote_identifier would write it (bare
 * when plain and not reserved). */
static void put_pg_ident(struct strbuf *out, const char *name)
{
	if (is_plain(name))
		strbuf_puts(out, name);
	else
		emit_ident(out, name);
}

/*
 * Rewrites the schema qualifiers of text: every identifier that is
 * followed by a dot and names a schema of the map (from's side) becomes
 * the other side's name.  to_real: temporary -> real (the default
 * schema's stand-in becomes public), else real -> temporary.  Everything
 * else is kept byte for byte.  Returns arena memory.
 */
static const char *map_qualifiers(struct arena *a, const struct ns_map *m,
                                  const char *text, bool to_real)
{
	if (!text)
		return NULL;
	struct strbuf sb = STRBUF_INIT;
	const char *p = text, *done = text;
	bool changed = false;
	for (;;) {
		struct tok t = next_tok(&p);
		if (t.kind == TOK_END)
			break;
		if (t.kind != TOK_WORD && t.kind != TOK_QIDENT)
			continue;
		const char *q = p;
		if (next_tok(&q).kind != TOK_DOT)
			continue;
		char *name = tok_ident(a, &t);
		const char *repl = NULL;
		for (int i = 0; i < m->n && !repl; i++) {
			if (to_real && !strcmp(m->tmp[i], name))
				repl = m->real[i] ? m->real[i] : "public";
			else if (!to_real && m->real[i] &&
			         !strcmp(m->real[i], name))
				repl = m->tmp[i];
		}
		if (!repl && !to_real && !strcmp(name, "public")) {
			struct tok obj = next_tok(&q);
			if ((obj.kind == TOK_WORD || obj.kind == TOK_QIDENT) &&
			    model_default_object(m, tok_ident(a, &obj)))
				repl = m->tmp[0];
		}
		if (!repl)
			continue;
		strbuf_add(&sb, done, (size_t)(t.p - done));
		put_pg_ident(&sb, repl);
		done = t.p + t.len;
		changed = true;
	}
	if (!changed) {
		strbuf_free(&sb);
		return text;
	}
	strbuf_puts(&sb, done);
	char *r = strbuf_arena_copy(&sb, a);
	strbuf_free(&sb);
	return r;
}

static struct expr *map_expr(struct arena *a, const struct ns_map *m,
                             const struct expr *e, bool to_real)
{
	if (!e)
		return NULL;
	struct expr *c = arena_alloc(a, sizeof *c);
	*c = *e;
	c->text = map_qualifiers(a, m, e->text, to_real);
	return c;
}

/* Whether text (an expression) names the identifier name. */
static bool names(struct arena *a, const char *text, const char *name)
{
	const char *p = text;
	for (struct tok t = next_tok(&p); t.kind != TOK_END; t = next_tok(&p))
		if ((t.kind == TOK_WORD || t.kind == TOK_QIDENT) &&
		    !strcmp(tok_ident(a, &t), name))
			return true;
	return false;
}

/* Whether a view of sc names table t (a guess from its words, enough to
 * give the view the table it reads). */
static bool read_by_view(struct arena *a, const struct schema *sc,
                         const struct table *t)
{
	for (int i = 0; i < sc->nviews; i++)
		if (sc->views[i]->query && sc->views[i]->query->text &&
		    names(a, sc->views[i]->query->text, t->name.name))
			return true;
	return false;
}

/* Whether an index has an expression or a predicate: the server's
 * spelling of those is wanted, plain column lists are not. */
static bool has_expression(const struct index *ix)
{
	if (ix->where)
		return true;
	for (int k = 0; k < ix->nelems; k++)
		if (ix->elems[k].expr)
			return true;
	return false;
}

/* Whether column c of t is named by one of the table's expressions that
 * the probe keeps (checks, generated columns, index expressions). */
static bool column_named(struct arena *a, const struct table *t,
                         const struct column *c)
{
	for (int i = 0; i < t->ncons; i++)
		if (t->cons[i]->kind == CON_CHECK && t->cons[i]->check &&
		    names(a, t->cons[i]->check->text, c->name))
			return true;
	for (int i = 0; i < t->ncols; i++)
		if (t->cols[i]->generated &&
		    names(a, t->cols[i]->generated->text, c->name))
			return true;
	for (int i = 0; i < t->nindexes; i++) {
		const struct index *ix = t->indexes[i];
		if (!has_expression(ix))
			continue; /* not in the probe */
		if (ix->where && names(a, ix->where->text, c->name))
			return true;
		for (int k = 0; k < ix->nelems; k++) {
			const struct index_elem *e = &ix->elems[k];
			if (e->column ? !strcmp(e->column, c->name)
			              : names(a, e->expr->text, c->name))
				return true;
		}
	}
	return false;
}

/*
 * The probe: what the server must create to spell the model's
 * expressions, and no more (creating a whole large model took seconds and
 * a lock per relation).  A table with generated columns, index
 * expressions or predicates, or read by a view, stands as itself (same
 * names, so the texts read back match the model's objects), with its
 * checks, those indexes, the columns they name (all of them for a view)
 * and its defaults; no keys, identities or comments.  Every other
 * table's defaults and checks go to a few shared tables: a default's
 * spelling depends only on its type and text (one column per distinct
 * pair), a check's on its text and the types of the columns it names
 * (a shared table holds each name with one type).
 */
struct probe {
	struct schema *sc; /* the copy emit_schema creates */
	int nshared, capshared;
	struct shared {
		struct table *t;
		const char **types; /* the spelled type of each column */
	} * *shared;
	int nkeys, capkeys;
	const char **keys; /* "type\ttext" of shared default i */
	int nuses, capuses;
	struct probe_use {
		struct expr *model; /* gets the server's text */
		const struct table *table;
		const char *name; /* its column (a default) or check */
		bool check;
	} * uses;
};

/* Columns per shared table (PostgreSQL allows 1,600). */
enum { PROBE_WIDTH = 1000 };

static struct shared *new_shared(struct session *s, struct probe *pr,
                                 const struct ns_map *m)
{
	struct arena *a = s->arena;
	struct shared *sh = arena_alloc(a, sizeof *sh);
	sh->t = arena_alloc(a, sizeof *sh->t);
	sh->t->name.schema = m->tmp[0];
	sh->t->name.name = arena_printf(a, "%s_p%d", m->tmp[0], pr->nshared);
	sh->t->cols = arena_alloc(a, sizeof *sh->t->cols * PROBE_WIDTH);
	sh->types = arena_alloc(a, sizeof *sh->types * PROBE_WIDTH);
	ARENA_PUSH(a, pr->shared, pr->nshared, pr->capshared, sh);
	ARENA_PUSH(a, pr->sc->tables, pr->sc->ntables, pr->sc->captables,
	           sh->t);
	return sh;
}

/* c's type as the probe compares it: spelled, with its collation. */
static const char *probe_type(struct session *s, const struct column *c)
{
	const char *ty = emit_type(s, &c->type);
	return c->collation
	           ? arena_printf(s->arena, "%s collate %s", ty, c->collation)
	           : ty;
}

/* The index of the column named name in sh, or -1. */
static int shared_find(const struct shared *sh, const char *name)
{
	for (int i = 0; i < sh->t->ncols; i++)
		if (!strcmp(sh->t->cols[i]->name, name))
			return i;
	return -1;
}

/* Adds a bare copy of c (type and collation only) to sh as name. */
static struct column *shared_add(struct session *s, struct shared *sh,
                                 const struct column *c, const char *name,
                                 const char *type)
{
	struct column *col = arena_alloc(s->arena, sizeof *col);
	col->name = name;
	col->type = c->type;
	col->collation = c->collation;
	sh->types[sh->t->ncols] = type;
	sh->t->cols[sh->t->ncols++] = col;
	return col;
}

static void probe_use(struct session *s, struct probe *pr, struct expr *model,
                      const struct shared *sh, const char *name, bool check)
{
	struct probe_use u = {model, sh->t, name, check};
	ARENA_PUSH(s->arena, pr->uses, pr->nuses, pr->capuses, u);
}

/* A shared column for the default e (in the stand-in's names) of the
 * model's column c (whose default is model). */
static void share_default(struct session *s, struct probe *pr,
                          const struct ns_map *m, const struct column *c,
                          struct expr *model, const struct expr *e)
{
	struct arena *a = s->arena;
	const char *type = probe_type(s, c);
	const char *key = arena_printf(a, "%s\t%s", type, e->text);
	int i = 0;
	while (i < pr->nkeys && strcmp(pr->keys[i], key))
		i++;
	const char *name = arena_printf(a, "d%d", i);
	struct shared *sh = NULL;
	for (int k = 0; k < pr->nshared && !sh; k++)
		if (shared_find(pr->shared[k], name) >= 0 ||
		    (i == pr->nkeys && pr->shared[k]->t->ncols < PROBE_WIDTH))
			sh = pr->shared[k];
	if (!sh)
		sh = new_shared(s, pr, m);
	if (i == pr->nkeys) {
		ARENA_PUSH(a, pr->keys, pr->nkeys, pr->capkeys, key);
		struct column *col = shared_add(s, sh, c, name, type);
		col->default_expr = (struct expr *)e;
	}
	probe_use(s, pr, model, sh, name, false);
}

/* A shared table for the check k of a table whose columns are
 * all[0..nall-1] (both in the stand-in's names), the model's check being
 * model: one that has each column k names with the same type, or room
 * for it. */
static void share_check(struct session *s, struct probe *pr,
                        const struct ns_map *m, struct column *const *all,
                        int nall, const struct constraint *k,
                        struct expr *model)
{
	struct arena *a = s->arena;
	int n = 0;
	const struct column **cols =
	    arena_alloc(a, sizeof *cols * (size_t)(nall + 1));
	const char **types = arena_alloc(a, sizeof *types * (size_t)(nall + 1));
	for (int j = 0; j < nall; j++)
		if (names(a, k->check->text, all[j]->name)) {
			cols[n] = all[j];
			types[n++] = probe_type(s, all[j]);
		}
	struct shared *sh = NULL;
	for (int q = 0; q < pr->nshared && !sh; q++) {
		struct shared *c = pr->shared[q];
		int add = 0;
		bool fits = true;
		for (int j = 0; j < n && fits; j++) {
			int at = shared_find(c, cols[j]->name);
			fits = at < 0 || !strcmp(c->types[at], types[j]);
			add += at < 0;
		}
		if (fits && c->t->ncols + add <= PROBE_WIDTH)
			sh = c;
	}
	if (!sh)
		sh = new_shared(s, pr, m);
	for (int j = 0; j < n; j++)
		if (shared_find(sh, cols[j]->name) < 0)
			shared_add(s, sh, cols[j], cols[j]->name, types[j]);
	struct constraint *c = arena_alloc(a, sizeof *c);
	*c = *k;
	c->name = arena_printf(a, "k%d", pr->nuses);
	ARENA_PUSH(a, sh->t->cons, sh->t->ncons, sh->t->capcons, c);
	probe_use(s, pr, model, sh, c->name, true);
}

/* A copy of the model with every schema renamed to its stand-in (see
 * above), cut down to the probe, for emit_schema.  Shares what it does
 * not change. */
static struct schema *probe_copy(struct session *s, const struct schema *sc,
                                 const struct ns_map *m, struct probe *pr)
{
	struct arena *a = s->arena;
	struct schema *c = arena_alloc(a, sizeof *c);
	*c = *sc;
	pr->sc = c;
	c->tables =
	    arena_alloc(a, sizeof *c->tables * (size_t)(sc->ntables + 1));
	c->ntables = 0;
	c->captables = sc->ntables + 1;
	enum dialect saved = s->dialect;
	s->dialect = DIALECT_POSTGRESQL; /* emit_type's spelling */
	for (int i = 0; i < sc->ntables; i++) {
		const struct table *o = sc->tables[i];
		bool whole = read_by_view(a, sc, o);
		bool itself = whole;
		for (int j = 0; j < o->ncols && !itself; j++)
			itself = o->cols[j]->generated != NULL;
		for (int j = 0; j < o->nindexes && !itself; j++)
			itself = has_expression(o->indexes[j]);
		struct table *t = arena_alloc(a, sizeof *t);
		*t = *o;
		t->comment = NULL;
		t->name.schema =
		    o->name.schema ? map_to_tmp(m, o->name.schema) : NULL;
		t->cols =
		    arena_alloc(a, sizeof *t->cols * (size_t)(o->ncols + 1));
		t->ncols = 0;
		struct column **all =
		    arena_alloc(a, sizeof *all * (size_t)(o->ncols + 1));
		for (int j = 0; j < o->ncols; j++) {
			struct column *col = all[j] =
			    arena_alloc(a, sizeof *col);
			*col = *o->cols[j];
			col->comment = NULL;
			col->identity = IDENTITY_NONE;
			col->autoincrement = false;
			if (col->type.schema &&
			    (col->type.kind == TYPE_ENUM ||
			     col->type.kind == TYPE_EXTERNAL))
				col->type.schema =
				    map_to_tmp(m, col->type.schema);
			col->default_expr =
			    map_expr(a, m, col->default_expr, false);
			col->generated = map_expr(a, m, col->generated, false);
			if (!itself && col->default_expr)
				share_default(s, pr, m, col,
				              o->cols[j]->default_expr,
				              col->default_expr);
			if (itself &&
			    (whole || col->default_expr || col->generated ||
			     column_named(a, o, o->cols[j])))
				t->cols[t->ncols++] = col;
		}
		t->cons =
		    arena_alloc(a, sizeof *t->cons * (size_t)(o->ncons + 1));
		t->ncons = 0;
		for (int j = 0; j < o->ncons; j++) {
			if (o->cons[j]->kind != CON_CHECK)
				continue;
			struct constraint *k = arena_alloc(a, sizeof *k);
			*k = *o->cons[j];
			k->check = map_expr(a, m, k->check, false);
			if (itself)
				t->cons[t->ncons++] = k;
			else
				share_check(s, pr, m, all, o->ncols, k,
				            o->cons[j]->check);
		}
		if (!itself)
			continue;
		t->indexes = arena_alloc(a, sizeof *t->indexes *
		                                (size_t)(o->nindexes + 1));
		t->nindexes = 0;
		for (int j = 0; j < o->nindexes; j++) {
			if (!has_expression(o->indexes[j]))
				continue;
			struct index *ix = arena_alloc(a, sizeof *ix);
			*ix = *o->indexes[j];
			ix->unique = false; /* no rows: nothing to enforce */
			ix->where = map_expr(a, m, ix->where, false);
			ix->elems = arena_alloc(
			    a, sizeof *ix->elems * (size_t)(ix->nelems + 1));
			for (int k = 0; k < ix->nelems; k++) {
				ix->elems[k] = o->indexes[j]->elems[k];
				ix->elems[k].expr =
				    map_expr(a, m, ix->elems[k].expr, false);
			}
			t->indexes[t->nindexes++] = ix;
		}
		c->tables[c->ntables++] = t;
	}
	s->dialect = saved;
	c->enums = arena_alloc(a, sizeof *c->enums * (size_t)(sc->nenums + 1));
	for (int i = 0; i < sc->nenums; i++) {
		struct enum_type *e = arena_alloc(a, sizeof *e);
		*e = *sc->enums[i];
		if (e->name.schema)
			e->name.schema = map_to_tmp(m, e->name.schema);
		c->enums[i] = e;
	}
	c->views = arena_alloc(a, sizeof *c->views * (size_t)(sc->nviews + 1));
	for (int i = 0; i < sc->nviews; i++) {
		struct view *v = arena_alloc(a, sizeof *v);
		*v = *sc->views[i];
		if (v->name.schema)
			v->name.schema = map_to_tmp(m, v->name.schema);
		v->query = map_expr(a, m, v->query, false);
		c->views[i] = v;
	}
	/* external types stay where the database has them */
	schema_sort(c);
	return c;
}

/* Gives *dst the server's spelling (src), mapped back to real schema
 * names, beside the model's own: lowering compares the server's, the
 * model's is what ops and scripts print.  Nothing when either is
 * absent. */
static void take_text(struct arena *a, const struct ns_map *m, struct expr *dst,
                      const struct expr *src)
{
	if (!dst || !src || !src->text)
		return;
	dst->server = map_qualifiers(a, m, src->text, true);
}

static bool is_tmp(const struct ns_map *m, const char *schema)
{
	for (int i = 0; schema && i < m->n; i++)
		if (!strcmp(m->tmp[i], schema))
			return true;
	return false;
}

/* Copies the server's texts from the reflected probe onto model. */
static void take_texts(struct session *s, const struct ns_map *m,
                       const struct probe *pr, struct schema *model,
                       const struct schema *got)
{
	struct arena *a = s->arena;
	for (int i = 0; i < pr->nuses; i++) {
		const struct probe_use *u = &pr->uses[i];
		struct table *g =
		    schema_find_table(got, m->tmp[0], u->table->name.name);
		if (!g)
			continue;
		if (u->check) {
			struct constraint *k =
			    table_find_constraint(g, u->name);
			if (k)
				take_text(a, m, u->model, k->check);
		} else {
			struct column *c = table_find_column(g, u->name);
			if (c)
				take_text(a, m, u->model, c->default_expr);
		}
	}
	for (int i = 0; i < got->ntables; i++) {
		const struct table *g = got->tables[i];
		if (!is_tmp(m, g->name.schema))
			continue; /* the database's own */
		struct table *t = schema_find_table(
		    model, map_to_real(m, g->name.schema), g->name.name);
		if (!t)
			continue;
		for (int j = 0; j < g->ncols; j++) {
			struct column *c =
			    table_find_column(t, g->cols[j]->name);
			if (!c)
				continue;
			take_text(a, m, c->default_expr,
			          g->cols[j]->default_expr);
			take_text(a, m, c->generated, g->cols[j]->generated);
		}
		for (int j = 0; j < g->ncons; j++) {
			struct constraint *k =
			    table_find_constraint(t, g->cons[j]->name);
			if (k && k->kind == CON_CHECK &&
			    g->cons[j]->kind == CON_CHECK)
				take_text(a, m, k->check, g->cons[j]->check);
		}
		for (int j = 0; j < g->nindexes; j++) {
			const struct index *gx = g->indexes[j];
			struct index *ix = table_find_index(t, gx->name);
			if (!ix)
				continue;
			take_text(a, m, ix->where, gx->where);
			for (int k = 0; k < ix->nelems && k < gx->nelems; k++) {
				struct index_elem *e = &ix->elems[k];
				const struct index_elem *ge = &gx->elems[k];
				if (e->column || !e->expr)
					continue;
				if (ge->expr) {
					take_text(a, m, e->expr, ge->expr);
				} else if (ge->column) {
					/* the server saw a bare column */
					e->column = ge->column;
					e->expr = NULL;
				}
			}
		}
	}
	for (int i = 0; i < got->nviews; i++) {
		const struct view *g = got->views[i];
		if (!is_tmp(m, g->name.schema))
			continue;
		struct view *v = schema_find_view(
		    model, map_to_real(m, g->name.schema), g->name.name);
		if (v)
			take_text(a, m, v->query, g->query);
	}
}

int lower_normalize_pg(struct session *s, struct db *db, struct schema *model)
{
	struct arena *a = s->arena;
	enum dialect saved = s->dialect;
	struct ns_map m = {0, NULL, NULL, model};
	int cap = 0;
	/* the stand-in of the default schema first (index 0) */
	cap = 8;
	m.real = arena_alloc(a, sizeof *m.real * (size_t)cap);
	m.tmp = arena_alloc(a, sizeof *m.tmp * (size_t)cap);
	m.real[0] = NULL;
	m.tmp[0] = arena_printf(a, "retort_norm_%ld", (long)getpid());
	m.n = 1;
	for (int i = 0; i < model->ntables; i++) {
		add_ns(a, &m, &cap, model->tables[i]->name.schema);
		for (int j = 0; j < model->tables[i]->ncons; j++)
			add_ns(a, &m, &cap,
			       model->tables[i]->cons[j]->ref_table.schema);
	}
	for (int i = 0; i < model->nenums; i++)
		add_ns(a, &m, &cap, model->enums[i]->name.schema);
	for (int i = 0; i < model->nviews; i++)
		add_ns(a, &m, &cap, model->views[i]->name.schema);

	struct strbuf sql = STRBUF_INIT;
	strbuf_puts(&sql, "CREATE SCHEMA ");
	emit_ident(&sql, m.tmp[0]);
	strbuf_puts(&sql, ";\nSET LOCAL search_path = ");
	emit_ident(&sql, m.tmp[0]);
	strbuf_puts(&sql, ", public;\n");
	s->dialect = DIALECT_POSTGRESQL;
	struct probe pr = {0};
	int rc = emit_schema(s, probe_copy(s, model, &m, &pr), 0, NULL, &sql);
	s->dialect = saved;
	if (rc < 0) {
		strbuf_free(&sql);
		return -1;
	}
	if (db_exec(s, db, "BEGIN") < 0) {
		strbuf_free(&sql);
		return -1;
	}
	struct schema got = {0};
	rc = db_exec(s, db, strbuf_str(&sql));
	strbuf_free(&sql);
	if (rc == 0) {
		/* only the probe's schemas: the database's own tables
		 * would double the work for nothing ("_" escaped) */
		struct strbuf pat = STRBUF_INIT;
		for (const char *p = m.tmp[0]; *p; p++) {
			if (*p == '_' || *p == '%' || *p == '\\')
				strbuf_putc(&pat, '\\');
			strbuf_putc(&pat, *p);
		}
		strbuf_putc(&pat, '%');
		s->reflect_schemas = strbuf_arena_copy(&pat, a);
		strbuf_free(&pat);
		rc = reflect_pg(s, db, &got, NULL);
		s->reflect_schemas = NULL;
	}
	if (rc < 0)
		diag_global_hint(
		    s->diag, "This happened while the server normalised the "
		             "models' expressions, in a transaction that is "
		             "rolled back.");
	if (db_exec(s, db, "ROLLBACK") < 0)
		rc = -1;
	if (rc < 0)
		return -1;
	take_texts(s, &m, &pr, model, &got);
	return 0;
}
