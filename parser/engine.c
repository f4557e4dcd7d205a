/*
 * engine: statements, keyword dispatch, blocks, diagnostics.
 *
 * keepalived parses its configuration once per process: the parent with
 * only global_defs and the root-only globals active, the VRRP child with
 * only the VRRP blocks active, the checker child with only the checker
 * blocks active.  Inactive block keywords have their block skipped by
 * brace counting.  With misplaced braces the processes therefore see
 * different structures, and `keepalived -t` prints the union of what they
 * report.  We reproduce that with one pass per domain ("view") over the
 * same statements, each domain's objects coming from its own view, and
 * print each distinct diagnostic once.
 */
#include <errno.h>
#include <search.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "conf.h"
#include "engine.h"
#include "lex.h"
#include "read.h"
#include "value.h"
#include "xalloc.h"

#define CFG_MAX_DEPTH	32

/* A view is the parse as one keepalived process sees it. */
#define VIEW_GLOBAL	CFG_DOMAIN_GLOBAL
#define VIEW_VRRP	CFG_DOMAIN_VRRP
#define VIEW_CHECK	CFG_DOMAIN_CHECK
#define VIEW_MAX	CFG_DOMAIN_MAX

/* A source line split into words, once for all views. */
struct cfg_lexed {
	char		**words;
	int		  nwords;
	bool		  done;
	bool		  unterminated;
};

struct cfg_parse {
	struct conf		*conf;
	struct arena		 tmp;		/* lines, words, dedup set */
	const struct cfg_opts	*opts;
	struct cfg_result	*res;
	struct cfg_src		 src;

	/* statement iterator */
	struct cfg_lexed	*lexed;		/* words of each source line */
	char		       **argv_buf[2];	/* statement argv, alternating */
	int			 argv_cap[2];
	int			 argv_cur;
	size_t			 line_idx;	/* next source line */
	char		       **words;		/* words of current line */
	int			 nwords, word_idx;
	const char		*file;
	unsigned		 line;
	const char		*raw;
	int			 braces;	/* lexical balance */
	struct cfg_stmt		 back;		/* pushed-back statement */
	bool			 has_back;

	/* dispatch */
	enum cfg_domain		 view;
	int			 depth;
	void			*obj[CFG_MAX_DEPTH + 1];
	const char		*obj_name[CFG_MAX_DEPTH + 1];
	void			*enter_obj;
	const char		*enter_name;
	bool			 entered, skip;
	bool			 aborted;
	void			*seen;		/* tsearch root of messages */
};

/* --- accessors --------------------------------------------------------- */

struct conf *
cfg_conf(struct cfg_parse *p)
{
	return p->conf;
}

struct arena *
cfg_arena(struct cfg_parse *p)
{
	return &p->conf->arena;
}

struct arena *
cfg_tmp(struct cfg_parse *p)
{
	return &p->tmp;
}

const struct cfg_opts *
cfg_options(struct cfg_parse *p)
{
	return p->opts;
}

enum cfg_domain
cfg_domain(struct cfg_parse *p)
{
	return p->view;
}

void *
cfg_obj(struct cfg_parse *p)
{
	return p->obj[p->depth];
}

void
cfg_enter(struct cfg_parse *p, void *obj)
{
	cfg_enter_named(p, obj, NULL);
}

void
cfg_enter_named(struct cfg_parse *p, void *obj, const char *name)
{
	p->enter_obj = obj;
	p->enter_name = name;
	p->entered = true;
}

void
cfg_skip_block(struct cfg_parse *p)
{
	p->skip = true;
}

struct cfg_loc
cfg_here(struct cfg_parse *p)
{
	struct cfg_loc l = { p->file, p->line };

	return l;
}

char *
cfg_strdup(struct cfg_parse *p, const char *s)
{
	return s == NULL ? NULL : arena_strdup(&p->conf->arena, s);
}

void
cfg_set_no_config(struct cfg_parse *p)
{
	p->res->no_config = true;
}

void
cfg_set_config_file_error(struct cfg_parse *p)
{
	/* keepalived treats a failed strict include like a missing file. */
	p->res->exit_status = 6;
}

