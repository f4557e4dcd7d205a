/*
 * test_doc: keepalived.conf(5) names every keyword the parser accepts.
 *
 * Walks every keyword table reachable from the root block and looks each
 * name up in doc/keepalived.conf.5 as a word in a .B/.BI/.TP-style entry
 * or a font-switched \fB...\fR, so a keyword added to a table without
 * its documentation fails here.
 */
#include <ctype.h>

#include "unit.h"

static char *page;

/* roff writes a literal hyphen as \-: compare names with plain '-'. */
static void
unescape_hyphens(char *s)
{
	char *o = s;

	for (; *s != '\0'; s++) {
		if (s[0] == '\\' && s[1] == '-')
			s++;
		*o++ = *s;
	}
	*o = '\0';
}

static void
load_page(void)
{
	char path[512];
	FILE *f;
	long n;

	snprintf(path, sizeof(path), "%s/../doc/keepalived.conf.5",
	    TEST_SRCDIR);
	f = fopen(path, "r");
	ck_assert_ptr_nonnull(f);
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	rewind(f);
	page = malloc((size_t)n + 1);
	ck_assert_uint_eq(fread(page, 1, (size_t)n, f), (size_t)n);
	page[n] = '\0';
	fclose(f);
	unescape_hyphens(page);
}

/* name as a whole word on a line that starts with a bold macro, or
 * inside \fB...\fR. */
static bool
documented(const char *name)
{
	size_t len = strlen(name);
	const char *s, *line;

	for (s = strstr(page, name); s != NULL; s = strstr(s + 1, name)) {
		bool bold = s >= page + 3 && !strncmp(s - 3, "\\fB", 3);

		if ((!bold && s > page && (isalnum((unsigned char)s[-1]) ||
		    s[-1] == '_' || s[-1] == '-')) ||
		    isalnum((unsigned char)s[len]) || s[len] == '_' ||
		    s[len] == '-')
			continue;
		for (line = s; line > page && line[-1] != '\n'; line--)
			;
		if (bold || !strncmp(line, ".B", 2) ||
		    !strncmp(line, ".I", 2) || !strncmp(line, ".SS", 3))
			return true;
	}
	return false;
}

static int nmissing;

static void
walk(const struct cfg_block *b, int depth)
{
	size_t i;

	if (b == NULL || depth > 16)
		return;
	for (i = 0; i < b->nkw; i++) {
		if (!documented(b->kw[i].name)) {
			fprintf(stderr, "undocumented: %s in %s\n",
			    b->kw[i].name, b->name);
			nmissing++;
		}
		walk(b->kw[i].sub, depth + 1);
	}
}

START_TEST(test_every_keyword_documented)
{
	load_page();
	nmissing = 0;
	walk(cfg_root_block(), 0);
	ck_assert_int_eq(nmissing, 0);
	free(page);
}
END_TEST

int
main(void)
{
	Suite *s = suite_create("doc");
	TCase *tc = tcase_create("keywords");

	tcase_add_test(tc, test_every_keyword_documented);
	suite_add_tcase(s, tc);
	return unit_run(&s, 1);
}
