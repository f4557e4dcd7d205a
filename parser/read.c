/*
 * read: keepalived.conf files to logical lines.
 *
 * This reproduces keepalived 2.2.7's read_line() layer (lib/parser.c):
 * physical lines are read as fgets() with a 1024-byte buffer would read
 * them, comments are removed, then each line goes through conditional
 * (@ID) handling, $NAME definitions, ~SEQ/~LST generators and parameter
 * substitution, is checked for an include, and is finally split at its
 * first unquoted brace.  keepalived keeps this state in globals and pulls
 * lines one by one; we push them instead: a generator or a multi-line
 * definition feeds its lines recursively, which yields the same order.
 *
 * Every line keeps the location keepalived reports for it: generated and
 * expanded lines carry the line of their use.  Unlike keepalived, the
 * reader never loops or exhausts memory on recursive includes,
 * self-referencing definitions or huge ~SEQ ranges: it stops and says so.
 */
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <glob.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "read.h"
#include "xalloc.h"

#define READ_MAXBUF		1024	/* keepalived MAXBUF: fgets size */
#define READ_MAX_DEPTH		128	/* include nesting */
#define READ_MAX_FEED		256	/* nested expansions of one line */
#define READ_MAX_PENDING	64	/* multi-line values per line */
#define READ_MAX_SUBST		10000	/* substitutions in one line */
#define READ_MAX_GENERATED	250000	/* lines made by ~SEQ / ~LST */
#define READ_MAX_LINES		4000000	/* lines of a configuration */
#define READ_SEQ_PARAMS		64	/* keepalived seq_buf size */

/* include_check bits (keepalived include_t). */
#define INC_R	0x01	/* readable */
#define INC_M	0x02	/* match */
#define INC_W	0x04	/* wildcard_match */
#define INC_B	0x08	/* brace_match */

enum rd_builtin {
	BI_NONE,
	BI_PWD,
	BI_INSTANCE,
	BI_RANDOM,
};

struct rd_def {
	struct rd_def	*next;
	char		*name;
	size_t		 name_len;
	char		*value;		/* lines separated by '\n' */
	size_t		 value_len;
	bool		 multiline;
	enum rd_builtin	 fn;
	unsigned	 max_params;
	const char	*params, *params_end;	/* of the current use */
};

/* A file being read, for recursion checks and ${_PWD}. */
struct rd_file {
	const char	*path;		/* as opened */
	dev_t		 dev;
	ino_t		 ino;
};

struct rd {
	struct cfg_parse	*p;
	struct cfg_src		*src;
	struct rd_def		*defs;
	struct rd_def		*mdef;	/* multi-line definition being read */
	unsigned		 include_check;
	const char		*config_id;
	struct rd_file		 files[READ_MAX_DEPTH + 1];
	int			 nfiles;
	int			 feed_depth;
	unsigned long		 generated;
	bool			 gen_reported, lines_reported;
	unsigned long		 rnd;
};

static void	feed(struct rd *, const char *, struct cfg_loc);

/* --- output ------------------------------------------------------------ */

static void
src_push(struct rd *r, const char *text, struct cfg_loc loc)
{
	struct cfg_src *src = r->src;

	if (src->n >= READ_MAX_LINES) {
		if (!r->lines_reported)
			cfg_report_at(r->p, loc, CFG_GENERAL_ERROR,
			    "Configuration has more than %u lines - ignoring "
			    "the rest", READ_MAX_LINES);
		r->lines_reported = true;
		return;
	}
	if (src->n == src->cap) {
		src->cap = src->cap ? src->cap * 2 : 256;
		src->v = xreallocarray(src->v, src->cap, sizeof(*src->v));
	}
	src->v[src->n].text = arena_strdup(cfg_tmp(r->p), text);
	src->v[src->n].file = loc.file;
	src->v[src->n].line = loc.line;
	src->n++;
}

void
cfg_src_free(struct cfg_src *src)
{
	free(src->v);
	src->v = NULL;
	src->n = src->cap = 0;
}

/* --- small helpers ----------------------------------------------------- */

static bool
is_blank(int c)
{
	return c == ' ' || c == '\t';
}

static bool
is_name_start(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}

static bool
is_name_char(int c)
{
	return is_name_start(c) || (c >= '0' && c <= '9');
}

static char *
dupn(const char *s, size_t n)
{
	char *d = xmalloc(n + 1);

	memcpy(d, s, n);
	d[n] = '\0';
	return d;
}

static void
rtrim(char *s)
{
	size_t n = strlen(s);

	while (n > 0 && is_blank(s[n - 1]))
		n--;
	s[n] = '\0';
}

/*
 * keepalived's decomment(): drop leading blanks, the comment (! or #
 * outside double quotes), the backslash of \! and \#, trailing blanks;
 * a final backslash is kept (it continues a definition).
 */
static void
decomment(struct rd *r, char *s, struct cfg_loc loc)
{
	char *p, *skip = NULL;
	bool quote = false, cont = false;
	size_t n = strspn(s, " \t");

	if (n > 0)
		memmove(s, s + n, strlen(s + n) + 1);
	for (p = s; (p = strpbrk(p, "!#\"\\")) != NULL; p++) {
		if (*p == '"') {
			if (skip == NULL)
				quote = !quote;
		} else if (*p == '\\') {
			if (p[1] == '\0') {
				*p = '\0';
				cont = true;
				break;
			}
			if (!quote && (p[1] == '#' || p[1] == '!'))
				memmove(p, p + 1, strlen(p + 1) + 1);
			else
				p++;
		} else if (!quote && skip == NULL)
			skip = p;
	}
	if (quote)
		cfg_report_at(r->p, loc, CFG_GENERAL_ERROR,
		    "Unterminated quote '%s'", s);
	if (skip != NULL)
		*skip = '\0';
	rtrim(s);
	if (cont) {
		n = strlen(s);
		s[n] = '\\';
		s[n + 1] = '\0';
	}
}

