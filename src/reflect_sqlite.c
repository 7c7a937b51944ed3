/*
 * reflect_sqlite.c - reads a SQLite database into the portable schema
 * (reflect.h).  It sits at the start of the `reflect` and differ pipelines,
 * opposite emit_sqlite.c: whatever `retort sql --dialect sqlite` writes,
 * this file reads back to the same portable schema.
 *
 * Bulk shape (STYLE "Reflection"): four statements whatever the number of
 * tables (five on SQLite 3.37 and later, which lists shadow tables):
 * sqlite_master for every object and its CREATE text, and the PRAGMA
 * table-valued functions pragma_table_xinfo, pragma_index_list joined to
 * pragma_index_xinfo, and pragma_foreign_key_list, each joined to
 * sqlite_master for the whole database.  What SQLite keeps only in the
 * CREATE text (constraint names, CHECK constraints, AUTOINCREMENT,
 * DEFERRABLE, COLLATE, generated expressions, defaults as written, index
 * expressions and partial-index WHERE clauses, a view's query) is read
 * from that text with a small tokenizer that follows SQLite's token rules
 * ("x", [x], `x` and bare identifiers, '...' strings, numbers, blobs,
 * -- and block comments) and tracks parenthesis depth.  Expression text is
 * kept verbatim, as SQLite stores it.
 *
 * Lifting rules:
 * - Declared types, case-insensitively, blanks collapsed: retort's own
 *   spellings (emit_sqlite.c) map back exactly (INTERVAL_TEXT -> interval,
 *   JSON_TEXT -> json, JSONB_TEXT -> jsonb, UUID_TEXT -> uuid, DOUBLE ->
 *   double, REAL -> real...); common foreign spellings too: INT, INT4,
 *   MEDIUMINT -> integer; INT2, TINYINT -> smallint; INT8, BIG INT,
 *   UNSIGNED BIG INT -> bigint; FLOAT, FLOAT8, DOUBLE PRECISION -> double;
 *   FLOAT4 -> real; DECIMAL(p,s) -> numeric(p,s); BOOL -> boolean; CLOB ->
 *   text; NVARCHAR(n), CHARACTER VARYING(n), VARYING CHARACTER(n) ->
 *   varchar(n); CHARACTER(n), NCHAR(n), NATIVE CHARACTER(n) -> char(n);
 *   DATETIME -> timestamp; TIMESTAMP WITH TIME ZONE -> timestamptz;
 *   INTERVAL -> interval; JSON, JSONB, UUID; BYTEA -> blob.  Arguments a
 *   type cannot take are dropped (MySQL's INT(11) -> integer).  No declared
 *   type is SQLite's BLOB affinity (no conversion) -> blob, which emits as
 *   BLOB with the same affinity.  Anything else goes by SQLite's affinity
 *   rules (datatype3.html 3.1), with a note: contains INT -> integer;
 *   CHAR, CLOB or TEXT -> text; BLOB -> blob; REAL, FLOA or DOUB ->
 *   double; otherwise numeric.
 * - Enums: a CHECK of exactly the shape `col IN ('a', 'b', ...)` (any
 *   spacing and quoting of col) on a text column is the enum retort writes
 *   for SQLite; it becomes an enum type and the column gets it, and the
 *   CHECK is dropped.  The enum's name is recovered from the CHECK's name
 *   by the ck naming convention with %(name) (or %(columns)) standing for
 *   the enum, as check_constraint_name builds it; a name of another shape,
 *   or no name, gives <table>_<column>.  Equal names with equal values are
 *   one enum; the same name with other values keeps the plain CHECK.
 * - Keys: the primary key from pragma_table_xinfo's pk positions, named
 *   from the CREATE text or NULL when unnamed; its columns are not null
 *   (as the checker makes them).  AUTOINCREMENT (on the column or in a
 *   table-level PRIMARY KEY (col AUTOINCREMENT)) sets the column's
 *   autoincrement.  UNIQUE constraints are the indexes of origin 'u'
 *   (their sqlite_autoindex_* names are not indexes of the schema) named
 *   from the text; indexes of origin 'c' are indexes.  Foreign keys:
 *   target table and columns resolved case-insensitively to their real
 *   names (a missing target is kept as written); no target columns means
 *   the target's primary key; NO ACTION is FK_UNSPECIFIED (the database's
 *   default, which compares equal to an action not written); DEFERRABLE
 *   and INITIALLY DEFERRED as written.
 * - Columns: defaults and generated expressions as written (DEFAULT (x)
 *   -> "x" with parens), collations dequoted as written.  A VIRTUAL
 *   generated column is kept as generated with a note (the model knows
 *   only STORED).
 * - Not modelled, one note each: triggers, virtual tables (and their
 *   shadow tables), WITHOUT ROWID and STRICT.  sqlite_* tables and the
 *   version table are left out.
 */
#include "reflect.h"

#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "strbuf.h"

/* ---- tokenizer --------------------------------------------------------- */

enum tok_kind {
	TK_IDENT,  /* bare identifier or keyword */
	TK_QIDENT, /* "x", [x] or `x` */
	TK_STRING, /* '...' */
	TK_NUMBER,
	TK_BLOB, /* x'...' */
	TK_PUNCT
};

struct tok {
	enum tok_kind kind;
	int start, end; /* byte offsets into the text */
	int depth;      /* parenthesis depth; '(' and its ')' are outside */
};

/* A token list over one SQL text; the array is reused across texts. */
struct toks {
	const char *sql;
	struct tok *v;
	int n, cap;
};

static bool ident_start(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' ||
	       c >= 0x80;
}

static bool ident_char(unsigned char c)
{
	return ident_start(c) || (c >= '0' && c <= '9') || c == '$';
}

static bool digit(unsigned char c)
{
	return c >= '0' && c <= '9';
}

/* Where a quoted token starting at p (the opening quote) ends: after the
 * closing quote, a doubled quote being part of the text (except for [x]).
 * An unterminated one runs to the end. */
static const char *skip_quoted(const char *p)
{
	char close = *p == '[' ? ']' : *p;
	for (p++; *p; p++) {
		if (*p != close)
			continue;
		if (close != ']' && p[1] == close) {
			p++;
			continue;
		}
		return p + 1;
	}
	return p;
}

static void push_tok(struct toks *tv, enum tok_kind k, int start, int end,
                     int depth)
{
	if (tv->n == tv->cap) {
		tv->cap = tv->cap ? 2 * tv->cap : 256;
		tv->v = xrealloc(tv->v, sizeof *tv->v * (size_t)tv->cap);
	}
	tv->v[tv->n++] = (struct tok){k, start, end, depth};
}

/* Splits sql into tokens by SQLite's rules (tokenize.c), dropping blanks
 * and comments. */
static void lex(struct toks *tv, const char *sql)
{
	const char *p = sql;
	int depth = 0;
	tv->sql = sql;
	tv->n = 0;
	while (*p) {
		unsigned char c = (unsigned char)*p;
		const char *b = p;
		enum tok_kind k;
		if (c == ' ' || c == '\t' || c == '\n' || c == '\r' ||
		    c == '\f' || c == '\v') {
			p++;
			continue;
		}
		if (c == '-' && p[1] == '-') {
			while (*p && *p != '\n')
				p++;
			continue;
		}
		if (c == '/' && p[1] == '*') {
			const char *e = strstr(p + 2, "*/");
			p = e ? e + 2 : p + strlen(p);
			continue;
		}
		if ((c == 'x' || c == 'X') && p[1] == '\'') {
			p = skip_quoted(p + 1);
			k = TK_BLOB;
		} else if (c == '\'') {
			p = skip_quoted(p);
			k = TK_STRING;
		} else if (c == '"' || c == '[' || c == '`') {
			p = skip_quoted(p);
			k = TK_QIDENT;
		} else if (digit(c) ||
		           (c == '.' && digit((unsigned char)p[1]))) {
			if (c == '0' && (p[1] == 'x' || p[1] == 'X')) {
				p += 2;
				while (ident_char((unsigned char)*p))
					p++;
			} else {
				while (digit((unsigned char)*p) || *p == '.' ||
				       *p == '_')
					p++;
				if ((*p == 'e' || *p == 'E') &&
				    (digit((unsigned char)p[1]) ||
				     ((p[1] == '+' || p[1] == '-') &&
				      digit((unsigned char)p[2]))))
					for (p += 2; digit((unsigned char)*p);)
						p++;
			}
			k = TK_NUMBER;
		} else if (ident_start(c)) {
			while (ident_char((unsigned char)*p))
				p++;
			k = TK_IDENT;
		} else {
			p++;
			k = TK_PUNCT;
			if (c == ')' && depth > 0)
				depth--;
		}
		push_tok(tv, k, (int)(b - sql), (int)(p - sql), depth);
		if (k == TK_PUNCT && c == '(')
			depth++;
	}
}

