/*
 * config.c - reads the configuration file (config.h) the way Python's
 * configparser reads Alembic's alembic.ini and Pyramid's development.ini,
 * so that an existing project file works unchanged:
 *
 *   - "[name]" starts a section; section names are case-sensitive, and a
 *     section given twice is an error (configparser's strict mode);
 *   - "key = value" or "key: value" (the first "=" or ":" splits them),
 *     keys folded to lower case, blanks around both trimmed, a key given
 *     twice in one section an error;
 *   - lines whose first non-blank character is "#" or ";" are comments,
 *     wherever they stand; there are no comments after a value;
 *   - a line indented deeper than its key's line continues the value
 *     (joined with a newline; blank lines inside a value are kept,
 *     trailing ones dropped);
 *   - [DEFAULT]'s keys are visible in every section;
 *   - "%(key)s" in a value is replaced by that key's value (from the same
 *     section or [DEFAULT], interpolated in turn, at most 10 deep),
 *     "%(here)s" by the file's directory as an absolute path (Alembic's
 *     and PasteDeploy's "here"), "%%" by "%".
 *
 * As in configparser, interpolation is lazy: only the values retort reads
 * are expanded, so the logging sections of a development.ini, whose
 * format strings are not valid interpolations, are never looked at.
 *
 * The file is read in two passes: parse() builds the sections, each value
 * kept as its lines' byte spans in the source so that every error, in
 * syntax or in interpolation, is reported at its file:line:col; then the
 * keys retort knows are read, interpolated and checked.
 */
#include "config.h"

#include <errno.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "db.h"
#include "strbuf.h"

/* configparser's MAX_INTERPOLATION_DEPTH */
enum { MAX_DEPTH = 10 };

/* One line of a value: its trimmed text in the source. */
struct piece {
	uint32_t start, len;
};

struct entry {
	const char *key; /* folded to lower case */
	struct span key_span;
	int npieces, cappieces;
	struct piece *pieces;
};

struct section {
	const char *name;
	struct span span; /* the header */
	int n, cap;
	struct entry *entries;
};

struct ini {
	struct session *s;
	const struct source *src;
	const char *here; /* the file's directory, absolute */
	struct section defaults;
	int nsections, capsections;
	struct section *sections; /* in file order */
};

static struct span span_of(const struct ini *ini, uint32_t start, uint32_t end)
{
	return (struct span){ini->src, start, end};
}

static bool is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v';
}

static struct section *find_section(struct ini *ini, const char *name)
{
	for (int i = 0; i < ini->nsections; i++)
		if (!strcmp(ini->sections[i].name, name))
			return &ini->sections[i];
	return NULL;
}

static struct entry *find_entry(struct section *sec, const char *key)
{
	for (int i = 0; sec && i < sec->n; i++)
		if (!strcmp(sec->entries[i].key, key))
			return &sec->entries[i];
	return NULL;
}

/* The section a header names; NULL (reported) when it is a duplicate. */
static struct section *open_section(struct ini *ini, const char *name,
                                    struct span sp)
{
	if (!strcmp(name, "DEFAULT"))
		return &ini->defaults;
	struct section *old = find_section(ini, name);
	if (old) {
		diag_error(ini->s->diag, sp, "duplicate section \"[%s]\"",
		           name);
		diag_note(ini->s->diag, old->span, "first declared here");
		diag_hint(ini->s->diag, sp, "Merge the two sections.");
		return NULL;
	}
	struct section sec = {.name = name, .span = sp};
	ARENA_PUSH(ini->s->arena, ini->sections, ini->nsections,
	           ini->capsections, sec);
	return &ini->sections[ini->nsections - 1];
}

/* A "[name]" line, trimmed to [b, e).  Returns the section to add keys
 * to, or NULL after an error. */