/* --- definitions ------------------------------------------------------- */

static struct rd_def *
def_lookup(struct rd *r, const char *name, size_t len, bool allow_multi)
{
	struct rd_def *d;

	for (d = r->defs; d != NULL; d = d->next)
		if (d->name_len == len && !strncmp(d->name, name, len) &&
		    (allow_multi || !d->multiline))
			return d;
	return NULL;
}

static struct rd_def *
def_new(struct rd *r, const char *name, size_t len)
{
	struct rd_def *d = xcalloc(1, sizeof(*d));
	struct rd_def **tail;

	d->name = xmalloc(len + 1);
	memcpy(d->name, name, len);
	d->name[len] = '\0';
	d->name_len = len;
	for (tail = &r->defs; *tail != NULL; tail = &(*tail)->next)
		;
	*tail = d;
	return d;
}

static void
def_set_value(struct rd_def *d, const char *v, size_t len, bool multi)
{
	free(d->value);
	d->value = xmalloc(len + 1);
	memcpy(d->value, v, len);
	d->value[len] = '\0';
	d->value_len = len;
	d->multiline = multi;
	d->fn = BI_NONE;	/* a definition overrides a built-in */
}

/* ~SEQ / ~LST variables. */
static void
def_set(struct rd *r, const char *name, const char *value)
{
	struct rd_def *d = def_lookup(r, name, strlen(name), true);

	if (d == NULL)
		d = def_new(r, name, strlen(name));
	def_set_value(d, value, strlen(value), false);
}

static void
defs_free(struct rd *r)
{
	struct rd_def *d, *n;

	for (d = r->defs; d != NULL; d = n) {
		n = d->next;
		free(d->name);
		free(d->value);
		free(d);
	}
	r->defs = NULL;
}

static void
defs_builtin(struct rd *r)
{
	static const struct {
		const char	*name;
		const char	*value;
		enum rd_builtin	 fn;
		unsigned	 max_params;
	} bi[] = {
		{ "_PWD", "", BI_PWD, 0 },
		{ "_INSTANCE", "", BI_INSTANCE, 0 },
		{ "_RANDOM", "", BI_RANDOM, 2 },
		{ "_HASH", "#", BI_NONE, 0 },
		{ "_BANG", "!", BI_NONE, 0 },
	};
	struct rd_def *d;
	size_t i;

	for (i = 0; i < sizeof(bi) / sizeof(bi[0]); i++) {
		d = def_new(r, bi[i].name, strlen(bi[i].name));
		def_set_value(d, bi[i].value, strlen(bi[i].value), false);
		d->fn = bi[i].fn;
		d->max_params = bi[i].max_params;
	}
}

/*
 * A "$NAME=VALUE" line (keepalived check_definition): returns the
 * definition, or NULL when the line is not one.
 */
static struct rd_def *
def_parse(struct rd *r, const char *buf)
{
	const char *p, *v;
	struct rd_def *d;
	size_t len, vlen;
	bool multi = false;
	char *val;

	if (buf[0] != '$' || !is_name_start((unsigned char)buf[1]))
		return NULL;
	for (p = buf + 2; *p != '\0' && *p != '='; p++)
		if (!is_name_char((unsigned char)*p))
			return NULL;
	if (*p != '=')
		return NULL;
	len = (size_t)(p - (buf + 1));
	v = p + 1 + strspn(p + 1, " \t");
	vlen = strlen(v);
	if (vlen > 0 && v[vlen - 1] == '\\') {
		while (vlen >= 2 && is_blank(v[vlen - 2]))
			vlen--;
		if (vlen < 2)
			vlen = 0;
		multi = true;
	}
	val = xmalloc(vlen + 1);
	memcpy(val, v, vlen);
	val[vlen] = '\0';
	/* The first line's '\' becomes the line separator. */
	if (multi && vlen >= 2)
		val[vlen - 1] = '\n';
	if ((d = def_lookup(r, buf + 1, len, true)) == NULL)
		d = def_new(r, buf + 1, len);
	def_set_value(d, val, vlen, multi);
	free(val);
	return d;
}

/* A line of a multi-line definition being read. */
static void
mdef_append(struct rd *r, const char *line)
{
	struct rd_def *d = r->mdef;
	size_t len = strlen(line);
	bool cont = false;
	char *v;

	if (len > 0 && line[len - 1] == '\\') {
		len--;
		while (len > 0 && is_blank(line[len - 1]))
			len--;
		cont = true;
	} else {
		r->mdef = NULL;
		if (d->value_len == 0)
			d->multiline = false;
	}
	/* Blank continuation lines are not added. */
	if (len == 0)
		return;
	v = xrealloc(d->value, d->value_len + len + 2);
	memcpy(v + d->value_len, line, len);
	d->value_len += len;
	if (cont)
		v[d->value_len++] = '\n';
	v[d->value_len] = '\0';
	d->value = v;
}

/* The end of a multi-line definition by an empty physical line. */
static void
mdef_end(struct rd *r)
{
	if (r->mdef != NULL && r->mdef->value_len == 0)
		r->mdef->multiline = false;
	r->mdef = NULL;
}

/* --- built-in values --------------------------------------------------- */

