/*
 * value: typed readers for keyword arguments, with keepalived's range
 * checks and messages (lib/parser.c read_*_func).
 *
 * Each reader reports its own diagnostic (INVALID_NUMBER) at the current
 * statement and returns false when the value is not usable; the handler
 * then adds its keyword-specific message, as keepalived does.
 */
#ifndef VIGIL_VALUE_H
#define VIGIL_VALUE_H

#include <stdbool.h>
#include <stdint.h>

#include "addr.h"
#include "engine.h"

/* Decimal integers.  Messages: "invalid number '%s'", "negative number
 * '%s'", "number '%s' outside range [min, max]". */
bool	cfg_read_int(struct cfg_parse *, const char *, int64_t min,
	    int64_t max, int64_t *);
bool	cfg_read_uint(struct cfg_parse *, const char *, uint64_t min,
	    uint64_t max, uint64_t *);
/* Like cfg_read_uint but base auto-detected (0 octal, 0x hex). */
bool	cfg_read_uint_base(struct cfg_parse *, const char *, uint64_t min,
	    uint64_t max, uint64_t *);
/* Decimal seconds with up to 6 decimals, in µs; range in µs and shown as
 * seconds with 6 decimals, e.g. "[0.000001, 4294.967295]". */
bool	cfg_read_timer(struct cfg_parse *, const char *, uint64_t min_us,
	    uint64_t max_us, uint64_t *us);
/* "on|true|yes" -> 1, "off|false|no" -> 0, else -1 (no message). */
int	cfg_bool_value(const char *);
/* Optional boolean argument at argv[i]: absent means true.  An invalid
 * word reports "Invalid value '%s' for keyword %s" and returns -1. */
int	cfg_read_bool_arg(struct cfg_parse *, const struct cfg_stmt *, int i);
/* Address with optional /prefix.  No message: callers word their own. */
bool	cfg_read_addr(const char *, struct addr *);

/* Format µs as keepalived prints timers: "%u.%06u". */
const char *cfg_timer_str(uint64_t us, char *buf, unsigned len);

#endif
