/*
 * parser.y - the one grammar of retort: model files (DESIGN §2) and
 * migration scripts (DESIGN §3).
 *
 * parse.c injects a first token, START_MODELS or START_MIGRATION, which
 * picks the start rule, so a table in a model and a `create table` in a
 * migration share every rule.  Actions are thin: each is one call into
 * ast.c, which fills the portable schema's structures.
 *
 * Expressions (default, check, where, generated, index expressions, view
 * queries, `using (E)`) are SQL text kept verbatim: the grammar only
 * checks that the parentheses balance and ast.c takes the source text
 * between them.
 *
 * Keywords are not reserved where a name can stand, with these
 * exceptions (forced by %expect 0; write the name quoted to use it):
 * - a column name at the start of a table item cannot be `primary`,
 *   `unique`, `foreign`, `check` or `index` (they start table items);
 * - a type name cannot be one of the column clause keywords `null`, `not`,
 *   `default`, `primary`, `unique`, `autoincrement`, `generated`,
 *   `collate`, `references`, `check`, `comment`, `renamed`;
 * - a constraint or index name cannot be `index`;
 * - a revision id cannot be a keyword (revisions are hex, so this never
 *   bites).
 * ast_is_reserved (used by fmt_ident) lists the union of these words.
 *
 * Errors: bison's detailed messages with the token aliases below, keywords
 * and punctuation in double quotes (yyreport_syntax_error), e.g.
 *   syntax error, unexpected ",", expecting identifier
 * The expected tokens are listed only when there are at most four; LAC
 * keeps the list exact (without it, default reductions would claim that
 * only "}" may follow a column that lacks its comma).  Recovery happens at
 * table items, top-level items, header lines and operations, so all syntax
 * errors of a file are reported in one run.
 */

%define api.pure full
%define api.location.type {struct loc}
%define parse.error custom
%define parse.lac full
%locations
%expect 0

%param {void *scanner}
%parse-param {struct ast *a}

%code requires {
#include "ast.h"
}

%code top {
#include <string.h>

#include "arena.h"
#include "strbuf.h"
}

%code {
/* parentheses nest in expressions: room for 10,000 levels */
#define YYMAXDEPTH 30000

int yylex(YYSTYPE *lval, YYLTYPE *lloc, void *scanner);
static void yyerror(YYLTYPE *loc, void *scanner, struct ast *a, const char *msg);

/* A rule's location starts at its first non-empty symbol, so that an
 * optional prefix that is absent (`[unique] index`) does not drag the
 * start back to the previous token.  A rule of one symbol, the most
 * common kind (name: IDENT), just copies its location. */
#define YYLLOC_DEFAULT(cur, rhs, n)                                   \
	do {                                                          \
		if ((n) == 1) {                                       \
			(cur) = YYRHSLOC(rhs, 1);                     \
		} else if (n) {                                       \
			int i_ = 1;                                   \
			while (i_ < (n) && YYRHSLOC(rhs, i_).start == \
			                       YYRHSLOC(rhs, i_).end) \
				i_++;                                 \
			(cur).start = YYRHSLOC(rhs, i_).start;        \
			(cur).end = YYRHSLOC(rhs, n).end;             \
		} else {                                              \
			(cur).start = (cur).end = YYRHSLOC(rhs, 0).end; \
		}                                                     \
	} while (0)
}

/* One word: bison copies a semantic value on every shift and default
 * reduction, so structs travel as arena pointers (see ast.h). */
%union {
	char *str;
	bool flag;
	int ival;
	struct qname *qname;
	struct dotted *dotted;
	struct type *type;
	struct expr *expr;
	struct strlist *list;
	struct coldef *coldef;
	struct fk_opts *fk;
	struct constraint *con;
	struct index_elem *elem;
	struct index *idx;
	struct table *table;
	struct enum_type *enm;
	struct view *view;
	struct op *op;
}

%token START_MODELS "start of a model file"
%token START_MIGRATION "start of a migration script"

%token <str> IDENT "identifier"
%token <str> QIDENT "quoted identifier"
%token <str> STRING "string"
%token <str> NUMBER "number"
%token <str> REVID "revision id"
%token OP "operator"
%token LPAREN "("
%token RPAREN ")"
%token COMMA ","
%token DOT "."
%token SEMI ";"
%token LBRACE "{"
%token RBRACE "}"
%token LBRACKET "["
%token RBRACKET "]"
%token MINUS "-"
%token PLUS "+"

