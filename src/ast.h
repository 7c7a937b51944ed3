/*
 * ast.h - the builders behind the grammar's actions.
 *
 * The parser (grammar/parser.y) stays thin, SQLite's sqlite3StartTable
 * habit: every action is one call to an ast_* function declared here,
 * which allocates from the session arena and fills the portable schema's
 * structures (schema.h) or the migration operations (ops.h).  Nothing here
 * resolves names or types: that is the checker's job.
 *
 * struct ast is the state of one parse (the lexer's "extra" data and the
 * parser's parameter): the session, the source, where results go, and the
 * table whose body is being parsed.
 */
#ifndef RETORT_AST_H
#define RETORT_AST_H

#include <stdbool.h>
#include <stdint.h>

#include "ops.h"
#include "schema.h"
#include "session.h"

/* The parser's location type: byte offsets into the source, end
 * exclusive.  Turned into struct span by ast_span. */
struct loc {
	uint32_t start, end;
};

/* A list of names or strings being built (arena memory). */
struct strlist {
	int n, cap;
	const char **v;
};

/* A column definition and the constraints written as its clauses (primary
 * key, unique, references, check), before it joins a table. */
struct coldef {
	struct column *col;
	int ncons, capcons;
	struct constraint **cons;
};

/*
 * Semantic values: the parser's %union holds only pointers and scalars,
 * so that bison's stack entries are one word and every shift and default
 * reduction copies 8 bytes.  Names (struct qname), dotted names, types and
 * foreign key tails are therefore handed around as arena pointers; the
 * builder that consumes one copies it into its final home.  Types and
 * qualified names are recycled through a one-slot spare in struct ast (a
 * 140,000-column model would otherwise leave 9 MB of dead types).
 */

/* T.C or S.T.C in migration operations: a table and a last part (a
 * column or a constraint name). */
struct dotted {
	struct qname table;
	const char *last;
	struct span last_span;
};

/* The tail of a foreign key: actions and deferrability. */
struct fk_opts {
	enum fk_action on_delete, on_update;
	bool deferrable, initially_deferred;
};

/* The state of one parse. */
struct ast {
	struct session *s;
	struct source *src;
	struct schema *schema; /* parse_models: objects are appended here */
	struct migration *mig; /* parse_migration: the script */
	struct table *table;   /* the table whose items are being parsed */
	int section;           /* 0: upgrade, 1: downgrade */
	int start_token;       /* first token the lexer hands out, then 0 */
	uint32_t pos;          /* the lexer's byte offset */
	bool lex_done;         /* a fatal lexical error: hand out end of file */
	int errors;
	struct type *spare_type;   /* consumed by the last column, for reuse */
	struct qname *spare_qname; /* likewise, a consumed table name */
};

/* Starts a parse of src (comments of an earlier parse are forgotten). */
void ast_init(struct ast *a, struct session *s, struct source *src);

