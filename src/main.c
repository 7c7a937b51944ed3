/*
 * main.c - the command line: parses arguments, opens the session and hands
 * each command to its stage.  No compiler logic lives here.
 *
 * Options may stand before or after the command name (`retort sql
 * --dialect postgresql` and `retort --dialect postgresql sql` are the
 * same); an option a command does not take is a usage error (exit 2).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* autoconf's config.h, found through -I. in the build tree: the quoted
 * form would find src/config.h, the configuration file's header, first */
#include <config.h>

#include "backup.h"
#include "check.h"
#include "compile.h"
#include "config.h"
#include "db.h"
#include "diff.h"
#include "dump.h"
#include "history.h"
#include "emit.h"
#include "lint.h"
#include "fmt.h"
#include "load.h"
#include "lower.h"
#include "ops_json.h"
#include "package.h"
#include "parse.h"
#include "reflect.h"
#include "revision.h"
#include "runner.h"
#include "schema.h"
#include "script.h"
#include "session.h"
#include "simulate.h"
#include "strbuf.h"

enum { EXIT_OK = 0, EXIT_DIFF = 1, EXIT_USAGE = 2, EXIT_DB = 3 };

struct cli {
	const char *models;
	const char *migrations;
	const char *message, *rev_id, *head; /* revision */
	bool autogenerate, offline;          /* revision */
	const char *db;
	const char *format;
	const char *dialect;
	const char *dump;
	const char *from, *to;
	const char *range;           /* history -r A:B */
	const char *output;          /* dump -o FILE */
	const char *config_file;     /* -c FILE */
	const struct config *config; /* loaded, or NULL: there is none */
	const char *package;         /* --package NAME or all */
	/* under --package, every package's models checked together
	 * (package_load); NULL otherwise */
	const struct schema *package_models;
	const char *command;
	int verbose;
	bool quiet, help, version, check, write, sql;
	int nargs;
	char **args;  /* the positional words after the command */
	char **words; /* every positional word; owns the array */
};

static const char usage_main[] =
    "usage: retort [OPTIONS] COMMAND [ARGS...]\n"
    "\n"
    "retort compiles declarative schema models (*.schema files) into SQL for\n"
    "SQLite and PostgreSQL, and writes, checks and runs the migrations that\n"
    "take a database from one version of the models to the next.\n"
    "\n"
    "Commands:\n"
    "  sql [TABLE...]        print the CREATE statements for the models\n"
    "  fmt [--check|-w] [FILE...]\n"
    "                        print model files in the canonical layout\n"
    "  reflect               print a live database as a model file\n"
    "  diff --from SRC --to SRC\n"
    "                        the operations from one schema to another\n"
    "  heads                 the revisions no other revision builds on\n"
    "  history [-r A:B] [-v] the migrations, newest first\n"
    "  check                 exit 1 when the models differ from the\n"
    "                        history, the history is not one line, or the\n"
    "                        database is not at its head with the models\n"
    "  init [DIR]            start a project: retort.ini, models/, "
    "migrations/\n"
    "  revision -m MSG [--autogenerate [--offline]]\n"
    "                        write a new migration script\n"
    "  upgrade [head|REV|+N] [--sql]\n"
    "                        apply the migrations the database lacks\n"
    "  downgrade REV|-N|base [--sql]\n"
    "                        revert applied migrations\n"
    "  current               the revisions the database is at\n"
    "  stamp REV...          set the version table, running nothing\n"
    "  verify                run the history up, down and up on a scratch\n"
    "                        database, checking every step\n"
    "  merge -m MSG [REV...] a migration joining heads\n"
    "  show REV [--sql]      print a migration, or its SQL\n"
    "  lint [REV]            flag destructive or risky operations\n"
    "  dump [-o FILE]        back up the database (SQLite backup API,\n"
    "                        pg_dump -Fc)\n"
    "  shell [-- ARGS...]    open sqlite3 or psql on the database\n"
    "\n"
    "Options (before or after the command):\n"
    "  -c, --config FILE     the configuration file (default: retort.ini\n"
    "                        when there is one)\n"
    "  --models PATH         a model file or a directory of *.schema files\n"
    "                        (default: the configuration's, else models)\n"
    "  --package NAME|all    the configuration's [package:NAME]: its models,\n"
    "                        migrations and version table; all: each in\n"
    "                        turn\n"
    "  --db URL              the database (default: $RETORT_DATABASE_URL,\n"
    "                        else the configuration's database):\n"
    "                        sqlite:///file.db, sqlite:////abs/file.db,\n"
    "                        postgresql://user:pw@host:port/dbname\n"
    "  --dialect D           sqlite (default) or postgresql\n"
    "  --format F            text (default) or json\n"
    "  -q, --quiet           print no warnings\n"
    "  -v, --verbose         say more\n"
    "  -h, --help            show help (retort COMMAND --help for a command)\n"
    "  --version             print the version\n"
    "\n"
    "Exit status: 0 success, 1 a difference was found (fmt --check, diff),\n"
    "2 bad usage or bad input, 3 a database error.\n"
    "See retort(1), retort-schema(5) and retort-migration(5).\n";

static const char usage_sql[] =
    "usage: retort sql [--models PATH] [--dialect sqlite|postgresql]\n"
    "                  [--format text|json] [TABLE...]\n"
    "\n"
    "Checks the models and prints the statements that create them in the\n"
    "dialect: schemas and enum types, tables in foreign-key order (foreign\n"
    "keys that close a cycle are added afterwards with ALTER TABLE on\n"
    "PostgreSQL), indexes, views and comments.  With TABLE names, prints\n"
    "only those tables and the types they use.  --format json prints the\n"
    "checked portable schema as JSON instead.\n";

static const char usage_reflect[] =
    "usage: retort reflect [--db URL] [--format text|json]\n"
    "\n"
    "Reads the database's tables, columns, keys, indexes, foreign keys,\n"
    "checks, enums, comments and views and prints them as one model file in\n"
    "the canonical layout (or, with --format json, as the portable schema),\n"
    "to bootstrap the models of an existing database.  Objects retort does\n"
    "not model (triggers, functions, ...) are reported once as a note.\n"
    "The database is --db, else $RETORT_DATABASE_URL.\n";

static const char usage_diff[] =
    "usage: retort diff --from SRC --to SRC [--sql] [--dialect D] [-v]\n"
    "                   [--format text|json]\n"
    "\n"
    "Prints the operations that take the schema SRC of --from to the one of\n"
    "--to, as the upgrade and downgrade sections of a migration script, with\n"
    "warnings where a change cannot be made safely.  A SRC is a database URL\n"
    "(sqlite:///file.db, postgresql://...), a model file or directory, or\n"
    "`history` (every migration of --migrations replayed, no database) or\n"
    "`history:REV` (REV and its ancestors; `base`, `head` or a prefix).  "
    "Both\n"
    "are compared as the dialect stores them (a database's own, else\n"
    "--dialect), so nothing the database treats as equal is a difference.\n"
    "  --sql   print the upgrade as SQL for the dialect instead: one\n"
    "          transaction (SQLite table rebuilds with foreign keys off\n"
    "          and checked before the commit; PostgreSQL enum values\n"
    "          added in their own commit)\n"
    "  -v      explain each operation in a `--` comment before it: what\n"
    "          changes, with both sides' values as the dialect stores them\n"
    "  --format json\n"
    "          print {\"equal\", \"dialect\", \"upgrade\", \"downgrade\",\n"
    "          \"warnings\"} instead, each operation an object with its\n"
    "          fields and its \"text\" as the script writes it\n"
    "Exit status 0 when they are equal, 1 when they differ.\n";

static const char usage_heads[] =
    "usage: retort heads [--migrations DIR] [--format text|json]\n"
    "\n"
    "Prints the heads of the history in DIR (default: migrations), the\n"
    "revisions no other names as a parent, one per line in id order:\n"
    "`<rev> (head) <message>`.  More than one head means two branches\n"
    "to join (a migration whose parent line lists them).  --format json\n"
    "prints an array of the\n"
    "objects `retort history --format json` prints.\n";

static const char usage_history[] =
    "usage: retort history [-r A:B] [-v] [--migrations DIR]\n"
    "                      [--format text|json]\n"
    "\n"
    "Prints the migrations of DIR (default: migrations), newest first, as\n"
    "`<parent> -> <rev> (head), <message>` (`<base>` for a first\n"
    "migration, a merge's parents separated by commas; labels (head),\n"
    "(branchpoint) and (mergepoint)).\n"
    "  -r A:B  only the revisions from A to B, both included: the\n"
    "          ancestors of B that descend from A; A or B may be a\n"
    "          revision id or a unique prefix of one, `base`, `head`, or\n"
    "          empty (from the base, to every head)\n"
    "  -v      a block per revision with its file, created time and\n"
    "          number of operations\n"
    "  --format json\n"
    "          an array of {\"revision\", \"parents\", \"children\",\n"
    "          \"message\", \"created\", \"path\", \"head\",\n"
    "          \"upgrade_ops\", \"downgrade_ops\"}, newest first\n";

static const char usage_check[] =
    "usage: retort check [--models PATH] [--migrations DIR] [--db URL]\n"
    "                    [--offline] [--dialect D] [--format text|json]\n"
    "\n"
    "Checks that the history (DIR, default migrations) loads, has one\n"
    "head, and that replaying it gives the models (PATH, default models)\n"
    "as the dialect stores them.  With a database (--db,\n"
    "$RETORT_DATABASE_URL or the configuration's; --offline leaves it\n"
    "out) also that its applied migrations are unchanged, that it is at\n"
    "the head, and that it has the models' schema.  Each problem is\n"
    "reported on stderr; for\n"
    "drift, the operations that would bring the history to the models are\n"
    "printed on stdout as `retort diff` prints them (write them with\n"
    "`retort revision --autogenerate --offline`).  --format json prints\n"
    "{\"ok\", \"problems\"} instead, each problem {\"kind\": \"history\",\n"
    "\"heads\", \"drift\", \"applied\", \"database\" or \"database-drift\",\n"
    "\"message\", \"hint\"} (with \"heads\", or the \"ops\" text of a drift).\n"
    "Exit status 0 when all is well, 1 when a problem was found, 2 when\n"
    "the models or the migrations directory cannot be read, 3 when the\n"
    "database cannot be read.\n";

static const char usage_init[] =
    "usage: retort init [DIR]\n"
    "\n"
    "Starts a project in DIR (default: the current directory): retort.ini,\n"
    "models/ with a commented example model, and an empty migrations/.\n"
    "An existing retort.ini is never overwritten.\n";

static const char usage_revision[] =
    "usage: retort revision -m MESSAGE [--autogenerate [--offline]]\n"
    "                       [--rev-id ID] [--head REV]\n"
    "\n"
    "Writes a new migration script in the migrations directory\n"
    "(--migrations, default migrations) on top of the history's head (or\n"
    "--head REV) and prints its path.  Without --autogenerate its upgrade\n"
    "and downgrade are empty, for you to write.  --autogenerate fills them\n"
    "with the operations from the database (--db; it must be at the head)\n"
    "or, with --offline, from the schema the history gives (replayed, no\n"
    "database) to the models (--models), as a draft to read and edit;\n"
    "warnings are said on stderr too.  The revision id is 12\n"
    "random hex digits unless --rev-id gives one, the time is now unless\n"
    "RETORT_NOW gives one (2026-11-21T10:00:00Z): both given, the file is\n"
    "the same bytes every time.\n";

