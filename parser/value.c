/*
 * value: typed argument readers with keepalived's diagnostics.
 */
#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "value.h"

/* Leading blanks are allowed (they survive inside quotes). */
static const char *
skip_blanks(const char *s)
{
	while (*s == ' ' || *s == '\t')
		s++;
	return s;
}

bool
cfg_read_int(struct cfg_parse *p, const char *s, int64_t min, int64_t max,
    int64_t *out)
{
	const char *t = skip_blanks(s);
	char *end;
	long long v;

	errno = 0;
	v = strtoll(t, &end, 10);
	if (end == t || *end != '\0') {
		cfg_report(p, CFG_INVALID_NUMBER, "invalid number '%s'", s);
		return false;
	}
	/* keepalived reads an int unless the range needs more. */
	if (errno == ERANGE || (min >= INT_MIN && max <= INT_MAX &&
	    (v < INT_MIN || v > INT_MAX))) {
		cfg_report(p, CFG_INVALID_NUMBER,
		    "number '%s' outside integer range", s);
		return false;
	}
	if (v < min || v > max) {
		cfg_report(p, CFG_INVALID_NUMBER,
		    "number '%s' outside range [%" PRId64 ", %" PRId64 "]",
		    s, min, max);
		return false;
	}
	*out = v;
	return true;
}

static bool
read_uint(struct cfg_parse *p, const char *s, int base, uint64_t min,
    uint64_t max, uint64_t *out)
{
	const char *t = skip_blanks(s);
	char *end;
	unsigned long long v;

	if (*t == '-') {
		cfg_report(p, CFG_INVALID_NUMBER, "negative number '%s'", s);
		return false;
	}
	errno = 0;
	v = strtoull(t, &end, base);
	if (end == t || *end != '\0' || !isdigit((unsigned char)*t)) {
		cfg_report(p, CFG_INVALID_NUMBER, "invalid number '%s'", s);
		return false;
	}
	/* keepalived reads an unsigned unless the range needs 64 bits. */
	if (errno == ERANGE && max > UINT_MAX) {
		cfg_report(p, CFG_INVALID_NUMBER,
		    "number '%s' outside unsigned 64 bit range", s);
		return false;
	}
	if (errno == ERANGE || (max <= UINT_MAX && v > UINT_MAX)) {
		cfg_report(p, CFG_INVALID_NUMBER,
		    "number '%s' outside unsigned integer range", s);
		return false;
	}
	if (v < min || v > max) {
		cfg_report(p, CFG_INVALID_NUMBER,
		    "number '%s' outside range [%" PRIu64 ", %" PRIu64 "]",
		    s, min, max);
		return false;
	}
	*out = v;
	return true;
}

bool
cfg_read_uint(struct cfg_parse *p, const char *s, uint64_t min, uint64_t max,
    uint64_t *out)
{
	return read_uint(p, s, 10, min, max, out);
}

bool
cfg_read_uint_base(struct cfg_parse *p, const char *s, uint64_t min,
    uint64_t max, uint64_t *out)
{
	return read_uint(p, s, 0, min, max, out);
}

const char *
cfg_timer_str(uint64_t us, char *buf, unsigned len)
{
	snprintf(buf, len, "%" PRIu64 ".%06" PRIu64, us / 1000000,
	    us % 1000000);
	return buf;
}

/* "12.5" -> 12500000 µs.  Returns false on syntax error or overflow;
 * *rounded tells that digits past the sixth decimal were dropped. */
static bool
parse_timer(const char *t, uint64_t *us, bool *rounded)
{
	uint64_t whole = 0, frac = 0;
	unsigned ndec = 0;
	bool digits = false;

	*rounded = false;
	for (; isdigit((unsigned char)*t); t++) {
		if (whole > (UINT64_MAX - 9) / 10)
			return false;
		whole = whole * 10 + (uint64_t)(*t - '0');
		digits = true;
	}
	if (*t == '.') {
		for (t++; isdigit((unsigned char)*t); t++) {
			digits = true;
			if (ndec < 6) {
				frac = frac * 10 + (uint64_t)(*t - '0');
				ndec++;
			} else if (ndec == 6) {
				*rounded = true;
				if (*t >= '5')
					frac++;
				ndec++;
			}
		}
	}
	if (!digits || *t != '\0')
		return false;
	for (; ndec < 6; ndec++)
		frac *= 10;
	if (whole > (UINT64_MAX - frac) / 1000000)
		return false;
	*us = whole * 1000000 + frac;
	return true;
}

bool
cfg_read_timer(struct cfg_parse *p, const char *s, uint64_t min_us,
    uint64_t max_us, uint64_t *out)
{
	const char *t = skip_blanks(s);
	char a[32], b[32];
	uint64_t us;
	bool rounded;

	if (*t == '-') {
		cfg_report(p, CFG_INVALID_NUMBER, "negative number '%s'", s);
		return false;
	}
	if (!parse_timer(t, &us, &rounded)) {
		cfg_report(p, CFG_INVALID_NUMBER, "invalid number '%s'", s);
		return false;
	}
	if (us < min_us || us > max_us) {
		cfg_report(p, CFG_INVALID_NUMBER,
		    "number '%s' outside range [%s, %s]", s,
		    cfg_timer_str(min_us, a, sizeof(a)),
		    cfg_timer_str(max_us, b, sizeof(b)));
		return false;
	}
	if (rounded)
		cfg_report(p, CFG_WARNING,
		    "timer value '%s' has more than 6 decimal places - rounded",
		    s);
	*out = us;
	return true;
}

int
cfg_bool_value(const char *s)
{
	if (!strcmp(s, "on") || !strcmp(s, "true") || !strcmp(s, "yes"))
		return 1;
	if (!strcmp(s, "off") || !strcmp(s, "false") || !strcmp(s, "no"))
		return 0;
	return -1;
}

int
cfg_read_bool_arg(struct cfg_parse *p, const struct cfg_stmt *st, int i)
{
	int v;

	if (i >= st->argc)
		return 1;
	v = cfg_bool_value(st->argv[i]);
	if (v == -1)
		cfg_report(p, CFG_GENERAL_ERROR,
		    "Invalid value '%s' for keyword %s", st->argv[i],
		    st->argv[0]);
	return v;
}

bool
cfg_read_addr(const char *s, struct addr *a)
{
	return addr_parse(s, a) == 0;
}
