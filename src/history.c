/*
 * history.c - the migration history: reads every migration script of a
 * directory, links them by their parents into a graph, orders it
 * topologically and answers the questions the commands ask of it (which
 * revision an argument names, the heads, the ancestors of a revision, the
 * schema a revision's ancestry gives when replayed by the simulator).
 * It also prints the history and its heads for `retort history` and
 * `retort heads`, as text in Alembic's shape or as JSON.
 */
#include <dirent.h>
#include <errno.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "history.h"
#include "parse.h"
#include "simulate.h"

static const char suffix[] = ".migration";

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The *.migration files directly in dir, in byte order of their names.
 * Returns the count (arena memory in *out) or -1 (reported). */
static int list_files(struct session *s, const char *dir, char ***out)
{
	DIR *d = opendir(dir);
	if (!d) {
		diag_global(s->diag, SEV_ERROR,
		            "cannot open migrations directory \"%s\": %s", dir,
		            strerror(errno));
		diag_global_hint(s->diag,
		                 "Give the directory with --migrations DIR, or "
		                 "create it with \"retort init\".");
		return -1;
	}
	char **v = NULL;
	int n = 0, cap = 0;
	size_t dl = strlen(dir);
	const char *sep = dl && dir[dl - 1] == '/' ? "" : "/";
	struct dirent *e;
	while ((e = readdir(d))) {
		size_t len = strlen(e->d_name);
		size_t sl = sizeof suffix - 1;
		if (len <= sl || strcmp(e->d_name + len - sl, suffix))
			continue;
		char *path =
		    arena_printf(s->arena, "%s%s%s", dir, sep, e->d_name);
		struct stat st;
		if (stat(path, &st) == 0 && S_ISREG(st.st_mode))
			ARENA_PUSH(s->arena, v, n, cap, path);
	}
	closedir(d);
	/* the paths share their directory: byte order of the names */
	if (n > 1)
		qsort(v, (size_t)n, sizeof *v, cmp_str);
	*out = v;
	return n;
}

/* A migration's sort keys and its index in the history, for qsort (which
 * takes no context). */
struct key {
	const char *created, *rev;
	int i;
};

/* By revision id; equal ids: the file read first stands first. */
static int cmp_key_rev(const void *a, const void *b)
{
	const struct key *x = a, *y = b;
	int c = strcmp(x->rev, y->rev);
	return c ? c : (x->i > y->i) - (x->i < y->i);
}

/* The ready-set order of the topological sort: `created`, then id. */
static int cmp_key_created(const void *a, const void *b)
{
	const struct key *x = a, *y = b;
	int c = strcmp(x->created, y->created);
	return c ? c : cmp_key_rev(a, b);
}

/* The keys of h->v, sorted by cmp. */
static struct key *sorted_keys(struct session *s, const struct history *h,
                               int (*cmp)(const void *, const void *))
{
	struct key *k = arena_alloc(s->arena, sizeof *k * (size_t)(h->n + 1));
	for (int i = 0; i < h->n; i++) {
		k[i].created = h->v[i]->created ? h->v[i]->created : "";
		k[i].rev = h->v[i]->rev;
		k[i].i = i;
	}
	if (h->n > 1)
		qsort(k, (size_t)h->n, sizeof *k, cmp);
	return k;
}

int history_find(const struct history *h, const char *rev)
{
	int lo = 0, hi = h->n;
	while (lo < hi) {
		int mid = lo + (hi - lo) / 2;
		int c = strcmp(h->v[h->by_rev[mid]]->rev, rev);
		if (c == 0)
			return h->by_rev[mid];
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return -1;
}

/* Whether the text at p is a whole word: no identifier character on
 * either side. */
static bool is_word_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9') || c == '_';
}

/* Where m's parent id is written, for a located error: its first whole
 * occurrence after the word `parent` (the parser keeps no span for
 * parents); the revision id's span when it cannot be found. */
