/*
 * package.h - packages (DESIGN section 4): a project whose configuration
 * has [package:NAME] sections keeps each package's models, migrations and
 * version table apart, in one database, as Websauna's add-ons do.
 *
 * It sits between the configuration (config.h) and the commands: main.c
 * runs a command once for the package --package names (or for each one),
 * with that package's paths and version table, after package_load has
 * read every package's models together, so that a foreign key of one
 * package to another's table resolves.  What the commands compare is
 * then cut down to the package's own objects (package_filter) on both
 * sides, so the database's other tables, which belong to the other
 * packages, are neither dropped nor drift; and the package's history
 * replays onto the objects of the others that it may reference
 * (s->replay_base), as its migrations ran on a database that had them.
 */
#ifndef RETORT_PACKAGE_H
#define RETORT_PACKAGE_H

#include "config.h"
#include "history.h"
#include "schema.h"
#include "session.h"

/* The index of the package named name in cfg, or -1. */
int package_find(const struct config *cfg, const char *name);

/* The package's version table: its version_table, else
 * "retort_version_<name>" (a package never shares one: each keeps its
 * own heads).  Returns arena memory or the configuration's string. */
const char *package_version_table(struct session *s,
                                  const struct config_package *p);

/* Every package's version table, NULL-terminated (arena memory), for
 * s->skip_tables: none of them is a model. */
const char **package_version_tables(struct session *s,
                                    const struct config *cfg);

/* Whether package pkg of cfg names its models and migrations: if not,
 * an error naming the configuration file.  Returns 0 or -1. */
int package_check(struct session *s, const struct config *cfg, int pkg);

/*
 * Loads the models of every package of cfg as one checked schema into
 * *all, so that foreign keys between packages resolve, and sets up s for
 * package pkg: s->own (the tables, views, enums and types its own model
 * files declare) and s->replay_base (the other packages' tables that do
 * not reference, even through others, one of its own, and their enums
 * and types: what its migrations may reference).  Every package must
 * pass package_check.  Returns 0, or -1 with the errors reported.
 */
int package_load(struct session *s, const struct config *cfg, int pkg,
                 struct schema *all);

/* *out, an empty schema, becomes the schema a replay of the package's
 * history starts from: s->replay_base (a copy for the simulator to
 * change), or nothing without a package. */
void package_replay_start(struct session *s, struct schema *out);

/*
 * *out gets the objects of in that belong to the session's package: its
 * models' (s->own) and those the upgrades of its history h create or
 * rename to (so a table its models dropped is still its own), and the
 * enums and types the tables kept use, in in's (canonical) order.  The
 * objects are in's; the arrays are new, so in is left as it was and out
 * needs no index rebuilt.  Without a package (s->own NULL) *out is *in.
 */
void package_filter(struct session *s, const struct history *h,
                    const struct schema *in, struct schema *out);

#endif
