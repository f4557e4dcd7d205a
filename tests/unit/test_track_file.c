/*
 * test_track_file: lib/track_file.c, the tracked file value and its
 * inotify watcher.  The value table is keepalived 2.2.7's
 * process_track_file; the watcher runs on a real loop over a real
 * directory: writes, rename-over, delete and re-create must each give
 * the new value within a bounded number of loop iterations.
 */
#include <sys/stat.h>

#include <limits.h>

#include "unit.h"
#include "conf.h"
#include "evloop.h"
#include "track_file.h"
#include "xalloc.h"

/* One directory per test case, made and removed by its fixture. */
static char dir[64];

static void
dir_setup(void)
{
	snprintf(dir, sizeof(dir), "/tmp/vigil-tfile.XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(dir));
}

static void
dir_teardown(void)
{
	const char *argv[] = { "rm", "-rf", dir, NULL };

	ck_assert_int_eq(unit_capture(argv, NULL, 0), 0);
}

/* dir/name, in one of four buffers (two may be used in one call). */
static const char *
at(const char *name)
{
	static char p[4][128];
	static unsigned n;

	n = (n + 1) % 4;
	snprintf(p[n], sizeof(p[n]), "%s/%s", dir, name);
	return p[n];
}

static void
put(const char *name, const char *text)
{
	int fd;

	fd = open(at(name), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(write(fd, text, strlen(text)), (ssize_t)strlen(text));
	close(fd);
}

/* --- the value ------------------------------------------------------------ */

static const struct {
	const char	*text;
	int		 rc;
	int64_t		 value;
} parse_table[] = {
	{ "", 0, 0 },
	{ "5", 0, 5 },
	{ "5\n", 0, 5 },
	{ "  -3\n", 0, -3 },
	{ "0x10", 0, 16 },		/* base 0, as keepalived */
	{ "010", 0, 8 },
	{ "abc", 0, 0 },		/* garbage is 0 */
	{ "12abc", 0, 12 },
	{ "2147483647", 0, 2147483647 },
	{ "2147483648", 0, 2147483648LL },	/* INT32_MAX + 1 is allowed */
	{ "2147483649", -1, 2147483649LL },
	{ "-2147483648", 0, -2147483648LL },
	{ "-2147483649", -1, -2147483649LL },
	{ "99999999999999999999999", -1, LLONG_MAX },
};

START_TEST(test_parse_table)
{
	size_t i;
	int64_t v;
	int rc;

	for (i = 0; i < sizeof(parse_table) / sizeof(parse_table[0]); i++) {
		errno = 0;
		rc = tfile_parse(parse_table[i].text,
		    strlen(parse_table[i].text), &v);
		ck_assert_msg(rc == parse_table[i].rc && v ==
		    parse_table[i].value, "\"%s\": rc %d value %lld",
		    parse_table[i].text, rc, (long long)v);
		if (rc == -1)
			ck_assert_int_eq(errno, ERANGE);
	}
}
END_TEST

/* Only the first 127 bytes count (keepalived's read buffer). */
START_TEST(test_parse_limit)
{
	char buf[200];
	int64_t v;

	memset(buf, ' ', sizeof(buf));
	buf[TFILE_READ_MAX - 1] = '4';
	buf[TFILE_READ_MAX] = '2';
	ck_assert_int_eq(tfile_parse(buf, sizeof(buf), &v), 0);
	ck_assert_int_eq(v, 4);
}
END_TEST

START_TEST(test_read)
{
	int64_t v = 99;

	ck_assert_int_eq(tfile_read(at("missing"), &v), 0);
	ck_assert_int_eq(v, 0);
	put("f", "");
	ck_assert_int_eq(tfile_read(at("f"), &v), 0);
	ck_assert_int_eq(v, 0);
	put("f", "-17\n");
	ck_assert_int_eq(tfile_read(at("f"), &v), 0);
	ck_assert_int_eq(v, -17);
	put("f", "5000000000\n");
	ck_assert_int_eq(tfile_read(at("f"), &v), -1);
}
END_TEST

static bool
has_text(const char *path, const char *want)
{
	char buf[64];
	ssize_t n;
	int fd;

	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1)
		return false;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n < 0)
		return false;
	buf[n] = '\0';
	return strcmp(buf, want) == 0;
}

