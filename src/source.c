/*
 * source.c - input files and their line maps (see source.h).
 */
#include "source.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"

static void build_lines(struct arena *a, struct source *src)
{
	int n = 1;
	for (size_t i = 0; i < src->len; i++)
		if (src->text[i] == '\n')
			n++;
	src->line_starts = arena_alloc(a, sizeof(uint32_t) * (size_t)(n + 1));
	int k = 0;
	src->line_starts[k++] = 0;
	for (size_t i = 0; i < src->len; i++)
		if (src->text[i] == '\n')
			src->line_starts[k++] = (uint32_t)(i + 1);
	src->line_starts[k] = (uint32_t)src->len + 1;
	src->nlines = n;
}

struct source *source_from_string(struct arena *a, const char *path,
                                  const char *text, size_t len, int order)
{
	struct source *src = arena_alloc(a, sizeof *src);
	src->path = arena_strdup(a, path);
	src->text = arena_strndup(a, text, len);
	src->len = len;
	src->order = order;
	build_lines(a, src);
	return src;
}

struct source *source_read(struct arena *a, const char *path, int order)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	size_t cap = 1 << 16, len = 0;
	char *buf = xmalloc(cap);
	size_t n;
	while ((n = fread(buf + len, 1, cap - len, f)) > 0) {
		len += n;
		if (len == cap) {
			cap *= 2;
			buf = xrealloc(buf, cap);
		}
	}
	int err = ferror(f) ? errno : 0;
	fclose(f);
	if (err) {
		free(buf);
		errno = err;
		return NULL;
	}
	struct source *src = source_from_string(a, path, buf, len, order);
	free(buf);
	return src;
}

void source_line_col(const struct source *src, uint32_t offset, int *line, int *col)
{
	int lo = 0, hi = src->nlines - 1;
	while (lo < hi) {
		int mid = (lo + hi + 1) / 2;
		if (src->line_starts[mid] <= offset)
			lo = mid;
		else
			hi = mid - 1;
	}
	*line = lo + 1;
	*col = (int)(offset - src->line_starts[lo]) + 1;
}

const char *source_line(const struct source *src, int n, size_t *len)
{
	if (n < 1 || n > src->nlines) {
		*len = 0;
		return "";
	}
	uint32_t s = src->line_starts[n - 1];
	uint32_t e = src->line_starts[n] - 1; /* the newline, or len */
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