void
cfg_abort(struct cfg_parse *p, int status)
{
	p->aborted = true;
	if (p->res->exit_status == 0)
		p->res->exit_status = status;
}

bool
cfg_aborted(struct cfg_parse *p)
{
	return p->aborted;
}

/* --- diagnostics ------------------------------------------------------- */

static int
seen_cmp(const void *a, const void *b)
{
	return strcmp(a, b);
}

static void cfg_vreport(struct cfg_parse *, const char *, unsigned,
    enum cfg_err, const char *, va_list) __attribute__((format(printf, 5, 0)));

static void
cfg_vreport(struct cfg_parse *p, const char *file, unsigned line,
    enum cfg_err sev, const char *fmt, va_list ap)
{
	struct cfg_diag d;
	char msg[1024], key[1400];
	char *k;
	void **slot;

	vsnprintf(msg, sizeof(msg), fmt, ap);
	if (sev > p->res->worst)
		p->res->worst = sev;
	/* Each distinct message once, whichever views report it. */
	snprintf(key, sizeof(key), "%s\n%u\n%s", file ? file : "", line, msg);
	k = arena_strdup(&p->tmp, key);
	slot = tsearch(k, &p->seen, seen_cmp);
	if (slot == NULL || *slot != k)
		return;
	p->res->count[sev]++;
	if (p->opts->sink == NULL)
		return;
	d.sev = sev;
	d.file = file;
	d.line = line;
	d.msg = msg;
	p->opts->sink(p->opts->sink_ctx, &d);
}

void
cfg_report(struct cfg_parse *p, enum cfg_err sev, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	cfg_vreport(p, p->file, p->line, sev, fmt, ap);
	va_end(ap);
}

void
cfg_report_at(struct cfg_parse *p, struct cfg_loc loc, enum cfg_err sev,
    const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	cfg_vreport(p, loc.file, loc.line, sev, fmt, ap);
	va_end(ap);
}

void
cfg_report_noloc(struct cfg_parse *p, enum cfg_err sev, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	cfg_vreport(p, NULL, 0, sev, fmt, ap);
	va_end(ap);
}

const char *
cfg_arg(struct cfg_parse *p, const struct cfg_stmt *st, int i)
{
	if (i < st->argc)
		return st->argv[i];
	if (!p->aborted)
		cfg_report(p, CFG_MISSING_PARAMETER,
		    "*** Configuration line starting `%s` is missing a "
		    "parameter after keyword `%s` at word position %d",
		    st->argv[0], st->argv[st->argc - 1], st->argc + 1);
	cfg_abort(p, 2);
	return NULL;
}

/* --- statements -------------------------------------------------------- */

static bool
line_next(struct cfg_parse *p)
{
	struct cfg_line *l;
	struct cfg_lexed *lx;
	bool unterminated;

	while (p->line_idx < p->src.n) {
		lx = &p->lexed[p->line_idx];
		l = &p->src.v[p->line_idx++];
		p->file = l->file;
		p->line = l->line;
		p->raw = l->text;
		if (!lx->done) {
			lx->nwords = lex_words(&p->tmp, l->text, &lx->words,
			    &lx->unterminated);
			lx->done = true;
		}
		p->words = lx->words;
		p->nwords = lx->nwords;
		unterminated = lx->unterminated;
		p->word_idx = 0;
		if (unterminated)
			cfg_report(p, CFG_UNMATCHED_QUOTE,
			    "Unmatched quote: '%s'", l->text);
		if (p->nwords > 0)
			return true;
	}
	return false;
}

/*
 * Room for a statement's argv.  Handlers copy what they keep, and at most
 * two statements are alive at once (one may be pushed back), so two
 * buffers used in turn replace an allocation per statement per view.
 */
static char **
stmt_argv(struct cfg_parse *p, int argc)
{
	int i = p->argv_cur ^= 1;

	if (argc + 1 > p->argv_cap[i]) {
		p->argv_cap[i] = (argc + 1) * 2;
		p->argv_buf[i] = xreallocarray(p->argv_buf[i],
		    (size_t)p->argv_cap[i], sizeof(char *));
	}
	return p->argv_buf[i];
}