static struct span parent_span(const struct migration *m, const char *parent)
{
	const struct source *src = m->rev_span.src;
	const char *text = src->text, *end = text + src->len;
	const char *p = strstr(text, "parent");
	size_t pl = strlen(parent);
	for (p = p ? p + 6 : end; p && p < end; p++) {
		p = strstr(p, parent);
		if (!p)
			break;
		if ((p == text || !is_word_char(p[-1])) &&
		    !is_word_char(p[pl])) {
			struct span sp = {src, (uint32_t)(p - text),
			                  (uint32_t)(p - text + pl)};
			return sp;
		}
	}
	return m->rev_span;
}

/* Reports the cycles among the migrations Kahn's sort could not place
 * (left[i]): each once, at its member read first, with its path. */
static void report_cycles(struct session *s, const struct history *h, int **par,
                          const int *npar, const bool *left)
{
	int *seen = arena_alloc(s->arena, sizeof *seen * (size_t)h->n);
	bool *reported = arena_alloc(s->arena, sizeof *reported * (size_t)h->n);
	int *walk = arena_alloc(s->arena, sizeof *walk * (size_t)(h->n + 1));
	for (int start = 0; start < h->n; start++) {
		if (!left[start] || reported[start])
			continue;
		/* follow unplaced parents until one repeats: every unplaced
		 * migration has one, so the walk ends in a cycle */
		int len = 0, x = start;
		while (seen[x] != start + 1) {
			seen[x] = start + 1;
			walk[len++] = x;
			int next = -1;
			for (int k = 0; k < npar[x] && next < 0; k++)
				if (left[par[x][k]])
					next = par[x][k];
			x = next;
		}
		int from = 0;
		while (walk[from] != x)
			from++;
		bool old = false;
		int first = x;
		for (int k = from; k < len; k++) {
			old |= reported[walk[k]];
			reported[walk[k]] = true;
			if (walk[k] < first)
				first = walk[k];
		}
		if (old)
			continue;
		/* written parent first, as `retort history` links them */
		struct strbuf msg = STRBUF_INIT;
		for (int k = len - 1; k >= from; k--)
			strbuf_printf(&msg, "\"%s\" -> ", h->v[walk[k]]->rev);
		strbuf_printf(&msg, "\"%s\"", h->v[walk[len - 1]]->rev);
		diag_error(s->diag, h->v[first]->rev_span,
		           "the parents of revisions form a cycle: %s",
		           strbuf_str(&msg));
		strbuf_free(&msg);
		for (int k = from; k < len; k++)
			if (walk[k] != first)
				diag_note(s->diag, h->v[walk[k]]->rev_span,
				          "revision \"%s\" is in the cycle",
				          h->v[walk[k]]->rev);
		diag_hint(s->diag, h->v[first]->rev_span,
		          "A revision cannot descend from itself: fix the "
		          "parent line of one of them.");
	}
}

/* A min-heap of ranks, for the ready set of the topological sort. */
static void heap_push(int *heap, int *n, int v)
{
	int i = (*n)++;
	while (i > 0 && heap[(i - 1) / 2] > v) {
		heap[i] = heap[(i - 1) / 2];
		i = (i - 1) / 2;
	}
	heap[i] = v;
}

static int heap_pop(int *heap, int *n)
{
	int top = heap[0], v = heap[--*n], i = 0;
	for (;;) {
		int c = 2 * i + 1;
		if (c >= *n)
			break;
		if (c + 1 < *n && heap[c + 1] < heap[c])
			c++;
		if (heap[c] >= v)
			break;
		heap[i] = heap[c];
		i = c;
	}
	if (*n > 0)
		heap[i] = v;
	return top;
}

/* Orders h->v topologically (Kahn's algorithm, the ready set ordered by
 * `created` then id), h->paths with it, and finds the heads.  par[i]
 * holds the indexes of v[i]'s parents.  Returns 0, or -1 after
 * reporting the cycles. */
