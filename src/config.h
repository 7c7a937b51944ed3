/*
 * config.h - the project's configuration file (DESIGN section 4): an INI
 * file read as Python's configparser reads Alembic's alembic.ini and
 * Pyramid's development.ini, so that one file can serve both.  It is read
 * once, by main.c, before any command runs; its values are defaults that
 * the command line and RETORT_DATABASE_URL override.
 *
 * The keys of [retort] (every one optional):
 *
 *   database        a database URL (else [app:main]'s sqlalchemy.url)
 *   models          a model file or directory
 *   migrations      the migrations directory
 *   version_table   the version table's name
 *   dialect         sqlite or postgresql
 *   naming_pk, naming_uq, naming_ix, naming_fk, naming_ck
 *                   the naming convention's templates (struct naming)
 *
 * and each [package:NAME] section holds models, migrations and
 * version_table for one package.
 */
#ifndef RETORT_CONFIG_H
#define RETORT_CONFIG_H

#include "session.h"

struct config_package {
	const char *name;
	const char *models, *migrations, *version_table; /* NULL: unset */
};

/* Every string is NULL when the file does not set it.  Paths (models,
 * migrations, the file of a sqlite:/// URL) that the file gives relative
 * are already joined to the file's directory, so they are relative to
 * the current directory like any path on the command line. */
struct config {
	const char *path; /* the file, as given or found */
	const char *database;
	const char *models, *migrations, *version_table;
	const char *dialect; /* checked: "sqlite" or "postgresql" */
	struct naming naming;
	int npackages; /* in the order of the file */
	struct config_package *packages;
};

/*
 * Reads the configuration file at path into *out (arena memory).  An
 * unreadable file, a syntax error, a bad interpolation in a value retort
 * reads, a duplicate section or key, or a bad value is reported at its
 * file:line:col and gives -1 (exit status 2); keys of [retort] or a
 * package retort does not know are warnings.  Returns 0 or -1.
 */
int config_load(struct session *s, const char *path, struct config *out);

/*
 * The configuration as canonical JSON (sorted keys, two-space indent,
 * unset values null, the database's password masked), for --dump=config.
 * Returns arena memory, or NULL with an error reported when the database
 * URL is malformed.
 */
const char *config_to_json(struct session *s, const struct config *c);

#endif