/*
 * Next statement: the words up to the next brace, or a brace alone.
 * Braces are counted here, so "Extra '}' found" comes before whatever
 * the statement itself causes, as in keepalived.
 */
static bool
stmt_next(struct cfg_parse *p, struct cfg_stmt *st)
{
	int start, i;

	if (p->has_back) {
		*st = p->back;
		p->has_back = false;
		p->file = st->file;
		p->line = st->line;
		p->raw = st->raw;
		return true;
	}
	if (p->word_idx >= p->nwords && !line_next(p))
		return false;
	start = p->word_idx;
	if (!strcmp(p->words[start], "{") || !strcmp(p->words[start], "}")) {
		i = start + 1;
		if (p->words[start][0] == '{')
			p->braces++;
		else if (--p->braces < 0) {
			cfg_report(p, CFG_UNEXPECTED_EOB, "Extra '}' found");
			p->braces = 0;
		}
	} else {
		for (i = start; i < p->nwords; i++)
			if (!strcmp(p->words[i], "{") ||
			    !strcmp(p->words[i], "}"))
				break;
	}
	st->argc = i - start;
	st->argv = stmt_argv(p, st->argc);
	memcpy(st->argv, p->words + start, sizeof(char *) * (size_t)st->argc);
	st->argv[st->argc] = NULL;
	st->file = p->file;
	st->line = p->line;
	st->raw = p->raw;
	p->word_idx = i;
	return true;
}

/* Give back a statement; the next stmt_next returns it again. */
static void
stmt_unread(struct cfg_parse *p, const struct cfg_stmt *st)
{
	p->back = *st;
	p->has_back = true;
}

static bool
is_word(const struct cfg_stmt *st, const char *w)
{
	return !strcmp(st->argv[0], w);
}

/* Skip a block whose '{' was just read, by counting braces. */
static void
skip_block_body(struct cfg_parse *p)
{
	struct cfg_stmt st;
	int level = 1;

	while (level > 0 && stmt_next(p, &st)) {
		if (is_word(&st, "{"))
			level++;
		else if (is_word(&st, "}"))
			level--;
	}
}

/* --- tables ------------------------------------------------------------ */

static int
kw_cmp(const void *key, const void *elem)
{
	return strcmp(key, ((const struct cfg_kw *)elem)->name);
}

const struct cfg_kw *
cfg_block_find(const struct cfg_block *b, const char *name)
{
	return bsearch(name, b->kw, b->nkw, sizeof(*b->kw), kw_cmp);
}

int
cfg_block_check(const struct cfg_block *b)
{
	size_t i;

	for (i = 1; i < b->nkw; i++)
		if (strcmp(b->kw[i - 1].name, b->kw[i].name) >= 0)
			return -1;
	return 0;
}

/* The root block: the domains' fragments merged and sorted once. */
static struct cfg_kw *root_kw;
static unsigned char *root_view;
static struct cfg_block root_block;

static int
kw_sort_cmp(const void *a, const void *b)
{
	return strcmp(((const struct cfg_kw *)a)->name,
	    ((const struct cfg_kw *)b)->name);
}

const struct cfg_block *
cfg_root_block(void)
{
	const struct {
		const struct cfg_kw *kw;
		size_t n;
	} frag[VIEW_MAX] = {
		[VIEW_GLOBAL] = { kw_root_global, kw_root_global_n },
		[VIEW_VRRP] = { kw_root_vrrp, kw_root_vrrp_n },
		[VIEW_CHECK] = { kw_root_check, kw_root_check_n },
	};
	size_t n = 0, i, j, k;

	if (root_kw != NULL)
		return &root_block;
	for (i = 0; i < VIEW_MAX; i++)
		n += frag[i].n;
	root_kw = xcalloc(n, sizeof(*root_kw));
	root_view = xcalloc(n, 1);
	for (i = 0, k = 0; i < VIEW_MAX; i++)
		for (j = 0; j < frag[i].n; j++)
			root_kw[k++] = frag[i].kw[j];
	qsort(root_kw, n, sizeof(*root_kw), kw_sort_cmp);
	/* The view of an entry: the fragment that holds its name. */
	for (k = 0; k < n; k++)
		for (i = 0; i < VIEW_MAX; i++)
			for (j = 0; j < frag[i].n; j++)
				if (!strcmp(frag[i].kw[j].name, root_kw[k].name))
					root_view[k] = (unsigned char)i;
	root_block.name = "root";
	root_block.kw = root_kw;
	root_block.nkw = n;
	return &root_block;
}