static int sort_history(struct session *s, struct history *h, int **par,
                        int *npar)
{
	int n = h->n;
	int *rank_of = arena_alloc(s->arena, sizeof(int) * (size_t)n);
	int *by_rank = arena_alloc(s->arena, sizeof(int) * (size_t)n);
	struct key *keys = sorted_keys(s, h, cmp_key_created);
	for (int r = 0; r < n; r++) {
		by_rank[r] = keys[r].i;
		rank_of[keys[r].i] = r;
	}
	/* children lists, flattened: child[cstart[i] .. cstart[i + 1]) */
	int *indeg = arena_alloc(s->arena, sizeof(int) * (size_t)n);
	int *cstart = arena_alloc(s->arena, sizeof(int) * (size_t)(n + 1));
	int nedges = 0;
	for (int i = 0; i < n; i++) {
		indeg[i] = npar[i];
		nedges += npar[i];
		for (int k = 0; k < npar[i]; k++)
			cstart[par[i][k] + 1]++;
	}
	for (int i = 0; i < n; i++)
		cstart[i + 1] += cstart[i];
	int *fill = arena_alloc(s->arena, sizeof(int) * (size_t)n);
	int *child = arena_alloc(s->arena, sizeof(int) * (size_t)(nedges + 1));
	for (int i = 0; i < n; i++)
		for (int k = 0; k < npar[i]; k++) {
			int p = par[i][k];
			child[cstart[p] + fill[p]++] = i;
		}
	int *heap = arena_alloc(s->arena, sizeof(int) * (size_t)n);
	int nheap = 0, nout = 0;
	int *order = arena_alloc(s->arena, sizeof(int) * (size_t)n);
	for (int i = 0; i < n; i++)
		if (indeg[i] == 0)
			heap_push(heap, &nheap, rank_of[i]);
	while (nheap > 0) {
		int i = by_rank[heap_pop(heap, &nheap)];
		order[nout++] = i;
		for (int c = cstart[i]; c < cstart[i + 1]; c++)
			if (--indeg[child[c]] == 0)
				heap_push(heap, &nheap, rank_of[child[c]]);
	}
	if (nout < n) {
		bool *left = arena_alloc(s->arena, sizeof(bool) * (size_t)n);
		for (int i = 0; i < n; i++)
			left[i] = indeg[i] > 0;
		report_cycles(s, h, par, npar, left);
		return -1;
	}
	struct migration **v = arena_alloc(s->arena, sizeof *v * (size_t)n);
	const char **paths = arena_alloc(s->arena, sizeof *paths * (size_t)n);
	int capheads = 0;
	for (int k = 0; k < n; k++) {
		v[k] = h->v[order[k]];
		paths[k] = h->paths[order[k]];
		if (cstart[order[k] + 1] == cstart[order[k]])
			ARENA_PUSH(s->arena, h->heads, h->nheads, capheads,
			           v[k]);
	}
	h->v = v;
	h->paths = paths;
	return 0;
}

static int cmp_mig_rev(const void *a, const void *b)
{
	return strcmp((*(struct migration *const *)a)->rev,
	              (*(struct migration *const *)b)->rev);
}

/* Sorts h->by_rev, the indexes of h->v by revision id.  Returns 0, or -1
 * after reporting each id written twice. */
static int index_revisions(struct session *s, struct history *h)
{
	struct key *keys = sorted_keys(s, h, cmp_key_rev);
	h->by_rev = arena_alloc(s->arena, sizeof(int) * (size_t)(h->n + 1));
	for (int k = 0; k < h->n; k++)
		h->by_rev[k] = keys[k].i;
	int rc = 0;
	for (int k = 1; k < h->n; k++) {
		const struct migration *a = h->v[h->by_rev[k - 1]];
		const struct migration *b = h->v[h->by_rev[k]];
		if (strcmp(a->rev, b->rev))
			continue;
		diag_error(s->diag, b->rev_span,
		           "revision \"%s\" is defined twice", b->rev);
		diag_note(s->diag, a->rev_span, "first defined here");
		diag_hint(s->diag, b->rev_span,
		          "Give each migration its own revision id (and fix "
		          "the parent lines that name it).");
		rc = -1;
	}
	return rc;
}