/* ---- a cursor over the tokens ------------------------------------------ */

struct parser {
	struct arena *a;
	const char *sql;
	const struct tok *t;
	int n;
};

static bool is_punct(const struct parser *p, int i, char c)
{
	return i < p->n && p->t[i].kind == TK_PUNCT &&
	       p->sql[p->t[i].start] == c;
}

/* Is token i the keyword kw (a bare identifier, any case)? */
static bool is_kw(const struct parser *p, int i, const char *kw)
{
	if (i >= p->n || p->t[i].kind != TK_IDENT)
		return false;
	size_t len = (size_t)(p->t[i].end - p->t[i].start);
	return strlen(kw) == len &&
	       sqlite3_strnicmp(p->sql + p->t[i].start, kw, (int)len) == 0;
}

static bool is_name_tok(const struct parser *p, int i)
{
	return i < p->n &&
	       (p->t[i].kind == TK_IDENT || p->t[i].kind == TK_QIDENT ||
	        p->t[i].kind == TK_STRING);
}

/* The closing parenthesis of the '(' at i, or p->n when unbalanced. */
static int match_paren(const struct parser *p, int i)
{
	for (int j = i + 1; j < p->n; j++)
		if (p->t[j].depth == p->t[i].depth && is_punct(p, j, ')'))
			return j;
	return p->n;
}

/* Token i as a name: quotes removed and doubled quotes undone. */
static char *tok_name(const struct parser *p, int i)
{
	const char *s = p->sql + p->t[i].start;
	int len = p->t[i].end - p->t[i].start;
	if (p->t[i].kind == TK_IDENT || p->t[i].kind == TK_NUMBER)
		return arena_strndup(p->a, s, (size_t)len);
	char q = s[0], close = q == '[' ? ']' : q;
	char *r = arena_alloc_chars(p->a, (size_t)len + 1), *o = r;
	for (int k = 1; k < len; k++) {
		if (s[k] == close) {
			if (close != ']' && k + 1 < len && s[k + 1] == close) {
				*o++ = close;
				k++;
				continue;
			}
			break;
		}
		*o++ = s[k];
	}
	*o = '\0';
	return r;
}

/* The verbatim text of tokens [from, to), or NULL when empty. */
static char *tok_text(const struct parser *p, int from, int to)
{
	if (from >= to)
		return NULL;
	return arena_strndup(p->a, p->sql + p->t[from].start,
	                     (size_t)(p->t[to - 1].end - p->t[from].start));
}

/* An expression of tokens [from, to): when one pair of parentheses wraps
 * it all, the text inside with parens set. */
static struct expr *tok_expr(const struct parser *p, int from, int to)
{
	if (from >= to)
		return NULL;
	struct expr *e = arena_alloc(p->a, sizeof *e);
	if (is_punct(p, from, '(') && match_paren(p, from) == to - 1) {
		e->parens = true;
		e->text = tok_text(p, from + 1, to - 1);
		if (!e->text)
			e->text = "";
	} else {
		e->text = tok_text(p, from, to);
	}
	return e;
}

/* A parenthesised list of names at i (each maybe followed by COLLATE x,
 * ASC/DESC or AUTOINCREMENT).  Returns the index after ')', or -1. */
static int name_list(const struct parser *p, int i, int *n, const char ***out,
                     bool *autoinc)
{
	if (!is_punct(p, i, '('))
		return -1;
	int close = match_paren(p, i), depth = p->t[i].depth + 1, cap = 0;
	*n = 0;
	*out = NULL;
	bool want = true;
	for (int j = i + 1; j < close; j++) {
		if (p->t[j].depth != depth)
			continue;
		if (is_punct(p, j, ',')) {
			want = true;
		} else if (want && is_name_tok(p, j)) {
			ARENA_PUSH(p->a, *out, *n, cap, tok_name(p, j));
			want = false;
		} else if (is_kw(p, j, "AUTOINCREMENT") && autoinc) {
			*autoinc = true;
		}
	}
	return close < p->n ? close + 1 : p->n;
}

/* ---- CREATE TABLE text -------------------------------------------------- */

/* A column definition as written. */
struct pcol {
	const char *name;
	struct expr *dflt;
	const char *collation;
	struct expr *generated;
};

/* A constraint as written (kind and columns as the schema's). */
struct pcon {
	enum constraint_kind kind;
	const char *name;
	int ncols;
	const char **cols; /* NULL for a column clause: col is the one */
	const char *col;
	struct expr *check;
	const char *ref_table;
	int nref;
	const char **ref_cols;
	bool deferrable, initially_deferred, autoinc, used;
};

/* A table as written; the arrays are heap memory reused from table to
 * table (only what the schema keeps goes to the arena). */
struct ptable {
	int ncols, capcols;
	struct pcol *cols;
	int ncons, capcons;
	struct pcon *cons;
	bool parsed, without_rowid, strict;
};

static bool is_column_constraint_start(const struct parser *p, int i)
{
	static const char *const kws[] = {"CONSTRAINT", "PRIMARY", "NOT",
	                                  "NULL",       "UNIQUE",  "CHECK",
	                                  "DEFAULT",    "COLLATE", "REFERENCES",
	                                  "GENERATED",  "AS"};
	for (size_t k = 0; k < sizeof kws / sizeof *kws; k++)
		if (is_kw(p, i, kws[k]))
			return true;
	return false;
}

/* Skips ON CONFLICT <resolution> at i. */
static int skip_conflict(const struct parser *p, int i)
{
	if (is_kw(p, i, "ON") && is_kw(p, i + 1, "CONFLICT"))
		return i + 3 <= p->n ? i + 3 : p->n;
	return i;
}

/* REFERENCES tbl [(cols)] [ON DELETE|UPDATE action | MATCH x |
 * [NOT] DEFERRABLE [INITIALLY DEFERRED|IMMEDIATE]]... at i (the word
 * REFERENCES) into c.  Returns the index after it. */
static int parse_references(const struct parser *p, int i, int end,
                            struct pcon *c)
{
	i++;
	if (i < end && is_name_tok(p, i)) {
		c->ref_table = tok_name(p, i++);
		if (is_punct(p, i, '.') && is_name_tok(p, i + 1)) {
			c->ref_table = tok_name(p, i + 1);
			i += 2;
		}
	}
	if (i < end && is_punct(p, i, '(')) {
		i = name_list(p, i, &c->nref, &c->ref_cols, NULL);
		if (i < 0)
			return end;
	}
	while (i < end) {
		if (is_kw(p, i, "ON") &&
		    (is_kw(p, i + 1, "DELETE") || is_kw(p, i + 1, "UPDATE"))) {
			i += 2;
			if (is_kw(p, i, "SET") || is_kw(p, i, "NO"))
				i++;
			i++;
		} else if (is_kw(p, i, "MATCH")) {
			i += 2;
		} else if (is_kw(p, i, "NOT") &&
		           is_kw(p, i + 1, "DEFERRABLE")) {
			i += 2;
		} else if (is_kw(p, i, "DEFERRABLE")) {
			c->deferrable = true;
			i++;
		} else if (is_kw(p, i, "INITIALLY")) {
			c->initially_deferred = is_kw(p, i + 1, "DEFERRED");
			i += 2;
		} else {
			break;
		}
	}
	return i < end ? i : end;
}

/* Appends a constraint as written to pt. */
static struct pcon *add_pcon(struct ptable *pt, enum constraint_kind kind,
                             const char *name)
{
	if (pt->ncons == pt->capcons) {
		pt->capcons = pt->capcons ? 2 * pt->capcons : 16;
		pt->cons =
		    xrealloc(pt->cons, sizeof *pt->cons * (size_t)pt->capcons);
	}
	pt->cons[pt->ncons] = (struct pcon){.kind = kind, .name = name};
	return &pt->cons[pt->ncons++];
}

