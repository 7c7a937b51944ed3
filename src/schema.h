/*
 * schema.h - the portable schema: the one in-memory form of a schema.
 *
 * The parser fills these structures from model files (one call per grammar
 * action, through ast.c), the checker resolves names and fills in the
 * names the naming convention gives, and later stages (reflectors, differ,
 * simulator) produce and compare them.  Everything is arena memory.
 *
 * Names: unquoted identifiers are folded to lower case by the lexer (as
 * PostgreSQL does); quoted identifiers are kept verbatim.  So every name
 * here is the real name in the database, and back ends always quote.
 *
 * Order: columns keep their declared order (it is meaningful).  Everything
 * else is put in canonical order by schema_sort: tables, enums, views and
 * types by (schema, name); constraints by (kind, name); indexes by name.
 * Spans keep the written position so `fmt` can restore the written layout.
 */
#ifndef RETORT_SCHEMA_H
#define RETORT_SCHEMA_H

#include <stdbool.h>
#include <stdint.h>

#include "source.h"

struct arena;
struct strbuf;

/* A possibly schema-qualified name; schema is NULL for the default. */
struct qname {
	const char *schema;
	const char *name;
	struct span span;
};

/* SQL text kept verbatim (without the outer parentheses it was written
 * in).  parens records whether the model wrote it in parentheses; a bare
 * literal (42, -1.5, 'x', true, null, current_timestamp) has parens false. */
struct expr {
	const char *text;
	bool parens;
	struct span span; /* the text, without the parentheses */
	/* PostgreSQL's own spelling of text (lower_normalize_pg), which
	 * lowering compares instead; NULL when not asked for */
	const char *server;
};

/* Whether the model language takes text as a default without
 * parentheses (a number, a string literal, true, false, null,
 * current_timestamp, current_date, current_time): the grammar's bare
 * defaults.  The printers and reflectors decide expr->parens by it. */
bool expr_is_bare_default(const char *text);

enum type_kind {
	TYPE_SMALLINT,
	TYPE_INTEGER,
	TYPE_BIGINT,
	TYPE_REAL,
	TYPE_DOUBLE,
	TYPE_NUMERIC,
	TYPE_BOOLEAN,
	TYPE_TEXT,
	TYPE_VARCHAR,
	TYPE_CHAR,
	TYPE_DATE,
	TYPE_TIME,
	TYPE_TIMESTAMP,
	TYPE_TIMESTAMPTZ,
	TYPE_INTERVAL,
	TYPE_BLOB,
	TYPE_JSON,
	TYPE_JSONB,
	TYPE_UUID,
	TYPE_ENUM,   /* an enum of the schema: name/schema say which */
	TYPE_NATIVE, /* a PostgreSQL built-in outside the portable set (inet) */
	TYPE_EXTERNAL,  /* declared with `type NAME` (e.g. citext) */
	TYPE_UNRESOLVED /* as parsed; the checker resolves it */
};

struct type {
	enum type_kind kind;
	const char *schema; /* for enum/external types, or NULL */
	const char *name;   /* as written (folded), e.g. "varchar", "inet" */
	int nargs;          /* 0..2: varchar(n), numeric(p,s), char(n)... */
	int args[2];
	int array_dims; /* T[] => 1 */
	struct span span;
};

enum fk_action {
	FK_UNSPECIFIED, /* not written; the database's default (NO ACTION) */
	FK_NO_ACTION,
	FK_RESTRICT,
	FK_CASCADE,
	FK_SET_NULL,
	FK_SET_DEFAULT
};

enum identity_kind { IDENTITY_NONE, IDENTITY_ALWAYS, IDENTITY_BY_DEFAULT };

struct column {
	const char *name;
	struct span span;      /* the whole definition */
	struct span name_span; /* the name */
	struct type type;
	bool not_null;     /* `not null` written, or implied by primary key */
	bool null_written; /* `null` written explicitly (for fmt) */
	bool not_null_written; /* `not null` written explicitly (for fmt) */
	struct expr *default_expr;
	struct expr *generated; /* generated always as (E) stored */
	enum identity_kind identity;
	bool autoincrement;
	const char *collation;
	const char *comment;
	const char *renamed_from; /* rename hint, or NULL */
};