int history_load(struct session *s, const char *dir, struct history *h)
{
	memset(h, 0, sizeof *h);
	h->dir = dir;
	char **files;
	int nfiles = list_files(s, dir, &files);
	if (nfiles < 0)
		return -1;
	h->v = arena_alloc(s->arena, sizeof *h->v * (size_t)(nfiles + 1));
	h->paths = (const char **)files;
	int rc = 0;
	for (int i = 0; i < nfiles; i++) {
		struct source *src = source_read(s->arena, files[i], i);
		if (!src) {
			diag_global(s->diag, SEV_ERROR,
			            "cannot read migration \"%s\": %s",
			            files[i], strerror(errno));
			rc = -1;
		} else if (!(h->v[h->n] = parse_migration(s, src))) {
			rc = -1;
		} else {
			h->paths[h->n++] = files[i];
		}
	}
	/* as the model loader does: links are checked only over a complete
	 * parse, or a file that failed would make misleading broken links */
	if (rc < 0 || index_revisions(s, h) < 0)
		return -1;
	int **par = arena_alloc(s->arena, sizeof *par * (size_t)(h->n + 1));
	int *npar = arena_alloc(s->arena, sizeof *npar * (size_t)(h->n + 1));
	for (int i = 0; i < h->n; i++) {
		const struct migration *m = h->v[i];
		par[i] = arena_alloc(s->arena,
		                     sizeof(int) * (size_t)(m->nparents + 1));
		for (int k = 0; k < m->nparents; k++) {
			int p = history_find(h, m->parents[k]);
			if (p >= 0) {
				par[i][npar[i]++] = p;
				continue;
			}
			struct span sp = parent_span(m, m->parents[k]);
			diag_error(s->diag, sp,
			           "parent \"%s\" of revision \"%s\" is no "
			           "revision in \"%s\"",
			           m->parents[k], m->rev, dir);
			diag_hint(s->diag, sp,
			          "The parent's file is missing from the "
			          "directory or its revision id was edited: "
			          "restore it, or name an existing revision.");
			rc = -1;
		}
	}
	if (rc < 0 || sort_history(s, h, par, npar) < 0)
		return -1;
	if (h->nheads > 1)
		qsort(h->heads, (size_t)h->nheads, sizeof *h->heads,
		      cmp_mig_rev);
	/* the order changed: index the revision ids again */
	return index_revisions(s, h);
}

int history_resolve(struct session *s, const struct history *h, const char *arg,
                    struct migration **out)
{
	*out = NULL;
	int i = history_find(h, arg);
	if (i >= 0) {
		*out = h->v[i];
		return 0;
	}
	if (!strcmp(arg, "base"))
		return 0;
	if (!strcmp(arg, "head")) {
		if (h->nheads <= 1) {
			*out = h->nheads ? h->heads[0] : NULL;
			return 0;
		}
		struct strbuf names = STRBUF_INIT;
		for (int k = 0; k < h->nheads; k++)
			strbuf_printf(&names, "%s\"%s\"", k ? ", " : "",
			              h->heads[k]->rev);
		diag_global(
		    s->diag, SEV_ERROR,
		    "\"head\" is ambiguous: the history has %d heads: %s",
		    h->nheads, strbuf_str(&names));
		diag_global_hint(s->diag,
		                 "Name one of them, or join them with a "
		                 "migration whose parent line lists them "
		                 "all.");
		strbuf_free(&names);
		return -1;
	}
	/* a prefix: the matches are adjacent in id order */
	size_t len = strlen(arg);
	int lo = 0;
	while (lo < h->n && strcmp(h->v[h->by_rev[lo]]->rev, arg) < 0)
		lo++;
	int hi = lo;
	while (len && hi < h->n && !strncmp(h->v[h->by_rev[hi]]->rev, arg, len))
		hi++;
	if (hi - lo == 1) {
		*out = h->v[h->by_rev[lo]];
		return 0;
	}
	if (hi == lo) {
		diag_global(s->diag, SEV_ERROR, "no such revision \"%s\"", arg);
		diag_global_hint(
		    s->diag, "Run \"retort history\" to list the revisions.");
		return -1;
	}
	struct strbuf names = STRBUF_INIT;
	for (int k = lo; k < hi; k++)
		strbuf_printf(&names, "%s\"%s\"", k > lo ? ", " : "",
		              h->v[h->by_rev[k]]->rev);
	diag_global(s->diag, SEV_ERROR,
	            "revision prefix \"%s\" is ambiguous: it matches %s", arg,
	            strbuf_str(&names));
	diag_global_hint(s->diag, "Give more of the revision id.");
	strbuf_free(&names);
	return -1;
}