START_TEST(test_init)
{
	struct stat st;
	mode_t old = umask(022);

	/* init_file 5: created when missing, kept when present. */
	ck_assert_int_eq(tfile_init(at("i"), 5, false, false),
	    TFILE_INIT_WRITTEN);
	ck_assert(has_text(at("i"), "5\n"));
	ck_assert_int_eq(stat(at("i"), &st), 0);
	ck_assert_int_eq(st.st_mode & 0777, 0644);
	ck_assert_int_eq(tfile_init(at("i"), 7, false, false),
	    TFILE_INIT_KEPT);
	ck_assert(has_text(at("i"), "5\n"));
	/* overwrite: written at start, not on a reload. */
	ck_assert_int_eq(tfile_init(at("i"), -7, true, false),
	    TFILE_INIT_WRITTEN);
	ck_assert(has_text(at("i"), "-7\n"));
	ck_assert_int_eq(tfile_init(at("i"), 9, true, true),
	    TFILE_INIT_KEPT);
	ck_assert(has_text(at("i"), "-7\n"));
	/* A reload still creates a missing file. */
	ck_assert_int_eq(tfile_init(at("j"), 3, true, true),
	    TFILE_INIT_WRITTEN);
	ck_assert(has_text(at("j"), "3\n"));
	ck_assert_int_eq(mkdir(at("d"), 0755), 0);
	ck_assert_int_eq(tfile_init(at("d"), 1, true, false),
	    TFILE_INIT_NOT_REGULAR);
	ck_assert_int_eq(tfile_init(at("d"), 1, false, false),
	    TFILE_INIT_KEPT);
	ck_assert_int_eq(tfile_init(at("nodir/x"), 1, false, false),
	    TFILE_INIT_FAILED);
	umask(old);
}
END_TEST

START_TEST(test_resolve)
{
	char out[PATH_MAX], want[PATH_MAX + 8], rdir[PATH_MAX];
	bool exists;

	ck_assert_ptr_nonnull(realpath(dir, rdir));
	put("f", "1");
	ck_assert_int_eq(symlink(at("f"), at("link")), 0);
	ck_assert_int_eq(tfile_resolve(at("link"), out, sizeof(out), &exists),
	    0);
	ck_assert(exists);
	snprintf(want, sizeof(want), "%s/f", rdir);
	ck_assert_str_eq(out, want);
	ck_assert_int_eq(tfile_resolve(at("new"), out, sizeof(out), &exists),
	    0);
	ck_assert(!exists);
	snprintf(want, sizeof(want), "%s/new", rdir);
	ck_assert_str_eq(out, want);
	errno = 0;
	ck_assert_int_eq(tfile_resolve(at("nodir/x"), out, sizeof(out),
	    &exists), -1);
	ck_assert_int_eq(errno, ENOENT);
	put("plain", "1");
	ck_assert_int_eq(tfile_resolve(at("plain/x"), out, sizeof(out),
	    &exists), -1);
}
END_TEST

/* --- the watcher ---------------------------------------------------------- */

static unsigned ncalls;
static int64_t last;
static struct tfile *last_tf;

static void
changed(struct tfile *tf, void *arg)
{
	ncalls++;
	last = tf->value;
	last_tf = tf;
}

/* Run the loop until tf holds want (and was reported), 200 rounds of at
 * most 10 ms. */
static bool
wait_value(struct ev_loop *l, struct tfile *tf, int64_t want)
{
	int i;

	for (i = 0; i < 200; i++) {
		if (tf->value == want && last_tf == tf && last == want)
			return true;
		ev_loop_once(l, 10000);
	}
	return tf->value == want;
}

static struct tfile *
follow(struct tfile_watch *w, const char *name)
{
	char real[PATH_MAX];
	bool exists;

	ck_assert_int_eq(tfile_resolve(at(name), real, sizeof(real), &exists),
	    0);
	return tfile_watch_add(w, name, at(name), real, exists, changed, NULL);
}

