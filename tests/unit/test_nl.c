/*
 * test_nl: the libmnl wrappers (lib/nl*.c) against the real kernel.
 *
 * Isolation: Check forks every test case (CK_FORK, its default), and the
 * checked fixture runs in that child: it calls unshare(CLONE_NEWNET) and
 * creates the veth pair veth0/veth1 in the new, private namespace.  The
 * namespace, and all that was created in it, disappears when the test's
 * process exits, so nothing leaks to the host and there is nothing to
 * clean up.  Needs root (CAP_NET_ADMIN) and iproute2's ip, which serves
 * as the independent oracle ("ip -o addr", "ip -o link").
 */
#include <sys/wait.h>

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <sched.h>
#include <time.h>
#include <unistd.h>

#include <linux/if_addr.h>
#include <linux/rtnetlink.h>

#include "unit.h"
#include "conf_iproute.h"
#include "nl.h"
#include "nl_addr.h"
#include "nl_link.h"

/* --- helpers ------------------------------------------------------------ */

static char oracle[16384];

/* "ip -o <what> show dev veth0" into oracle. */
static const char *
ip_show(const char *what)
{
	const char *const argv[] = { "ip", "-o", what, "show", "dev",
	    "veth0", NULL };

	ck_assert_int_eq(unit_capture(argv, oracle, sizeof(oracle)), 0);
	return oracle;
}

/* The line of oracle that contains needle (a copy). */
static const char *
oracle_line(const char *needle)
{
	static char line[1024];
	const char *p = strstr(oracle, needle), *start, *end;

	ck_assert_msg(p != NULL, "%s not in %s", needle, oracle);
	for (start = p; start > oracle && start[-1] != '\n'; start--)
		;
	end = strchr(p, '\n');
	if (end == NULL)
		end = p + strlen(p);
	snprintf(line, sizeof(line), "%.*s", (int)(end - start), start);
	return line;
}

static struct nl_sock ns;
static int if0, if1;

static void
netns_setup(void)
{
	struct nl_link l;

	ck_assert_msg(unshare(CLONE_NEWNET) == 0, "unshare(CLONE_NEWNET): "
	    "%s (needs root)", strerror(errno));
	UNIT_RUN("ip", "link", "add", "veth0", "type", "veth", "peer", "name",
	    "veth1");
	ck_assert_int_eq(nl_open(&ns, 0), 0);
	ck_assert_int_eq(nl_link_get_by_name(&ns, "veth0", &l), 0);
	if0 = l.ifindex;
	ck_assert_int_eq(nl_link_get_by_name(&ns, "veth1", &l), 0);
	if1 = l.ifindex;
}

static void
netns_teardown(void)
{
	/* The namespace goes with this process. */
	nl_close(&ns);
}

static void
mkaddr(struct addr *a, const char *s)
{
	ck_assert_int_eq(addr_parse(s, a), 0);
}

static struct nl_addr
v4(const char *s)
{
	struct nl_addr a;

	memset(&a, 0, sizeof(a));
	a.ifindex = if0;
	mkaddr(&a.addr, s);
	return a;
}

/* Find one address in our own listing. */
struct find {
	struct addr	want;
	struct nl_addr	got;
	int		n;
};

static int
find_cb(const struct nl_addr *a, void *arg)
{
	struct find *f = arg;

	if (a->addr.family == f->want.family &&
	    memcmp(&a->addr.u, &f->want.u, a->addr.family == AF_INET ?
	    4 : 16) == 0) {
		f->got = *a;
		f->n++;
	}
	return 0;
}

static int
find_addr(int family, const char *s, struct nl_addr *out)
{
	struct find f;

	memset(&f, 0, sizeof(f));
	ck_assert_int_eq(addr_parse_host(s, &f.want), 0);
	ck_assert_int_eq(nl_addr_list(&ns, family, if0, find_cb, &f), 0);
	if (out != NULL)
		*out = f.got;
	return f.n;
}

/* --- links ------------------------------------------------------------- */