static struct section *parse_header(struct ini *ini, uint32_t b, uint32_t e)
{
	const char *t = ini->src->text;
	struct span sp = span_of(ini, b, e);
	const char *close = memchr(t + b, ']', e - b);
	if (!close) {
		diag_error(ini->s->diag, sp, "unterminated section header");
		diag_hint(ini->s->diag, sp, "Close it with \"]\".");
		return NULL;
	}
	if (close + 1 != t + e) {
		struct span after = span_of(ini, (uint32_t)(close + 1 - t), e);
		diag_error(ini->s->diag, after,
		           "text after the section header");
		diag_hint(ini->s->diag, after,
		          "Put a comment on a line of its own.");
		return NULL;
	}
	if (close == t + b + 1) {
		diag_error(ini->s->diag, sp, "empty section name");
		return NULL;
	}
	return open_section(ini,
	                    arena_strndup(ini->s->arena, t + b + 1,
	                                  (size_t)(close - t - b - 1)),
	                    sp);
}

/* A "key = value" line, trimmed to [b, e), in sec.  Returns the new entry
 * (which continuation lines extend), or NULL after an error. */
static struct entry *parse_setting(struct ini *ini, struct section *sec,
                                   uint32_t b, uint32_t e)
{
	const char *t = ini->src->text;
	struct diag *d = ini->s->diag;
	struct span line = span_of(ini, b, e);
	uint32_t sep = b;
	while (sep < e && t[sep] != '=' && t[sep] != ':')
		sep++;
	if (sep == e) {
		diag_error(d, line,
		           "expected \"key = value\", \"key: value\" or a "
		           "\"[section]\" header");
		diag_hint(d, line,
		          "Indent a line to continue the value above it; "
		          "start a comment with \"#\" or \";\".");
		return NULL;
	}
	uint32_t kend = sep;
	while (kend > b && is_blank(t[kend - 1]))
		kend--;
	if (kend == b) {
		diag_error(d, line, "missing key before \"%c\"", t[sep]);
		return NULL;
	}
	struct span key_span = span_of(ini, b, kend);
	if (!sec) {
		diag_error(d, key_span, "key \"%.*s\" is outside any section",
		           (int)(kend - b), t + b);
		diag_hint(d, key_span,
		          "Put a section header such as \"[retort]\" above "
		          "it.");
		return NULL;
	}
	char *key = arena_strndup(ini->s->arena, t + b, kend - b);
	for (char *p = key; *p; p++)
		if (*p >= 'A' && *p <= 'Z')
			*p = (char)(*p - 'A' + 'a');
	struct entry *old = find_entry(sec, key);
	if (old) {
		diag_error(d, key_span, "duplicate key \"%s\" in \"[%s]\"", key,
		           sec->name);
		diag_note(d, old->key_span, "first set here");
		return NULL;
	}
	uint32_t v = sep + 1;
	while (v < e && is_blank(t[v]))
		v++;
	struct entry en = {.key = key, .key_span = key_span};
	ARENA_PUSH(ini->s->arena, en.pieces, en.npieces, en.cappieces,
	           ((struct piece){v, e - v}));
	ARENA_PUSH(ini->s->arena, sec->entries, sec->n, sec->cap, en);
	return &sec->entries[sec->n - 1];
}

/* Reads every line into ini's sections.  Returns 0, or -1 after reporting
 * every syntax error. */
