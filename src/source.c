/*
 * source.c - input files and their line maps (see source.h).
 */
#include "source.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "arena.h"

/* The line map: two memchr passes (count, then fill).  Built only when a
 * diagnostic needs a line number, so a clean run never pays for it. */
static void build_lines(struct source *src)
{
	struct arena *a = src->arena;
	const char *t = src->text, *end = t + src->len, *p;
	int n = 1;
	for (p = t; (p = memchr(p, '\n', (size_t)(end - p))); p++)
		n++;
	src->line_starts = arena_alloc(a, sizeof(uint32_t) * (size_t)(n + 1));
	int k = 0;
	src->line_starts[k++] = 0;
	for (p = t; (p = memchr(p, '\n', (size_t)(end - p))); p++)
		src->line_starts[k++] = (uint32_t)(p - t + 1);
	src->line_starts[k] = (uint32_t)src->len + 1;
	src->nlines = n;
}

/* Wraps text that already lives in the arena (no copy). */
static struct source *source_wrap(struct arena *a, const char *path,
                                  const char *text, size_t len, int order)
{
	struct source *src = arena_alloc(a, sizeof *src);
	src->path = arena_strdup(a, path);
	src->text = text;
	src->len = len;
	src->order = order;
	src->arena = a;
	return src;
}

struct source *source_from_string(struct arena *a, const char *path,
                                  const char *text, size_t len, int order)
{
	/* arena_alloc_chars zeroes: the two NULs the lexer needs */
	char *copy = arena_alloc_chars(a, len + 2);
	memcpy(copy, text, len);
	return source_wrap(a, path, copy, len, order);
}

struct source *source_read(struct arena *a, const char *path, int order)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	struct stat st;
	int err = 0;
	if (fstat(fileno(f), &st) != 0)
		err = errno;
	else if (S_ISDIR(st.st_mode))
		err = EISDIR;
	if (err) {
		fclose(f);
		errno = err;
		return NULL;
	}
	/* read straight into the arena when the size is known; a pipe or
	 * a file that grows while we read takes the growing path */
	size_t cap = S_ISREG(st.st_mode) ? (size_t)st.st_size + 2 : 1 << 16;
	char *buf = arena_alloc_chars(a, cap);
	size_t len = 0, n;
	while ((n = fread(buf + len, 1, cap - 2 - len, f)) > 0) {
		len += n;
		if (len < cap - 2)
			continue;
		/* full: grow only if there is more (a regular file usually
		 * ends exactly here) */
		int c = fgetc(f);
		if (c == EOF)
			break;
		char *bigger = arena_alloc_chars(a, cap * 2);
		memcpy(bigger, buf, len);
		buf = bigger;
		cap *= 2;
		buf[len++] = (char)c;
	}
	err = ferror(f) ? errno : 0;
	fclose(f);
	if (err) {
		errno = err;
		return NULL;
	}
	buf[len] = buf[len + 1] = '\0';
	return source_wrap(a, path, buf, len, order);
}

/* The line map of src, built on first use.  src is logically const: the
 * map is a cache of what its text already says. */
static const uint32_t *lines(const struct source *src)
{
	if (!src->line_starts)
		build_lines((struct source *)src);
	return src->line_starts;
}

void source_line_col(const struct source *src, uint32_t offset, int *line,
                     int *col)
{
	const uint32_t *starts = lines(src);
	int lo = 0, hi = src->nlines - 1;
	while (lo < hi) {
		int mid = (lo + hi + 1) / 2;
		if (starts[mid] <= offset)
			lo = mid;
		else
			hi = mid - 1;
	}
	*line = lo + 1;
	*col = (int)(offset - starts[lo]) + 1;
}

const char *source_line(const struct source *src, int n, size_t *len)
{
	const uint32_t *starts = lines(src);
	if (n < 1 || n > src->nlines) {
		*len = 0;
		return "";
	}
	uint32_t s = starts[n - 1];
	uint32_t e = starts[n] - 1; /* the newline, or len */
	if (e > src->len)
		e = (uint32_t)src->len;
	if (e > s && src->text[e - 1] == '\r')
		e--;
	*len = e - s;
	return src->text + s;
}

char *span_text(struct arena *a, struct span sp)
{
	if (!sp.src || sp.end < sp.start)
		return arena_strdup(a, "");
	return arena_strndup(a, sp.src->text + sp.start, sp.end - sp.start);
}

struct span span_join(struct span a, struct span b)
{
	if (!a.src)
		return b;
	if (!b.src)
		return a;
	struct span r = a;
	if (b.start < r.start)
		r.start = b.start;
	if (b.end > r.end)
		r.end = b.end;
	return r;
}
