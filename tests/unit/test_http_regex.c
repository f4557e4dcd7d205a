/*
 * test_http_regex: HTTP_GET/SSL_GET's response core (check_http.h) fed
 * with canned responses, whole and cut into pieces of every size, as
 * they come from a socket: status codes and ranges, the MD5 digest
 * bounded by Content-Length, regex, regex_no_match, regex_options,
 * regex_min_offset/regex_max_offset and matches spanning reads.  The
 * urls come from the real parser.
 */
#include <stdlib.h>

#include "config.h"
#include "unit.h"
#include "check_http.h"

#ifdef HAVE_PCRE2
#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
#endif

/* "hello" as genhash prints it. */
#define HELLO_MD5	"5d41402abc4b2a76b9719d911017c592"

static struct conf *conf;

/* The first url of a config with one HTTP_GET whose url body is given. */
static const struct check_url *
url_of(const char *url_body)
{
	char text[2048];
	struct unit_diags d;
	const struct check_vs *vs;
	const struct check_rs *rs;
	const struct check_conf *ck;
	int i;

	snprintf(text, sizeof(text), "virtual_server 10.0.0.1 80 {\n"
	    " protocol TCP\n lb_algo rr\n lb_kind NAT\n"
	    " real_server 10.0.0.2 80 {\n  HTTP_GET {\n   url {\n"
	    "    path /\n%s\n   }\n  }\n }\n}\n", url_body);
	conf_free(conf);
	conf = unit_parse(text, &d, NULL);
	for (i = 0; i < d.n; i++)
		fprintf(stderr, "diag: %s\n", d.msg[i]);
	ck_assert_ptr_nonnull(conf);
	vs = STAILQ_FIRST(&conf->check.vss);
	ck_assert_ptr_nonnull(vs);
	rs = STAILQ_FIRST(&vs->rs);
	ck_assert_ptr_nonnull(rs);
	ck = STAILQ_FIRST(&rs->checkers);
	ck_assert_ptr_nonnull(ck);
	return STAILQ_FIRST(&ck->u.http.urls);
}

/* Feed resp in pieces of chunk bytes; the verdict. */
static enum http_verdict
judge(const struct check_url *u, const char *resp, size_t len, size_t chunk,
    const char **msg)
{
	static struct http_resp r;
	enum http_verdict v;
	size_t off, n;

	http_resp_init(&r, u);
	for (off = 0; off < len; off += n) {
		n = len - off < chunk ? len - off : chunk;
		http_resp_feed(&r, resp + off, n);
	}
	v = http_resp_end(&r, msg);
	http_resp_free(&r);
	return v;
}

static const size_t chunks[] = { 1, 2, 3, 7, 64, 1000, 4096, 100000 };
#define NCHUNKS	(sizeof(chunks) / sizeof(chunks[0]))

/* The same verdict however the response is cut. */
static void
expect(const char *url_body, const char *resp, size_t len,
    enum http_verdict want, const char *want_msg)
{
	const struct check_url *u = url_of(url_body);
	const char *msg;
	enum http_verdict v;
	size_t i;

	for (i = 0; i < NCHUNKS; i++) {
		v = judge(u, resp, len, chunks[i], &msg);
		ck_assert_msg(v == want, "url {%s} chunk %zu: %s, want %s",
		    url_body, chunks[i], http_verdict_str(v),
		    http_verdict_str(want));
		if (want == HTTP_V_OK && want_msg != NULL)
			ck_assert_str_eq(msg, want_msg);
	}
}

#define EXPECT(u, r, v, m)	expect((u), (r), strlen(r), (v), (m))

START_TEST(test_status)
{
	ck_assert_int_eq(http_status_code("HTTP/1.0 200 OK\r\n", 17), 200);
	ck_assert_int_eq(http_status_code("HTTP/1.1 404 Not\r\n", 18), 404);
	/* keepalived needs a space after the code. */
	ck_assert_int_eq(http_status_code("HTTP/1.0 200\r\n\r\n", 16), 0);
	ck_assert_int_eq(http_status_code("HTTP/1.0  200 OK\r\n", 18), 0);
	ck_assert_int_eq(http_status_code("garbage\r\n\r\n", 11), 0);

	EXPECT("", "HTTP/1.0 200 OK\r\n\r\nbody", HTTP_V_OK,
	    "HTTP status code");
	EXPECT("", "HTTP/1.1 299 Fine\r\nX: y\r\n\r\n", HTTP_V_OK, NULL);
	EXPECT("", "HTTP/1.0 404 Not Found\r\n\r\nnope", HTTP_V_STATUS, NULL);
	EXPECT("", "HTTP/1.0 302 Found\r\n\r\n", HTTP_V_STATUS, NULL);
	EXPECT("status_code 404", "HTTP/1.0 404 Not Found\r\n\r\n",
	    HTTP_V_OK, NULL);
	EXPECT("status_code 404", "HTTP/1.0 200 OK\r\n\r\n", HTTP_V_STATUS,
	    NULL);
	EXPECT("status_code 200 300-399 503", "HTTP/1.0 302 F\r\n\r\n",
	    HTTP_V_OK, NULL);
	EXPECT("status_code 200 300-399 503", "HTTP/1.0 503 U\r\n\r\n",
	    HTTP_V_OK, NULL);
	EXPECT("status_code 200 300-399 503", "HTTP/1.0 502 B\r\n\r\n",
	    HTTP_V_STATUS, NULL);
	EXPECT("", "HTTP/1.0 200\r\n\r\n", HTTP_V_STATUS, NULL);
	/* No end of header, nothing at all. */
	EXPECT("", "HTTP/1.0 200 OK\r\nX: y\r\n", HTTP_V_NO_DATA, NULL);
	EXPECT("", "", HTTP_V_NO_DATA, NULL);
}
END_TEST

