/*
 * check_http_regex: the url { regex } of HTTP_GET/SSL_GET with PCRE2, as
 * keepalived 2.2.7's check_regex: the response is matched buffer by
 * buffer with PCRE2_PARTIAL_HARD; a partial match keeps its tail (and the
 * pattern's lookbehind) for the next read; regex_min_offset skips bytes
 * before it, regex_max_offset rejects a match starting at or after it;
 * regex_stack gives the JIT a stack of its own.  Compiled patterns are
 * cached by pattern and options for the life of the process (a reload
 * does not recompile an unchanged pattern).
 *
 * Without PCRE2 in the build a url's regex is reported once and ignored.
 */
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "log.h"
#include "xalloc.h"
#include "conf.h"
#include "check_http.h"

#ifdef HAVE_PCRE2
#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

/* Index: the bit of check_regex_option_names (parser). */
static const uint32_t regex_opt_bits[] = {
	PCRE2_ALLOW_EMPTY_CLASS, PCRE2_ALT_BSUX, PCRE2_AUTO_CALLOUT,
	PCRE2_CASELESS, PCRE2_DOLLAR_ENDONLY, PCRE2_DOTALL, PCRE2_DUPNAMES,
	PCRE2_EXTENDED, PCRE2_FIRSTLINE, PCRE2_MATCH_UNSET_BACKREF,
	PCRE2_MULTILINE, PCRE2_NEVER_UCP, PCRE2_NEVER_UTF,
	PCRE2_NO_AUTO_CAPTURE, PCRE2_NO_AUTO_POSSESS,
	PCRE2_NO_DOTSTAR_ANCHOR, PCRE2_NO_START_OPTIMIZE, PCRE2_UCP,
	PCRE2_UNGREEDY, PCRE2_UTF, PCRE2_NEVER_BACKSLASH_C,
	PCRE2_ALT_CIRCUMFLEX, PCRE2_ALT_VERBNAMES, PCRE2_USE_OFFSET_LIMIT
};

struct http_regex {
	struct http_regex	*next;
	char			*pattern;
	uint32_t		 options;
	uint64_t		 stack_start, stack_max;	/* 0: none */
	pcre2_code		*code;		/* NULL: did not compile */
	pcre2_match_context	*mctx;
	pcre2_jit_stack		*jit_stack;
	uint32_t		 lookbehind;
};

static struct http_regex *regex_cache;

uint32_t
http_regex_options(unsigned bits)
{
	uint32_t o = 0;
	size_t i;

	for (i = 0; i < sizeof(regex_opt_bits) / sizeof(regex_opt_bits[0]);
	    i++)
		if (bits & (1U << i))
			o |= regex_opt_bits[i];
	return o;
}

static void
regex_compile(struct http_regex *re)
{
	PCRE2_UCHAR msg[256];
	PCRE2_SIZE off;
	int err;

	re->code = pcre2_compile((PCRE2_SPTR)re->pattern,
	    PCRE2_ZERO_TERMINATED, re->options, &err, &off, NULL);
	if (re->code == NULL) {
		pcre2_get_error_message(err, msg, sizeof(msg));
		log_info("Invalid regex: '%s' at offset %zu: %s", re->pattern,
		    (size_t)off, (char *)msg);
		return;
	}
	pcre2_pattern_info(re->code, PCRE2_INFO_MAXLOOKBEHIND,
	    &re->lookbehind);
	/* Without JIT support pcre2_match interprets: no need to fail. */
	if (pcre2_jit_compile(re->code, PCRE2_JIT_COMPLETE |
	    PCRE2_JIT_PARTIAL_HARD) != 0 || re->stack_max == 0)
		return;
	re->mctx = pcre2_match_context_create(NULL);
	re->jit_stack = pcre2_jit_stack_create(re->stack_start,
	    re->stack_max, NULL);
	if (re->mctx != NULL && re->jit_stack != NULL)
		pcre2_jit_stack_assign(re->mctx, NULL, re->jit_stack);
}

struct http_regex *
http_regex_get(const struct check_url *u)
{
	uint32_t opts = http_regex_options(u->regex_options);
	uint64_t ss = u->regex_stack ? u->regex_stack_start : 0;
	uint64_t sm = u->regex_stack ? u->regex_stack_max : 0;
	struct http_regex *re;

	if (u->regex == NULL)
		return NULL;
	for (re = regex_cache; re != NULL; re = re->next)
		if (re->options == opts && re->stack_start == ss &&
		    re->stack_max == sm && strcmp(re->pattern, u->regex) == 0)
			return re->code != NULL ? re : NULL;
	re = xcalloc(1, sizeof(*re));
	re->pattern = xstrdup(u->regex);
	re->options = opts;
	re->stack_start = ss;
	re->stack_max = sm;
	regex_compile(re);
	re->next = regex_cache;
	regex_cache = re;
	return re->code != NULL ? re : NULL;
}

