/*
 * db.c - database URLs and the connection interface (db.h).
 *
 * Parses SQLAlchemy-style URLs (DESIGN section 4) into a struct db_url and
 * dispatches every connection call to its variant through struct db_ops
 * (db_dialect.h): db_sqlite.c or db_pg.c.  It sits at the start of every
 * stage that touches a live database (reflect, runner, verify).
 *
 * The forms accepted, as SQLAlchemy reads them:
 *
 *   sqlite://  sqlite:///  sqlite:///:memory:    in memory
 *   sqlite:///relative/path.db                   relative to the current
 *                                                directory
 *   sqlite:////absolute/path.db
 *   postgresql://user:pw@host:port/db?key=value  handed to libpq as a URI
 *
 * A scheme may carry a driver ("sqlite+pysqlite", "postgresql+psycopg2"),
 * which is ignored; "postgres" means "postgresql".  libpq parses the rest
 * of a PostgreSQL URL itself (percent-decoding, ?host=/socket/dir, several
 * hosts); this file only checks what would make libpq read the URL
 * differently from SQLAlchemy, and finds the passwords: the one in the user
 * information and any password=... parameter.  They are masked in the
 * display form (the only form ever printed) and kept as "secrets" so that
 * db_pg.c can scrub them out of libpq's messages, which quote parts of a
 * malformed URL verbatim.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "db.h"
#include "db_dialect.h"
#include "strbuf.h"

static const char url_hint[] =
    "Use sqlite:///relative/path.db, sqlite:////absolute/path.db, "
    "sqlite:// (in memory) or "
    "postgresql://user:password@host:port/dbname.";

void db_bad_url(struct session *s, const struct db_url *url, const char *why)
{
	diag_global(s->diag, SEV_ERROR, "invalid database URL \"%s\"",
	            url->display);
	if (why)
		db_detail_lines(s->diag, s->arena, url, why);
	diag_global_hint(s->diag, "%s", url_hint);
}

/* "%XX" sequences decoded; anything else, malformed ones included, kept. */
static char *percent_decode(struct arena *a, const char *s, size_t len)
{
	char *out = arena_alloc_chars(a, len + 1);
	size_t n = 0;
	for (size_t i = 0; i < len; i++) {
		if (s[i] == '%' && i + 2 < len &&
		    isxdigit((unsigned char)s[i + 1]) &&
		    isxdigit((unsigned char)s[i + 2])) {
			char hex[3] = {s[i + 1], s[i + 2], 0};
			out[n++] = (char)strtol(hex, NULL, 16);
			i += 2;
		} else {
			out[n++] = s[i];
		}
	}
	out[n] = 0;
	return out;
}

/* Is position i of s the start of a "password=" parameter: at the start, or
 * after '?', '&' or white space (libpq's key=value form)? */
static bool password_param_at(const char *s, size_t i)
{
	if (i > 0 && s[i - 1] != '?' && s[i - 1] != '&' &&
	    !isspace((unsigned char)s[i - 1]))
		return false;
	if (strncasecmp(s + i, "password", 8))
		return false;
	size_t j = i + 8;
	while (isspace((unsigned char)s[j]))
		j++;
	return s[j] == '=';
}

/*
 * Marks in masked[] the bytes of url that are passwords: the password of
 * the user information (from the first ':' after "://" to the last '@';
 * exact for the URLs db_url_parse accepts, and masking too much is harmless
 * for the ones it rejects) and the value of every password= parameter (up
 * to '&' or white space, or a quoted value in libpq's key=value form).
 */
static void find_passwords(const char *url, bool *masked)
{
	size_t len = strlen(url);
	const char *sep = strstr(url, "://");
	if (sep) {
		const char *rest = sep + 3;
		const char *at = strrchr(rest, '@');
		const char *colon = at ? memchr(rest, ':', at - rest) : NULL;
		if (colon)
			for (const char *p = colon + 1; p < at; p++)
				masked[p - url] = true;
	}
	for (size_t i = 0; i < len; i++) {
		if (!password_param_at(url, i))
			continue;
		size_t j = i + 8;
		while (url[j] && url[j] != '=')
			j++;
		j++; /* the '=' */
		while (j < len && isspace((unsigned char)url[j]))
			j++;
		if (url[j] == '\'') {
			size_t k = j + 1;
			while (k < len && url[k] != '\'') {
				if (url[k] == '\\' && k + 1 < len)
					k++;
				k++;
			}
			for (size_t m = j + 1; m < k; m++)
				masked[m] = true;
			i = k;
			continue;
		}
		size_t k = j;
		while (k < len && url[k] != '&' &&
		       !isspace((unsigned char)url[k]))
			k++;
		for (size_t m = j; m < k; m++)
			masked[m] = true;
		i = k;
	}
}

