/*
 * conf: the model's dump, a stable text form used by golden tests.
 *
 * Format: "name {" opens an object, "}" closes it, "key value" lines in
 * between, indented by one tab per level.  Strings are quoted when empty
 * or when they hold blanks; unset values print as "(unset)".
 */
#include <inttypes.h>
#include <stdarg.h>
#include <string.h>

#include "conf.h"
#include "value.h"

static void
indent(FILE *f, int depth)
{
	while (depth-- > 0)
		fputc('\t', f);
}

void
dump_kv(FILE *f, int depth, const char *key, const char *fmt, ...)
{
	va_list ap;

	indent(f, depth);
	fprintf(f, "%s ", key);
	va_start(ap, fmt);
	vfprintf(f, fmt, ap);
	va_end(ap);
	fputc('\n', f);
}

void
dump_open(FILE *f, int depth, const char *fmt, ...)
{
	va_list ap;

	indent(f, depth);
	va_start(ap, fmt);
	vfprintf(f, fmt, ap);
	va_end(ap);
	fputs(" {\n", f);
}

void
dump_close(FILE *f, int depth)
{
	indent(f, depth);
	fputs("}\n", f);
}

void
dump_timer(FILE *f, int depth, const char *key, uint64_t us)
{
	char buf[40];

	dump_kv(f, depth, key, "%s", cfg_timer_str(us, buf, sizeof(buf)));
}

static void
put_str(FILE *f, const char *s)
{
	if (s == NULL)
		fputs("(unset)", f);
	else if (*s == '\0' || strpbrk(s, " \t\"") != NULL) {
		fputc('"', f);
		for (; *s != '\0'; s++) {
			if (*s == '"' || *s == '\\')
				fputc('\\', f);
			fputc(*s, f);
		}
		fputc('"', f);
	} else
		fputs(s, f);
}

void
dump_str(FILE *f, int depth, const char *key, const char *s)
{
	indent(f, depth);
	fprintf(f, "%s ", key);
	put_str(f, s);
	fputc('\n', f);
}

void
dump_bool(FILE *f, int depth, const char *key, bool v)
{
	dump_kv(f, depth, key, "%s", v ? "yes" : "no");
}

void
dump_addr(FILE *f, int depth, const char *key, const struct addr *a)
{
	char buf[ADDR_STRLEN];

	dump_kv(f, depth, key, "%s", addr_is_set(a) ?
	    addr_str(a, buf, sizeof(buf)) : "(unset)");
}

void
dump_argv(FILE *f, int depth, const char *key, char *const *argv)
{
	indent(f, depth);
	fprintf(f, "%s", key);
	if (argv == NULL)
		fputs(" (unset)", f);
	else
		for (; *argv != NULL; argv++) {
			fputc(' ', f);
			fputc('"', f);
			fputs(*argv, f);
			fputc('"', f);
		}
	fputc('\n', f);
}

void
conf_dump(const struct conf *c, FILE *f)
{
	global_conf_dump(c, f);
	vrrp_conf_dump(c, f);
	check_conf_dump(c, f);
}