static const char usage_fmt[] =
    "usage: retort fmt [--check | -w] [FILE...]\n"
    "\n"
    "Prints each model file (default: every *.schema file under --models)\n"
    "in the one canonical layout, comments kept.\n"
    "  --check      print the names of files that are not formatted and\n"
    "               exit 1 if there are any; change nothing\n"
    "  -w, --write  rewrite files that are not formatted in place\n";

static const char usage_backup[] =
    "usage: retort dump [-o FILE | --output FILE] [--db URL]\n"
    "\n"
    "Backs up the database (--db, else $RETORT_DATABASE_URL, else the\n"
    "configuration's) into FILE, which must not exist, and prints its\n"
    "path.  SQLite: a consistent copy through the online backup API, by\n"
    "default <file>.<YYYYmmddTHHMMSSZ>.bak next to the database.\n"
    "PostgreSQL: pg_dump in its custom format (restore with pg_restore),\n"
    "by default <dbname>.<YYYYmmddTHHMMSSZ>.dump in the current\n"
    "directory; the connection, password included, is handed over in\n"
    "pg_dump's environment, never on its command line.\n";

static const char usage_shell[] =
    "usage: retort shell [--db URL] [-- ARGS...]\n"
    "\n"
    "Runs the database's own client on the database (--db, else\n"
    "$RETORT_DATABASE_URL, else the configuration's), in place of retort:\n"
    "`sqlite3 FILE` or `psql`, the connection, password included, in its\n"
    "environment.  ARGS are passed on to the client (retort shell -- -At\n"
    "for bare psql rows).\n";

static const char usage_lint[] =
    "usage: retort lint [REV] [--migrations DIR] [--format text|json]\n"
    "\n"
    "Flags destructive and risky operations in the upgrade of the\n"
    "migration REV (an id, a unique prefix or head), or of every migration\n"
    "of DIR (default migrations), each at its operation with a stable code:\n"
    "  R001 drop table             R006 rename table or column\n"
    "  R002 drop column            R007 raw SQL (execute), a note\n"
    "  R003 lossy type change      R008 drop constraint, unique index\n"
    "  R004 not null on old rows   R009 a warning left in the script\n"
    "  R005 enum value renamed     R010 the downgrade does not undo\n"
    "       or removed                  the upgrade\n"
    "A comment `-- lint: ignore R002` on the operation's line or alone on\n"
    "the line before silences those codes there.  --format json prints an\n"
    "array of {\"code\", \"severity\", \"revision\", \"path\", \"line\",\n"
    "\"column\", \"message\"} instead.\n"
    "Exit status 0 when nothing is found, 1 when something is, 2 when the\n"
    "history cannot be read or replayed.\n";

static const char usage_show[] =
    "usage: retort show REV [--sql [--dialect D]] [--migrations DIR]\n"
    "\n"
    "Prints the migration REV (an id, a unique prefix or head) as its\n"
    "script, after a comment line naming its file.  --sql prints instead\n"
    "the SQL of its upgrade, from the schema its parents give, and of its\n"
    "downgrade, from the schema after the upgrade, for the dialect, under\n"
    "the comment lines `-- upgrade` and `-- downgrade`.\n";

static const char usage_merge[] =
    "usage: retort merge -m MESSAGE [REV... | heads] [--rev-id ID]\n"
    "\n"
    "Writes a new empty migration whose parents are the heads REV... (two\n"
    "or more; none, or the word heads, for all of them), so the history\n"
    "has one head again, and prints its path.  --rev-id and RETORT_NOW pin\n"
    "its id and time, as for revision.\n";

static const char usage_upgrade[] =
    "usage: retort upgrade [head | heads | REV | +N] [--sql]\n"
    "                      [--db URL] [--migrations DIR]\n"
    "\n"
    "Applies the migrations the database lacks up to the revision (an id, a\n"
    "unique prefix, head, heads, or +N: the next N), one transaction each,\n"
    "recording each in the version table.  First the database must have\n"
    "the schema the history gives where it stands: otherwise nothing runs.\n"
    "Concurrent runs wait for each other.  A failing statement rolls its\n"
    "migration back and is reported at the operation's file and line\n"
    "(exit 3).  --sql prints the SQL instead, from the base or, with a\n"
    "range FROM:TO, from FROM, for --dialect or the database URL's.\n";

static const char usage_downgrade[] =
    "usage: retort downgrade REV | -N | base [--sql]\n"
    "                        [--db URL] [--migrations DIR]\n"
    "\n"
    "Reverts the applied migrations back to REV (which must be applied),\n"
    "N of them, or all of them (base), newest first, one transaction\n"
    "each.  --sql prints the SQL instead and needs a range FROM:TO.\n";

static const char usage_stamp[] =
    "usage: retort stamp REV... [--db URL] [--migrations DIR]\n"
    "\n"
    "Sets the version table to the revisions (ids, prefixes, head, heads or\n"
    "base) with the checksums of their migrations as they are now,\n"
    "running nothing: for a database whose schema already is there, or to\n"
    "recover a lost version table.\n";

static const char usage_verify[] =
    "usage: retort verify [--db URL] [--migrations DIR]\n"
    "\n"
    "Runs the whole history on a scratch database, one migration at a\n"
    "time: upgrade, downgrade, upgrade again, and after each step compares\n"
    "the reflected database with the schema the history gives there.  The\n"
    "scratch database is SQLite in memory, or, when the database URL is\n"
    "PostgreSQL, a temporary database made and dropped on that server (the\n"
    "URL's own database is not touched).  Exit status 1 when a step gives\n"
    "another schema, 3 when a statement fails.\n";

static const char usage_current[] =
    "usage: retort current [-v] [--db URL] [--format text|json]\n"
    "\n"
    "Prints the revisions the database is at, `(head)` after a head of the\n"
    "history; -v adds messages and paths.  Applied migrations changed since\n"
    "they ran are warnings.\n";

/* Options taking a value, as "--name VALUE" or "--name=VALUE". */
static const char *option_value(int argc, char **argv, int *i, const char *name,
                                struct diag *d)
{
	size_t n = strlen(name);
	const char *a = argv[*i];
	if (strncmp(a, name, n))
		return NULL;
	if (a[n] == '=')
		return a + n + 1;
	if (a[n] != '\0')
		return NULL;
	if (*i + 1 >= argc) {
		diag_global(d, SEV_ERROR, "option \"%s\" needs a value", name);
		return "";
	}
	return argv[++*i];
}

/* Fills cli from argv.  Returns 0, or -1 on a usage error (reported). */
static int parse_args(int argc, char **argv, struct cli *cli, struct diag *d)
{
	cli->words = cli->args = xmalloc(sizeof(char *) * (size_t)argc);
	bool only_args = false;
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		const char *v;
		/* "-1" is downgrade's relative revision, not an option */
		if (only_args || a[0] != '-' || a[1] == '\0' ||
		    (a[1] >= '0' && a[1] <= '9')) {
			cli->args[cli->nargs++] = argv[i];
			continue;
		}
		if (!strcmp(a, "--")) {
			only_args = true;
		} else if ((v = option_value(argc, argv, &i, "--models", d))) {
			cli->models = v;
		} else if ((v = option_value(argc, argv, &i, "-c", d)) ||
		           (v = option_value(argc, argv, &i, "--config", d))) {
			cli->config_file = v;
		} else if ((v = option_value(argc, argv, &i, "--migrations",
		                             d))) {
			cli->migrations = v;
		} else if ((v = option_value(argc, argv, &i, "--package", d))) {
			cli->package = v;
		} else if ((v = option_value(argc, argv, &i, "-m", d)) ||
		           (v = option_value(argc, argv, &i, "--message", d))) {
			cli->message = v;
		} else if ((v = option_value(argc, argv, &i, "--rev-id", d))) {
			cli->rev_id = v;
		} else if ((v = option_value(argc, argv, &i, "--head", d))) {
			cli->head = v;
		} else if (!strcmp(a, "--autogenerate")) {
			cli->autogenerate = true;
		} else if (!strcmp(a, "--offline")) {
			cli->offline = true;
		} else if ((v = option_value(argc, argv, &i, "--dialect", d))) {
			cli->dialect = v;
		} else if ((v = option_value(argc, argv, &i, "--from", d))) {
			cli->from = v;
		} else if ((v = option_value(argc, argv, &i, "--to", d))) {
			cli->to = v;
		} else if ((v = option_value(argc, argv, &i, "--db", d))) {
			cli->db = v;
		} else if ((v = option_value(argc, argv, &i, "--format", d))) {
			cli->format = v;
		} else if ((v = option_value(argc, argv, &i, "-r", d)) ||
		           (v = option_value(argc, argv, &i, "--rev-range",
		                             d))) {
			cli->range = v;
		} else if ((v = option_value(argc, argv, &i, "-o", d)) ||
		           (v = option_value(argc, argv, &i, "--output", d))) {
			cli->output = v;
		} else if (!strncmp(a, "--dump=", 7)) {
			cli->dump = a + 7;
		} else if (!strcmp(a, "-q") || !strcmp(a, "--quiet")) {
			cli->quiet = true;
		} else if (!strcmp(a, "-v") || !strcmp(a, "--verbose")) {
			cli->verbose++;
		} else if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
			cli->help = true;
		} else if (!strcmp(a, "--sql")) {
			cli->sql = true;
		} else if (!strcmp(a, "--check")) {
			cli->check = true;
		} else if (!strcmp(a, "-w") || !strcmp(a, "--write")) {
			cli->write = true;
		} else if (!strcmp(a, "--version")) {
			cli->version = true;
		} else {
			diag_global(d, SEV_ERROR, "unknown option \"%s\"", a);
			diag_global_hint(d, "Run \"retort --help\" for usage.");
			return -1;
		}
	}
	if (diag_errors(d))
		return -1;
	/* with --dump every positional word is a file, not a command */
	if (!cli->dump && cli->nargs > 0) {
		cli->command = cli->args[0];
		cli->args++;
		cli->nargs--;
	}
	return 0;
}

/* *to = v when the configuration sets v. */
static void config_value(const char **to, const char *v)
{
	if (v)
		*to = v;
}

/* The configuration: -c FILE, else retort.ini in the current directory
 * when there is one (none is no error).  Returns 0, or -1 with the error
 * reported. */
static int load_config(struct session *s, struct cli *cli, struct config *cfg)
{
	const char *path = cli->config_file;
	if (!path) {
		if (access("retort.ini", F_OK) != 0)
			return 0;
		path = "retort.ini";
	}
	if (config_load(s, path, cfg) < 0)
		return -1;
	cli->config = cfg;
	return 0;
}