%token K_ACTION "action"
%token K_ADD "add"
%token K_AFTER "after"
%token K_ALTER "alter"
%token K_ALWAYS "always"
%token K_AS "as"
%token K_ASC "asc"
%token K_AUTOINCREMENT "autoincrement"
%token K_BEFORE "before"
%token K_BY "by"
%token K_CASCADE "cascade"
%token K_CHARACTER "character"
%token K_CHECK "check"
%token K_COLLATE "collate"
%token K_COLUMN "column"
%token K_COMMENT "comment"
%token K_CONSTRAINT "constraint"
%token K_CREATE "create"
%token K_CREATED "created"
%token K_CURRENT_DATE "current_date"
%token K_CURRENT_TIME "current_time"
%token K_CURRENT_TIMESTAMP "current_timestamp"
%token K_DEFAULT "default"
%token K_DEFERRABLE "deferrable"
%token K_DEFERRED "deferred"
%token K_DELETE "delete"
%token K_DESC "desc"
%token K_DOUBLE "double"
%token K_DOWNGRADE "downgrade"
%token K_DROP "drop"
%token K_ENUM "enum"
%token K_EXECUTE "execute"
%token K_FALSE "false"
%token K_FOREIGN "foreign"
%token K_FROM "from"
%token K_GENERATED "generated"
%token K_IDENTITY "identity"
%token K_INDEX "index"
%token K_INITIALLY "initially"
%token K_IS "is"
%token K_KEY "key"
%token K_MESSAGE "message"
%token K_MIGRATION "migration"
%token K_NO "no"
%token K_NONE "none"
%token K_NOT "not"
%token K_NULL "null"
%token K_ON "on"
%token K_PARENT "parent"
%token K_POSTGRESQL "postgresql"
%token K_PRECISION "precision"
%token K_PRIMARY "primary"
%token K_REFERENCES "references"
%token K_RENAME "rename"
%token K_RENAMED "renamed"
%token K_RESTRICT "restrict"
%token K_SET "set"
%token K_SQLITE "sqlite"
%token K_STORED "stored"
%token K_TABLE "table"
%token K_TIME "time"
%token K_TIMESTAMP "timestamp"
%token K_TO "to"
%token K_TRUE "true"
%token K_TYPE "type"
%token K_UNIQUE "unique"
%token K_UPDATE "update"
%token K_UPGRADE "upgrade"
%token K_USING "using"
%token K_VALUE "value"
%token K_VARYING "varying"
%token K_VIEW "view"
%token K_WARNING "warning"
%token K_WHERE "where"
%token K_WITH "with"
%token K_WITHOUT "without"
%token K_ZONE "zone"

%type <str> name colname conname opt_conname typepart rev kw_other kw_clause
%type <str> kw_colres opt_renamed opt_using string_or_null opt_dialect
%type <str> opt_collate
%type <qname> qname
%type <dotted> dotted
%type <type> type type_base
%type <expr> paren_expr default_expr opt_where opt_using_expr
%type <list> name_list string_list opt_ref_cols
%type <coldef> col_clauses
%type <fk> fk_tail
%type <ival> fk_action
%type <flag> opt_unique
%type <con> table_constraint
%type <elem> index_elem index_elem_base
%type <idx> index_elems index_def
%type <table> table_head table_def
%type <enm> enum_def
%type <view> view_def
%type <op> op

%%

start:
	  START_MODELS model_items
	| START_MIGRATION migration { ast_mig_end(a, @2); }
	;

/* ---- model files ---- */

model_items:
	  %empty
	| model_items model_item
	;

model_item:
	  table_def { ast_model_table(a, $1); }
	| enum_def { ast_model_enum(a, $1); }
	| view_def { ast_model_view(a, $1); }
	| K_TYPE qname { ast_model_type(a, $2, @$); }
	| error
	;

table_def:
	  table_head "{" table_items "}" { $$ = ast_table_end(a, $1, @$); }
	;

table_head:
	  K_TABLE qname opt_renamed { $$ = ast_table_begin(a, $2, $3); }
	;

