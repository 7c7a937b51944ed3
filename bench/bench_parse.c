/*
 * bench_parse.c - times the front end in-process: parse and check.
 *
 * The speed target is about the front end alone ("parsing and
 * checking a generated 10,000-table model: at most 100 ms and at least
 * 50 MB/s, peak RSS at most 100 MB"), which a wall-clock timing of the
 * program would blur with process start-up and output.  So this driver,
 * linked against libretort.a like the program, reads the model files into
 * memory first and then times, with clock_gettime, exactly what
 * load_models does after reading: source_from_string (a copy into the arena),
 * parse_models for each file and check_schema over the result.  It repeats
 * the run (best of 5 by default; each run gets a fresh session, as the
 * program does) and reports the best and median times, the throughput at
 * the best time and the process's peak RSS (getrusage ru_maxrss).
 *
 * With --targets the 10,000-table targets are checked and the exit status
 * is 1 when one is missed (bench/parse_check.sh only reports it).  With -q
 * warnings are counted but not formatted, as `retort -q` does: generated
 * models have thousands of foreign keys without an index (like the peers'
 * schema), and formatting those messages is not the front end's work.
 *
 * usage: bench_parse [-n RUNS] [-q] [--dialect D] [--targets] FILE...
 *        bench_parse --exec RUNS CMD [ARG...]
 *
 * --exec times a command end to end instead (best wall time of RUNS, its
 * output sent to /dev/null, peak RSS of the children), so that the script
 * needs neither GNU time nor bash to time `retort sql`.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "arena.h"
#include "check.h"
#include "diag.h"
#include "parse.h"
#include "schema.h"
#include "session.h"
#include "source.h"

/* The targets, for 10,000 tables. */
#define TARGET_MS     100.0
#define TARGET_MBPS   50.0
#define TARGET_RSS_MB 100.0