/* Applies the configuration's dialect, naming convention and version
 * table, then --dialect, --format, -q, -v, to the session. */
static int configure_session(struct session *s, const struct cli *cli)
{
	const struct config *cfg = cli->config;
	if (cfg) {
		/* checked when the file was read */
		if (cfg->dialect)
			dialect_parse(cfg->dialect, &s->dialect);
		config_value(&s->version_table, cfg->version_table);
		/* every package's version table is the runner's, not a model */
		if (cfg->npackages)
			s->skip_tables = package_version_tables(s, cfg);
		config_value(&s->naming.pk, cfg->naming.pk);
		config_value(&s->naming.uq, cfg->naming.uq);
		config_value(&s->naming.ix, cfg->naming.ix);
		config_value(&s->naming.fk, cfg->naming.fk);
		config_value(&s->naming.ck, cfg->naming.ck);
	}
	if (cli->dialect && !dialect_parse(cli->dialect, &s->dialect)) {
		diag_global(s->diag, SEV_ERROR, "unknown dialect \"%s\"",
		            cli->dialect);
		diag_global_hint(
		    s->diag, "Use --dialect sqlite or --dialect postgresql.");
		return -1;
	}
	if (cli->format) {
		if (!strcmp(cli->format, "json")) {
			s->json = true;
		} else if (strcmp(cli->format, "text")) {
			diag_global(s->diag, SEV_ERROR, "unknown format \"%s\"",
			            cli->format);
			diag_global_hint(s->diag,
			                 "Use --format text or --format json.");
			return -1;
		}
	}
	/* how many connections PostgreSQL reflection may use (1 or 2;
	 * unset: decided by the database's size); a tuning knob, like
	 * pg_dump's --jobs, that the tests also use to run both paths */
	const char *jobs = getenv("RETORT_REFLECT_JOBS");
	if (jobs && (!strcmp(jobs, "1") || !strcmp(jobs, "2")))
		s->reflect_jobs = jobs[0] - '0';
	s->quiet = cli->quiet;
	s->verbose = cli->verbose;
	diag_set_quiet(s->diag, cli->quiet);
	return 0;
}

/* The models: --models, then the configuration's, then "models". */
static const char *models_path(const struct cli *cli)
{
	if (cli->models)
		return cli->models;
	if (cli->config && cli->config->models)
		return cli->config->models;
	return "models";
}

/* The models a command compares: under --package every package's
 * (package_load; a copy, for the command to change), which package_filter
 * cuts down where they are compared, else those at models_path. */
static int load_project_models(struct session *s, const struct cli *cli,
                               struct schema *out)
{
	if (!cli->package_models)
		return load_models(s, models_path(cli), out);
	schema_copy(s->arena, out, cli->package_models);
	return 0;
}

/* The migrations directory: --migrations, then the configuration's, then
 * "migrations". */
static const char *migrations_path(const struct cli *cli)
{
	if (cli->migrations)
		return cli->migrations;
	if (cli->config && cli->config->migrations)
		return cli->config->migrations;
	return "migrations";
}

/* An option given to a command that does not take it. */
static int reject(struct session *s, const char *option, const char *command)
{
	diag_global(s->diag, SEV_ERROR, "%s does not take %s", command, option);
	diag_global_hint(s->diag, "Run \"retort %s --help\" for usage.",
	                 command);
	return EXIT_USAGE;
}

/* The database URL: --db, then RETORT_DATABASE_URL, then the
 * configuration's (NULL: none). */
static const char *database_url(const struct cli *cli)
{
	if (cli->db)
		return cli->db;
	const char *env = getenv("RETORT_DATABASE_URL");
	if (env && *env)
		return env;
	return cli->config ? cli->config->database : NULL;
}

/* Connects to the run's database and sets the session's dialect from it;
 * create: a SQLite file that does not exist is made.  Returns NULL with
 * the error reported; *rc is the exit status then. */
static struct db *connect_database(struct session *s, const struct cli *cli,
                                   int *rc, bool create)
{
	const char *url = database_url(cli);
	if (!url) {
		diag_global(s->diag, SEV_ERROR, "no database given");
		diag_global_hint(s->diag, "Use --db URL, set "
		                          "RETORT_DATABASE_URL or set database "
		                          "in retort.ini.");
		*rc = EXIT_USAGE;
		return NULL;
	}
	struct db_url u;
	if (db_url_parse(s, url, &u) < 0) {
		*rc = EXIT_USAGE;
		return NULL;
	}
	if (cli->dialect && s->dialect != u.dialect) {
		diag_global(s->diag, SEV_ERROR,
		            "--dialect %s does not match the database %s",
		            dialect_name(s->dialect), u.display);
		*rc = EXIT_USAGE;
		return NULL;
	}
	s->dialect = u.dialect;
	struct db *db = create ? db_create(s, &u) : db_open(s, &u);
	if (!db)
		*rc = EXIT_DB;
	return db;
}

/* The run's database, which must exist. */
static struct db *open_database(struct session *s, const struct cli *cli,
                                int *rc)
{
	return connect_database(s, cli, rc, false);
}

static int cmd_reflect(struct session *s, const struct cli *cli)
{
	if (cli->check || cli->write)
		return reject(s, cli->check ? "--check" : "--write", "reflect");
	if (cli->nargs) {
		diag_global(s->diag, SEV_ERROR, "reflect takes no arguments");
		return EXIT_USAGE;
	}
	int rc = EXIT_OK;
	struct db *db = open_database(s, cli, &rc);
	if (!db)
		return rc;
	struct schema schema = {0};
	if (reflect_schema(s, db, &schema, NULL) < 0) {
		db_close(db);
		return EXIT_DB;
	}
	db_close(db);
	if (s->json) {
		printf("%s\n", schema_to_json(s->arena, &schema));
		return EXIT_OK;
	}
	struct strbuf out = STRBUF_INIT;
	fmt_schema(s, &schema, &out);
	fwrite(strbuf_str(&out), 1, out.len, stdout);
	strbuf_free(&out);
	return EXIT_OK;
}

/* --dump=lowered: the checked models as the dialect stores them (on
 * PostgreSQL with --db, expressions normalised by that server), and
 * --dump=lowered-db: the reflected database the same way.  The round-trip
 * tests compare the two. */
static int dump_lowered(struct session *s, const struct cli *cli, bool of_db)
{
	struct schema schema = {0};
	struct db *db = NULL;
	int rc = EXIT_OK;
	if (of_db || database_url(cli)) {
		db = open_database(s, cli, &rc);
		if (!db)
			return rc;
	}
	if (of_db) {
		if (reflect_schema(s, db, &schema, NULL) < 0)
			rc = EXIT_DB;
	} else if (load_models(s, models_path(cli), &schema) < 0) {
		rc = EXIT_USAGE;
	} else if (db && s->dialect == DIALECT_POSTGRESQL &&
	           lower_normalize_pg(s, db, &schema) < 0) {
		rc = EXIT_DB;
	}
	if (db)
		db_close(db);
	if (rc != EXIT_OK)
		return rc;
	lower_schema(s, &schema, s->dialect);
	printf("%s\n", schema_to_json(s->arena, &schema));
	return EXIT_OK;
}

static bool is_url(const char *src)
{
	return strstr(src, "://") != NULL;
}

/* A diff source `history` (every migration of --migrations replayed) or
 * `history:REV` (REV and its ancestors; history:base is empty).  Returns
 * an exit status. */
static int load_history_source(struct session *s, const struct cli *cli,
                               const char *rev, struct schema *out)
{
	struct history h;
	struct migration *m = NULL;
	if (history_load(s, migrations_path(cli), &h) < 0 ||
	    (rev && history_resolve(s, &h, rev, &m) < 0))
		return EXIT_USAGE;
	if (rev && !m)
		return EXIT_OK;
	return history_replay(s, &h, m, out) < 0 ? EXIT_USAGE : EXIT_OK;
}

/* Loads a diff source: a database (a URL, reflected; sets the session's
 * dialect), the replayed history (`history[:REV]`) or a models path
 * (checked).  The first database's connection
 * is kept open in *keep for the server to normalise the other side.
 * Returns an exit status. */
static int load_source(struct session *s, const struct cli *cli,
                       const char *src, struct schema *out, struct db **keep)
{
	if (!strcmp(src, "history") || !strncmp(src, "history:", 8))
		return load_history_source(s, cli, src[7] ? src + 8 : NULL,
		                           out);
	if (!is_url(src))
		return load_models(s, src, out) < 0 ? EXIT_USAGE : EXIT_OK;
	struct cli c = *cli;
	c.db = src;
	int rc = EXIT_OK;
	struct db *db = open_database(s, &c, &rc);
	if (!db)
		return rc;
	if (*keep && db_dialect(*keep) != db_dialect(db)) {
		diag_global(s->diag, SEV_ERROR,
		            "cannot compare a %s database with a %s database",
		            dialect_name(db_dialect(*keep)),
		            dialect_name(db_dialect(db)));
		diag_global_hint(s->diag, "Compare each with the models.");
		db_close(db);
		return EXIT_USAGE;
	}
	if (reflect_schema(s, db, out, NULL) < 0)
		rc = EXIT_DB;
	if (!*keep && rc == EXIT_OK)
		*keep = db;
	else
		db_close(db);
	return rc;
}

/* A model compared with a PostgreSQL database gets the server's own text
 * of its expressions first (lower.h), as --dump=lowered does: otherwise
 * every default and check the server rewrites would show as a change. */
static int normalize_models(struct session *s, const struct cli *cli,
                            struct db *db, struct schema *from,
                            struct schema *to)
{
	if (!db || s->dialect != DIALECT_POSTGRESQL)
		return EXIT_OK;
	if (!is_url(cli->from) && lower_normalize_pg(s, db, from) < 0)
		return EXIT_DB;
	if (!is_url(cli->to) && lower_normalize_pg(s, db, to) < 0)
		return EXIT_DB;
	return EXIT_OK;
}

/* Compiles ops from the schema `at` (copied, not changed) and prints the
 * script.  Returns an exit status. */
static int print_sql(struct session *s, const struct schema *at,
                     struct op *const *ops, int nops,
                     const struct table_trigger *triggers, int ntriggers)
{
	struct schema state = {0};
	schema_copy_shallow(s->arena, &state, at);
	struct compiled c = {0};
	if (compile_ops(s, &state, ops, nops, triggers, ntriggers, &c) < 0)
		return EXIT_USAGE;
	struct strbuf out = STRBUF_INIT;
	compile_print(&c, &out);
	fwrite(strbuf_str(&out), 1, out.len, stdout);
	strbuf_free(&out);
	return EXIT_OK;
}

/* Appends m's ops as the upgrade and downgrade sections of a script. */
static void put_sections(struct session *s, const struct migration *m,
                         struct strbuf *out)
{
	strbuf_puts(out, "upgrade {\n");
	script_print_ops(s, m->up, m->nup, 2, out);
	strbuf_puts(out, "}\n\ndowngrade {\n");
	script_print_ops(s, m->down, m->ndown, 2, out);
	strbuf_puts(out, "}\n");
}