void *
http_regex_md_new(const struct http_regex *re)
{
	return pcre2_match_data_create_from_pattern(re->code, NULL);
}

void
http_regex_md_free(void *md)
{
	if (md != NULL)
		pcre2_match_data_free(md);
}

static int
regex_match(struct http_resp *r, size_t start, uint32_t flags)
{
	return pcre2_match(r->re->code, (PCRE2_SPTR)r->buf, r->len, start,
	    flags, r->md, r->re->mctx);
}

/* A complete match at ovector[0] (offset in buf): inside max_offset? */
static void
regex_matched(struct http_resp *r)
{
	PCRE2_SIZE *ov = pcre2_get_ovector_pointer(r->md);
	uint64_t max = r->url->regex_max_offset;

	if (max == 0 || r->subj_off + ov[0] < max)
		r->matched = true;
}

static void
regex_error(int rc)
{
	PCRE2_UCHAR msg[256];

	if (rc == PCRE2_ERROR_NOMATCH)
		return;
	pcre2_get_error_message(rc, msg, sizeof(msg));
	log_info("Regex match error %d: %s", rc, (char *)msg);
}

/* No match pending: keep only the pattern's lookbehind as context for
 * the next read (keepalived drops it all, losing a lookbehind that spans
 * reads).  True when bytes are kept. */
static bool
regex_keep_tail(struct http_resp *r)
{
	size_t keep = r->len < r->re->lookbehind ? r->len : r->re->lookbehind;

	r->subj_off += r->len - keep;
	if (keep > 0)
		memmove(r->buf, r->buf + r->len - keep, keep);
	r->len = keep;
	r->start_off = keep;
	return keep > 0;
}

/* Keep the tail of a partial match (and the lookbehind before it). */
static bool
regex_partial(struct http_resp *r)
{
	PCRE2_SIZE *ov = pcre2_get_ovector_pointer(r->md);
	size_t keep = ov[0] > r->re->lookbehind ? ov[0] - r->re->lookbehind :
	    0;

	r->partial = true;
	if (keep > 0) {
		r->len -= keep;
		memmove(r->buf, r->buf + keep, r->len);
		r->subj_off += keep;
		r->start_off = ov[0] - keep;
	} else if (r->len >= sizeof(r->buf) - 1) {
		r->subj_off += r->len;
		r->start_off = 0;
		r->partial = false;
		log_info("Regex partial match preserve too large - "
		    "discarding");
		return false;
	} else
		r->start_off = ov[0];
	return true;
}

bool
http_regex_step(struct http_resp *r)
{
	uint64_t min = r->url->regex_min_offset, max = r->url->regex_max_offset;
	size_t start = 0;
	int rc;

	r->partial = false;
	if (r->matched)
		return false;
	if (max != 0 && r->subj_off + r->start_off >= max) {
		r->subj_off += r->len;
		return false;
	}
	if (min != 0 && r->subj_off < min)
		start = (size_t)(min - r->subj_off);
	if (r->start_off > start)
		start = r->start_off;
	if (start > r->len)
		return regex_keep_tail(r);
	rc = regex_match(r, start, PCRE2_PARTIAL_HARD);
	if (rc == PCRE2_ERROR_PARTIAL)
		return regex_partial(r);
	if (rc >= 0) {
		regex_matched(r);
		r->subj_off += r->len;
		return false;
	}
	regex_error(rc);
	return regex_keep_tail(r);
}

void
http_regex_finish(struct http_resp *r)
{
	size_t start = r->start_off;
	uint64_t min = r->url->regex_min_offset;
	int rc;

	if (r->matched || r->len == 0)
		return;
	if (min != 0 && r->subj_off < min && min - r->subj_off > start)
		start = (size_t)(min - r->subj_off);
	if (start > r->len)
		return;
	rc = regex_match(r, start, 0);
	if (rc >= 0)
		regex_matched(r);
	else
		regex_error(rc);
}

#else	/* !HAVE_PCRE2 */

struct http_regex {
	int	 unused;
};

uint32_t
http_regex_options(unsigned bits)
{
	return 0;
}

struct http_regex *
http_regex_get(const struct check_url *u)
{
	static bool told;

	if (u->regex != NULL && !told) {
		log_info("HTTP_GET regex is not supported by this build - "
		    "ignoring");
		told = true;
	}
	return NULL;
}

void *
http_regex_md_new(const struct http_regex *re)
{
	return NULL;
}

void
http_regex_md_free(void *md)
{
}

bool
http_regex_step(struct http_resp *r)
{
	return false;
}

void
http_regex_finish(struct http_resp *r)
{
}

#endif	/* HAVE_PCRE2 */
