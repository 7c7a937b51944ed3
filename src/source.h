/*
 * source.h - an input file held in memory, with a line map.
 *
 * Locations everywhere are byte spans into a source (jq's locfile habit);
 * they become line:column only when a diagnostic is printed.
 */
#ifndef RETORT_SOURCE_H
#define RETORT_SOURCE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct arena;

/* A comment the lexer saw, kept so that `fmt` can put it back. */
struct comment {
	uint32_t start, end; /* byte span of the whole comment */
	bool block;          /* a / * * / comment rather than -- */
};

struct source {
	const char *path; /* as given by the user, for messages */
	/* len bytes followed by two NULs: the lexer scans the text in place
	 * (flex's yy_scan_buffer), which needs them */
	const char *text;
	size_t len;
	int order; /* position in the run's list of sources, for sorting */
	/* The line map, built on first use (only diagnostics need it): a
	 * cache, so it is filled in even through a const source. */
	struct arena *arena;   /* owns the source and its line map */
	uint32_t *line_starts; /* nlines + 1 entries, the last is len + 1 */
	int nlines;
	struct comment *comments; /* in source order, filled by the lexer */
	int ncomments, capcomments;
};

struct span {
	const struct source *src; /* NULL: no location (e.g. reflected) */
	uint32_t start, end;      /* byte offsets, end exclusive */
};

/* Reads path into the arena.  Returns NULL (errno set) when it cannot. */
struct source *source_read(struct arena *a, const char *path, int order);
/* Wraps text that is already in memory (copied into the arena). */
struct source *source_from_string(struct arena *a, const char *path,
                                  const char *text, size_t len, int order);

/* 1-based line and column (in bytes) of a byte offset. */
void source_line_col(const struct source *src, uint32_t offset, int *line,
                     int *col);
/* The text of 1-based line n, without its newline; *len set. */
const char *source_line(const struct source *src, int n, size_t *len);

/* The text a span covers, copied into the arena. */
char *span_text(struct arena *a, struct span sp);
struct span span_join(struct span a, struct span b);

#endif