static int parse(struct ini *ini)
{
	const char *t = ini->src->text;
	uint32_t len = (uint32_t)ini->src->len;
	struct diag *d = ini->s->diag;
	int errors = diag_errors(d);
	struct section *sec = NULL;
	struct entry *cur = NULL; /* the value continuation lines extend */
	bool in_section = false;  /* a header was seen, even a bad one */
	uint32_t indent_level = 0;
	for (uint32_t ls = 0; ls < len;) {
		uint32_t le = ls;
		while (le < len && t[le] != '\n')
			le++;
		uint32_t next = le < len ? le + 1 : le;
		uint32_t b = ls, e = le;
		while (b < e && is_blank(t[b]))
			b++;
		while (e > b && is_blank(t[e - 1]))
			e--;
		uint32_t indent = b - ls;
		if (b < e && (t[b] == '#' || t[b] == ';')) {
			/* a comment, even inside a value */
		} else if (b == e) {
			/* a blank line inside a value is kept (trailing ones
			 * are dropped when the value is read) */
			if (cur)
				ARENA_PUSH(ini->s->arena, cur->pieces,
				           cur->npieces, cur->cappieces,
				           ((struct piece){b, 0}));
		} else if (cur && indent > indent_level) {
			ARENA_PUSH(ini->s->arena, cur->pieces, cur->npieces,
			           cur->cappieces, ((struct piece){b, e - b}));
		} else {
			indent_level = indent;
			cur = NULL;
			if (t[b] == '[') {
				sec = parse_header(ini, b, e);
				in_section = true;
			} else if (sec || !in_section) {
				cur = parse_setting(ini, sec, b, e);
			}
		}
		ls = next;
	}
	return diag_errors(d) > errors ? -1 : 0;
}

/* The entry for key as sec sees it: its own, else [DEFAULT]'s. */
static struct entry *lookup(struct ini *ini, struct section *sec,
                            const char *key)
{
	struct entry *en = find_entry(sec, key);
	return en ? en : find_entry(&ini->defaults, key);
}

/* The number of pieces that make the value: trailing blank lines are
 * dropped, as configparser's rstrip does. */
static int value_pieces(const struct entry *en)
{
	int n = en->npieces;
	while (n > 1 && en->pieces[n - 1].len == 0)
		n--;
	return n;
}

static struct span value_span(const struct ini *ini, const struct entry *en)
{
	const struct piece *last = &en->pieces[value_pieces(en) - 1];
	return span_of(ini, en->pieces[0].start, last->start + last->len);
}

static int interpolate(struct ini *ini, struct section *sec,
                       const struct entry *en, int depth, struct strbuf *out);

/* A "%(" at offset p of a piece that ends at end: appends the value it
 * names.  *after is set to the offset after the reference. */
static int reference(struct ini *ini, struct section *sec, uint32_t p,
                     uint32_t end, int depth, struct strbuf *out,
                     uint32_t *after)
{
	const char *t = ini->src->text;
	struct diag *d = ini->s->diag;
	const char *close = memchr(t + p + 2, ')', end - p - 2);
	if (!close || close == t + p + 2) {
		struct span sp = span_of(ini, p, close ? p + 3 : end);
		diag_error(d, sp,
		           close ? "empty \"%%()s\" reference"
		                 : "unterminated \"%%(\" reference");
		diag_hint(d, sp,
		          "Write \"%%(key)s\" for the value of a key, or "
		          "\"%%%%\" for a literal \"%%\".");
		return -1;
	}
	uint32_t c = (uint32_t)(close - t);
	if (c + 1 >= end || t[c + 1] != 's') {
		struct span sp = span_of(ini, p, c + 1);
		diag_error(d, sp, "\"%.*s\" is not followed by \"s\"",
		           (int)(c + 1 - p), t + p);
		diag_hint(d, sp,
		          "Write \"%.*ss\" for the value of a key, or \"%%%%\" "
		          "for a literal \"%%\".",
		          (int)(c + 1 - p), t + p);
		return -1;
	}
	*after = c + 2;
	struct span sp = span_of(ini, p, c + 2);
	char *key = arena_strndup(ini->s->arena, t + p + 2, c - p - 2);
	for (char *k = key; *k; k++)
		if (*k >= 'A' && *k <= 'Z')
			*k = (char)(*k - 'A' + 'a');
	const struct entry *en = lookup(ini, sec, key);
	if (!en && !strcmp(key, "here")) {
		strbuf_puts(out, ini->here);
		return 0;
	}
	if (!en) {
		diag_error(d, sp, "unknown key \"%s\" in \"%.*s\"", key,
		           (int)(c + 2 - p), t + p);
		diag_hint(d, sp,
		          "Set \"%s\" in \"[%s]\" or \"[DEFAULT]\", or write "
		          "\"%%%%\" for a literal \"%%\".",
		          key, sec->name);
		return -1;
	}
	if (depth >= MAX_DEPTH) {
		diag_error(d, sp, "interpolation of \"%s\" nests too deeply",
		           key);
		diag_hint(d, sp,
		          "A key refers to itself, directly or through "
		          "other keys.");
		return -1;
	}
	return interpolate(ini, sec, en, depth + 1, out);
}

