/*
 * backup.c - `retort dump` and `retort shell` (backup.h): the run's
 * database backed up, or handed to its own client.  It sits beside the
 * pipeline, on an open connection (db.h) that has already proved the URL
 * works, so that a wrong URL fails with retort's message before any other
 * program runs.
 *
 * SQLite: the online backup API copies the database page by page under a
 * read lock into a new file (a consistent copy while others write, unlike
 * copying the file); the shell is `sqlite3 FILE`.  PostgreSQL: pg_dump and
 * psql, run with fork + execvp (never a shell), get the connection as
 * libpq's environment variables (PGHOST, PGPORT, PGUSER, PGPASSWORD,
 * PGDATABASE, PGSSLMODE, ...), read from the URL by libpq's own parser:
 * the arguments of a process are public (`ps`), its environment is not.
 * The few URL parameters that have no environment variable go on the
 * command line as a conninfo string, which never holds a secret: a secret
 * without a variable (sslpassword) is refused.  Variables the URL does not
 * set are inherited, as retort's own connection read them.
 */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <libpq-fe.h>
#include <signal.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "backup.h"
#include "strbuf.h"

/* How often, and how long apart, a SQLite backup tries again while
 * another connection holds a lock (5 s in all, db_sqlite.c's busy
 * timeout). */
enum { BUSY_TRIES = 100, BUSY_SLEEP_MS = 50 };

struct env_var {
	const char *name, *value;
};

/* The connection as a PostgreSQL client gets it: environment variables,
 * and a conninfo string for --dbname (NULL when not needed) with the
 * parameters that have none. */
struct client_env {
	int n;
	struct env_var *vars;
	const char *conninfo;
};

/* libpq's conninfo quoting: 'value' with \ and ' escaped. */
static void put_conninfo(struct strbuf *sb, const char *key, const char *val)
{
	strbuf_printf(sb, "%s%s='", sb->len ? " " : "", key);
	for (const char *p = val; *p; p++) {
		if (*p == '\\' || *p == '\'')
			strbuf_putc(sb, '\\');
		strbuf_putc(sb, *p);
	}
	strbuf_putc(sb, '\'');
}

/*
 * Fills *env from url's conninfo for the client prog (named in messages).
 * Returns 0, or BACKUP_USAGE with the error reported: a secret parameter
 * with no environment variable, which only a command line could carry.
 */
static int client_env(struct session *s, const struct db_url *url,
                      const char *prog, struct client_env *env)
{
	memset(env, 0, sizeof *env);
	PQconninfoOption *opts = PQconninfoParse(url->conninfo, NULL);
	if (!opts) {
		/* db_open has parsed the same text: only memory can fail */
		diag_global(s->diag, SEV_ERROR,
		            "could not read the database URL \"%s\"",
		            url->display);
		return BACKUP_USAGE;
	}
	int cap = 0, rc = 0;
	struct strbuf rest = STRBUF_INIT;
	for (const PQconninfoOption *o = opts; o->keyword; o++) {
		if (!o->val)
			continue;
		if (o->envvar) {
			struct env_var v = {o->envvar,
			                    arena_strdup(s->arena, o->val)};
			ARENA_PUSH(s->arena, env->vars, env->n, cap, v);
		} else if (strchr(o->dispchar, '*')) {
			diag_global(s->diag, SEV_ERROR,
			            "the URL's \"%s\" cannot be handed to %s",
			            o->keyword, prog);
			diag_detail(s->diag,
			            "libpq reads it from no environment "
			            "variable, and a command line is public");
			diag_global_hint(s->diag,
			                 "Leave it out of the URL (a key "
			                 "without a passphrase needs none).");
			rc = BACKUP_USAGE;
		} else {
			put_conninfo(&rest, o->keyword, o->val);
		}
	}
	PQconninfoFree(opts);
	if (rest.len)
		env->conninfo = strbuf_arena_copy(&rest, s->arena);
	strbuf_free(&rest);
	return rc;
}

/* Sets env's variables in this process (a child about to exec, or the
 * process that the shell replaces). */
static void set_env(const struct client_env *env)
{
	for (int i = 0; i < env->n; i++)
		setenv(env->vars[i].name, env->vars[i].value, 1);
}

/* Reports that prog could not be run: err is execvp's errno; package is
 * the Debian package that has it. */
static void not_run(struct session *s, const char *prog, int err,
                    const char *package)
{
	diag_global(s->diag, SEV_ERROR, "could not run \"%s\": %s", prog,
	            strerror(err));
	if (err == ENOENT)
		diag_global_hint(s->diag,
		                 "Install %s (Debian package %s) or put it "
		                 "on PATH.",
		                 prog, package);
}

/* Creates path, which must not exist, for writing.  Returns the
 * descriptor, or -1 with the error reported. */
