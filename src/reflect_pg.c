/*
 * reflect_pg.c - the PostgreSQL reflector: reads a live database's catalog
 * into the portable schema (reflect.h).  It sits at the start of the
 * "live database" branch of the pipeline; lower.c and the differ compare
 * what it returns with the checked models.
 *
 * pg_dump's model.  Everything is read in one REPEATABLE READ, READ ONLY
 * snapshot with search_path set to '' (so every name the server deparses
 * is schema-qualified unless it lives in pg_catalog), every catalog name
 * qualified with pg_catalog., and a fixed number of statements whatever
 * the number of tables:
 *
 *   BEGIN, the settings (search_path, no JIT, work_mem)
 *   1. relations: tables and views of the user schemas, comments, view
 *      definitions, ordered by (schema, name)
 *   2. columns   \
 *   3. constraints > of the tables of query 1, passed as one OID array and
 *   4. indexes   /  unnested WITH ORDINALITY, so each row names its table
 *                   by its position in query 1 (one pass, no lookup); key
 *                   columns come as attnums, named with query 2's rows
 *                   (no subquery per key)
 *   5. enum types and their labels in enumsortorder
 *   6. counts of the objects retort does not manage (one note)
 *   COMMIT
 *
 * Rows are put in place by their table's position in query 1 (r.ord), so
 * constraints and indexes need no ORDER BY (schema_sort orders them) and
 * columns are ordered by attnum here.  The catalog columns used need
 * PostgreSQL 12 or later (attgenerated, indnkeyatts, prokind).
 *
 * When the connection is already inside a transaction, BEGIN/COMMIT become
 * SAVEPOINT / ROLLBACK TO SAVEPOINT + RELEASE (one statement more), so the
 * caller's transaction keeps its own settings and sees the same snapshot.
 *
 * Lifting.  Names are kept exactly as stored.  Objects in schema "public"
 * (the default) get schema NULL, others their schema's name.  Types are
 * mapped back from format_type()'s text (the spellings emit_pg.c writes,
 * see there): "character varying(255)" -> varchar(255), "timestamp(3)
 * with time zone" -> timestamptz(3), "double precision" -> double, bytea
 * -> blob...; other built-ins become TYPE_NATIVE ("time with time zone"
 * -> timetz, "bit varying(n)" -> varbit(n), the rest verbatim); enums of
 * the database become TYPE_ENUM; any other type outside pg_catalog
 * (extension types such as citext, domains) becomes TYPE_EXTERNAL and is
 * declared once in schema->types.  A column whose default is
 * nextval('<a sequence owned by that column>') is a serial: autoincrement,
 * no default.  Expressions are the server's own text, never rewritten
 * here (lower.c normalises both sides for comparison):
 *
 *   defaults             pg_get_expr(adbin, 0): a default cannot refer
 *                        to a column, so this is the text that adrelid
 *                        gives, at half the cost
 *   generated            pg_get_expr(adbin, adrelid)
 *   checks               pg_get_expr(conbin, conrelid)
 *   index elements       pg_get_indexdef(indexrelid, k, true)
 *   index predicates     pg_get_expr(indpred, indrelid)
 *   views                pg_get_viewdef(oid), less leading blanks and a
 *                        trailing ';'
 *
 * A default's parens flag is set only for what the model language cannot
 * write bare (anything but a number, a string, true/false/null and
 * CURRENT_TIMESTAMP/DATE/TIME), so that `fmt` prints a model that parses.
 *
 * Left out: the system schemas (pg_catalog, information_schema, pg_toast,
 * pg_temp_*: every schema whose name starts with "pg_", a prefix users
 * cannot create), objects that belong to an extension, and the version
 * table: s->version_table in schema public (or "schema.name" when the
 * configured name has a dot), the schema the runner creates it in.  A
 * foreign key action of NO ACTION is FK_UNSPECIFIED (the model's default
 * means exactly that).  Not modelled, and reported in the one note:
 * functions, procedures, aggregates, triggers, materialized views,
 * partitioned tables and partitions, foreign tables, sequences no column
 * owns, domains, composite and range types, policies, rules, extensions,
 * inheritance, unlogged tables, statistics objects, event triggers,
 * exclusion constraints and INCLUDE columns of indexes (the index itself
 * is kept with its key columns).  Column collations are kept by name only
 * (their schema is dropped); index operator classes, per-column
 * collations and NULLS FIRST/LAST are not read.
 */
#include <libpq-fe.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "reflect.h"
#include "strbuf.h"

/*
 * The reflector behind reflect_pg, on a bare libpq connection (for tests
 * and for lower.c, which may read back a temporary schema inside its own
 * transaction).  Same contract as reflect_pg.
 */
int reflect_pg_conn(struct session *s, PGconn *conn, struct schema *out,
                    struct reflect_stats *stats);

/* A table of query 1 with the attnum of each of its columns (parallel to
 * t->cols), to turn the key numbers of constraints and indexes into
 * names without a subquery per key. */
struct rel {
	struct table *t;
	int *attnums;
	int capattnums;
};

struct pgr {
	struct session *s;
	struct arena *a;
	PGconn *conn;
	int queries;
	/* the last schema name lifted: rows come grouped by schema, so one
	 * copy serves them all */
	const char *last_nsp, *last_lifted;
	struct rel *rels; /* the tables of query 1, in its order */
	int nrels;
};

/* ---- talking to the server ------------------------------------------ */

/* Reports a failed statement: what could not be read, the server's
 * message (or libpq's, when there is no result) and the SQL on one line. */
static void report(struct pgr *r, const char *what, const char *sql,
                   const PGresult *res)
{
	struct diag *d = r->s->diag;
	diag_global(d, SEV_ERROR, "could not read the %s of database \"%s\"",
	            what, PQdb(r->conn) ? PQdb(r->conn) : "");
	struct strbuf sb = STRBUF_INIT;
	const char *msg =
	    res ? PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY) : NULL;
	if (!msg)
		msg = PQerrorMessage(r->conn);
	size_t n = strlen(msg);
	while (n > 0 && (msg[n - 1] == '\n' || msg[n - 1] == ' '))
		n--;
	strbuf_add(&sb, msg, n);
	diag_detail(d, "%s", strbuf_str(&sb));
	/* runs of blanks become one space */
	strbuf_reset(&sb);
	bool blank = false;
	for (const char *p = sql; *p; p++) {
		bool b = *p == ' ' || *p == '\n' || *p == '\t';
		if (b && !blank && sb.len)
			strbuf_putc(&sb, ' ');
		else if (!b)
			strbuf_putc(&sb, *p);
		blank = b;
	}
	diag_detail(d, "query: %s", strbuf_str(&sb));
	strbuf_free(&sb);
}