static int cmd_diff(struct session *s, const struct cli *cli)
{
	if (!cli->from || !cli->to || cli->nargs) {
		diag_global(s->diag, SEV_ERROR,
		            "diff needs --from SRC and --to SRC");
		diag_global_hint(s->diag,
		                 "Run \"retort diff --help\" for usage.");
		return EXIT_USAGE;
	}
	struct schema from = {0}, to = {0};
	struct db *db = NULL;
	/* databases first: a database's dialect is the one the models are
	 * checked for */
	bool to_first = is_url(cli->to) && !is_url(cli->from);
	int rc = load_source(s, cli, to_first ? cli->to : cli->from,
	                     to_first ? &to : &from, &db);
	if (rc == EXIT_OK)
		rc = load_source(s, cli, to_first ? cli->from : cli->to,
		                 to_first ? &from : &to, &db);
	if (rc == EXIT_OK)
		rc = normalize_models(s, cli, db, &from, &to);
	/* a SQLite rebuild puts back the triggers of the database it
	 * changes, which retort does not model */
	struct table_trigger *triggers = NULL;
	int ntriggers = 0;
	if (rc == EXIT_OK && cli->sql && db && is_url(cli->from) &&
	    compile_read_triggers(s, db, &triggers, &ntriggers) < 0)
		rc = EXIT_DB;
	if (db)
		db_close(db);
	if (rc != EXIT_OK)
		return rc;
	struct migration m = {0};
	int n = diff_schemas(s, &from, &to, &m);
	if (n < 0)
		return EXIT_USAGE;
	if (cli->sql) {
		for (int i = 0; i < m.nup; i++)
			if (m.up[i]->kind == OP_WARNING)
				diag_global(s->diag, SEV_WARNING, "%s",
				            m.up[i]->text);
		rc = print_sql(s, &from, m.up, m.nup, triggers, ntriggers);
		return rc != EXIT_OK ? rc : n > 0 ? EXIT_DIFF : EXIT_OK;
	}
	/* warnings stand in the script and are said on stderr too, so that
	 * they are seen when the draft is written (DESIGN section 3) */
	for (int i = 0; i < m.nup; i++)
		if (m.up[i]->kind == OP_WARNING)
			diag_global(s->diag, SEV_WARNING, "%s", m.up[i]->text);
	if (s->json) {
		fputs(ops_json_diff(s, &m, n == 0), stdout);
		return n > 0 ? EXIT_DIFF : EXIT_OK;
	}
	struct strbuf out = STRBUF_INIT;
	if (n > 0 || m.nup > 0)
		put_sections(s, &m, &out);
	fwrite(strbuf_str(&out), 1, out.len, stdout);
	strbuf_free(&out);
	return n > 0 ? EXIT_DIFF : EXIT_OK;
}

/* --dump=script: migration files parsed and printed back by the script
 * printer; --dump=replay / replay-down: the models (or nothing) with the
 * files' upgrade sections applied in order by the simulator, then (down)
 * their downgrade sections in reverse order, as canonical JSON. */
static int dump_migrations(struct session *s, const struct cli *cli)
{
	struct migration **ms =
	    arena_alloc(s->arena, sizeof *ms * (size_t)(cli->nargs + 1));
	for (int i = 0; i < cli->nargs; i++) {
		struct source *src = source_read(s->arena, cli->args[i], i);
		if (!src) {
			diag_global(s->diag, SEV_ERROR,
			            "cannot read \"%s\": %s", cli->args[i],
			            strerror(errno));
			return EXIT_USAGE;
		}
		if (!(ms[i] = parse_migration(s, src)))
			return EXIT_USAGE;
	}
	if (!strcmp(cli->dump, "script")) {
		struct strbuf out = STRBUF_INIT;
		for (int i = 0; i < cli->nargs; i++)
			script_print_migration(s, ms[i], &out);
		fwrite(strbuf_str(&out), 1, out.len, stdout);
		strbuf_free(&out);
		return EXIT_OK;
	}
	struct schema schema = {0};
	if (cli->models && load_models(s, cli->models, &schema) < 0)
		return EXIT_USAGE;
	if (!strcmp(cli->dump, "sql-up")) {
		/* the whole chain as one script, from the models' schema */
		struct op **all = NULL;
		int nall = 0, cap = 0;
		for (int i = 0; i < cli->nargs; i++)
			for (int j = 0; j < ms[i]->nup; j++)
				ARENA_PUSH(s->arena, all, nall, cap,
				           ms[i]->up[j]);
		return print_sql(s, &schema, all, nall, NULL, 0);
	}
	for (int i = 0; i < cli->nargs; i++)
		if (simulate_ops(s, &schema, ms[i]->up, ms[i]->nup) < 0)
			return EXIT_USAGE;
	if (!strcmp(cli->dump, "sql-down")) {
		struct op **all = NULL;
		int nall = 0, cap = 0;
		for (int i = cli->nargs - 1; i >= 0; i--)
			for (int j = 0; j < ms[i]->ndown; j++)
				ARENA_PUSH(s->arena, all, nall, cap,
				           ms[i]->down[j]);
		return print_sql(s, &schema, all, nall, NULL, 0);
	}
	if (!strcmp(cli->dump, "replay-down"))
		for (int i = cli->nargs - 1; i >= 0; i--)
			if (simulate_ops(s, &schema, ms[i]->down,
			                 ms[i]->ndown) < 0)
				return EXIT_USAGE;
	printf("%s\n", schema_to_json(s->arena, &schema));
	return EXIT_OK;
}

static int cmd_sql(struct session *s, const struct cli *cli)
{
	if (cli->check)
		return reject(s, "--check", "sql");
	if (cli->write)
		return reject(s, "--write", "sql");
	struct schema schema = {0};
	if (load_project_models(s, cli, &schema) < 0)
		return EXIT_USAGE;
	package_filter(s, NULL, &schema, &schema);
	if (s->json) {
		fputs(schema_to_json(s->arena, &schema), stdout);
		fputc('\n', stdout);
		return EXIT_OK;
	}
	struct strbuf out = STRBUF_INIT;
	int rc = emit_schema(s, &schema, cli->nargs, cli->args, &out);
	if (rc == 0)
		fwrite(strbuf_str(&out), 1, out.len, stdout);
	strbuf_free(&out);
	return rc ? EXIT_USAGE : EXIT_OK;
}

/* Writes text to path through a temporary file and rename, so a failure
 * never leaves a half-written model file. */
static int write_file(struct session *s, const char *path,
                      const struct strbuf *text)
{
	char *tmp = arena_printf(s->arena, "%s.retort-tmp", path);
	FILE *f = fopen(tmp, "wb");
	if (!f || fwrite(strbuf_str(text), 1, text->len, f) != text->len ||
	    fclose(f) != 0 || rename(tmp, path) != 0) {
		diag_global(s->diag, SEV_ERROR, "cannot write \"%s\": %s", path,
		            strerror(errno));
		remove(tmp);
		return -1;
	}
	return 0;
}

/* Formats one file; *changed says whether the file differs from its
 * canonical layout. */
static int fmt_one(struct session *s, const struct cli *cli, const char *path,
                   int order, bool *changed)
{
	struct source *src = source_read(s->arena, path, order);
	if (!src) {
		diag_global(s->diag, SEV_ERROR, "cannot read \"%s\": %s", path,
		            strerror(errno));
		return -1;
	}
	struct strbuf out = STRBUF_INIT;
	int rc = fmt_source(s, src, &out);
	if (rc == 0) {
		*changed = out.len != src->len ||
		           memcmp(strbuf_str(&out), src->text, src->len);
		if (cli->check) {
			if (*changed)
				printf("%s\n", path);
		} else if (cli->write) {
			if (*changed)
				rc = write_file(s, path, &out);
		} else {
			fwrite(strbuf_str(&out), 1, out.len, stdout);
		}
	}
	strbuf_free(&out);
	return rc;
}

/*
 * Autogenerating against a database needs it at the new revision's
 * parent (the head), as Alembic's does: otherwise the draft would also
 * hold the changes of migrations not yet applied.  Reads the version
 * table and says how to get there when it is not.  Returns an exit
 * status.
 */
static int at_parent(struct session *s, struct db *db, const struct history *h,
                     const struct migration *m)
{
	/* a row naming a revision the history lacks is refused there */
	struct run_state st;
	int rc = runner_read(s, db, h, &st);
	if (rc != RUN_OK)
		return rc;
	const char **revs = st.vt.revs;
	int n = st.vt.n;
	bool present = st.vt.present;
	const char *want = m->nparents ? m->parents[0] : NULL;
	if ((want && n == 1 && !strcmp(revs[0], want)) || (!want && n == 0))
		return EXIT_OK;
	if (!present && want)
		diag_global(s->diag, SEV_ERROR,
		            "the database has no version table \"%s\": it is "
		            "not at the head (%s)",
		            s->version_table, want);
	else
		diag_global(s->diag, SEV_ERROR,
		            "the database is at %s, not at the head (%s)",
		            history_revs_text(s->arena, revs, n),
		            want ? want : "<base>");
	diag_global_hint(s->diag,
	                 "Run `retort upgrade head` first (or `retort stamp "
	                 "REV` if the schema is already there), or diff "
	                 "against the replayed history with --offline.");
	return EXIT_USAGE;
}

/* The schema a new revision starts from: the database (it must be at the
 * parent) or, --offline, the history replayed to the parent; the models
 * in *to, normalised by a PostgreSQL database's server. */
static int autogenerate_sides(struct session *s, const struct cli *cli,
                              const struct history *h,
                              const struct migration *m, struct schema *from,
                              struct schema *to)
{
	if (cli->offline) {
		struct migration *parent = NULL;
		if (m->nparents &&
		    history_resolve(s, h, m->parents[0], &parent) < 0)
			return EXIT_USAGE;
		package_replay_start(s, from);
		/* no parent in a history that has migrations: a new root */
		if ((parent || h->n == 0) &&
		    history_replay(s, h, parent, from) < 0)
			return EXIT_USAGE;
		return load_project_models(s, cli, to) < 0 ? EXIT_USAGE
		                                           : EXIT_OK;
	}
	int rc = EXIT_OK;
	struct db *db = open_database(s, cli, &rc);
	if (!db)
		return rc;
	rc = at_parent(s, db, h, m);
	if (rc == EXIT_OK && reflect_schema(s, db, from, NULL) < 0)
		rc = EXIT_DB;
	if (rc == EXIT_OK && load_project_models(s, cli, to) < 0)
		rc = EXIT_USAGE;
	if (rc == EXIT_OK && s->dialect == DIALECT_POSTGRESQL &&
	    lower_normalize_pg(s, db, to) < 0)
		rc = EXIT_DB;
	db_close(db);
	return rc;
}

/* revision --autogenerate: the ops from autogenerate_sides' schema to the
 * models, in the session's dialect. */
