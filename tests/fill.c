/*
 * tests/fill.c - rows for the migration property tests (tests/migrate.test,
 * tests/migrate-pg.test, tests/lib/migrate.sh).  A test program linked with
 * libretort.a, not installed.
 *
 *   fill --dialect D --rows N MODELS
 *       loads and checks the models and prints INSERT statements for N rows
 *       of every table, tables in foreign-key order.  Row i's value of a
 *       column is a function of its type and i only, and a foreign-key
 *       column takes the value of the column it references, so that child
 *       row i points at parent row i.  Foreign keys that close a cycle are
 *       left NULL by the INSERTs and set by UPDATEs once every table is
 *       filled.  A row that breaks a unique or check constraint is skipped
 *       (SQLite: INSERT OR IGNORE; PostgreSQL: ON CONFLICT DO NOTHING, and
 *       the caller runs the fill without stopping at errors); generated and
 *       identity columns are left to the database.
 *
 *   fill --dialect D --common a|b A B
 *       prints one SELECT per table that A and B share (by name, or by a
 *       `renamed from` hint in B), of the columns they share with the same
 *       type, in A's names (a) or B's names (b).  Each row starts with A's
 *       name of the table, so the two outputs, sorted, are equal exactly
 *       when the rows of the shared columns survived a migration.
 *
 * Exit status: 0, or 2 on bad usage or models that do not check.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "depsort.h"
#include "emit.h"
#include "load.h"
#include "schema.h"
#include "session.h"
#include "strbuf.h"

/* How deep a chain of foreign keys is followed to find the column whose
 * type gives a value (a chain longer than any schema of the tests means a
 * cycle of foreign-key columns). */
#define MAX_FK_DEPTH 16

/* The foreign key of t that column c belongs to, and c's position in it. */
static const struct constraint *column_fk(const struct table *t, const char *c,
                                          int *pos)
{
	for (int i = 0; i < t->ncons; i++) {
		const struct constraint *k = t->cons[i];
		if (k->kind != CON_FOREIGN_KEY)
			continue;
		for (int j = 0; j < k->ncols; j++)
			if (!strcmp(k->cols[j], c)) {
				*pos = j;
				return k;
			}
	}
	return NULL;
}

/* Appends a date in 2001 (a non-leap year) for day i. */
static void put_date(struct strbuf *out, int i)
{
	static const int mdays[] = {31, 28, 31, 30, 31, 30,
	                            31, 31, 30, 31, 30, 31};
	int d = i % 365, m = 0;
	while (d >= mdays[m])
		d -= mdays[m++];
	strbuf_printf(out, "2001-%02d-%02d", m + 1, d + 1);
}

/* Appends the literal of row i for a column of type t, or returns -1 when
 * the type has no portable literal here (arrays, native and external
 * types): the column is then left out of the INSERT. */