/* Sends one statement (with text parameters) and counts it.  Returns the
 * result, which the caller PQclears at once after copying values out, or
 * NULL with the error reported. */
static PGresult *run(struct pgr *r, const char *what, const char *sql,
                     int nparams, const char *const *params)
{
	r->queries++;
	PGresult *res =
	    PQexecParams(r->conn, sql, nparams, NULL, params, NULL, NULL, 0);
	ExecStatusType st = res ? PQresultStatus(res) : PGRES_FATAL_ERROR;
	if (st == PGRES_TUPLES_OK || st == PGRES_COMMAND_OK)
		return res;
	report(r, what, sql, res);
	PQclear(res);
	return NULL;
}

/* A statement without rows (transaction control). */
static int run_command(struct pgr *r, const char *sql)
{
	PGresult *res = run(r, "catalog", sql, 0, NULL);
	if (!res)
		return -1;
	PQclear(res);
	return 0;
}

/* ---- copying values out of a result ----------------------------------- */

/* The value as arena memory, or NULL when SQL NULL. */
static const char *get(struct pgr *r, PGresult *res, int row, int col)
{
	if (PQgetisnull(res, row, col))
		return NULL;
	return arena_strndup(r->a, PQgetvalue(res, row, col),
	                     (size_t)PQgetlength(res, row, col));
}

/* Borrowed until PQclear; "" when NULL. */
static const char *peek(PGresult *res, int row, int col)
{
	return PQgetvalue(res, row, col);
}

static bool get_bool(PGresult *res, int row, int col)
{
	return !PQgetisnull(res, row, col) &&
	       PQgetvalue(res, row, col)[0] == 't';
}

static char get_char(PGresult *res, int row, int col)
{
	return PQgetisnull(res, row, col) ? '\0' : PQgetvalue(res, row, col)[0];
}

static int get_int(PGresult *res, int row, int col)
{
	return atoi(PQgetvalue(res, row, col));
}

/* The portable schema of a catalog schema name: NULL for public. */
static const char *lift_schema(struct pgr *r, const char *nsp)
{
	if (!strcmp(nsp, "public"))
		return NULL;
	if (r->last_nsp && !strcmp(r->last_nsp, nsp))
		return r->last_lifted;
	r->last_lifted = arena_strdup(r->a, nsp);
	r->last_nsp = r->last_lifted;
	return r->last_lifted;
}

/*
 * Parses the text form of a one-dimensional array ({a,"b c","d\"e"}) into
 * arena strings.  Returns the number of elements, or -1 when the text is
 * not such an array.  NULL elements do not occur in what is read here.
 */
static int parse_array(struct arena *a, const char *text, const char ***out)
{
	int n = 0, cap = 0;
	const char **v = NULL;
	const char *p = text;
	*out = NULL;
	if (*p++ != '{')
		return -1;
	if (*p == '}')
		return 0;
	struct strbuf sb = STRBUF_INIT;
	for (;;) {
		strbuf_reset(&sb);
		if (*p == '"') {
			for (p++; *p && *p != '"'; p++) {
				if (*p == '\\' && p[1])
					p++;
				strbuf_putc(&sb, *p);
			}
			if (*p++ != '"')
				break;
		} else {
			while (*p && *p != ',' && *p != '}')
				strbuf_putc(&sb, *p++);
		}
		const char *el = strbuf_arena_copy(&sb, a);
		ARENA_PUSH(a, v, n, cap, el);
		if (*p == ',') {
			p++;
			continue;
		}
		if (*p == '}' && p[1] == '\0') {
			strbuf_free(&sb);
			*out = v;
			return n;
		}
		break;
	}
	strbuf_free(&sb);
	return -1;
}

/* Parses an int2vector's text ("1 0 3") into at most max numbers. */
static int parse_int2vector(const char *text, int *out, int max)
{
	int n = 0;
	char *end;
	while (n < max) {
		long v = strtol(text, &end, 10);
		if (end == text)
			break;
		out[n++] = (int)v;
		text = end;
	}
	return n;
}

/* ---- types ------------------------------------------------------------ */

/* format_type's spellings of the portable types (emit_pg.c's table, read
 * backwards), with the argument list taken out. */
static const struct {
	const char *pg;
	enum type_kind kind;
} builtin_types[] = {
    {"bigint", TYPE_BIGINT},
    {"boolean", TYPE_BOOLEAN},
    {"bytea", TYPE_BLOB},
    {"character", TYPE_CHAR},
    {"character varying", TYPE_VARCHAR},
    {"date", TYPE_DATE},
    {"double precision", TYPE_DOUBLE},
    {"integer", TYPE_INTEGER},
    {"interval", TYPE_INTERVAL},
    {"json", TYPE_JSON},
    {"jsonb", TYPE_JSONB},
    {"numeric", TYPE_NUMERIC},
    {"real", TYPE_REAL},
    {"smallint", TYPE_SMALLINT},
    {"text", TYPE_TEXT},
    {"time without time zone", TYPE_TIME},
    {"timestamp with time zone", TYPE_TIMESTAMPTZ},
    {"timestamp without time zone", TYPE_TIMESTAMP},
    {"uuid", TYPE_UUID},
};

/* format_type's long spellings of built-ins whose model name is short. */
static const struct {
	const char *pg, *model;
} native_aliases[] = {
    {"bit varying", "varbit"},
    {"time with time zone", "timetz"},
};

/*
 * Splits "head(args)tail" into key = head + tail and up to two integer
 * arguments.  Returns the number of arguments (0 when there is no
 * parenthesis), or -1 when the argument list is not integers.
 */
static int split_args(struct strbuf *key, const char *text, int args[2])
{
	strbuf_reset(key);
	const char *open = strchr(text, '(');
	const char *close = open ? strchr(open, ')') : NULL;
	if (!open || !close) {
		strbuf_puts(key, text);
		return 0;
	}
	strbuf_add(key, text, (size_t)(open - text));
	strbuf_puts(key, close + 1);
	int n = 0;
	const char *p = open + 1;
	while (p < close) {
		char *end;
		long v = strtol(p, &end, 10);
		if (end == p || n == 2)
			return -1;
		args[n++] = (int)v;
		p = end;
		if (*p == ',')
			p++;
		else if (p != close)
			return -1;
	}
	return n;
}

/* Lifts a built-in type (one in pg_catalog) from format_type's text,
 * without its [] suffixes. */