/* Appends en's value, as section sec sees it, with its references
 * replaced.  Returns 0, or -1 with the first error reported. */
static int interpolate(struct ini *ini, struct section *sec,
                       const struct entry *en, int depth, struct strbuf *out)
{
	const char *t = ini->src->text;
	int n = value_pieces(en);
	for (int i = 0; i < n; i++) {
		if (i > 0)
			strbuf_putc(out, '\n');
		uint32_t p = en->pieces[i].start;
		uint32_t end = p + en->pieces[i].len;
		while (p < end) {
			const char *pct = memchr(t + p, '%', end - p);
			uint32_t q = pct ? (uint32_t)(pct - t) : end;
			strbuf_add(out, t + p, q - p);
			if (q == end)
				break;
			if (q + 1 < end && t[q + 1] == '%') {
				strbuf_putc(out, '%');
				p = q + 2;
			} else if (q + 1 < end && t[q + 1] == '(') {
				if (reference(ini, sec, q, end, depth, out,
				              &p) < 0)
					return -1;
			} else {
				struct span sp = span_of(
				    ini, q, q + 1 < end ? q + 2 : q + 1);
				diag_error(ini->s->diag, sp,
				           "\"%%\" must be followed by \"%%\" "
				           "or \"(\"");
				diag_hint(
				    ini->s->diag, sp,
				    "Write \"%%%%\" for a literal \"%%\".");
				return -1;
			}
		}
	}
	return 0;
}

/* The value of key in sec (NULL when unset or sec is NULL), interpolated,
 * in *out; *en_out the entry.  An empty value is an error.  Returns 0 or
 * -1. */
static int get(struct ini *ini, struct section *sec, const char *key,
               const char **out, const struct entry **en_out)
{
	*out = NULL;
	const struct entry *en = sec ? lookup(ini, sec, key) : NULL;
	if (en_out)
		*en_out = en;
	if (!en)
		return 0;
	struct strbuf sb = STRBUF_INIT;
	int rc = interpolate(ini, sec, en, 0, &sb);
	if (rc == 0 && sb.len == 0) {
		diag_error(ini->s->diag, en->key_span, "\"%s\" has no value",
		           key);
		diag_hint(ini->s->diag, en->key_span,
		          "Give it a value or remove the line.");
		rc = -1;
	}
	if (rc == 0)
		*out = strbuf_arena_copy(&sb, ini->s->arena);
	strbuf_free(&sb);
	return rc;
}

/* The directory of path as given: "." when it has none. */
static const char *dir_of(struct arena *a, const char *path)
{
	const char *slash = strrchr(path, '/');
	if (!slash)
		return ".";
	return slash == path ? "/" : arena_strndup(a, path, slash - path);
}

/* A path from the file, relative to dir (the file's directory): joined to
 * it, so that it is relative to the current directory instead. */
static const char *resolve(struct arena *a, const char *dir, const char *path)
{
	if (!path || path[0] == '/' || !strcmp(dir, "."))
		return path;
	return arena_printf(a, "%s%s%s", dir,
	                    dir[strlen(dir) - 1] == '/' ? "" : "/", path);
}

/* A sqlite:///relative.db URL's file resolved against dir; any other URL
 * unchanged (an absolute file, a memory database, PostgreSQL). */
