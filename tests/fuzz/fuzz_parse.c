/*
 * fuzz_parse.c - the fuzz target for the front end.
 *
 * LLVMFuzzerTestOneInput feeds arbitrary bytes to everything that reads
 * model or migration text: parse_models, then (when the bytes parse)
 * check_schema for SQLite or PostgreSQL and the canonical JSON of the
 * checked schema; fmt_source; and parse_migration on the same bytes.  Each input gets its own session,
 * closed at the end, so a leak in any stage shows up under LeakSanitizer.
 *
 * Two drivers call it: libFuzzer (`make fuzz`, clang -fsanitize=fuzzer)
 * and tests/fuzz/smoke.c, a bounded deterministic run inside `make check`.
 *
 * Beyond "does not crash", it checks two properties of fmt that the issue
 * promises: formatted output parses again, and formatting it again gives
 * the same bytes.  A violation aborts, which both drivers report as a
 * crash with the input that caused it.  Build with -DFUZZ_NO_FMT_ORACLE to
 * look for crashes only.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "diag.h"
#include "fmt.h"
#include "parse.h"
#include "schema.h"
#include "session.h"
#include "source.h"
#include "strbuf.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/*
 * The sink for diagnostics: /dev/null, opened once for the whole process
 * (a fuzzer runs millions of inputs; one open per input would dominate).
 * Diagnostics are still formatted and "printed", so the code that renders
 * source lines and carets is fuzzed too.  This is the one static of the
 * harness: it is write-once and never closed on purpose.
 */
static FILE *null_sink(void)
{
	static FILE *devnull;
	if (!devnull) {
		devnull = fopen("/dev/null", "w");
		if (!devnull)
			devnull = stderr; /* noisy, but still a valid run */
	}
	return devnull;
}

/* A session like the program's, with diagnostics going to the null sink. */
static void open_quiet(struct session *s)
{
	session_open(s);
	diag_free(s->diag);
	s->diag = diag_new(null_sink());
}

static void die(const char *what, const struct strbuf *a,
                const struct strbuf *b)
{
	fprintf(stderr,
	        "fuzz_parse: %s\n--- first ---\n%s\n--- second ---\n%s\n", what,
	        strbuf_str(a), b ? strbuf_str(b) : "");
	abort();
}

#ifndef FUZZ_NO_FMT_ORACLE
/*
 * fmt's promises, checked on the text fmt produced from an input that
 * parsed: it parses again and it is a fixed point.  Runs in a session of
 * its own so that the second parse cannot see the first one's state.
 */
static void check_fmt_fixed_point(const struct strbuf *once)
{
	struct session s;
	open_quiet(&s);
	struct source *src = source_from_string(s.arena, "fmt.schema",
	                                        strbuf_str(once), once->len, 0);
	struct strbuf twice = STRBUF_INIT;
	if (fmt_source(&s, src, &twice) != 0) {
		strbuf_free(&twice);
		die("fmt output does not parse", once, NULL);
	}
	if (twice.len != once->len ||
	    memcmp(strbuf_str(&twice), strbuf_str(once), once->len))
		die("fmt is not idempotent", once, &twice);
	strbuf_free(&twice);
	session_close(&s);
}
#endif

/*
 * One input.  Returns 0 always (libFuzzer's contract: non-zero values are
 * reserved); a failure is a crash, a sanitizer report or an abort.
 */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct session s;

	/* Spans are 32-bit offsets; sources beyond 4 GiB are not a case. */
	if (size > (1u << 20))
		return 0;

	/* as a model file, checked for one dialect or the other (chosen by
	 * the length, so that it is a function of the input and mutants try
	 * both) */
	open_quiet(&s);
	s.dialect = (size & 1) ? DIALECT_POSTGRESQL : DIALECT_SQLITE;
	struct source *src = source_from_string(s.arena, "fuzz.schema",
	                                        (const char *)data, size, 0);
	struct schema schema;
	memset(&schema, 0, sizeof schema);
	if (parse_models(&s, src, &schema) == 0) {
		if (check_schema(&s, &schema) == 0)
			(void)schema_to_json(s.arena, &schema);
	}
	session_close(&s);

	/* as a model file, through fmt (which parses on its own) */
	open_quiet(&s);
	src = source_from_string(s.arena, "fuzz.schema", (const char *)data,
	                         size, 0);
	struct strbuf out = STRBUF_INIT;
	int rc = fmt_source(&s, src, &out);
	session_close(&s);
#ifndef FUZZ_NO_FMT_ORACLE
	if (rc == 0)
		check_fmt_fixed_point(&out);
#else
	(void)rc;
#endif
	strbuf_free(&out);

	/* as a migration script */
	open_quiet(&s);
	src = source_from_string(s.arena, "fuzz.migration", (const char *)data,
	                         size, 0);
	(void)parse_migration(&s, src);
	session_close(&s);
	return 0;
}