static void lift_builtin(struct pgr *r, struct type *t, const char *text)
{
	struct strbuf key = STRBUF_INIT;
	int args[2] = {0, 0};
	int nargs = split_args(&key, text, args);
	const char *k = strbuf_str(&key);
	if (nargs >= 0) {
		for (size_t i = 0;
		     i < sizeof builtin_types / sizeof *builtin_types; i++) {
			if (strcmp(k, builtin_types[i].pg))
				continue;
			enum type_kind kind = builtin_types[i].kind;
			if (nargs > type_names[kind].max_args)
				break; /* interval(3): verbatim, below */
			t->kind = kind;
			t->name = type_names[kind].name;
			t->nargs = nargs;
			t->args[0] = args[0];
			t->args[1] = args[1];
			strbuf_free(&key);
			return;
		}
		for (size_t i = 0;
		     i < sizeof native_aliases / sizeof *native_aliases; i++)
			if (!strcmp(k, native_aliases[i].pg))
				k = native_aliases[i].model;
		if (type_is_pg_native(k)) {
			t->kind = TYPE_NATIVE;
			t->name = arena_strdup(r->a, k);
			t->nargs = nargs;
			t->args[0] = args[0];
			t->args[1] = args[1];
			strbuf_free(&key);
			return;
		}
	}
	/* anything else ("char", interval(3), name...): verbatim */
	t->kind = TYPE_NATIVE;
	t->name = arena_strdup(r->a, text);
	strbuf_free(&key);
}

/* Declares an external type in schema->types once. */
static void declare_type(struct pgr *r, struct schema *out, const char *nsp,
                         const char *name)
{
	if (schema_find_type(out, nsp, name))
		return;
	struct ext_type *e = arena_alloc(r->a, sizeof *e);
	e->name.schema = nsp;
	e->name.name = name;
	ARENA_PUSH(r->a, out->types, out->ntypes, out->captypes, e);
}

/*
 * Lifts a column's type.  text is format_type(atttypid, atttypmod);
 * typtype, nsp and name describe the type (its element type for an
 * array); ndims is attndims (format_type writes one [] whatever the
 * declared dimensions).
 */
static void lift_type(struct pgr *r, struct schema *out, struct type *t,
                      const char *text, char typtype, const char *nsp,
                      const char *name, int ndims)
{
	size_t n = strlen(text);
	int dims = 0;
	while (n >= 2 && text[n - 2] == '[' && text[n - 1] == ']') {
		n -= 2;
		dims++;
	}
	if (dims > 0)
		t->array_dims = ndims > dims ? ndims : dims;
	char *base = arena_strndup(r->a, text, n);
	if (!strcmp(nsp, "pg_catalog")) {
		lift_builtin(r, t, base);
		return;
	}
	t->schema = lift_schema(r, nsp);
	t->name = arena_strdup(r->a, name);
	if (typtype == 'e') {
		t->kind = TYPE_ENUM;
		return;
	}
	/* an extension's type, a domain...: the model declares it with
	 * `type NAME`; a type modifier ("public.vector(3)") is kept */
	t->kind = TYPE_EXTERNAL;
	const char *open =
	    base[0] && base[n - 1] == ')' ? strrchr(base, '(') : NULL;
	if (open) {
		struct strbuf key = STRBUF_INIT;
		int args[2] = {0, 0};
		int nargs = split_args(&key, open, args);
		strbuf_free(&key);
		if (nargs > 0) {
			t->nargs = nargs;
			t->args[0] = args[0];
			t->args[1] = args[1];
		}
	}
	declare_type(r, out, t->schema, t->name);
}

/* ---- expressions ------------------------------------------------------ */

/* Would the model language take this default without parentheses?  A
 * number, a string literal with no cast, true/false/null and the
 * CURRENT_* keywords (parser.y's default_expr). */
static bool bare_default(const char *text)
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
	if (*p == '-' || *p == '+')
		p++;
	if (!(*p >= '0' && *p <= '9'))
		return false;
	char *end;
	strtod(p, &end);
	return *end == '\0';
}

static struct expr *new_expr(struct pgr *r, const char *text, bool parens)
{
	struct expr *e = arena_alloc(r->a, sizeof *e);
	e->text = text;
	e->parens = parens;
	return e;
}

/* ---- 1. relations ----------------------------------------------------- */

/* The schemas reflected: not the system ones.  "pg_" is a reserved prefix
 * for schema names, so it covers pg_catalog, pg_toast and pg_temp_N. */
#define USER_NSP(n)                                            \
	"(" n ".nspname OPERATOR(pg_catalog.!~) '^pg_' AND " n \
	".nspname OPERATOR(pg_catalog.<>) 'information_schema')"

/* Not a member of an extension. */
#define NOT_EXT(catalog, oid)                                       \
	"NOT EXISTS (SELECT 1 FROM pg_catalog.pg_depend e "         \
	"WHERE e.classid = '" catalog "'::pg_catalog.regclass AND " \
	"e.objid = " oid " AND e.deptype = 'e')"

/* clang-format off */
static const char sql_relations[] =
    "SELECT c.oid, n.nspname, c.relname, c.relkind, d.description,\n"
    "  CASE c.relkind WHEN 'v' THEN pg_catalog.pg_get_viewdef(c.oid) END\n"
    "FROM pg_catalog.pg_class c\n"
    "JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace\n"
    "LEFT JOIN pg_catalog.pg_description d\n"
    "  ON d.classoid = 'pg_catalog.pg_class'::pg_catalog.regclass\n"
    "  AND d.objoid = c.oid AND d.objsubid = 0\n"
    "WHERE (c.relkind = 'v' OR (c.relkind = 'r' AND NOT c.relispartition))\n"
    "  AND " USER_NSP("n") "\n"
    "  AND " NOT_EXT("pg_catalog.pg_class", "c.oid") "\n"
    "  AND NOT (n.nspname = $1 AND c.relname = $2)\n"
    "ORDER BY n.nspname, c.relname";
/* clang-format on */

/* Trims leading blanks and trailing blanks and ';' of a view query. */
static const char *trim_query(struct pgr *r, const char *q)
{
	while (*q == ' ' || *q == '\n' || *q == '\t')
		q++;
	size_t n = strlen(q);
	while (n > 0 && (q[n - 1] == ' ' || q[n - 1] == '\n' ||
	                 q[n - 1] == '\t' || q[n - 1] == ';'))
		n--;
	return arena_strndup(r->a, q, n);
}

/*
 * Reads the tables and views into out; the tables also into r->rels in
 * query order and their OIDs into oids as an array literal.
 */