static int autogenerate(struct session *s, const struct cli *cli,
                        const struct history *h, struct migration *m)
{
	struct schema from = {0}, to = {0};
	int rc = autogenerate_sides(s, cli, h, m, &from, &to);
	if (rc != EXIT_OK)
		return rc;
	/* a package's migration holds its own objects' changes only */
	package_filter(s, h, &from, &from);
	package_filter(s, h, &to, &to);
	struct migration d = {0};
	int n = diff_schemas(s, &from, &to, &d);
	if (n < 0)
		return EXIT_USAGE;
	m->up = d.up;
	m->nup = d.nup;
	m->down = d.down;
	m->ndown = d.ndown;
	for (int i = 0; i < m->nup; i++)
		if (m->up[i]->kind == OP_WARNING)
			diag_global(s->diag, SEV_WARNING, "%s", m->up[i]->text);
	if (n == 0)
		diag_global(s->diag, SEV_NOTE,
		            "no changes: the models are what the %s has",
		            cli->offline ? "history" : "database");
	return EXIT_OK;
}

static const char init_ini[] =
    "# retort.ini - retort's configuration (man retort, CONFIGURATION).\n"
    "# Relative paths are relative to this file's directory.\n"
    "[retort]\n"
    "# sqlite:///file.db, sqlite:////abs/file.db or\n"
    "# postgresql://user@host:port/dbname (--db and RETORT_DATABASE_URL\n"
    "# come first)\n"
    "database = sqlite:///app.db\n"
    "models = models\n"
    "migrations = migrations\n"
    "version_table = retort_version\n"
    "# dialect = postgresql\n";

static const char init_model[] =
    "-- The models: tables, enums and views in retort's schema language\n"
    "-- (man 5 retort-schema).  For example:\n"
    "--\n"
    "-- table users {\n"
    "--   id    integer primary key autoincrement,\n"
    "--   email varchar(255) not null unique,\n"
    "-- }\n";

/* Makes directory path unless it exists. */
static int make_dir(struct session *s, const char *path)
{
	if (mkdir(path, 0777) == 0 || errno == EEXIST)
		return 0;
	diag_global(s->diag, SEV_ERROR, "cannot create \"%s\": %s", path,
	            strerror(errno));
	return -1;
}

/* init [DIR]: retort.ini, models/ (with a commented example) and
 * migrations/ in DIR; an existing retort.ini is never overwritten. */
static int cmd_init(struct session *s, const struct cli *cli)
{
	if (cli->nargs > 1) {
		diag_global(s->diag, SEV_ERROR, "init takes one directory");
		return EXIT_USAGE;
	}
	const char *dir = cli->nargs ? cli->args[0] : ".";
	char *ini = arena_printf(s->arena, "%s/retort.ini", dir);
	if (access(ini, F_OK) == 0) {
		diag_global(s->diag, SEV_ERROR, "\"%s\" already exists", ini);
		diag_global_hint(s->diag, "init writes a new project; edit "
		                          "that file instead.");
		return EXIT_USAGE;
	}
	char *models = arena_printf(s->arena, "%s/models", dir);
	char *model = arena_printf(s->arena, "%s/app.schema", models);
	struct strbuf text = STRBUF_INIT;
	int rc = make_dir(s, dir) < 0 || make_dir(s, models) < 0 ||
	                 make_dir(s, arena_printf(s->arena, "%s/migrations",
	                                          dir)) < 0
	             ? -1
	             : 0;
	if (rc == 0 && access(model, F_OK) != 0) {
		strbuf_puts(&text, init_model);
		rc = write_file(s, model, &text);
		strbuf_reset(&text);
	}
	if (rc == 0) {
		strbuf_puts(&text, init_ini);
		rc = write_file(s, ini, &text);
	}
	strbuf_free(&text);
	if (rc < 0)
		return EXIT_USAGE;
	printf("%s\n", ini);
	return EXIT_OK;
}

/* The header of a new migration (revision_start) from -m, --rev-id,
 * RETORT_NOW and --head, or for a merge the revisions heads[0..nheads-1]
 * (heads NULL: not a merge).  Returns 0 or -1 (reported). */
static int start_migration(struct session *s, const struct cli *cli,
                           const struct history *h, const char *const *heads,
                           int nheads, struct migration *m)
{
	const char *now = getenv("RETORT_NOW");
	struct revision_request r = {
	    cli->message, cli->rev_id, now && *now ? now : NULL,
	    cli->head,    heads,       nheads};
	return revision_start(s, h, &r, m);
}

/* Writes m as a script in the migrations directory and prints its path.
 * Returns an exit status. */
static int write_migration(struct session *s, const struct cli *cli,
                           const struct migration *m)
{
	char *path = arena_printf(s->arena, "%s/%s", migrations_path(cli),
	                          revision_file_name(s, m));
	struct strbuf out = STRBUF_INIT;
	script_print_migration(s, m, &out);
	int rc = write_file(s, path, &out);
	strbuf_free(&out);
	if (rc < 0)
		return EXIT_USAGE;
	printf("%s\n", path);
	return EXIT_OK;
}

static int cmd_revision(struct session *s, const struct cli *cli)
{
	if (cli->nargs) {
		diag_global(s->diag, SEV_ERROR, "revision takes no arguments");
		diag_global_hint(s->diag, "Give the message with -m \"...\".");
		return EXIT_USAGE;
	}
	if (cli->offline && !cli->autogenerate)
		return reject(s, "--offline without --autogenerate",
		              "revision");
	struct history h;
	if (history_load(s, migrations_path(cli), &h) < 0)
		return EXIT_USAGE;
	struct migration m;
	if (start_migration(s, cli, &h, NULL, 0, &m) < 0)
		return EXIT_USAGE;
	if (cli->autogenerate) {
		int rc = autogenerate(s, cli, &h, &m);
		if (rc != EXIT_OK)
			return rc;
		/* --package all writes migrations only where models changed */
		if (m.nup == 0 && cli->package && !strcmp(cli->package, "all"))
			return EXIT_OK;
	}
	return write_migration(s, cli, &m);
}

/* merge [REV... | heads]: an empty migration whose parents are the heads
 * named (none or `heads`: all of them), so the history has one head
 * again (Alembic's `merge heads`). */
static int cmd_merge(struct session *s, const struct cli *cli)
{
	if (cli->head || cli->autogenerate || cli->offline)
		return reject(s,
		              cli->head           ? "--head"
		              : cli->autogenerate ? "--autogenerate"
		                                  : "--offline",
		              "merge");
	struct history h;
	if (history_load(s, migrations_path(cli), &h) < 0)
		return EXIT_USAGE;
	const char **revs = (const char **)cli->args;
	int n = cli->nargs;
	if (n == 0 || (n == 1 && !strcmp(revs[0], "heads"))) {
		n = h.nheads;
		revs = arena_alloc(s->arena, sizeof *revs * (size_t)(n + 1));
		for (int k = 0; k < n; k++)
			revs[k] = h.heads[k]->rev;
	}
	struct migration m;
	if (start_migration(s, cli, &h, revs, n, &m) < 0)
		return EXIT_USAGE;
	return write_migration(s, cli, &m);
}

/* Writes out to stdout and frees it. */
static void put_stdout(struct strbuf *out)
{
	fwrite(strbuf_str(out), 1, out->len, stdout);
	strbuf_free(out);
}

/* The start of a command about the history that takes no arguments:
 * there are none, and the history loads into *h.  Returns an exit
 * status (the error reported). */
static int history_command(struct session *s, const struct cli *cli,
                           struct history *h)
{
	if (cli->nargs) {
		diag_global(s->diag, SEV_ERROR, "%s takes no arguments",
		            cli->command);
		return EXIT_USAGE;
	}
	return history_load(s, migrations_path(cli), h) < 0 ? EXIT_USAGE
	                                                    : EXIT_OK;
}

static int cmd_heads(struct session *s, const struct cli *cli)
{
	struct history h;
	int rc = history_command(s, cli, &h);
	if (rc != EXIT_OK)
		return rc;
	struct strbuf out = STRBUF_INIT;
	history_print_heads(s, &h, &out);
	put_stdout(&out);
	return EXIT_OK;
}

/* One end of -r A:B: NULL for an empty end or `base`. */
static int range_end(struct session *s, const struct history *h,
                     const char *text, size_t len, struct migration **out)
{
	*out = NULL;
	if (len == 0)
		return 0;
	return history_resolve(s, h, arena_strndup(s->arena, text, len), out);
}

static int cmd_history(struct session *s, const struct cli *cli)
{
	if (cli->nargs) {
		diag_global(s->diag, SEV_ERROR, "history takes no arguments");
		diag_global_hint(s->diag, "Give a range with -r A:B.");
		return EXIT_USAGE;
	}
	const char *colon = cli->range ? strchr(cli->range, ':') : NULL;
	if (cli->range && !colon) {
		diag_global(s->diag, SEV_ERROR, "bad range \"%s\"", cli->range);
		diag_global_hint(s->diag, "Write -r A:B, for example -r base:"
		                          "head or -r ae10:.");
		return EXIT_USAGE;
	}
	struct history h;
	if (history_load(s, migrations_path(cli), &h) < 0)
		return EXIT_USAGE;
	bool *in = NULL;
	if (colon) {
		struct migration *from, *to;
		if (range_end(s, &h, cli->range, (size_t)(colon - cli->range),
		              &from) < 0 ||
		    range_end(s, &h, colon + 1, strlen(colon + 1), &to) < 0)
			return EXIT_USAGE;
		/* an empty end is open; `base` at the end means nothing */
		if (!to && colon[1] != '\0')
			in = arena_alloc(s->arena,
			                 sizeof *in * (size_t)(h.n + 1));
		else
			in = history_range(s, &h, from, to);
	}
	struct strbuf out = STRBUF_INIT;
	history_print(s, &h, in, &out);
	put_stdout(&out);
	return EXIT_OK;
}

/* The migration a command's one revision argument names (history_resolve:
 * an id, a unique prefix or `head`).  Returns an exit status. */
static int one_migration(struct session *s, const struct cli *cli,
                         const struct history *h, struct migration **m)
{
	if (cli->nargs != 1) {
		diag_global(s->diag, SEV_ERROR, "%s takes one revision",
		            cli->command);
		diag_global_hint(s->diag,
		                 "Give a revision id, a unique prefix of one, "
		                 "or head.");
		return EXIT_USAGE;
	}
	if (history_resolve(s, h, cli->args[0], m) < 0)
		return EXIT_USAGE;
	if (*m)
		return EXIT_OK;
	diag_global(s->diag, SEV_ERROR, "\"%s\" names no migration",
	            cli->args[0]);
	diag_global_hint(s->diag,
	                 "Run \"retort history\" to list the revisions.");
	return EXIT_USAGE;
}

/* show REV: the migration's script, or with --sql the SQL of its upgrade
 * (from the schema its parents give) and of its downgrade (from the
 * schema after the upgrade), under a first line naming its file. */