/* Fills url->display and url->secrets from the text as given. */
static void mask_url(struct arena *a, const char *text, struct db_url *url)
{
	size_t len = strlen(text);
	bool *masked = arena_alloc(a, len + 1);
	find_passwords(text, masked);
	struct strbuf sb = STRBUF_INIT;
	int cap = 0;
	for (size_t i = 0; i < len;) {
		if (!masked[i]) {
			strbuf_putc(&sb, text[i++]);
			continue;
		}
		size_t j = i;
		while (j < len && masked[j])
			j++;
		strbuf_puts(&sb, "***");
		ARENA_PUSH(a, url->secrets, url->nsecrets, cap,
		           arena_strndup(a, text + i, j - i));
		ARENA_PUSH(a, url->secrets, url->nsecrets, cap,
		           percent_decode(a, text + i, j - i));
		i = j;
	}
	url->display = strbuf_arena_copy(&sb, a);
	strbuf_free(&sb);
}

const char *db_scrub(struct arena *a, const struct db_url *url,
                     const char *text)
{
	if (!text || !url || !url->nsecrets)
		return text;
	/* the longest secret first, so that a decoded password inside its
	 * encoded form cannot leave a tail behind */
	const char *out = text;
	bool *done = arena_alloc(a, (size_t)url->nsecrets);
	for (;;) {
		int best = -1;
		for (int i = 0; i < url->nsecrets; i++)
			if (!done[i] && *url->secrets[i] &&
			    (best < 0 || strlen(url->secrets[i]) >
			                     strlen(url->secrets[best])))
				best = i;
		if (best < 0)
			break;
		done[best] = true;
		const char *secret = url->secrets[best];
		size_t slen = strlen(secret);
		if (!strstr(out, secret))
			continue;
		struct strbuf sb = STRBUF_INIT;
		const char *p = out, *hit;
		while ((hit = strstr(p, secret))) {
			strbuf_add(&sb, p, (size_t)(hit - p));
			strbuf_puts(&sb, "***");
			p = hit + slen;
		}
		strbuf_puts(&sb, p);
		out = strbuf_arena_copy(&sb, a);
		strbuf_free(&sb);
	}
	return out;
}

void db_detail_lines(struct diag *d, struct arena *a, const struct db_url *url,
                     const char *text)
{
	const char *p = db_scrub(a, url, text);
	while (*p) {
		const char *end = strchr(p, '\n');
		if (!end)
			end = p + strlen(p);
		const char *b = p, *e = end;
		while (b < e && isspace((unsigned char)*b))
			b++;
		while (e > b && isspace((unsigned char)e[-1]))
			e--;
		if (e > b)
			diag_detail(d, "%.*s", (int)(e - b), b);
		p = *end ? end + 1 : end;
	}
}

/* How much of a failed query a message shows. */
enum { QUERY_SHOWN = 2000 };

const char *db_one_line(struct arena *a, const char *sql)
{
	struct strbuf sb = STRBUF_INIT;
	const char *p = sql;
	while (isspace((unsigned char)*p))
		p++;
	while (*p) {
		if (sb.len >= QUERY_SHOWN) {
			/* a whole model's DDL is megabytes: the start says
			 * which statement it was */
			strbuf_printf(&sb, " ... (%zu more bytes)", strlen(p));
			break;
		}
		if (isspace((unsigned char)*p)) {
			const char *q = p;
			bool newline = false;
			for (; isspace((unsigned char)*q); q++)
				newline |= *q == '\n' || *q == '\r';
			if (!*q)
				break;
			if (newline)
				strbuf_putc(&sb, ' ');
			else
				strbuf_add(&sb, p, (size_t)(q - p));
			p = q;
			continue;
		}
		strbuf_putc(&sb, *p++);
	}
	const char *out = strbuf_arena_copy(&sb, a);
	strbuf_free(&sb);
	return out ? out : "";
}

/* Splits "name[+driver]://": sets *dialect, returns the text after "://",
 * or NULL with the reason in *why. */