struct input {
	const char *path;
	char *text;
	size_t len;
};

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static double peak_rss_mb(int who)
{
	struct rusage ru;
	getrusage(who, &ru);
	return (double)ru.ru_maxrss / 1024.0; /* Linux: kilobytes */
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

static int read_input(struct input *in)
{
	FILE *f = fopen(in->path, "rb");
	if (!f) {
		perror(in->path);
		return -1;
	}
	size_t cap = 1 << 20, len = 0, n;
	char *buf = xmalloc(cap);
	while ((n = fread(buf + len, 1, cap - len, f)) > 0) {
		len += n;
		if (len == cap) {
			cap *= 2;
			buf = xrealloc(buf, cap);
		}
	}
	fclose(f);
	in->text = buf;
	in->len = len;
	return 0;
}

struct counts {
	int tables, columns, indexes, fks, checks, uniques, enums;
};

static void count(const struct schema *sc, struct counts *c)
{
	memset(c, 0, sizeof *c);
	c->tables = sc->ntables;
	c->enums = sc->nenums;
	for (int i = 0; i < sc->ntables; i++) {
		const struct table *t = sc->tables[i];
		c->columns += t->ncols;
		c->indexes += t->nindexes;
		for (int k = 0; k < t->ncons; k++) {
			if (t->cons[k]->kind == CON_FOREIGN_KEY)
				c->fks++;
			else if (t->cons[k]->kind == CON_CHECK)
				c->checks++;
			else if (t->cons[k]->kind == CON_UNIQUE)
				c->uniques++;
		}
	}
}

/* One run: a fresh session, the timed front end, the session closed. */
struct run {
	double parse_s, check_s;
	int errors, warnings;
	struct counts counts;
};

static void run_once(struct input *in, int nin, enum dialect dialect, int quiet,
                     FILE *sink, struct run *r)
{
	struct session s;
	session_open(&s);
	diag_free(s.diag); /* diagnostics are counted, not printed */
	s.diag = diag_new(sink);
	diag_set_quiet(s.diag, quiet);
	s.dialect = dialect;

	struct schema schema;
	memset(&schema, 0, sizeof schema);
	int rc = 0;
	double t0 = now();
	for (int i = 0; i < nin; i++) {
		struct source *src = source_from_string(
		    s.arena, in[i].path, in[i].text, in[i].len, i);
		if (parse_models(&s, src, &schema) != 0)
			rc = -1;
	}
	double t1 = now();
	if (rc == 0)
		(void)check_schema(&s, &schema);
	double t2 = now();

	r->parse_s = t1 - t0;
	r->check_s = t2 - t1;
	r->errors = diag_errors(s.diag);
	r->warnings = diag_warnings(s.diag);
	count(&schema, &r->counts);
	session_close(&s);
}

static int bench_models(int runs, enum dialect dialect, int quiet, int targets,
                        int nin, char **paths)
{
	struct input *in = xmalloc(sizeof *in * (size_t)nin);
	size_t bytes = 0;
	for (int i = 0; i < nin; i++) {
		in[i].path = paths[i];
		if (read_input(&in[i]) != 0)
			return 2;
		bytes += in[i].len;
	}
	FILE *sink = fopen("/dev/null", "w");
	if (!sink) {
		perror("/dev/null");
		return 2;
	}

	double *total = xmalloc(sizeof *total * (size_t)runs);
	struct run best = {0}, r;
	for (int k = 0; k < runs; k++) {
		run_once(in, nin, dialect, quiet, sink, &r);
		total[k] = r.parse_s + r.check_s;
		if (k == 0 || total[k] < best.parse_s + best.check_s)
			best = r;
	}
	double rss = peak_rss_mb(RUSAGE_SELF);
	qsort(total, (size_t)runs, sizeof *total, cmp_double);
	double best_ms = total[0] * 1e3, median_ms = total[runs / 2] * 1e3;
	double mb = (double)bytes / 1e6, mbps = mb / total[0];

	const struct counts *c = &best.counts;
	printf("model: %s%s (%.2f MB; %d tables, %d columns, %d indexes, %d "
	       "foreign keys, "
	       "%d unique, %d checks, %d enums)\n",
	       paths[0], nin > 1 ? " ..." : "", mb, c->tables, c->columns,
	       c->indexes, c->fks, c->uniques, c->checks, c->enums);
	printf("parse+check (%s%s): best %.1f ms (parse %.1f + check %.1f), "
	       "median %.1f ms "
	       "of %d runs; %.1f MB/s; peak RSS %.1f MB\n",
	       dialect_name(dialect), quiet ? ", -q" : "", best_ms,
	       best.parse_s * 1e3, best.check_s * 1e3, median_ms, runs, mbps,
	       rss);
	if (best.errors)
		printf("WARNING: the model has %d errors (the checker stopped "
		       "early?): "
		       "see `retort sql --models %s`\n",
		       best.errors, paths[0]);
	else if (best.warnings)
		printf("(%d warnings, %s)\n", best.warnings,
		       quiet ? "counted, not formatted"
		             : "formatted, not printed");

	int missed = 0;
	if (targets) {
		int ok_ms = best_ms <= TARGET_MS, ok_mbps = mbps >= TARGET_MBPS,
		    ok_rss = rss <= TARGET_RSS_MB;
		printf("targets: time %.1f ms <= %.0f ms: %s; throughput %.1f "
		       "MB/s >= %.0f MB/s: "
		       "%s; peak RSS %.1f MB <= %.0f MB: %s\n",
		       best_ms, TARGET_MS, ok_ms ? "met" : "MISSED", mbps,
		       TARGET_MBPS, ok_mbps ? "met" : "MISSED", rss,
		       TARGET_RSS_MB, ok_rss ? "met" : "MISSED");
		missed = !ok_ms || !ok_mbps || !ok_rss || best.errors;
	}

	fclose(sink);
	free(total);
	for (int i = 0; i < nin; i++)
		free(in[i].text);
	free(in);
	return missed;
}

/* Runs argv RUNS times with stdout and stderr on /dev/null; prints the best wall time
 * and the children's peak RSS.  The exit status is the command's last. */
static int bench_exec(int runs, char **argv)
{
	double best = 0;
	int status = 0;
	for (int k = 0; k < runs; k++) {
		double t0 = now();
		pid_t pid = fork();
		if (pid < 0) {
			perror("fork");
			return 2;
		}
		if (pid == 0) {
			int fd = open("/dev/null", O_WRONLY);
			if (fd >= 0) {
				dup2(fd, 1);
				dup2(fd, 2);
				if (fd > 2)
					close(fd);
			}
			execvp(argv[0], argv);
			perror(argv[0]);
			_exit(127);
		}
		if (waitpid(pid, &status, 0) < 0) {
			perror("waitpid");
			return 2;
		}
		double t = now() - t0;
		if (k == 0 || t < best)
			best = t;
	}
	int rc =
	    WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
	printf("%.1f ms best of %d, peak RSS %.1f MB, exit %d\n", best * 1e3,
	       runs, peak_rss_mb(RUSAGE_CHILDREN), rc);
	return rc;
}

static int usage(void)
{
	fputs("usage: bench_parse [-n RUNS] [-q] [--dialect D] [--targets] "
	      "FILE...\n"
	      "       bench_parse --exec RUNS CMD [ARG...]\n",
	      stderr);
	return 2;
}

int main(int argc, char **argv)
{
	int runs = 5, targets = 0, quiet = 0, i;
	enum dialect dialect = DIALECT_SQLITE;

	if (argc > 2 && !strcmp(argv[1], "--exec")) {
		runs = atoi(argv[2]);
		if (runs < 1 || argc < 4)
			return usage();
		return bench_exec(runs, argv + 3);
	}
	for (i = 1; i < argc && argv[i][0] == '-'; i++) {
		if (!strcmp(argv[i], "-n") && i + 1 < argc)
			runs = atoi(argv[++i]);
		else if (!strcmp(argv[i], "--dialect") && i + 1 < argc) {
			if (!dialect_parse(argv[++i], &dialect))
				return usage();
		} else if (!strcmp(argv[i], "--targets"))
			targets = 1;
		else if (!strcmp(argv[i], "-q"))
			quiet = 1;
		else
			return usage();
	}
	if (i >= argc || runs < 1)
		return usage();
	return bench_models(runs, dialect, quiet, targets, argc - i, argv + i);
}