static int cmd_show(struct session *s, const struct cli *cli)
{
	struct history h;
	if (history_load(s, migrations_path(cli), &h) < 0)
		return EXIT_USAGE;
	struct migration *m;
	int rc = one_migration(s, cli, &h, &m);
	if (rc != EXIT_OK)
		return rc;
	struct strbuf out = STRBUF_INIT;
	strbuf_printf(&out, "-- %s\n", h.paths[history_find(&h, m->rev)]);
	if (!cli->sql) {
		script_print_migration(s, m, &out);
		put_stdout(&out);
		return EXIT_OK;
	}
	struct schema before = {0}, state = {0};
	struct compiled up = {0}, down = {0};
	package_replay_start(s, &before);
	if (history_replay_parents(s, &h, m, &before) < 0) {
		strbuf_free(&out);
		return EXIT_USAGE;
	}
	/* compile_ops leaves state as the upgrade makes it */
	schema_copy_shallow(s->arena, &state, &before);
	if (compile_ops(s, &state, m->up, m->nup, NULL, 0, &up) < 0 ||
	    compile_ops(s, &state, m->down, m->ndown, NULL, 0, &down) < 0) {
		strbuf_free(&out);
		return EXIT_USAGE;
	}
	strbuf_puts(&out, "-- upgrade\n");
	compile_print(&up, &out);
	strbuf_puts(&out, "-- downgrade\n");
	compile_print(&down, &out);
	put_stdout(&out);
	return EXIT_OK;
}

/* lint [REV]: findings exit 1, none 0; a history that does not load or
 * replay, or an unknown revision, exits 2. */
static int cmd_lint(struct session *s, const struct cli *cli)
{
	struct history h;
	if (history_load(s, migrations_path(cli), &h) < 0)
		return EXIT_USAGE;
	bool *in = NULL;
	if (cli->nargs) {
		struct migration *m;
		int rc = one_migration(s, cli, &h, &m);
		if (rc != EXIT_OK)
			return rc;
		in = arena_alloc(s->arena, sizeof *in * (size_t)h.n);
		in[history_find(&h, m->rev)] = true;
	}
	struct strbuf out = STRBUF_INIT;
	int n = lint_history(s, &h, in, &out);
	if (n < 0) {
		strbuf_free(&out);
		return EXIT_USAGE;
	}
	put_stdout(&out);
	return n ? EXIT_DIFF : EXIT_OK;
}

/* A problem `check` found: an error on stderr, or with --format json an
 * object appended to problems (returned, for the caller to add to). */
static json_t *check_problem(struct session *s, json_t *problems,
                             const char *kind, const char *message,
                             const char *hint)
{
	if (!s->json) {
		/* the located errors first: the report refers to them */
		diag_flush(s->diag);
		diag_global(s->diag, SEV_ERROR, "%s", message);
		diag_global_hint(s->diag, "%s", hint);
		return NULL;
	}
	json_t *o = json_object();
	json_object_set_new(o, "kind", json_string(kind));
	json_object_set_new(o, "message", json_string(message));
	json_object_set_new(o, "hint", json_string(hint));
	json_array_append_new(problems, o);
	return o;
}

/*
 * check, the part with a database: the version table's checksums hold,
 * the database is at the history's heads, and there its schema is the
 * models' (as the server spells them).  Each failure is a problem.
 * Returns an exit status (a database error: EXIT_DB).
 */
static int check_database(struct session *s, struct db *db,
                          const struct history *h, struct schema *models,
                          json_t *problems, struct strbuf *out)
{
	struct run_state st;
	int rc = runner_read(s, db, h, &st);
	if (rc == EXIT_USAGE) {
		check_problem(s, problems, "database",
		              "the database is at a revision the history lacks",
		              "See the error above.");
		return EXIT_OK;
	}
	if (rc != EXIT_OK)
		return rc;
	for (int i = 0; i < st.nproblems; i++)
		check_problem(
		    s, problems, "applied", st.problems[i],
		    "Put the applied migration back as it was "
		    "applied, or record the database's revision again "
		    "with `retort stamp REV`.");
	bool at_head = st.vt.n == h->nheads;
	for (int i = 0; at_head && i < st.vt.n; i++) {
		bool is_head = false;
		for (int k = 0; k < h->nheads; k++)
			is_head |= !strcmp(h->heads[k]->rev, st.vt.revs[i]);
		at_head = is_head;
	}
	if (!at_head) {
		check_problem(
		    s, problems, "database",
		    arena_printf(
		        s->arena, "the database is at %s, not at the head (%s)",
		        history_revs_text(s->arena, st.vt.revs, st.vt.n),
		        h->nheads ? h->heads[0]->rev : "<base>"),
		    "Run `retort upgrade head`.");
		return EXIT_OK;
	}
	struct schema live = {0};
	if (reflect_schema(s, db, &live, NULL) < 0 ||
	    (s->dialect == DIALECT_POSTGRESQL &&
	     lower_normalize_pg(s, db, models) < 0))
		return EXIT_DB;
	struct schema own;
	package_filter(s, h, &live, &live);
	package_filter(s, h, models, &own);
	struct migration m = {0};
	int n = diff_schemas(s, &live, &own, &m);
	if (n < 0)
		return EXIT_USAGE;
	if (n > 0) {
		struct strbuf ops = STRBUF_INIT;
		put_sections(s, &m, &ops);
		json_t *o = check_problem(
		    s, problems, "database-drift",
		    arena_printf(s->arena,
		                 "the database differs from the models (%d "
		                 "operation%s)",
		                 n, n == 1 ? "" : "s"),
		    "The database was changed by hand, or the models and the "
		    "history changed without a new migration: the operations "
		    "printed would bring it to the models.");
		if (o)
			json_object_set_new(o, "ops",
			                    json_string(strbuf_str(&ops)));
		else
			strbuf_add(out, strbuf_str(&ops), ops.len);
		strbuf_free(&ops);
	}
	return EXIT_OK;
}

/* check, the part that needs no database: the history loads, has one
 * head, and replays to the models.  Problems exit 1, so that CI fails on
 * a broken link as on drift; unreadable inputs exit 2. */
static int cmd_check(struct session *s, const struct cli *cli)
{
	if (cli->nargs) {
		diag_global(s->diag, SEV_ERROR, "check takes no arguments");
		return EXIT_USAGE;
	}
	const char *dir = migrations_path(cli);
	/* with a database, its dialect is the one compared in */
	struct db *db = NULL;
	int rc = EXIT_OK;
	if (!cli->offline && database_url(cli) &&
	    !(db = open_database(s, cli, &rc)))
		return rc;
	struct schema models = {0};
	if (load_project_models(s, cli, &models) < 0) {
		db_close(db);
		return EXIT_USAGE;
	}
	struct stat st;
	bool is_dir = stat(dir, &st) == 0 && S_ISDIR(st.st_mode);
	json_t *problems = json_array();
	struct strbuf out = STRBUF_INIT;
	struct history h;
	struct schema replayed = {0};
	package_replay_start(s, &replayed);
	if (history_load(s, dir, &h) < 0) {
		if (!is_dir) {
			json_decref(problems);
			db_close(db);
			return EXIT_USAGE;
		}
		check_problem(
		    s, problems, "history",
		    arena_printf(s->arena,
		                 "the migrations in \"%s\" have errors", dir),
		    "Fix the errors reported above.");
	} else if (history_replay(s, &h, NULL, &replayed) < 0) {
		check_problem(s, problems, "history",
		              "the history does not replay",
		              "Fix the operations reported above.");
	} else {
		if (h.nheads > 1) {
			struct strbuf names = STRBUF_INIT;
			json_t *a = json_array();
			for (int k = 0; k < h.nheads; k++) {
				strbuf_printf(&names, "%s\"%s\"", k ? ", " : "",
				              h.heads[k]->rev);
				json_array_append_new(
				    a, json_string(h.heads[k]->rev));
			}
			json_t *o = check_problem(
			    s, problems, "heads",
			    arena_printf(s->arena,
			                 "the history has %d heads: %s",
			                 h.nheads, strbuf_str(&names)),
			    "Join them with a migration whose parent line "
			    "lists them all.");
			if (o)
				json_object_set_new(o, "heads", a);
			else
				json_decref(a);
			strbuf_free(&names);
		}
		struct schema from, to;
		package_filter(s, &h, &replayed, &from);
		package_filter(s, &h, &models, &to);
		struct migration m = {0};
		int n = diff_schemas(s, &from, &to, &m);
		if (n < 0)
			rc = EXIT_USAGE;
		if (n > 0) {
			put_sections(s, &m, &out);
			json_t *o = check_problem(
			    s, problems, "drift",
			    arena_printf(s->arena,
			                 "the models differ from the history "
			                 "(%d operation%s)",
			                 n, n == 1 ? "" : "s"),
			    "Write the operations as a migration with "
			    "\"retort revision --autogenerate --offline -m "
			    "MESSAGE\".");
			if (o)
				json_object_set_new(
				    o, "ops", json_string(strbuf_str(&out)));
		}
		if (db && rc == EXIT_OK)
			rc = check_database(s, db, &h, &models, problems, &out);
	}
	bool with_db = db != NULL;
	db_close(db);
	if (rc != EXIT_OK) {
		json_decref(problems);
		strbuf_free(&out);
		return rc;
	}
	bool ok = json_array_size(problems) == 0 && !diag_errors(s->diag);
	if (s->json) {
		json_t *r = json_object();
		json_object_set_new(r, "ok", json_boolean(ok));
		json_object_set_new(r, "problems", problems);
		char *text = json_dumps(r, JSON_SORT_KEYS | JSON_INDENT(2));
		printf("%s\n", text);
		free(text);
		json_decref(r);
		strbuf_free(&out);
	} else {
		json_decref(problems);
		put_stdout(&out);
		if (ok && !s->quiet)
			fprintf(stderr,
			        "retort: ok: the history (%d migration%s, head "
			        "%s) gives the models%s\n",
			        h.n, h.n == 1 ? "" : "s",
			        h.nheads ? h.heads[0]->rev : "<base>",
			        with_db
			            ? "; the database is at the head and has "
			              "them"
			            : "");
	}
	return ok ? EXIT_OK : EXIT_DIFF;
}

/* The session's dialect for a command that prints SQL without
 * connecting: --dialect or the configuration's, else the database URL's
 * (parsed, not opened), else the default. */
static int offline_dialect(struct session *s, const struct cli *cli)
{
	const char *url = database_url(cli);
	if (cli->dialect || (cli->config && cli->config->dialect) || !url)
		return EXIT_OK;
	struct db_url u;
	if (db_url_parse(s, url, &u) < 0)
		return EXIT_USAGE;
	s->dialect = u.dialect;
	return EXIT_OK;
}

/* upgrade [TARGET] / downgrade TARGET [--sql]: the history run on the
 * database, or with --sql its SQL printed. */
