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

#include "config.h"

#include "check.h"
#include "compile.h"
#include "db.h"
#include "diff.h"
#include "dump.h"
#include "emit.h"
#include "fmt.h"
#include "load.h"
#include "lower.h"
#include "ops_json.h"
#include "parse.h"
#include "reflect.h"
#include "schema.h"
#include "script.h"
#include "session.h"
#include "simulate.h"
#include "strbuf.h"

enum { EXIT_OK = 0, EXIT_DIFF = 1, EXIT_USAGE = 2, EXIT_DB = 3 };

struct cli {
	const char *models;
	const char *db;
	const char *format;
	const char *dialect;
	const char *dump;
	const char *from, *to;
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
    "\n"
    "Options (before or after the command):\n"
    "  --models PATH         a model file or a directory of *.schema files\n"
    "                        (default: models)\n"
    "  --db URL              the database (default: $RETORT_DATABASE_URL):\n"
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
    "(sqlite:///file.db, postgresql://...) or a model file or directory.  "
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

/* Applies --dialect, --format, -q, -v to the session. */
static int configure_session(struct session *s, const struct cli *cli)
{
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

static const char *models_path(const struct cli *cli)
{
	return cli->models ? cli->models : "models";
}

/* An option given to a command that does not take it. */
static int reject(struct session *s, const char *option, const char *command)
{
	diag_global(s->diag, SEV_ERROR, "%s does not take %s", command, option);
	diag_global_hint(s->diag, "Run \"retort %s --help\" for usage.",
	                 command);
	return EXIT_USAGE;
}

/* The database URL: --db, then RETORT_DATABASE_URL. */
static const char *database_url(const struct cli *cli)
{
	if (cli->db)
		return cli->db;
	const char *env = getenv("RETORT_DATABASE_URL");
	return env && *env ? env : NULL;
}

/* Connects to the run's database and sets the session's dialect from it.
 * Returns NULL with the error reported; *rc is the exit status then. */
static struct db *open_database(struct session *s, const struct cli *cli,
                                int *rc)
{
	const char *url = database_url(cli);
	if (!url) {
		diag_global(s->diag, SEV_ERROR, "no database given");
		diag_global_hint(s->diag, "Use --db URL or set "
		                          "RETORT_DATABASE_URL.");
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

/* Loads a diff source: a database (a URL, reflected; sets the session's
 * dialect) or a models path (checked).  The first database's connection
 * is kept open in *keep for the server to normalise the other side.
 * Returns an exit status. */
static int load_source(struct session *s, const struct cli *cli,
                       const char *src, struct schema *out, struct db **keep)
{
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
	if (n > 0 || m.nup > 0) {
		strbuf_puts(&out, "upgrade {\n");
		script_print_ops(s, m.up, m.nup, 2, &out);
		strbuf_puts(&out, "}\n\ndowngrade {\n");
		script_print_ops(s, m.down, m.ndown, 2, &out);
		strbuf_puts(&out, "}\n");
	}
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

static int cmd_dump(struct session *s, const struct cli *cli)
{
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
	                          "--dump=sql-up or --dump=sql-down.");
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
	int rc;
	if (parse_args(argc, argv, &cli, s.diag) < 0) {
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
