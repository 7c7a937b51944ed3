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

#include "check.h"
#include "compile.h"
#include "config.h"
#include "db.h"
#include "diff.h"
#include "dump.h"
#include "history.h"
#include "emit.h"
#include "fmt.h"
#include "load.h"
#include "lower.h"
#include "ops_json.h"
#include "parse.h"
#include "reflect.h"
#include "revision.h"
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
	const char *config_file;     /* -c FILE */
	const struct config *config; /* loaded, or NULL: there is none */
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
    "SQLite and PostgreSQL.\n"
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
    "                        history or the history is not one line\n"
    "  init [DIR]            start a project: retort.ini, models/, "
    "migrations/\n"
    "  revision -m MSG [--autogenerate [--offline]]\n"
    "                        write a new migration script\n"
    "\n"
    "Options (before or after the command):\n"
    "  -c, --config FILE     the configuration file (default: retort.ini\n"
    "                        when there is one)\n"
    "  --models PATH         a model file or a directory of *.schema files\n"
    "                        (default: the configuration's, else models)\n"
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
    "usage: retort check [--models PATH] [--migrations DIR]\n"
    "                    [--dialect D] [--format text|json]\n"
    "\n"
    "Checks that the history (DIR, default migrations) loads, has one\n"
    "head, and that replaying it gives the models (PATH, default models)\n"
    "as the dialect stores them.  Each problem is reported on stderr; for\n"
    "drift, the operations that would bring the history to the models are\n"
    "printed on stdout as `retort diff` prints them (write them with\n"
    "`retort revision --autogenerate --offline`).  --format json prints\n"
    "{\"ok\", \"problems\"} instead, each problem {\"kind\": \"history\",\n"
    "\"heads\" or \"drift\", \"message\", \"hint\"} (with \"heads\", or the\n"
    "\"ops\" text of a drift).\n"
    "Exit status 0 when all is well, 1 when a problem was found, 2 when\n"
    "the models or the migrations directory cannot be read.\n";

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
		if (only_args || a[0] != '-' || a[1] == '\0') {
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

/* Connects to the run's database and sets the session's dialect from it.
 * Returns NULL with the error reported; *rc is the exit status then. */
static struct db *open_database(struct session *s, const struct cli *cli,
                                int *rc)
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
	struct db *db = db_open(s, &u);
	if (!db)
		*rc = EXIT_DB;
	return db;
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
	if (load_models(s, models_path(cli), &schema) < 0)
		return EXIT_USAGE;
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

/* The revisions the database's version table holds as a list for a
 * message ("none" for an empty table). */
static const char *rev_list(struct session *s, const char **revs, int n)
{
	if (n == 0)
		return "none";
	struct strbuf sb = STRBUF_INIT;
	for (int i = 0; i < n; i++)
		strbuf_printf(&sb, "%s%s", i ? ", " : "", revs[i]);
	char *r = strbuf_arena_copy(&sb, s->arena);
	strbuf_free(&sb);
	return r;
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
	const char **revs;
	int n;
	bool present;
	if (db_versions(s, db, s->version_table, &revs, &n, &present) < 0)
		return EXIT_DB;
	const char *want = m->nparents ? m->parents[0] : NULL;
	for (int i = 0; i < n; i++) {
		bool known = false;
		for (int k = 0; k < h->n && !known; k++)
			known = !strcmp(h->v[k]->rev, revs[i]);
		if (known)
			continue;
		diag_global(s->diag, SEV_ERROR,
		            "the database is at revision \"%s\", which is not "
		            "in the history (%s)",
		            revs[i], h->dir);
		diag_global_hint(s->diag,
		                 "If its schema is that of a revision of the "
		                 "history, record it with `retort stamp REV`.");
		return EXIT_USAGE;
	}
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
		            rev_list(s, revs, n), want ? want : "none");
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
		/* no parent in a history that has migrations: a new root */
		if ((parent || h->n == 0) &&
		    history_replay(s, h, parent, from) < 0)
			return EXIT_USAGE;
		return load_models(s, models_path(cli), to) < 0 ? EXIT_USAGE
		                                                : EXIT_OK;
	}
	int rc = EXIT_OK;
	struct db *db = open_database(s, cli, &rc);
	if (!db)
		return rc;
	rc = at_parent(s, db, h, m);
	if (rc == EXIT_OK && reflect_schema(s, db, from, NULL) < 0)
		rc = EXIT_DB;
	if (rc == EXIT_OK && load_models(s, models_path(cli), to) < 0)
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
	const char *now = getenv("RETORT_NOW");
	struct revision_request r = {cli->message, cli->rev_id,
	                             now && *now ? now : NULL, cli->head};
	struct migration m;
	if (revision_start(s, &h, &r, &m) < 0)
		return EXIT_USAGE;
	if (cli->autogenerate) {
		int rc = autogenerate(s, cli, &h, &m);
		if (rc != EXIT_OK)
			return rc;
	}
	char *path = arena_printf(s->arena, "%s/%s", migrations_path(cli),
	                          revision_file_name(s, &m));
	struct strbuf out = STRBUF_INIT;
	script_print_migration(s, &m, &out);
	int rc = write_file(s, path, &out);
	strbuf_free(&out);
	if (rc < 0)
		return EXIT_USAGE;
	printf("%s\n", path);
	return EXIT_OK;
}

/* Writes out to stdout and frees it. */
static void put_stdout(struct strbuf *out)
{
	fwrite(strbuf_str(out), 1, out->len, stdout);
	strbuf_free(out);
}

static int cmd_heads(struct session *s, const struct cli *cli)
{
	if (cli->nargs) {
		diag_global(s->diag, SEV_ERROR, "heads takes no arguments");
		return EXIT_USAGE;
	}
	struct history h;
	if (history_load(s, migrations_path(cli), &h) < 0)
		return EXIT_USAGE;
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
	struct schema models = {0};
	if (load_models(s, models_path(cli), &models) < 0)
		return EXIT_USAGE;
	struct stat st;
	bool is_dir = stat(dir, &st) == 0 && S_ISDIR(st.st_mode);
	json_t *problems = json_array();
	struct strbuf out = STRBUF_INIT;
	struct history h;
	struct schema replayed = {0};
	if (history_load(s, dir, &h) < 0) {
		if (!is_dir) {
			json_decref(problems);
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
		struct migration m = {0};
		int n = diff_schemas(s, &replayed, &models, &m);
		if (n < 0) {
			json_decref(problems);
			return EXIT_USAGE;
		}
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
			        "retort: ok: %d migration%s, head %s, "
			        "give the models\n",
			        h.n, h.n == 1 ? "" : "s",
			        h.nheads ? h.heads[0]->rev : "<base>");
	}
	return ok ? EXIT_OK : EXIT_DIFF;
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

static int cmd_dump(struct session *s, const struct cli *cli)
{
	if (!strcmp(cli->dump, "config"))
		return dump_config(s, cli);
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
	                          "--dump=sql-up, --dump=sql-down or "
	                          "--dump=config.");
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
	if (!strcmp(cmd, "fmt")) {
		if (cli->help) {
			fputs(usage_fmt, stdout);
			return EXIT_OK;
		}
		return cmd_fmt(s, cli);
	}
	diag_global(s->diag, SEV_ERROR, "unknown command \"%s\"", cmd);
	diag_global_hint(s->diag, "Run \"retort --help\" for the commands.");
	return EXIT_USAGE;
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
	} else if (configure_session(&s, &cli) < 0) {
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