START_TEST(test_digest)
{
	EXPECT("digest " HELLO_MD5, "HTTP/1.0 200 OK\r\n\r\nhello", HTTP_V_OK,
	    "MD5 digest");
	EXPECT("digest " HELLO_MD5, "HTTP/1.0 200 OK\r\n\r\nhellO",
	    HTTP_V_DIGEST, NULL);
	/* Only Content-Length bytes are digested, as keepalived. */
	EXPECT("digest " HELLO_MD5, "HTTP/1.0 200 OK\r\nContent-Length: 5\r\n"
	    "\r\nhello trailing", HTTP_V_OK, NULL);
	EXPECT("digest " HELLO_MD5, "HTTP/1.0 200 OK\r\nContent-Length: 9\r\n"
	    "\r\nhello", HTTP_V_OK, NULL);
	/* The status is judged first. */
	EXPECT("digest " HELLO_MD5, "HTTP/1.0 500 Oops\r\n\r\nhello",
	    HTTP_V_STATUS, NULL);
}
END_TEST

#ifdef HAVE_PCRE2
START_TEST(test_regex)
{
	EXPECT("regex \"vigil ok\"", "HTTP/1.0 200 OK\r\n\r\nsays vigil ok\n",
	    HTTP_V_OK, "Regex match");
	EXPECT("regex \"vigil ok\"", "HTTP/1.0 200 OK\r\n\r\nsays vigil KO\n",
	    HTTP_V_REGEX, NULL);
	EXPECT("regex \"vigil ok\"\nregex_no_match",
	    "HTTP/1.0 200 OK\r\n\r\nsays vigil ok\n", HTTP_V_REGEX, NULL);
	EXPECT("regex \"vigil ok\"\nregex_no_match",
	    "HTTP/1.0 200 OK\r\n\r\nsays nothing\n", HTTP_V_OK, NULL);
	/* The digest is judged before the regex. */
	EXPECT("digest " HELLO_MD5 "\nregex hello",
	    "HTTP/1.0 200 OK\r\n\r\nhello", HTTP_V_OK, "Regex match");
	EXPECT("digest " HELLO_MD5 "\nregex nothere",
	    "HTTP/1.0 200 OK\r\n\r\nhello", HTTP_V_REGEX, NULL);
	/* The response from its first byte: headers are matched too. */
	EXPECT("regex \"^HTTP/1[.][01] 200\"", "HTTP/1.0 200 OK\r\n\r\nx",
	    HTTP_V_OK, NULL);
}
END_TEST

START_TEST(test_regex_options)
{
	ck_assert_uint_eq(http_regex_options(0), 0);
	/* Bits as the parser numbers check_regex_option_names. */
	ck_assert_uint_eq(http_regex_options(1U << 3), PCRE2_CASELESS);
	ck_assert_uint_eq(http_regex_options(1U << 10), PCRE2_MULTILINE);
	ck_assert_uint_eq(http_regex_options(1U << 5 | 1U << 18),
	    PCRE2_DOTALL | PCRE2_UNGREEDY);
	ck_assert_uint_eq(http_regex_options(1U << 23),
	    PCRE2_USE_OFFSET_LIMIT);
	ck_assert_uint_eq(url_of("regex x\nregex_options caseless "
	    "multiline")->regex_options, 1U << 3 | 1U << 10);

	EXPECT("regex \"vigil ok\"", "HTTP/1.0 200 OK\r\n\r\nVIGIL OK",
	    HTTP_V_REGEX, NULL);
	EXPECT("regex \"vigil ok\"\nregex_options caseless",
	    "HTTP/1.0 200 OK\r\n\r\nVIGIL OK", HTTP_V_OK, NULL);
	EXPECT("regex \"^ok$\"", "HTTP/1.0 200 OK\r\n\r\nstatus\nok\nend",
	    HTTP_V_REGEX, NULL);
	EXPECT("regex \"^ok$\"\nregex_options multiline",
	    "HTTP/1.0 200 OK\r\n\r\nstatus\nok\nend", HTTP_V_OK, NULL);
	EXPECT("regex \"a.b\"", "HTTP/1.0 200 OK\r\n\r\na\nb", HTTP_V_REGEX,
	    NULL);
	EXPECT("regex \"a.b\"\nregex_options dotall",
	    "HTTP/1.0 200 OK\r\n\r\na\nb", HTTP_V_OK, NULL);
	/* A pattern that does not compile is reported and not applied. */
	EXPECT("regex \"(unclosed\"", "HTTP/1.0 200 OK\r\n\r\nx", HTTP_V_OK,
	    "HTTP status code");
}
END_TEST