static int read_relations(struct pgr *r, struct schema *out,
                          struct strbuf *oids)
{
	/* the version table: "schema.name", or name in public */
	const char *vt = r->s->version_table ? r->s->version_table : "";
	const char *dot = strchr(vt, '.');
	const char *params[2] = {"public", vt};
	if (dot) {
		params[0] = arena_strndup(r->a, vt, (size_t)(dot - vt));
		params[1] = dot + 1;
	}
	PGresult *res = run(r, "relations", sql_relations, 2, params);
	if (!res)
		return -1;
	int rows = PQntuples(res);
	r->rels =
	    arena_alloc(r->a, (size_t)(rows ? rows : 1) * sizeof *r->rels);
	r->nrels = 0;
	strbuf_putc(oids, '{');
	for (int i = 0; i < rows; i++) {
		struct qname name = {.schema = lift_schema(r, peek(res, i, 1)),
		                     .name = get(r, res, i, 2)};
		if (get_char(res, i, 3) == 'v') {
			struct view *v = arena_alloc(r->a, sizeof *v);
			v->name = name;
			const char *q = peek(res, i, 5);
			v->query = new_expr(r, trim_query(r, q), true);
			ARENA_PUSH(r->a, out->views, out->nviews, out->capviews,
			           v);
			continue;
		}
		struct table *t = arena_alloc(r->a, sizeof *t);
		t->name = name;
		t->comment = get(r, res, i, 4);
		ARENA_PUSH(r->a, out->tables, out->ntables, out->captables, t);
		if (r->nrels)
			strbuf_putc(oids, ',');
		strbuf_puts(oids, peek(res, i, 0));
		r->rels[r->nrels++].t = t;
	}
	strbuf_putc(oids, '}');
	PQclear(res);
	return 0;
}

/* The table of a row's r.ord (counted from 1), or NULL. */
static struct rel *rel_at(struct pgr *r, PGresult *res, int row, int col)
{
	if (PQgetisnull(res, row, col))
		return NULL;
	int ord = atoi(PQgetvalue(res, row, col));
	return ord >= 1 && ord <= r->nrels ? &r->rels[ord - 1] : NULL;
}

/* The name of column attnum of a table, or NULL. */
static const char *column_at(const struct rel *rl, int attnum)
{
	for (int i = 0; i < rl->t->ncols; i++)
		if (rl->attnums[i] == attnum)
			return rl->t->cols[i]->name;
	return NULL;
}

/*
 * Turns the text of an int2[] of attnums ("{1,3}") into column names.
 * Returns the count, or -1 when a number is not a column of the table.
 */
static int key_names(struct pgr *r, const struct rel *rl, const char *text,
                     const char ***out)
{
	const char **nums;
	int n = parse_array(r->a, text, &nums);
	if (n <= 0) {
		*out = NULL;
		return n;
	}
	const char **names = arena_alloc(r->a, (size_t)n * sizeof *names);
	for (int i = 0; i < n; i++)
		if (!(names[i] = column_at(rl, atoi(nums[i]))))
			return -1;
	*out = names;
	return n;
}

/* ---- 2. columns ------------------------------------------------------- */

/* The relations of query 1, in its order (r.ord counts from 1). */
#define RELS                                                            \
	"FROM pg_catalog.unnest($1::pg_catalog.oid[]) WITH ORDINALITY " \
	"AS r(relid, ord)\n"

/* clang-format off */
static const char sql_columns[] =
    "SELECT r.ord, a.attname, a.attnum,\n"
    "  pg_catalog.format_type(a.atttypid, a.atttypmod), a.attnotnull,\n"
    /* a default cannot refer to a column, so it needs no relation to be
     * deparsed, which makes pg_get_expr twice as fast */
    "  pg_catalog.pg_get_expr(ad.adbin, CASE a.attgenerated WHEN ''\n"
    "    THEN 0 ELSE ad.adrelid END),\n"
    "  a.attidentity, a.attgenerated,\n"
    "  CASE WHEN a.attcollation OPERATOR(pg_catalog.<>) t.typcollation\n"
    "    THEN co.collname END,\n"
    "  d.description, bt.typtype, bn.nspname, bt.typname, a.attndims,\n"
    /* for serial detection: nextval() of the sequence the column owns */
    "  CASE WHEN ad.adbin IS NOT NULL AND a.attgenerated = '' THEN\n"
    "    pg_catalog.format('nextval(%L::regclass)',\n"
    "      ow.seq::pg_catalog.regclass::pg_catalog.text) END\n" RELS
    "JOIN pg_catalog.pg_attribute a ON a.attrelid = r.relid\n"
    "  AND a.attnum > 0 AND NOT a.attisdropped\n"
    "JOIN pg_catalog.pg_type t ON t.oid = a.atttypid\n"
    "JOIN pg_catalog.pg_type bt ON bt.oid = CASE WHEN t.typelem <> 0\n"
    "  AND t.typlen = -1 THEN t.typelem ELSE t.oid END\n"
    "JOIN pg_catalog.pg_namespace bn ON bn.oid = bt.typnamespace\n"
    "LEFT JOIN pg_catalog.pg_attrdef ad ON ad.adrelid = a.attrelid\n"
    "  AND ad.adnum = a.attnum\n"
    "LEFT JOIN pg_catalog.pg_collation co ON co.oid = a.attcollation\n"
    "LEFT JOIN pg_catalog.pg_description d\n"
    "  ON d.classoid = 'pg_catalog.pg_class'::pg_catalog.regclass\n"
    "  AND d.objoid = a.attrelid AND d.objsubid = a.attnum\n"
    /* sequences owned by a column (serial; identity ones are 'i') */
    "LEFT JOIN (SELECT dep.objid AS seq, dep.refobjid, dep.refobjsubid\n"
    "  FROM pg_catalog.pg_depend dep\n"
    "  JOIN pg_catalog.pg_class sq ON sq.oid = dep.objid\n"
    "  WHERE dep.classid = 'pg_catalog.pg_class'::pg_catalog.regclass\n"
    "  AND dep.refclassid = 'pg_catalog.pg_class'::pg_catalog.regclass\n"
    "  AND dep.deptype = 'a' AND sq.relkind = 'S') ow\n"
    "  ON ow.refobjid = a.attrelid AND ow.refobjsubid = a.attnum";
/* clang-format on */

static bool serial_type(const struct type *t)
{
	return t->array_dims == 0 &&
	       (t->kind == TYPE_SMALLINT || t->kind == TYPE_INTEGER ||
	        t->kind == TYPE_BIGINT);
}

