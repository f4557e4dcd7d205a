/*
 * test_garp: gratuitous ARP and unsolicited NA frames.
 *
 * The builders are checked byte for byte against golden frames written
 * out by hand from RFC 826 / RFC 4861 and keepalived-compat.md §5.12 (the
 * NA checksums were computed independently, outside this code).  Then the
 * frames are really sent on a veth pair in a private network namespace
 * (unshare(CLONE_NEWNET) in the checked fixture; Check forks each test,
 * so the namespace dies with the test process): an AF_PACKET socket on
 * the peer must receive exactly the golden bytes, and the peer's kernel
 * must accept them, which we see as its neighbour entry for the VIP taking
 * the sender's MAC ("ip neigh" as the oracle).  Needs root.
 */
#include <sys/socket.h>
#include <sys/wait.h>

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <sched.h>
#include <time.h>
#include <unistd.h>

#include <linux/if_ether.h>
#include <linux/if_packet.h>

#include "unit.h"
#include "arp.h"
#include "ndisc.h"
#include "nl.h"
#include "nl_link.h"

static const uint8_t vmac4[6] = { 0x00, 0x00, 0x5e, 0x00, 0x01, 0x33 };
static const uint8_t vmac6[6] = { 0x00, 0x00, 0x5e, 0x00, 0x02, 0x33 };

static const uint8_t golden_garp[ARP_GARP_LEN] = {
	/* Ethernet: broadcast, from the VMAC, ARP */
	0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
	0x00, 0x00, 0x5e, 0x00, 0x01, 0x33,
	0x08, 0x06,
	/* hrd Ethernet, pro IPv4, hln 6, pln 4, op request */
	0x00, 0x01, 0x08, 0x00, 0x06, 0x04, 0x00, 0x01,
	/* sender: VMAC, 192.0.2.10 */
	0x00, 0x00, 0x5e, 0x00, 0x01, 0x33, 0xc0, 0x00, 0x02, 0x0a,
	/* target: broadcast, 192.0.2.10 */
	0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xc0, 0x00, 0x02, 0x0a,
};

static const uint8_t golden_na[NDISC_NA_LEN] = {
	/* Ethernet: 33:33:00:00:00:01, from the VMAC, IPv6 */
	0x33, 0x33, 0x00, 0x00, 0x00, 0x01,
	0x00, 0x00, 0x5e, 0x00, 0x02, 0x33,
	0x86, 0xdd,
	/* IPv6: v6, payload 32, ICMPv6, hop limit 255 */
	0x60, 0x00, 0x00, 0x00, 0x00, 0x20, 0x3a, 0xff,
	/* src 2001:db8::10 */
	0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x10,
	/* dst ff02::1 */
	0xff, 0x02, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x01,
	/* NA: type 136, code 0, checksum, flags Override */
	0x88, 0x00, 0x9a, 0xda, 0x20, 0x00, 0x00, 0x00,
	/* target 2001:db8::10 */
	0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x10,
	/* option: target link-layer address, length 1, the VMAC */
	0x02, 0x01, 0x00, 0x00, 0x5e, 0x00, 0x02, 0x33,
};

START_TEST(test_garp_golden)
{
	uint8_t buf[64];
	struct in_addr vip;

	memset(buf, 0xaa, sizeof(buf));
	inet_pton(AF_INET, "192.0.2.10", &vip);
	ck_assert_int_eq(arp_garp_build(buf, sizeof(buf), vmac4, vip),
	    ARP_GARP_LEN);
	ck_assert_mem_eq(buf, golden_garp, ARP_GARP_LEN);
	ck_assert_uint_eq(buf[ARP_GARP_LEN], 0xaa);	/* nothing beyond */
	errno = 0;
	ck_assert_int_eq(arp_garp_build(buf, ARP_GARP_LEN - 1, vmac4, vip),
	    -1);
	ck_assert_int_eq(errno, ENOSPC);
}
END_TEST

START_TEST(test_na_golden)
{
	uint8_t buf[128];
	struct in6_addr vip;

	memset(buf, 0xaa, sizeof(buf));
	inet_pton(AF_INET6, "2001:db8::10", &vip);
	ck_assert_int_eq(ndisc_na_build(buf, sizeof(buf), vmac6, &vip, false),
	    NDISC_NA_LEN);
	ck_assert_mem_eq(buf, golden_na, NDISC_NA_LEN);
	ck_assert_uint_eq(buf[NDISC_NA_LEN], 0xaa);
	/* Router flag: R|O = 0xa0, checksum 0x9ada - 0x8000. */
	ck_assert_int_eq(ndisc_na_build(buf, sizeof(buf), vmac6, &vip, true),
	    NDISC_NA_LEN);
	ck_assert_uint_eq(buf[58], 0xa0);
	ck_assert_uint_eq(buf[56], 0x1a);
	ck_assert_uint_eq(buf[57], 0xda);
	ck_assert_mem_eq(buf + 59, golden_na + 59, NDISC_NA_LEN - 59);
	errno = 0;
	ck_assert_int_eq(ndisc_na_build(buf, NDISC_NA_LEN - 1, vmac6, &vip,
	    false), -1);
	ck_assert_int_eq(errno, ENOSPC);
}
END_TEST

