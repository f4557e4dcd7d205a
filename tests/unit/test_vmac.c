/*
 * test_vmac: the macvlan / devconf encoders of lib/nl_link and the VMAC
 * MAC of vrrp/vmac, then a read-back against the kernel.
 *
 * The pure cases walk the encoded messages attribute by attribute (the
 * layout keepalived sends: IFLA_LINKINFO { kind "macvlan", data {
 * IFLA_MACVLAN_MODE } }, IFLA_LINK, IFLA_IFNAME, IFLA_ADDRESS).  The
 * kernel cases run in a private network namespace (unshare(CLONE_NEWNET)
 * in Check's forked child, so nothing reaches the host) on a veth pair:
 * create a private macvlan, read it back with nl_link_parse (kind, mode,
 * lower link, MAC) and with "ip -d link" as the independent oracle,
 * update its MAC, set devconf and the IPv6 address generation mode and
 * read them back from /proc/sys, delete it.  They need root and are left
 * out otherwise.
 */
#include <sys/wait.h>

#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <unistd.h>

#include <linux/if_link.h>
#include <linux/ip.h>
#include <linux/rtnetlink.h>

#include "unit.h"
#include "nl.h"
#include "nl_link.h"
#include "vmac.h"
#include "vrrp.h"

/* --- helpers --------------------------------------------------------------- */

static const struct nlattr *
attr_find(const struct nlmsghdr *nlh, uint16_t type)
{
	const struct nlattr *a;

	mnl_attr_for_each(a, nlh, sizeof(struct ifinfomsg))
		if (mnl_attr_get_type(a) == type)
			return a;
	return NULL;
}

static const struct nlattr *
nest_find(const struct nlattr *nest, uint16_t type)
{
	const struct nlattr *a;

	mnl_attr_for_each_nested(a, nest)
		if (mnl_attr_get_type(a) == type)
			return a;
	return NULL;
}

static long
proc_long(const char *path)
{
	char buf[32];
	ssize_t n;
	int fd;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	ck_assert_msg(fd >= 0, "%s: %s", path, strerror(errno));
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	ck_assert_int_gt(n, 0);
	buf[n] = '\0';
	return strtol(buf, NULL, 10);
}

/* --- pure ------------------------------------------------------------------- */

START_TEST(test_macvlan_create_msg)
{
	char buf[NL_MSG_SIZE];
	struct nl_link_macvlan m = {
		.link = 7, .name = "vrrp.51",
		.mac = { 0x00, 0x00, 0x5e, 0x00, 0x01, 0x33 },
		.mode = MACVLAN_MODE_PRIVATE,
	};
	static const uint8_t want_info[] = {
		/* IFLA_LINKINFO, 28 bytes (libmnl marks nests with
		 * NLA_F_NESTED, 0x8000; keepalived does not: the kernel
		 * takes both) */
		0x1c, 0x00, 0x12, 0x80,
		/* IFLA_INFO_KIND "macvlan\0" */
		0x0c, 0x00, 0x01, 0x00, 'm', 'a', 'c', 'v', 'l', 'a', 'n', 0,
		/* IFLA_INFO_DATA { IFLA_MACVLAN_MODE 1 } */
		0x0c, 0x00, 0x02, 0x80,
		0x08, 0x00, 0x01, 0x00, 0x01, 0x00, 0x00, 0x00,
	};
	struct nlmsghdr *nlh;
	const struct ifinfomsg *ifi;
	const struct nlattr *a;
	const uint8_t *first;

	nlh = nl_link_macvlan_msg(buf, sizeof(buf), &m);
	ck_assert_ptr_nonnull(nlh);
	ck_assert_int_eq(nlh->nlmsg_type, RTM_NEWLINK);
	ck_assert_int_eq(nlh->nlmsg_flags & (NLM_F_CREATE | NLM_F_EXCL),
	    NLM_F_CREATE | NLM_F_EXCL);
	ifi = mnl_nlmsg_get_payload(nlh);
	ck_assert_int_eq(ifi->ifi_family, AF_UNSPEC);
	ck_assert_int_eq(ifi->ifi_index, 0);
	/* The link info comes first, byte for byte. */
	first = (const uint8_t *)mnl_nlmsg_get_payload_offset(nlh,
	    sizeof(*ifi));
	ck_assert_mem_eq(first, want_info, sizeof(want_info));
	ck_assert_ptr_nonnull(a = attr_find(nlh, IFLA_LINK));
	ck_assert_uint_eq(mnl_attr_get_u32(a), 7);
	ck_assert_ptr_nonnull(a = attr_find(nlh, IFLA_IFNAME));
	ck_assert_str_eq(mnl_attr_get_str(a), "vrrp.51");
	ck_assert_ptr_nonnull(a = attr_find(nlh, IFLA_ADDRESS));
	ck_assert_uint_eq(mnl_attr_get_payload_len(a), 6);
	ck_assert_mem_eq(mnl_attr_get_payload(a), m.mac, 6);
}
END_TEST

