/*
 * depsort.c - deterministic topological sort (see depsort.h).
 *
 * pg_dump's shape: objects start in canonical order, Kahn's algorithm takes
 * the ready node with the smallest original position (a binary min-heap of
 * positions), and a cycle is handled by a named fixer rather than broken
 * anywhere.  The SQL back ends use it to order CREATE TABLE by foreign
 * keys; the differ will use the generic form to order operations.
 */
#include "depsort.h"

#include <stdlib.h>
#include <string.h>

#include "strbuf.h"

/* The working state of one sort; all arrays are arena memory. */
struct sorter {
	int n, nedges;
	const struct depsort_edge *edges;
	int *out_start, *out_edges; /* per node: edges where it is `from` */
	int *in_start, *in_edges;   /* per node: edges where it is `to` */
	int *pending;               /* unresolved dependencies per node */
	bool *emitted;
	bool *done; /* per edge: resolved (target emitted, or deferred) */
	int *heap, nheap;
	/* Tarjan scratch, used only by the fixer */
	int *index, *low, *comp, *stack, *calls, *callpos;
	bool *onstack;
};

static void heap_push(struct sorter *st, int v)
{
	int i = st->nheap++;
	while (i > 0) {
		int p = (i - 1) / 2;
		if (st->heap[p] <= v)
			break;
		st->heap[i] = st->heap[p];
		i = p;
	}
	st->heap[i] = v;
}

static int heap_pop(struct sorter *st)
{
	int top = st->heap[0];
	int last = st->heap[--st->nheap];
	int i = 0;
	for (;;) {
		int c = 2 * i + 1;
		if (c >= st->nheap)
			break;
		if (c + 1 < st->nheap && st->heap[c + 1] < st->heap[c])
			c++;
		if (last <= st->heap[c])
			break;
		st->heap[i] = st->heap[c];
		i = c;
	}
	if (st->nheap > 0)
		st->heap[i] = last;
	return top;
}

/* Is edge e a live dependency: not a self edge, not yet resolved? */
static bool live(const struct sorter *st, int e)
{
	const struct depsort_edge *ed = &st->edges[e];
	return ed->from != ed->to && !st->done[e];
}

/* Emits v: its dependents lose one pending dependency each. */
static void emit_node(struct sorter *st, int v, int *order, int *norder)
{
	order[(*norder)++] = v;
	st->emitted[v] = true;
	for (int i = st->in_start[v]; i < st->in_start[v + 1]; i++) {
		int e = st->in_edges[i];
		if (!live(st, e))
			continue;
		st->done[e] = true;
		int from = st->edges[e].from;
		if (--st->pending[from] == 0 && !st->emitted[from])
			heap_push(st, from);
	}
}

/* Iterative Tarjan over the nodes not yet emitted and the live edges
 * between them; comp[v] receives a component id (the root's index). */
static void find_components(struct sorter *st)
{
	int counter = 0, sp = 0;
	for (int v = 0; v < st->n; v++) {
		st->index[v] = -1;
		st->onstack[v] = false;
	}
	for (int root = 0; root < st->n; root++) {
		if (st->emitted[root] || st->index[root] >= 0)
			continue;
		int ncalls = 0;
		st->calls[ncalls] = root;
		st->callpos[ncalls++] = st->out_start[root];
		st->index[root] = st->low[root] = counter++;
		st->stack[sp++] = root;
		st->onstack[root] = true;
		while (ncalls > 0) {
			int v = st->calls[ncalls - 1];
			int *pos = &st->callpos[ncalls - 1];
			if (*pos < st->out_start[v + 1]) {
				int e = st->out_edges[(*pos)++];
				int w = st->edges[e].to;
				if (!live(st, e) || st->emitted[w])
					continue;
				if (st->index[w] < 0) {
					st->index[w] = st->low[w] = counter++;
					st->stack[sp++] = w;
					st->onstack[w] = true;
					st->calls[ncalls] = w;
					st->callpos[ncalls++] =
					    st->out_start[w];
				} else if (st->onstack[w] &&
				           st->index[w] < st->low[v]) {
					st->low[v] = st->index[w];
				}
				continue;
			}
			if (st->low[v] == st->index[v]) {
				int w;
				do {
					w = st->stack[--sp];
					st->onstack[w] = false;
					st->comp[w] = v;
				} while (w != v);
			}
			ncalls--;
			if (ncalls > 0) {
				int u = st->calls[ncalls - 1];
				if (st->low[v] < st->low[u])
					st->low[u] = st->low[v];
			}
		}
	}
}

