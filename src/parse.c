/*
 * parse.c - the front end's entry points (see parse.h).
 *
 * The only file that sees the generated parser's header: it sets up a
 * reentrant flex scanner over the source text, injects the start token
 * that picks model files or migration scripts in the one grammar, runs the
 * pure bison parser and frees the scanner.  Results are arena memory built
 * by ast.c; the scanner's own buffers are freed here before returning.
 */
#include "parse.h"

#include <limits.h>
#include <string.h>

#include "arena.h"
#include "ast.h"
#include "diag.h"
#include "parser.h"

/* flex's reentrant interface (the generated lexer has no header). */
struct yy_buffer_state;
int yylex_init_extra(struct ast *extra, void **scanner);
struct yy_buffer_state *yy_scan_bytes(const char *bytes, int len, void *scanner);
int yylex_destroy(void *scanner);

/* Runs the grammar from start_token over a->src; returns 0 or -1. */
static int run(struct ast *a, int start_token)
{
	if (a->src->len > INT_MAX / 2) {
		diag_global(a->s->diag, SEV_ERROR, "%s: file too large",
		            a->src->path);
		return -1;
	}
	void *scanner;
	if (yylex_init_extra(a, &scanner) != 0) {
		diag_global(a->s->diag, SEV_ERROR, "cannot start the lexer");
		return -1;
	}
	yy_scan_bytes(a->src->text, (int)a->src->len, scanner);
	a->start_token = start_token;
	int rc = yyparse(scanner, a);
	yylex_destroy(scanner);
	return rc != 0 || a->errors ? -1 : 0;
}

int parse_models(struct session *s, struct source *src, struct schema *into)
{
	struct ast a;
	ast_init(&a, s, src);
	a.schema = into;
	return run(&a, START_MODELS);
}

struct migration *parse_migration(struct session *s, struct source *src)
{
	struct ast a;
	ast_init(&a, s, src);
	if (run(&a, START_MIGRATION) != 0)
		return NULL;
	return a.mig;
}