static int put_value(struct session *s, const struct schema *sch,
                     const struct type *t, int i, struct strbuf *out)
{
	if (t->array_dims > 0)
		return -1;
	switch (t->kind) {
	case TYPE_SMALLINT:
		strbuf_printf(out, "%d", i % 32767);
		return 0;
	case TYPE_INTEGER:
	case TYPE_BIGINT:
		strbuf_printf(out, "%d", i);
		return 0;
	case TYPE_REAL:
	case TYPE_DOUBLE:
		strbuf_printf(out, "%d.5", i);
		return 0;
	case TYPE_NUMERIC: {
		/* an integer that fits the precision's integer digits */
		int digits = t->nargs > 0
		                 ? t->args[0] - (t->nargs > 1 ? t->args[1] : 0)
		                 : 9;
		int mod = 1;
		for (int d = 0; d < digits && d < 9; d++)
			mod *= 10;
		strbuf_printf(out, "%d", i % mod);
		return 0;
	}
	case TYPE_BOOLEAN:
		strbuf_puts(out, i % 2 ? "TRUE" : "FALSE");
		return 0;
	case TYPE_TEXT:
	case TYPE_VARCHAR:
	case TYPE_CHAR: {
		char buf[32];
		snprintf(buf, sizeof buf, "r%d", i);
		if (t->nargs > 0 && t->args[0] < (int)strlen(buf))
			buf[t->args[0]] = '\0';
		emit_string(out, buf);
		return 0;
	}
	case TYPE_DATE:
		strbuf_putc(out, '\'');
		put_date(out, i);
		strbuf_putc(out, '\'');
		return 0;
	case TYPE_TIME:
		strbuf_printf(out, "'10:%02d:%02d'", i / 60 % 60, i % 60);
		return 0;
	case TYPE_TIMESTAMP:
	case TYPE_TIMESTAMPTZ:
		strbuf_putc(out, '\'');
		put_date(out, i);
		strbuf_printf(out, " 10:%02d:%02d%s'", i / 60 % 60, i % 60,
		              t->kind == TYPE_TIMESTAMPTZ ? "+00" : "");
		return 0;
	case TYPE_INTERVAL:
		strbuf_printf(out, "'%d days'", i);
		return 0;
	case TYPE_BLOB: {
		/* the bytes of 'r<i>': no NUL, so that the sqlite3 shell
		 * prints the whole value when the rows are compared */
		char buf[32];
		snprintf(buf, sizeof buf, "r%d", i);
		strbuf_puts(out, s->dialect == DIALECT_SQLITE ? "X'" : "'\\x");
		for (const char *p = buf; *p; p++)
			strbuf_printf(out, "%02x", (unsigned char)*p);
		strbuf_putc(out, '\'');
		return 0;
	}
	case TYPE_JSON:
	case TYPE_JSONB:
		strbuf_printf(out, "'{\"r\": %d}'", i);
		return 0;
	case TYPE_UUID:
		strbuf_printf(out, "'00000000-0000-4000-8000-%012x'",
		              (unsigned)i);
		return 0;
	case TYPE_ENUM: {
		const struct enum_type *e =
		    schema_find_enum(sch, t->schema, t->name);
		if (!e || e->nvalues == 0)
			return -1;
		emit_string(out, e->values[(i - 1) % e->nvalues]);
		return 0;
	}
	case TYPE_NATIVE:
	case TYPE_EXTERNAL:
	case TYPE_UNRESOLVED:
		break;
	}
	return -1;
}

/* Appends row i's value of column c of table t: a foreign-key column takes
 * the value of the column it references. */
static int put_column_value(struct session *s, const struct schema *sch,
                            const struct table *t, const struct column *c,
                            int i, struct strbuf *out)
{
	for (int depth = 0; depth < MAX_FK_DEPTH; depth++) {
		int pos;
		const struct constraint *k = column_fk(t, c->name, &pos);
		if (!k || pos >= k->nref_cols)
			break;
		const struct table *p = schema_find_table(
		    sch, k->ref_table.schema, k->ref_table.name);
		const struct column *pc =
		    p ? table_find_column(p, k->ref_cols[pos]) : NULL;
		if (!pc)
			break;
		t = p;
		c = pc;
	}
	return put_value(s, sch, &c->type, i, out);
}

/* Whether the database gives the column its value. */
static bool column_generated(const struct column *c)
{
	return c->generated || c->identity != IDENTITY_NONE;
}

/* Whether column c of t belongs to a foreign key that closes a cycle (it
 * is set by an UPDATE after every table is filled); a NOT NULL column
 * cannot wait, so it is filled at once and its row may be refused. */
static bool column_deferred(const struct table *t, const struct column *c,
                            const struct depsort_fk *def, int ndef)
{
	if (c->not_null)
		return false;
	for (int i = 0; i < ndef; i++) {
		if (def[i].table != t)
			continue;
		for (int j = 0; j < def[i].con->ncols; j++)
			if (!strcmp(def[i].con->cols[j], c->name))
				return true;
	}
	return false;
}