/* Marks in `in` rev (an index of h->v) and its ancestors. */
static void mark_ancestors(const struct history *h, int rev, bool *in)
{
	/* parents stand before their children: one backward pass */
	in[rev] = true;
	for (int i = rev; i >= 0; i--) {
		if (!in[i])
			continue;
		for (int k = 0; k < h->v[i]->nparents; k++)
			in[history_find(h, h->v[i]->parents[k])] = true;
	}
}

/* history_replay and history_replay_parents: the upgrades of rev's
 * ancestors, and of rev itself when `self`. */
static int replay(struct session *s, const struct history *h,
                  const struct migration *rev, bool self, struct schema *schema)
{
	bool *in = arena_alloc(s->arena, sizeof(bool) * (size_t)(h->n + 1));
	if (rev) {
		int r = history_find(h, rev->rev);
		mark_ancestors(h, r, in);
		in[r] = self;
	} else {
		memset(in, 1, sizeof(bool) * (size_t)h->n);
	}
	return history_replay_set(s, h, in, schema);
}

int history_replay_set(struct session *s, const struct history *h,
                       const bool *in, struct schema *schema)
{
	for (int i = 0; i < h->n; i++)
		if (in[i] &&
		    simulate_ops(s, schema, h->v[i]->up, h->v[i]->nup) < 0)
			return -1;
	return 0;
}

const char *history_revs_text(struct arena *a, const char *const *revs, int n)
{
	if (n == 0)
		return "<base>";
	struct strbuf sb = STRBUF_INIT;
	for (int i = 0; i < n; i++)
		strbuf_printf(&sb, "%s%s", i ? ", " : "", revs[i]);
	const char *t = strbuf_arena_copy(&sb, a);
	strbuf_free(&sb);
	return t;
}

int history_replay(struct session *s, const struct history *h,
                   const struct migration *rev, struct schema *schema)
{
	return replay(s, h, rev, true, schema);
}

int history_replay_parents(struct session *s, const struct history *h,
                           const struct migration *rev, struct schema *schema)
{
	return replay(s, h, rev, false, schema);
}

bool *history_range(struct session *s, const struct history *h,
                    const struct migration *from, const struct migration *to)
{
	bool *in = arena_alloc(s->arena, sizeof(bool) * (size_t)(h->n + 1));
	if (to)
		mark_ancestors(h, history_find(h, to->rev), in);
	else
		memset(in, 1, sizeof(bool) * (size_t)h->n);
	if (!from)
		return in;
	/* descendants of from: children stand after their parents */
	bool *desc = arena_alloc(s->arena, sizeof(bool) * (size_t)h->n);
	int f = history_find(h, from->rev);
	desc[f] = true;
	for (int i = f + 1; i < h->n; i++)
		for (int k = 0; k < h->v[i]->nparents && !desc[i]; k++)
			desc[i] = desc[history_find(h, h->v[i]->parents[k])];
	for (int i = 0; i < h->n; i++)
		in[i] = in[i] && desc[i];
	return in;
}

/* The revisions that name v[i] as a parent, in history order. */
static int children(struct session *s, const struct history *h, int i,
                    const struct migration ***out)
{
	const struct migration **v = NULL;
	int n = 0, cap = 0;
	for (int j = i + 1; j < h->n; j++)
		for (int k = 0; k < h->v[j]->nparents; k++)
			if (!strcmp(h->v[j]->parents[k], h->v[i]->rev)) {
				ARENA_PUSH(s->arena, v, n, cap, h->v[j]);
				break;
			}
	*out = v;
	return n;
}

bool history_is_head(const struct history *h, const struct migration *m)
{
	for (int k = 0; k < h->nheads; k++)
		if (h->heads[k] == m)
			return true;
	return false;
}