/* A column definition in tokens [i, end). */
static void parse_column(const struct parser *p, int i, int end,
                         struct ptable *pt)
{
	struct pcol col = {.name = tok_name(p, i)};
	int depth = p->t[i].depth;
	const char *name = NULL;
	/* the declared type: pragma_table_xinfo has it */
	for (i++; i < end && !(p->t[i].depth == depth &&
	                       is_column_constraint_start(p, i));)
		i++;
	while (i < end) {
		if (is_kw(p, i, "CONSTRAINT") && i + 1 < end) {
			name = tok_name(p, i + 1);
			i += 2;
			continue;
		}
		if (is_kw(p, i, "PRIMARY") && is_kw(p, i + 1, "KEY")) {
			struct pcon *c = add_pcon(pt, CON_PRIMARY_KEY, name);
			c->ncols = 1;
			c->col = col.name;
			i += 2;
			if (is_kw(p, i, "ASC") || is_kw(p, i, "DESC"))
				i++;
			i = skip_conflict(p, i);
			if (is_kw(p, i, "AUTOINCREMENT")) {
				c->autoinc = true;
				i++;
			}
		} else if (is_kw(p, i, "NOT") && is_kw(p, i + 1, "NULL")) {
			i = skip_conflict(p, i + 2);
		} else if (is_kw(p, i, "NULL")) {
			i = skip_conflict(p, i + 1);
		} else if (is_kw(p, i, "UNIQUE")) {
			struct pcon *c = add_pcon(pt, CON_UNIQUE, name);
			c->ncols = 1;
			c->col = col.name;
			i = skip_conflict(p, i + 1);
		} else if (is_kw(p, i, "CHECK") && is_punct(p, i + 1, '(')) {
			int close = match_paren(p, i + 1);
			struct pcon *c = add_pcon(pt, CON_CHECK, name);
			c->check =
			    tok_expr(p, i + 1, close < end ? close + 1 : end);
			i = close + 1;
		} else if (is_kw(p, i, "DEFAULT") && i + 1 < end) {
			i++;
			int from = i;
			if (is_punct(p, i, '('))
				i = match_paren(p, i) + 1;
			else if (is_punct(p, i, '-') || is_punct(p, i, '+'))
				i += 2;
			else
				i++;
			col.dflt = tok_expr(p, from, i < end ? i : end);
		} else if (is_kw(p, i, "COLLATE") && i + 1 < end) {
			col.collation = tok_name(p, i + 1);
			i += 2;
		} else if (is_kw(p, i, "REFERENCES")) {
			struct pcon *c = add_pcon(pt, CON_FOREIGN_KEY, name);
			c->ncols = 1;
			c->col = col.name;
			i = parse_references(p, i, end, c);
		} else if ((is_kw(p, i, "GENERATED") &&
		            is_kw(p, i + 1, "ALWAYS") &&
		            is_kw(p, i + 2, "AS") && is_punct(p, i + 3, '(')) ||
		           (is_kw(p, i, "AS") && is_punct(p, i + 1, '('))) {
			int open = is_kw(p, i, "AS") ? i + 1 : i + 3;
			int close = match_paren(p, open);
			col.generated =
			    tok_expr(p, open, close < end ? close + 1 : end);
			i = close + 1;
			if (is_kw(p, i, "STORED") || is_kw(p, i, "VIRTUAL"))
				i++;
		} else {
			i++; /* something newer than this reader */
			continue;
		}
		name = NULL;
	}
	if (pt->ncols == pt->capcols) {
		pt->capcols = pt->capcols ? 2 * pt->capcols : 32;
		pt->cols =
		    xrealloc(pt->cols, sizeof *pt->cols * (size_t)pt->capcols);
	}
	pt->cols[pt->ncols++] = col;
}

/* Table constraints in tokens [i, end) (SQLite lets them follow each
 * other without commas). */
static void parse_table_constraints(const struct parser *p, int i, int end,
                                    struct ptable *pt)
{
	const char *name = NULL;
	while (i < end) {
		struct pcon *c = NULL;
		if (is_kw(p, i, "CONSTRAINT") && i + 1 < end) {
			name = tok_name(p, i + 1);
			i += 2;
			continue;
		}
		if (is_kw(p, i, "PRIMARY") && is_kw(p, i + 1, "KEY")) {
			c = add_pcon(pt, CON_PRIMARY_KEY, name);
			i = name_list(p, i + 2, &c->ncols, &c->cols,
			              &c->autoinc);
		} else if (is_kw(p, i, "UNIQUE")) {
			c = add_pcon(pt, CON_UNIQUE, name);
			i = name_list(p, i + 1, &c->ncols, &c->cols, NULL);
		} else if (is_kw(p, i, "CHECK") && is_punct(p, i + 1, '(')) {
			int close = match_paren(p, i + 1);
			c = add_pcon(pt, CON_CHECK, name);
			c->check =
			    tok_expr(p, i + 1, close < end ? close + 1 : end);
			i = close + 1;
		} else if (is_kw(p, i, "FOREIGN") && is_kw(p, i + 1, "KEY")) {
			c = add_pcon(pt, CON_FOREIGN_KEY, name);
			i = name_list(p, i + 2, &c->ncols, &c->cols, NULL);
			if (i >= 0 && is_kw(p, i, "REFERENCES"))
				i = parse_references(p, i, end, c);
		} else {
			i++;
			continue;
		}
		if (i < 0)
			return;
		i = skip_conflict(p, i);
		name = NULL;
	}
}

static bool is_table_constraint_start(const struct parser *p, int i)
{
	return is_kw(p, i, "CONSTRAINT") || is_kw(p, i, "PRIMARY") ||
	       is_kw(p, i, "UNIQUE") || is_kw(p, i, "CHECK") ||
	       is_kw(p, i, "FOREIGN");
}

/* Reads CREATE TABLE text into *pt, replacing what it held.  pt->parsed
 * says whether it had the expected shape. */
static void parse_create_table(struct arena *a, struct toks *tv,
                               const char *sql, struct ptable *pt)
{
	pt->ncols = pt->ncons = 0;
	pt->parsed = pt->without_rowid = pt->strict = false;
	if (!sql)
		return;
	lex(tv, sql);
	struct parser p = {a, sql, tv->v, tv->n};
	int i = 0;
	while (i < p.n && !is_punct(&p, i, '(') && !is_kw(&p, i, "AS"))
		i++;
	if (!is_punct(&p, i, '('))
		return;
	int close = match_paren(&p, i);
	for (int from = i + 1; from < close;) {
		int to = from;
		while (to < close && !(p.t[to].depth == p.t[i].depth + 1 &&
		                       is_punct(&p, to, ',')))
			to++;
		if (to > from) {
			if (is_table_constraint_start(&p, from))
				parse_table_constraints(&p, from, to, pt);
			else if (is_name_tok(&p, from))
				parse_column(&p, from, to, pt);
		}
		from = to + 1;
	}
	for (int j = close + 1; j < p.n; j++) {
		if (is_kw(&p, j, "WITHOUT") && is_kw(&p, j + 1, "ROWID"))
			pt->without_rowid = true;
		if (is_kw(&p, j, "STRICT"))
			pt->strict = true;
	}
	pt->parsed = true;
}

/* ---- CREATE INDEX and CREATE VIEW text ---------------------------------- */

/* A key element of CREATE INDEX text: the expression as written, with a
 * trailing COLLATE x and ASC/DESC left off. */
struct pelem {
	struct expr *expr;
};

/* Reads CREATE INDEX text: the key elements (*elems, *nelems) and the
 * WHERE clause.  Returns false when the text has another shape. */
static bool parse_create_index(struct arena *a, struct toks *tv,
                               const char *sql, int *nelems,
                               struct pelem **elems, struct expr **where)
{
	*nelems = 0;
	*elems = NULL;
	*where = NULL;
	if (!sql)
		return false;
	lex(tv, sql);
	struct parser p = {a, sql, tv->v, tv->n};
	int i = 0, cap = 0;
	while (i < p.n && !is_kw(&p, i, "ON"))
		i++;
	while (i < p.n && !is_punct(&p, i, '('))
		i++;
	if (i >= p.n)
		return false;
	int close = match_paren(&p, i), depth = p.t[i].depth + 1;
	for (int from = i + 1; from < close;) {
		int to = from;
		while (to < close &&
		       !(p.t[to].depth == depth && is_punct(&p, to, ',')))
			to++;
		int e = to;
		if (e > from &&
		    (is_kw(&p, e - 1, "ASC") || is_kw(&p, e - 1, "DESC")))
			e--;
		if (e - 2 > from && is_kw(&p, e - 2, "COLLATE") &&
		    p.t[e - 2].depth == depth)
			e -= 2;
		struct pelem el = {tok_expr(&p, from, e)};
		ARENA_PUSH(a, *elems, *nelems, cap, el);
		from = to + 1;
	}
	if (close + 1 < p.n && is_kw(&p, close + 1, "WHERE"))
		*where = tok_expr(&p, close + 2, p.n);
	return true;
}