static int cmd_migrate(struct session *s, const struct cli *cli, bool up)
{
	const char *name = up ? "upgrade" : "downgrade";
	if (cli->nargs > 1 || (!up && cli->nargs == 0)) {
		diag_global(s->diag, SEV_ERROR,
		            up ? "upgrade takes at most one revision"
		               : "downgrade takes one revision");
		diag_global_hint(s->diag, "Run \"retort %s --help\" for usage.",
		                 name);
		return EXIT_USAGE;
	}
	struct history h;
	if (history_load(s, migrations_path(cli), &h) < 0)
		return EXIT_USAGE;
	struct run_request r = {up, cli->nargs ? cli->args[0] : "head",
	                        cli->sql};
	if (cli->sql) {
		int rc = offline_dialect(s, cli);
		struct strbuf out = STRBUF_INIT;
		if (rc == EXIT_OK)
			rc = runner_sql(s, &h, &r, &out);
		if (rc == EXIT_OK)
			put_stdout(&out);
		strbuf_free(&out);
		return rc;
	}
	/* as SQLAlchemy does, upgrading a SQLite file that is not there
	 * yet makes it (downgrading one does not) */
	int rc = EXIT_OK;
	struct db *db = connect_database(s, cli, &rc, up);
	if (!db)
		return rc;
	rc = runner_migrate(s, db, &h, &r);
	db_close(db);
	return rc;
}

/* stamp REV...: the version table set, nothing run. */
static int cmd_stamp(struct session *s, const struct cli *cli)
{
	if (cli->nargs == 0) {
		diag_global(s->diag, SEV_ERROR, "stamp needs a revision");
		diag_global_hint(s->diag,
		                 "Give the revision the database's "
		                 "schema is at: an id, head, heads or "
		                 "base (`retort history` lists them).");
		return EXIT_USAGE;
	}
	struct history h;
	if (history_load(s, migrations_path(cli), &h) < 0)
		return EXIT_USAGE;
	int rc = EXIT_OK;
	struct db *db = open_database(s, cli, &rc);
	if (!db)
		return rc;
	rc = runner_stamp(s, db, &h, cli->args, cli->nargs);
	db_close(db);
	return rc;
}

/* current: the database's revisions. */
static int cmd_current(struct session *s, const struct cli *cli)
{
	struct history h;
	int rc = history_command(s, cli, &h);
	if (rc != EXIT_OK)
		return rc;
	struct db *db = open_database(s, cli, &rc);
	if (!db)
		return rc;
	struct strbuf out = STRBUF_INIT;
	rc = runner_current(s, db, &h, &out);
	db_close(db);
	if (rc == EXIT_OK)
		put_stdout(&out);
	strbuf_free(&out);
	return rc;
}

/* verify: the history run up, down and up again, one migration at a
 * time, on a scratch database: SQLite in memory, or a temporary database
 * on the PostgreSQL server of the run's URL. */
static int cmd_verify(struct session *s, const struct cli *cli)
{
	struct history h;
	int rc = history_command(s, cli, &h);
	if (rc != EXIT_OK)
		return rc;
	const char *url = database_url(cli);
	struct db_url u;
	if (url && db_url_parse(s, url, &u) < 0)
		return EXIT_USAGE;
	if (!url || u.dialect == DIALECT_SQLITE) {
		if (s->dialect == DIALECT_POSTGRESQL && cli->dialect) {
			diag_global(s->diag, SEV_ERROR,
			            "verify on PostgreSQL needs a server");
			diag_global_hint(s->diag,
			                 "Give --db postgresql://...: a "
			                 "temporary database is made there.");
			return EXIT_USAGE;
		}
		s->dialect = DIALECT_SQLITE;
		if (db_url_parse(s, "sqlite://", &u) < 0)
			return EXIT_USAGE;
		struct db *db = db_open(s, &u);
		if (!db)
			return EXIT_DB;
		rc = runner_verify(s, db, &h);
		db_close(db);
	} else {
		struct db *server = open_database(s, cli, &rc);
		if (!server)
			return rc;
		struct db *db = db_scratch(s, server);
		if (!db) {
			db_close(server);
			return EXIT_DB;
		}
		rc = runner_verify(s, db, &h);
		if (db_scratch_drop(s, server, db) < 0 && rc == EXIT_OK)
			rc = EXIT_DB;
		db_close(server);
	}
	if (rc == EXIT_OK && !s->quiet)
		fprintf(stderr,
		        "retort: verified %d migration%s on %s: upgrade, "
		        "downgrade and upgrade again give the replayed schema "
		        "at every step\n",
		        h.n, h.n == 1 ? "" : "s", dialect_name(s->dialect));
	return rc;
}

static int cmd_fmt(struct session *s, const struct cli *cli)
{
	if (cli->check && cli->write) {
		diag_global(s->diag, SEV_ERROR,
		            "--check and --write cannot be used together");
		return EXIT_USAGE;
	}
	char **files = cli->args;
	int nfiles = cli->nargs;
	if (nfiles == 0) {
		nfiles = load_list_files(s, models_path(cli), &files);
		if (nfiles < 0)
			return EXIT_USAGE;
	}
	int failed = 0, unformatted = 0;
	for (int i = 0; i < nfiles; i++) {
		bool changed = false;
		if (fmt_one(s, cli, files[i], i, &changed) < 0)
			failed++;
		else if (changed)
			unformatted++;
	}
	if (failed)
		return EXIT_USAGE;
	return cli->check && unformatted ? EXIT_DIFF : EXIT_OK;
}

/* `retort dump`: a backup of the database (backup.h); its path on
 * stdout. */
static int cmd_backup(struct session *s, const struct cli *cli)
{
	if (cli->nargs) {
		diag_global(s->diag, SEV_ERROR, "dump takes no arguments");
		diag_global_hint(s->diag, "Name the file with -o FILE.");
		return EXIT_USAGE;
	}
	int rc;
	struct db *db = open_database(s, cli, &rc);
	if (!db)
		return rc;
	const char *path = NULL;
	rc = backup_dump(s, db, cli->output, &path);
	db_close(db);
	if (rc < 0)
		return rc == BACKUP_USAGE ? EXIT_USAGE : EXIT_DB;
	printf("%s\n", path);
	return EXIT_OK;
}

/* `retort shell`: sqlite3 or psql in place of retort, once the database
 * has been reached (so that a bad URL fails with retort's message). */
static int cmd_shell(struct session *s, const struct cli *cli)
{
	if (cli->output)
		return reject(s, "-o", "shell");
	int rc;
	struct db *db = open_database(s, cli, &rc);
	if (!db)
		return rc;
	/* the URL's strings are arena memory: the copy outlives db */
	struct db_url url = *db_get_url(db);
	db_close(db);
	rc = backup_shell(s, &url, cli->nargs, cli->args);
	return rc == BACKUP_USAGE ? EXIT_USAGE : EXIT_DB;
}

/* --dump=config: the configuration as the run resolved it (the command
 * line and RETORT_DATABASE_URL over the file, the defaults where nothing
 * is set), as canonical JSON. */
static int dump_config(struct session *s, const struct cli *cli)
{
	struct config r = {0};
	if (cli->config)
		r = *cli->config;
	r.database = database_url(cli);
	r.models = models_path(cli);
	r.migrations = migrations_path(cli);
	r.version_table = s->version_table;
	r.dialect = dialect_name(s->dialect);
	r.naming = s->naming;
	const char *text = config_to_json(s, &r);
	if (!text)
		return EXIT_USAGE;
	printf("%s\n", text);
	return EXIT_OK;
}

/* --dump=revisions: every revision id of the history, one a line,
 * parents first, and nothing else (for shell completion). */
static int dump_revisions(struct session *s, const struct cli *cli)
{
	struct history h;
	if (history_load(s, migrations_path(cli), &h) < 0)
		return EXIT_USAGE;
	for (int i = 0; i < h.n; i++)
		printf("%s\n", h.v[i]->rev);
	return EXIT_OK;
}

static int cmd_dump(struct session *s, const struct cli *cli)
{
	if (!strcmp(cli->dump, "config"))
		return dump_config(s, cli);
	if (!strcmp(cli->dump, "revisions"))
		return dump_revisions(s, cli);
	if (!strcmp(cli->dump, "schema") || !strcmp(cli->dump, "hash")) {
		struct schema schema = {0};
		if (load_models(s, models_path(cli), &schema) < 0)
			return EXIT_USAGE;
		if (cli->dump[0] == 'h')
			printf("%016llx\n", (unsigned long long)schema_hash(
			                        s->arena, &schema));
		else
			printf("%s\n", schema_to_json(s->arena, &schema));
		return EXIT_OK;
	}
	if (!strcmp(cli->dump, "script") || !strcmp(cli->dump, "replay") ||
	    !strcmp(cli->dump, "replay-down") || !strcmp(cli->dump, "sql-up") ||
	    !strcmp(cli->dump, "sql-down"))
		return dump_migrations(s, cli);
	if (!strcmp(cli->dump, "model")) {
		/* the checked models printed back by fmt_schema, as reflect
		 * prints a database: tests check that it reads back the same */
		struct schema schema = {0};
		if (load_models(s, models_path(cli), &schema) < 0)
			return EXIT_USAGE;
		struct strbuf out = STRBUF_INIT;
		fmt_schema(s, &schema, &out);
		fwrite(strbuf_str(&out), 1, out.len, stdout);
		strbuf_free(&out);
		return EXIT_OK;
	}
	if (!strcmp(cli->dump, "lowered") || !strcmp(cli->dump, "lowered-db"))
		return dump_lowered(s, cli, cli->dump[7] != '\0');
	if (!strcmp(cli->dump, "ast")) {
		int rc = EXIT_OK;
		for (int i = 0; i < cli->nargs; i++) {
			const char *text = dump_file(s, cli->args[i], i);
			if (text)
				fputs(text, stdout);
			else
				rc = EXIT_USAGE;
		}
		return rc;
	}
	diag_global(s->diag, SEV_ERROR, "unknown dump \"%s\"", cli->dump);
	diag_global_hint(s->diag, "Use --dump=ast FILE..., --dump=schema, "
	                          "--dump=hash, --dump=model, --dump=lowered, "
	                          "--dump=lowered-db, --dump=script, "
	                          "--dump=replay, --dump=replay-down, "
	                          "--dump=sql-up, --dump=sql-down, "
	                          "--dump=config or --dump=revisions.");
	return EXIT_USAGE;
}