static const char *parse_scheme(struct arena *a, const char *text,
                                enum dialect *dialect, const char **why)
{
	const char *sep = strstr(text, "://");
	size_t n = strspn(text, "abcdefghijklmnopqrstuvwxyz"
	                        "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_+-.");
	if (!sep || text + n != sep || n == 0) {
		*why = "a database URL starts with a scheme and \"://\"";
		return NULL;
	}
	const char *plus = memchr(text, '+', n);
	size_t name_len = plus ? (size_t)(plus - text) : n;
	if (plus &&
	    (plus + 1 == sep || memchr(plus + 1, '+', sep - plus - 1))) {
		*why = "the driver after \"+\" in the scheme is malformed";
		return NULL;
	}
	if (name_len == 6 && !strncasecmp(text, "sqlite", 6)) {
		*dialect = DIALECT_SQLITE;
	} else if ((name_len == 10 && !strncasecmp(text, "postgresql", 10)) ||
	           (name_len == 8 && !strncasecmp(text, "postgres", 8))) {
		*dialect = DIALECT_POSTGRESQL;
	} else {
		*why = arena_printf(a, "unknown scheme \"%.*s\"", (int)name_len,
		                    text);
		return NULL;
	}
	return sep + 3;
}

/*
 * Whether a SQLite URL's query holds only options of Python's sqlite3
 * driver, as SQLAlchemy URLs in Pyramid files do (Kallithea's
 * `sqlite:///%(here)s/kallithea.db?timeout=60`): they tune a Python
 * connection, not the database, so retort accepts and ignores them.
 */
static bool python_driver_options(const char *q)
{
	static const char *const keys[] = {"timeout", "check_same_thread",
	                                   "isolation_level",
	                                   "cached_statements", "detect_types"};
	while (*q) {
		size_t n = strcspn(q, "=&");
		bool known = false;
		for (size_t i = 0; i < sizeof keys / sizeof *keys; i++)
			known |=
			    strlen(keys[i]) == n && !strncmp(q, keys[i], n);
		if (!known || q[n] != '=')
			return false;
		q += n;
		q += strcspn(q, "&");
		if (*q == '&')
			q++;
	}
	return true;
}

/* The SQLite part after "sqlite://": "" or "/" + path (SQLAlchemy). */
static int parse_sqlite(struct arena *a, const char *rest, struct db_url *out,
                        const char **why)
{
	if (!*rest) {
		out->path = ":memory:";
		return 0;
	}
	if (*rest != '/') {
		/* "sqlite://file.db": SQLAlchemy reads file.db as a host.  The
		 * display form, so that no password can get into the hint. */
		const char *shown = strstr(out->display, "://") + 3;
		*why = arena_printf(a,
		                    "a SQLite URL has no host, user or port; "
		                    "a relative path takes three slashes: "
		                    "sqlite:///%s",
		                    shown);
		return -1;
	}
	const char *path = rest + 1;
	const char *q = strchr(path, '?');
	if (q && !python_driver_options(q + 1)) {
		*why = "a SQLite URL takes only the Python driver's options "
		       "(timeout, check_same_thread, isolation_level, "
		       "cached_statements, detect_types), which retort "
		       "ignores";
		return -1;
	}
	size_t n = q ? (size_t)(q - path) : strlen(path);
	out->path = n ? arena_strndup(a, path, n) : ":memory:";
	return 0;
}

/*
 * The PostgreSQL part after "postgresql://".  libpq reads the user
 * information up to the first '@' or '/', SQLAlchemy up to the last '@'
 * (a password may hold '/'): where they could differ, an unencoded '@',
 * '/' or '?' in the user information or an '@' in a parameter, libpq could
 * take a piece of a password for a host or user name and print it.  Such a
 * URL is refused.
 */
static int parse_pg(struct arena *a, const char *rest, struct db_url *out,
                    const char **why)
{
	const char *at = strchr(rest, '@');
	size_t auth = strcspn(rest, "/?");
	if (at && (strchr(at + 1, '@') || rest + auth < at)) {
		*why = "an \"@\", \"/\" or \"?\" in a user name, password or "
		       "parameter must be percent-encoded (%40, %2F, %3F)";
		return -1;
	}
	/* libpq takes "host:port" for a template's placeholder only when it
	 * connects, as a connection failure: a port that is not a number is a
	 * malformed URL.  Hosts are separated by ',', an IPv6 address is in
	 * brackets. */
	const char *p = at ? at + 1 : rest;
	size_t end = strcspn(p, "/?");
	for (size_t i = 0; i < end;) {
		if (p[i] == '[')
			while (i < end && p[i] != ']')
				i++;
		if (i < end && p[i] == ':') {
			size_t j = ++i;
			while (i < end && p[i] >= '0' && p[i] <= '9')
				i++;
			if (i < end && p[i] != ',') {
				*why = arena_printf(
				    a, "the port \"%.*s\" is not a number",
				    (int)strcspn(p + j, ",/?"), p + j);
				return -1;
			}
		}
		i++;
	}
	out->conninfo = arena_printf(a, "postgresql://%s", rest);
	return 0;
}

