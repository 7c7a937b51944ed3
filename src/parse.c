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
#include <stdint.h>
#include <string.h>

#include "arena.h"
#include "ast.h"
#include "diag.h"
#include "parser.h"

/* flex's reentrant interface (the generated lexer has no header). */
struct yy_buffer_state;
int yylex_init_extra(struct ast *extra, void **scanner);
struct yy_buffer_state *yy_scan_buffer(char *base, size_t size, void *scanner);
int yylex_destroy(void *scanner);
void lexer_restore(void *scanner);

/* Offset of the first NUL byte or byte that is not part of a well-formed
 * UTF-8 sequence (RFC 3629: no overlongs, surrogates or values past
 * U+10FFFF), or len when the text is valid.  NUL is refused because no
 * database keeps it in a name or a string. */
static size_t utf8_invalid_at(const unsigned char *p, size_t len)
{
	size_t i = 0;
	while (i < len) {
		/* models are mostly ASCII: skip 8 bytes at a time while no byte
		 * has its high bit set and none is NUL */
		while (i + 8 <= len) {
			uint64_t w;
			memcpy(&w, p + i, 8);
			uint64_t zero = (w - 0x0101010101010101ULL) & ~w;
			if ((w | zero) & 0x8080808080808080ULL)
				break;
			i += 8;
		}
		if (i >= len)
			break;
		unsigned c = p[i];
		size_t n;
		unsigned lo = 0x80, hi = 0xBF;
		if (c == 0) {
			return i;
		} else if (c < 0x80) {
			i++;
			continue;
		} else if (c >= 0xC2 && c <= 0xDF) {
			n = 1;
		} else if (c >= 0xE0 && c <= 0xEF) {
			n = 2;
			if (c == 0xE0)
				lo = 0xA0;
			else if (c == 0xED)
				hi = 0x9F;
		} else if (c >= 0xF0 && c <= 0xF4) {
			n = 3;
			if (c == 0xF0)
				lo = 0x90;
			else if (c == 0xF4)
				hi = 0x8F;
		} else {
			return i;
		}
		if (i + n >= len) /* truncated at the end */
			return i;
		if (p[i + 1] < lo || p[i + 1] > hi)
			return i;
		for (size_t k = 2; k <= n; k++)
			if (p[i + k] < 0x80 || p[i + k] > 0xBF)
				return i;
		i += n + 1;
	}
	return len;
}

/* Runs the grammar from start_token over a->src; returns 0 or -1. */
static int run(struct ast *a, int start_token)
{
	if (a->src->len > INT_MAX / 2) {
		diag_global(a->s->diag, SEV_ERROR, "%s: file too large",
		            a->src->path);
		return -1;
	}
	/* names and strings reach JSON output and the databases, which both
	 * need UTF-8: report the first bad byte, then parse on to find the
	 * file's other errors */
	size_t bad =
	    utf8_invalid_at((const unsigned char *)a->src->text, a->src->len);
	if (bad < a->src->len) {
		struct span sp = {a->src, (uint32_t)bad, (uint32_t)bad + 1};
		unsigned char c = (unsigned char)a->src->text[bad];
		if (c == 0)
			diag_error(a->s->diag, sp, "NUL byte in input");
		else
			diag_error(a->s->diag, sp, "invalid UTF-8 byte 0x%02x",
			           c);
		a->errors++;
	}
	void *scanner;
	if (yylex_init_extra(a, &scanner) != 0) {
		diag_global(a->s->diag, SEV_ERROR, "cannot start the lexer");
		return -1;
	}
	/* scanned in place, not copied: flex writes a NUL after the token it
	 * has just matched and puts the byte back on its next call, and
	 * lexer_restore puts back the last one, so the text is unchanged when
	 * the parse is over (actions only read tokens already shifted, which
	 * lie before that NUL) */
	yy_scan_buffer((char *)a->src->text, a->src->len + 2, scanner);
	a->start_token = start_token;
	int rc = yyparse(scanner, a);
	lexer_restore(scanner);
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