START_TEST(test_link_lookup)
{
	struct nl_link l, m;
	char mac[32];

	ck_assert_int_eq(nl_link_get_by_name(&ns, "veth0", &l), 0);
	ck_assert_str_eq(l.name, "veth0");
	ck_assert_int_gt(l.ifindex, 0);
	ck_assert_int_eq(l.type, 1);		/* ARPHRD_ETHER */
	ck_assert_int_eq(l.hwaddr_len, 6);
	ck_assert_uint_eq(l.mtu, 1500);
	ck_assert(!(l.flags & IFF_UP));
	snprintf(mac, sizeof(mac), "link/ether %02x:%02x:%02x:%02x:%02x:%02x",
	    l.hwaddr[0], l.hwaddr[1], l.hwaddr[2], l.hwaddr[3], l.hwaddr[4],
	    l.hwaddr[5]);
	ck_assert_msg(strstr(ip_show("link"), mac) != NULL, "%s not in %s",
	    mac, oracle);
	ck_assert_int_eq(nl_link_get_by_index(&ns, l.ifindex, &m), 0);
	ck_assert_str_eq(m.name, "veth0");
	ck_assert_mem_eq(m.hwaddr, l.hwaddr, 6);
	/* The peer's lower link is veth0 (IFLA_LINK). */
	ck_assert_int_eq(nl_link_get_by_index(&ns, if1, &m), 0);
	ck_assert_int_eq(m.link, if0);

	errno = 0;
	ck_assert_int_eq(nl_link_get_by_name(&ns, "nosuch0", &m), -1);
	ck_assert_int_eq(errno, ENODEV);
	errno = 0;
	ck_assert_int_eq(nl_link_get_by_index(&ns, 9999, &m), -1);
	ck_assert_int_eq(errno, ENODEV);
	/* The socket is still usable after errors. */
	ck_assert_int_eq(nl_link_get_by_index(&ns, if0, &m), 0);
}
END_TEST

static int
count_links(const struct nl_link *l, void *arg)
{
	int *n = arg;

	(*n)++;
	return 0;
}

START_TEST(test_link_updown_list)
{
	struct nl_link l;
	int n = 0;

	ck_assert_int_eq(nl_link_list(&ns, count_links, &n), 0);
	ck_assert_int_eq(n, 3);			/* lo, veth0, veth1 */

	ck_assert_int_eq(nl_link_set_up(&ns, if0, true), 0);
	ck_assert_int_eq(nl_link_get_by_index(&ns, if0, &l), 0);
	ck_assert(l.flags & IFF_UP);
	ck_assert_ptr_nonnull(strstr(ip_show("link"), ",UP"));
	ck_assert_int_eq(nl_link_set_up(&ns, if0, false), 0);
	ck_assert_int_eq(nl_link_get_by_index(&ns, if0, &l), 0);
	ck_assert(!(l.flags & IFF_UP));
	ck_assert_ptr_null(strstr(ip_show("link"), ",UP"));
	errno = 0;
	ck_assert_int_eq(nl_link_set_up(&ns, 9999, true), -1);
	ck_assert_int_eq(errno, ENODEV);
}
END_TEST

/* --- addresses --------------------------------------------------------- */

