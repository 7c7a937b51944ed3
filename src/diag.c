/*
 * diag.c - the diagnostic sink (see diag.h).
 *
 * Entries are kept in report order; flush sorts the top-level ones by
 * (source order, offset, report order) and prints each with the notes and
 * hints that followed it, so output is stable however the checker walks.
 */
#include "diag.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "arena.h"

struct entry {
	enum severity sev;
	struct span sp;
	char *msg;
	int seq;   /* report order */
	int group; /* seq of the top-level entry this note belongs to */
};

struct diag {
	FILE *out;
	int colour, quiet;
	int nerrors, nwarnings;
	struct entry *v;
	int n, cap;
	int last_group;    /* group of the last top-level entry, -1 if none */
	bool last_dropped; /* the last top-level entry was a hidden warning */
};

static const char *const sev_name[] = {"error", "warning", "note", "hint"};
static const char *const sev_colour[] = {"\033[1;31m", "\033[1;35m",
                                         "\033[1;36m", "\033[1;32m"};

struct diag *diag_new(FILE *out)
{
	struct diag *d = xmalloc(sizeof *d);
	memset(d, 0, sizeof *d);
	d->out = out;
	d->colour = isatty(fileno(out)) && !getenv("NO_COLOR");
	d->last_group = -1;
	return d;
}

void diag_free(struct diag *d)
{
	if (!d)
		return;
	for (int i = 0; i < d->n; i++)
		free(d->v[i].msg);
	free(d->v);
	free(d);
}

void diag_set_quiet(struct diag *d, int quiet)
{
	d->quiet = quiet;
}

int diag_errors(const struct diag *d)
{
	return d->nerrors;
}

int diag_warnings(const struct diag *d)
{
	return d->nwarnings;
}

/* Formats into a new heap string; one pass for the usual short message. */
static char *vformat(const char *fmt, va_list ap)
{
	char small[256];
	va_list ap2;
	va_copy(ap2, ap);
	int n = vsnprintf(small, sizeof small, fmt, ap2);
	va_end(ap2);
	if (n < 0)
		n = 0;
	char *s = xmalloc((size_t)n + 1);
	if ((size_t)n < sizeof small)
		memcpy(s, small, (size_t)n + 1);
	else
		vsnprintf(s, (size_t)n + 1, fmt, ap);
	return s;
}

static void count(struct diag *d, enum severity sev)
{
	if (sev == SEV_ERROR)
		d->nerrors++;
	else if (sev == SEV_WARNING)
		d->nwarnings++;
}

bool diag_shows(const struct diag *d, enum severity sev)
{
	return !(sev == SEV_WARNING && d->quiet);
}

void diag_hidden(struct diag *d, enum severity sev)
{
	count(d, sev);
	d->last_dropped = true;
}

void diag_at(struct diag *d, enum severity sev, struct span sp, const char *fmt,
             ...)
{
	/* a hidden warning is counted, never kept, and takes its notes and
	 * hints with it */
	bool attached = sev == SEV_NOTE || sev == SEV_HINT;
	if (attached ? d->last_dropped : !diag_shows(d, sev)) {
		diag_hidden(d, sev);
		return;
	}
	count(d, sev);
	if (!attached)
		d->last_dropped = false;
	if (d->n == d->cap) {
		d->cap = d->cap ? d->cap * 2 : 16;
		d->v = xrealloc(d->v, sizeof *d->v * (size_t)d->cap);
	}
	struct entry *e = &d->v[d->n];
	va_list ap;
	va_start(ap, fmt);
	e->msg = vformat(fmt, ap);
	va_end(ap);
	e->sev = sev;
	e->sp = sp;
	e->seq = d->n;
	if ((sev == SEV_NOTE || sev == SEV_HINT) && d->last_group >= 0) {
		e->group = d->last_group;
	} else {
		e->group = e->seq;
		d->last_group = e->seq;
	}
	d->n++;
}

static void put_sev(struct diag *d, enum severity sev)
{
	if (d->colour)
		fprintf(d->out, "%s%s:\033[0m ", sev_colour[sev],
		        sev_name[sev]);
	else
		fprintf(d->out, "%s: ", sev_name[sev]);
}

