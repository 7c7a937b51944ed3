/*
 * load.c - the start of the models half of the pipeline: finds the model
 * files of a project (a file, or every *.schema file under a directory),
 * reads each into the arena, parses them all into one schema and checks
 * the union once, so that a foreign key may point to a table defined in
 * another file.
 *
 * Files are taken in strcmp order of their paths, whatever order the file
 * system lists them in, so a run is deterministic.  Under a directory,
 * entries whose name starts with '.' (.git, editor swap files) are
 * skipped, symbolic links are followed, and the walk stops descending
 * after MAX_DEPTH levels (a guard against link cycles).
 */
#include "load.h"

#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "check.h"
#include "parse.h"

#define MAX_DEPTH 32

struct file_list {
	char **v;
	int n, cap;
};

static bool has_suffix(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);
	return n > m && !strcmp(s + n - m, suffix);
}

static int cmp_path(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Appends the *.schema files under dir; errors in subdirectories are
 * reported and skipped so that one unreadable folder names itself. */
static int walk(struct session *s, const char *dir, int depth,
                struct file_list *out)
{
	DIR *d = opendir(dir);
	if (!d) {
		diag_global(s->diag, SEV_ERROR, "cannot open models \"%s\": %s",
		            dir, strerror(errno));
		return -1;
	}
	int rc = 0;
	struct dirent *de;
	size_t dlen = strlen(dir);
	bool slash = dlen > 0 && dir[dlen - 1] == '/';
	while ((de = readdir(d)) != NULL) {
		if (de->d_name[0] == '.')
			continue;
		char *path = arena_printf(s->arena, "%s%s%s", dir,
		                          slash ? "" : "/", de->d_name);
		struct stat st;
		if (stat(path, &st) != 0)
			continue; /* a dangling link: nothing to read */
		if (S_ISDIR(st.st_mode)) {
			if (depth < MAX_DEPTH &&
			    walk(s, path, depth + 1, out) < 0)
				rc = -1;
		} else if (S_ISREG(st.st_mode) &&
		           has_suffix(de->d_name, ".schema")) {
			ARENA_PUSH(s->arena, out->v, out->n, out->cap, path);
		}
	}
	closedir(d);
	return rc;
}

int load_list_files(struct session *s, const char *path, char ***files)
{
	struct file_list list = {NULL, 0, 0};
	struct stat st;
	*files = NULL;
	if (stat(path, &st) != 0) {
		diag_global(s->diag, SEV_ERROR, "cannot open models \"%s\": %s",
		            path, strerror(errno));
		return -1;
	}
	if (!S_ISDIR(st.st_mode)) {
		ARENA_PUSH(s->arena, list.v, list.n, list.cap,
		           arena_strdup(s->arena, path));
	} else {
		if (walk(s, path, 0, &list) < 0)
			return -1;
		if (list.n > 1)
			qsort(list.v, (size_t)list.n, sizeof *list.v, cmp_path);
	}
	*files = list.v;
	return list.n;
}

int load_models(struct session *s, const char *path, struct schema *out)
{
	char **files;
	int n = load_list_files(s, path, &files);
	if (n < 0)
		return -1;
	return load_files(s, files, n, out);
}

int load_files(struct session *s, char *const *files, int n, struct schema *out)
{
	int rc = 0;
	for (int i = 0; i < n; i++) {
		struct source *src = source_read(s->arena, files[i], i);
		if (!src) {
			diag_global(s->diag, SEV_ERROR,
			            "cannot read models \"%s\": %s", files[i],
			            strerror(errno));
			rc = -1;
			continue;
		}
		if (parse_models(s, src, out) < 0)
			rc = -1;
	}
	/* The checker runs only over a complete parse: a table that failed
	 * to parse would make every reference to it a second, misleading
	 * error.  Syntax errors of all files are still reported together. */
	if (rc < 0)
		return -1;
	return check_schema(s, out);
}