opt_renamed:
	  %empty { $$ = NULL; }
	| K_RENAMED K_FROM name { $$ = $3; }
	;

enum_def:
	  K_ENUM qname "(" string_list ")" { $$ = ast_enum(a, $2, $4, @$); }
	| K_ENUM qname "(" ")" { $$ = ast_enum(a, $2, NULL, @$); }
	;

view_def:
	  K_VIEW qname K_AS paren_expr { $$ = ast_view(a, $2, $4, @$); }
	;

string_list:
	  STRING { $$ = ast_list(a, NULL, $1); }
	| string_list "," STRING { $$ = ast_list(a, $1, $3); }
	;

table_items:
	  %empty
	| table_item_list
	| table_item_list ","
	;

table_item_list:
	  table_item
	| table_item_list "," table_item
	;

table_item:
	  colname type col_clauses { ast_table_column(a, ast_column(a, $1, @1, $2, $3, @$)); }
	| table_constraint { ast_table_constraint(a, $1); }
	| index_def { ast_table_index(a, $1); }
	| K_COMMENT STRING { ast_table_comment(a, $2, @$); }
	| error
	;

col_clauses:
	  %empty { $$ = ast_coldef_new(a); }
	| col_clauses K_NULL { $$ = ast_col_null(a, $1, false); }
	| col_clauses K_NOT K_NULL { $$ = ast_col_null(a, $1, true); }
	| col_clauses K_DEFAULT default_expr { $$ = ast_col_default(a, $1, $3); }
	| col_clauses K_PRIMARY K_KEY { $$ = ast_col_key(a, $1, CON_PRIMARY_KEY, @2, @$); }
	| col_clauses K_UNIQUE { $$ = ast_col_key(a, $1, CON_UNIQUE, @2, @$); }
	| col_clauses K_AUTOINCREMENT { $$ = ast_col_autoincrement(a, $1); }
	| col_clauses K_GENERATED K_ALWAYS K_AS paren_expr K_STORED { $$ = ast_col_generated(a, $1, $5); }
	| col_clauses K_GENERATED K_ALWAYS K_AS K_IDENTITY { $$ = ast_col_identity(a, $1, IDENTITY_ALWAYS); }
	| col_clauses K_GENERATED K_BY K_DEFAULT K_AS K_IDENTITY { $$ = ast_col_identity(a, $1, IDENTITY_BY_DEFAULT); }
	| col_clauses K_COLLATE name { $$ = ast_col_collate(a, $1, $3); }
	| col_clauses K_REFERENCES qname opt_ref_cols fk_tail
		{ $$ = ast_col_references(a, $1, $3, $4, $5, @2, @$); }
	| col_clauses K_CHECK paren_expr { $$ = ast_col_check(a, $1, $3, @2, @$); }
	| col_clauses K_COMMENT STRING { $$ = ast_col_comment(a, $1, $3); }
	| col_clauses K_RENAMED K_FROM name { $$ = ast_col_renamed(a, $1, $4); }
	;

opt_ref_cols:
	  %empty { $$ = NULL; }
	| "(" name_list ")" { $$ = $2; }
	;

fk_tail:
	  %empty { $$ = ast_fk_none(); }
	| fk_tail K_ON K_DELETE fk_action { $$ = ast_fk_action(a, $1, true, $4, @$); }
	| fk_tail K_ON K_UPDATE fk_action { $$ = ast_fk_action(a, $1, false, $4, @$); }
	| fk_tail K_DEFERRABLE { $$ = ast_fk_deferrable(a, $1, false); }
	| fk_tail K_DEFERRABLE K_INITIALLY K_DEFERRED { $$ = ast_fk_deferrable(a, $1, true); }
	;

fk_action:
	  K_CASCADE { $$ = FK_CASCADE; }
	| K_RESTRICT { $$ = FK_RESTRICT; }
	| K_SET K_NULL { $$ = FK_SET_NULL; }
	| K_SET K_DEFAULT { $$ = FK_SET_DEFAULT; }
	| K_NO K_ACTION { $$ = FK_NO_ACTION; }
	;