START_TEST(test_icmp6_cksum)
{
	struct in6_addr src, dst;
	uint8_t msg[9] = { 1, 2, 3, 4, 5, 6, 7, 8, 9 };
	uint16_t ck;

	/* Summing a message with its own checksum in place gives 0. */
	inet_pton(AF_INET6, "fe80::1", &src);
	inet_pton(AF_INET6, "ff02::2", &dst);
	msg[2] = msg[3] = 0;
	ck = ndisc_icmp6_cksum(&src, &dst, msg, sizeof(msg));
	memcpy(msg + 2, &ck, 2);
	ck_assert_uint_eq(ndisc_icmp6_cksum(&src, &dst, msg, sizeof(msg)), 0);
}
END_TEST

/* --- real sends on a veth pair ------------------------------------------ */

/* Whether "ip neigh show <addr> dev veth1" mentions lladdr. */
static bool
neigh_has(const char *addr, const char *lladdr)
{
	char out[2048];
	ssize_t n;
	size_t used = 0;
	int pfd[2], status;
	pid_t pid;

	ck_assert_int_eq(pipe2(pfd, O_CLOEXEC), 0);
	pid = fork();
	ck_assert_int_ge(pid, 0);
	if (pid == 0) {
		dup2(pfd[1], STDOUT_FILENO);
		execlp("ip", "ip", "neigh", "show", addr, "dev", "veth1",
		    (char *)NULL);
		_exit(127);
	}
	close(pfd[1]);
	while (used + 1 < sizeof(out) &&
	    (n = read(pfd[0], out + used, sizeof(out) - used - 1)) != 0) {
		if (n == -1 && errno == EINTR)
			continue;
		if (n == -1)
			break;
		used += (size_t)n;
	}
	out[used] = '\0';
	close(pfd[0]);
	ck_assert_int_eq(waitpid(pid, &status, 0), pid);
	return strstr(out, lladdr) != NULL;
}

static struct nl_link l0, l1;
static char mac0[32];

static void
netns_setup(void)
{
	struct nl_sock s;

	ck_assert_msg(unshare(CLONE_NEWNET) == 0, "unshare(CLONE_NEWNET): "
	    "%s (needs root)", strerror(errno));
	UNIT_RUN("ip", "link", "add", "veth0", "type", "veth", "peer", "name",
	    "veth1");
	ck_assert_int_eq(nl_open(&s, 0), 0);
	ck_assert_int_eq(nl_link_get_by_name(&s, "veth0", &l0), 0);
	ck_assert_int_eq(nl_link_get_by_name(&s, "veth1", &l1), 0);
	ck_assert_int_eq(nl_link_set_up(&s, l0.ifindex, true), 0);
	ck_assert_int_eq(nl_link_set_up(&s, l1.ifindex, true), 0);
	nl_close(&s);
	snprintf(mac0, sizeof(mac0), "%02x:%02x:%02x:%02x:%02x:%02x",
	    l0.hwaddr[0], l0.hwaddr[1], l0.hwaddr[2], l0.hwaddr[3],
	    l0.hwaddr[4], l0.hwaddr[5]);
}

static void
netns_teardown(void)
{
	/* The namespace goes with this process. */
}

/* A packet socket receiving everything that arrives on veth1. */
static int
sniff_open(void)
{
	struct sockaddr_ll sll;
	int fd;

	fd = socket(AF_PACKET, SOCK_RAW | SOCK_CLOEXEC, htons(ETH_P_ALL));
	ck_assert_int_ge(fd, 0);
	memset(&sll, 0, sizeof(sll));
	sll.sll_family = AF_PACKET;
	sll.sll_protocol = htons(ETH_P_ALL);
	sll.sll_ifindex = l1.ifindex;
	ck_assert_int_eq(bind(fd, (struct sockaddr *)&sll, sizeof(sll)), 0);
	return fd;
}

static uint64_t
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

/* Receive on fd, for at most 3 s, a frame equal to want[0..len). */
static bool
sniff_frame(int fd, const uint8_t *want, size_t len)
{
	uint64_t deadline = now_ms() + 3000;
	struct pollfd pfd = { .fd = fd, .events = POLLIN };
	uint8_t buf[2048];
	ssize_t n;

	while (now_ms() < deadline) {
		if (poll(&pfd, 1, (int)(deadline - now_ms())) <= 0)
			continue;
		n = recv(fd, buf, sizeof(buf), MSG_DONTWAIT);
		if (n >= (ssize_t)len && memcmp(buf, want, len) == 0)
			return true;
	}
	return false;
}

/* Poll "ip neigh" until the entry for addr has mac0, at most 3 s. */
static bool
neigh_wait(const char *addr)
{
	uint64_t deadline = now_ms() + 3000;
	struct timespec pause = { 0, 20 * 1000 * 1000 };

	while (now_ms() < deadline) {
		if (neigh_has(addr, mac0))
			return true;
		nanosleep(&pause, NULL);
	}
	return false;
}