START_TEST(test_addr_v4_label_brd)
{
	struct nl_addr a = v4("192.0.2.10/24"), got;
	struct addr host;

	mkaddr(&a.brd, "192.0.2.255");
	snprintf(a.label, sizeof(a.label), "veth0:vip");
	ck_assert_int_eq(nl_addr_add(&ns, &a), 0);

	ck_assert_int_eq(find_addr(AF_INET, "192.0.2.10", &got), 1);
	ck_assert_int_eq(got.ifindex, if0);
	ck_assert_int_eq(got.addr.prefix, 24);
	ck_assert_int_eq(got.brd.family, AF_INET);
	ck_assert_uint_eq(got.brd.u.v4.s_addr, inet_addr("192.0.2.255"));
	ck_assert_str_eq(got.label, "veth0:vip");
	ck_assert_int_eq(got.scope, RT_SCOPE_UNIVERSE);
	ck_assert_int_eq(got.peer.family, AF_UNSPEC);
	ck_assert_msg(strstr(ip_show("addr"), "inet 192.0.2.10/24 brd "
	    "192.0.2.255 scope global veth0:vip") != NULL, "%s", oracle);

	mkaddr(&host, "192.0.2.10");
	ck_assert_int_eq(nl_addr_has(&ns, if0, &host), 1);
	ck_assert_int_eq(nl_addr_has(&ns, if1, &host), 0);
	mkaddr(&host, "192.0.2.10/24");
	ck_assert_int_eq(nl_addr_has(&ns, if0, &host), 1);
	mkaddr(&host, "192.0.2.10/25");
	ck_assert_int_eq(nl_addr_has(&ns, if0, &host), 0);

	ck_assert_int_eq(nl_addr_del(&ns, &a), 0);
	ck_assert_int_eq(find_addr(AF_INET, "192.0.2.10", NULL), 0);
	ck_assert_int_eq(nl_addr_has(&ns, if0, &host), 0);
	ck_assert_ptr_null(strstr(ip_show("addr"), "192.0.2.10"));
	errno = 0;
	ck_assert_int_eq(nl_addr_del(&ns, &a), -1);
	ck_assert_int_eq(errno, EADDRNOTAVAIL);
}
END_TEST

START_TEST(test_addr_v4_scope_peer)
{
	struct nl_addr a = v4("192.0.2.1"), got;

	mkaddr(&a.peer, "192.0.2.2/32");
	a.scope = RT_SCOPE_LINK;
	ck_assert_int_eq(nl_addr_add(&ns, &a), 0);
	ck_assert_int_eq(find_addr(AF_INET, "192.0.2.1", &got), 1);
	ck_assert_int_eq(got.peer.family, AF_INET);
	ck_assert_uint_eq(got.peer.u.v4.s_addr, inet_addr("192.0.2.2"));
	ck_assert_int_eq(got.scope, RT_SCOPE_LINK);
	ck_assert_msg(strstr(ip_show("addr"), "inet 192.0.2.1 peer "
	    "192.0.2.2/32 scope link veth0") != NULL, "%s", oracle);
	ck_assert_int_eq(nl_addr_del(&ns, &a), 0);
	ck_assert_int_eq(find_addr(AF_INET, "192.0.2.1", NULL), 0);
}
END_TEST

START_TEST(test_addr_v6_nodad)
{
	struct nl_addr a, got;

	ck_assert_int_eq(nl_link_set_up(&ns, if0, true), 0);
	ck_assert_int_eq(nl_link_set_up(&ns, if1, true), 0);
	memset(&a, 0, sizeof(a));
	a.ifindex = if0;
	mkaddr(&a.addr, "2001:db8::10/64");
	a.flags = IFA_F_NODAD | IFA_F_NOPREFIXROUTE;
	ck_assert_int_eq(nl_addr_add(&ns, &a), 0);
	ck_assert_int_eq(find_addr(AF_INET6, "2001:db8::10", &got), 1);
	ck_assert_int_eq(got.addr.prefix, 64);
	ck_assert(got.flags & IFA_F_NODAD);
	ck_assert(got.flags & IFA_F_NOPREFIXROUTE);
	ck_assert(!(got.flags & IFA_F_TENTATIVE));
	ck_assert(got.has_lft);
	ck_assert_uint_eq(got.preferred_lft, NL_ADDR_FOREVER);
	ip_show("addr");
	ck_assert_msg(strstr(oracle, "inet6 2001:db8::10/64 scope global "
	    "nodad noprefixroute") != NULL, "%s", oracle);
	/* Our line (not the link-local one, which does DAD) is usable. */
	ck_assert_ptr_null(strstr(oracle_line("2001:db8::10/64"),
	    "tentative"));

	/* Deprecated (preferred_lft 0), as keepalived makes a /128. */
	memset(&a, 0, sizeof(a));
	a.ifindex = if0;
	mkaddr(&a.addr, "2001:db8::11/128");
	a.flags = IFA_F_NODAD;
	a.has_lft = true;
	a.preferred_lft = 0;
	a.valid_lft = NL_ADDR_FOREVER;
	ck_assert_int_eq(nl_addr_add(&ns, &a), 0);
	ck_assert_int_eq(find_addr(AF_INET6, "2001:db8::11", &got), 1);
	ck_assert(got.flags & IFA_F_DEPRECATED);
	ck_assert_uint_eq(got.preferred_lft, 0);
	ck_assert_msg(strstr(ip_show("addr"), "inet6 2001:db8::11/128 scope "
	    "global nodad deprecated") != NULL, "%s", oracle);

	ck_assert_int_eq(nl_addr_del(&ns, &a), 0);
	ck_assert_int_eq(find_addr(AF_INET6, "2001:db8::11", NULL), 0);
	ck_assert_int_eq(find_addr(AF_INET6, "2001:db8::10", NULL), 1);
}
END_TEST