static void put_insert(struct session *s, const struct schema *sch,
                       const struct table *t, const struct depsort_fk *def,
                       int ndef, int i, struct strbuf *out)
{
	struct strbuf cols = STRBUF_INIT, vals = STRBUF_INIT, v = STRBUF_INIT;
	for (int j = 0; j < t->ncols; j++) {
		const struct column *c = t->cols[j];
		strbuf_reset(&v);
		if (column_generated(c) || column_deferred(t, c, def, ndef) ||
		    put_column_value(s, sch, t, c, i, &v) < 0)
			continue;
		strbuf_puts(&cols, cols.len ? ", " : "(");
		emit_ident(&cols, c->name);
		strbuf_puts(&vals, vals.len ? ", " : "VALUES (");
		strbuf_puts(&vals, strbuf_str(&v));
	}
	strbuf_puts(out, s->dialect == DIALECT_SQLITE ? "INSERT OR IGNORE INTO "
	                                              : "INSERT INTO ");
	emit_qname(out, &t->name);
	if (cols.len)
		strbuf_printf(out, " %s) %s)", strbuf_str(&cols),
		              strbuf_str(&vals));
	else
		strbuf_puts(out, " DEFAULT VALUES");
	if (s->dialect == DIALECT_POSTGRESQL)
		strbuf_puts(out, " ON CONFLICT DO NOTHING");
	strbuf_puts(out, ";\n");
	strbuf_free(&cols);
	strbuf_free(&vals);
	strbuf_free(&v);
}

/* The UPDATE that sets row i's deferred foreign-key columns, found by its
 * primary key (a table without one keeps them NULL). */
static void put_update(struct session *s, const struct schema *sch,
                       const struct table *t, const struct depsort_fk *def,
                       int ndef, int i, struct strbuf *out)
{
	const struct constraint *pk = table_primary_key(t);
	if (!pk)
		return;
	struct strbuf set = STRBUF_INIT;
	for (int j = 0; j < t->ncols; j++) {
		const struct column *c = t->cols[j];
		if (!column_deferred(t, c, def, ndef))
			continue;
		strbuf_puts(&set, set.len ? ", " : "");
		emit_ident(&set, c->name);
		strbuf_puts(&set, " = ");
		if (put_column_value(s, sch, t, c, i, &set) < 0)
			strbuf_puts(&set, "NULL");
	}
	if (set.len) {
		strbuf_puts(out, "UPDATE ");
		emit_qname(out, &t->name);
		strbuf_printf(out, " SET %s WHERE ", strbuf_str(&set));
		for (int j = 0; j < pk->ncols; j++) {
			const struct column *c =
			    table_find_column(t, pk->cols[j]);
			strbuf_puts(out, j ? " AND " : "");
			emit_ident(out, c->name);
			strbuf_puts(out, " = ");
			if (column_generated(c) ||
			    put_column_value(s, sch, t, c, i, out) < 0)
				strbuf_puts(out, "NULL");
		}
		strbuf_puts(out, ";\n");
	}
	strbuf_free(&set);
}

static int fill(struct session *s, const struct schema *sch, int rows,
                struct strbuf *out)
{
	struct table **order;
	struct depsort_fk *def;
	int ndef;
	if (depsort_tables(s, sch->ntables, sch->tables, &order, &def, &ndef) <
	    0)
		return -1;
	/* SQLite checks foreign keys only when asked: a row whose parent
	 * row was refused must be refused too, or the migration's
	 * foreign_key_check would blame the migration */
	if (s->dialect == DIALECT_SQLITE)
		strbuf_puts(out, "PRAGMA foreign_keys = ON;\n");
	for (int t = 0; t < sch->ntables; t++)
		for (int i = 1; i <= rows; i++)
			put_insert(s, sch, order[t], def, ndef, i, out);
	for (int t = 0; t < sch->ntables; t++)
		for (int i = 1; i <= rows; i++)
			put_update(s, sch, order[t], def, ndef, i, out);
	return 0;
}

/* B's table for A's table a: the one named `renamed from` a (when A has no
 * table of its own name), else the one of a's name. */
static const struct table *match_table(const struct schema *sa,
                                       const struct schema *sb,
                                       const struct table *a)
{
	for (int i = 0; i < sb->ntables; i++) {
		const struct table *b = sb->tables[i];
		if (b->renamed_from && !strcmp(b->renamed_from, a->name.name) &&
		    !schema_find_table(sa, b->name.schema, b->name.name))
			return b;
	}
	return schema_find_table(sb, a->name.schema, a->name.name);
}

/* The same, for columns of two matched tables. */
static const struct column *match_column(const struct table *ta,
                                         const struct table *tb,
                                         const struct column *a)
{
	for (int i = 0; i < tb->ncols; i++) {
		const struct column *b = tb->cols[i];
		if (b->renamed_from && !strcmp(b->renamed_from, a->name) &&
		    !table_find_column(ta, b->name))
			return b;
	}
	return table_find_column(tb, a->name);
}