enum constraint_kind {
	CON_PRIMARY_KEY,
	CON_UNIQUE,
	CON_CHECK,
	CON_FOREIGN_KEY
};

struct constraint {
	enum constraint_kind kind;
	const char *name;  /* written, or given by the checker's convention */
	bool name_written; /* the model named it */
	struct span span;
	int ncols;
	const char **cols; /* pk / unique / fk columns of this table */
	struct expr *check;
	/* foreign key */
	struct qname ref_table;
	int nref_cols; /* 0 when not written: the checker fills in the PK */
	const char **ref_cols;
	bool ref_cols_written;
	enum fk_action on_delete, on_update;
	bool deferrable, initially_deferred;
	/* written as a column clause of this column (for fmt); NULL if
	 * written as a table item */
	const char *inline_column;
};

struct index_elem {
	const char *column; /* a plain column, or NULL */
	struct expr *expr;  /* a function call (expr->parens false) or (E) */
	bool desc;
	bool asc_written; /* `asc` written explicitly (for fmt) */
	struct span span;
};

struct index {
	const char *name; /* written, or given by the convention */
	bool name_written;
	bool unique;
	struct qname table; /* filled for `create index ... on T` ops */
	int nelems;
	struct index_elem *elems;
	const char *method; /* using METHOD, or NULL */
	struct expr *where;
	struct span span;
};

struct table {
	struct qname name;
	const char *renamed_from; /* rename hint, or NULL */
	struct span span;
	int ncols, capcols;
	struct column **cols;
	int ncons, capcons;
	struct constraint **cons;
	int nindexes, capindexes;
	struct index **indexes;
	const char *comment;
	struct span comment_span; /* the table-level `comment` item */
};

struct enum_type {
	struct qname name;
	int nvalues, capvalues;
	const char **values;
	struct span span;
};

struct view {
	struct qname name;
	struct expr *query;
	struct span span;
};

struct ext_type {
	struct qname name;
	struct span span;
};

struct schema {
	int ntables, captables;
	struct table **tables;
	int nenums, capenums;
	struct enum_type **enums;
	int nviews, capviews;
	struct view **views;
	int ntypes, captypes;
	struct ext_type **types;
};

/* Lookups compare names exactly (names are already folded); schema NULL
 * matches only the default schema.  They return NULL when absent. */
struct table *schema_find_table(const struct schema *s, const char *schema,
                                const char *name);
struct enum_type *schema_find_enum(const struct schema *s, const char *schema,
                                   const char *name);
struct ext_type *schema_find_type(const struct schema *s, const char *schema,
                                  const char *name);
struct view *schema_find_view(const struct schema *s, const char *schema,
                              const char *name);
struct column *table_find_column(const struct table *t, const char *name);
struct constraint *table_find_constraint(const struct table *t,
                                         const char *name);
struct constraint *table_primary_key(const struct table *t);
struct index *table_find_index(const struct table *t, const char *name);

/* An index of a schema's tables by (schema, name), for lookups repeated
 * over a large schema: built once (arena memory), it stays valid while
 * the schema's array of tables and their names do not change.
 * table_index_find returns the position in s->tables of the table
 * schema_find_table would find, or -1. */
struct table_index;
struct table_index *table_index_new(struct arena *a, const struct schema *s);
int table_index_find(const struct table_index *ix, const char *schema,
                     const char *name);

/* Whether two tables are the same in everything but their spans: names,
 * columns, constraints and indexes in the same order with the same
 * fields (written-form flags and rename hints included).  Stricter than
 * equal canonical JSON, so the same tables mean the same everywhere. */
bool table_same(const struct table *x, const struct table *y);