table_constraint:
	  K_PRIMARY K_KEY opt_conname "(" name_list ")"
		{ $$ = ast_con_keys(a, CON_PRIMARY_KEY, $3, $5, @$); }
	| K_UNIQUE opt_conname "(" name_list ")"
		{ $$ = ast_con_keys(a, CON_UNIQUE, $2, $4, @$); }
	| K_CHECK opt_conname paren_expr { $$ = ast_con_check(a, $2, $3, @$); }
	| K_FOREIGN K_KEY opt_conname "(" name_list ")" K_REFERENCES qname opt_ref_cols fk_tail
		{ $$ = ast_con_foreign_key(a, $3, $5, $8, $9, $10, @$); }
	;

index_def:
	  opt_unique K_INDEX opt_conname "(" index_elems ")" opt_using opt_where
		{ $$ = ast_index(a, $5, $1, $3, $7, $8, @$); }
	;

opt_unique:
	  %empty { $$ = false; }
	| K_UNIQUE { $$ = true; }
	;

opt_using:
	  %empty { $$ = NULL; }
	| K_USING name { $$ = $2; }
	;

opt_where:
	  %empty { $$ = NULL; }
	| K_WHERE paren_expr { $$ = $2; }
	;

index_elems:
	  index_elem { $$ = ast_index_elems(a, NULL, $1); }
	| index_elems "," index_elem { $$ = ast_index_elems(a, $1, $3); }
	;

index_elem:
	  index_elem_base
	| index_elem_base K_ASC { $$ = ast_elem_order(a, $1, false, @$); }
	| index_elem_base K_DESC { $$ = ast_elem_order(a, $1, true, @$); }
	;

index_elem_base:
	  name { $$ = ast_elem_column(a, $1, @$); }
	| name "(" balanced ")" { $$ = ast_elem_expr(a, ast_expr_bare(a, @$), @$); }
	| paren_expr { $$ = ast_elem_expr(a, $1, @$); }
	;

/* ---- types ---- */

type:
	  type_base
	| type_base "(" NUMBER ")" { $$ = ast_type_args(a, $1, $3, NULL, @$); }
	| type_base "(" NUMBER "," NUMBER ")" { $$ = ast_type_args(a, $1, $3, $5, @$); }
	| type "[" "]" { $$ = ast_type_array(a, $1, @$); }
	| type "[" NUMBER "]" { $$ = ast_type_array(a, $1, @$); }
	;

type_base:
	  typepart { $$ = ast_type(a, NULL, $1, @$); }
	| typepart "." typepart { $$ = ast_type(a, $1, $3, @$); }
	| K_DOUBLE K_PRECISION { $$ = ast_type_builtin(a, "double", @$); }
	| K_CHARACTER K_VARYING { $$ = ast_type_builtin(a, "varchar", @$); }
	| K_TIMESTAMP K_WITH K_TIME K_ZONE { $$ = ast_type_builtin(a, "timestamptz", @$); }
	| K_TIMESTAMP K_WITHOUT K_TIME K_ZONE { $$ = ast_type_builtin(a, "timestamp", @$); }
	| K_TIME K_WITHOUT K_TIME K_ZONE { $$ = ast_type_builtin(a, "time", @$); }
	;

/* ---- expressions: balanced token sequences kept as source text ---- */

paren_expr:
	  "(" balanced ")" { $$ = ast_expr_paren(a, @1, @3); }
	;

default_expr:
	  paren_expr
	| NUMBER { $$ = ast_expr_bare(a, @$); }
	| "-" NUMBER { $$ = ast_expr_bare(a, @$); }
	| "+" NUMBER { $$ = ast_expr_bare(a, @$); }
	| STRING { $$ = ast_expr_bare(a, @$); }
	| K_TRUE { $$ = ast_expr_bare(a, @$); }
	| K_FALSE { $$ = ast_expr_bare(a, @$); }
	| K_NULL { $$ = ast_expr_bare(a, @$); }
	| K_CURRENT_TIMESTAMP { $$ = ast_expr_bare(a, @$); }
	| K_CURRENT_DATE { $$ = ast_expr_bare(a, @$); }
	| K_CURRENT_TIME { $$ = ast_expr_bare(a, @$); }
	;

balanced:
	  %empty
	| balanced btok
	| balanced "(" balanced ")"
	;

btok:
	  IDENT | QIDENT | STRING | NUMBER | REVID | OP | "," | "." | ";" | "{" | "}"
	| "[" | "]" | "-" | "+" | kw_other | kw_clause | kw_colres
	;