/* Column numbers of sql_columns. */
enum {
	COL_ORD,
	COL_NAME,
	COL_ATTNUM,
	COL_TYPE,
	COL_NOTNULL,
	COL_DEFAULT,
	COL_IDENTITY,
	COL_GENERATED,
	COL_COLLATION,
	COL_COMMENT,
	COL_TYPTYPE,
	COL_TYPNSP,
	COL_TYPNAME,
	COL_NDIMS,
	COL_NEXTVAL
};

/* A row of sql_columns by its place in the table. */
struct colrow {
	int ord, attnum, row;
};

static int cmp_colrow(const void *a, const void *b)
{
	const struct colrow *x = a, *y = b;
	if (x->ord != y->ord)
		return x->ord < y->ord ? -1 : 1;
	if (x->attnum != y->attnum)
		return x->attnum < y->attnum ? -1 : 1;
	return (x->row > y->row) - (x->row < y->row);
}

/*
 * Reads the columns of every table.  The rows are put in (table, attnum)
 * order here rather than by the server: sorting the wide rows there costs
 * more than the rest of the query on large schemas.
 */
static int read_columns(struct pgr *r, struct schema *out, const char *oids)
{
	PGresult *res = run(r, "columns", sql_columns, 1, &oids);
	if (!res)
		return -1;
	int rows = PQntuples(res);
	struct colrow *order =
	    xmalloc((size_t)(rows ? rows : 1) * sizeof *order);
	for (int i = 0; i < rows; i++) {
		order[i].ord = get_int(res, i, COL_ORD);
		order[i].attnum = get_int(res, i, COL_ATTNUM);
		order[i].row = i;
	}
	qsort(order, (size_t)rows, sizeof *order, cmp_colrow);
	struct column *prev = NULL;
	for (int j = 0; j < rows; j++) {
		int i = order[j].row;
		struct rel *rl = rel_at(r, res, i, COL_ORD);
		if (!rl)
			continue;
		struct table *t = rl->t;
		int attnum = get_int(res, i, COL_ATTNUM);
		const char *nextval = PQgetisnull(res, i, COL_NEXTVAL)
		                          ? NULL
		                          : peek(res, i, COL_NEXTVAL);
		/* a column that owns two sequences comes twice: the row of
		 * the one its default uses decides */
		if (prev && t->ncols && t->cols[t->ncols - 1] == prev &&
		    rl->attnums[t->ncols - 1] == attnum) {
			if (prev->default_expr && nextval &&
			    serial_type(&prev->type) &&
			    !strcmp(prev->default_expr->text, nextval)) {
				prev->autoincrement = true;
				prev->default_expr = NULL;
			}
			continue;
		}
		struct column *c = arena_alloc(r->a, sizeof *c);
		c->name = get(r, res, i, COL_NAME);
		lift_type(r, out, &c->type, peek(res, i, COL_TYPE),
		          get_char(res, i, COL_TYPTYPE),
		          peek(res, i, COL_TYPNSP), peek(res, i, COL_TYPNAME),
		          get_int(res, i, COL_NDIMS));
		c->not_null = get_bool(res, i, COL_NOTNULL);
		c->not_null_written = c->not_null;
		const char *def = get(r, res, i, COL_DEFAULT);
		char identity = get_char(res, i, COL_IDENTITY);
		if (identity == 'a')
			c->identity = IDENTITY_ALWAYS;
		else if (identity == 'd')
			c->identity = IDENTITY_BY_DEFAULT;
		if (def && get_char(res, i, COL_GENERATED) == 's')
			c->generated = new_expr(r, def, true);
		else if (def && nextval && serial_type(&c->type) &&
		         !strcmp(def, nextval))
			c->autoincrement = true;
		else if (def)
			c->default_expr = new_expr(r, def, !bare_default(def));
		c->collation = get(r, res, i, COL_COLLATION);
		c->comment = get(r, res, i, COL_COMMENT);
		int n = t->ncols;
		ARENA_PUSH(r->a, t->cols, t->ncols, t->capcols, c);
		if (n >= rl->capattnums)
			rl->attnums =
			    arena_grow(r->a, rl->attnums, sizeof *rl->attnums,
			               &rl->capattnums, n + 1);
		rl->attnums[n] = attnum;
		prev = c;
	}
	free(order);
	PQclear(res);
	return 0;
}

/* ---- 3. constraints --------------------------------------------------- */

/* The key columns come as attnums, turned into names with the columns of
 * query 2; the referenced table's too when it is one of query 1's (rf.ord),
 * else (a table left out, such as the version table) by a subquery.  No
 * ORDER BY: rows go to their table by r.ord, and schema_sort orders each
 * table's constraints (as it does indexes) at the end. */
/* clang-format off */
static const char sql_constraints[] =
    "SELECT r.ord, co.conname, co.contype, co.conkey, rf.ord, co.confkey,\n"
    "  CASE WHEN co.contype = 'f' AND rf.ord IS NULL THEN\n"
    "    ARRAY(SELECT a.attname FROM pg_catalog.unnest(co.confkey)\n"
    "      WITH ORDINALITY AS k(num, pos)\n"
    "      JOIN pg_catalog.pg_attribute a ON a.attrelid = co.confrelid\n"
    "      AND a.attnum = k.num ORDER BY k.pos) END,\n"
    "  fn.nspname, fc.relname,\n"
    "  co.confupdtype, co.confdeltype, co.condeferrable, co.condeferred,\n"
    "  CASE WHEN co.contype = 'c'\n"
    "    THEN pg_catalog.pg_get_expr(co.conbin, co.conrelid) END\n" RELS
    "JOIN pg_catalog.pg_constraint co ON co.conrelid = r.relid\n"
    "LEFT JOIN pg_catalog.unnest($1::pg_catalog.oid[]) WITH ORDINALITY\n"
    "  AS rf(relid, ord) ON rf.relid = co.confrelid\n"
    "LEFT JOIN pg_catalog.pg_class fc ON fc.oid = co.confrelid\n"
    "LEFT JOIN pg_catalog.pg_namespace fn ON fn.oid = fc.relnamespace\n"
    "WHERE co.contype IN ('p', 'u', 'c', 'f', 'x')";
/* clang-format on */

/* Column numbers of sql_constraints. */
enum {
	CC_ORD,
	CC_NAME,
	CC_TYPE,
	CC_KEY,
	CC_REF_ORD,
	CC_REF_KEY,
	CC_REF_NAMES,
	CC_REF_NSP,
	CC_REF_TABLE,
	CC_UPDATE,
	CC_DELETE,
	CC_DEFERRABLE,
	CC_DEFERRED,
	CC_CHECK_EXPR
};