START_TEST(test_addr_errors)
{
	struct nl_addr a = v4("192.0.2.20/24"), b;

	ck_assert_int_eq(nl_addr_add(&ns, &a), 0);
	errno = 0;
	ck_assert_int_eq(nl_addr_add(&ns, &a), -1);
	ck_assert_int_eq(errno, EEXIST);

	b = a;
	b.ifindex = 9999;
	errno = 0;
	ck_assert_int_eq(nl_addr_add(&ns, &b), -1);
	ck_assert_int_eq(errno, ENODEV);

	memset(&b, 0, sizeof(b));
	b.ifindex = 9999;
	mkaddr(&b.addr, "2001:db8::1/64");
	errno = 0;
	ck_assert_int_eq(nl_addr_add(&ns, &b), -1);
	ck_assert_int_eq(errno, ENODEV);

	/* Rejected before reaching the kernel. */
	b = a;
	mkaddr(&b.peer, "2001:db8::2");
	errno = 0;
	ck_assert_int_eq(nl_addr_add(&ns, &b), -1);
	ck_assert_int_eq(errno, EINVAL);
	b = a;
	memset(b.label, 'x', sizeof(b.label));
	errno = 0;
	ck_assert_int_eq(nl_addr_add(&ns, &b), -1);
	ck_assert_int_eq(errno, EINVAL);

	/* The socket still works. */
	ck_assert_int_eq(nl_addr_del(&ns, &a), 0);
}
END_TEST

START_TEST(test_addr_from_conf)
{
	struct ipaddr_conf c;
	struct nl_addr a, got;

	ck_assert_int_eq(nl_link_set_up(&ns, if0, true), 0);
	/* 2001:db8::5/128 as parsed: preferred_lft 0 by default. */
	memset(&c, 0, sizeof(c));
	mkaddr(&c.addr, "2001:db8::5/128");
	c.has_preferred_lft = true;
	c.preferred_lft = 0;
	nl_addr_from_conf(&c, if0, &a);
	ck_assert_uint_eq(a.flags, IFA_F_NODAD);
	ck_assert(a.has_lft);
	ck_assert_uint_eq(a.preferred_lft, 0);
	ck_assert_uint_eq(a.valid_lft, NL_ADDR_FOREVER);
	ck_assert_int_eq(nl_addr_add(&ns, &a), 0);
	ck_assert_int_eq(find_addr(AF_INET6, "2001:db8::5", &got), 1);
	ck_assert(got.flags & IFA_F_NODAD);
	ck_assert(got.flags & IFA_F_DEPRECATED);

	/* "-nodad": keepalived then leaves DAD on. */
	c.flags = IPADDR_F_NODAD | IPADDR_F_HOME;
	c.preferred_lft = UINT32_MAX;
	nl_addr_from_conf(&c, if0, &a);
	ck_assert_uint_eq(a.flags, IFA_F_HOMEADDRESS);
	ck_assert(!a.has_lft);

	/* IPv4 with brd "+" (the parser computed it), label, scope. */
	memset(&c, 0, sizeof(c));
	mkaddr(&c.addr, "198.51.100.7/24");
	c.brd_mode = IPADDR_BRD_PLUS;
	mkaddr(&c.brd, "198.51.100.255");
	c.label = (char *)"veth0:1";
	c.scope = RT_SCOPE_SITE;
	c.has_preferred_lft = true;	/* ignored for IPv4, as keepalived */
	c.preferred_lft = 0;
	nl_addr_from_conf(&c, if0, &a);
	ck_assert(!a.has_lft);
	ck_assert_uint_eq(a.flags, 0);
	ck_assert_int_eq(nl_addr_add(&ns, &a), 0);
	ck_assert_msg(strstr(ip_show("addr"), "inet 198.51.100.7/24 brd "
	    "198.51.100.255 scope site veth0:1") != NULL, "%s", oracle);
}
END_TEST