int db_url_parse(struct session *s, const char *text, struct db_url *out)
{
	memset(out, 0, sizeof *out);
	mask_url(s->arena, text, out);
	const char *why = NULL;
	const char *rest = parse_scheme(s->arena, text, &out->dialect, &why);
	int rc = rest ? 0 : -1;
	if (rc == 0 && out->dialect == DIALECT_SQLITE)
		rc = parse_sqlite(s->arena, rest, out, &why);
	else if (rc == 0)
		rc = parse_pg(s->arena, rest, out, &why);
	if (rc < 0) {
		db_bad_url(s, out, why);
		return -1;
	}
	const struct db_ops *ops =
	    out->dialect == DIALECT_POSTGRESQL ? &db_pg_ops : &db_sqlite_ops;
	if (ops->check_url && ops->check_url(s, out) < 0)
		return -1;
	return 0;
}

static struct db *open_db(struct session *s, const struct db_url *url,
                          bool create)
{
	struct db *db = arena_alloc(s->arena, sizeof *db);
	db->ops =
	    url->dialect == DIALECT_POSTGRESQL ? &db_pg_ops : &db_sqlite_ops;
	db->url = *url;
	db->arena = s->arena;
	db->diag = s->diag;
	db->verbose = s->verbose;
	if (db->ops->open(s, db, create) < 0)
		return NULL;
	return db;
}

struct db *db_open(struct session *s, const struct db_url *url)
{
	return open_db(s, url, false);
}

struct db *db_create(struct session *s, const struct db_url *url)
{
	return open_db(s, url, true);
}

void db_close(struct db *db)
{
	if (db)
		db->ops->close(db);
}

enum dialect db_dialect(const struct db *db)
{
	return db->url.dialect;
}

const struct db_url *db_get_url(const struct db *db)
{
	return &db->url;
}

struct sqlite3 *db_sqlite(struct db *db)
{
	return db->sqlite;
}

struct pg_conn *db_pg(struct db *db)
{
	return db->pg;
}

int db_exec(struct session *s, struct db *db, const char *sql)
{
	return db->ops->exec(s, db, sql);
}

void db_rollback(struct db *db)
{
	db->ops->rollback(db);
}

int db_query(struct session *s, struct db *db, const char *sql, int nparams,
             const char *const *params, int ncols, const char ***cells,
             int *nrows)
{
	const char **dummy;
	int n;
	if (!cells)
		cells = &dummy;
	if (!nrows)
		nrows = &n;
	*cells = NULL;
	*nrows = 0;
	return db->ops->query(s, db, sql, nparams, params, ncols, cells, nrows);
}

int db_versions(struct session *s, struct db *db, const char *table,
                struct db_versions *out)
{
	*out = (struct db_versions){0};
	return db->ops->versions(s, db, table, out);
}

int db_version_rows(struct session *s, struct db *db, struct db_versions *out,
                    bool has_num)
{
	if (!has_num) {
		diag_global(s->diag, SEV_ERROR,
		            "table %s is not a version table: it has no column "
		            "\"version_num\"",
		            out->sql_name);
		diag_global_hint(s->diag,
		                 "Name another table with version_table in the "
		                 "configuration, or rename this one.");
		return -1;
	}
	const char **cells;
	int n;
	const char *sql = arena_printf(
	    s->arena, "SELECT version_num, %s FROM %s ORDER BY version_num",
	    out->has_sums ? "checksums" : "NULL", out->sql_name);
	if (db_query(s, db, sql, 0, NULL, 2, &cells, &n) < 0)
		return -1;
	out->n = n;
	out->revs = arena_alloc(s->arena, sizeof(char *) * (size_t)(n + 1));
	out->sums = arena_alloc(s->arena, sizeof(char *) * (size_t)(n + 1));
	for (int i = 0; i < n; i++) {
		out->revs[i] = cells[2 * i] ? cells[2 * i] : "";
		out->sums[i] = cells[2 * i + 1];
	}
	return 0;
}
