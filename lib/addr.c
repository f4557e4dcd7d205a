/*
 * addr: parsing and printing of struct addr.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "addr.h"

static int
addr_parse_prefix(const char *s, unsigned max, uint8_t *out)
{
	char *end;
	unsigned long v;

	if (*s < '0' || *s > '9')
		return -1;
	errno = 0;
	v = strtoul(s, &end, 10);
	if (errno != 0 || *end != '\0' || v > max)
		return -1;
	*out = (uint8_t)v;
	return 0;
}

int
addr_parse(const char *s, struct addr *a)
{
	char buf[INET6_ADDRSTRLEN + 8];
	char *slash;
	size_t len = strlen(s);

	memset(a, 0, sizeof(*a));
	if (len == 0 || len >= sizeof(buf))
		goto bad;
	memcpy(buf, s, len + 1);
	slash = strchr(buf, '/');
	if (slash != NULL)
		*slash++ = '\0';
	if (strchr(buf, ':') != NULL) {
		if (inet_pton(AF_INET6, buf, &a->u.v6) != 1)
			goto bad;
		a->family = AF_INET6;
		a->prefix = 128;
	} else {
		if (inet_pton(AF_INET, buf, &a->u.v4) != 1)
			goto bad;
		a->family = AF_INET;
		a->prefix = 32;
	}
	if (slash != NULL) {
		if (addr_parse_prefix(slash, a->prefix, &a->prefix) == -1)
			goto bad;
		a->has_prefix = true;
	}
	return 0;
bad:
	memset(a, 0, sizeof(*a));
	errno = EINVAL;
	return -1;
}

int
addr_parse_host(const char *s, struct addr *a)
{
	if (strchr(s, '/') != NULL) {
		memset(a, 0, sizeof(*a));
		errno = EINVAL;
		return -1;
	}
	return addr_parse(s, a);
}

const char *
addr_str(const struct addr *a, char *buf, size_t len)
{
	char tmp[INET6_ADDRSTRLEN];

	if (a->family != AF_INET && a->family != AF_INET6) {
		snprintf(buf, len, "(none)");
		return buf;
	}
	inet_ntop(a->family, &a->u, tmp, sizeof(tmp));
	if (a->has_prefix)
		snprintf(buf, len, "%s/%u", tmp, a->prefix);
	else
		snprintf(buf, len, "%s", tmp);
	return buf;
}

int
addr_cmp(const struct addr *a, const struct addr *b)
{
	if (a->family != b->family)
		return a->family < b->family ? -1 : 1;
	if (a->family == AF_INET)
		return memcmp(&a->u.v4, &b->u.v4, sizeof(a->u.v4));
	if (a->family == AF_INET6)
		return memcmp(&a->u.v6, &b->u.v6, sizeof(a->u.v6));
	return 0;
}

bool
addr_is_set(const struct addr *a)
{
	return a->family == AF_INET || a->family == AF_INET6;
}
