/*
 * package.c - packages (see package.h): which package an object belongs
 * to, the schema a package's history replays onto, and the cut of a
 * schema down to one package's objects.
 *
 * Objects are told apart by name: a key per relation (table or view,
 * which share one namespace in both databases) and per type (enum or
 * `type`), so that the same rule serves a checked model, a replayed
 * history and a reflected database.  An object belongs to the package
 * whose model files declare it, or whose history creates it; indexes and
 * constraints go with their table.
 */
#include "package.h"

#include <stdlib.h>
#include <string.h>

#include "load.h"

/* The package's own model objects: sorted keys (see key()). */
struct package_own {
	int n, cap;
	const char **keys;
};

/* The key of a relation (kind 'r') or type ('t') named q: the kind, the
 * schema ("" for the default) and the name, split by a byte no
 * identifier the checker accepts holds unquoted. */
static const char *key(struct arena *a, char kind, const char *schema,
                       const char *name)
{
	return arena_printf(a, "%c%s\x1f%s", kind, schema ? schema : "", name);
}

static void add(struct arena *a, struct package_own *o, const char *k)
{
	ARENA_PUSH(a, o->keys, o->n, o->cap, k);
}

static int cmp_key(const void *x, const void *y)
{
	return strcmp(*(const char *const *)x, *(const char *const *)y);
}

static void sort_keys(struct package_own *o)
{
	if (o->n > 1)
		qsort(o->keys, (size_t)o->n, sizeof *o->keys, cmp_key);
}

static bool has(const struct package_own *o, const char *k)
{
	return o->n &&
	       bsearch(&k, o->keys, (size_t)o->n, sizeof *o->keys, cmp_key);
}

int package_find(const struct config *cfg, const char *name)
{
	for (int i = 0; cfg && i < cfg->npackages; i++)
		if (!strcmp(cfg->packages[i].name, name))
			return i;
	return -1;
}

const char *package_version_table(struct session *s,
                                  const struct config_package *p)
{
	if (p->version_table)
		return p->version_table;
	return arena_printf(s->arena, "retort_version_%s", p->name);
}

const char **package_version_tables(struct session *s, const struct config *cfg)
{
	const char **v =
	    arena_alloc(s->arena, sizeof *v * (size_t)(cfg->npackages + 1));
	for (int i = 0; i < cfg->npackages; i++)
		v[i] = package_version_table(s, &cfg->packages[i]);
	return v;
}

/* Adds the key of an object named q whose span is sp when it lies in
 * the files [lo, hi) of the load. */
static void add_declared(struct arena *a, struct package_own *o, char kind,
                         const struct qname *q, struct span sp, int lo, int hi)
{
	if (sp.src && sp.src->order >= lo && sp.src->order < hi)
		add(a, o, key(a, kind, q->schema, q->name));
}

/* The keys of the objects of all that files [lo, hi) declare. */
static struct package_own *own_keys(struct session *s, const struct schema *all,
                                    int lo, int hi)
{
	struct arena *a = s->arena;
	struct package_own *o = arena_alloc(a, sizeof *o);
	for (int i = 0; i < all->ntables; i++)
		add_declared(a, o, 'r', &all->tables[i]->name,
		             all->tables[i]->span, lo, hi);
	for (int i = 0; i < all->nviews; i++)
		add_declared(a, o, 'r', &all->views[i]->name,
		             all->views[i]->span, lo, hi);
	for (int i = 0; i < all->nenums; i++)
		add_declared(a, o, 't', &all->enums[i]->name,
		             all->enums[i]->span, lo, hi);
	for (int i = 0; i < all->ntypes; i++)
		add_declared(a, o, 't', &all->types[i]->name,
		             all->types[i]->span, lo, hi);
	sort_keys(o);
	return o;
}

/*
 * The schema the package's history replays onto: the other packages'
 * tables, less those that reference one of the package's own (through
 * foreign keys, even by way of other tables: its migrations ran before
 * they existed, and a drop or change of its table must not trip over
 * them), and the other packages' enums and types.  Views are left out:
 * nothing a migration checks refers to one.
 */
static struct schema *replay_base(struct session *s, const struct schema *all,
                                  const struct package_own *own)
{
	struct arena *a = s->arena;
	int n = all->ntables;
	bool *out = arena_alloc(a, sizeof *out * (size_t)(n + 1));
	for (int i = 0; i < n; i++)
		out[i] = has(own, key(a, 'r', all->tables[i]->name.schema,
		                      all->tables[i]->name.name));
	struct table_index *ix = table_index_new(a, all);
	for (bool more = true; more;) {
		more = false;
		for (int i = 0; i < n; i++) {
			const struct table *t = all->tables[i];
			for (int j = 0; j < t->ncons && !out[i]; j++) {
				const struct constraint *k = t->cons[j];
				if (k->kind != CON_FOREIGN_KEY)
					continue;
				int r = table_index_find(
				    ix, k->ref_table.schema, k->ref_table.name);
				if (r >= 0 && out[r])
					more = out[i] = true;
			}
		}
	}
	struct schema *b = arena_alloc(a, sizeof *b);
	for (int i = 0; i < n; i++)
		if (!out[i])
			ARENA_PUSH(a, b->tables, b->ntables, b->captables,
			           all->tables[i]);
	for (int i = 0; i < all->nenums; i++)
		if (!has(own, key(a, 't', all->enums[i]->name.schema,
		                  all->enums[i]->name.name)))
			ARENA_PUSH(a, b->enums, b->nenums, b->capenums,
			           all->enums[i]);
	for (int i = 0; i < all->ntypes; i++)
		if (!has(own, key(a, 't', all->types[i]->name.schema,
		                  all->types[i]->name.name)))
			ARENA_PUSH(a, b->types, b->ntypes, b->captypes,
			           all->types[i]);
	return b;
}