static int create_new(struct session *s, const char *path)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	if (fd >= 0)
		return fd;
	int err = errno;
	diag_global(s->diag, SEV_ERROR, "cannot create \"%s\": %s", path,
	            strerror(err));
	if (err == EEXIST)
		diag_global_hint(s->diag, "A backup never overwrites a file: "
		                          "give another name with -o FILE.");
	return -1;
}

/* The UTC time now as YYYYmmddTHHMMSSZ (arena memory). */
static const char *stamp_now(struct arena *a)
{
	time_t now = time(NULL);
	struct tm tm;
	char buf[32];
	gmtime_r(&now, &tm);
	strftime(buf, sizeof buf, "%Y%m%dT%H%M%SZ", &tm);
	return arena_strdup(a, buf);
}

/* A database name made safe as a file name in the current directory:
 * anything but letters, digits, "_", "-", "." and UTF-8 becomes "_", and
 * so does a leading "." (no hidden file, no "..").  Arena memory. */
static const char *file_stem(struct arena *a, const char *name)
{
	char *out = arena_strdup(a, name && *name ? name : "postgres");
	for (char *p = out; *p; p++) {
		unsigned char c = (unsigned char)*p;
		if (!isalnum(c) && c < 0x80 && !strchr("_-.", c))
			*p = '_';
	}
	if (out[0] == '.')
		out[0] = '_';
	return out;
}

static bool is_memory(const struct db_url *url)
{
	return !strcmp(url->path, ":memory:");
}

/* The error for an in-memory SQLite database, which lives only as long as
 * retort's connection: why is what that means for the command. */
static int in_memory(struct session *s, const char *why)
{
	diag_global(s->diag, SEV_ERROR, "the database is in memory: %s", why);
	diag_global_hint(s->diag, "Give a database file with --db "
	                          "sqlite:///file.db.");
	return BACKUP_USAGE;
}

/* SQLite: db copied into the new file path with the online backup API. */
static int sqlite_backup(struct session *s, struct db *db, const char *path)
{
	int fd = create_new(s, path);
	if (fd < 0)
		return BACKUP_USAGE;
	close(fd);
	/* the empty file is an empty database: open it with the same care
	 * as any other (a "file:" name is not read as a URI) */
	struct db_url to = {
	    .dialect = DIALECT_SQLITE, .path = path, .display = path};
	struct db *dst = db_open(s, &to);
	if (!dst) {
		remove(path);
		return BACKUP_FAILED;
	}
	sqlite3 *d = db_sqlite(dst);
	sqlite3_backup *b =
	    sqlite3_backup_init(d, "main", db_sqlite(db), "main");
	int rc = SQLITE_ERROR;
	if (b) {
		/* one step copies every page under one read lock: a
		 * consistent copy; a writer holding the lock is waited for */
		for (int i = 0; i < BUSY_TRIES; i++) {
			rc = sqlite3_backup_step(b, -1);
			if (rc != SQLITE_BUSY && rc != SQLITE_LOCKED)
				break;
			sqlite3_sleep(BUSY_SLEEP_MS);
		}
		sqlite3_backup_finish(b);
	}
	if (rc != SQLITE_DONE) {
		diag_global(s->diag, SEV_ERROR,
		            "could not back up the database into \"%s\"", path);
		diag_detail(s->diag, "%s",
		            b ? sqlite3_errstr(rc) : sqlite3_errmsg(d));
	}
	db_close(dst);
	if (rc != SQLITE_DONE) {
		remove(path);
		return BACKUP_FAILED;
	}
	return 0;
}

/*
 * Runs argv (argv[0] found on PATH) with env set, its standard output on
 * out_fd, its standard error ours, and waits for it; SIGINT and SIGQUIT
 * go to it alone meanwhile (as system() does), so that an interrupted
 * child is reported and cleaned up after.  Returns its wait status, or -1
 * with *err set when it could not be run (the child sends execvp's errno
 * back through a close-on-exec pipe, which exec closes unwritten).
 */
