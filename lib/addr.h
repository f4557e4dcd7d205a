/*
 * addr: an IPv4 or IPv6 address with an optional prefix length, the one
 * address type shared by the config model, VRRP and the checker.
 */
#ifndef VIGIL_ADDR_H
#define VIGIL_ADDR_H

#include <netinet/in.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct addr {
	sa_family_t	family;		/* AF_UNSPEC when unset */
	uint8_t		prefix;		/* 32/128 when not given */
	bool		has_prefix;
	union {
		struct in_addr	v4;
		struct in6_addr	v6;
	} u;
};

#define ADDR_STRLEN	(INET6_ADDRSTRLEN + 4)

/* Parse "a.b.c.d", "a.b.c.d/n", "x::y", "x::y/n".  0 or -1 (EINVAL). */
int	 addr_parse(const char *, struct addr *);
/* Like addr_parse but a prefix is rejected. */
int	 addr_parse_host(const char *, struct addr *);
/* Text form; the prefix is shown only if it was given. */
const char *addr_str(const struct addr *, char *, size_t);
int	 addr_cmp(const struct addr *, const struct addr *);
bool	 addr_is_set(const struct addr *);

#endif
