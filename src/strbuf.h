/*
 * strbuf.h - a growable byte buffer for building text (SQL, scripts,
 * formatted models).  Heap-backed so large outputs do not churn the arena;
 * strbuf_free releases it, strbuf_arena_copy keeps a copy in the arena.
 */
#ifndef RETORT_STRBUF_H
#define RETORT_STRBUF_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

struct arena;

struct strbuf {
	char *buf; /* always NUL-terminated once anything was added */
	size_t len, cap;
};

#define STRBUF_INIT        \
	{                  \
		NULL, 0, 0 \
	}

void strbuf_add(struct strbuf *sb, const char *s, size_t len);
void strbuf_puts(struct strbuf *sb, const char *s);
void strbuf_putc(struct strbuf *sb, char c);
void strbuf_printf(struct strbuf *sb, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
void strbuf_vprintf(struct strbuf *sb, const char *fmt, va_list ap);
/* Appends s between two q characters, each q inside doubled: the one
 * quoting rule of SQL string literals ('it''s') and quoted identifiers
 * ("a""b"), and of the model language, which borrows it. */
void strbuf_quoted(struct strbuf *sb, const char *s, char q);
/* Appends n spaces. */
void strbuf_pad(struct strbuf *sb, int n);
void strbuf_reset(struct strbuf *sb);
/* The contents (never NULL: "" when empty); borrowed until the next change. */
const char *strbuf_str(const struct strbuf *sb);
char *strbuf_arena_copy(const struct strbuf *sb, struct arena *a);
void strbuf_free(struct strbuf *sb);

/* FNV-1a, 64 bits, of n bytes: a stable hash for checksums and tables
 * (not for security). */
uint64_t hash_bytes(const void *p, size_t n);

#endif