static enum fk_action lift_action(char c)
{
	switch (c) {
	case 'r':
		return FK_RESTRICT;
	case 'c':
		return FK_CASCADE;
	case 'n':
		return FK_SET_NULL;
	case 'd':
		return FK_SET_DEFAULT;
	default:
		/* 'a', NO ACTION: what the model's default means */
		return FK_UNSPECIFIED;
	}
}

/* Reports a value that does not have the shape the catalog promises. */
static int bad_value(struct pgr *r, const char *what, const char *value)
{
	diag_global(r->s->diag, SEV_ERROR,
	            "could not read the catalog of database \"%s\"",
	            PQdb(r->conn) ? PQdb(r->conn) : "");
	diag_detail(r->s->diag, "unexpected %s: %s", what, value);
	return -1;
}

static int read_constraints(struct pgr *r, const char *oids, int *nexclusion)
{
	PGresult *res = run(r, "constraints", sql_constraints, 1, &oids);
	if (!res)
		return -1;
	int rows = PQntuples(res), rc = 0;
	for (int i = 0; i < rows && rc == 0; i++) {
		struct rel *rl = rel_at(r, res, i, CC_ORD);
		if (!rl)
			continue;
		char type = get_char(res, i, CC_TYPE);
		if (type == 'x') {
			(*nexclusion)++;
			continue;
		}
		struct constraint *k = arena_alloc(r->a, sizeof *k);
		k->name = get(r, res, i, CC_NAME);
		k->name_written = true;
		switch (type) {
		case 'p':
			k->kind = CON_PRIMARY_KEY;
			break;
		case 'u':
			k->kind = CON_UNIQUE;
			break;
		case 'c':
			k->kind = CON_CHECK;
			break;
		default:
			k->kind = CON_FOREIGN_KEY;
			break;
		}
		if (k->kind == CON_CHECK) {
			k->check =
			    new_expr(r, get(r, res, i, CC_CHECK_EXPR), true);
		} else {
			k->ncols =
			    key_names(r, rl, peek(res, i, CC_KEY), &k->cols);
			if (k->ncols < 0)
				rc = bad_value(r, "key columns",
				               peek(res, i, CC_KEY));
		}
		if (k->kind == CON_FOREIGN_KEY) {
			k->ref_table.schema =
			    lift_schema(r, peek(res, i, CC_REF_NSP));
			k->ref_table.name = get(r, res, i, CC_REF_TABLE);
			struct rel *ref = rel_at(r, res, i, CC_REF_ORD);
			if (ref)
				k->nref_cols =
				    key_names(r, ref, peek(res, i, CC_REF_KEY),
				              &k->ref_cols);
			else
				k->nref_cols = parse_array(
				    r->a, peek(res, i, CC_REF_NAMES),
				    &k->ref_cols);
			if (k->nref_cols < 0)
				rc = bad_value(r, "referenced columns",
				               peek(res, i, CC_REF_KEY));
			k->ref_cols_written = true;
			k->on_update = lift_action(get_char(res, i, CC_UPDATE));
			k->on_delete = lift_action(get_char(res, i, CC_DELETE));
			k->deferrable = get_bool(res, i, CC_DEFERRABLE);
			k->initially_deferred = get_bool(res, i, CC_DEFERRED);
		}
		ARENA_PUSH(r->a, rl->t->cons, rl->t->ncons, rl->t->capcons, k);
	}
	PQclear(res);
	return rc;
}

/* ---- 4. indexes ------------------------------------------------------- */

/* Indexes that do not back a primary key, unique or exclusion constraint
 * (those are the constraints).  Key columns come as attnums (indkey, 0 for
 * an expression), with the expressions deparsed one by one, in order, only
 * for indexes that have some. */
/* clang-format off */
static const char sql_indexes[] =
    "SELECT r.ord, ic.relname, i.indisunique, am.amname, i.indnkeyatts,\n"
    "  i.indnatts, i.indkey, i.indoption,\n"
    "  CASE WHEN i.indexprs IS NOT NULL THEN\n"
    "    ARRAY(SELECT pg_catalog.pg_get_indexdef(i.indexrelid, k.n, true)\n"
    "      FROM pg_catalog.generate_series(1, i.indnkeyatts) AS k(n)\n"
    "      WHERE i.indkey[k.n - 1] = 0 ORDER BY k.n) END,\n"
    "  pg_catalog.pg_get_expr(i.indpred, i.indrelid)\n" RELS
    "JOIN pg_catalog.pg_index i ON i.indrelid = r.relid\n"
    "JOIN pg_catalog.pg_class ic ON ic.oid = i.indexrelid\n"
    "JOIN pg_catalog.pg_am am ON am.oid = ic.relam\n"
    "WHERE NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint co\n"
    "  WHERE co.conrelid = i.indrelid AND co.conindid = i.indexrelid\n"
    "  AND co.contype IN ('p', 'u', 'x'))";
/* clang-format on */

/* INDEX_MAX_KEYS is 32 in a default build */
#define MAX_KEYS 64

static int read_indexes(struct pgr *r, const char *oids, int *ninclude)
{
	PGresult *res = run(r, "indexes", sql_indexes, 1, &oids);
	if (!res)
		return -1;
	int rows = PQntuples(res), rc = 0;
	for (int i = 0; i < rows && rc == 0; i++) {
		struct rel *rl = rel_at(r, res, i, 0);
		if (!rl)
			continue;
		struct table *t = rl->t;
		struct index *ix = arena_alloc(r->a, sizeof *ix);
		ix->name = get(r, res, i, 1);
		ix->name_written = true;
		ix->unique = get_bool(res, i, 2);
		if (strcmp(peek(res, i, 3), "btree"))
			ix->method = get(r, res, i, 3);
		int nkeys = get_int(res, i, 4);
		if (get_int(res, i, 5) > nkeys)
			(*ninclude)++;
		int keys[MAX_KEYS], options[MAX_KEYS];
		int nk = parse_int2vector(peek(res, i, 6), keys, MAX_KEYS);
		int no = parse_int2vector(peek(res, i, 7), options, MAX_KEYS);
		const char **exprs = NULL;
		int ne = PQgetisnull(res, i, 8)
		             ? 0
		             : parse_array(r->a, peek(res, i, 8), &exprs);
		if (ne < 0 || nk < nkeys || no < nkeys) {
			rc = bad_value(r, "index columns", peek(res, i, 6));
			break;
		}
		ix->nelems = nkeys;
		ix->elems = arena_alloc(r->a, (size_t)(nkeys ? nkeys : 1) *
		                                  sizeof *ix->elems);
		int e = 0;
		for (int k = 0; k < nkeys && rc == 0; k++) {
			struct index_elem *el = &ix->elems[k];
			if (keys[k] != 0) {
				el->column = column_at(rl, keys[k]);
				if (!el->column)
					rc = bad_value(r, "index columns",
					               peek(res, i, 6));
			} else if (e < ne) {
				el->expr = new_expr(r, exprs[e++], true);
			} else {
				rc = bad_value(r, "index expressions",
				               peek(res, i, 8));
			}
			el->desc = (options[k] & 1) != 0; /* INDOPTION_DESC */
		}
		const char *pred = get(r, res, i, 9);
		if (pred)
			ix->where = new_expr(r, pred, true);
		ix->table = t->name;
		ARENA_PUSH(r->a, t->indexes, t->nindexes, t->capindexes, ix);
	}
	PQclear(res);
	return rc;
}