/* Deep copies into arena a: every array and sub-object is new, strings
 * and spans are shared (strings are never changed in place), so the copy
 * can be changed (renamed, extended, trimmed) without touching the
 * original.  For the simulator and the differ, which change a schema
 * that the models or a migration's ops still own. */
struct expr *expr_copy(struct arena *a, const struct expr *e);
struct column *column_copy(struct arena *a, const struct column *c);
struct constraint *constraint_copy(struct arena *a, const struct constraint *c);
struct index *index_copy(struct arena *a, const struct index *ix);
struct table *table_copy(struct arena *a, const struct table *t);
struct enum_type *enum_copy(struct arena *a, const struct enum_type *e);
struct view *view_copy(struct arena *a, const struct view *v);
void schema_copy(struct arena *a, struct schema *dst, const struct schema *src);

/* A copy for changing whole objects only: new tables (and new arrays of
 * tables, enums, views and types, and of each table's columns,
 * constraints and indexes), but the columns, constraints, indexes, enums,
 * views and types themselves are the original's.  So the copy's tables
 * may be renamed, reordered, given or rid of members, but a member must
 * be replaced by a changed copy, never changed in place, as the
 * simulator does (simulate.h).  A tenth of the cost of schema_copy on a
 * large schema, for the SQL compiler's state. */
void schema_copy_shallow(struct arena *a, struct schema *dst,
                         const struct schema *src);

/* Sorts the schema into canonical order (see the file comment). */
void schema_sort(struct schema *s);
/* Whether it is in canonical order already (schema_sort would change
 * nothing), as the checker leaves a model. */
bool schema_is_sorted(const struct schema *s);

/* Canonical JSON text of the schema (sorted first): names, types,
 * expressions, no spans.  Returns arena memory.  Two schemas are equal
 * exactly when their canonical JSON is equal. */
char *schema_to_json(struct arena *a, struct schema *s);
bool schema_equal(struct arena *a, struct schema *x, struct schema *y);
/* A stable 64-bit hash (FNV-1a of the canonical JSON). */
uint64_t schema_hash(struct arena *a, struct schema *s);

/* The portable spelling of a type as the schema language writes it, e.g.
 * "varchar(255)", "numeric(12, 2)", "payment_status", "integer[]".
 * Returns arena memory. */
char *type_to_string(struct arena *a, const struct type *t);

/* Lower-case names of the portable built-in types, with their kind. */
struct type_name {
	const char *name;
	enum type_kind kind;
	int min_args, max_args;
};
extern const struct type_name type_names[];
extern const int ntype_names;

/* The portable type a name stands for: a portable name or a common alias
 * (int, int4 -> integer; bool -> boolean; float8 -> double; decimal ->
 * numeric; bytea -> blob...).  NULL when it is neither. */
const struct type_name *type_lookup(const char *name);

/* PostgreSQL built-in types outside the portable set (inet, tsvector,
 * money...), sorted by strcmp; passed through verbatim on PostgreSQL as
 * TYPE_NATIVE, errors on SQLite. */
extern const char *const pg_native_types[];
extern const int npg_native_types;
bool type_is_pg_native(const char *name);

/* 1, 2, 3 for smallint, integer, bigint; 0 for any other kind. */
int type_int_rank(enum type_kind k);
/* text, varchar or char. */
bool type_is_string(enum type_kind k);
/*
 * Whether PostgreSQL converts a column of type x to y without a USING
 * clause: an implicit or assignment cast (integers among themselves and
 * to numeric and floats, anything to a string type, dates to timestamps,
 * json and jsonb), or the same type with other arguments.  The differ
 * calls the other changes lossy or not; the SQL compiler writes their
 * USING cast.
 */
bool type_converts_implicitly(const struct type *x, const struct type *y);
/*
 * Why converting a column of type x to y may lose data (integers or
 * precision narrowed, fractions or the time of day dropped, strings
 * truncated), as one lower-case clause (static text), or NULL when it
 * cannot.  The differ's warnings and `retort lint` say it.
 */
const char *type_change_loss(const struct type *x, const struct type *y);

#endif