/* --- dispatch ---------------------------------------------------------- */

static void process_block(struct cfg_parse *, const struct cfg_block *,
    bool need_bob);

/* A value-list block (virtual_ipaddress { ... }): fn runs per line. */
static void
process_values(struct cfg_parse *p, const struct cfg_kw *kw,
    const struct cfg_stmt *opener)
{
	struct cfg_stmt st;
	int level = 1;
	int first_extra = (kw->flags & CFG_KW_NAMED) ? 2 : 1;

	if (kw->flags & CFG_KW_NAMED) {
		kw->fn(p, kw, opener);
		if (p->aborted)
			return;
	}
	if (opener->argc > first_extra)
		cfg_report(p, CFG_WARNING, "Block %s has extra parameters %s ...",
		    opener->argv[0], opener->argv[first_extra]);
	if (!stmt_next(p, &st))
		return;
	if (!is_word(&st, "{")) {
		cfg_report(p, CFG_MISSING_BOB,
		    "'{' missing from beginning of block %s", kw->name);
		stmt_unread(p, &st);
	}
	while (stmt_next(p, &st)) {
		if (is_word(&st, "{")) {
			level++;
			continue;
		}
		if (is_word(&st, "}")) {
			if (--level > 0)
				continue;
			if (kw->sub != NULL && kw->sub->end != NULL)
				kw->sub->end(p, cfg_obj(p));
			return;
		}
		if (kw->fn != NULL)
			kw->fn(p, kw, &st);
		if (p->aborted)
			return;
	}
}

static void
process_keyword(struct cfg_parse *p, const struct cfg_kw *kw,
    const struct cfg_stmt *st, bool active)
{
	struct cfg_stmt next;

	if (!active) {
		/* Another process's keyword: skip its block, if any. */
		if (kw->sub == NULL && !(kw->flags & CFG_KW_VALUES))
			return;
		if (!stmt_next(p, &next))
			return;
		if (is_word(&next, "{")) {
			skip_block_body(p);
			return;
		}
		stmt_unread(p, &next);
		return;
	}
	if ((kw->flags & CFG_KW_VALUES) && (kw->flags & CFG_KW_INLINE) &&
	    st->argc > 1) {
		struct cfg_stmt line = *st;

		line.argv++;
		line.argc--;
		kw->fn(p, kw, &line);
		return;
	}
	if (kw->flags & CFG_KW_VALUES) {
		process_values(p, kw, st);
		return;
	}
	p->entered = false;
	p->skip = false;
	if (kw->fn != NULL)
		kw->fn(p, kw, st);
	if (p->aborted || kw->sub == NULL)
		return;
	if (p->skip || p->depth >= CFG_MAX_DEPTH) {
		if (!p->skip)
			cfg_report(p, CFG_GENERAL_ERROR, "Configuration nested "
			    "too deeply at '%s' - ignoring", kw->name);
		if (!stmt_next(p, &next))
			return;
		if (is_word(&next, "{"))
			skip_block_body(p);
		else
			stmt_unread(p, &next);
		return;
	}
	p->obj[p->depth + 1] = p->entered ? p->enter_obj : p->obj[p->depth];
	p->obj_name[p->depth + 1] = p->entered ? p->enter_name :
	    p->obj_name[p->depth];
	p->depth++;
	process_block(p, kw->sub, true);
	if (kw->sub->end != NULL && !p->aborted)
		kw->sub->end(p, p->obj[p->depth]);
	p->depth--;
}