/* ---- 5. enums --------------------------------------------------------- */

/* clang-format off */
static const char sql_enums[] =
    "SELECT n.nspname, t.typname, e.enumlabel\n"
    "FROM pg_catalog.pg_type t\n"
    "JOIN pg_catalog.pg_namespace n ON n.oid = t.typnamespace\n"
    "LEFT JOIN pg_catalog.pg_enum e ON e.enumtypid = t.oid\n"
    "WHERE t.typtype = 'e' AND " USER_NSP("n") "\n"
    "  AND " NOT_EXT("pg_catalog.pg_type", "t.oid") "\n"
    "ORDER BY n.nspname, t.typname, e.enumsortorder";
/* clang-format on */

static int read_enums(struct pgr *r, struct schema *out)
{
	PGresult *res = run(r, "enum types", sql_enums, 0, NULL);
	if (!res)
		return -1;
	int rows = PQntuples(res);
	struct enum_type *e = NULL;
	for (int i = 0; i < rows; i++) {
		const char *nsp = peek(res, i, 0), *name = peek(res, i, 1);
		if (!e || strcmp(e->name.name, name) ||
		    strcmp(e->name.schema ? e->name.schema : "public", nsp)) {
			e = arena_alloc(r->a, sizeof *e);
			e->name.schema = lift_schema(r, nsp);
			e->name.name = get(r, res, i, 1);
			ARENA_PUSH(r->a, out->enums, out->nenums, out->capenums,
			           e);
		}
		/* an enum without values (CREATE TYPE e AS ENUM ()) has one
		 * row, with no label: the LEFT JOIN keeps it */
		if (PQgetisnull(res, i, 2))
			continue;
		const char *label = get(r, res, i, 2);
		ARENA_PUSH(r->a, e->values, e->nvalues, e->capvalues, label);
	}
	PQclear(res);
	return 0;
}

/* ---- 6. what retort does not manage ------------------------------------ */

/*
 * One count per kind, in the order of unmanaged_kinds: one pass over each
 * catalog with FILTER aggregates, objects of user schemas that no
 * extension owns.
 */
#define NSP_OF(col)                                             \
	"  JOIN pg_catalog.pg_namespace n ON n.oid = " col "\n" \
	"  WHERE " USER_NSP("n") "\n"

/* clang-format off */
static const char sql_unmanaged[] =
    "SELECT * FROM\n"
    " (SELECT pg_catalog.count(*) FILTER (WHERE p.prokind = 'f'),\n"
    "    pg_catalog.count(*) FILTER (WHERE p.prokind = 'p'),\n"
    "    pg_catalog.count(*) FILTER (WHERE p.prokind IN ('a', 'w'))\n"
    "  FROM pg_catalog.pg_proc p\n"
    NSP_OF("p.pronamespace")
    "  AND " NOT_EXT("pg_catalog.pg_proc", "p.oid") ") AS procs,\n"
    " (SELECT pg_catalog.count(*) FILTER (WHERE c.relkind = 'm'),\n"
    "    pg_catalog.count(*) FILTER (WHERE c.relkind = 'p'\n"
    "      AND NOT c.relispartition),\n"
    "    pg_catalog.count(*) FILTER (WHERE c.relispartition),\n"
    "    pg_catalog.count(*) FILTER (WHERE c.relkind = 'f'\n"
    "      AND NOT c.relispartition),\n"
    "    pg_catalog.count(*) FILTER (WHERE c.relkind = 'S' AND NOT EXISTS\n"
    "      (SELECT 1 FROM pg_catalog.pg_depend o\n"
    "       WHERE o.classid = 'pg_catalog.pg_class'::pg_catalog.regclass\n"
    "       AND o.objid = c.oid AND o.deptype IN ('a', 'i')\n"
    "       AND o.refobjsubid > 0)),\n"
    "    pg_catalog.count(*) FILTER (WHERE c.relkind = 'r'\n"
    "      AND c.relpersistence = 'u')\n"
    "  FROM pg_catalog.pg_class c\n"
    NSP_OF("c.relnamespace")
    "  AND c.relkind IN ('m', 'p', 'r', 'f', 'S')\n"
    "  AND " NOT_EXT("pg_catalog.pg_class", "c.oid") ") AS rels,\n"
    " (SELECT pg_catalog.count(*) FILTER (WHERE t.typtype = 'd'),\n"
    "    pg_catalog.count(*) FILTER (WHERE t.typtype = 'c' AND EXISTS\n"
    "      (SELECT 1 FROM pg_catalog.pg_class tc\n"
    "       WHERE tc.oid = t.typrelid AND tc.relkind = 'c')),\n"
    "    pg_catalog.count(*) FILTER (WHERE t.typtype = 'r')\n"
    "  FROM pg_catalog.pg_type t\n"
    NSP_OF("t.typnamespace")
    "  AND t.typtype IN ('d', 'c', 'r')\n"
    "  AND " NOT_EXT("pg_catalog.pg_type", "t.oid") ") AS types,\n"
    /* objects that hang off a relation of a user schema */
    " (SELECT pg_catalog.count(*) FROM pg_catalog.pg_trigger x\n"
    "  JOIN pg_catalog.pg_class c ON c.oid = x.tgrelid\n"
    NSP_OF("c.relnamespace") "  AND NOT x.tgisinternal) AS triggers,\n"
    " (SELECT pg_catalog.count(*) FROM pg_catalog.pg_policy x\n"
    "  JOIN pg_catalog.pg_class c ON c.oid = x.polrelid\n"
    NSP_OF("c.relnamespace") ") AS policies,\n"
    " (SELECT pg_catalog.count(*) FROM pg_catalog.pg_rewrite x\n"
    "  JOIN pg_catalog.pg_class c ON c.oid = x.ev_class\n"
    NSP_OF("c.relnamespace")
    "  AND x.rulename OPERATOR(pg_catalog.<>) '_RETURN') AS rules,\n"
    " (SELECT pg_catalog.count(*) FROM pg_catalog.pg_inherits x\n"
    "  JOIN pg_catalog.pg_class c ON c.oid = x.inhrelid\n"
    NSP_OF("c.relnamespace") "  AND NOT c.relispartition) AS inherits,\n"
    " (SELECT pg_catalog.count(*) FROM pg_catalog.pg_statistic_ext x\n"
    NSP_OF("x.stxnamespace") ") AS stats,\n"
    " (SELECT pg_catalog.count(*) FROM pg_catalog.pg_event_trigger)\n"
    "   AS event_triggers,\n"
    " (SELECT pg_catalog.count(*) FROM pg_catalog.pg_extension\n"
    "  WHERE extname OPERATOR(pg_catalog.<>) 'plpgsql') AS extensions";