static void vglobal(struct diag *d, const char *label, const char *fmt,
                    va_list ap)
{
	char *msg = vformat(fmt, ap);
	fprintf(d->out, "retort: %s: %s\n", label, msg);
	free(msg);
}

void diag_global(struct diag *d, enum severity sev, const char *fmt, ...)
{
	count(d, sev);
	if (sev == SEV_WARNING && d->quiet)
		return;
	va_list ap;
	va_start(ap, fmt);
	if (d->colour) {
		char label[32];
		snprintf(label, sizeof label, "%s%s\033[0m", sev_colour[sev],
		         sev_name[sev]);
		vglobal(d, label, fmt, ap);
	} else {
		vglobal(d, sev_name[sev], fmt, ap);
	}
	va_end(ap);
}

void diag_detail(struct diag *d, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vglobal(d, "detail", fmt, ap);
	va_end(ap);
}

void diag_global_hint(struct diag *d, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vglobal(d, "hint", fmt, ap);
	va_end(ap);
}

/* Prints the source line under a diagnostic with a caret and tildes. */
static void excerpt(struct diag *d, const struct entry *e, int line, int col)
{
	size_t len;
	const char *text = source_line(e->sp.src, line, &len);
	fprintf(d->out, "%5d | ", line);
	/* tabs become spaces so the caret lines up; other control bytes
	 * become '?' so they cannot drive the terminal */
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)text[i];
		if (c == '\t')
			c = ' ';
		else if (c < 0x20 || c == 0x7f)
			c = '?';
		fputc(c, d->out);
	}
	fputs("\n      | ", d->out);
	for (int i = 1; i < col; i++)
		fputc(' ', d->out);
	size_t width = e->sp.end > e->sp.start ? e->sp.end - e->sp.start : 1;
	size_t room = len >= (size_t)(col - 1) ? len - (size_t)(col - 1) : 0;
	if (width > room)
		width = room ? room : 1;
	if (d->colour)
		fputs("\033[1;32m", d->out);
	fputc('^', d->out);
	for (size_t i = 1; i < width; i++)
		fputc('~', d->out);
	if (d->colour)
		fputs("\033[0m", d->out);
	fputc('\n', d->out);
}

static void print_entry(struct diag *d, const struct entry *e)
{
	if (!e->sp.src) {
		fprintf(d->out, "retort: ");
		put_sev(d, e->sev);
		fprintf(d->out, "%s\n", e->msg);
		return;
	}
	int line, col;
	source_line_col(e->sp.src, e->sp.start, &line, &col);
	fprintf(d->out, "%s:%d:%d: ", e->sp.src->path, line, col);
	put_sev(d, e->sev);
	fprintf(d->out, "%s\n", e->msg);
	if (e->sev != SEV_HINT)
		excerpt(d, e, line, col);
}

static int key_cmp(const struct entry *a, const struct entry *b)
{
	int ao = a->sp.src ? a->sp.src->order : -1;
	int bo = b->sp.src ? b->sp.src->order : -1;
	if (ao != bo)
		return ao < bo ? -1 : 1;
	if (a->sp.start != b->sp.start)
		return a->sp.start < b->sp.start ? -1 : 1;
	return (a->seq > b->seq) - (a->seq < b->seq);
}

static int group_cmp(const void *pa, const void *pb)
{
	return key_cmp(*(const struct entry *const *)pa,
	               *(const struct entry *const *)pb);
}

void diag_flush(struct diag *d)
{
	const struct entry **heads =
	    xmalloc(sizeof *heads * (size_t)(d->n + 1));
	int nheads = 0;
	for (int i = 0; i < d->n; i++)
		if (d->v[i].group == d->v[i].seq)
			heads[nheads++] = &d->v[i];
	qsort(heads, (size_t)nheads, sizeof *heads, group_cmp);
	for (int h = 0; h < nheads; h++) {
		const struct entry *head = heads[h];
		print_entry(d, head);
		/* a head's notes follow it directly in report order */
		for (int i = head->seq + 1;
		     i < d->n && d->v[i].group == head->seq; i++)
			print_entry(d, &d->v[i]);
	}
	free(heads);
	for (int i = 0; i < d->n; i++)
		free(d->v[i].msg);
	d->n = 0;
	d->last_group = -1;
	d->last_dropped = false;
	fflush(d->out);
}