/* --- pure encode / decode ---------------------------------------------- */

static int
attr_table_cb(const struct nlattr *attr, void *data)
{
	const struct nlattr **tb = data;

	if (mnl_attr_type_valid(attr, IFA_MAX) >= 0)
		tb[mnl_attr_get_type(attr)] = attr;
	return MNL_CB_OK;
}

START_TEST(test_addr_encode)
{
	char buf[NL_MSG_SIZE];
	const struct nlattr *tb[IFA_MAX + 1] = { 0 };
	struct nlmsghdr *nlh;
	struct ifaddrmsg *ifa;
	struct nl_addr a, back;

	memset(&a, 0, sizeof(a));
	a.ifindex = 7;
	mkaddr(&a.addr, "192.0.2.10/24");
	mkaddr(&a.brd, "192.0.2.255");
	a.scope = RT_SCOPE_HOST;
	a.flags = IFA_F_NOPREFIXROUTE;
	snprintf(a.label, sizeof(a.label), "eth0:v");
	nlh = nl_addr_msg(buf, sizeof(buf), RTM_NEWADDR,
	    NLM_F_CREATE | NLM_F_EXCL, &a);
	ck_assert_ptr_nonnull(nlh);
	ck_assert_int_eq(nlh->nlmsg_type, RTM_NEWADDR);
	ck_assert_int_eq(nlh->nlmsg_flags, NLM_F_CREATE | NLM_F_EXCL);
	ifa = mnl_nlmsg_get_payload(nlh);
	ck_assert_int_eq(ifa->ifa_family, AF_INET);
	ck_assert_int_eq(ifa->ifa_prefixlen, 24);
	ck_assert_int_eq(ifa->ifa_scope, RT_SCOPE_HOST);
	ck_assert_int_eq(ifa->ifa_index, 7);
	ck_assert_int_eq(mnl_attr_parse(nlh, sizeof(*ifa), attr_table_cb, tb),
	    MNL_CB_OK);
	ck_assert_ptr_nonnull(tb[IFA_LOCAL]);
	ck_assert_ptr_nonnull(tb[IFA_ADDRESS]);
	ck_assert_ptr_nonnull(tb[IFA_BROADCAST]);
	ck_assert_str_eq(mnl_attr_get_str(tb[IFA_LABEL]), "eth0:v");
	ck_assert_uint_eq(mnl_attr_get_u32(tb[IFA_FLAGS]), IFA_F_NOPREFIXROUTE);
	ck_assert_ptr_null(tb[IFA_CACHEINFO]);
	/* The decoder reads back what the encoder wrote. */
	ck_assert_int_eq(nl_addr_parse(nlh, &back), 0);
	ck_assert_int_eq(back.ifindex, 7);
	ck_assert_int_eq(addr_cmp(&back.addr, &a.addr), 0);
	ck_assert_uint_eq(back.brd.u.v4.s_addr, a.brd.u.v4.s_addr);
	ck_assert_str_eq(back.label, "eth0:v");
	ck_assert_uint_eq(back.flags, IFA_F_NOPREFIXROUTE);

	/* A delete carries only the identity. */
	memset(tb, 0, sizeof(tb));
	nlh = nl_addr_msg(buf, sizeof(buf), RTM_DELADDR, 0, &a);
	ck_assert_ptr_nonnull(nlh);
	mnl_attr_parse(nlh, sizeof(*ifa), attr_table_cb, tb);
	ck_assert_ptr_nonnull(tb[IFA_LOCAL]);
	ck_assert_ptr_null(tb[IFA_LABEL]);
	ck_assert_ptr_null(tb[IFA_BROADCAST]);

	/* Too small a buffer: ENOSPC, never an overrun. */
	errno = 0;
	ck_assert_ptr_null(nl_addr_msg(buf, 40, RTM_NEWADDR, 0, &a));
	ck_assert_int_eq(errno, ENOSPC);
	errno = 0;
	ck_assert_ptr_null(nl_addr_msg(buf, 8, RTM_NEWADDR, 0, &a));
	ck_assert_int_eq(errno, ENOSPC);
	/* Wrong type, broadcast on IPv6. */
	errno = 0;
	ck_assert_ptr_null(nl_addr_msg(buf, sizeof(buf), RTM_GETADDR, 0, &a));
	ck_assert_int_eq(errno, EINVAL);
	mkaddr(&a.addr, "2001:db8::1/64");
	errno = 0;
	ck_assert_ptr_null(nl_addr_msg(buf, sizeof(buf), RTM_NEWADDR, 0, &a));
	ck_assert_int_eq(errno, EINVAL);
}
END_TEST