/* The query of CREATE VIEW text: everything after the AS that follows
 * the name (and its optional column list), verbatim. */
static char *parse_create_view(struct arena *a, struct toks *tv,
                               const char *sql, bool *has_columns)
{
	*has_columns = false;
	if (!sql)
		return NULL;
	lex(tv, sql);
	struct parser p = {a, sql, tv->v, tv->n};
	for (int i = 0; i < p.n; i++) {
		if (is_punct(&p, i, '(') && p.t[i].depth == 0) {
			*has_columns = true;
			i = match_paren(&p, i);
			continue;
		}
		if (is_kw(&p, i, "AS") && p.t[i].depth == 0) {
			int end = p.n;
			while (end > i + 1 && is_punct(&p, end - 1, ';'))
				end--;
			return tok_text(&p, i + 1, end);
		}
	}
	return NULL;
}

/* ---- types -------------------------------------------------------------- */

/* Declared types SQLite databases commonly use, upper case with single
 * blanks, sorted by strcmp for bsearch. */
static const struct decl_type {
	const char *spelling;
	enum type_kind kind;
} decl_types[] = {
    {"BIG INT", TYPE_BIGINT},
    {"BIGINT", TYPE_BIGINT},
    {"BLOB", TYPE_BLOB},
    {"BOOL", TYPE_BOOLEAN},
    {"BOOLEAN", TYPE_BOOLEAN},
    {"BYTEA", TYPE_BLOB},
    {"CHAR", TYPE_CHAR},
    {"CHARACTER", TYPE_CHAR},
    {"CHARACTER VARYING", TYPE_VARCHAR},
    {"CLOB", TYPE_TEXT},
    {"DATE", TYPE_DATE},
    {"DATETIME", TYPE_TIMESTAMP},
    {"DECIMAL", TYPE_NUMERIC},
    {"DOUBLE", TYPE_DOUBLE},
    {"DOUBLE PRECISION", TYPE_DOUBLE},
    {"FLOAT", TYPE_DOUBLE},
    {"FLOAT4", TYPE_REAL},
    {"FLOAT8", TYPE_DOUBLE},
    {"INT", TYPE_INTEGER},
    {"INT2", TYPE_SMALLINT},
    {"INT4", TYPE_INTEGER},
    {"INT8", TYPE_BIGINT},
    {"INTEGER", TYPE_INTEGER},
    {"INTERVAL", TYPE_INTERVAL},
    {"INTERVAL_TEXT", TYPE_INTERVAL},
    {"JSON", TYPE_JSON},
    {"JSONB", TYPE_JSONB},
    {"JSONB_TEXT", TYPE_JSONB},
    {"JSON_TEXT", TYPE_JSON},
    {"MEDIUMINT", TYPE_INTEGER},
    {"NATIVE CHARACTER", TYPE_CHAR},
    {"NCHAR", TYPE_CHAR},
    {"NUM", TYPE_NUMERIC}, /* CREATE TABLE AS SELECT's spelling */
    {"NUMERIC", TYPE_NUMERIC},
    {"NVARCHAR", TYPE_VARCHAR},
    {"REAL", TYPE_REAL},
    {"SMALLINT", TYPE_SMALLINT},
    {"TEXT", TYPE_TEXT},
    {"TIME", TYPE_TIME},
    {"TIME WITHOUT TIME ZONE", TYPE_TIME},
    {"TIMESTAMP", TYPE_TIMESTAMP},
    {"TIMESTAMP WITH TIME ZONE", TYPE_TIMESTAMPTZ},
    {"TIMESTAMP WITHOUT TIME ZONE", TYPE_TIMESTAMP},
    {"TIMESTAMPTZ", TYPE_TIMESTAMPTZ},
    {"TINYINT", TYPE_SMALLINT},
    {"UNSIGNED BIG INT", TYPE_BIGINT},
    {"UUID", TYPE_UUID},
    {"UUID_TEXT", TYPE_UUID},
    {"VARCHAR", TYPE_VARCHAR},
    {"VARYING CHARACTER", TYPE_VARCHAR},
};

static int cmp_decl_type(const void *key, const void *elem)
{
	return strcmp(key, ((const struct decl_type *)elem)->spelling);
}

static bool contains_ci(const char *s, const char *word)
{
	size_t n = strlen(word);
	for (; *s; s++)
		if (sqlite3_strnicmp(s, word, (int)n) == 0)
			return true;
	return false;
}

/* SQLite's affinity of a declared type (datatype3.html 3.1), as the
 * portable type of that affinity. */
static enum type_kind affinity_kind(const char *decl)
{
	if (contains_ci(decl, "INT"))
		return TYPE_INTEGER;
	if (contains_ci(decl, "CHAR") || contains_ci(decl, "CLOB") ||
	    contains_ci(decl, "TEXT"))
		return TYPE_TEXT;
	if (!*decl || contains_ci(decl, "BLOB"))
		return TYPE_BLOB;
	if (contains_ci(decl, "REAL") || contains_ci(decl, "FLOA") ||
	    contains_ci(decl, "DOUB"))
		return TYPE_DOUBLE;
	return TYPE_NUMERIC;
}

/*
 * The portable type of a declared type: words upper-cased and joined by
 * one blank, then an optional (n) or (p, s).  *by_affinity is set when the
 * spelling is not one of decl_types and SQLite's affinity decided.
 */
static struct type map_type(struct toks *tv, const char *decl,
                            bool *by_affinity)
{
	struct type t = {.kind = TYPE_BLOB};
	char words[64];
	size_t wl = 0;
	int nargs = 0, args[2] = {0, 0};
	bool ok = true;
	*by_affinity = false;
	if (!decl || !*decl)
		goto done;
	lex(tv, decl);
	int i = 0;
	for (; i < tv->n && tv->v[i].kind == TK_IDENT; i++) {
		size_t len = (size_t)(tv->v[i].end - tv->v[i].start);
		if (wl + len + 2 > sizeof words) {
			ok = false;
			break;
		}
		if (wl)
			words[wl++] = ' ';
		for (size_t k = 0; k < len; k++) {
			char c = decl[tv->v[i].start + (int)k];
			words[wl++] = (char)(c >= 'a' && c <= 'z' ? c - 32 : c);
		}
	}
	words[wl] = '\0';
	if (ok && i < tv->n && decl[tv->v[i].start] == '(') {
		/* (n) or (p, s), maybe signed */
		for (i++; i < tv->n && ok; i++) {
			char c = decl[tv->v[i].start];
			if (tv->v[i].kind == TK_NUMBER && nargs < 2)
				args[nargs++] = atoi(decl + tv->v[i].start);
			else if (c == ')' && tv->v[i].kind == TK_PUNCT)
				break;
			else if (!(tv->v[i].kind == TK_PUNCT &&
			           (c == ',' || c == '+' || c == '-')))
				ok = false;
		}
		if (i < tv->n)
			i++;
	}
	const struct decl_type *d = NULL;
	if (ok && wl && i == tv->n)
		d = bsearch(words, decl_types,
		            sizeof decl_types / sizeof *decl_types,
		            sizeof *decl_types, cmp_decl_type);
	if (d) {
		t.kind = d->kind;
	} else {
		t.kind = affinity_kind(decl);
		*by_affinity = true;
		nargs = 0;
	}
done:
	t.name = type_names[t.kind].name;
	if (nargs <= type_names[t.kind].max_args) {
		t.nargs = nargs;
		t.args[0] = args[0];
		t.args[1] = args[1];
	}
	return t;
}

/* ---- the reflection ----------------------------------------------------- */

/* A table while it is read. */
struct rtable {
	struct table *t;
	const char *sql;
	int npk, cappk;
	int *pk; /* pk position of each column (0: not in the key) */
};

/* An index's CREATE text, by name. */
struct rindex {
	const char *name, *sql;
};