/* ---- names ---- */

name:
	  IDENT | QIDENT | kw_other | kw_clause | kw_colres
	;

/* a column name where a table item starts */
colname:
	  IDENT | QIDENT | kw_other | kw_clause
	;

/* a constraint or index name (`unique index` must stay unambiguous) */
conname:
	  IDENT | QIDENT | kw_other | kw_clause
	| K_PRIMARY { $$ = ast_kw_name(a, @1); }
	| K_UNIQUE { $$ = ast_kw_name(a, @1); }
	| K_FOREIGN { $$ = ast_kw_name(a, @1); }
	| K_CHECK { $$ = ast_kw_name(a, @1); }
	;

opt_conname:
	  %empty { $$ = NULL; }
	| conname
	;

typepart:
	  IDENT | QIDENT | kw_other
	| K_FOREIGN { $$ = ast_kw_name(a, @1); }
	| K_INDEX { $$ = ast_kw_name(a, @1); }
	;

qname:
	  name { $$ = ast_qname(a, NULL, $1, @$); }
	| name "." name { $$ = ast_qname(a, $1, $3, @$); }
	;

/* T.C or S.T.C */
dotted:
	  name "." name { $$ = ast_dotted(a, NULL, $1, $3, @3, @$); }
	| name "." name "." name { $$ = ast_dotted(a, $1, $3, $5, @5, @$); }
	;

name_list:
	  name { $$ = ast_list(a, NULL, $1); }
	| name_list "," name { $$ = ast_list(a, $1, $3); }
	;

/* keywords that never start a column clause or a table item */
kw_other:
	  K_ACTION { $$ = ast_kw_name(a, @1); }
	| K_ADD { $$ = ast_kw_name(a, @1); }
	| K_AFTER { $$ = ast_kw_name(a, @1); }
	| K_ALTER { $$ = ast_kw_name(a, @1); }
	| K_ALWAYS { $$ = ast_kw_name(a, @1); }
	| K_AS { $$ = ast_kw_name(a, @1); }
	| K_ASC { $$ = ast_kw_name(a, @1); }
	| K_BEFORE { $$ = ast_kw_name(a, @1); }
	| K_BY { $$ = ast_kw_name(a, @1); }
	| K_CASCADE { $$ = ast_kw_name(a, @1); }
	| K_CHARACTER { $$ = ast_kw_name(a, @1); }
	| K_COLUMN { $$ = ast_kw_name(a, @1); }
	| K_CONSTRAINT { $$ = ast_kw_name(a, @1); }
	| K_CREATE { $$ = ast_kw_name(a, @1); }
	| K_CREATED { $$ = ast_kw_name(a, @1); }
	| K_CURRENT_DATE { $$ = ast_kw_name(a, @1); }
	| K_CURRENT_TIME { $$ = ast_kw_name(a, @1); }
	| K_CURRENT_TIMESTAMP { $$ = ast_kw_name(a, @1); }
	| K_DEFERRABLE { $$ = ast_kw_name(a, @1); }
	| K_DEFERRED { $$ = ast_kw_name(a, @1); }
	| K_DELETE { $$ = ast_kw_name(a, @1); }
	| K_DESC { $$ = ast_kw_name(a, @1); }
	| K_DOUBLE { $$ = ast_kw_name(a, @1); }
	| K_DOWNGRADE { $$ = ast_kw_name(a, @1); }
	| K_DROP { $$ = ast_kw_name(a, @1); }
	| K_ENUM { $$ = ast_kw_name(a, @1); }
	| K_EXECUTE { $$ = ast_kw_name(a, @1); }
	| K_FALSE { $$ = ast_kw_name(a, @1); }
	| K_FROM { $$ = ast_kw_name(a, @1); }
	| K_IDENTITY { $$ = ast_kw_name(a, @1); }
	| K_INITIALLY { $$ = ast_kw_name(a, @1); }
	| K_IS { $$ = ast_kw_name(a, @1); }
	| K_KEY { $$ = ast_kw_name(a, @1); }
	| K_MESSAGE { $$ = ast_kw_name(a, @1); }
	| K_MIGRATION { $$ = ast_kw_name(a, @1); }
	| K_NO { $$ = ast_kw_name(a, @1); }
	| K_NONE { $$ = ast_kw_name(a, @1); }
	| K_ON { $$ = ast_kw_name(a, @1); }
	| K_PARENT { $$ = ast_kw_name(a, @1); }
	| K_POSTGRESQL { $$ = ast_kw_name(a, @1); }
	| K_PRECISION { $$ = ast_kw_name(a, @1); }
	| K_RENAME { $$ = ast_kw_name(a, @1); }
	| K_RESTRICT { $$ = ast_kw_name(a, @1); }
	| K_SET { $$ = ast_kw_name(a, @1); }
	| K_SQLITE { $$ = ast_kw_name(a, @1); }
	| K_STORED { $$ = ast_kw_name(a, @1); }
	| K_TABLE { $$ = ast_kw_name(a, @1); }
	| K_TIME { $$ = ast_kw_name(a, @1); }
	| K_TIMESTAMP { $$ = ast_kw_name(a, @1); }
	| K_TO { $$ = ast_kw_name(a, @1); }
	| K_TRUE { $$ = ast_kw_name(a, @1); }
	| K_TYPE { $$ = ast_kw_name(a, @1); }
	| K_UPDATE { $$ = ast_kw_name(a, @1); }
	| K_UPGRADE { $$ = ast_kw_name(a, @1); }
	| K_USING { $$ = ast_kw_name(a, @1); }
	| K_VALUE { $$ = ast_kw_name(a, @1); }
	| K_VARYING { $$ = ast_kw_name(a, @1); }
	| K_VIEW { $$ = ast_kw_name(a, @1); }
	| K_WARNING { $$ = ast_kw_name(a, @1); }
	| K_WHERE { $$ = ast_kw_name(a, @1); }
	| K_WITH { $$ = ast_kw_name(a, @1); }
	| K_WITHOUT { $$ = ast_kw_name(a, @1); }
	| K_ZONE { $$ = ast_kw_name(a, @1); }
	;