static unsigned long
rd_random(struct rd *r)
{
	/* xorshift: keeps the process's random() sequence untouched. */
	r->rnd ^= r->rnd << 13;
	r->rnd ^= r->rnd >> 7;
	r->rnd ^= r->rnd << 17;
	return (r->rnd >> 1) & 0x7fffffffUL;
}

static const char *
builtin_value(struct rd *r, struct rd_def *d, char *buf, size_t sz)
{
	unsigned long min = 0, max = 32767, span;
	char *end, *dir;
	const char *path;

	switch (d->fn) {
	case BI_PWD:
		path = r->nfiles > 0 ? r->files[r->nfiles - 1].path : ".";
		dir = xstrdup(path);
		end = strrchr(dir, '/');
		if (end == NULL)
			snprintf(dir, strlen(dir) + 1, ".");
		else if (end == dir)
			end[1] = '\0';
		else
			*end = '\0';
		if (realpath(dir, buf) == NULL)
			snprintf(buf, sz, "%s", dir);
		free(dir);
		return buf;
	case BI_INSTANCE:
		snprintf(buf, sz, "%s", r->config_id ? r->config_id : "");
		return buf;
	case BI_RANDOM:
		if (d->params != NULL) {
			min = strtoul(d->params, &end, 10);
			if (end < d->params_end)
				max = strtoul(end, &end, 10);
		}
		span = max - min + 1;
		snprintf(buf, sz, "%lu", (span ? rd_random(r) % span :
		    rd_random(r)) + min);
		return buf;
	default:
		return d->value;
	}
}

/* --- substitution ------------------------------------------------------ */

/*
 * The definition used at s (just after a '$'), as keepalived's
 * find_definition: $NAME followed by blank, ',', ')' or the end, or
 * ${NAME} anywhere, with digits as parameters for built-ins.  *end is
 * set past the reference.
 */
static struct rd_def *
def_at(struct rd *r, const char *s, const char **end)
{
	const char *name = s, *p, *ps = NULL, *pe = NULL;
	bool braces = false;
	struct rd_def *d;
	size_t len;

	if (*name == '{') {
		braces = true;
		name++;
	}
	if (!is_name_start((unsigned char)*name))
		return NULL;
	for (p = name + 1; is_name_char((unsigned char)*p); p++)
		;
	len = (size_t)(p - name);
	if (braces) {
		for (; *p == ' ' || isdigit((unsigned char)*p); p++) {
			if (*p != ' ') {
				if (ps == NULL)
					ps = p;
				pe = p;
			}
		}
		if (ps != NULL && pe + 1 != p)
			return NULL;
		if (*p != '}')
			return NULL;
		p++;
	} else if (*p != ' ' && *p != '\t' && *p != ',' && *p != ')' &&
	    *p != '\0')
		return NULL;
	d = def_lookup(r, name, len, *p == '\0' && ps == NULL);
	if (d == NULL || (ps != NULL && d->max_params == 0))
		return NULL;
	d->params = ps;
	d->params_end = pe;
	*end = p;
	return d;
}

struct rd_pending {
	char	*v[READ_MAX_PENDING];
	int	 n;
};

/*
 * Replace definitions in buf (of size max), as keepalived's
 * replace_param.  The rest of a multi-line value is queued on pend.
 * Returns true if anything was replaced.
 */
static bool
subst(struct rd *r, char *buf, size_t max, struct rd_pending *pend,
    struct cfg_loc loc)
{
	char *pos = buf, *orig = NULL, tmp[PATH_MAX + 32];
	const char *end, *val;
	struct rd_def *d;
	size_t used = strlen(buf), rep, old;
	int n = 0, npend0 = pend ? pend->n : 0;
	bool found = false;

	while ((pos = strchr(pos, '$')) != NULL && pos[1] != '\0') {
		if ((d = def_at(r, pos + 1, &end)) == NULL) {
			pos++;
			continue;
		}
		/* A failed substitution leaves the line as it was written:
		 * a half-expanded line can hold the reference again and grow
		 * through every piece it is later cut into. */
		if (orig == NULL)
			orig = xstrdup(buf);
		if (++n > READ_MAX_SUBST) {
			cfg_report_at(r->p, loc, CFG_GENERAL_ERROR, "Parameter "
			    "substitution on line '%s' does not terminate - "
			    "stopping", orig);
			goto fail;
		}
		val = builtin_value(r, d, tmp, sizeof(tmp));
		rep = d->multiline ? strcspn(val, "\n") : strlen(val);
		old = (size_t)(end - pos);
		if (used - old + rep >= max) {
			/* keepalived only logs this, outside -t output. */
			cfg_report_at(r->p, loc, CFG_OK, "Parameter "
			    "substitution on line '%s' would exceed maximum "
			    "line length", orig);
			goto fail;
		}
		if (d->multiline && val[rep] == '\n') {
			if (pend == NULL || pend->n >= READ_MAX_PENDING) {
				cfg_report_at(r->p, loc, CFG_GENERAL_ERROR,
				    "Too many multi-line definitions on line "
				    "'%s' - stopping", buf);
				goto fail;
			}
			pend->v[pend->n++] = xstrdup(val + rep + 1);
		}
		memmove(pos + rep, pos + old, strlen(pos + old) + 1);
		memcpy(pos, val, rep);
		used = used - old + rep;
		found = true;
		if (val[strspn(val, " \t")] == '~')
			break;
	}
	free(orig);
	return found;
fail:
	while (pend != NULL && pend->n > npend0)
		free(pend->v[--pend->n]);
	memcpy(buf, orig, strlen(orig) + 1);
	free(orig);
	return false;
}