/*
 * The foreign-key cycle fixer.  Called when nothing is ready: every
 * remaining node waits on another remaining node, so the remaining graph
 * has cycles.  Components that depend on nothing outside themselves are
 * the ones a deferral can unblock; take the smallest-position member whose
 * live edges may all be broken, mark them broken and emit it.  Returns
 * false (after reporting) when no such member exists.
 */
static bool fix_cycle(struct session *s, struct sorter *st,
                      const char *const *names, bool *broken, int *order,
                      int *norder)
{
	find_components(st);
	/* closed[c]: component c has no live edge leaving it */
	bool *closed = arena_alloc(s->arena, (size_t)st->n * sizeof *closed);
	for (int v = 0; v < st->n; v++)
		closed[v] = !st->emitted[v] && st->comp[v] == v;
	for (int v = 0; v < st->n; v++) {
		if (st->emitted[v])
			continue;
		for (int i = st->out_start[v]; i < st->out_start[v + 1]; i++) {
			int e = st->out_edges[i];
			int w = st->edges[e].to;
			if (live(st, e) && !st->emitted[w] &&
			    st->comp[w] != st->comp[v])
				closed[st->comp[v]] = false;
		}
	}
	int pick = -1;
	for (int v = 0; v < st->n && pick < 0 && broken; v++) {
		if (st->emitted[v] || !closed[st->comp[v]])
			continue;
		bool ok = true;
		for (int i = st->out_start[v]; i < st->out_start[v + 1]; i++) {
			int e = st->out_edges[i];
			if (live(st, e) && !st->edges[e].breakable)
				ok = false;
		}
		if (ok)
			pick = v;
	}
	if (pick < 0) {
		struct strbuf sb = STRBUF_INIT;
		for (int v = 0; v < st->n; v++) {
			if (st->emitted[v] || !closed[st->comp[v]])
				continue;
			if (sb.len)
				strbuf_puts(&sb, ", ");
			if (names)
				strbuf_printf(&sb, "\"%s\"", names[v]);
			else
				strbuf_printf(&sb, "#%d", v);
		}
		diag_global(s->diag, SEV_ERROR, "dependency cycle between %s",
		            strbuf_str(&sb));
		strbuf_free(&sb);
		return false;
	}
	for (int i = st->out_start[pick]; i < st->out_start[pick + 1]; i++) {
		int e = st->out_edges[i];
		if (live(st, e)) {
			st->done[e] = true;
			broken[e] = true;
		}
	}
	st->pending[pick] = 0;
	emit_node(st, pick, order, norder);
	return true;
}

/* Compressed adjacency: start[v]..start[v+1] index into list. */
static void build_adjacency(struct arena *a, int n, int nedges,
                            const struct depsort_edge *edges, bool by_from,
                            int **start_out, int **list_out)
{
	int *start = arena_alloc(a, (size_t)(n + 1) * sizeof *start);
	int *list =
	    arena_alloc(a, (size_t)(nedges ? nedges : 1) * sizeof *list);
	for (int e = 0; e < nedges; e++)
		start[(by_from ? edges[e].from : edges[e].to) + 1]++;
	for (int v = 0; v < n; v++)
		start[v + 1] += start[v];
	int *fill = arena_alloc(a, (size_t)(n + 1) * sizeof *fill);
	memcpy(fill, start, (size_t)(n + 1) * sizeof *fill);
	/* edges in input order within a node keep the result deterministic */
	for (int e = 0; e < nedges; e++)
		list[fill[by_from ? edges[e].from : edges[e].to]++] = e;
	*start_out = start;
	*list_out = list;
}

int depsort(struct session *s, int n, int nedges,
            const struct depsort_edge *edges, const char *const *names,
            int *order, bool *broken)
{
	struct arena *a = s->arena;
	struct sorter st = {.n = n, .nedges = nedges, .edges = edges};
	size_t nn = (size_t)(n ? n : 1);
	build_adjacency(a, n, nedges, edges, true, &st.out_start,
	                &st.out_edges);
	build_adjacency(a, n, nedges, edges, false, &st.in_start, &st.in_edges);
	st.pending = arena_alloc(a, nn * sizeof *st.pending);
	st.emitted = arena_alloc(a, nn * sizeof *st.emitted);
	st.done =
	    arena_alloc(a, (size_t)(nedges ? nedges : 1) * sizeof *st.done);
	st.heap = arena_alloc(a, nn * sizeof *st.heap);
	st.index = arena_alloc(a, nn * sizeof *st.index);
	st.low = arena_alloc(a, nn * sizeof *st.low);
	st.comp = arena_alloc(a, nn * sizeof *st.comp);
	st.stack = arena_alloc(a, nn * sizeof *st.stack);
	st.calls = arena_alloc(a, nn * sizeof *st.calls);
	st.callpos = arena_alloc(a, nn * sizeof *st.callpos);
	st.onstack = arena_alloc(a, nn * sizeof *st.onstack);
	if (broken)
		memset(broken, 0, (size_t)nedges * sizeof *broken);

	for (int e = 0; e < nedges; e++)
		if (edges[e].from != edges[e].to)
			st.pending[edges[e].from]++;
	for (int v = 0; v < n; v++)
		if (st.pending[v] == 0)
			heap_push(&st, v);
	int norder = 0;
	while (norder < n) {
		if (st.nheap == 0) {
			if (!fix_cycle(s, &st, names, broken, order, &norder))
				return -1;
			continue;
		}
		emit_node(&st, heap_pop(&st), order, &norder);
	}
	return 0;
}

