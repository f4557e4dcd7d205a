/*
 * test_arena: alignment, packing of strings, large blocks that get a
 * chunk of their own, and chunk boundaries.
 */
#include <stdalign.h>
#include <stdint.h>

#include "unit.h"
#include "arena.h"

START_TEST(test_alignment_and_zero)
{
	struct arena a = { 0 };
	int i;

	for (i = 1; i < 5000; i++) {
		char *s = arena_strndup(&a, "xyz", (size_t)(i % 3));
		unsigned char *p = arena_alloc(&a, (size_t)i);

		ck_assert_uint_eq((uintptr_t)p % alignof(max_align_t), 0);
		ck_assert_uint_eq(p[0], 0);
		ck_assert_uint_eq(p[i - 1], 0);
		memset(p, 0xff, (size_t)i);
		ck_assert_uint_eq(strlen(s), (size_t)(i % 3));
	}
	arena_free(&a);
	ck_assert_ptr_null(a.head);
}
END_TEST

START_TEST(test_strings_packed)
{
	struct arena a = { 0 };
	char *x = arena_strdup(&a, "ab");
	char *y = arena_strdup(&a, "cd");

	/* Strings need no alignment: consecutive in one chunk. */
	ck_assert_ptr_eq(y, x + 3);
	ck_assert_str_eq(arena_printf(&a, "%s-%d", x, 7), "ab-7");
	arena_free(&a);
}
END_TEST

START_TEST(test_large_and_boundaries)
{
	struct arena a = { 0 };
	char *small = arena_strdup(&a, "keep");
	char *big = arena_alloc(&a, 10 * 1024 * 1024);
	char *after;
	int i;

	memset(big, 'b', 10 * 1024 * 1024);
	/* The big block did not displace the current chunk. */
	after = arena_strdup(&a, "next");
	ck_assert_ptr_eq(after, small + 5);
	/* Fill past many chunk boundaries with odd sizes. */
	for (i = 0; i < 100000; i++) {
		char *s = arena_strndup(&a, "0123456789", (size_t)(i % 11));

		ck_assert_uint_eq(strlen(s), (size_t)(i % 11));
	}
	ck_assert_str_eq(small, "keep");
	arena_free(&a);
}
END_TEST

int
main(void)
{
	Suite *s = suite_create("arena");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_alignment_and_zero);
	tcase_add_test(tc, test_strings_packed);
	tcase_add_test(tc, test_large_and_boundaries);
	suite_add_tcase(s, tc);
	return unit_run(&s, 1);
}
