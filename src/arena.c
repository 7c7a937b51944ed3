/*
 * arena.c - the run's bump allocator (see arena.h).
 *
 * Blocks are chained; a request larger than a block gets a block of its own
 * so huge sources do not waste a standard block.
 */
#include "arena.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define BLOCK_SIZE (256 * 1024)
#define ALIGN      16

struct block {
	struct block *next;
	size_t used, size;
	_Alignas(ALIGN) unsigned char data[];
};

struct arena {
	struct block *head;
};

void *xmalloc(size_t size)
{
	void *p = malloc(size ? size : 1);
	if (!p) {
		fputs("retort: error: out of memory\n", stderr);
		exit(3);
	}
	return p;
}

void *xrealloc(void *p, size_t size)
{
	void *q = realloc(p, size ? size : 1);
	if (!q) {
		fputs("retort: error: out of memory\n", stderr);
		exit(3);
	}
	return q;
}

char *xstrdup(const char *s)
{
	size_t n = strlen(s) + 1;
	return memcpy(xmalloc(n), s, n);
}

/* Blocks come zeroed from calloc (fresh pages from the kernel for big
 * ones), and arena memory is never reused, so arena_alloc need not clear
 * anything itself. */
static struct block *block_new(size_t size)
{
	struct block *b = calloc(1, sizeof *b + size);
	if (!b) {
		fputs("retort: error: out of memory\n", stderr);
		exit(3);
	}
	b->next = NULL;
	b->used = 0;
	b->size = size;
	return b;
}

struct arena *arena_new(void)
{
	struct arena *a = xmalloc(sizeof *a);
	a->head = block_new(BLOCK_SIZE);
	return a;
}

void arena_free(struct arena *a)
{
	if (!a)
		return;
	struct block *b = a->head;
	while (b) {
		struct block *next = b->next;
		free(b);
		b = next;
	}
	free(a);
}

void *arena_alloc(struct arena *a, size_t size)
{
	size = (size + ALIGN - 1) & ~(size_t)(ALIGN - 1);
	struct block *b = a->head;
	if (b->size - b->used < size) {
		if (size > BLOCK_SIZE / 4) {
			/* big object: its own block, behind the current one */
			struct block *big = block_new(size);
			big->next = b->next;
			b->next = big;
			big->used = size;
			return big->data;
		}
		b = block_new(BLOCK_SIZE);
		b->next = a->head;
		a->head = b;
	}
	void *p = b->data + b->used;
	b->used += size;
	return p;
}

char *arena_strndup(struct arena *a, const char *s, size_t len)
{
	char *p = arena_alloc(a, len + 1);
	memcpy(p, s, len);
	p[len] = '\0';
	return p;
}

char *arena_strdup(struct arena *a, const char *s)
{
	return arena_strndup(a, s, strlen(s));
}

char *arena_vprintf(struct arena *a, const char *fmt, va_list ap)
{
	va_list ap2;
	va_copy(ap2, ap);
	int n = vsnprintf(NULL, 0, fmt, ap2);
	va_end(ap2);
	if (n < 0)
		n = 0;
	char *p = arena_alloc(a, (size_t)n + 1);
	vsnprintf(p, (size_t)n + 1, fmt, ap);
	return p;
}

char *arena_printf(struct arena *a, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *p = arena_vprintf(a, fmt, ap);
	va_end(ap);
	return p;
}

void *arena_grow(struct arena *a, void *arr, size_t elem, int *cap, int need)
{
	if (need <= *cap)
		return arr;
	int ncap = *cap ? *cap : 4;
	while (ncap < need)
		ncap *= 2;
	void *p = arena_alloc(a, elem * (size_t)ncap);
	if (arr && *cap)
		memcpy(p, arr, elem * (size_t)*cap);
	*cap = ncap;
	return p;
}
