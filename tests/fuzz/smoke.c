/*
 * smoke.c - a bounded, deterministic fuzz run for `make check`.
 *
 * libFuzzer needs clang and runs for minutes (`make fuzz`); this driver
 * needs neither.  Built with the project's own compiler and flags (so under
 * --enable-sanitizers it runs with ASan and UBSan), it feeds the fuzz
 * target (fuzz_parse.c) every seed of the corpus, then N mutants of them
 * made by a seeded PRNG: bit flips, byte edits, inserts and deletes of
 * ranges, dictionary tokens, splices of two seeds.  Input k is a pure
 * function of (seed, k), so any failure is reproduced with --dump k.
 *
 * Output is TAP: one test, "ok 1 - N inputs, no crash".  A crash, a
 * sanitizer report or a hang (an input taking longer than the per-input
 * alarm) prints "not ok" with the input number and exits non-zero.
 *
 * usage: fuzz_smoke [-n N] [-s SEED] [-t SECONDS] [--dump K] CORPUS DICT
 */
#include <dirent.h>
#include <errno.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#if defined(__SANITIZE_ADDRESS__)
#define SMOKE_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define SMOKE_ASAN 1
#endif
#endif
#ifdef SMOKE_ASAN
#include <sanitizer/common_interface_defs.h>
#endif

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define SMOKE_MAX_INPUT (64 * 1024)
#define HANG_SECONDS    10

struct blob {
	unsigned char *p;
	size_t n;
	char *name;
};

struct blobs {
	struct blob *v;
	size_t n, cap;
};

/* The input being run, for the crash message; written before each call. */
static volatile long current_input = -1;

static void *xalloc(size_t n)
{
	void *p = malloc(n ? n : 1);
	if (!p) {
		fputs("Bail out! out of memory\n", stdout);
		exit(99);
	}
	return p;
}

static void push(struct blobs *b, unsigned char *p, size_t n, const char *name)
{
	if (b->n == b->cap) {
		b->cap = b->cap ? 2 * b->cap : 64;
		struct blob *v = realloc(b->v, b->cap * sizeof *v);
		if (!v) {
			fputs("Bail out! out of memory\n", stdout);
			exit(99);
		}
		b->v = v;
	}
	b->v[b->n].p = p;
	b->v[b->n].n = n;
	b->v[b->n].name = name ? strdup(name) : NULL;
	b->n++;
}

static void free_blobs(struct blobs *b)
{
	for (size_t i = 0; i < b->n; i++) {
		free(b->v[i].p);
		free(b->v[i].name);
	}
	free(b->v);
}

/* ---------------------------------------------------------------- PRNG */

/* splitmix64: tiny, well mixed, and stateless enough to seed per input. */
static uint64_t next(uint64_t *st)
{
	uint64_t z = (*st += 0x9E3779B97F4A7C15ull);
	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
	return z ^ (z >> 31);
}

static size_t below(uint64_t *st, size_t n)
{
	return n ? (size_t)(next(st) % n) : 0;
}

/* ------------------------------------------------------------- loading */

static int read_file(const char *path, unsigned char **p, size_t *n)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return -1;
	size_t cap = 4096, len = 0, got;
	unsigned char *buf = xalloc(cap);
	while ((got = fread(buf + len, 1, cap - len, f)) > 0) {
		len += got;
		if (len == cap) {
			cap *= 2;
			unsigned char *nb = realloc(buf, cap);
			if (!nb) {
				free(buf);
				fclose(f);
				return -1;
			}
			buf = nb;
		}
	}
	fclose(f);
	*p = buf;
	*n = len;
	return 0;
}

static int by_name(const void *a, const void *b)
{
	return strcmp(((const struct blob *)a)->name,
	              ((const struct blob *)b)->name);
}

/* Every regular file of dir, sorted by name so runs do not depend on the
 * order the file system lists them in. */