START_TEST(test_macvlan_update_msg)
{
	char buf[NL_MSG_SIZE];
	struct nl_link_macvlan m = {
		.ifindex = 9, .mac = { 0x00, 0x00, 0x5e, 0x00, 0x02, 0x01 },
		.mode = MACVLAN_MODE_PRIVATE,
	};
	struct nlmsghdr *nlh;
	const struct ifinfomsg *ifi;

	nlh = nl_link_macvlan_msg(buf, sizeof(buf), &m);
	ck_assert_ptr_nonnull(nlh);
	ck_assert_int_eq(nlh->nlmsg_flags & (NLM_F_CREATE | NLM_F_EXCL), 0);
	ifi = mnl_nlmsg_get_payload(nlh);
	ck_assert_int_eq(ifi->ifi_index, 9);
	/* An update names neither the lower link nor the name. */
	ck_assert_ptr_null(attr_find(nlh, IFLA_LINK));
	ck_assert_ptr_null(attr_find(nlh, IFLA_IFNAME));
	ck_assert_ptr_nonnull(attr_find(nlh, IFLA_ADDRESS));
	ck_assert_ptr_nonnull(attr_find(nlh, IFLA_LINKINFO));
	/* Bad requests. */
	m.ifindex = 0;
	m.link = 0;
	m.name = "x";
	errno = 0;
	ck_assert_ptr_null(nl_link_macvlan_msg(buf, sizeof(buf), &m));
	ck_assert_int_eq(errno, EINVAL);
	m.link = 1;
	m.name = "a-name-far-too-long";
	ck_assert_ptr_null(nl_link_macvlan_msg(buf, sizeof(buf), &m));
	ck_assert_int_eq(errno, EINVAL);
	m.name = "ok";
	ck_assert_ptr_null(nl_link_macvlan_msg(buf, 40, &m));
	ck_assert_int_eq(errno, ENOSPC);
}
END_TEST

START_TEST(test_devconf_msg)
{
	char buf[NL_MSG_SIZE];
	const struct nl_link_devconf dc[] = {
		{ IPV4_DEVCONF_ARP_IGNORE, 1 },
		{ IPV4_DEVCONF_RP_FILTER, 0 },
	};
	struct nlmsghdr *nlh;
	const struct nlattr *spec, *inet, *conf, *a;

	nlh = nl_link_devconf_msg(buf, sizeof(buf), 4, dc, 2);
	ck_assert_ptr_nonnull(nlh);
	ck_assert_int_eq(nlh->nlmsg_type, RTM_NEWLINK);
	ck_assert_ptr_nonnull(spec = attr_find(nlh, IFLA_AF_SPEC));
	ck_assert_ptr_nonnull(inet = nest_find(spec, AF_INET));
	ck_assert_ptr_nonnull(conf = nest_find(inet, IFLA_INET_CONF));
	ck_assert_ptr_nonnull(a = nest_find(conf, IPV4_DEVCONF_ARP_IGNORE));
	ck_assert_uint_eq(mnl_attr_get_u32(a), 1);
	ck_assert_ptr_nonnull(a = nest_find(conf, IPV4_DEVCONF_RP_FILTER));
	ck_assert_uint_eq(mnl_attr_get_u32(a), 0);
	ck_assert_ptr_null(nl_link_devconf_msg(buf, sizeof(buf), 0, dc, 2));

	nlh = nl_link_addrgen_msg(buf, sizeof(buf), 4, IN6_ADDR_GEN_MODE_NONE);
	ck_assert_ptr_nonnull(nlh);
	ck_assert_ptr_nonnull(spec = attr_find(nlh, IFLA_AF_SPEC));
	ck_assert_ptr_nonnull(inet = nest_find(spec, AF_INET6));
	ck_assert_ptr_nonnull(a = nest_find(inet, IFLA_INET6_ADDR_GEN_MODE));
	ck_assert_uint_eq(mnl_attr_get_u8(a), IN6_ADDR_GEN_MODE_NONE);

	nlh = nl_link_del_msg(buf, sizeof(buf), 4);
	ck_assert_ptr_nonnull(nlh);
	ck_assert_int_eq(nlh->nlmsg_type, RTM_DELLINK);
}
END_TEST