/* clang-format on */

/* singular, plural; the order of sql_unmanaged's columns, then the
 * counts gathered on the way */
static const char *const unmanaged_kinds[][2] = {
    {"function", "functions"},
    {"procedure", "procedures"},
    {"aggregate", "aggregates"},
    {"materialized view", "materialized views"},
    {"partitioned table", "partitioned tables"},
    {"partition", "partitions"},
    {"foreign table", "foreign tables"},
    {"sequence not owned by a column", "sequences not owned by a column"},
    {"unlogged table (reflected as logged)",
     "unlogged tables (reflected as logged)"},
    {"domain", "domains"},
    {"composite type", "composite types"},
    {"range type", "range types"},
    {"trigger", "triggers"},
    {"policy", "policies"},
    {"rule", "rules"},
    {"inheriting table", "inheriting tables"},
    {"statistics object", "statistics objects"},
    {"event trigger", "event triggers"},
    {"extension", "extensions"},
    {"exclusion constraint", "exclusion constraints"},
    {"index with INCLUDE columns (reflected without them)",
     "indexes with INCLUDE columns (reflected without them)"},
};
#define NKINDS     (int)(sizeof unmanaged_kinds / sizeof *unmanaged_kinds)
#define NSQL_KINDS (NKINDS - 2)

/* Reads the counts and reports them as one note (none when all are 0).
 * extra holds the counts of the last two kinds. */
static int note_unmanaged(struct pgr *r, const int extra[2])
{
	PGresult *res = run(r, "catalog", sql_unmanaged, 0, NULL);
	if (!res)
		return -1;
	long counts[NKINDS];
	for (int k = 0; k < NSQL_KINDS; k++)
		counts[k] = PQntuples(res) == 1 && PQnfields(res) > k
		                ? atol(peek(res, 0, k))
		                : 0;
	PQclear(res);
	counts[NKINDS - 2] = extra[0];
	counts[NKINDS - 1] = extra[1];
	struct strbuf sb = STRBUF_INIT;
	for (int k = 0; k < NKINDS; k++) {
		if (!counts[k])
			continue;
		strbuf_printf(&sb, "%s%ld %s", sb.len ? ", " : "", counts[k],
		              unmanaged_kinds[k][counts[k] != 1]);
	}
	if (sb.len)
		diag_global(r->s->diag, SEV_NOTE,
		            "left out what retort does not manage: %s",
		            strbuf_str(&sb));
	strbuf_free(&sb);
	return 0;
}

/* ---- the whole catalog ------------------------------------------------ */

static int read_all(struct pgr *r, struct schema *out)
{
	int counts[2] = {0, 0};
	struct strbuf oids = STRBUF_INIT;
	int rc = -1;
	if (read_relations(r, out, &oids) < 0)
		goto done;
	const char *o = strbuf_str(&oids);
	if (read_columns(r, out, o) < 0 ||
	    read_constraints(r, o, &counts[0]) < 0 ||
	    read_indexes(r, o, &counts[1]) < 0 || read_enums(r, out) < 0 ||
	    note_unmanaged(r, counts) < 0)
		goto done;
	rc = 0;
done:
	strbuf_free(&oids);
	return rc;
}

/*
 * The transaction's settings, in one statement: an empty search_path (so
 * the deparsers qualify every name outside pg_catalog); no JIT (the
 * planner's row estimates for unnest() and generate_series() make it
 * compile the catalog queries, which costs far more than they run); and
 * work_mem enough to sort the column rows of 10,000 tables in memory.
 */
static const char sql_settings[] =
    "SELECT pg_catalog.set_config('search_path', '', true),\n"
    "  pg_catalog.set_config('jit', 'off', true),\n"
    "  pg_catalog.set_config('work_mem', '64MB', true)";

int reflect_pg_conn(struct session *s, PGconn *conn, struct schema *out,
                    struct reflect_stats *stats)
{
	struct pgr r = {.s = s, .a = s->arena, .conn = conn};
	memset(out, 0, sizeof *out);
	/* inside the caller's transaction, a savepoint scopes the settings */
	bool nested = PQtransactionStatus(conn) == PQTRANS_INTRANS;
	int rc = -1;
	if (run_command(&r, nested ? "SAVEPOINT retort_reflect"
	                           : "BEGIN ISOLATION LEVEL REPEATABLE READ, "
	                             "READ ONLY") < 0)
		goto done;
	if (run_command(&r, sql_settings) == 0 && read_all(&r, out) == 0)
		rc = 0;
	/* read only: ending the transaction cannot lose anything, and after
	 * an error only a rollback is possible */
	if (nested) {
		if (run_command(&r, "ROLLBACK TO SAVEPOINT retort_reflect") <
		        0 ||
		    run_command(&r, "RELEASE SAVEPOINT retort_reflect") < 0)
			rc = -1;
	} else if (run_command(&r, rc == 0 ? "COMMIT" : "ROLLBACK") < 0) {
		rc = -1;
	}
	if (rc == 0)
		schema_sort(out);
done:
	if (stats)
		stats->queries += r.queries;
	return rc;
}

int reflect_pg(struct session *s, struct db *db, struct schema *out,
               struct reflect_stats *stats)
{
	PGconn *conn = (PGconn *)db_pg(db);
	if (!conn) {
		diag_global(s->diag, SEV_ERROR, "not a postgresql connection");
		return -1;
	}
	return reflect_pg_conn(s, conn, out, stats);
}