START_TEST(test_addr_parse_malformed)
{
	char buf[NL_MSG_SIZE];
	struct nlmsghdr *nlh;
	struct ifaddrmsg *ifa;
	struct nl_addr a;
	uint8_t three[3] = { 1, 2, 3 };

	/* IFA_LOCAL of 3 bytes for AF_INET: rejected. */
	nlh = nl_msg_start(buf, sizeof(buf), RTM_NEWADDR, 0, sizeof(*ifa));
	ifa = mnl_nlmsg_get_payload(nlh);
	ifa->ifa_family = AF_INET;
	ifa->ifa_prefixlen = 24;
	mnl_attr_put(nlh, IFA_LOCAL, sizeof(three), three);
	errno = 0;
	ck_assert_int_eq(nl_addr_parse(nlh, &a), -1);
	ck_assert_int_eq(errno, EPROTO);
	/* No address at all. */
	nlh = nl_msg_start(buf, sizeof(buf), RTM_NEWADDR, 0, sizeof(*ifa));
	ifa = mnl_nlmsg_get_payload(nlh);
	ifa->ifa_family = AF_INET;
	ck_assert_int_eq(nl_addr_parse(nlh, &a), -1);
	/* Prefix beyond the family. */
	ifa->ifa_prefixlen = 33;
	mnl_attr_put_u32(nlh, IFA_LOCAL, 0x01020304);
	ck_assert_int_eq(nl_addr_parse(nlh, &a), -1);
	/* A message shorter than its family header. */
	nlh = nl_msg_start(buf, sizeof(buf), RTM_NEWADDR, 0, 0);
	ck_assert_int_eq(nl_addr_parse(nlh, &a), -1);
	ck_assert_int_eq(errno, EPROTO);
	/* An unterminated label. */
	nlh = nl_msg_start(buf, sizeof(buf), RTM_NEWADDR, 0, sizeof(*ifa));
	ifa = mnl_nlmsg_get_payload(nlh);
	ifa->ifa_family = AF_INET;
	mnl_attr_put_u32(nlh, IFA_LOCAL, 0x01020304);
	mnl_attr_put(nlh, IFA_LABEL, 3, "abc");
	ck_assert_int_eq(nl_addr_parse(nlh, &a), -1);
	/* A link message without a name. */
	nlh = nl_msg_start(buf, sizeof(buf), RTM_NEWLINK, 0,
	    sizeof(struct ifinfomsg));
	{
		struct nl_link l;

		ck_assert_int_eq(nl_link_parse(nlh, &l), -1);
		ck_assert_int_eq(errno, EPROTO);
	}
	/* RTM_GETLINK by a name too long. */
	errno = 0;
	ck_assert_ptr_null(nl_link_get_msg(buf, sizeof(buf), 0,
	    "a-name-far-too-long-for-ifnamsiz"));
	ck_assert_int_eq(errno, EINVAL);
}
END_TEST