/* A big body with a marker at body offset at. */
static char *
big_body(size_t total, size_t at, const char *marker, size_t *len)
{
	static const char hdr[] = "HTTP/1.0 200 OK\r\n\r\n";
	size_t h = sizeof(hdr) - 1, i;
	char *r = malloc(h + total + 1);

	ck_assert_ptr_nonnull(r);
	memcpy(r, hdr, h);
	for (i = 0; i < total; i++)
		r[h + i] = (char)('a' + i % 23);
	if (marker != NULL)
		memcpy(r + h + at, marker, strlen(marker));
	r[h + total] = '\0';
	*len = h + total;
	return r;
}

START_TEST(test_regex_streamed)
{
	size_t len, at;
	char *r;

	/* A match across read boundaries, wherever it falls. */
	for (at = 4090; at < 4110; at += 3) {
		r = big_body(50000, at, "MARKER-1234-END", &len);
		expect("regex \"MARKER-[0-9]+-END\"", r, len, HTTP_V_OK, NULL);
		free(r);
	}
	r = big_body(50000, 30000, "MARKER-12x4-END", &len);
	expect("regex \"MARKER-[0-9]+-END\"", r, len, HTTP_V_REGEX, NULL);
	free(r);
	/* Lookbehind kept across reads. */
	r = big_body(20000, 8190, "xyzQRS", &len);
	expect("regex \"(?<=xyz)QRS\"", r, len, HTTP_V_OK, NULL);
	free(r);
	/* A match that only completes with the end of the stream. */
	r = big_body(9000, 8994, "TAILab", &len);
	expect("regex \"TAILab*\"", r, len, HTTP_V_OK, NULL);
	free(r);
}
END_TEST

START_TEST(test_regex_offsets)
{
	/* Offsets count from the response's first byte (19: body). */
	const char *resp = "HTTP/1.0 200 OK\r\n\r\n0123456789MARK456789";
	size_t len, hl = 19;
	char *r, u[256];

	EXPECT("regex MARK\nregex_min_offset 20", resp, HTTP_V_OK, NULL);
	EXPECT("regex MARK\nregex_min_offset 29", resp, HTTP_V_OK, NULL);
	EXPECT("regex MARK\nregex_min_offset 30", resp, HTTP_V_REGEX, NULL);
	EXPECT("regex MARK\nregex_max_offset 29", resp, HTTP_V_OK, NULL);
	EXPECT("regex MARK\nregex_max_offset 28", resp, HTTP_V_REGEX, NULL);
	EXPECT("regex MARK\nregex_min_offset 29\nregex_max_offset 30", resp,
	    HTTP_V_OK, NULL);
	EXPECT("regex MARK\nregex_no_match\nregex_min_offset 30", resp,
	    HTTP_V_OK, NULL);
	/* Far into a big body. */
	r = big_body(60000, 40000, "MARK", &len);
	snprintf(u, sizeof(u), "regex MARK\nregex_min_offset %zu",
	    hl + 39000);
	expect(u, r, len, HTTP_V_OK, NULL);
	snprintf(u, sizeof(u), "regex MARK\nregex_min_offset %zu",
	    hl + 40001);
	expect(u, r, len, HTTP_V_REGEX, NULL);
	snprintf(u, sizeof(u), "regex MARK\nregex_max_offset %zu",
	    hl + 40000);
	expect(u, r, len, HTTP_V_OK, NULL);
	snprintf(u, sizeof(u), "regex MARK\nregex_max_offset %zu",
	    hl + 39999);
	expect(u, r, len, HTTP_V_REGEX, NULL);
	free(r);
	/* regex_stack gives the JIT its own stack: still matches. */
	EXPECT("regex MARK\nregex_stack 32768 1048576", resp, HTTP_V_OK, NULL);
}
END_TEST

#endif	/* HAVE_PCRE2 */

static Suite *
http_regex_suite(void)
{
	Suite *s = suite_create("http_regex");
	TCase *tc = tcase_create("resp");

	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_status);
	tcase_add_test(tc, test_digest);
#ifdef HAVE_PCRE2
	tcase_add_test(tc, test_regex);
	tcase_add_test(tc, test_regex_options);
	tcase_add_test(tc, test_regex_streamed);
	tcase_add_test(tc, test_regex_offsets);
#endif
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	Suite *s[] = { http_regex_suite() };

	return unit_run(s, 1);
}
