/*
 * script.h - the script printer: operations as migration-script text
 * (DESIGN section 3), aligned and readable.  The parser reads scripts
 * back (parse_migration), and print -> parse -> print is the identity.
 */
#ifndef RETORT_SCRIPT_H
#define RETORT_SCRIPT_H

#include "ops.h"
#include "session.h"
#include "strbuf.h"

/* Appends the whole migration: header (migration, parent(s), message,
 * created), then `upgrade { ... }` and `downgrade { ... }`. */
void script_print_migration(struct session *s, const struct migration *m,
                            struct strbuf *out);

/* Appends ops, one per line (a `create table` spans lines), each ending
 * in ';', indented by indent spaces. */
void script_print_ops(struct session *s, struct op *const *ops, int nops,
                      int indent, struct strbuf *out);

#endif