static void
process_block(struct cfg_parse *p, const struct cfg_block *b, bool need_bob)
{
	struct cfg_stmt st;
	const struct cfg_kw *kw;
	bool active;

	while (!p->aborted && stmt_next(p, &st)) {
		if (need_bob) {
			need_bob = false;
			if (is_word(&st, "{"))
				continue;
			cfg_report(p, CFG_MISSING_BOB,
			    "Missing '{' at beginning of configuration block");
		} else if (is_word(&st, "{")) {
			cfg_report(p, CFG_UNEXPECTED_BOB,
			    "Unexpected '{' - ignoring");
			continue;
		}
		if (is_word(&st, "}") && p->depth > 0)
			return;
		kw = cfg_block_find(b, st.argv[0]);
		if (kw == NULL) {
			cfg_report(p, CFG_UNKNOWN_KEYWORD,
			    "Unknown keyword '%s'", st.argv[0]);
			continue;
		}
		active = true;
		if (p->depth == 0)
			active = root_view[kw - b->kw] == p->view;
		process_keyword(p, kw, &st, active);
	}
}

/* --- driver ------------------------------------------------------------ */

static void
run_view(struct cfg_parse *p, enum cfg_domain view)
{
	p->view = view;
	p->line_idx = 0;
	p->nwords = p->word_idx = 0;
	p->braces = 0;
	p->has_back = false;
	p->depth = 0;
	p->obj[0] = p->conf;	/* root handlers address fields of conf */
	p->obj_name[0] = NULL;
	process_block(p, cfg_root_block(), false);
	if (!p->aborted && p->braces > 0) {
		p->file = NULL;
		cfg_report_noloc(p, CFG_MISSING_EOB,
		    "There are %d missing '}'s or extra '{'s", p->braces);
	}
}

static struct conf *
conf_parse(struct cfg_parse *p)
{
	struct conf *c = p->conf;

	p->lexed = xcalloc(p->src.n ? p->src.n : 1, sizeof(*p->lexed));

	global_conf_init(p, c);
	vrrp_conf_init(p, c);
	check_conf_init(p, c);
	run_view(p, VIEW_GLOBAL);
	if (!p->aborted)
		run_view(p, VIEW_VRRP);
	if (!p->aborted)
		run_view(p, VIEW_CHECK);
	if (!p->aborted)
		global_conf_validate(p, c);
	if (!p->aborted)
		vrrp_conf_validate(p, c);
	if (!p->aborted)
		check_conf_validate(p, c);
	if (!p->aborted)
		vrrp_conf_validate_track_rs(p, c);
	if (!p->aborted)
		conf_scripts_validate(p, c);
	if (p->aborted || p->res->no_config || p->res->exit_status != 0) {
		conf_free(c);
		return NULL;
	}
	return c;
}

static void
parse_init(struct cfg_parse *p, const struct cfg_opts *opts,
    struct cfg_result *res)
{
	struct conf *c = xcalloc(1, sizeof(*c));

	memset(p, 0, sizeof(*p));
	memset(res, 0, sizeof(*res));
	p->opts = opts;
	p->res = res;
	p->conf = c;
	STAILQ_INIT(&c->scripts);
}

static void
free_nothing(void *key)
{
	/* keys live in the scratch arena */
}

static void
parse_done(struct cfg_parse *p)
{
	tdestroy(p->seen, free_nothing);
	free(p->lexed);
	free(p->argv_buf[0]);
	free(p->argv_buf[1]);
	cfg_src_free(&p->src);
	arena_free(&p->tmp);
}

struct conf *
conf_load(const char *path, const struct cfg_opts *opts,
    struct cfg_result *res)
{
	struct cfg_parse p;
	struct conf *c;

	parse_init(&p, opts, res);
	p.conf->path = arena_strdup(&p.conf->arena, path);
	if (cfg_read_file(&p, path, &p.src) == -1) {
		conf_free(p.conf);
		parse_done(&p);
		return NULL;
	}
	c = conf_parse(&p);
	parse_done(&p);
	return c;
}

struct conf *
conf_load_string(const char *text, const char *name,
    const struct cfg_opts *opts, struct cfg_result *res)
{
	struct cfg_parse p;
	struct conf *c;

	parse_init(&p, opts, res);
	p.conf->path = arena_strdup(&p.conf->arena, name);
	cfg_read_string(&p, text, name, &p.src);
	c = conf_parse(&p);
	parse_done(&p);
	return c;
}