/* --- ~SEQ and ~LST ----------------------------------------------------- */

/* One more generated line, unless the bound is reached. */
static bool
gen_ok(struct rd *r, const char *spec, struct cfg_loc loc)
{
	if (++r->generated <= READ_MAX_GENERATED)
		return true;
	if (!r->gen_reported)
		cfg_report_at(r->p, loc, CFG_GENERAL_ERROR, "Too many lines "
		    "generated by '%s' (more than %u) - stopping", spec,
		    READ_MAX_GENERATED);
	r->gen_reported = true;
	return false;
}

static bool
seq_fail(struct rd *r, struct cfg_loc loc, const char *what, const char *buf)
{
	cfg_report_at(r->p, loc, CFG_GENERAL_ERROR, "%s '%s'", what, buf);
	return false;
}

/* Parse "start, step, end)" forms of ~SEQ (keepalived add_seq). */
static bool
seq_numbers(struct rd *r, char *p, long *start, long *step, long *end,
    const char *buf, struct cfg_loc loc)
{
	long one, two, three;

	one = strtol(p, &p, 0);
	p += strspn(p, " \t");
	if (*p == ')') {
		*end = one;
		*step = one < 1 ? -1 : 1;
		*start = one < 0 ? -1 : 1;
		return true;
	}
	if (*p != ',')
		return seq_fail(r, loc, "Invalid ~SEQ definition", buf);
	two = strtol(p + 1, &p, 0);
	p += strspn(p, " \t");
	if (*p == ')') {
		*start = one;
		*end = two;
		*step = one <= two ? 1 : -1;
		return true;
	}
	if (*p != ',')
		return seq_fail(r, loc, "Invalid ~SEQ definition", buf);
	three = strtol(p + 1, &p, 0);
	p += strspn(p, " \t");
	if (*p != ')')
		return seq_fail(r, loc, "Invalid ~SEQ definition", buf);
	*start = one;
	*step = two;
	*end = three;
	if (two == 0 || (one < three && two < 0) || (one > three && two > 0))
		return seq_fail(r, loc, "Invalid ~SEQ values", buf);
	return true;
}

static bool
run_seq(struct rd *r, const char *buf, struct cfg_loc loc)
{
	const char *p = buf + 4, *var, *var_end, *close, *text;
	char params[READ_SEQ_PARAMS], name[READ_MAXBUF], val[24];
	struct rd_pending pend = { .n = 0 };
	long start, step, end, i;
	bool hex = false;

	if (*p == 'x') {
		hex = true;
		p++;
	}
	p += strspn(p, " \t");
	if (*p++ != '(')
		return false;
	p += strspn(p, " \t");
	var = p;
	p += strcspn(p, " \t,)");
	var_end = p;
	p += strspn(p, " \t");
	if (*p == '\0' || *p == ')' || p == var)
		return seq_fail(r, loc, "Invalid ~SEQ definition", buf);
	p++;
	p += strspn(p, " \t");
	close = strchr(p, ')');
	if (close == NULL || (size_t)(close + 2 - p) > sizeof(params))
		return seq_fail(r, loc, "~SEQ parameter strings too long", buf);
	memcpy(params, p, (size_t)(close + 1 - p));
	params[close + 1 - p] = '\0';
	subst(r, params, sizeof(params), &pend, loc);
	if (pend.n > 0) {
		while (pend.n > 0)
			free(pend.v[--pend.n]);
		return seq_fail(r, loc, "~SEQ parameter is multiline "
		    "definition", buf);
	}
	if (!seq_numbers(r, params, &start, &step, &end, buf, loc))
		return false;
	if (hex && (start < 0 || end < 0))
		return seq_fail(r, loc, "~SEQx is only valid for positive "
		    "numbers", buf);
	text = close + 1 + strspn(close + 1, " \t");
	snprintf(name, sizeof(name), "%.*s", (int)(var_end - var), var);
	for (i = start; step > 0 ? i <= end : i >= end; i += step) {
		if (!gen_ok(r, buf, loc))
			break;
		snprintf(val, sizeof(val), hex ? "%lx" : "%ld", i);
		def_set(r, name, val);
		feed(r, text, loc);
		if ((step > 0 && i > LONG_MAX - step) ||
		    (step < 0 && i < LONG_MIN - step))
			break;
	}
	return true;
}

/* One word of a ~LST list, up to one of stop. */
static const char *
lst_word(const char **pp, const char *stop, size_t *len)
{
	const char *w = *pp;

	*len = strcspn(w, stop);
	*pp = w + *len;
	return w;
}

#define LST_MAX	64

struct lst {
	char	*names[LST_MAX];
	int	 nnames;
	char	*vals[READ_MAXBUF][LST_MAX];
	int	 nsets;
};

static bool
lst_parse(struct rd *r, const char *buf, struct lst *l, const char **text,
    struct cfg_loc loc)
{
	const char *p = buf + 4, *w;
	char endc;
	size_t len;
	int nv;

