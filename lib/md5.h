/*
 * md5: MD5 (RFC 1321) and HMAC-MD5 (RFC 2104) as pure functions.
 *
 * One MD5 for the tree, written here rather than taken from OpenSSL
 * (optional in the build): HTTP_GET body digests (checker/check_http.c)
 * and VRRPv2 IPSEC-AH, whose ICV is HMAC-MD5-96 (vrrp/pkt.c).  Not for
 * anything that needs collision resistance.
 */
#ifndef VIGIL_LIB_MD5_H
#define VIGIL_LIB_MD5_H

#include <stddef.h>
#include <stdint.h>

#define MD5_DIGEST_LEN	16
#define MD5_BLOCK_LEN	64

/* An MD5 computation in progress. */
struct md5_ctx {
	uint32_t	st[4];
	uint64_t	len;			/* bytes so far */
	uint8_t		buf[MD5_BLOCK_LEN];
};

void	md5_init(struct md5_ctx *);
void	md5_update(struct md5_ctx *, const void *, size_t);
/* Writes the digest; the context must be initialised again for reuse. */
void	md5_final(struct md5_ctx *, uint8_t out[MD5_DIGEST_LEN]);

/*
 * HMAC-MD5 of the concatenation of up to two buffers (a key longer than
 * the block is hashed first, as RFC 2104 says).  Either buffer may be
 * NULL with length 0.
 */
void	md5_hmac(const void *key, size_t keylen, const void *d1, size_t n1,
	    const void *d2, size_t n2, uint8_t out[MD5_DIGEST_LEN]);

#endif
