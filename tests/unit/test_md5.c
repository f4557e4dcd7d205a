/*
 * test_md5: lib/md5 against the RFC 1321 appendix A.5 test suite and
 * the RFC 2202 section 2 HMAC-MD5 test cases, fed whole and in pieces
 * (so the block buffering is exercised), plus the HTTP_GET digest of
 * "hello" as keepalived's genhash prints it.
 */
#include <stdio.h>
#include <string.h>

#include "unit.h"
#include "md5.h"

static void
hex_of(const uint8_t *d, size_t n, char *out)
{
	size_t i;

	for (i = 0; i < n; i++)
		snprintf(out + 2 * i, 3, "%02x", d[i]);
}

static const struct {
	const char	*msg, *digest;
} rfc1321[] = {
	{ "", "d41d8cd98f00b204e9800998ecf8427e" },
	{ "a", "0cc175b9c0f1b6a831c399e269772661" },
	{ "abc", "900150983cd24fb0d6963f7d28e17f72" },
	{ "message digest", "f96b697d7cb7938d525a2f31aaf161d0" },
	{ "abcdefghijklmnopqrstuvwxyz", "c3fcd3d76192e4007dfb496cca67e13b" },
	{ "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789",
	  "d174ab98d277d9f5a5611c2c9f419d9f" },
	{ "1234567890123456789012345678901234567890123456789012345678901234"
	  "5678901234567890", "57edf4a22be3c955ac49da2e2107b67a" },
	{ "hello", "5d41402abc4b2a76b9719d911017c592" },	/* genhash */
};

START_TEST(md5_rfc1321)
{
	const char *msg = rfc1321[_i].msg;
	size_t len = strlen(msg), i;
	struct md5_ctx m;
	uint8_t d[MD5_DIGEST_LEN];
	char hex[2 * MD5_DIGEST_LEN + 1];

	md5_init(&m);
	md5_update(&m, msg, len);
	md5_final(&m, d);
	hex_of(d, sizeof(d), hex);
	ck_assert_str_eq(hex, rfc1321[_i].digest);

	/* One byte at a time: the same digest. */
	md5_init(&m);
	for (i = 0; i < len; i++)
		md5_update(&m, msg + i, 1);
	md5_final(&m, d);
	hex_of(d, sizeof(d), hex);
	ck_assert_str_eq(hex, rfc1321[_i].digest);
}
END_TEST

/* RFC 2202 section 2: key byte (repeated keylen times) or key string. */
static const struct {
	uint8_t		 keybyte;
	size_t		 keylen;
	const char	*key;
	uint8_t		 databyte;
	size_t		 datalen;
	const char	*data, *digest;
} rfc2202[] = {
	{ 0x0b, 16, NULL, 0, 0, "Hi There",
	  "9294727a3638bb1c13f48ef8158bfc9d" },
	{ 0, 0, "Jefe", 0, 0, "what do ya want for nothing?",
	  "750c783e6ab0b503eaa86e310a5db738" },
	{ 0xaa, 16, NULL, 0xdd, 50, NULL,
	  "56be34521d144c88dbb8c733f0e8b3f6" },
	{ 0, 25, NULL, 0xcd, 50, NULL,	/* key 0x01..0x19 */
	  "697eaf0aca3a3aea3a75164746ffaa79" },
	{ 0x0c, 16, NULL, 0, 0, "Test With Truncation",
	  "56461ef2342edc00f9bab995690efd4c" },
	{ 0xaa, 80, NULL, 0, 0,
	  "Test Using Larger Than Block-Size Key - Hash Key First",
	  "6b1ab7fe4bd7bf8f0b62e6ce61b9d0cd" },
	{ 0xaa, 80, NULL, 0, 0,
	  "Test Using Larger Than Block-Size Key and Larger Than One "
	  "Block-Size Data", "6f630fad67cda0ee1fb1f562db3aa53e" },
};

START_TEST(hmac_rfc2202)
{
	uint8_t key[80], data[80], d[MD5_DIGEST_LEN];
	char hex[2 * MD5_DIGEST_LEN + 1];
	size_t keylen, datalen, i, cut;

	if (rfc2202[_i].key != NULL) {
		keylen = strlen(rfc2202[_i].key);
		memcpy(key, rfc2202[_i].key, keylen);
	} else {
		keylen = rfc2202[_i].keylen;
		for (i = 0; i < keylen; i++)
			key[i] = rfc2202[_i].keybyte != 0 ?
			    rfc2202[_i].keybyte : (uint8_t)(i + 1);
	}
	if (rfc2202[_i].data != NULL) {
		datalen = strlen(rfc2202[_i].data);
		memcpy(data, rfc2202[_i].data, datalen);
	} else {
		datalen = rfc2202[_i].datalen;
		memset(data, rfc2202[_i].databyte, datalen);
	}
	md5_hmac(key, keylen, data, datalen, NULL, 0, d);
	hex_of(d, sizeof(d), hex);
	ck_assert_str_eq(hex, rfc2202[_i].digest);

	/* Split in two buffers anywhere: the same MAC. */
	for (cut = 0; cut <= datalen; cut++) {
		memset(d, 0, sizeof(d));
		md5_hmac(key, keylen, data, cut, data + cut, datalen - cut, d);
		hex_of(d, sizeof(d), hex);
		ck_assert_str_eq(hex, rfc2202[_i].digest);
	}
}
END_TEST

int
main(void)
{
	Suite *s = suite_create("md5");
	TCase *tc = tcase_create("vectors");

	tcase_add_loop_test(tc, md5_rfc1321, 0,
	    (int)(sizeof(rfc1321) / sizeof(rfc1321[0])));
	tcase_add_loop_test(tc, hmac_rfc2202, 0,
	    (int)(sizeof(rfc2202) / sizeof(rfc2202[0])));
	suite_add_tcase(s, tc);
	return unit_run(&s, 1);
}