	p += strspn(p, " \t");
	if (*p++ != '(')
		return false;
	p += strspn(p, " \t");
	endc = ',';
	if (*p == '{') {
		endc = '}';
		p++;
		p += strspn(p, " \t");
	}
	for (;;) {
		w = lst_word(&p, " \t,}", &len);
		if (l->nnames >= LST_MAX)
			return false;
		l->names[l->nnames++] = dupn(w, len);
		p += strspn(p, " \t");
		if (*p == endc)
			break;
		if (*p != ',')
			return false;
		p++;
		p += strspn(p, " \t");
	}
	if (*p == '}') {
		p++;
		p += strspn(p, " \t");
	}
	if (*p++ != ',')
		return false;
	p += strspn(p, " \t");
	for (;;) {
		if (l->nsets >= READ_MAXBUF)
			return false;
		endc = ',';
		if (*p == '{') {
			endc = '}';
			p++;
			p += strspn(p, " \t");
		}
		nv = 0;
		for (;;) {
			w = lst_word(&p, " \t,})", &len);
			l->vals[l->nsets][nv] = dupn(w, len);
			p += strspn(p, " \t");
			if (*p == endc || (*p == ')' && endc == ','))
				break;
			if (*p != ',')
				goto bad_set;
			p++;
			p += strspn(p, " \t");
			if (++nv >= l->nnames) {
				cfg_report_at(r->p, loc, CFG_GENERAL_ERROR,
				    "~LST specification has too many values "
				    "'%s'", buf);
				goto bad_set;
			}
		}
		/* Missing values are blank. */
		while (++nv < l->nnames)
			l->vals[l->nsets][nv] = dupn("", 0);
		l->nsets++;
		if (*p == '}' && endc == '}') {
			p++;
			p += strspn(p, " \t");
		}
		if (*p == ')')
			break;
		if (*p != ',')
			return false;
		p++;
		p += strspn(p, " \t");
	}
	p++;
	*text = p + strspn(p, " \t");
	return true;
bad_set:
	/* Count the partial set so that it is freed. */
	while (++nv < l->nnames)
		l->vals[l->nsets][nv] = NULL;
	l->nsets++;
	return false;
}

static void
lst_free(struct lst *l)
{
	int i, j;

	for (i = 0; i < l->nnames; i++)
		free(l->names[i]);
	for (i = 0; i < l->nsets; i++)
		for (j = 0; j < l->nnames; j++)
			free(l->vals[i][j]);
}

static bool
run_lst(struct rd *r, const char *buf, struct cfg_loc loc)
{
	struct lst *l = xcalloc(1, sizeof(*l));
	const char *text;
	bool ok;
	int i, j;

	ok = lst_parse(r, buf, l, &text, loc);
	for (i = 0; ok && i < l->nsets; i++) {
		if (!gen_ok(r, buf, loc))
			break;
		for (j = 0; j < l->nnames; j++)
			def_set(r, l->names[j], l->vals[i][j]);
		feed(r, text, loc);
	}
	lst_free(l);
	free(l);
	return ok;
}

/* --- logical lines ----------------------------------------------------- */

/* "@ID rest" / "@^ID rest": false when the line is dropped. */
static bool
conditional(struct rd *r, char *buf)
{
	size_t ofs = buf[1] == '^' ? 2 : 1, idlen;
	bool rev = ofs == 2, match;
	char *rest;

	if ((rest = strpbrk(buf + ofs, " \t")) == NULL)
		return false;
	idlen = r->config_id ? strlen(r->config_id) : 0;
	match = r->config_id != NULL && (size_t)(rest - (buf + ofs)) == idlen &&
	    !strncmp(buf + ofs, r->config_id, idlen);
	if (match == rev)
		return false;
	rest += strspn(rest, " \t");
	memmove(buf, rest, strlen(rest) + 1);
	return true;
}

/*
 * Emit a line split at its first brace outside double quotes, as
 * keepalived does: the text before the brace is one line, the brace
 * another.  The rest, if any, is returned (allocated) to be read again
 * as a new line; the caller loops so that a line of any number of braces
 * needs no recursion.
 */
static char *
emit_split(struct rd *r, char *buf, struct cfg_loc loc)
{
	char *p = buf, *residue = NULL;
	size_t skip;

	if (*p != '{' && *p != '}') {
		while ((p = strpbrk(p, "{}\"")) != NULL && *p == '"')
			if ((p = strchr(p + 1, '"')) == NULL)
				break;
			else
				p++;
	}
	if (p != NULL && (*p == '{' || *p == '}')) {
		skip = p == buf ? 1 + strspn(p + 1, " \t") : 0;
		if (p[skip] != '\0') {
			residue = xstrdup(p + skip);
			rtrim(residue);
			p[skip] = '\0';
		}
	}
	rtrim(buf);
	if (buf[0] != '\0')
		src_push(r, buf, loc);
	return residue;
}

static void	do_include(struct rd *, const char *, unsigned, struct cfg_loc);

/* An include line: follow it and return true. */
static bool
include_line(struct rd *r, const char *buf, struct cfg_loc loc)
{
	const char *p;
	unsigned type;

	if (strncmp(buf, "include", 7) != 0 || buf[7] == '\0')
		return false;
	if (isspace((unsigned char)buf[7])) {
		p = buf + 8;
		type = 0;
	} else if (strchr("rmwba", buf[7]) != NULL &&
	    isspace((unsigned char)buf[8])) {
		p = buf + 9;
		switch (buf[7]) {
		case 'r':
			type = INC_R;
			break;
		case 'm':
			type = INC_R | INC_M;
			break;
		case 'w':
			type = INC_R | INC_M | INC_W;
			break;
		case 'b':
			type = INC_R | INC_B;
			break;
		default:
			type = INC_R | INC_M | INC_W | INC_B;
			break;
		}
	} else
		return false;
	p += strspn(p, " \t");
	do_include(r, p, type, loc);
	return true;
}

/* The lines of a multi-line value, in order. */
static void
feed_lines(struct rd *r, const char *text, struct cfg_loc loc)
{
	const char *nl;
	char *line;

	for (;;) {
		nl = strchr(text, '\n');
		line = dupn(text, nl ? (size_t)(nl - text) : strlen(text));
		feed(r, line, loc);
		free(line);
		if (nl == NULL)
			break;
		text = nl + 1;
	}
}