static int run(struct session *s, const struct cli *cli)
{
	const char *cmd = cli->command;
	if (cli->version) {
		printf("retort %s\n", PACKAGE_VERSION);
		return EXIT_OK;
	}
	if (cli->dump)
		return cmd_dump(s, cli);
	if (!cmd || !strcmp(cmd, "help")) {
		fputs(usage_main, cli->help || cmd ? stdout : stderr);
		return cli->help || cmd ? EXIT_OK : EXIT_USAGE;
	}
	if (!strcmp(cmd, "sql")) {
		if (cli->help) {
			fputs(usage_sql, stdout);
			return EXIT_OK;
		}
		return cmd_sql(s, cli);
	}
	if (!strcmp(cmd, "diff")) {
		if (cli->help) {
			fputs(usage_diff, stdout);
			return EXIT_OK;
		}
		return cmd_diff(s, cli);
	}
	if (!strcmp(cmd, "reflect")) {
		if (cli->help) {
			fputs(usage_reflect, stdout);
			return EXIT_OK;
		}
		return cmd_reflect(s, cli);
	}
	if (!strcmp(cmd, "revision")) {
		if (cli->help) {
			fputs(usage_revision, stdout);
			return EXIT_OK;
		}
		return cmd_revision(s, cli);
	}
	if (!strcmp(cmd, "init")) {
		if (cli->help) {
			fputs(usage_init, stdout);
			return EXIT_OK;
		}
		return cmd_init(s, cli);
	}
	if (!strcmp(cmd, "heads")) {
		if (cli->help) {
			fputs(usage_heads, stdout);
			return EXIT_OK;
		}
		return cmd_heads(s, cli);
	}
	if (!strcmp(cmd, "history")) {
		if (cli->help) {
			fputs(usage_history, stdout);
			return EXIT_OK;
		}
		return cmd_history(s, cli);
	}
	if (!strcmp(cmd, "check")) {
		if (cli->help) {
			fputs(usage_check, stdout);
			return EXIT_OK;
		}
		return cmd_check(s, cli);
	}
	if (!strcmp(cmd, "upgrade") || !strcmp(cmd, "downgrade")) {
		bool up = cmd[0] == 'u';
		if (cli->help) {
			fputs(up ? usage_upgrade : usage_downgrade, stdout);
			return EXIT_OK;
		}
		return cmd_migrate(s, cli, up);
	}
	if (!strcmp(cmd, "verify")) {
		if (cli->help) {
			fputs(usage_verify, stdout);
			return EXIT_OK;
		}
		return cmd_verify(s, cli);
	}
	if (!strcmp(cmd, "stamp")) {
		if (cli->help) {
			fputs(usage_stamp, stdout);
			return EXIT_OK;
		}
		return cmd_stamp(s, cli);
	}
	if (!strcmp(cmd, "current")) {
		if (cli->help) {
			fputs(usage_current, stdout);
			return EXIT_OK;
		}
		return cmd_current(s, cli);
	}
	if (!strcmp(cmd, "fmt")) {
		if (cli->help) {
			fputs(usage_fmt, stdout);
			return EXIT_OK;
		}
		return cmd_fmt(s, cli);
	}
	if (!strcmp(cmd, "lint")) {
		if (cli->help) {
			fputs(usage_lint, stdout);
			return EXIT_OK;
		}
		return cmd_lint(s, cli);
	}
	if (!strcmp(cmd, "show")) {
		if (cli->help) {
			fputs(usage_show, stdout);
			return EXIT_OK;
		}
		return cmd_show(s, cli);
	}
	if (!strcmp(cmd, "merge")) {
		if (cli->help) {
			fputs(usage_merge, stdout);
			return EXIT_OK;
		}
		return cmd_merge(s, cli);
	}
	if (!strcmp(cmd, "dump")) {
		if (cli->help) {
			fputs(usage_backup, stdout);
			return EXIT_OK;
		}
		return cmd_backup(s, cli);
	}
	if (!strcmp(cmd, "shell")) {
		if (cli->help) {
			fputs(usage_shell, stdout);
			return EXIT_OK;
		}
		return cmd_shell(s, cli);
	}
	diag_global(s->diag, SEV_ERROR, "unknown command \"%s\"", cmd);
	diag_global_hint(s->diag, "Run \"retort --help\" for the commands.");
	return EXIT_USAGE;
}

/* ---- --package: run() once for a package, or for each ---- */

/* The commands --package applies to; `all`: --package all runs it once
 * per package (not a command about one revision or one new file);
 * `models`: it compares the models or replays the history, so every
 * package's models are loaded first (package_load). */
static const struct package_command {
	const char *name;
	bool all, models;
} package_commands[] = {
    {"check", true, true},     {"current", true, false},
    {"downgrade", true, true}, {"fmt", true, false},
    {"heads", true, false},    {"history", true, false},
    {"lint", true, true},      {"merge", false, false},
    {"revision", true, true},  {"show", false, true},
    {"sql", false, true},      {"stamp", true, false},
    {"upgrade", true, true},   {"verify", true, true},
};

static const struct package_command *package_command(const char *cmd)
{
	size_t n = sizeof package_commands / sizeof package_commands[0];
	for (size_t i = 0; cmd && i < n; i++)
		if (!strcmp(package_commands[i].name, cmd))
			return &package_commands[i];
	return NULL;
}

/* The names of cfg's packages, for messages: "core, wallet". */
static const char *package_names(struct session *s, const struct config *cfg)
{
	struct strbuf sb = STRBUF_INIT;
	for (int i = 0; i < cfg->npackages; i++)
		strbuf_printf(&sb, "%s%s", i ? ", " : "",
		              cfg->packages[i].name);
	char *r = strbuf_arena_copy(&sb, s->arena);
	strbuf_free(&sb);
	return r;
}

/* A configuration with packages and no models or migrations of its own
 * needs --package for a command of the project.  Returns 0, or -1 with
 * the error reported. */
static int package_missing(struct session *s, const struct cli *cli)
{
	const struct config *cfg = cli->config;
	if (!cfg || !cfg->npackages || cli->help || cli->models ||
	    cli->migrations || cfg->models || cfg->migrations ||
	    !package_command(cli->command))
		return 0;
	diag_global(s->diag, SEV_ERROR,
	            "\"%s\" has packages and no models or migrations of its "
	            "own",
	            cfg->path);
	diag_global_hint(s->diag,
	                 "Choose a package with --package NAME (%s), or run "
	                 "each in turn with --package all.",
	                 package_names(s, cfg));
	return -1;
}

/* Whether --package all can run cli's command: one run per package
 * makes sense for it, and its arguments mean the same in every
 * package's history.  Returns 0, or -1 with the error reported. */
static int package_all_ok(struct session *s, const struct cli *cli,
                          const struct package_command *pc)
{
	const char *why = NULL;
	if (!pc->all)
		why = arena_printf(s->arena, "cannot run %s", cli->command);
	else if (!strcmp(cli->command, "revision") && !cli->autogenerate)
		why = "runs revision only with --autogenerate";
	else if (cli->rev_id || cli->head)
		why =
		    cli->rev_id ? "cannot take --rev-id" : "cannot take --head";
	else if (cli->format && !strcmp(cli->format, "json"))
		why = "cannot print --format json";
	for (int i = 0; !why && i < cli->nargs; i++) {
		const char *a = cli->args[i];
		if (strcmp(a, "head") && strcmp(a, "heads") &&
		    strcmp(a, "base") && a[0] != '+' && a[0] != '-')
			why = arena_printf(s->arena, "cannot take \"%s\"", a);
	}
	if (!why)
		return 0;
	diag_global(s->diag, SEV_ERROR, "--package all %s", why);
	diag_global_hint(s->diag,
	                 "Name one package with --package NAME: a revision "
	                 "id, a new migration or a JSON document belongs to "
	                 "one.");
	return -1;
}

/* run() for package pkg in a session of its own (its diagnostics said
 * when it ends): the package's models, migrations and version table,
 * every package's models loaded when the command needs them.  Under
 * --package all a line `== package NAME ==` comes first. */
static int run_package(const struct cli *cli, int pkg, bool all, bool models)
{
	const struct config *cfg = cli->config;
	const struct config_package *p = &cfg->packages[pkg];
	if (all) {
		printf("== package %s ==\n", p->name);
		fflush(stdout);
	}
	struct session s;
	session_open(&s);
	struct cli c = *cli;
	c.models = p->models;
	c.migrations = p->migrations;
	struct schema every = {0};
	int rc = EXIT_USAGE;
	if (configure_session(&s, &c) == 0 &&
	    package_check(&s, cfg, pkg) == 0) {
		s.version_table = package_version_table(&s, p);
		if (!models || package_load(&s, cfg, pkg, &every) == 0) {
			c.package_models = models ? &every : NULL;
			rc = run(&s, &c);
		}
	}
	fflush(stdout);
	session_close(&s);
	return rc;
}

/* --package NAME|all: run() for the package, or for each in the
 * configuration's order; the worst exit status wins, and a failing
 * upgrade, downgrade or stamp stops the rest. */
static int run_packages(struct session *s, const struct cli *cli)
{
	const struct config *cfg = cli->config;
	const struct package_command *pc = package_command(cli->command);
	if (!cfg || !cfg->npackages) {
		diag_global(s->diag, SEV_ERROR,
		            "--package needs [package:NAME] sections in the "
		            "configuration");
		diag_global_hint(s->diag, "Add them to retort.ini (or the file "
		                          "-c names): man retort, "
		                          "CONFIGURATION.");
		return EXIT_USAGE;
	}
	if (!pc)
		return reject(s, "--package", cli->command);
	if (cli->models || cli->migrations) {
		diag_global(s->diag, SEV_ERROR,
		            "--package and %s cannot be used together",
		            cli->models ? "--models" : "--migrations");
		diag_global_hint(s->diag, "A package's models and migrations "
		                          "are its section's.");
		return EXIT_USAGE;
	}
	bool all = !strcmp(cli->package, "all");
	int one = package_find(cfg, cli->package);
	if (!all && one < 0) {
		diag_global(s->diag, SEV_ERROR, "unknown package \"%s\"",
		            cli->package);
		diag_global_hint(s->diag,
		                 "The packages of \"%s\" are %s (or "
		                 "all).",
		                 cfg->path, package_names(s, cfg));
		return EXIT_USAGE;
	}
	if (all && package_all_ok(s, cli, pc) < 0)
		return EXIT_USAGE;
	/* a revision written by hand needs no models, nor a script shown */
	bool models = pc->models &&
	              (strcmp(cli->command, "revision") || cli->autogenerate) &&
	              (strcmp(cli->command, "show") || cli->sql);
	bool writes = !strcmp(cli->command, "upgrade") ||
	              !strcmp(cli->command, "downgrade") ||
	              !strcmp(cli->command, "stamp");
	/* the configuration's warnings before the runs' output */
	diag_flush(s->diag);
	int rc = EXIT_OK;
	for (int i = 0; i < cfg->npackages; i++) {
		if (!all && i != one)
			continue;
		int r = run_package(cli, i, all, models);
		rc = r > rc ? r : rc;
		if (writes && r >= EXIT_USAGE)
			break;
	}
	return rc;
}

int main(int argc, char **argv)
{
	struct session s;
	session_open(&s);
	struct cli cli = {0};
	struct config config;
	int rc;
	if (parse_args(argc, argv, &cli, s.diag) < 0) {
		rc = EXIT_USAGE;
	} else if (load_config(&s, &cli, &config) < 0) {
		rc = EXIT_USAGE;
	} else if (cli.package && cli.command && !cli.help && !cli.dump &&
	           !cli.version) {
		rc = run_packages(&s, &cli);
	} else if (configure_session(&s, &cli) < 0 ||
	           package_missing(&s, &cli) < 0) {
		rc = EXIT_USAGE;
	} else {
		rc = run(&s, &cli);
	}
	free(cli.words);
	session_close(&s);
	if (fflush(stdout) != 0 && rc == EXIT_OK)
		rc = EXIT_USAGE;
	return rc;
}