struct reflector {
	struct session *s;
	sqlite3 *db;
	struct reflect_stats *stats;
	struct schema *out;
	struct toks tv;
	struct ptable pt;
	int ntables, captables;
	struct rtable *tables; /* sorted by name (strcmp) */
	struct rtable **by_ci; /* sorted by name, case-insensitively */
	int nindexes, capindexes;
	struct rindex *indexes; /* sorted by name */
	const char **virtuals;  /* virtual tables, for shadow tables */
	int nvirtuals, capvirtuals;
	int ntriggers;
	struct strbuf without_rowid, strict, affinity;
	int nwithout_rowid, nstrict;
};

static void query_error(struct reflector *r, const char *sql)
{
	diag_global(r->s->diag, SEV_ERROR,
	            "could not read the database schema");
	diag_detail(r->s->diag, "%s", sqlite3_errmsg(r->db));
	diag_detail(r->s->diag, "query: %s", sql);
}

static sqlite3_stmt *prepare(struct reflector *r, const char *sql)
{
	sqlite3_stmt *st = NULL;
	if (r->stats)
		r->stats->queries++;
	if (sqlite3_prepare_v2(r->db, sql, -1, &st, NULL) != SQLITE_OK) {
		query_error(r, sql);
		sqlite3_finalize(st);
		return NULL;
	}
	return st;
}

/* Steps st: 1 for a row, 0 at the end, -1 on error (reported, st
 * finalized). */
static int step(struct reflector *r, sqlite3_stmt *st)
{
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		return 1;
	if (rc == SQLITE_DONE)
		return 0;
	query_error(r, sqlite3_sql(st));
	sqlite3_finalize(st);
	return -1;
}

static char *col_str(struct reflector *r, sqlite3_stmt *st, int i)
{
	const unsigned char *v = sqlite3_column_text(st, i);
	return v ? arena_strdup(r->s->arena, (const char *)v) : NULL;
}

static bool col_is(sqlite3_stmt *st, int i, const char *v)
{
	const unsigned char *x = sqlite3_column_text(st, i);
	return x && strcmp((const char *)x, v) == 0;
}

static int cmp_rtable(const void *a, const void *b)
{
	return strcmp(((const struct rtable *)a)->t->name.name,
	              ((const struct rtable *)b)->t->name.name);
}

static int cmp_rtable_ci(const void *a, const void *b)
{
	return sqlite3_stricmp((*(struct rtable *const *)a)->t->name.name,
	                       (*(struct rtable *const *)b)->t->name.name);
}

static int cmp_rindex(const void *a, const void *b)
{
	return strcmp(((const struct rindex *)a)->name,
	              ((const struct rindex *)b)->name);
}

static struct rtable *find_rtable(struct reflector *r, const char *name)
{
	if (!name || !r->ntables)
		return NULL;
	struct table key_t = {.name = {.name = name}};
	struct rtable key = {.t = &key_t};
	return bsearch(&key, r->tables, (size_t)r->ntables, sizeof key,
	               cmp_rtable);
}

/* The table SQLite would find for name (case-insensitive), or NULL. */
static struct rtable *find_rtable_ci(struct reflector *r, const char *name)
{
	if (!name || !r->ntables)
		return NULL;
	struct table key_t = {.name = {.name = name}};
	struct rtable key = {.t = &key_t}, *pk = &key;
	struct rtable **f = bsearch(&pk, r->by_ci, (size_t)r->ntables,
	                            sizeof *r->by_ci, cmp_rtable_ci);
	return f ? *f : NULL;
}

static const char *find_index_sql(struct reflector *r, const char *name)
{
	if (!r->nindexes)
		return NULL;
	struct rindex key = {.name = name};
	struct rindex *f = bsearch(&key, r->indexes, (size_t)r->nindexes,
	                           sizeof key, cmp_rindex);
	return f ? f->sql : NULL;
}

static void list_name(struct strbuf *sb, int *n, const char *name)
{
	if (*n < 5)
		strbuf_printf(sb, "%s\"%s\"", *n ? ", " : "", name);
	(*n)++;
}

static bool is_virtual_sql(const char *sql)
{
	return sql && sqlite3_strnicmp(sql, "CREATE VIRTUAL ", 15) == 0;
}

/* Is name a shadow table of one of the virtual tables (fts5's x_data,
 * rtree's x_node...)?  Used when pragma_table_list cannot say. */
static bool is_shadow_name(struct reflector *r, const char *name)
{
	for (int i = 0; i < r->nvirtuals; i++) {
		size_t n = strlen(r->virtuals[i]);
		if (sqlite3_strnicmp(name, r->virtuals[i], (int)n) == 0 &&
		    name[n] == '_')
			return true;
	}
	return false;
}