static int run_child(const char *const *argv, const struct client_env *env,
                     int out_fd, int *err)
{
	int pfd[2];
	if (pipe(pfd) < 0) {
		*err = errno;
		return -1;
	}
	fcntl(pfd[1], F_SETFD, FD_CLOEXEC);
	struct sigaction ign = {0}, old_int, old_quit;
	ign.sa_handler = SIG_IGN;
	sigemptyset(&ign.sa_mask);
	sigaction(SIGINT, &ign, &old_int);
	sigaction(SIGQUIT, &ign, &old_quit);
	pid_t pid = fork();
	if (pid == 0) {
		sigaction(SIGINT, &old_int, NULL);
		sigaction(SIGQUIT, &old_quit, NULL);
		close(pfd[0]);
		if (dup2(out_fd, STDOUT_FILENO) >= 0) {
			set_env(env);
			execvp(argv[0], (char *const *)argv);
		}
		int e = errno;
		ssize_t w = write(pfd[1], &e, sizeof e);
		(void)w;
		_exit(127);
	}
	if (pid < 0)
		*err = errno;
	close(pfd[1]);
	int status = -1;
	if (pid > 0) {
		ssize_t got;
		while ((got = read(pfd[0], err, sizeof *err)) < 0 &&
		       errno == EINTR)
			;
		while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
			;
		if (got == (ssize_t)sizeof *err)
			status = -1;
	}
	close(pfd[0]);
	sigaction(SIGINT, &old_int, NULL);
	sigaction(SIGQUIT, &old_quit, NULL);
	return status;
}

/* PostgreSQL: db dumped by pg_dump -Fc into the new file path. */
static int pg_backup(struct session *s, struct db *db, const char *path)
{
	struct client_env env;
	int rc = client_env(s, db_get_url(db), "pg_dump", &env);
	if (rc < 0)
		return rc;
	int fd = create_new(s, path);
	if (fd < 0)
		return BACKUP_USAGE;
	/* the file is stdout rather than -f: created here exclusively */
	const char *argv[] = {"pg_dump", "--format=custom", "--no-password",
	                      NULL, NULL};
	if (env.conninfo)
		argv[3] = arena_printf(s->arena, "--dbname=%s", env.conninfo);
	int err = 0;
	int status = run_child(argv, &env, fd, &err);
	close(fd);
	if (status == 0)
		return 0;
	if (status < 0)
		not_run(s, "pg_dump", err, "postgresql-client");
	else if (WIFEXITED(status))
		diag_global(s->diag, SEV_ERROR,
		            "pg_dump failed (exit status %d)",
		            WEXITSTATUS(status));
	else
		diag_global(s->diag, SEV_ERROR,
		            "pg_dump was killed by signal %d",
		            WIFSIGNALED(status) ? WTERMSIG(status) : 0);
	if (status > 0)
		diag_global_hint(s->diag,
		                 "Its messages are above.  A pg_dump older "
		                 "than the server refuses to dump it: install "
		                 "the client of the server's version.");
	remove(path);
	return BACKUP_FAILED;
}

int backup_dump(struct session *s, struct db *db, const char *output,
                const char **written)
{
	const struct db_url *url = db_get_url(db);
	const char *path = output;
	int rc;
	if (db_dialect(db) == DIALECT_SQLITE) {
		if (is_memory(url))
			return in_memory(s, "there is nothing to back up");
		if (!path)
			path = arena_printf(s->arena, "%s.%s.bak", url->path,
			                    stamp_now(s->arena));
		rc = sqlite_backup(s, db, path);
	} else {
		if (!path)
			path =
			    arena_printf(s->arena, "%s.%s.dump",
			                 file_stem(s->arena, PQdb(db_pg(db))),
			                 stamp_now(s->arena));
		rc = pg_backup(s, db, path);
	}
	if (rc == 0)
		*written = path;
	return rc;
}

/* A SQLite file name as the sqlite3 shell must get it: "./" before one
 * that it would take for an option or a URI. */
static const char *shell_path(struct arena *a, const char *path)
{
	if (path[0] == '-' || !strncmp(path, "file:", 5))
		return arena_printf(a, "./%s", path);
	return path;
}

int backup_shell(struct session *s, const struct db_url *url, int nargs,
                 char **args)
{
	const char **argv = NULL;
	int n = 0, cap = 0;
	struct client_env env = {0};
	const char *package = "sqlite3";
	if (url->dialect == DIALECT_SQLITE) {
		if (is_memory(url))
			return in_memory(s, "no other program can open it");
		ARENA_PUSH(s->arena, argv, n, cap, "sqlite3");
		ARENA_PUSH(s->arena, argv, n, cap,
		           shell_path(s->arena, url->path));
	} else {
		int rc = client_env(s, url, "psql", &env);
		if (rc < 0)
			return rc;
		package = "postgresql-client";
		ARENA_PUSH(s->arena, argv, n, cap, "psql");
		if (env.conninfo)
			ARENA_PUSH(s->arena, argv, n, cap,
			           arena_printf(s->arena, "--dbname=%s",
			                        env.conninfo));
	}
	for (int i = 0; i < nargs; i++)
		ARENA_PUSH(s->arena, argv, n, cap, args[i]);
	ARENA_PUSH(s->arena, argv, n, cap, NULL);
	fflush(NULL);
	set_env(&env);
	execvp(argv[0], (char *const *)argv);
	not_run(s, argv[0], errno, package);
	return BACKUP_FAILED;
}