static int load_corpus(const char *dir, struct blobs *out)
{
	DIR *d = opendir(dir);
	if (!d)
		return -1;
	struct dirent *e;
	while ((e = readdir(d))) {
		if (e->d_name[0] == '.')
			continue;
		size_t len = strlen(dir) + strlen(e->d_name) + 2;
		char *path = xalloc(len);
		snprintf(path, len, "%s/%s", dir, e->d_name);
		struct stat st;
		unsigned char *p;
		size_t n;
		if (stat(path, &st) == 0 && S_ISREG(st.st_mode) &&
		    read_file(path, &p, &n) == 0)
			push(out, p, n, e->d_name);
		free(path);
	}
	closedir(d);
	if (out->n)
		qsort(out->v, out->n, sizeof *out->v, by_name);
	return 0;
}

static int hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* A libFuzzer/AFL dictionary: lines `name="value"` (the name is optional),
 * with \\, \" and \xNN escapes; # comments and blank lines skipped. */
static int load_dict(const char *path, struct blobs *out)
{
	unsigned char *text;
	size_t len;
	if (read_file(path, &text, &len) != 0)
		return -1;
	size_t i = 0;
	while (i < len) {
		size_t eol = i;
		while (eol < len && text[eol] != '\n')
			eol++;
		size_t q = i;
		while (q < eol && text[q] != '"' && text[q] != '#')
			q++;
		if (q < eol && text[q] == '"') {
			unsigned char *tok = xalloc(eol - q);
			size_t n = 0;
			for (size_t k = q + 1; k < eol && text[k] != '"'; k++) {
				if (text[k] == '\\' && k + 1 < eol) {
					k++;
					if (text[k] == 'x' && k + 2 < eol &&
					    hexval(text[k + 1]) >= 0 &&
					    hexval(text[k + 2]) >= 0) {
						tok[n++] =
						    (unsigned char)(hexval(
						                        text[k +
						                             1]) *
						                        16 +
						                    hexval(
						                        text[k +
						                             2]));
						k += 2;
						continue;
					}
				}
				tok[n++] = text[k];
			}
			if (n)
				push(out, tok, n, NULL);
			else
				free(tok);
		}
		i = eol + 1;
	}
	free(text);
	return 0;
}

/* ------------------------------------------------------------ mutation */

struct buf {
	unsigned char *p;
	size_t n, cap;
};

static void reserve(struct buf *b, size_t need)
{
	if (need <= b->cap)
		return;
	size_t cap = b->cap ? b->cap : 256;
	while (cap < need)
		cap *= 2;
	unsigned char *p = realloc(b->p, cap);
	if (!p) {
		fputs("Bail out! out of memory\n", stdout);
		exit(99);
	}
	b->p = p;
	b->cap = cap;
}

/* Replaces the del bytes at pos with the n bytes of ins. */
static void splice_in(struct buf *b, size_t pos, size_t del,
                      const unsigned char *ins, size_t n)
{
	if (pos > b->n)
		pos = b->n;
	if (del > b->n - pos)
		del = b->n - pos;
	if (b->n - del + n > SMOKE_MAX_INPUT)
		return;
	reserve(b, b->n - del + n);
	memmove(b->p + pos + n, b->p + pos + del, b->n - pos - del);
	if (n)
		memcpy(b->p + pos, ins, n);
	b->n = b->n - del + n;
}

/* Bytes the grammar cares about, so that edits hit structure often. */
static const char special[] = "(){},;.'\"-/*\n\t []_$:0123456789";

/* A short range length, biased towards small edits. */
static size_t small_len(uint64_t *st, size_t avail)
{
	size_t n = 1 + below(st, next(st) % 4 ? 8 : 64);
	return n < avail ? n : avail;
}