static const char *resolve_url(struct arena *a, const char *dir,
                               const char *url)
{
	const char *sep = url ? strstr(url, "://") : NULL;
	if (!sep || strncasecmp(url, "sqlite", 6) ||
	    (url[6] != '+' && url + 6 != sep))
		return url;
	const char *path = sep + 3;
	if (path[0] != '/' || path[1] == '/' || path[1] == '\0' ||
	    !strcmp(path + 1, ":memory:"))
		return url;
	const char *joined = resolve(a, dir, path + 1);
	if (joined == path + 1)
		return url;
	return arena_printf(a, "%.*s/%s", (int)(path - url), url, joined);
}

static bool known(const char *key, const char *const *keys)
{
	for (; *keys; keys++)
		if (!strcmp(key, *keys))
			return true;
	return false;
}

/* Warns about the keys of sec (its own, not [DEFAULT]'s) that retort does
 * not read: most likely misspelt. */
static void warn_unknown(struct ini *ini, const struct section *sec,
                         const char *const *keys, const char *list)
{
	for (int i = 0; i < sec->n; i++) {
		if (known(sec->entries[i].key, keys))
			continue;
		diag_warning(ini->s->diag, sec->entries[i].key_span,
		             "unknown key \"%s\" in \"[%s]\"",
		             sec->entries[i].key, sec->name);
		diag_hint(ini->s->diag, sec->entries[i].key_span,
		          "The keys are %s.", list);
	}
}

static const char *const retort_keys[] = {
    "database",  "models",    "migrations", "version_table",
    "dialect",   "naming_pk", "naming_uq",  "naming_ix",
    "naming_fk", "naming_ck", NULL};
static const char *const package_keys[] = {"models", "migrations",
                                           "version_table", NULL};

/* models, migrations and version_table of sec (paths resolved). */
static int read_paths(struct ini *ini, struct section *sec, const char *dir,
                      const char **models, const char **migrations,
                      const char **version_table)
{
	struct arena *a = ini->s->arena;
	int rc = 0;
	rc |= get(ini, sec, "models", models, NULL);
	rc |= get(ini, sec, "migrations", migrations, NULL);
	rc |= get(ini, sec, "version_table", version_table, NULL);
	*models = resolve(a, dir, *models);
	*migrations = resolve(a, dir, *migrations);
	return rc;
}

/* The [retort] section's keys into c. */
static int read_retort(struct ini *ini, const char *dir, struct config *c)
{
	struct arena *a = ini->s->arena;
	struct section *sec = find_section(ini, "retort");
	if (sec)
		warn_unknown(ini, sec, retort_keys,
		             "database, models, migrations, version_table, "
		             "dialect and naming_pk, naming_uq, naming_ix, "
		             "naming_fk, naming_ck");
	int rc = read_paths(ini, sec, dir, &c->models, &c->migrations,
	                    &c->version_table);
	rc |= get(ini, sec, "database", &c->database, NULL);
	/* a Pyramid development.ini keeps the URL for the application */
	if (!c->database)
		rc |= get(ini, find_section(ini, "app:main"), "sqlalchemy.url",
		          &c->database, NULL);
	c->database = resolve_url(a, dir, c->database);
	rc |= get(ini, sec, "naming_pk", &c->naming.pk, NULL);
	rc |= get(ini, sec, "naming_uq", &c->naming.uq, NULL);
	rc |= get(ini, sec, "naming_ix", &c->naming.ix, NULL);
	rc |= get(ini, sec, "naming_fk", &c->naming.fk, NULL);
	rc |= get(ini, sec, "naming_ck", &c->naming.ck, NULL);
	const struct entry *en;
	const char *dialect;
	rc |= get(ini, sec, "dialect", &dialect, &en);
	enum dialect dl;
	if (dialect && !dialect_parse(dialect, &dl)) {
		struct span sp = value_span(ini, en);
		diag_error(ini->s->diag, sp, "unknown dialect \"%s\"", dialect);
		diag_hint(ini->s->diag, sp, "Use sqlite or postgresql.");
		rc = -1;
	} else if (dialect) {
		c->dialect = dialect_name(dl);
	}
	return rc;
}