START_TEST(test_garp_send)
{
	uint8_t want[ARP_GARP_LEN];
	struct in_addr vip;
	int fd, sniff;

	/* The peer (on 192.0.2.0/24, so that the kernel's local table
	 * exists and takes the frame as a GARP) knows 192.0.2.10 at another
	 * MAC; the GARP moves it. */
	UNIT_RUN("ip", "addr", "add", "192.0.2.1/24", "dev", "veth1");
	UNIT_RUN("ip", "neigh", "add", "192.0.2.10", "lladdr",
	    "02:00:00:00:00:99", "dev", "veth1", "nud", "stale");
	ck_assert(neigh_has("192.0.2.10", "02:00:00:00:00:99"));
	inet_pton(AF_INET, "192.0.2.10", &vip);
	ck_assert_int_eq(arp_garp_build(want, sizeof(want), l0.hwaddr, vip),
	    ARP_GARP_LEN);
	sniff = sniff_open();
	fd = arp_sock_open();
	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(arp_garp_send(fd, l0.ifindex, l0.hwaddr, vip), 0);
	ck_assert_msg(sniff_frame(sniff, want, sizeof(want)),
	    "GARP not received on the peer");
	ck_assert_msg(neigh_wait("192.0.2.10"), "peer's ARP entry not "
	    "updated to %s", mac0);
	/* A bad ifindex is an error with errno. */
	errno = 0;
	ck_assert_int_eq(arp_garp_send(fd, 9999, l0.hwaddr, vip), -1);
	ck_assert_int_eq(errno, ENXIO);
	close(fd);
	close(sniff);
}
END_TEST

START_TEST(test_na_send)
{
	uint8_t want[NDISC_NA_LEN];
	struct in6_addr vip;
	int fd, fd2, sniff;

	UNIT_RUN("ip", "-6", "neigh", "add", "2001:db8::10", "lladdr",
	    "02:00:00:00:00:99", "dev", "veth1", "nud", "stale");
	ck_assert(neigh_has("2001:db8::10", "02:00:00:00:00:99"));
	inet_pton(AF_INET6, "2001:db8::10", &vip);
	ck_assert_int_eq(ndisc_na_build(want, sizeof(want), l0.hwaddr, &vip,
	    false), NDISC_NA_LEN);
	sniff = sniff_open();
	fd = ndisc_sock_open();
	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(ndisc_na_send(fd, l0.ifindex, l0.hwaddr, &vip, false),
	    0);
	ck_assert_msg(sniff_frame(sniff, want, sizeof(want)),
	    "NA not received on the peer");
	/* The peer's kernel checked hop limit and checksum, then took the
	 * Override. */
	ck_assert_msg(neigh_wait("2001:db8::10"), "peer's neighbour entry "
	    "not updated to %s", mac0);
	ck_assert_int_eq(ndisc_forwarding("veth0"), 0);
	fd2 = open("/proc/sys/net/ipv6/conf/veth0/forwarding", O_WRONLY);
	ck_assert_int_ge(fd2, 0);
	ck_assert_int_eq(write(fd2, "1\n", 2), 2);
	close(fd2);
	ck_assert_int_eq(ndisc_forwarding("veth0"), 1);
	errno = 0;
	ck_assert_int_eq(ndisc_forwarding("nosuch0"), -1);
	ck_assert_int_eq(errno, ENOENT);
	close(fd);
	close(sniff);
}
END_TEST

START_TEST(test_send_link_down)
{
	struct in_addr vip;
	struct nl_sock s;
	int fd;

	ck_assert_int_eq(nl_open(&s, 0), 0);
	ck_assert_int_eq(nl_link_set_up(&s, l0.ifindex, false), 0);
	nl_close(&s);
	inet_pton(AF_INET, "192.0.2.10", &vip);
	fd = arp_sock_open();
	errno = 0;
	ck_assert_int_eq(arp_garp_send(fd, l0.ifindex, l0.hwaddr, vip), -1);
	ck_assert_int_eq(errno, ENETDOWN);
	close(fd);
}
END_TEST

static Suite *
garp_suite(void)
{
	Suite *s = suite_create("garp");
	TCase *pure = tcase_create("pure");
	TCase *wire = tcase_create("wire");

	tcase_add_test(pure, test_garp_golden);
	tcase_add_test(pure, test_na_golden);
	tcase_add_test(pure, test_icmp6_cksum);
	suite_add_tcase(s, pure);
	tcase_add_checked_fixture(wire, netns_setup, netns_teardown);
	tcase_set_timeout(wire, 30);
	tcase_add_test(wire, test_garp_send);
	tcase_add_test(wire, test_na_send);
	tcase_add_test(wire, test_send_link_down);
	suite_add_tcase(s, wire);
	return s;
}

int
main(void)
{
	Suite *s = garp_suite();

	return unit_run(&s, 1);
}