int package_check(struct session *s, const struct config *cfg, int pkg)
{
	const struct config_package *p = &cfg->packages[pkg];
	if (p->models && p->migrations)
		return 0;
	diag_global(s->diag, SEV_ERROR, "%s: package \"%s\" sets no %s",
	            cfg->path, p->name, p->models ? "migrations" : "models");
	diag_global_hint(s->diag,
	                 "Set models and migrations in its [package:%s] "
	                 "section.",
	                 p->name);
	return -1;
}

int package_load(struct session *s, const struct config *cfg, int pkg,
                 struct schema *all)
{
	char **files = NULL;
	int n = 0, cap = 0, lo = 0, hi = 0, rc = 0;
	for (int i = 0; i < cfg->npackages; i++) {
		const struct config_package *p = &cfg->packages[i];
		if (package_check(s, cfg, i) < 0) {
			rc = -1;
			continue;
		}
		char **v;
		int nv = load_list_files(s, p->models, &v);
		if (nv < 0) {
			rc = -1;
			continue;
		}
		if (i == pkg)
			lo = n;
		for (int k = 0; k < nv; k++)
			ARENA_PUSH(s->arena, files, n, cap, v[k]);
		if (i == pkg)
			hi = n;
	}
	if (rc < 0 || load_files(s, files, n, all) < 0)
		return -1;
	struct package_own *own = own_keys(s, all, lo, hi);
	s->replay_base = replay_base(s, all, own);
	s->own = own;
	return 0;
}

void package_replay_start(struct session *s, struct schema *out)
{
	if (s->replay_base)
		schema_copy_shallow(s->arena, out, s->replay_base);
}

/* The keys of s->own and of what h's upgrades create or rename to. */
static struct package_own *owned(struct session *s, const struct history *h)
{
	struct arena *a = s->arena;
	struct package_own *o = arena_alloc(a, sizeof *o);
	for (int i = 0; i < s->own->n; i++)
		add(a, o, s->own->keys[i]);
	for (int i = 0; h && i < h->n; i++) {
		const struct migration *m = h->v[i];
		for (int j = 0; j < m->nup; j++) {
			const struct op *op = m->up[j];
			if (op->kind == OP_CREATE_TABLE)
				add(a, o,
				    key(a, 'r', op->tdef->name.schema,
				        op->tdef->name.name));
			else if (op->kind == OP_CREATE_VIEW)
				add(a, o,
				    key(a, 'r', op->vdef->name.schema,
				        op->vdef->name.name));
			else if (op->kind == OP_CREATE_ENUM)
				add(a, o,
				    key(a, 't', op->edef->name.schema,
				        op->edef->name.name));
			else if (op->kind == OP_RENAME_TABLE ||
			         op->kind == OP_RENAME_ENUM)
				add(a, o,
				    key(a,
				        op->kind == OP_RENAME_TABLE ? 'r' : 't',
				        op->target.schema, op->new_name));
		}
	}
	return o;
}

void package_filter(struct session *s, const struct history *h,
                    const struct schema *in, struct schema *out)
{
	if (!s->own) {
		*out = *in;
		return;
	}
	struct arena *a = s->arena;
	struct package_own *o = owned(s, h);
	sort_keys(o);
	struct schema r = {0};
	for (int i = 0; i < in->ntables; i++) {
		struct table *t = in->tables[i];
		if (!has(o, key(a, 'r', t->name.schema, t->name.name)))
			continue;
		ARENA_PUSH(a, r.tables, r.ntables, r.captables, t);
	}
	for (int i = 0; i < in->nviews; i++)
		if (has(o, key(a, 'r', in->views[i]->name.schema,
		               in->views[i]->name.name)))
			ARENA_PUSH(a, r.views, r.nviews, r.capviews,
			           in->views[i]);
	/* the types the kept tables use come along, another package's too:
	 * on SQLite an enum column is compared as the CHECK its values make */
	for (int i = 0; i < r.ntables; i++)
		for (int j = 0; j < r.tables[i]->ncols; j++) {
			const struct type *ty = &r.tables[i]->cols[j]->type;
			if (ty->kind == TYPE_ENUM || ty->kind == TYPE_EXTERNAL)
				add(a, o, key(a, 't', ty->schema, ty->name));
		}
	sort_keys(o);
	for (int i = 0; i < in->nenums; i++)
		if (has(o, key(a, 't', in->enums[i]->name.schema,
		               in->enums[i]->name.name)))
			ARENA_PUSH(a, r.enums, r.nenums, r.capenums,
			           in->enums[i]);
	for (int i = 0; i < in->ntypes; i++)
		if (has(o, key(a, 't', in->types[i]->name.schema,
		               in->types[i]->name.name)))
			ARENA_PUSH(a, r.types, r.ntypes, r.captypes,
			           in->types[i]);
	*out = r;
}
