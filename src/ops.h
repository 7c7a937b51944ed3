/*
 * ops.h - migration operations, as written in migration scripts
 * (DESIGN §3) and, later, as produced by the differ.
 *
 * A migration is a header (revision, parents, message, created) and two
 * ordered lists of operations.  Definitions inside ops (a table of
 * `create table`, a column of `add column`...) use the portable schema's
 * structures, so the script printer, the SQL compiler and the simulator
 * share one vocabulary with the models.  Everything is arena memory.
 */
#ifndef RETORT_OPS_H
#define RETORT_OPS_H

#include "schema.h"

enum op_kind {
	OP_CREATE_TABLE,      /* tdef */
	OP_DROP_TABLE,        /* target */
	OP_RENAME_TABLE,      /* target -> new_name */
	OP_ADD_COLUMN,        /* target . cdef */
	OP_DROP_COLUMN,       /* target . column */
	OP_RENAME_COLUMN,     /* target . column -> new_name */
	OP_ALTER_TYPE,        /* target . column set type `type` [using expr] */
	OP_SET_NOT_NULL,      /* target . column */
	OP_DROP_NOT_NULL,     /* target . column */
	OP_SET_DEFAULT,       /* target . column, expr */
	OP_DROP_DEFAULT,      /* target . column */
	OP_SET_IDENTITY,      /* target . column set generated `identity` */
	OP_DROP_IDENTITY,     /* target . column */
	OP_SET_AUTOINCREMENT, /* target . column */
	OP_DROP_AUTOINCREMENT, /* target . column */
	OP_SET_COMMENT,     /* alter column target . column set comment text */
	OP_ADD_CONSTRAINT,  /* con to target */
	OP_DROP_CONSTRAINT, /* target . name */
	OP_RENAME_CONSTRAINT, /* target . name -> new_name */
	OP_CREATE_INDEX,      /* idx (idx->table is the table) */
	OP_DROP_INDEX,     /* target is the (possibly qualified) index name */
	OP_RENAME_INDEX,   /* target -> new_name */
	OP_CREATE_ENUM,    /* edef */
	OP_ADD_ENUM_VALUE, /* target, value [before|after anchor] */
	OP_RENAME_ENUM_VALUE, /* target, value -> new_value */
	OP_RENAME_ENUM,       /* target -> new_name */
	OP_DROP_ENUM,         /* target */
	OP_CREATE_VIEW,       /* vdef */
	OP_DROP_VIEW,         /* target */
	OP_COMMENT_TABLE,     /* comment on table target is text (NULL: drop) */
	OP_COMMENT_COLUMN,    /* comment on column target . column is text */
	OP_EXECUTE,           /* execute [dialect] text */
	OP_WARNING            /* warning text */
};

enum enum_position { ENUM_AT_END, ENUM_BEFORE, ENUM_AFTER };

struct op {
	enum op_kind kind;
	struct span span;
	struct qname target; /* table, index, enum or view the op acts on */
	const char *column;
	const char *name;     /* constraint name */
	const char *new_name; /* rename target */
	struct table *tdef;
	struct column *cdef;
	struct constraint *con;
	struct index *idx;
	struct enum_type *edef;
	struct view *vdef;
	struct type type;      /* set type */
	const char *collation; /* set type: the collation after, or NULL */
	enum identity_kind identity;            /* set identity */
	struct expr *expr;                      /* using / default */
	const char *value, *new_value, *anchor; /* enum values */
	enum enum_position position;
	const char *dialect; /* execute: "sqlite", "postgresql" or NULL */
	const char *text;    /* execute SQL, warning text, comment text */
	/* why the differ made the op, with both sides' lowered values (set
	 * with -v only; printed as `--` comments, never parsed back) */
	const char *explain;
};

struct migration {
	const char *rev;
	struct span rev_span;
	int nparents, capparents; /* 0 for `parent none` */
	const char **parents;
	const char *message;
	const char *created;
	int nup, capup;
	struct op **up;
	int ndown, capdown;
	struct op **down;
	struct span span;
};

#endif