/* Location helpers.  ast_error reports a located error and counts it. */
struct span ast_span(struct ast *a, struct loc l);
void ast_error(struct ast *a, struct loc l, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Lexer services: token text in the arena (folded: unquoted identifiers;
 * unescaped: 'strings' and "quoted identifiers" whose quote is q), and
 * remembering a comment for fmt. */
char *ast_ident(struct ast *a, const char *text, int len);
char *ast_unquote(struct ast *a, const char *text, int len, char q);
char *ast_text(struct ast *a, const char *text, int len);
void ast_comment(struct ast *a, uint32_t start, uint32_t end, bool block);

/* A keyword used as a name: its text, lower case. */
char *ast_kw_name(struct ast *a, struct loc l);
/* Whether fmt_ident must quote name (a word the grammar reserves in some
 * position where a name can stand). */
bool ast_is_reserved(const char *name);

/* Names (arena memory: see "Semantic values" above). */
struct qname *ast_qname(struct ast *a, const char *schema, const char *name,
                        struct loc l);
struct dotted *ast_dotted(struct ast *a, const char *p1, const char *p2,
                          const char *p3, struct loc last, struct loc l);
struct strlist *ast_list(struct ast *a, struct strlist *list, const char *item);

/* Types: a (possibly qualified: schema may be NULL) name, then modifiers,
 * which change t in place and return it; ast_type_builtin for the
 * multi-word spellings (double precision...), given the folded name. */
struct type *ast_type(struct ast *a, const char *schema, const char *name,
                      struct loc l);
struct type *ast_type_builtin(struct ast *a, const char *name, struct loc l);
struct type *ast_type_args(struct ast *a, struct type *t, const char *n1,
                           const char *n2, struct loc l);
struct type *ast_type_array(struct ast *a, struct type *t, struct loc l);

/* Expressions: between parentheses at lp and rp (text without them), a
 * bare literal, or a function call (the text of l, parens false). */
struct expr *ast_expr_paren(struct ast *a, struct loc lp, struct loc rp);
struct expr *ast_expr_bare(struct ast *a, struct loc l);

/* Column definitions: clauses apply to a coldef, in any order.  Clauses
 * that become constraints take the location of their keyword (kw) and of
 * the whole rule (l): the constraint's span runs from kw to the end. */
struct coldef *ast_coldef_new(struct ast *a);
struct coldef *ast_col_null(struct ast *a, struct coldef *cd, bool not_null);
struct coldef *ast_col_default(struct ast *a, struct coldef *cd,
                               struct expr *e);
struct coldef *ast_col_key(struct ast *a, struct coldef *cd,
                           enum constraint_kind kind, struct loc kw,
                           struct loc l);
struct coldef *ast_col_autoincrement(struct ast *a, struct coldef *cd);
struct coldef *ast_col_generated(struct ast *a, struct coldef *cd,
                                 struct expr *e);
struct coldef *ast_col_identity(struct ast *a, struct coldef *cd,
                                enum identity_kind kind);
struct coldef *ast_col_collate(struct ast *a, struct coldef *cd,
                               const char *name);
struct coldef *ast_col_references(struct ast *a, struct coldef *cd,
                                  struct qname *table, struct strlist *cols,
                                  struct fk_opts *o, struct loc kw,
                                  struct loc l);
struct coldef *ast_col_check(struct ast *a, struct coldef *cd, struct expr *e,
                             struct loc kw, struct loc l);
struct coldef *ast_col_comment(struct ast *a, struct coldef *cd,
                               const char *text);
struct coldef *ast_col_renamed(struct ast *a, struct coldef *cd,
                               const char *old);
/* Names the column and gives it its type (copied: t is recycled) and
 * spans. */
struct coldef *ast_column(struct ast *a, const char *name, struct loc name_loc,
                          struct type *t, struct coldef *cd, struct loc l);

/* Foreign key tails.  NULL is the empty tail (nothing written, the common
 * case, so it costs no allocation); the others return o, allocated on
 * first use. */
struct fk_opts *ast_fk_none(void);
struct fk_opts *ast_fk_action(struct ast *a, struct fk_opts *o, bool on_delete,
                              enum fk_action act, struct loc l);
struct fk_opts *ast_fk_deferrable(struct ast *a, struct fk_opts *o,
                                  bool initially_deferred);

/* Table-level constraints (name NULL when not written). */
struct constraint *ast_con_keys(struct ast *a, enum constraint_kind kind,
                                const char *name, struct strlist *cols,
                                struct loc l);
struct constraint *ast_con_check(struct ast *a, const char *name,
                                 struct expr *e, struct loc l);
struct constraint *ast_con_foreign_key(struct ast *a, const char *name,
                                       struct strlist *cols, struct qname *ref,
                                       struct strlist *ref_cols,
                                       struct fk_opts *o, struct loc l);

/* Indexes: elements, then the list, then the whole definition. */
struct index_elem *ast_elem_column(struct ast *a, const char *name,
                                   struct loc l);
struct index_elem *ast_elem_expr(struct ast *a, struct expr *e, struct loc l);
struct index_elem *ast_elem_order(struct ast *a, struct index_elem *e,
                                  bool desc, struct loc l);
struct index *ast_index_elems(struct ast *a, struct index *ix,
                              struct index_elem *e);
struct index *ast_index(struct ast *a, struct index *ix, bool unique,
                        const char *name, const char *method,
                        struct expr *where, struct loc l);

/* Tables: begin sets a->table, items are added to it, end gives its span. */
struct table *ast_table_begin(struct ast *a, struct qname *name,
                              const char *renamed_from);
void ast_table_column(struct ast *a, struct coldef *cd);
void ast_table_constraint(struct ast *a, struct constraint *c);
void ast_table_index(struct ast *a, struct index *ix);
void ast_table_comment(struct ast *a, const char *text, struct loc l);
struct table *ast_table_end(struct ast *a, struct table *t, struct loc l);

/* Top-level declarations of model files (appended to a->schema). */
void ast_model_table(struct ast *a, struct table *t);
struct enum_type *ast_enum(struct ast *a, struct qname *name,
                           struct strlist *values, struct loc l);
void ast_model_enum(struct ast *a, struct enum_type *e);
struct view *ast_view(struct ast *a, struct qname *name, struct expr *query,
                      struct loc l);
void ast_model_view(struct ast *a, struct view *v);
void ast_model_type(struct ast *a, struct qname *name, struct loc l);

/* Migration scripts: header, sections, operations. */
void ast_mig_rev(struct ast *a, const char *rev, struct loc l);
void ast_mig_parent(struct ast *a, const char *rev);
void ast_mig_message(struct ast *a, const char *text);
void ast_mig_created(struct ast *a, const char *text);
void ast_mig_section(struct ast *a, int section);
void ast_mig_op(struct ast *a, struct op *op);
void ast_mig_end(struct ast *a, struct loc l);

struct op *ast_op_create_table(struct ast *a, struct table *t, struct loc l);
/* drop table / index / enum / view: target only */
struct op *ast_op_target(struct ast *a, enum op_kind kind, struct qname *target,
                         struct loc l);
/* rename table / index / enum */
struct op *ast_op_rename(struct ast *a, enum op_kind kind, struct qname *target,
                         const char *new_name, struct loc l);
/* drop column, set/drop not null, drop default (column = last part);
 * drop constraint (name = last part) */
struct op *ast_op_column(struct ast *a, enum op_kind kind, struct dotted *d,
                         struct loc l);
/* rename column / constraint */
struct op *ast_op_rename_in(struct ast *a, enum op_kind kind, struct dotted *d,
                            const char *new_name, struct loc l);
struct op *ast_op_add_column(struct ast *a, struct dotted *d, struct coldef *cd,
                             struct loc l);
struct op *ast_op_set_type(struct ast *a, struct dotted *d, struct type *t,
                           const char *collation, struct expr *using_expr,
                           struct loc l);
struct op *ast_op_set_identity(struct ast *a, struct dotted *d,
                               enum identity_kind kind, struct loc l);
struct op *ast_op_set_default(struct ast *a, struct dotted *d, struct expr *e,
                              struct loc l);
struct op *ast_op_set_comment(struct ast *a, struct dotted *d, const char *text,
                              struct loc l);
struct op *ast_op_add_constraint(struct ast *a, struct constraint *c,
                                 struct qname *table, struct loc l);
struct op *ast_op_create_index(struct ast *a, struct index *ix,
                               struct qname *table, struct loc l);
struct op *ast_op_create_enum(struct ast *a, struct enum_type *e, struct loc l);
struct op *ast_op_enum_value(struct ast *a, struct qname *target,
                             const char *value, enum enum_position pos,
                             const char *anchor, struct loc l);
struct op *ast_op_rename_enum_value(struct ast *a, struct qname *target,
                                    const char *value, const char *new_value,
                                    struct loc l);
struct op *ast_op_create_view(struct ast *a, struct view *v, struct loc l);
struct op *ast_op_comment_table(struct ast *a, struct qname *target,
                                const char *text, struct loc l);
struct op *ast_op_comment_column(struct ast *a, struct dotted *d,
                                 const char *text, struct loc l);
struct op *ast_op_text(struct ast *a, enum op_kind kind, const char *dialect,
                       const char *text, struct loc l);

#endif