static int cmp_str_ptr(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Query 1 (and 1b): every object of the main schema with its text. */
static int read_objects(struct reflector *r)
{
	struct session *s = r->s;
	const char *sql = "SELECT type, name, sql FROM main.sqlite_master "
	                  "ORDER BY name";
	sqlite3_stmt *st = prepare(r, sql);
	if (!st)
		return -1;
	const char **shadow = NULL;
	int nshadow = 0, capshadow = 0, rc;
	if (sqlite3_libversion_number() >= 3037000) {
		/* only pragma_table_list knows shadow tables for sure */
		const char *q = "SELECT name FROM pragma_table_list "
		                "WHERE schema = 'main' AND type = 'shadow' "
		                "ORDER BY name";
		sqlite3_stmt *sh = prepare(r, q);
		if (!sh) {
			sqlite3_finalize(st);
			return -1;
		}
		while ((rc = step(r, sh)) > 0)
			ARENA_PUSH(s->arena, shadow, nshadow, capshadow,
			           col_str(r, sh, 0));
		if (rc < 0) {
			sqlite3_finalize(st);
			return -1;
		}
		sqlite3_finalize(sh);
	}
	int nvirtual = 0;
	struct strbuf vnames = STRBUF_INIT;
	while ((rc = step(r, st)) > 0) {
		const char *name = (const char *)sqlite3_column_text(st, 1);
		const char *text = (const char *)sqlite3_column_text(st, 2);
		if (!name)
			continue;
		if (col_is(st, 0, "table")) {
			if (sqlite3_strnicmp(name, "sqlite_", 7) == 0 ||
			    (s->version_table &&
			     sqlite3_stricmp(name, s->version_table) == 0))
				continue;
			if (is_virtual_sql(text)) {
				list_name(&vnames, &nvirtual, name);
				ARENA_PUSH(s->arena, r->virtuals, r->nvirtuals,
				           r->capvirtuals,
				           arena_strdup(s->arena, name));
				continue;
			}
			struct rtable rt = {0};
			rt.t = arena_alloc(s->arena, sizeof *rt.t);
			rt.t->name.name = arena_strdup(s->arena, name);
			rt.sql = text ? arena_strdup(s->arena, text) : NULL;
			ARENA_PUSH(s->arena, r->tables, r->ntables,
			           r->captables, rt);
		} else if (col_is(st, 0, "index") && text) {
			struct rindex ix = {arena_strdup(s->arena, name),
			                    arena_strdup(s->arena, text)};
			ARENA_PUSH(s->arena, r->indexes, r->nindexes,
			           r->capindexes, ix);
		} else if (col_is(st, 0, "view")) {
			bool cols;
			char *q =
			    parse_create_view(s->arena, &r->tv, text, &cols);
			if (!q) {
				diag_global(s->diag, SEV_WARNING,
				            "could not read the query of view "
				            "\"%s\"; it is left out",
				            name);
				continue;
			}
			if (cols)
				diag_global(s->diag, SEV_NOTE,
				            "view \"%s\" names its columns, "
				            "which retort does not model",
				            name);
			struct view *v = arena_alloc(s->arena, sizeof *v);
			v->name.name = arena_strdup(s->arena, name);
			v->query = arena_alloc(s->arena, sizeof *v->query);
			v->query->text = q;
			v->query->parens = true;
			ARENA_PUSH(s->arena, r->out->views, r->out->nviews,
			           r->out->capviews, v);
		} else if (col_is(st, 0, "trigger")) {
			r->ntriggers++;
		}
	}
	if (rc < 0) {
		strbuf_free(&vnames);
		return -1;
	}
	sqlite3_finalize(st);
	if (nvirtual)
		diag_global(s->diag, SEV_NOTE,
		            "skipping %d virtual table%s (%s%s), which retort "
		            "does not manage",
		            nvirtual, nvirtual == 1 ? "" : "s",
		            strbuf_str(&vnames), nvirtual > 5 ? ", ..." : "");
	strbuf_free(&vnames);

	/* leave out the shadow tables of virtual tables */
	int keep = 0;
	for (int i = 0; i < r->ntables; i++) {
		const char *n = r->tables[i].t->name.name;
		bool sh = false;
		if (sqlite3_libversion_number() >= 3037000) {
			/* in strcmp order: ORDER BY uses BINARY */
			sh =
			    nshadow > 0 && bsearch(&n, shadow, (size_t)nshadow,
			                           sizeof *shadow, cmp_str_ptr);
		} else {
			sh = is_shadow_name(r, n);
		}
		if (!sh)
			r->tables[keep++] = r->tables[i];
	}
	r->ntables = keep;
	if (r->ntables > 1)
		qsort(r->tables, (size_t)r->ntables, sizeof *r->tables,
		      cmp_rtable);
	if (r->nindexes > 1)
		qsort(r->indexes, (size_t)r->nindexes, sizeof *r->indexes,
		      cmp_rindex);
	r->by_ci =
	    arena_alloc(s->arena, sizeof *r->by_ci * (size_t)(r->ntables + 1));
	for (int i = 0; i < r->ntables; i++)
		r->by_ci[i] = &r->tables[i];
	if (r->ntables > 1)
		qsort(r->by_ci, (size_t)r->ntables, sizeof *r->by_ci,
		      cmp_rtable_ci);
	return 0;
}

/* The tables the pragma queries read: ordinary tables of the main schema
 * (a virtual table's module may be missing, and pragma_table_xinfo would
 * fail on it). */
#define REAL_TABLES                                                      \
	"m.type = 'table' AND m.name NOT LIKE 'sqlite\\_%' ESCAPE '\\' " \
	"AND coalesce(m.sql, '') NOT LIKE 'CREATE VIRTUAL %'"

/* Query 2: the columns of every table, in order. */
static int read_columns(struct reflector *r)
{
	struct session *s = r->s;
	const char *sql =
	    "SELECT m.name, p.name, p.type, p.\"notnull\", p.dflt_value, "
	    "p.pk, p.hidden FROM main.sqlite_master AS m"
	    " JOIN pragma_table_xinfo(m.name, 'main') AS p WHERE " REAL_TABLES
	    " ORDER BY m.name, p.cid";
	sqlite3_stmt *st = prepare(r, sql);
	if (!st)
		return -1;
	int rc;
	struct rtable *rt = NULL;
	while ((rc = step(r, st)) > 0) {
		const char *tname = (const char *)sqlite3_column_text(st, 0);
		if (!rt || strcmp(rt->t->name.name, tname ? tname : "") != 0)
			rt = find_rtable(r, tname);
		if (!rt)
			continue;
		int hidden = sqlite3_column_int(st, 6);
		if (hidden == 1)
			continue; /* a virtual table's hidden column */
		struct column *c = arena_alloc(s->arena, sizeof *c);
		c->name = col_str(r, st, 1);
		if (!c->name)
			c->name = "";
		const char *decl = (const char *)sqlite3_column_text(st, 2);
		bool by_affinity;
		c->type = map_type(&r->tv, decl, &by_affinity);
		if (by_affinity && decl && *decl) {
			/* one note per distinct spelling */
			char *key = arena_printf(s->arena, "\n%s\n", decl);
			if (!strstr(strbuf_str(&r->affinity), key)) {
				strbuf_puts(&r->affinity, key);
				diag_global(
				    s->diag, SEV_NOTE,
				    "declared type \"%s\" is read as %s "
				    "(its SQLite affinity)",
				    decl, c->type.name);
			}
		}
		int pk = sqlite3_column_int(st, 5);
		c->not_null = sqlite3_column_int(st, 3) != 0 || pk > 0;
		const char *dflt = (const char *)sqlite3_column_text(st, 4);
		if (dflt) {
			c->default_expr =
			    arena_alloc(s->arena, sizeof *c->default_expr);
			c->default_expr->text = arena_strdup(s->arena, dflt);
		}
		if (hidden == 2 || hidden == 3) {
			/* the expression comes from the CREATE text */
			c->generated =
			    arena_alloc(s->arena, sizeof *c->generated);
			c->generated->parens = true;
			if (hidden == 2)
				diag_global(s->diag, SEV_NOTE,
				            "column \"%s\".\"%s\" is a VIRTUAL "
				            "generated column, which retort "
				            "models as STORED",
				            rt->t->name.name, c->name);
		}
		ARENA_PUSH(s->arena, rt->t->cols, rt->t->ncols, rt->t->capcols,
		           c);
		ARENA_PUSH(s->arena, rt->pk, rt->npk, rt->cappk, pk);
	}
	if (rc < 0)
		return -1;
	sqlite3_finalize(st);
	/* the primary keys, in key order */
	for (int i = 0; i < r->ntables; i++) {
		struct rtable *x = &r->tables[i];
		int n = 0;
		for (int j = 0; j < x->npk; j++)
			n += x->pk[j] > 0;
		if (!n)
			continue;
		struct constraint *k = arena_alloc(s->arena, sizeof *k);
		k->kind = CON_PRIMARY_KEY;
		k->ncols = n;
		k->cols = arena_alloc(s->arena, sizeof *k->cols * (size_t)n);
		for (int j = 0; j < x->npk; j++)
			if (x->pk[j] > 0 && x->pk[j] <= n)
				k->cols[x->pk[j] - 1] = x->t->cols[j]->name;
		for (int j = 0; j < n; j++)
			if (!k->cols[j])
				k->cols[j] = "";
		ARENA_PUSH(s->arena, x->t->cons, x->t->ncons, x->t->capcons, k);
	}
	return 0;
}

/* Finishes the index or UNIQUE constraint read so far. */
static void flush_index(struct reflector *r, struct rtable *rt,
                        const char *origin, struct index *ix)
{
	struct session *s = r->s;
	if (!rt || !ix)
		return;
	if (!strcmp(origin, "u")) {
		struct constraint *k = arena_alloc(s->arena, sizeof *k);
		k->kind = CON_UNIQUE;
		k->ncols = ix->nelems;
		k->cols = arena_alloc(s->arena, sizeof *k->cols *
		                                    (size_t)(ix->nelems + 1));
		for (int i = 0; i < ix->nelems; i++)
			k->cols[i] =
			    ix->elems[i].column ? ix->elems[i].column : "";
		ARENA_PUSH(s->arena, rt->t->cons, rt->t->ncons, rt->t->capcons,
		           k);
		return;
	}
	if (strcmp(origin, "c") != 0)
		return; /* the primary key's index: the key itself says it */
	ARENA_PUSH(s->arena, rt->t->indexes, rt->t->nindexes, rt->t->capindexes,
	           ix);
}

/* Query 3: indexes and their key columns. */
static int read_indexes(struct reflector *r)
{
	struct session *s = r->s;
	const char *sql =
	    "SELECT m.name, il.name, il.\"unique\", il.origin, il.partial, "
	    "ii.cid, ii.name, ii.\"desc\" FROM main.sqlite_master AS m"
	    " JOIN pragma_index_list(m.name, 'main') AS il"
	    " JOIN pragma_index_xinfo(il.name, 'main') AS ii WHERE " REAL_TABLES
	    " AND ii.\"key\" ORDER BY m.name, il.name, ii.seqno";
	sqlite3_stmt *st = prepare(r, sql);
	if (!st)
		return -1;
	int rc, cap = 0;
	struct rtable *rt = NULL;
	struct index *ix = NULL;
	char origin[4] = "";
	while ((rc = step(r, st)) > 0) {
		const char *tname = (const char *)sqlite3_column_text(st, 0);
		const char *iname = (const char *)sqlite3_column_text(st, 1);
		if (!tname || !iname)
			continue;
		if (!ix || !rt || strcmp(rt->t->name.name, tname) != 0 ||
		    strcmp(ix->name, iname) != 0) {
			flush_index(r, rt, origin, ix);
			rt = find_rtable(r, tname);
			ix = arena_alloc(s->arena, sizeof *ix);
			ix->name = arena_strdup(s->arena, iname);
			ix->unique = sqlite3_column_int(st, 2) != 0;
			const char *o =
			    (const char *)sqlite3_column_text(st, 3);
			snprintf(origin, sizeof origin, "%s", o ? o : "");
			if (sqlite3_column_int(st, 4))
				ix->where =
				    arena_alloc(s->arena, sizeof *ix->where);
			cap = 0;
		}
		struct index_elem el = {0};
		int cid = sqlite3_column_int(st, 5);
		if (cid == -1)
			el.column = "rowid";
		else if (cid >= 0)
			el.column = col_str(r, st, 6);
		if (!el.column && cid != -2)
			el.column = "";
		el.desc = sqlite3_column_int(st, 7) != 0;
		ARENA_PUSH(s->arena, ix->elems, ix->nelems, cap, el);
	}
	if (rc < 0)
		return -1;
	flush_index(r, rt, origin, ix);
	sqlite3_finalize(st);
	return 0;
}

static enum fk_action fk_action(const char *v)
{
	if (!v)
		return FK_UNSPECIFIED;
	if (!sqlite3_stricmp(v, "RESTRICT"))
		return FK_RESTRICT;
	if (!sqlite3_stricmp(v, "CASCADE"))
		return FK_CASCADE;
	if (!sqlite3_stricmp(v, "SET NULL"))
		return FK_SET_NULL;
	if (!sqlite3_stricmp(v, "SET DEFAULT"))
		return FK_SET_DEFAULT;
	/* NO ACTION is the default: the same as not written */
	return FK_UNSPECIFIED;
}

/* Query 4: foreign keys.  A key of several columns comes as one row per
 * column with the same id; ids count from the last key written. */
static int read_foreign_keys(struct reflector *r)
{
	struct session *s = r->s;
	const char *sql =
	    "SELECT m.name, f.id, f.\"table\", f.\"from\", f.\"to\", "
	    "f.on_update, f.on_delete FROM main.sqlite_master AS m"
	    " JOIN pragma_foreign_key_list(m.name, 'main') AS f "
	    "WHERE " REAL_TABLES " ORDER BY m.name, f.id DESC, f.seq";
	sqlite3_stmt *st = prepare(r, sql);
	if (!st)
		return -1;
	int rc, cap = 0, rcap = 0, id = -1;
	struct rtable *rt = NULL;
	struct constraint *k = NULL;
	while ((rc = step(r, st)) > 0) {
		const char *tname = (const char *)sqlite3_column_text(st, 0);
		if (!tname)
			continue;
		int fid = sqlite3_column_int(st, 1);
		if (!k || !rt || strcmp(rt->t->name.name, tname) != 0 ||
		    fid != id) {
			rt = find_rtable(r, tname);
			if (!rt)
				continue;
			id = fid;
			k = arena_alloc(s->arena, sizeof *k);
			k->kind = CON_FOREIGN_KEY;
			k->ref_table.name = col_str(r, st, 2);
			if (!k->ref_table.name)
				k->ref_table.name = "";
			k->on_update =
			    fk_action((const char *)sqlite3_column_text(st, 5));
			k->on_delete =
			    fk_action((const char *)sqlite3_column_text(st, 6));
			cap = rcap = 0;
			ARENA_PUSH(s->arena, rt->t->cons, rt->t->ncons,
			           rt->t->capcons, k);
		}
		const char *from = col_str(r, st, 3);
		ARENA_PUSH(s->arena, k->cols, k->ncols, cap, from ? from : "");
		/* "to" is NULL when the key names no target columns */
		const char *to = col_str(r, st, 4);
		ARENA_PUSH(s->arena, k->ref_cols, k->nref_cols, rcap, to);
	}
	if (rc < 0)
		return -1;
	sqlite3_finalize(st);
	return 0;
}

static bool same_names_ci(int n, const char *const *a, int m,
                          const char *const *b)
{
	if (n != m)
		return false;
	for (int i = 0; i < n; i++)
		if (!a[i] || !b[i] || sqlite3_stricmp(a[i], b[i]) != 0)
			return false;
	return true;
}

/* The constraint as written that stands for k (first unused match). */
static struct pcon *match_pcon(struct ptable *pt, const struct constraint *k)
{
	for (int i = 0; i < pt->ncons; i++) {
		struct pcon *c = &pt->cons[i];
		if (c->used || c->kind != k->kind)
			continue;
		if (k->kind != CON_PRIMARY_KEY &&
		    !same_names_ci(c->ncols, c->cols ? c->cols : &c->col,
		                   k->ncols, k->cols))
			continue;
		if (k->kind == CON_FOREIGN_KEY &&
		    (!c->ref_table ||
		     sqlite3_stricmp(c->ref_table, k->ref_table.name) != 0))
			continue;
		c->used = true;
		return c;
	}
	return NULL;
}

static struct pcol *find_pcol(struct ptable *pt, int i, const char *name)
{
	if (i < pt->ncols && !sqlite3_stricmp(pt->cols[i].name, name))
		return &pt->cols[i];
	for (int j = 0; j < pt->ncols; j++)
		if (!sqlite3_stricmp(pt->cols[j].name, name))
			return &pt->cols[j];
	return NULL;
}

/* pragma_table_xinfo's default text as an expression (one pair of
 * wrapping parentheses taken off), for a column the CREATE text did not
 * explain. */
static struct expr *pragma_default(struct reflector *r, struct expr *e)
{
	lex(&r->tv, e->text);
	struct parser p = {r->s->arena, e->text, r->tv.v, r->tv.n};
	struct expr *x = tok_expr(&p, 0, p.n);
	return x ? x : e;
}

/* Completes table rt from its CREATE text and its indexes' texts. */
static void merge_table(struct reflector *r, struct rtable *rt)
{
	struct session *s = r->s;
	struct table *t = rt->t;
	struct ptable *pt = &r->pt;
	parse_create_table(s->arena, &r->tv, rt->sql, pt);
	if (!pt->parsed)
		diag_global(
		    s->diag, SEV_WARNING,
		    "could not read the definition of table \"%s\"; its "
		    "constraint names and CHECK constraints are left out",
		    t->name.name);
	if (pt->without_rowid)
		list_name(&r->without_rowid, &r->nwithout_rowid, t->name.name);
	if (pt->strict)
		list_name(&r->strict, &r->nstrict, t->name.name);

	for (int i = 0; i < t->ncols; i++) {
		struct column *c = t->cols[i];
		struct pcol *pc = find_pcol(pt, i, c->name);
		if (pc && pc->dflt)
			c->default_expr = pc->dflt;
		else if (c->default_expr)
			c->default_expr = pragma_default(r, c->default_expr);
		if (pc)
			c->collation = pc->collation;
		if (c->generated) {
			if (pc && pc->generated)
				c->generated = pc->generated;
			else /* text unreadable (warned above) */
				c->generated->text = "NULL";
			c->default_expr = NULL;
		}
	}

	for (int i = 0; i < t->ncons; i++) {
		struct constraint *k = t->cons[i];
		struct pcon *pc = match_pcon(pt, k);
		if (!pc)
			continue;
		k->name = pc->name;
		k->name_written = pc->name != NULL;
		if (k->kind == CON_PRIMARY_KEY && pc->autoinc &&
		    k->ncols == 1) {
			struct column *c = table_find_column(t, k->cols[0]);
			if (c)
				c->autoincrement = true;
		}
		if (k->kind == CON_FOREIGN_KEY) {
			k->deferrable =
			    pc->deferrable || pc->initially_deferred;
			k->initially_deferred = pc->initially_deferred;
		}
	}
	for (int i = 0; i < pt->ncons; i++) {
		struct pcon *pc = &pt->cons[i];
		if (pc->kind != CON_CHECK || !pc->check)
			continue;
		struct constraint *k = arena_alloc(s->arena, sizeof *k);
		k->kind = CON_CHECK;
		k->name = pc->name;
		k->name_written = pc->name != NULL;
		k->check = pc->check;
		ARENA_PUSH(s->arena, t->cons, t->ncons, t->capcons, k);
	}

	for (int i = 0; i < t->nindexes; i++) {
		struct index *ix = t->indexes[i];
		int nel;
		struct pelem *el;
		struct expr *where;
		const char *sql = find_index_sql(r, ix->name);
		bool ok = parse_create_index(s->arena, &r->tv, sql, &nel, &el,
		                             &where);
		bool partial = ix->where != NULL;
		if (partial) {
			/* pragma_index_list says partial: the text has it */
			ix->where = ok ? where : NULL;
			ok = ix->where != NULL;
		}
		for (int j = 0; j < ix->nelems; j++) {
			if (ix->elems[j].column)
				continue;
			if (ok && j < nel && el[j].expr)
				ix->elems[j].expr = el[j].expr;
			else
				ok = false;
		}
		if (!ok) {
			bool needed = partial;
			for (int j = 0; j < ix->nelems; j++)
				needed |= ix->elems[j].column == NULL;
			if (!needed)
				continue;
			diag_global(s->diag, SEV_WARNING,
			            "could not read the definition of index "
			            "\"%s\"; it is left out",
			            ix->name);
			for (int j = i + 1; j < t->nindexes; j++)
				t->indexes[j - 1] = t->indexes[j];
			t->nindexes--;
			i--;
		}
	}
}

/* Resolves a foreign key's target to the real names of the target table
 * and columns; no target columns means the target's primary key. */
static void resolve_foreign_key(struct reflector *r, struct constraint *k)
{
	struct rtable *target = find_rtable_ci(r, k->ref_table.name);
	struct table *t = target ? target->t : NULL;
	if (t)
		k->ref_table.name = t->name.name;
	bool written = k->nref_cols > 0;
	for (int i = 0; i < k->nref_cols; i++)
		written &= k->ref_cols[i] != NULL;
	k->ref_cols_written = written;
	if (!written) {
		const struct constraint *pk = t ? table_primary_key(t) : NULL;
		if (pk && pk->ncols == k->ncols) {
			k->nref_cols = pk->ncols;
			k->ref_cols = pk->cols;
		} else {
			k->nref_cols = 0;
			k->ref_cols = NULL;
		}
		return;
	}
	for (int i = 0; t && i < k->nref_cols; i++)
		for (int j = 0; j < t->ncols; j++)
			if (!sqlite3_stricmp(t->cols[j]->name,
			                     k->ref_cols[i])) {
				k->ref_cols[i] = t->cols[j]->name;
				break;
			}
}

/* ---- enums -------------------------------------------------------------- */

/* If check is `col IN ('a', ...)` over a text column of t with distinct
 * values, returns the column and fills the values. */
static struct column *enum_check(struct reflector *r, struct table *t,
                                 const struct expr *check, int *nvalues,
                                 const char ***values)
{
	struct session *s = r->s;
	if (!check || !check->text)
		return NULL;
	lex(&r->tv, check->text);
	struct parser p = {s->arena, check->text, r->tv.v, r->tv.n};
	if (p.n < 5 || !(p.t[0].kind == TK_IDENT || p.t[0].kind == TK_QIDENT) ||
	    !is_kw(&p, 1, "IN") || !is_punct(&p, 2, '(') ||
	    match_paren(&p, 2) != p.n - 1)
		return NULL;
	struct column *col = NULL;
	const char *cname = tok_name(&p, 0);
	for (int i = 0; i < t->ncols; i++)
		if (!sqlite3_stricmp(t->cols[i]->name, cname))
			col = t->cols[i];
	if (!col || col->type.kind != TYPE_TEXT)
		return NULL;
	int n = 0, cap = 0;
	const char **v = NULL;
	for (int i = 3; i < p.n - 1; i += 2) {
		if (p.t[i].kind != TK_STRING ||
		    !(is_punct(&p, i + 1, ',') || i + 1 == p.n - 1))
			return NULL;
		const char *x = tok_name(&p, i);
		for (int j = 0; j < n; j++)
			if (!strcmp(v[j], x))
				return NULL;
		ARENA_PUSH(s->arena, v, n, cap, x);
	}
	if (is_punct(&p, p.n - 2, ','))
		return NULL;
	*nvalues = n;
	*values = v;
	return col;
}

/* The enum name a CHECK name stands for under the ck naming convention
 * (emit.c's enum_check_name), or NULL. */
static const char *enum_name_from_check(struct reflector *r, struct table *t,
                                        const char *name)
{
	if (!name)
		return NULL;
	struct session *s = r->s;
	static const char mark[] = "\x01";
	struct constraint probe = {.kind = CON_CHECK, .inline_column = mark};
	const char *full = check_constraint_name(s, t, &probe);
	const char *m = strstr(full, mark);
	if (!m || strstr(m + 1, mark))
		return NULL;
	size_t pre = (size_t)(m - full), suf = strlen(m + 1), n = strlen(name);
	if (n <= pre + suf || strncmp(name, full, pre) != 0 ||
	    strcmp(name + n - suf, m + 1) != 0)
		return NULL;
	const char *e = arena_strndup(s->arena, name + pre, n - pre - suf);
	probe.inline_column = e;
	if (strcmp(check_constraint_name(s, t, &probe), name) != 0)
		return NULL;
	return e;
}

static bool same_values(const struct enum_type *e, int n, const char *const *v)
{
	if (e->nvalues != n)
		return false;
	for (int i = 0; i < n; i++)
		if (strcmp(e->values[i], v[i]) != 0)
			return false;
	return true;
}

/* Lifts the enum CHECKs of t (see the file comment). */
static void lift_enums(struct reflector *r, struct table *t)
{
	struct session *s = r->s;
	struct schema *out = r->out;
	int keep = 0;
	for (int i = 0; i < t->ncons; i++) {
		struct constraint *k = t->cons[i];
		int n;
		const char **v;
		struct column *col = k->kind == CON_CHECK
		                         ? enum_check(r, t, k->check, &n, &v)
		                         : NULL;
		if (!col) {
			t->cons[keep++] = k;
			continue;
		}
		const char *name = enum_name_from_check(r, t, k->name);
		if (!name)
			name = arena_printf(s->arena, "%s_%s", t->name.name,
			                    col->name);
		struct enum_type *e = schema_find_enum(out, NULL, name);
		if (e && !same_values(e, n, v)) {
			t->cons[keep++] = k;
			continue;
		}
		if (!e) {
			e = arena_alloc(s->arena, sizeof *e);
			e->name.name = name;
			e->nvalues = e->capvalues = n;
			e->values = v;
			ARENA_PUSH(s->arena, out->enums, out->nenums,
			           out->capenums, e);
		}
		col->type = (struct type){.kind = TYPE_ENUM, .name = name};
	}
	t->ncons = keep;
}

/* ---- entry points ------------------------------------------------------- */

static void notes(struct reflector *r)
{
	struct diag *d = r->s->diag;
	if (r->nwithout_rowid)
		diag_global(d, SEV_NOTE,
		            "%d table%s WITHOUT ROWID (%s%s), which retort "
		            "does not model",
		            r->nwithout_rowid,
		            r->nwithout_rowid == 1 ? " is" : "s are",
		            strbuf_str(&r->without_rowid),
		            r->nwithout_rowid > 5 ? ", ..." : "");
	if (r->nstrict)
		diag_global(d, SEV_NOTE,
		            "%d table%s STRICT (%s%s), which retort does not "
		            "model",
		            r->nstrict, r->nstrict == 1 ? " is" : "s are",
		            strbuf_str(&r->strict),
		            r->nstrict > 5 ? ", ..." : "");
	if (r->ntriggers)
		diag_global(d, SEV_NOTE,
		            "database has %d trigger%s, which retort does not "
		            "manage",
		            r->ntriggers, r->ntriggers == 1 ? "" : "s");
}

/* The reflection on the driver's handle: the main schema of db. */
static int reflect_handle(struct session *s, sqlite3 *db, struct schema *out,
                          struct reflect_stats *stats)
{
	struct reflector r = {.s = s, .db = db, .stats = stats, .out = out};
	int rc = -1;
	memset(out, 0, sizeof *out);
	if (read_objects(&r) < 0 || read_columns(&r) < 0 ||
	    read_indexes(&r) < 0 || read_foreign_keys(&r) < 0)
		goto done;
	for (int i = 0; i < r.ntables; i++)
		merge_table(&r, &r.tables[i]);
	for (int i = 0; i < r.ntables; i++) {
		struct table *t = r.tables[i].t;
		for (int j = 0; j < t->ncons; j++)
			if (t->cons[j]->kind == CON_FOREIGN_KEY)
				resolve_foreign_key(&r, t->cons[j]);
		lift_enums(&r, t);
		ARENA_PUSH(s->arena, out->tables, out->ntables, out->captables,
		           t);
	}
	schema_sort(out);
	notes(&r);
	rc = 0;
done:
	free(r.tv.v);
	free(r.pt.cols);
	free(r.pt.cons);
	strbuf_free(&r.without_rowid);
	strbuf_free(&r.strict);
	strbuf_free(&r.affinity);
	return rc;
}

int reflect_sqlite(struct session *s, struct db *db, struct schema *out,
                   struct reflect_stats *stats)
{
	sqlite3 *h = db_sqlite(db);
	if (!h) {
		diag_global(s->diag, SEV_ERROR, "not a SQLite connection");
		return -1;
	}
	return reflect_handle(s, h, out, stats);
}