/* column clause keywords that may still name a column */
kw_clause:
	  K_NULL { $$ = ast_kw_name(a, @1); }
	| K_NOT { $$ = ast_kw_name(a, @1); }
	| K_DEFAULT { $$ = ast_kw_name(a, @1); }
	| K_AUTOINCREMENT { $$ = ast_kw_name(a, @1); }
	| K_GENERATED { $$ = ast_kw_name(a, @1); }
	| K_COLLATE { $$ = ast_kw_name(a, @1); }
	| K_REFERENCES { $$ = ast_kw_name(a, @1); }
	| K_COMMENT { $$ = ast_kw_name(a, @1); }
	| K_RENAMED { $$ = ast_kw_name(a, @1); }
	;

/* keywords that start table items: never an unquoted column name */
kw_colres:
	  K_PRIMARY { $$ = ast_kw_name(a, @1); }
	| K_UNIQUE { $$ = ast_kw_name(a, @1); }
	| K_FOREIGN { $$ = ast_kw_name(a, @1); }
	| K_CHECK { $$ = ast_kw_name(a, @1); }
	| K_INDEX { $$ = ast_kw_name(a, @1); }
	;

/* ---- migration scripts ---- */

migration:
	  header_items K_UPGRADE { ast_mig_section(a, 0); } "{" ops "}"
	  K_DOWNGRADE { ast_mig_section(a, 1); } "{" ops "}"
	;

header_items:
	  %empty
	| header_items header_item
	;

header_item:
	  K_MIGRATION rev { ast_mig_rev(a, $2, @2); }
	| K_PARENT K_NONE
	| K_PARENT parents
	| K_MESSAGE STRING { ast_mig_message(a, $2); }
	| K_CREATED STRING { ast_mig_created(a, $2); }
	| error
	;

parents:
	  rev { ast_mig_parent(a, $1); }
	| parents rev { ast_mig_parent(a, $2); }
	;

rev:
	  IDENT | QIDENT | NUMBER | REVID | STRING
	;

ops:
	  %empty
	| ops op ";" { ast_mig_op(a, $2); }
	| ops error ";"
	;