static void mutate_once(uint64_t *st, struct buf *b, const struct blobs *seeds,
                        const struct blobs *dict)
{
	size_t pos = below(st, b->n + 1);
	unsigned char c;
	switch (below(st, 11)) {
	case 0: /* flip a bit */
		if (b->n)
			b->p[below(st, b->n)] ^=
			    (unsigned char)(1u << below(st, 8));
		break;
	case 1: /* overwrite a byte with anything */
		if (b->n)
			b->p[below(st, b->n)] = (unsigned char)next(st);
		break;
	case 2: /* insert a structural byte */
		c = (unsigned char)special[below(st, sizeof special - 1)];
		splice_in(b, pos, 0, &c, 1);
		break;
	case 3: /* delete a range */
		splice_in(b, pos, small_len(st, b->n - pos), NULL, 0);
		break;
	case 4: { /* duplicate a range elsewhere */
		if (!b->n)
			break;
		size_t from = below(st, b->n);
		size_t n = small_len(st, b->n - from);
		unsigned char tmp[64];
		if (n > sizeof tmp)
			n = sizeof tmp;
		memcpy(tmp, b->p + from, n);
		splice_in(b, pos, 0, tmp, n);
		break;
	}
	case 5: /* insert a dictionary token */
	case 6:
		if (dict->n) {
			const struct blob *t = &dict->v[below(st, dict->n)];
			unsigned char sp = ' ';
			splice_in(b, pos, 0, &sp, 1);
			splice_in(b, pos, 0, t->p, t->n);
		}
		break;
	case 7: /* replace a range with a dictionary token */
		if (dict->n) {
			const struct blob *t = &dict->v[below(st, dict->n)];
			splice_in(b, pos, small_len(st, b->n - pos), t->p,
			          t->n);
		}
		break;
	case 8: { /* splice: our prefix, another seed's suffix */
		const struct blob *o = &seeds->v[below(st, seeds->n)];
		size_t from = below(st, o->n + 1);
		splice_in(b, pos, b->n - pos, o->p + from, o->n - from);
		break;
	}
	case 9: /* truncate */
		b->n = pos;
		break;
	default: { /* swap case of a byte, or make it NUL / high */
		static const unsigned char odd[] = {0,    0x80, 0xff,
		                                    0xc3, '\\', '\r'};
		if (b->n) {
			size_t k = below(st, b->n);
			if (next(st) & 1)
				b->p[k] ^= 0x20;
			else
				b->p[k] = odd[below(st, sizeof odd)];
		}
		break;
	}
	}
}

/* Mutant number k of the run with the given seed: a pure function of
 * (seed, k) and the corpus, so --dump k reproduces it. */
static void make_mutant(uint64_t seed, long k, const struct blobs *seeds,
                        const struct blobs *dict, struct buf *b)
{
	uint64_t st = seed ^ ((uint64_t)k * 0xD1B54A32D192ED03ull);
	next(&st);
	const struct blob *base = &seeds->v[below(&st, seeds->n)];
	b->n = 0;
	reserve(b, base->n + 1);
	memcpy(b->p, base->p, base->n);
	b->n = base->n;
	int rounds = 1 + (int)below(&st, next(&st) % 3 ? 3 : 12);
	for (int r = 0; r < rounds; r++)
		mutate_once(&st, b, seeds, dict);
}

/* ------------------------------------------------------------- reports */

static void say(const char *s)
{
	ssize_t r = write(1, s, strlen(s));
	(void)r;
}

/* Async-signal-safe: formats current_input and prints the "not ok" line
 * with the way to get the input back. */
static void report_failure(const char *what)
{
	char num[32], *p = num + sizeof num;
	long k = current_input;
	*--p = '\0';
	if (k < 0) {
		*--p = '?';
	} else {
		do {
			*--p = (char)('0' + k % 10);
			k /= 10;
		} while (k);
	}
	say("not ok 1 - ");
	say(what);
	say(" on input ");
	say(p);
	say(" (reproduce: fuzz_smoke --dump ");
	say(p);
	say(" CORPUS DICT > crash.schema)\n");
}

static void on_signal(int sig)
{
	report_failure(sig == SIGALRM   ? "hang"
	               : sig == SIGABRT ? "abort (a failed check, see stderr)"
	                                : "crash");
	_exit(1);
}

/* Code below main must never exit() (house rule), except xmalloc's out of
 * memory; an exit in the middle of an input is reported as a failure. */
static void on_exit_during_input(void)
{
	if (current_input >= 0) {
		report_failure("exit() called");
		_exit(1);
	}
}

