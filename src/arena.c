/*
 * arena.c - the run's bump allocator (see arena.h).
 *
 * Blocks are chained and come straight from mmap: zeroed pages, so
 * arena_alloc never clears memory itself (arena memory is never reused).
 * Block sizes double from 256 KiB to 16 MiB, so a small run maps little
 * and a 10,000-table model does not take tens of thousands of page
 * faults; blocks of 2 MiB and more are aligned and advised for
 * transparent huge pages, which cut the faults further where the kernel
 * allows it.  A request larger than a quarter of the current block size
 * gets a block of its own.
 */
#include "arena.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#define FIRST_BLOCK (256 * 1024)
#define MAX_BLOCK   (16 * 1024 * 1024)
#define HUGE_PAGE   (2 * 1024 * 1024)
#define ALIGN       16

struct block {
	struct block *next;
	void *map; /* what to munmap */
	size_t maplen;
	size_t used, size;
	_Alignas(ALIGN) unsigned char data[];
};

struct arena {
	struct block *head;
	size_t next_size; /* the size of the next standard block */
};

static void out_of_memory(void)
{
	fputs("retort: error: out of memory\n", stderr);
	exit(3);
}

void *xmalloc(size_t size)
{
	void *p = malloc(size ? size : 1);
	if (!p)
		out_of_memory();
	return p;
}

void *xrealloc(void *p, size_t size)
{
	void *q = realloc(p, size ? size : 1);
	if (!q)
		out_of_memory();
	return q;
}

char *xstrdup(const char *s)
{
	size_t n = strlen(s) + 1;
	return memcpy(xmalloc(n), s, n);
}

/* A zeroed block with room for size bytes of data. */
static struct block *block_new(size_t size)
{
	size_t len = sizeof(struct block) + size;
	size_t align = len >= HUGE_PAGE ? HUGE_PAGE : 0;
	size_t maplen = len + align;
	unsigned char *map = mmap(NULL, maplen, PROT_READ | PROT_WRITE,
	                          MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (map == MAP_FAILED)
		out_of_memory();
	unsigned char *start = map;
	if (align) {
		start = (unsigned char *)(((uintptr_t)map + align - 1) &
		                          ~(uintptr_t)(align - 1));
		/* only a hint: the kernel may have huge pages off */
		(void)madvise(start, len, MADV_HUGEPAGE);
	}
	struct block *b = (struct block *)start;
	b->map = map;
	b->maplen = maplen;
	b->size = size;
	return b;
}

struct arena *arena_new(void)
{
	struct arena *a = xmalloc(sizeof *a);
	a->head = block_new(FIRST_BLOCK);
	a->next_size = FIRST_BLOCK * 2;
	return a;
}

void arena_free(struct arena *a)
{
	if (!a)
		return;
	struct block *b = a->head;
	while (b) {
		struct block *next = b->next;
		munmap(b->map, b->maplen);
		b = next;
	}
	free(a);
}

/* size bytes at an offset of the head block that is a multiple of align
 * (a power of two), opening a new block when the head has no room. */
static void *carve(struct arena *a, size_t size, size_t align)
{
	struct block *b = a->head;
	size_t at = (b->used + align - 1) & ~(align - 1);
	if (at > b->size || b->size - at < size) {
		if (size > a->next_size / 4) {
			/* big object: its own block, behind the current one */
			struct block *big = block_new(size);
			big->next = b->next;
			b->next = big;
			big->used = size;
			return big->data;
		}
		b = block_new(a->next_size);
		if (a->next_size < MAX_BLOCK)
			a->next_size *= 2;
		b->next = a->head;
		a->head = b;
		at = 0;
	}
	b->used = at + size;
	return b->data + at;
}

void *arena_alloc(struct arena *a, size_t size)
{
	return carve(a, size, ALIGN);
}

char *arena_alloc_chars(struct arena *a, size_t size)
{
	return carve(a, size, 1);
}

char *arena_strndup(struct arena *a, const char *s, size_t len)
{
	char *p = arena_alloc_chars(a, len + 1);
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
	char *p = arena_alloc_chars(a, (size_t)n + 1);
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