void
conf_free(struct conf *c)
{
	if (c == NULL)
		return;
	arena_free(&c->arena);
	free(c);
}

/* --- generic handlers -------------------------------------------------- */

/* Append s to buf as snprintf would, clamping o at the buffer's end. */
static size_t
msg_put(char *buf, size_t len, size_t o, const char *s)
{
	int n = snprintf(buf + o, len - o, "%s", s ? s : "(null)");

	return n < 0 || (size_t)n >= len - o ? len - 1 : o + (size_t)n;
}

/* Report kw->msg with "%s" as arg and "%N" as the object's name. */
static void
kw_msg_report(struct cfg_parse *p, const struct cfg_kw *kw, const char *arg)
{
	char buf[1024];		/* as cfg_vreport's, so truncation agrees */
	const char *m;
	size_t o = 0;

	for (m = kw->msg; *m != '\0' && o < sizeof(buf) - 1; m++) {
		if (m[0] == '%' && (m[1] == 's' || m[1] == 'N')) {
			m++;
			o = msg_put(buf, sizeof(buf), o, *m == 's' ? arg :
			    p->obj_name[p->depth]);
		} else
			buf[o++] = *m;
	}
	buf[o] = '\0';
	cfg_report(p, CFG_GENERAL_ERROR, "%s", buf);
}

void
cfg_h_str(struct cfg_parse *p, const struct cfg_kw *kw,
    const struct cfg_stmt *st)
{
	const char *v;

	if (kw->msg != NULL && (st->argc < 2 ||
	    (kw->max > 0 && st->argc - 1 > kw->max))) {
		kw_msg_report(p, kw, st->argc < 2 ? NULL : st->argv[1]);
		return;
	}
	if ((v = cfg_arg(p, st, 1)) != NULL)
		*CFG_FIELD(p, kw, char *) = cfg_strdup(p, v);
}

void
cfg_h_flag(struct cfg_parse *p, const struct cfg_kw *kw,
    const struct cfg_stmt *st)
{
	*CFG_FIELD(p, kw, bool) = true;
}

void
cfg_h_bool(struct cfg_parse *p, const struct cfg_kw *kw,
    const struct cfg_stmt *st)
{
	int v = cfg_read_bool_arg(p, st, 1);

	if (v != -1)
		*CFG_FIELD(p, kw, bool) = v;
}

void
cfg_h_int(struct cfg_parse *p, const struct cfg_kw *kw,
    const struct cfg_stmt *st)
{
	const char *s = cfg_arg(p, st, 1);
	int64_t v;

	if (s == NULL)
		return;
	if (cfg_read_int(p, s, kw->min, kw->max, &v))
		*CFG_FIELD(p, kw, int) = (int)v;
	else if (kw->msg != NULL)
		kw_msg_report(p, kw, s);
}

void
cfg_h_uint(struct cfg_parse *p, const struct cfg_kw *kw,
    const struct cfg_stmt *st)
{
	const char *s = cfg_arg(p, st, 1);
	uint64_t v;

	if (s == NULL)
		return;
	if (cfg_read_uint(p, s, (uint64_t)kw->min, (uint64_t)kw->max, &v))
		*CFG_FIELD(p, kw, unsigned) = (unsigned)v;
	else if (kw->msg != NULL)
		kw_msg_report(p, kw, s);
}

void
cfg_h_timer(struct cfg_parse *p, const struct cfg_kw *kw,
    const struct cfg_stmt *st)
{
	const char *s = cfg_arg(p, st, 1);
	uint64_t v;

	if (s == NULL)
		return;
	if (cfg_read_timer(p, s, (uint64_t)kw->min, (uint64_t)kw->max, &v))
		*CFG_FIELD(p, kw, uint64_t) = v;
	else if (kw->msg != NULL)
		kw_msg_report(p, kw, s);
}

void
cfg_h_ignore(struct cfg_parse *p, const struct cfg_kw *kw,
    const struct cfg_stmt *st)
{
}