START_TEST(test_vmac_addr)
{
	static const uint8_t v4[6] = { 0x00, 0x00, 0x5e, 0x00, 0x01, 0x33 };
	static const uint8_t v6[6] = { 0x00, 0x00, 0x5e, 0x00, 0x02, 0xff };
	static const uint8_t cf[6] = { 0x02, 0x11, 0x22, 0xaa, 0xbb, 0xcc };
	uint8_t mac[6];

	ck_assert_int_eq(vrrp_vmac_addr(AF_INET, 51, NULL, mac), 0);
	ck_assert_mem_eq(mac, v4, 6);
	ck_assert_int_eq(vrrp_vmac_addr(AF_INET6, 255, NULL, mac), 0);
	ck_assert_mem_eq(mac, v6, 6);
	ck_assert_int_eq(vrrp_vmac_addr(AF_INET, 1, "02:11:22:aa:BB:cc",
	    mac), 0);
	ck_assert_mem_eq(mac, cf, 6);
	ck_assert_int_eq(vrrp_vmac_addr(AF_INET, 1, "02:11:22:aa:bb", mac),
	    -1);
	ck_assert_int_eq(vrrp_vmac_addr(AF_INET, 1, "02:11:22:aa:bb:cc:dd",
	    mac), -1);
	ck_assert_int_eq(vrrp_vmac_addr(AF_INET, 1, "02:11:22:aa:bb:1cc",
	    mac), -1);
}
END_TEST

/* --- kernel ------------------------------------------------------------------ */

/* The advert source of an IPv4 VMAC instance is watched on its base (the
 * VMAC has no address of its own), as keepalived; IPv6 on the VMAC. */
START_TEST(test_saddr_if)
{
	static struct vrrp_rt rt;

	memset(&rt, 0, sizeof(rt));
	rt.ifindex = 7;
	ck_assert_int_eq(vrrp_vmac_saddr_if(&rt), 7);
	rt.vmac.active = true;
	rt.vmac.family = AF_INET;
	rt.vmac.base_ifindex = 2;
	ck_assert_int_eq(vrrp_vmac_saddr_if(&rt), 2);
	rt.vmac.family = AF_INET6;
	ck_assert_int_eq(vrrp_vmac_saddr_if(&rt), 7);
}
END_TEST

/* keepalived adds the VMAC firewall for use_vmac, IPv4 only without
 * disable_local_igmp. */
START_TEST(test_fw_needed)
{
	struct vrrp_instance_conf c;
	struct global_conf g;

	memset(&c, 0, sizeof(c));
	memset(&g, 0, sizeof(g));
	c.family = AF_INET;
	ck_assert(!vrrp_vmac_fw_needed(&c, &g));
	c.use_vmac = true;
	ck_assert(vrrp_vmac_fw_needed(&c, &g));
	g.disable_local_igmp = true;
	ck_assert(!vrrp_vmac_fw_needed(&c, &g));
	c.family = AF_INET6;
	ck_assert(vrrp_vmac_fw_needed(&c, &g));
}
END_TEST

static struct nl_sock ns;
static int base;

static void
netns_setup(void)
{
	const char *const add[] = { "ip", "link", "add", "veth0", "type",
	    "veth", "peer", "name", "veth1", NULL };
	struct nl_link l;

	ck_assert_msg(unshare(CLONE_NEWNET) == 0, "unshare: %s",
	    strerror(errno));
	ck_assert_int_eq(unit_capture(add, NULL, 0), 0);
	ck_assert_int_eq(nl_open(&ns, 0), 0);
	ck_assert_int_eq(nl_link_get_by_name(&ns, "veth0", &l), 0);
	base = l.ifindex;
}

static void
netns_teardown(void)
{
	nl_close(&ns);
}