/* ~SEQ / ~LST at the start of buf: run it; false if it is not one. */
static bool
generator(struct rd *r, const char *buf, struct cfg_loc loc)
{
	if (strncmp(buf, "~SEQ", 4) == 0) {
		if (!run_seq(r, buf, loc))
			cfg_report_at(r->p, loc, CFG_GENERAL_ERROR,
			    "Invalid ~SEQ specification '%s'", buf);
		return true;
	}
	if (strncmp(buf, "~LST", 4) == 0) {
		if (!run_lst(r, buf, loc))
			cfg_report_at(r->p, loc, CFG_GENERAL_ERROR,
			    "Invalid ~LST specification '%s'", buf);
		return true;
	}
	return false;
}

/*
 * One line, wherever it comes from (a file, a generator, a multi-line
 * value, the rest of a line after a brace): keepalived's read_line()
 * processing after the line is read.  Returns the rest of the line after
 * a brace (allocated), or NULL.  Multi-line values are queued on pend.
 */
static char *
feed_one(struct rd *r, const char *line, struct rd_pending *pend,
    struct cfg_loc loc)
{
	char buf[READ_MAXBUF];
	struct rd_def *d;
	bool again;

	if (r->mdef != NULL) {
		mdef_append(r, line);
		return NULL;
	}
	if (*line == '\0')
		return NULL;
	snprintf(buf, sizeof(buf), "%s", line);
	do {
		again = false;
		if (buf[0] == '@' && !conditional(r, buf))
			return NULL;
		if (buf[0] == '$' && (d = def_parse(r, buf)) != NULL) {
			if (d->multiline)
				r->mdef = d;
			return NULL;
		}
		if (generator(r, buf, loc))
			return NULL;
		if (buf[0] == '~' || strchr(buf, '$') == NULL)
			break;
		if (!subst(r, buf, sizeof(buf), pend, loc))
			break;
		decomment(r, buf, loc);
		again = buf[0] == '@' || strchr(buf, '$') != NULL;
	} while (again);
	if (buf[0] == '\0' || include_line(r, buf, loc))
		return NULL;
	return emit_split(r, buf, loc);
}

/*
 * A line and the rest of it after each brace, in turn, then the lines
 * of the multi-line values it used, the innermost (latest) first, as
 * keepalived's read_line() returns them.
 */
static void
feed(struct rd *r, const char *line, struct cfg_loc loc)
{
	struct rd_pending pend = { .n = 0 };
	char *rest, *next;
	int i;

	if (r->mdef == NULL && *line != '\0' &&
	    r->feed_depth >= READ_MAX_FEED) {
		cfg_report_at(r->p, loc, CFG_GENERAL_ERROR, "Definitions "
		    "nested too deeply at '%s' - ignoring", line);
		return;
	}
	r->feed_depth++;
	for (rest = feed_one(r, line, &pend, loc); rest != NULL; rest = next) {
		next = feed_one(r, rest, &pend, loc);
		free(rest);
	}
	for (i = pend.n - 1; i >= 0; i--) {
		feed_lines(r, pend.v[i], loc);
		free(pend.v[i]);
	}
	r->feed_depth--;
}

/* --- files ------------------------------------------------------------- */

/*
 * Physical lines as keepalived's fgets() into a 1024-byte buffer reads
 * them: longer lines come in pieces, a NUL ends the text of a piece, and
 * only a piece ending in '\n' advances the line number.
 */
static void
read_text(struct rd *r, const char *text, size_t size, const char *name,
    unsigned *last)
{
	char chunk[READ_MAXBUF];
	const char *nl;
	size_t pos = 0, n, len;
	struct cfg_loc loc = { name, 0 };

	while (pos < size) {
		n = size - pos < READ_MAXBUF - 1 ? size - pos : READ_MAXBUF - 1;
		if ((nl = memchr(text + pos, '\n', n)) != NULL)
			n = (size_t)(nl - (text + pos)) + 1;
		memcpy(chunk, text + pos, n);
		chunk[n] = '\0';
		pos += n;
		len = strlen(chunk);
		if (len > 0 && chunk[len - 1] == '\n')
			loc.line++;
		while (len > 0 && (chunk[len - 1] == '\n' ||
		    chunk[len - 1] == '\r'))
			len--;
		chunk[len] = '\0';
		if (len == 0) {
			mdef_end(r);
			continue;
		}
		decomment(r, chunk, loc);
		if (chunk[0] != '\0')
			feed(r, chunk, loc);
	}
	if (last != NULL)
		*last = loc.line;
}

/* Whole file contents, or NULL. */
static char *
slurp(FILE *f, size_t *size)
{
	char *buf = NULL;
	size_t cap = 0, n = 0, got;

	for (;;) {
		if (cap - n < 65536) {
			cap = cap ? cap * 2 : 65536;
			buf = xrealloc(buf, cap);
		}
		got = fread(buf + n, 1, cap - n, f);
		n += got;
		if (got == 0)
			break;
	}
	if (ferror(f)) {
		free(buf);
		return NULL;
	}
	*size = n;
	return buf;
}

/* Read one checked file.  Returns its last line number, or -1. */
static long
read_path(struct rd *r, const char *path, const char *shown,
    struct cfg_loc at, unsigned type)
{
	struct stat sb;
	struct rd_file *rf;
	FILE *f;
	char *text;
	size_t size;
	unsigned last = 0;
	int i, err;