/* --- monitor ----------------------------------------------------------- */

#define MAX_EVENTS	4096

static struct nl_event events[MAX_EVENTS];
static int nevents;

static void
record_ev(const struct nl_event *ev, void *arg)
{
	if (nevents < MAX_EVENTS)
		events[nevents++] = *ev;
}

static uint64_t
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

typedef bool (*ev_match)(const struct nl_event *, const void *);

/* Read the monitor until an event matches, for at most 3 s. */
static bool
mon_wait(struct nl_mon *m, ev_match match, const void *arg)
{
	uint64_t deadline = now_ms() + 3000;
	struct pollfd pfd = { .fd = nl_mon_fd(m), .events = POLLIN };
	int i, from = 0;

	while (now_ms() < deadline) {
		for (i = from; i < nevents; i++)
			if (match(&events[i], arg))
				return true;
		from = nevents;
		if (poll(&pfd, 1, (int)(deadline - now_ms())) > 0)
			ck_assert_int_eq(nl_mon_read(m, record_ev, NULL), 0);
	}
	return false;
}

static bool
is_link(const struct nl_event *ev, const void *arg)
{
	const unsigned *want_up = arg;

	return ev->type == NL_EV_LINK_NEW && ev->u.link.ifindex == if0 &&
	    !!(ev->u.link.flags & IFF_UP) == !!*want_up &&
	    strcmp(ev->u.link.name, "veth0") == 0;
}

START_TEST(test_monitor_link)
{
	struct nl_mon m;
	unsigned up;

	ck_assert_int_eq(nl_mon_open(&m, 0), 0);
	nevents = 0;
	UNIT_RUN("ip", "link", "set", "dev", "veth0", "up");
	up = 1;
	ck_assert_msg(mon_wait(&m, is_link, &up), "no link-up event");
	UNIT_RUN("ip", "link", "set", "dev", "veth0", "down");
	up = 0;
	ck_assert_msg(mon_wait(&m, is_link, &up), "no link-down event");
	/* The queue drains to EAGAIN without blocking. */
	ck_assert_int_eq(nl_mon_read(&m, record_ev, NULL), 0);
	ck_assert_str_eq(nl_ev_name(NL_EV_LINK_NEW), "link-new");
	nl_mon_close(&m);
}
END_TEST

static bool
is_addr(const struct nl_event *ev, const void *arg)
{
	const struct nl_event *want = arg;

	return ev->type == want->type && ev->u.addr.ifindex == if0 &&
	    addr_cmp(&ev->u.addr.addr, &want->u.addr.addr) == 0;
}

START_TEST(test_monitor_addr)
{
	struct nl_mon m;
	struct nl_event want;

	ck_assert_int_eq(nl_mon_open(&m, 0), 0);
	nevents = 0;
	memset(&want, 0, sizeof(want));
	mkaddr(&want.u.addr.addr, "192.0.2.33/24");
	UNIT_RUN("ip", "addr", "add", "192.0.2.33/24", "dev", "veth0");
	want.type = NL_EV_ADDR_NEW;
	ck_assert_msg(mon_wait(&m, is_addr, &want), "no addr-new event");
	UNIT_RUN("ip", "addr", "del", "192.0.2.33/24", "dev", "veth0");
	want.type = NL_EV_ADDR_DEL;
	ck_assert_msg(mon_wait(&m, is_addr, &want), "no addr-del event");

	mkaddr(&want.u.addr.addr, "2001:db8::33/64");
	UNIT_RUN("ip", "addr", "add", "2001:db8::33/64", "dev", "veth0", "nodad");
	want.type = NL_EV_ADDR_NEW;
	ck_assert_msg(mon_wait(&m, is_addr, &want), "no IPv6 addr-new event");
	UNIT_RUN("ip", "addr", "del", "2001:db8::33/64", "dev", "veth0");
	want.type = NL_EV_ADDR_DEL;
	ck_assert_msg(mon_wait(&m, is_addr, &want), "no IPv6 addr-del event");
	ck_assert_uint_eq(m.malformed, 0);
	nl_mon_close(&m);
}
END_TEST