START_TEST(test_watch_events)
{
	struct ev_loop *l = ev_loop_new();
	struct tfile_watch w;
	struct tfile *tf, *other;
	unsigned n;

	ncalls = 0;
	last_tf = NULL;
	put("v", "1\n");
	tfile_watch_init(&w, l);
	tf = follow(&w, "v");
	ck_assert_ptr_nonnull(tf);
	ck_assert_int_eq(tf->value, 1);
	ck_assert_int_eq(ncalls, 0);		/* the first read is silent */
	ck_assert_ptr_eq(tfile_watch_find(&w, "v", at("v")), tf);

	put("v", "5\n");			/* write in place */
	ck_assert(wait_value(l, tf, 5));
	put("v.tmp", "7\n");			/* an editor: rename over */
	ck_assert_int_eq(rename(at("v.tmp"), at("v")), 0);
	ck_assert(wait_value(l, tf, 7));
	ck_assert_int_eq(unlink(at("v")), 0);	/* delete: 0 */
	ck_assert(wait_value(l, tf, 0));
	put("v", "3\n");			/* re-create */
	ck_assert(wait_value(l, tf, 3));
	ck_assert_int_eq(rename(at("v"), at("away")), 0); /* moved away */
	ck_assert(wait_value(l, tf, 0));
	ck_assert_int_eq(rename(at("away"), at("v")), 0); /* moved back */
	ck_assert(wait_value(l, tf, 3));

	/* An out of range number is ignored: the value stays. */
	n = w.nevents;
	put("v", "9999999999\n");
	for (int i = 0; i < 200 && w.nevents == n; i++)
		ev_loop_once(l, 10000);
	ck_assert_uint_gt(w.nevents, n);
	ck_assert_int_eq(tf->value, 3);

	/* A second file in the same directory shares the watch; another
	 * file there changes nothing. */
	put("o", "2\n");
	other = follow(&w, "o");
	ck_assert_ptr_nonnull(other);
	ck_assert_int_eq(other->wd, tf->wd);
	n = ncalls;
	put("unrelated", "8\n");
	put("o", "4\n");
	ck_assert(wait_value(l, other, 4));
	ck_assert_uint_eq(ncalls, n + 1);
	tfile_watch_del(&w, other);		/* v is still followed */
	put("v", "6\n");
	ck_assert(wait_value(l, tf, 6));

	tfile_watch_close(&w);
	ev_loop_free(l);
}
END_TEST

/* A file that does not exist yet: value 0, then followed once created. */
START_TEST(test_watch_missing)
{
	struct ev_loop *l = ev_loop_new();
	struct tfile_watch w;
	struct tfile *tf;

	last_tf = NULL;
	tfile_watch_init(&w, l);
	tf = follow(&w, "later");
	ck_assert_ptr_nonnull(tf);
	ck_assert_int_eq(tf->value, 0);
	put("later", "12\n");
	ck_assert(wait_value(l, tf, 12));
	tfile_watch_close(&w);
	ev_loop_free(l);
}
END_TEST

/* tfile_follow: keepalived drops a file whose directory is missing. */
START_TEST(test_follow_conf)
{
	struct ev_loop *l = ev_loop_new();
	struct tfile_watch w;
	struct vrrp_track_file_conf c;
	struct tfile *tf;
	memset(&c, 0, sizeof(c));
	tfile_watch_init(&w, l);
	c.name = xstrdup("gone");
	c.path = xstrdup(at("nodir/x"));
	tf = tfile_follow(&w, &c, changed, NULL);
	ck_assert_ptr_nonnull(tf);
	ck_assert_int_eq(tf->wd, -1);
	ck_assert_int_eq(tf->value, 0);

	/* init_file 4 then followed: the created value is read. */
	free(c.name);
	c.name = xstrdup("init");
	free(c.path);
	c.path = xstrdup(at("init"));
	c.init_file = true;
	c.init_value = 4;
	tfile_conf_init(&c, false);
	tf = tfile_follow(&w, &c, changed, NULL);
	ck_assert_ptr_nonnull(tf);
	ck_assert_int_ne(tf->wd, -1);
	ck_assert_int_eq(tf->value, 4);
	free(c.path);
	free(c.name);
	tfile_watch_close(&w);
	ev_loop_free(l);
}
END_TEST

int
main(void)
{
	Suite *s = suite_create("track_file");
	TCase *tv = tcase_create("value");
	TCase *tw = tcase_create("watch");

	tcase_add_test(tv, test_parse_table);
	tcase_add_test(tv, test_parse_limit);
	tcase_add_test(tv, test_read);
	tcase_add_test(tv, test_init);
	tcase_add_test(tv, test_resolve);
	tcase_add_test(tw, test_watch_events);
	tcase_add_test(tw, test_watch_missing);
	tcase_add_test(tw, test_follow_conf);
	/* In the parent: the directory goes even when a test fails. */
	tcase_add_unchecked_fixture(tv, dir_setup, dir_teardown);
	tcase_add_unchecked_fixture(tw, dir_setup, dir_teardown);
	tcase_set_timeout(tw, 30);
	suite_add_tcase(s, tv);
	suite_add_tcase(s, tw);
	return unit_run(&s, 1);
}