	if ((f = fopen(path, "re")) == NULL) {
		err = errno;
		cfg_report_at(r->p, at, (r->include_check | type) & INC_R ?
		    CFG_FILE_NOT_FOUND : CFG_OK, "Configuration file '%s' open "
		    "problem (%s) - skipping", shown, strerror(err));
		if ((r->include_check | type) & INC_R)
			cfg_set_config_file_error(r->p);
		return -1;
	}
	if (fstat(fileno(f), &sb) == -1)
		memset(&sb, 0, sizeof(sb));
	for (i = 0; i < r->nfiles; i++) {
		if (r->files[i].dev == sb.st_dev &&
		    r->files[i].ino == sb.st_ino && sb.st_ino != 0) {
			cfg_report_at(r->p, at, CFG_GENERAL_ERROR,
			    "Configuration file '%s' is already being read "
			    "(recursive include) - skipping", shown);
			fclose(f);
			return -1;
		}
	}
	text = slurp(f, &size);
	fclose(f);
	if (text == NULL)
		return -1;
	rf = &r->files[r->nfiles++];
	rf->path = arena_strdup(cfg_tmp(r->p), path);
	rf->dev = sb.st_dev;
	rf->ino = sb.st_ino;
	read_text(r, text, size, arena_strdup(cfg_tmp(r->p), shown), &last);
	r->nfiles--;
	free(text);
	return last;
}

/* --- globs ------------------------------------------------------------- */

/*
 * keepalived tells missing files from unmatched wildcards with glob()'s
 * GLOB_ALTDIRFUNC hooks; glob_t has no context pointer, so the counts
 * live here (the parser is single-threaded).
 */
static unsigned gl_missing;
static bool gl_wild;

static void *
gl_opendir(const char *name)
{
	DIR *d = opendir(name);

	gl_wild = true;
	if (d == NULL)
		gl_missing++;
	return d;
}

static struct dirent *
gl_readdir(void *d)
{
	return readdir(d);
}

static void
gl_closedir(void *d)
{
	closedir(d);
}

static int
gl_lstat(const char *path, struct stat *sb)
{
	int rc = lstat(path, sb);

	if (rc != 0)
		gl_missing++;
	return rc;
}

static int
gl_stat(const char *path, struct stat *sb)
{
	return stat(path, sb);
}

static bool
has_brace(const char *s)
{
	for (; *s != '\0'; s++) {
		if (*s == '\\' && s[1] != '\0')
			s++;
		else if (*s == '{')
			return true;
	}
	return false;
}

/*
 * keepalived's file_config_error(): an error only if the include's type
 * or include_check asks for this check.
 */
static bool
file_error(struct rd *r, unsigned type, unsigned check, bool main_file,
    struct cfg_loc loc, const char *msg)
{
	bool strict = ((r->include_check | type) & check) != 0;
	enum cfg_err sev = strict ? CFG_FILE_NOT_FOUND : CFG_OK;

	if (loc.file != NULL)
		cfg_report_at(r->p, loc, sev, "%s", msg);
	else
		cfg_report_noloc(r->p, sev, "%s", msg);
	if (strict && !main_file)
		cfg_set_config_file_error(r->p);
	return strict;
}

/* keepalived's open_and_check_glob(). */
static bool
glob_open(struct rd *r, const char *full, const char *shown, unsigned type,
    bool main_file, struct cfg_loc loc, glob_t *g)
{
	char m[PATH_MAX + 128];
	int rc;

	memset(g, 0, sizeof(*g));
	g->gl_opendir = gl_opendir;
	g->gl_readdir = gl_readdir;
	g->gl_closedir = gl_closedir;
	g->gl_lstat = gl_lstat;
	g->gl_stat = gl_stat;
	gl_missing = 0;
	gl_wild = false;
	rc = glob(full, GLOB_MARK | GLOB_BRACE | GLOB_ALTDIRFUNC, NULL, g);
	if (rc == GLOB_NOMATCH) {
		if (gl_missing > 0) {
			snprintf(m, sizeof(m), "Config files missing '%s'.",
			    shown);
			file_error(r, type, has_brace(shown) ? INC_B : INC_M,
			    main_file, loc, m);
		} else if (gl_wild && ((r->include_check | type) & INC_W)) {
			snprintf(m, sizeof(m), "No config files matched '%s'.",
			    shown);
			file_error(r, type, INC_W, main_file, loc, m);
		}
	} else if (rc != 0) {
		snprintf(m, sizeof(m), "Error reading config file(s): "
		    "glob(\"%s\") returned %d, skipping.", shown, rc);
		file_error(r, type, INC_R, main_file, loc, m);
	}
	if (rc != 0) {
		globfree(g);
		return false;
	}
	if (gl_missing > 0) {
		snprintf(m, sizeof(m), "Some config files missing: \"%s\".",
		    shown);
		if (file_error(r, type, INC_B, main_file, loc, m)) {
			globfree(g);
			return false;
		}
	}
	return true;
}

/* keepalived's check_glob_file(). */
static bool
match_ok(struct rd *r, const char *path, const char *shown, unsigned type,
    bool main_file, struct cfg_loc loc)
{
	size_t n = strlen(path);
	struct stat sb;
	char m[PATH_MAX + 128];

	if (n > 0 && path[n - 1] == '/') {
		snprintf(m, sizeof(m), "Configuration file '%s' is a directory "
		    "- skipping", shown);
		file_error(r, type, INC_R, main_file, loc, m);
		return false;
	}
	if (stat(path, &sb) == -1 || !S_ISREG(sb.st_mode) ||
	    (sb.st_mode & (S_IXUSR | S_IXGRP | S_IXOTH))) {
		snprintf(m, sizeof(m), "Configuration file '%s' is not a "
		    "regular non-executable file - skipping", shown);
		file_error(r, type, INC_R, main_file, loc, m);
		return false;
	}
	return true;
}