/* Every [package:NAME] section, in file order. */
static int read_packages(struct ini *ini, const char *dir, struct config *c)
{
	int rc = 0, cap = 0;
	for (int i = 0; i < ini->nsections; i++) {
		struct section *sec = &ini->sections[i];
		if (strncmp(sec->name, "package:", 8))
			continue;
		const char *name = sec->name + 8;
		while (is_blank(*name))
			name++;
		size_t len = strlen(name);
		while (len > 0 && is_blank(name[len - 1]))
			len--;
		if (len == 0) {
			diag_error(ini->s->diag, sec->span,
			           "package section without a name");
			diag_hint(ini->s->diag, sec->span,
			          "Write \"[package:NAME]\".");
			rc = -1;
			continue;
		}
		warn_unknown(ini, sec, package_keys,
		             "models, migrations and version_table");
		struct config_package p = {
		    .name = arena_strndup(ini->s->arena, name, len)};
		rc |= read_paths(ini, sec, dir, &p.models, &p.migrations,
		                 &p.version_table);
		ARENA_PUSH(ini->s->arena, c->packages, c->npackages, cap, p);
	}
	return rc;
}

int config_load(struct session *s, const char *path, struct config *out)
{
	memset(out, 0, sizeof *out);
	out->path = path;
	struct source *src = source_read(s->arena, path, 0);
	if (!src) {
		diag_global(s->diag, SEV_ERROR,
		            "cannot read configuration file \"%s\": %s", path,
		            strerror(errno));
		return -1;
	}
	const char *dir = dir_of(s->arena, path);
	char *abs = realpath(dir, NULL);
	struct ini ini = {
	    .s = s,
	    .src = src,
	    .here = abs ? arena_strdup(s->arena, abs) : dir,
	    .defaults = {.name = "DEFAULT"},
	};
	free(abs);
	int rc = parse(&ini);
	if (rc == 0)
		rc =
		    read_retort(&ini, dir, out) | read_packages(&ini, dir, out);
	diag_flush(s->diag);
	return rc < 0 ? -1 : 0;
}

/* A string or null; not checked for UTF-8: the file's bytes as they are. */
static json_t *str(const char *v)
{
	return v ? json_string_nocheck(v) : json_null();
}

const char *config_to_json(struct session *s, const struct config *c)
{
	const char *database = NULL;
	if (c->database) {
		struct db_url u;
		if (db_url_parse(s, c->database, &u) < 0)
			return NULL;
		database = u.display;
	}
	json_t *naming = json_object();
	json_object_set_new(naming, "pk", str(c->naming.pk));
	json_object_set_new(naming, "uq", str(c->naming.uq));
	json_object_set_new(naming, "ix", str(c->naming.ix));
	json_object_set_new(naming, "fk", str(c->naming.fk));
	json_object_set_new(naming, "ck", str(c->naming.ck));
	json_t *packages = json_array();
	for (int i = 0; i < c->npackages; i++) {
		const struct config_package *p = &c->packages[i];
		json_t *o = json_object();
		json_object_set_new(o, "name", str(p->name));
		json_object_set_new(o, "models", str(p->models));
		json_object_set_new(o, "migrations", str(p->migrations));
		json_object_set_new(o, "version_table", str(p->version_table));
		json_array_append_new(packages, o);
	}
	json_t *root = json_object();
	json_object_set_new(root, "config", str(c->path));
	json_object_set_new(root, "database", str(database));
	json_object_set_new(root, "dialect", str(c->dialect));
	json_object_set_new(root, "models", str(c->models));
	json_object_set_new(root, "migrations", str(c->migrations));
	json_object_set_new(root, "version_table", str(c->version_table));
	json_object_set_new(root, "naming", naming);
	json_object_set_new(root, "packages", packages);
	char *text = json_dumps(root, JSON_INDENT(2) | JSON_SORT_KEYS);
	json_decref(root);
	char *copy = arena_strdup(s->arena, text);
	free(text);
	return copy;
}