START_TEST(test_kernel_macvlan)
{
	const char *const show[] = { "ip", "-d", "-o", "link", "show",
	    "vrrp.51", NULL };
	struct nl_link_macvlan m = {
		.link = 0, .name = "vrrp.51",
		.mac = { 0x00, 0x00, 0x5e, 0x00, 0x01, 0x33 },
		.mode = MACVLAN_MODE_PRIVATE,
	};
	static const uint8_t mac2[6] = { 0x00, 0x00, 0x5e, 0x00, 0x01, 0x34 };
	char out[4096];
	struct nl_link l;

	m.link = base;
	ck_assert_int_eq(nl_link_macvlan_set(&ns, &m), 0);
	ck_assert_int_eq(nl_link_get_by_name(&ns, "vrrp.51", &l), 0);
	ck_assert_str_eq(l.kind, "macvlan");
	ck_assert_uint_eq(l.macvlan_mode, MACVLAN_MODE_PRIVATE);
	ck_assert_int_eq(l.link, base);
	ck_assert_uint_eq(l.hwaddr_len, 6);
	ck_assert_mem_eq(l.hwaddr, m.mac, 6);
	ck_assert_int_eq(unit_capture(show, out, sizeof(out)), 0);
	ck_assert_msg(strstr(out, "vrrp.51@veth0") != NULL, "%s", out);
	ck_assert_msg(strstr(out, "macvlan mode private") != NULL, "%s", out);
	ck_assert_msg(strstr(out, "00:00:5e:00:01:33") != NULL, "%s", out);
	/* Creating it again is refused (NLM_F_EXCL). */
	ck_assert_int_eq(nl_link_macvlan_set(&ns, &m), -1);
	ck_assert_int_eq(errno, EEXIST);
	/* Update in place: new MAC, same link. */
	m.ifindex = l.ifindex;
	memcpy(m.mac, mac2, 6);
	ck_assert_int_eq(nl_link_macvlan_set(&ns, &m), 0);
	ck_assert_int_eq(nl_link_get_by_index(&ns, m.ifindex, &l), 0);
	ck_assert_mem_eq(l.hwaddr, mac2, 6);
	ck_assert_str_eq(l.name, "vrrp.51");
	ck_assert_int_eq(nl_link_del(&ns, l.ifindex), 0);
	ck_assert_int_eq(nl_link_get_by_name(&ns, "vrrp.51", &l), -1);
	ck_assert_int_eq(errno, ENODEV);
}
END_TEST

START_TEST(test_kernel_devconf)
{
	const struct nl_link_devconf dc[] = {
		{ IPV4_DEVCONF_ARP_IGNORE, 1 },
		{ IPV4_DEVCONF_ARPFILTER, 1 },
		{ IPV4_DEVCONF_RP_FILTER, 2 },
	};
	const char *const show[] = { "ip", "-d", "-o", "link", "show",
	    "veth0", NULL };
	char out[4096];
	struct nl_link l;

	ck_assert_int_eq(nl_link_get_by_index(&ns, base, &l), 0);
	ck_assert_int_gt(l.ninet_conf, IPV4_DEVCONF_ARP_IGNORE);
	ck_assert_int_eq(nl_link_devconf(&l, IPV4_DEVCONF_ARP_IGNORE), 0);
	ck_assert_int_eq(nl_link_devconf(&l, 0), -1);
	ck_assert_int_eq(nl_link_set_devconf(&ns, base, dc, 3), 0);
	ck_assert_int_eq(proc_long("/proc/sys/net/ipv4/conf/veth0/arp_ignore"),
	    1);
	ck_assert_int_eq(proc_long("/proc/sys/net/ipv4/conf/veth0/arp_filter"),
	    1);
	ck_assert_int_eq(proc_long("/proc/sys/net/ipv4/conf/veth0/rp_filter"),
	    2);
	ck_assert_int_eq(nl_link_get_by_index(&ns, base, &l), 0);
	ck_assert_int_eq(nl_link_devconf(&l, IPV4_DEVCONF_ARP_IGNORE), 1);
	ck_assert_int_eq(nl_link_devconf(&l, IPV4_DEVCONF_RP_FILTER), 2);
	ck_assert_int_eq(nl_link_set_addrgen(&ns, base,
	    IN6_ADDR_GEN_MODE_NONE), 0);
	ck_assert_int_eq(unit_capture(show, out, sizeof(out)), 0);
	ck_assert_msg(strstr(out, "addrgenmode none") != NULL, "%s", out);
}
END_TEST

static Suite *
vmac_suite(void)
{
	Suite *s = suite_create("vmac");
	TCase *pure = tcase_create("pure");
	TCase *kernel = tcase_create("kernel");

	tcase_add_test(pure, test_macvlan_create_msg);
	tcase_add_test(pure, test_macvlan_update_msg);
	tcase_add_test(pure, test_devconf_msg);
	tcase_add_test(pure, test_vmac_addr);
	tcase_add_test(pure, test_saddr_if);
	tcase_add_test(pure, test_fw_needed);
	suite_add_tcase(s, pure);
	if (geteuid() != 0) {
		fprintf(stderr, "test_vmac: not root, kernel cases skipped\n");
		return s;
	}
	tcase_add_checked_fixture(kernel, netns_setup, netns_teardown);
	tcase_set_timeout(kernel, 30);
	tcase_add_test(kernel, test_kernel_macvlan);
	tcase_add_test(kernel, test_kernel_devconf);
	suite_add_tcase(s, kernel);
	return s;
}

int
main(void)
{
	Suite *s = vmac_suite();

	return unit_run(&s, 1);
}
