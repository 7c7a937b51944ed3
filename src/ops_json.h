/*
 * ops_json.h - migration operations as JSON (jansson), for the hidden
 * `--dump=ast` of a migration script and for `retort diff --format json`.
 */
#ifndef RETORT_OPS_JSON_H
#define RETORT_OPS_JSON_H

#include <jansson.h>
#include <stdbool.h>

#include "ops.h"
#include "session.h"

/*
 * One op as a new JSON object (the caller owns the reference): "op", its
 * kind as the script writes it ("add column", "alter enum add value"...),
 * then the fields it has: "target", "column", "name", "new_name", "type",
 * "expr", "value", "new_value", "position", "anchor", "dialect", the
 * string it carries ("sql" of an execute, "message" of a warning,
 * "comment" of a comment), and "definition", the object it brings (a
 * table, column, constraint, index, enum or view) as schema JSON.
 */
json_t *ops_json_op(struct session *s, const struct op *op);

/*
 * `retort diff --format json`: {"equal", "dialect", "upgrade",
 * "downgrade", "warnings"}, each op as ops_json_op gives it plus "text",
 * the op as the script printer writes it on one line, and "explain" when
 * the differ set one (-v); "warnings" are the upgrade's warning texts.
 * Keys sorted, two-space indent: the same migration gives the same bytes.
 * Returns arena memory ending in a newline.
 */
const char *ops_json_diff(struct session *s, const struct migration *m,
                          bool equal);

#endif