static int cmp_opt(const char *a, const char *b)
{
	if (!a || !b)
		return (a != NULL) - (b != NULL);
	return strcmp(a, b);
}

int depsort_table_cmp(const void *a, const void *b)
{
	const struct table *x = *(struct table *const *)a;
	const struct table *y = *(struct table *const *)b;
	int c = cmp_opt(x->name.schema, y->name.schema);
	return c ? c : strcmp(x->name.name, y->name.name);
}

/* Position of table (schema, name) in the canonically sorted array, or
 * -1 when it is not there. */
static int find_position(struct table **sorted, int n, const struct qname *q)
{
	int lo = 0, hi = n;
	while (lo < hi) {
		int mid = lo + (hi - lo) / 2;
		const struct table *t = sorted[mid];
		int c = cmp_opt(t->name.schema, q->schema);
		if (!c)
			c = strcmp(t->name.name, q->name);
		if (c == 0)
			return mid;
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return -1;
}

int depsort_tables(struct session *s, int ntables, struct table *const *tables,
                   struct table ***order, struct depsort_fk **deferred,
                   int *ndeferred)
{
	struct arena *a = s->arena;
	size_t nn = (size_t)(ntables ? ntables : 1);
	struct table **sorted = arena_alloc(a, nn * sizeof *sorted);
	if (ntables)
		memcpy(sorted, tables, (size_t)ntables * sizeof *sorted);
	qsort(sorted, (size_t)ntables, sizeof *sorted, depsort_table_cmp);

	int nedges = 0, capedges = 0;
	struct depsort_edge *edges = NULL;
	struct constraint **edge_con = NULL;
	int capcon = 0, ncon = 0;
	for (int i = 0; i < ntables; i++) {
		struct table *t = sorted[i];
		for (int j = 0; j < t->ncons; j++) {
			struct constraint *c = t->cons[j];
			if (c->kind != CON_FOREIGN_KEY)
				continue;
			int to = find_position(sorted, ntables, &c->ref_table);
			if (to < 0 || to == i)
				continue;
			struct depsort_edge e = {i, to, true};
			ARENA_PUSH(a, edges, nedges, capedges, e);
			ARENA_PUSH(a, edge_con, ncon, capcon, c);
		}
	}
	const char **names = arena_alloc(a, nn * sizeof *names);
	for (int i = 0; i < ntables; i++)
		names[i] = sorted[i]->name.name;
	int *pos_order = arena_alloc(a, nn * sizeof *pos_order);
	bool *broken =
	    arena_alloc(a, (size_t)(nedges ? nedges : 1) * sizeof *broken);
	if (depsort(s, ntables, nedges, edges, names, pos_order, broken) < 0)
		return -1;

	*order = arena_alloc(a, nn * sizeof **order);
	for (int i = 0; i < ntables; i++)
		(*order)[i] = sorted[pos_order[i]];
	/* Deferred constraints in the order their tables were emitted, and
	 * within a table in constraint order.  Edges were made table by table
	 * in position order, so each table's edges are one run: first[v]. */
	int *first = arena_alloc(a, (size_t)(ntables + 1) * sizeof *first);
	for (int e = 0; e < nedges; e++)
		first[edges[e].from + 1]++;
	for (int v = 0; v < ntables; v++)
		first[v + 1] += first[v];
	*ndeferred = 0;
	int cap = 0;
	*deferred = NULL;
	for (int r = 0; r < ntables; r++) {
		int v = pos_order[r];
		for (int e = first[v]; e < first[v + 1]; e++)
			if (broken[e]) {
				struct depsort_fk fk = {sorted[v], edge_con[e]};
				ARENA_PUSH(a, *deferred, *ndeferred, cap, fk);
			}
	}
	return 0;
}