op:
	  K_CREATE table_head "{" table_items "}"
		{ $$ = ast_op_create_table(a, ast_table_end(a, $2, @$), @$); }
	| K_DROP K_TABLE qname { $$ = ast_op_target(a, OP_DROP_TABLE, $3, @$); }
	| K_RENAME K_TABLE qname K_TO name { $$ = ast_op_rename(a, OP_RENAME_TABLE, $3, $5, @$); }
	| K_ADD K_COLUMN dotted type col_clauses
		{ $$ = ast_op_add_column(a, $3, ast_column(a, $3->last, @3, $4, $5, @$), @$); }
	| K_DROP K_COLUMN dotted { $$ = ast_op_column(a, OP_DROP_COLUMN, $3, @$); }
	| K_RENAME K_COLUMN dotted K_TO name { $$ = ast_op_rename_in(a, OP_RENAME_COLUMN, $3, $5, @$); }
	| K_ALTER K_COLUMN dotted K_SET K_TYPE type opt_collate opt_using_expr
		{ $$ = ast_op_set_type(a, $3, $6, $7, $8, @$); }
	| K_ALTER K_COLUMN dotted K_SET K_GENERATED K_ALWAYS K_AS K_IDENTITY
		{ $$ = ast_op_set_identity(a, $3, IDENTITY_ALWAYS, @$); }
	| K_ALTER K_COLUMN dotted K_SET K_GENERATED K_BY K_DEFAULT K_AS K_IDENTITY
		{ $$ = ast_op_set_identity(a, $3, IDENTITY_BY_DEFAULT, @$); }
	| K_ALTER K_COLUMN dotted K_DROP K_IDENTITY { $$ = ast_op_column(a, OP_DROP_IDENTITY, $3, @$); }
	| K_ALTER K_COLUMN dotted K_SET K_AUTOINCREMENT { $$ = ast_op_column(a, OP_SET_AUTOINCREMENT, $3, @$); }
	| K_ALTER K_COLUMN dotted K_DROP K_AUTOINCREMENT { $$ = ast_op_column(a, OP_DROP_AUTOINCREMENT, $3, @$); }
	| K_ALTER K_COLUMN dotted K_SET K_NOT K_NULL { $$ = ast_op_column(a, OP_SET_NOT_NULL, $3, @$); }
	| K_ALTER K_COLUMN dotted K_DROP K_NOT K_NULL { $$ = ast_op_column(a, OP_DROP_NOT_NULL, $3, @$); }
	| K_ALTER K_COLUMN dotted K_SET K_DEFAULT default_expr { $$ = ast_op_set_default(a, $3, $6, @$); }
	| K_ALTER K_COLUMN dotted K_DROP K_DEFAULT { $$ = ast_op_column(a, OP_DROP_DEFAULT, $3, @$); }
	| K_ALTER K_COLUMN dotted K_SET K_COMMENT string_or_null { $$ = ast_op_set_comment(a, $3, $6, @$); }
	| K_ADD K_CONSTRAINT table_constraint K_TO qname { $$ = ast_op_add_constraint(a, $3, $5, @$); }
	| K_DROP K_CONSTRAINT dotted { $$ = ast_op_column(a, OP_DROP_CONSTRAINT, $3, @$); }
	| K_RENAME K_CONSTRAINT dotted K_TO name { $$ = ast_op_rename_in(a, OP_RENAME_CONSTRAINT, $3, $5, @$); }
	| K_CREATE opt_unique K_INDEX conname K_ON qname "(" index_elems ")" opt_using opt_where
		{ $$ = ast_op_create_index(a, ast_index(a, $8, $2, $4, $10, $11, @$), $6, @$); }
	| K_DROP K_INDEX qname { $$ = ast_op_target(a, OP_DROP_INDEX, $3, @$); }
	| K_RENAME K_INDEX qname K_TO name { $$ = ast_op_rename(a, OP_RENAME_INDEX, $3, $5, @$); }
	| K_CREATE enum_def { $$ = ast_op_create_enum(a, $2, @$); }
	| K_ALTER K_ENUM qname K_ADD K_VALUE STRING
		{ $$ = ast_op_enum_value(a, $3, $6, ENUM_AT_END, NULL, @$); }
	| K_ALTER K_ENUM qname K_ADD K_VALUE STRING K_BEFORE STRING
		{ $$ = ast_op_enum_value(a, $3, $6, ENUM_BEFORE, $8, @$); }
	| K_ALTER K_ENUM qname K_ADD K_VALUE STRING K_AFTER STRING
		{ $$ = ast_op_enum_value(a, $3, $6, ENUM_AFTER, $8, @$); }
	| K_ALTER K_ENUM qname K_RENAME K_VALUE STRING K_TO STRING
		{ $$ = ast_op_rename_enum_value(a, $3, $6, $8, @$); }
	| K_RENAME K_ENUM qname K_TO name { $$ = ast_op_rename(a, OP_RENAME_ENUM, $3, $5, @$); }
	| K_DROP K_ENUM qname { $$ = ast_op_target(a, OP_DROP_ENUM, $3, @$); }
	| K_CREATE view_def { $$ = ast_op_create_view(a, $2, @$); }
	| K_DROP K_VIEW qname { $$ = ast_op_target(a, OP_DROP_VIEW, $3, @$); }
	| K_COMMENT K_ON K_TABLE qname K_IS string_or_null { $$ = ast_op_comment_table(a, $4, $6, @$); }
	| K_COMMENT K_ON K_COLUMN dotted K_IS string_or_null { $$ = ast_op_comment_column(a, $4, $6, @$); }
	| K_EXECUTE opt_dialect STRING { $$ = ast_op_text(a, OP_EXECUTE, $2, $3, @$); }
	| K_WARNING STRING { $$ = ast_op_text(a, OP_WARNING, NULL, $2, @$); }
	;