#ifdef SMOKE_ASAN
static void on_sanitizer_death(void)
{
	report_failure("sanitizer error");
}
#endif

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void run_one(long k, const unsigned char *p, size_t n)
{
	current_input = k;
	alarm(HANG_SECONDS);
	LLVMFuzzerTestOneInput(p, n);
	alarm(0);
}

static int usage(void)
{
	fputs("usage: fuzz_smoke [-n N] [-s SEED] [-t SECONDS] [--dump K] "
	      "CORPUS DICT\n",
	      stderr);
	return 2;
}

int main(int argc, char **argv)
{
	long n = 10000, dump = -1;
	uint64_t seed = 20240611;
	double budget = 20.0;
	int i;

	for (i = 1; i < argc && argv[i][0] == '-'; i++) {
		if (i + 1 >= argc)
			return usage();
		if (!strcmp(argv[i], "-n"))
			n = strtol(argv[++i], NULL, 10);
		else if (!strcmp(argv[i], "-s"))
			seed = strtoull(argv[++i], NULL, 10);
		else if (!strcmp(argv[i], "-t"))
			budget = strtod(argv[++i], NULL);
		else if (!strcmp(argv[i], "--dump"))
			dump = strtol(argv[++i], NULL, 10);
		else
			return usage();
	}
	if (argc - i != 2)
		return usage();

	struct blobs seeds = {0}, dict = {0};
	errno = 0;
	if (load_corpus(argv[i], &seeds) != 0 || seeds.n == 0) {
		printf("Bail out! no seeds in %s: %s\n", argv[i],
		       errno ? strerror(errno) : "empty");
		return 99;
	}
	if (load_dict(argv[i + 1], &dict) != 0) {
		printf("Bail out! cannot read the dictionary %s: %s\n",
		       argv[i + 1], strerror(errno));
		return 99;
	}

	struct buf b = {0};
	if (dump >= 0) {
		/* inputs 0..nseeds-1 are the seeds, then the mutants */
		if ((size_t)dump < seeds.n)
			fwrite(seeds.v[dump].p, 1, seeds.v[dump].n, stdout);
		else {
			make_mutant(seed, dump - (long)seeds.n, &seeds, &dict,
			            &b);
			fwrite(b.p, 1, b.n, stdout);
		}
		free(b.p);
		free_blobs(&seeds);
		free_blobs(&dict);
		return 0;
	}

	/* Under ASan its own handlers print the stack; we only add the input
	 * number.  Without it, our handlers say which input crashed. */
#ifdef SMOKE_ASAN
	__sanitizer_set_death_callback(on_sanitizer_death);
#else
	signal(SIGSEGV, on_signal);
	signal(SIGBUS, on_signal);
	signal(SIGFPE, on_signal);
#endif
	signal(SIGABRT, on_signal);
	signal(SIGALRM, on_signal);
	atexit(on_exit_during_input);
	setvbuf(stdout, NULL, _IOLBF, 0);
	printf("1..1\n");
	printf(
	    "# %zu seeds, %zu dictionary tokens, %ld mutants, PRNG seed %llu\n",
	    seeds.n, dict.n, n, (unsigned long long)seed);

	double t0 = now();
	long ran = 0;
	for (size_t s = 0; s < seeds.n; s++, ran++)
		run_one(ran, seeds.v[s].p, seeds.v[s].n);
	for (long k = 0; k < n; k++, ran++) {
		make_mutant(seed, k, &seeds, &dict, &b);
		run_one(ran, b.p, b.n);
		/* a guard for slow hosts (valgrind, gcov): fewer inputs, not a
		 * timeout; the mutants run are still the same first ones */
		if ((k & 63) == 63 && now() - t0 > budget) {
			printf("# time budget of %.0f s reached after %ld "
			       "mutants\n",
			       budget, k + 1);
			ran++;
			break;
		}
	}
	current_input = -1;
	printf("# %.2f s\n", now() - t0);
	printf("ok 1 - %ld inputs, no crash\n", ran);

	free(b.p);
	free_blobs(&seeds);
	free_blobs(&dict);
	return 0;
}