static bool
is_resync(const struct nl_event *ev, const void *arg)
{
	return ev->type == NL_EV_RESYNC;
}

static int
count_addrs(const struct nl_addr *a, void *arg)
{
	int *n = arg;

	(*n)++;
	return 0;
}

static int
stop_at_first(const struct nl_addr *a, void *arg)
{
	int *n = arg;

	(*n)++;
	return 1;
}

START_TEST(test_monitor_resync)
{
	struct nl_mon m;
	struct nl_addr a;
	char s[32];
	int i, n, rounds;

	/* A tiny queue overflows while nobody reads. */
	ck_assert_int_eq(nl_mon_open(&m, 1), 0);
	nevents = 0;
	for (i = 0; i < 400; i++) {
		snprintf(s, sizeof(s), "10.%d.%d.1/32", 100 + i / 250,
		    i % 250);
		a = v4(s);
		ck_assert_int_eq(nl_addr_add(&ns, &a), 0);
	}
	ck_assert_msg(mon_wait(&m, is_resync, NULL), "no resync event");
	/* After a resync, reading goes on normally. */
	for (rounds = 0; rounds < 100; rounds++) {
		n = nevents;
		ck_assert_int_eq(nl_mon_read(&m, record_ev, NULL), 0);
		if (nevents == n)
			break;
	}
	ck_assert_int_lt(rounds, 100);
	nl_mon_close(&m);

	/* A dump of many datagrams is read whole; a callback can stop. */
	n = 0;
	ck_assert_int_eq(nl_addr_list(&ns, AF_INET, if0, count_addrs, &n), 0);
	ck_assert_int_eq(n, 400);
	n = 0;
	ck_assert_int_eq(nl_addr_list(&ns, AF_INET, 0, stop_at_first, &n), 0);
	ck_assert_int_eq(n, 1);
	/* ... and the socket is clean afterwards. */
	n = 0;
	ck_assert_int_eq(nl_addr_list(&ns, AF_INET, if0, count_addrs, &n), 0);
	ck_assert_int_eq(n, 400);
}
END_TEST

static Suite *
nl_suite(void)
{
	Suite *s = suite_create("nl");
	TCase *kernel = tcase_create("kernel");
	TCase *pure = tcase_create("pure");

	tcase_add_checked_fixture(kernel, netns_setup, netns_teardown);
	tcase_set_timeout(kernel, 30);
	tcase_add_test(kernel, test_link_lookup);
	tcase_add_test(kernel, test_link_updown_list);
	tcase_add_test(kernel, test_addr_v4_label_brd);
	tcase_add_test(kernel, test_addr_v4_scope_peer);
	tcase_add_test(kernel, test_addr_v6_nodad);
	tcase_add_test(kernel, test_addr_errors);
	tcase_add_test(kernel, test_addr_from_conf);
	tcase_add_test(kernel, test_monitor_link);
	tcase_add_test(kernel, test_monitor_addr);
	tcase_add_test(kernel, test_monitor_resync);
	suite_add_tcase(s, kernel);
	tcase_add_test(pure, test_addr_encode);
	tcase_add_test(pure, test_addr_parse_malformed);
	suite_add_tcase(s, pure);
	return s;
}

int
main(void)
{
	Suite *s = nl_suite();

	return unit_run(&s, 1);
}