opt_collate:
	  %empty { $$ = NULL; }
	| K_COLLATE name { $$ = $2; }
	;

opt_using_expr:
	  %empty { $$ = NULL; }
	| K_USING paren_expr { $$ = $2; }
	;

string_or_null:
	  STRING
	| K_NULL { $$ = NULL; }
	;

opt_dialect:
	  %empty { $$ = NULL; }
	| K_SQLITE { $$ = "sqlite"; }
	| K_POSTGRESQL { $$ = "postgresql"; }
	;

%%

static void yyerror(YYLTYPE *loc, void *scanner, struct ast *a, const char *msg)
{
	(void)scanner;
	/* the only message bison still hands here: its stack is full */
	if (!strcmp(msg, "memory exhausted"))
		msg = "nesting too deep";
	ast_error(a, *loc, "%s", msg);
}

/* A token's name in messages: keywords and punctuation in double quotes
 * ("table", ","), classes of tokens bare (identifier, end of file). */
static const char *symbol_text(struct ast *a, yysymbol_kind_t sym)
{
	switch (sym) {
	case YYSYMBOL_YYEOF:
	case YYSYMBOL_YYerror:
	case YYSYMBOL_YYUNDEF:
	case YYSYMBOL_IDENT:
	case YYSYMBOL_QIDENT:
	case YYSYMBOL_STRING:
	case YYSYMBOL_NUMBER:
	case YYSYMBOL_REVID:
	case YYSYMBOL_OP:
	case YYSYMBOL_START_MODELS:
	case YYSYMBOL_START_MIGRATION:
		return yysymbol_name(sym);
	default:
		return arena_printf(a->s->arena, "\"%s\"", yysymbol_name(sym));
	}
}

/* bison's detailed message, with quoted keywords: "syntax error,
 * unexpected X[, expecting A[ or B]...]" at the offending token. */
static int yyreport_syntax_error(const yypcontext_t *ctx, void *scanner,
                                 struct ast *a)
{
	(void)scanner;
	enum { MAX_EXPECTED = 5 };
	yysymbol_kind_t expected[MAX_EXPECTED];
	int n = yypcontext_expected_tokens(ctx, expected, MAX_EXPECTED);
	yysymbol_kind_t got = yypcontext_token(ctx);
	struct strbuf sb = STRBUF_INIT;
	strbuf_puts(&sb, "syntax error");
	if (got != YYSYMBOL_YYEMPTY) {
		strbuf_puts(&sb, ", unexpected ");
		strbuf_puts(&sb, symbol_text(a, got));
		/* too many to be useful: say nothing rather than half */
		if (n > 0 && n < MAX_EXPECTED) {
			for (int i = 0; i < n; i++) {
				strbuf_puts(&sb, i ? " or " : ", expecting ");
				strbuf_puts(&sb, symbol_text(a, expected[i]));
			}
		}
	}
	ast_error(a, *yypcontext_location(ctx), "%s", strbuf_str(&sb));
	strbuf_free(&sb);
	return 0;
}
