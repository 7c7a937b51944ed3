/*
 * history.h - the migration history: every migration script of a
 * migrations directory, linked by their parents into a graph (DESIGN
 * sections 3 and 4).  It sits after the script parser and before the
 * simulator (replaying the history gives the schema the migrations
 * produce, with no database) and the commands that inspect or extend the
 * history (heads, history, check, revision, diff history:REV).
 */
#ifndef RETORT_HISTORY_H
#define RETORT_HISTORY_H

#include "ops.h"
#include "schema.h"
#include "session.h"
#include "strbuf.h"

struct history {
	const char *dir;
	/* every migration, in a topological order (parents first), ties
	 * broken by `created` then revision id: deterministic */
	int n;
	struct migration **v;
	const char **paths;       /* the file of v[i] */
	int nheads;               /* migrations no other names as a parent */
	struct migration **heads; /* sorted by revision id */
	/* the indexes of v sorted by revision id, for history_find */
	int *by_rev;
};

/*
 * Loads every *.migration file directly in dir (a missing directory is an
 * error; an empty one an empty history).  Errors, each reported at its
 * file and all of them before returning -1: a file that does not parse,
 * two files with one revision id, a parent that names no revision (a
 * broken link), a cycle.  Returns 0 or -1.
 */
int history_load(struct session *s, const char *dir, struct history *h);

/*
 * Resolves a revision argument: a full revision id or a unique prefix of
 * one, or "head" (the one head: an error naming them when there are
 * several).  "base" gives *out = NULL.  An unknown or ambiguous argument
 * is an error naming the candidates.  Returns 0 or -1.
 */
int history_resolve(struct session *s, const struct history *h, const char *arg,
                    struct migration **out);

/*
 * Replays onto `schema` (an empty or checked schema, changed in place)
 * the upgrades of rev and of all its ancestors, parents first (rev NULL:
 * of every migration of the history).  Errors are the simulator's, at
 * the ops.  Returns 0 or -1.
 */
int history_replay(struct session *s, const struct history *h,
                   const struct migration *rev, struct schema *schema);

/*
 * The same for the schema rev's upgrade starts from: the upgrades of
 * rev's ancestors only (for a merge, of all its parents' lines, each
 * migration once), parents first.  rev must be a migration of h.
 * `show --sql` and `lint` start from it.  Returns 0 or -1.
 */
int history_replay_parents(struct session *s, const struct history *h,
                           const struct migration *rev, struct schema *schema);

/* Whether m (a migration of h) is one of its heads. */
bool history_is_head(const struct history *h, const struct migration *m);

/*
 * Replays onto `schema` the upgrades of the migrations flagged in `in`
 * (over h->v), in history order.  Errors are the simulator's, at the
 * ops.  Returns 0 or -1.
 */
int history_replay_set(struct session *s, const struct history *h,
                       const bool *in, struct schema *schema);

/* Revision ids for a message: "a, b", or "<base>" for none (the name
 * the progress lines and `history` give the empty set).  Arena memory. */
const char *history_revs_text(struct arena *a, const char *const *revs, int n);

/* The index in h->v of the revision with exactly this id, or -1. */
int history_find(const struct history *h, const char *rev);

/*
 * The revisions from `from` to `to`, both included, as flags over h->v
 * (arena memory): the ancestors of `to` that descend from `from`.  NULL
 * `to` stands for every head, NULL `from` for the base.
 */
bool *history_range(struct session *s, const struct history *h,
                    const struct migration *from, const struct migration *to);

/*
 * `retort history`: appends the revisions flagged in `in` (NULL: all),
 * newest first, in Alembic's shape: `<parents> -> <rev> (head), message`
 * (`<base>` for none, a merge's parents comma-separated, and the labels
 * (head), (branchpoint), (mergepoint)); with s->verbose a block per
 * revision with its path, created time and operation counts; with
 * s->json an array of objects (revision, parents, children, message,
 * created, path, head, upgrade_ops, downgrade_ops), keys sorted.
 */
void history_print(struct session *s, const struct history *h, const bool *in,
                   struct strbuf *out);

/* `retort heads`: `<rev> (head) <message>` per head, in id order, or
 * with s->json an array of history_print's objects. */
void history_print_heads(struct session *s, const struct history *h,
                         struct strbuf *out);

#endif
