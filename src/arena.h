/*
 * arena.h - one bump allocator per run.
 *
 * Every object that lives as long as the run (sources, AST, schemas, ops,
 * emitted SQL) is carved out of the session's arena and freed at once by
 * arena_free.  Out of memory prints a message and exits: there is nothing
 * sensible to roll back to (the jq/tmux/pg_dump habit).
 */
#ifndef RETORT_ARENA_H
#define RETORT_ARENA_H

#include <stdarg.h>
#include <stddef.h>

struct arena;

/* A new, empty arena.  Free it with arena_free. */
struct arena *arena_new(void);
void arena_free(struct arena *a);

/* Zeroed memory, aligned for any type; lives until arena_free. */
void *arena_alloc(struct arena *a, size_t size);

/* Zeroed memory for characters: no alignment, so the many short names of
 * a model pack tightly. */
char *arena_alloc_chars(struct arena *a, size_t size);

/* Copy of the first len bytes of s, NUL-terminated. */
char *arena_strndup(struct arena *a, const char *s, size_t len);
char *arena_strdup(struct arena *a, const char *s);
char *arena_printf(struct arena *a, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
char *arena_vprintf(struct arena *a, const char *fmt, va_list ap);

/*
 * Grows an array of elements of size elem to hold at least need elements.
 * *cap is updated; the old block is abandoned to the arena (it is freed
 * with the rest), so growth doubles to keep the waste bounded.
 */
void *arena_grow(struct arena *a, void *arr, size_t elem, int *cap, int need);

/* Appends item to the array (arr, n) with capacity cap. */
#define ARENA_PUSH(arena, arr, n, cap, item)                              \
	do {                                                              \
		if ((n) >= (cap))                                         \
			(arr) = arena_grow((arena), (arr), sizeof *(arr), \
			                   &(cap), (n) + 1);              \
		(arr)[(n)++] = (item);                                    \
	} while (0)

/* malloc that exits on failure, for the few buffers outside the arena. */
void *xmalloc(size_t size);
void *xrealloc(void *p, size_t size);
char *xstrdup(const char *s);

#endif
