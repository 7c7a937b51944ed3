/*
 * revision.h - new migrations (`retort revision`, DESIGN sections 3 and
 * 4): the header of a migration on top of the history, and its file name.
 * The ops come from the differ (autogenerate) or are left empty for the
 * user to write.
 */
#ifndef RETORT_REVISION_H
#define RETORT_REVISION_H

#include "history.h"
#include "ops.h"
#include "session.h"

/* What `retort revision` was asked for. */
struct revision_request {
	const char *message; /* -m */
	const char *rev_id;  /* --rev-id, or NULL: 12 random hex digits */
	const char *created; /* RETORT_NOW, or NULL: the current UTC time */
	const char *head;    /* --head REV, or NULL: the history's one head */
	/* `retort merge`: the revisions to join (arguments, resolved here);
	 * NULL for a migration on one head as above */
	const char *const *heads;
	int nheads;
};

/*
 * Fills m's header for a migration on top of h: its parent is r->head
 * resolved, else the one head (none for an empty history; several heads
 * are an error saying to merge them or to pick one with --head); for a
 * merge (r->heads not NULL) its parents are r->heads resolved, in that
 * order, each a head of h and none twice, at least two (else an error
 * naming the heads); its id
 * r->rev_id (checked: letters, digits and underscores, not taken) or a
 * new random one; `created` r->created (checked: YYYY-MM-DDTHH:MM:SSZ)
 * or now.  The sections are left empty.  Returns 0 or -1 (reported).
 */
int revision_start(struct session *s, const struct history *h,
                   const struct revision_request *r, struct migration *m);

/* "<rev>_<slug>.migration", the slug the message's letters and digits in
 * lower case, other runs of characters one "_", at most 40 bytes.
 * Returns arena memory. */
char *revision_file_name(struct session *s, const struct migration *m);

#endif