static json_t *entry_json(struct session *s, const struct history *h, int i)
{
	const struct migration *m = h->v[i];
	const struct migration **kids;
	int nkids = children(s, h, i, &kids);
	json_t *o = json_object();
	json_object_set_new(o, "revision", json_string(m->rev));
	json_t *a = json_array();
	for (int k = 0; k < m->nparents; k++)
		json_array_append_new(a, json_string(m->parents[k]));
	json_object_set_new(o, "parents", a);
	a = json_array();
	for (int k = 0; k < nkids; k++)
		json_array_append_new(a, json_string(kids[k]->rev));
	json_object_set_new(o, "children", a);
	json_object_set_new(o, "message",
	                    m->message ? json_string(m->message) : json_null());
	json_object_set_new(o, "created",
	                    m->created ? json_string(m->created) : json_null());
	json_object_set_new(o, "path", json_string(h->paths[i]));
	json_object_set_new(o, "head", json_boolean(history_is_head(h, m)));
	json_object_set_new(o, "upgrade_ops", json_integer(m->nup));
	json_object_set_new(o, "downgrade_ops", json_integer(m->ndown));
	return o;
}

/* Appends the JSON array a (consumed) to out, keys sorted. */
static void put_json(json_t *a, struct strbuf *out)
{
	char *text = json_dumps(a, JSON_SORT_KEYS | JSON_INDENT(2));
	strbuf_puts(out, text);
	strbuf_putc(out, '\n');
	free(text);
	json_decref(a);
}

/* Appends the revision ids comma-separated (`<base>` for none). */
static void put_revs(struct strbuf *out, const char *const *revs, int n)
{
	if (n == 0)
		strbuf_puts(out, "<base>");
	for (int k = 0; k < n; k++)
		strbuf_printf(out, "%s%s", k ? ", " : "", revs[k]);
}

static void put_entry(struct session *s, const struct history *h, int i,
                      struct strbuf *out)
{
	const struct migration *m = h->v[i];
	const struct migration **kids;
	int nkids = children(s, h, i, &kids);
	const char *msg = m->message ? m->message : "";
	const char *labels = arena_printf(
	    s->arena, "%s%s%s", history_is_head(h, m) ? " (head)" : "",
	    nkids > 1 ? " (branchpoint)" : "",
	    m->nparents > 1 ? " (mergepoint)" : "");
	if (!s->verbose) {
		put_revs(out, m->parents, m->nparents);
		strbuf_printf(out, " -> %s%s, %s\n", m->rev, labels, msg);
		return;
	}
	strbuf_printf(out, "Rev: %s%s\n", m->rev, labels);
	strbuf_puts(out, m->nparents > 1 ? "Merges: " : "Parent: ");
	put_revs(out, m->parents, m->nparents);
	strbuf_putc(out, '\n');
	if (nkids > 1) {
		strbuf_puts(out, "Branches into: ");
		for (int k = 0; k < nkids; k++)
			strbuf_printf(out, "%s%s", k ? ", " : "", kids[k]->rev);
		strbuf_putc(out, '\n');
	}
	strbuf_printf(out, "Path: %s\n", h->paths[i]);
	strbuf_printf(out, "Created: %s\n", m->created ? m->created : "");
	strbuf_printf(out, "Operations: %d upgrade, %d downgrade\n", m->nup,
	              m->ndown);
	strbuf_printf(out, "\n    %s\n\n", msg);
}

void history_print(struct session *s, const struct history *h, const bool *in,
                   struct strbuf *out)
{
	json_t *a = s->json ? json_array() : NULL;
	for (int i = h->n - 1; i >= 0; i--) {
		if (in && !in[i])
			continue;
		if (a)
			json_array_append_new(a, entry_json(s, h, i));
		else
			put_entry(s, h, i, out);
	}
	if (a)
		put_json(a, out);
}

void history_print_heads(struct session *s, const struct history *h,
                         struct strbuf *out)
{
	json_t *a = s->json ? json_array() : NULL;
	for (int k = 0; k < h->nheads; k++) {
		int i = history_find(h, h->heads[k]->rev);
		if (a)
			json_array_append_new(a, entry_json(s, h, i));
		else
			strbuf_printf(
			    out, "%s (head) %s\n", h->heads[k]->rev,
			    h->heads[k]->message ? h->heads[k]->message : "");
	}
	if (a)
		put_json(a, out);
}
