/*
 * lint.h - `retort lint` (DESIGN section 4): flags destructive and risky
 * operations in migration scripts.  It sits after the history and the
 * simulator: each migration's upgrade is stepped through from the schema
 * its parents give (history_replay_parents), so a finding knows the
 * objects as they stand before the op (the old type of a column, the
 * kind of a dropped constraint).
 *
 * Findings have stable codes (R001..R010, listed in lint.c and in
 * retort(1)), a severity ("warning", or "note" for what retort cannot
 * judge), and the location of the op.  A comment `-- lint: ignore R002`
 * (codes separated by blanks or commas) on the op's first line or on the
 * line before it silences those codes for that op.
 */
#ifndef RETORT_LINT_H
#define RETORT_LINT_H

#include "history.h"
#include "session.h"
#include "strbuf.h"

/*
 * Lints the migrations of h flagged in `in` (indexes of h->v; NULL: all),
 * in history order.  Only upgrade sections are judged op by op; the
 * downgrade is only checked to undo the upgrade (R010).  Findings are
 * reported in history order, then by position in the file: as located
 * diagnostics (each flushed with its hint), or with s->json appended to
 * out as one JSON array of {code, severity, revision, path, line,
 * column, message}, keys sorted (an empty array when there are none).
 * Returns the number of findings, or -1 when a migration does not
 * replay (the simulator's errors reported, nothing appended).
 */
int lint_history(struct session *s, const struct history *h, const bool *in,
                 struct strbuf *out);

#endif