/*
 * The pattern of an include, relative to the including file's directory
 * (keepalived chdir()s there; we prefix the directory, escaped for
 * glob).  *skip is the length of the prefix, removed again for display.
 */
static char *
include_pattern(struct rd *r, const char *pattern, size_t *skip)
{
	const char *cur = r->nfiles > 0 ? r->files[r->nfiles - 1].path : NULL;
	const char *slash;
	char *out, *o;
	size_t dlen, i;

	*skip = 0;
	if (pattern[0] == '/' || cur == NULL ||
	    (slash = strrchr(cur, '/')) == NULL)
		return xstrdup(pattern);
	dlen = (size_t)(slash - cur) + 1;
	out = o = xmalloc(2 * dlen + strlen(pattern) + 1);
	for (i = 0; i < dlen; i++) {
		if (strchr("*?[]{}\\", cur[i]) != NULL)
			*o++ = '\\';
		*o++ = cur[i];
	}
	snprintf(o, strlen(pattern) + 1, "%s", pattern);
	*skip = dlen;
	return out;
}

static void
do_include(struct rd *r, const char *pattern, unsigned type,
    struct cfg_loc loc)
{
	const char *cur = r->nfiles > 0 ? r->files[r->nfiles - 1].path : NULL;
	char *full;
	const char *shown;
	struct cfg_loc at = loc;
	glob_t g;
	size_t skip, i;
	long last;

	if (r->nfiles >= READ_MAX_DEPTH) {
		cfg_report_at(r->p, loc, CFG_GENERAL_ERROR, "Include files "
		    "nested too deeply at '%s' - skipping", pattern);
		return;
	}
	full = include_pattern(r, pattern, &skip);
	if (!glob_open(r, full, pattern, type, false, loc, &g)) {
		free(full);
		return;
	}
	for (i = 0; i < g.gl_pathc; i++) {
		shown = g.gl_pathv[i];
		if (skip > 0 && strncmp(shown, cur, skip) == 0)
			shown += skip;
		if (!match_ok(r, g.gl_pathv[i], shown, type, false, at))
			continue;
		last = read_path(r, g.gl_pathv[i], shown, at, type);
		/* keepalived reports a later match's problems at the last
		 * line of the previous one. */
		if (last >= 0) {
			at.file = arena_strdup(cfg_tmp(r->p), shown);
			at.line = (unsigned)last;
		}
	}
	globfree(&g);
	free(full);
}

/* --- entry points ------------------------------------------------------ */

static void
rd_init(struct rd *r, struct cfg_parse *p, struct cfg_src *src)
{
	const struct cfg_opts *o = cfg_options(p);
	char host[256];
	char *dot;

	memset(r, 0, sizeof(*r));
	r->p = p;
	r->src = src;
	if (o->include_check)
		r->include_check = INC_R | INC_M | INC_W | INC_B;
	if (o->config_id != NULL)
		r->config_id = o->config_id;
	else if (gethostname(host, sizeof(host)) == 0) {
		host[sizeof(host) - 1] = '\0';
		if ((dot = strchr(host, '.')) != NULL)
			*dot = '\0';
		r->config_id = arena_strdup(cfg_tmp(p), host);
	}
	r->rnd = ((unsigned long)time(NULL) << 16) ^ (unsigned long)getpid();
	if (r->rnd == 0)
		r->rnd = 1;
	defs_builtin(r);
}

static void
rd_done(struct rd *r)
{
	defs_free(r);
}

int
cfg_read_file(struct cfg_parse *p, const char *path, struct cfg_src *src)
{
	struct cfg_loc none = { NULL, 0 };
	struct rd r;
	glob_t g;
	size_t i, n = 0;
	bool ok = true;

	rd_init(&r, p, src);
	if (!glob_open(&r, path, path, 0, true, none, &g)) {
		cfg_set_no_config(p);
		rd_done(&r);
		return -1;
	}
	for (i = 0; i < g.gl_pathc; i++) {
		if (!match_ok(&r, g.gl_pathv[i], g.gl_pathv[i], 0, true, none)) {
			ok = false;
			continue;
		}
		if (access(g.gl_pathv[i], R_OK) != 0) {
			cfg_report_noloc(p, CFG_FILE_NOT_FOUND, "Unable to read "
			    "configuration file %s", g.gl_pathv[i]);
			ok = false;
			break;
		}
		n++;
	}
	if (ok && n > 1)
		cfg_report_noloc(p, CFG_MULTIPLE_FILES, "WARNING, multiple "
		    "configuration file matches of %s, starting with %s", path,
		    g.gl_pathv[0]);
	if (!ok || n == 0) {
		cfg_set_no_config(p);
		globfree(&g);
		rd_done(&r);
		return -1;
	}
	/* keepalived reads every match, one after the other. */
	for (i = 0; i < g.gl_pathc; i++)
		read_path(&r, g.gl_pathv[i], g.gl_pathv[i], none, 0);
	globfree(&g);
	rd_done(&r);
	return 0;
}

int
cfg_read_string(struct cfg_parse *p, const char *text, const char *name,
    struct cfg_src *src)
{
	struct rd r;
	const char *shown = arena_strdup(cfg_tmp(p), name);

	rd_init(&r, p, src);
	r.files[0].path = shown;
	r.nfiles = 1;
	read_text(&r, text, strlen(text), shown, NULL);
	rd_done(&r);
	return 0;
}