/* Whether every value of enum a is a value of enum b (a value renamed or
 * removed changes the rows that hold it, on purpose). */
static bool enum_values_kept(const struct enum_type *a,
                             const struct enum_type *b)
{
	if (!a || !b)
		return false;
	for (int i = 0; i < a->nvalues; i++) {
		int j = 0;
		while (j < b->nvalues && strcmp(a->values[i], b->values[j]))
			j++;
		if (j == b->nvalues)
			return false;
	}
	return true;
}

static bool same_type(struct session *s, const struct schema *sa,
                      const struct schema *sb, const struct column *a,
                      const struct column *b)
{
	if (strcmp(type_to_string(s->arena, &a->type),
	           type_to_string(s->arena, &b->type)))
		return false;
	if ((a->type.schema == NULL) != (b->type.schema == NULL) ||
	    (a->type.schema && strcmp(a->type.schema, b->type.schema)))
		return false;
	if (a->type.kind == TYPE_ENUM &&
	    !enum_values_kept(
	        schema_find_enum(sa, a->type.schema, a->type.name),
	        schema_find_enum(sb, b->type.schema, b->type.name)))
		return false;
	/* a generated column keeps its values only while its expression
	 * stays the same */
	if ((a->generated == NULL) != (b->generated == NULL) ||
	    (a->generated && strcmp(a->generated->text, b->generated->text)))
		return false;
	return true;
}

static void common(struct session *s, const struct schema *sa,
                   const struct schema *sb, bool side_b, struct strbuf *out)
{
	for (int i = 0; i < sa->ntables; i++) {
		const struct table *ta = sa->tables[i];
		const struct table *tb = match_table(sa, sb, ta);
		if (!tb)
			continue;
		struct strbuf cols = STRBUF_INIT;
		for (int j = 0; j < ta->ncols; j++) {
			const struct column *a = ta->cols[j];
			const struct column *b = match_column(ta, tb, a);
			if (!b || !same_type(s, sa, sb, a, b))
				continue;
			strbuf_puts(&cols, ", ");
			emit_ident(&cols, side_b ? b->name : a->name);
		}
		if (cols.len) {
			struct strbuf label = STRBUF_INIT;
			if (ta->name.schema)
				strbuf_printf(&label, "%s.", ta->name.schema);
			strbuf_puts(&label, ta->name.name);
			strbuf_puts(out, "SELECT ");
			emit_string(out, strbuf_str(&label));
			strbuf_printf(out, "%s FROM ", strbuf_str(&cols));
			emit_qname(out, side_b ? &tb->name : &ta->name);
			strbuf_puts(out, ";\n");
			strbuf_free(&label);
		}
		strbuf_free(&cols);
	}
}

static int usage(void)
{
	fputs("usage: fill --dialect D --rows N MODELS\n"
	      "       fill --dialect D --common a|b A B\n",
	      stderr);
	return 2;
}

int main(int argc, char **argv)
{
	struct session s;
	const char *side = NULL;
	int rows = -1, i = 1;
	session_open(&s);
	for (; i + 1 < argc && !strncmp(argv[i], "--", 2); i += 2) {
		if (!strcmp(argv[i], "--dialect") &&
		    dialect_parse(argv[i + 1], &s.dialect))
			continue;
		if (!strcmp(argv[i], "--rows"))
			rows = atoi(argv[i + 1]);
		else if (!strcmp(argv[i], "--common"))
			side = argv[i + 1];
		else
			break;
	}
	int rc = 2;
	struct schema a = {0}, b = {0};
	struct strbuf out = STRBUF_INIT;
	if (side && (strcmp(side, "a") && strcmp(side, "b"))) {
		rc = usage();
	} else if (side && i + 2 == argc) {
		if (load_models(&s, argv[i], &a) == 0 &&
		    load_models(&s, argv[i + 1], &b) == 0) {
			common(&s, &a, &b, !strcmp(side, "b"), &out);
			rc = 0;
		}
	} else if (!side && rows >= 0 && i + 1 == argc) {
		if (load_models(&s, argv[i], &a) == 0 &&
		    fill(&s, &a, rows, &out) == 0)
			rc = 0;
	} else {
		rc = usage();
	}
	if (rc == 0)
		fwrite(strbuf_str(&out), 1, out.len, stdout);
	strbuf_free(&out);
	session_close(&s);
	return rc;
}
