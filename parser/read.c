/*
 * read: files to logical lines (comments, include).
 *
 * Minimal first version: comments, blank lines and plain include with
 * globs and paths relative to the including file.
 */
#include <errno.h>
#include <glob.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "read.h"
#include "xalloc.h"

#define READ_MAX_DEPTH	32

static void
src_push(struct cfg_src *src, char *text, const char *file, unsigned line)
{
	if (src->n == src->cap) {
		src->cap = src->cap ? src->cap * 2 : 256;
		src->v = xreallocarray(src->v, src->cap, sizeof(*src->v));
	}
	src->v[src->n].text = text;
	src->v[src->n].file = file;
	src->v[src->n].line = line;
	src->n++;
}

void
cfg_src_free(struct cfg_src *src)
{
	free(src->v);
	src->v = NULL;
	src->n = src->cap = 0;
}

/* Strip comments in place: ! and # outside double quotes; \! and \#
 * give the literal character. */
static void
decomment(char *s)
{
	char *o = s;
	bool quote = false;

	for (; *s != '\0'; s++) {
		if (*s == '"')
			quote = !quote;
		else if (!quote && *s == '\\' && (s[1] == '!' || s[1] == '#')) {
			*o++ = *++s;
			continue;
		} else if (!quote && (*s == '!' || *s == '#'))
			break;
		*o++ = *s;
	}
	*o = '\0';
}

static char *
trim(char *s)
{
	char *e;

	while (*s == ' ' || *s == '\t')
		s++;
	e = s + strlen(s);
	while (e > s && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\r' ||
	    e[-1] == '\n'))
		e--;
	*e = '\0';
	return s;
}

static int read_text(struct cfg_parse *, char *, const char *,
    struct cfg_src *, int);

static int
read_path(struct cfg_parse *p, const char *path, struct cfg_src *src,
    int depth, struct cfg_loc from)
{
	FILE *f;
	char *buf = NULL;
	size_t cap = 0;
	ssize_t len;
	struct stat sb;
	const char *name;
	char *text;
	size_t tlen = 0, tcap = 0;
	int rc;

	if (stat(path, &sb) == -1 || !S_ISREG(sb.st_mode) ||
	    (sb.st_mode & (S_IXUSR | S_IXGRP | S_IXOTH))) {
		cfg_report_noloc(p, CFG_OK, "Configuration file '%s' is not a "
		    "regular non-executable file - skipping", path);
		return -1;
	}
	if ((f = fopen(path, "re")) == NULL)
		return -1;
	text = NULL;
	while ((len = getline(&buf, &cap, f)) != -1) {
		if (tlen + (size_t)len + 1 > tcap) {
			tcap = (tlen + (size_t)len + 1) * 2;
			text = xrealloc(text, tcap);
		}
		memcpy(text + tlen, buf, (size_t)len);
		tlen += (size_t)len;
	}
	free(buf);
	fclose(f);
	if (text == NULL)
		return 0;
	text[tlen] = '\0';
	name = arena_strdup(cfg_tmp(p), path);
	(void)from;
	rc = read_text(p, text, name, src, depth);
	free(text);
	return rc;
}

static void
read_include(struct cfg_parse *p, const char *pattern, const char *curfile,
    struct cfg_src *src, int depth, struct cfg_loc loc)
{
	char full[4096], dir[4096];
	glob_t g;
	size_t i;

	if (depth >= READ_MAX_DEPTH) {
		cfg_report_at(p, loc, CFG_GENERAL_ERROR,
		    "include nesting too deep at '%s' - ignoring", pattern);
		return;
	}
	if (pattern[0] != '/' && curfile != NULL) {
		snprintf(dir, sizeof(dir), "%s", curfile);
		snprintf(full, sizeof(full), "%s/%s", dirname(dir), pattern);
	} else
		snprintf(full, sizeof(full), "%s", pattern);
	if (glob(full, GLOB_BRACE, NULL, &g) != 0) {
		cfg_report_at(p, loc, CFG_OK, "Config files missing '%s'.",
		    full);
		return;
	}
	for (i = 0; i < g.gl_pathc; i++)
		read_path(p, g.gl_pathv[i], src, depth + 1, loc);
	globfree(&g);
}

static int
read_text(struct cfg_parse *p, char *text, const char *name,
    struct cfg_src *src, int depth)
{
	char *line, *next, *s;
	unsigned lineno = 0;
	struct cfg_loc loc;

	for (line = text; line != NULL; line = next) {
		next = strchr(line, '\n');
		if (next != NULL)
			*next++ = '\0';
		lineno++;
		decomment(line);
		s = trim(line);
		if (*s == '\0')
			continue;
		if (!strncmp(s, "include", 7) && (s[7] == ' ' || s[7] == '\t')) {
			loc.file = name;
			loc.line = lineno;
			read_include(p, trim(s + 8), name, src, depth, loc);
			continue;
		}
		src_push(src, arena_strdup(cfg_tmp(p), s), name, lineno);
	}
	return 0;
}

int
cfg_read_file(struct cfg_parse *p, const char *path, struct cfg_src *src)
{
	struct cfg_loc none = { NULL, 0 };

	if (read_path(p, path, src, 0, none) == -1) {
		cfg_report_noloc(p, CFG_OK, "Config files missing '%s'.", path);
		cfg_set_no_config(p);
		return -1;
	}
	return 0;
}

int
cfg_read_string(struct cfg_parse *p, const char *text, const char *name,
    struct cfg_src *src)
{
	char *copy = xstrdup(text);
	int rc;

	rc = read_text(p, copy, arena_strdup(cfg_tmp(p), name), src, 0);
	free(copy);
	return rc;
}
