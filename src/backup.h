/*
 * backup.h - `retort dump` and `retort shell` (DESIGN section 4): a backup
 * of the run's database, and the database's own interactive client opened
 * on it.  They sit beside the pipeline, on the connection layer (db.h):
 * SQLite through the library's online backup API and the sqlite3 shell,
 * PostgreSQL through pg_dump and psql, run without a shell, with the
 * connection parameters in their environment (PGHOST, PGPASSWORD, ...), so
 * that a password never appears on a command line that `ps` shows.
 */
#ifndef RETORT_BACKUP_H
#define RETORT_BACKUP_H

#include "db.h"

/* What backup_dump and backup_shell return besides 0: the first is bad
 * usage (exit status 2), the second a database or client error (3). */
enum { BACKUP_USAGE = -2, BACKUP_FAILED = -1 };

/*
 * Backs up the database db is connected to into the file `output`, which
 * must not exist (it is created exclusively, mode 0600: a backup holds the
 * data), or, with output NULL, into a file named after the database and
 * the UTC time: SQLite "<file>.<YYYYmmddTHHMMSSZ>.bak" next to the
 * database, PostgreSQL "<dbname>.<YYYYmmddTHHMMSSZ>.dump" in the current
 * directory.  SQLite copies with the online backup API (a consistent copy
 * while others write; an in-memory database is BACKUP_USAGE: there is
 * nothing to keep); PostgreSQL runs pg_dump -Fc (custom format, for
 * pg_restore), its messages going straight to stderr.  On success *written
 * is the file's path (arena memory).  Errors are reported and a partly
 * written file removed: BACKUP_USAGE when the file exists or cannot be
 * created, BACKUP_FAILED when the copy or pg_dump fails or pg_dump cannot
 * be run.
 */
int backup_dump(struct session *s, struct db *db, const char *output,
                const char **written);

/*
 * Replaces the process with the database's client: `sqlite3 FILE` or
 * `psql` (the connection in its environment), args (nargs of them)
 * appended to its command line.  Standard streams are flushed first.
 * Returns only on failure, reported: BACKUP_USAGE for an in-memory SQLite
 * database or a URL parameter that cannot be handed over without showing
 * it, BACKUP_FAILED when the client cannot be run (not installed: the hint
 * names the package).
 */
int backup_shell(struct session *s, const struct db_url *url, int nargs,
                 char **args);

#endif
