/*
 * test_vrrp_engine: the VRRP engine (vrrp/vrrp.c, sock.c, vip.c,
 * vrrp_dump.c) on real sockets in a private network namespace.
 *
 * Isolation: Check forks every test; the checked fixture unshares a new
 * network namespace in that child and creates veth0 (10.77.0.1, where
 * the engine runs) and veth1 (10.77.0.2, where the test plays the peer).
 * Everything disappears with the test's process.  The engine runs on a
 * real event loop for bounded time: each wait polls a condition with a
 * deadline.  Needs root and iproute2's ip.
 */
#include <sys/socket.h>
#include <sys/wait.h>

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <syslog.h>
#include <unistd.h>

#include "unit.h"
#include "cli.h"
#include "evloop.h"
#include "ipc.h"
#include "log.h"
#include "nl_link.h"
#include "pkt.h"
#include "sock.h"
#include "vrrp.h"

static int if0, if1;
static char logpath[64];

static void
write_file(const char *path, const char *text)
{
	int fd = open(path, O_WRONLY | O_CLOEXEC);

	if (fd >= 0) {
		(void)write(fd, text, strlen(text));
		close(fd);
	}
}

static void
netns_setup(void)
{
	ck_assert_msg(unshare(CLONE_NEWNET) == 0, "unshare(CLONE_NEWNET): "
	    "%s (needs root)", strerror(errno));
	/* No DAD: link-local sources are usable at once. */
	write_file("/proc/sys/net/ipv6/conf/default/accept_dad", "0");
	/* Both ends live in this namespace: let each accept packets whose
	 * source is the other end's (local) address. */
	write_file("/proc/sys/net/ipv4/conf/all/accept_local", "1");
	write_file("/proc/sys/net/ipv4/conf/default/accept_local", "1");
	write_file("/proc/sys/net/ipv4/conf/all/rp_filter", "0");
	write_file("/proc/sys/net/ipv4/conf/default/rp_filter", "0");
	UNIT_RUN("ip", "link", "set", "lo", "up");
	UNIT_RUN("ip", "link", "add", "veth0", "type", "veth", "peer", "name",
	    "veth1");
	UNIT_RUN("ip", "addr", "add", "10.77.0.1/24", "dev", "veth0");
	UNIT_RUN("ip", "addr", "add", "10.77.0.2/24", "dev", "veth1");
	UNIT_RUN("ip", "link", "set", "veth0", "up");
	UNIT_RUN("ip", "link", "set", "veth1", "up");
	if0 = (int)if_nametoindex("veth0");
	if1 = (int)if_nametoindex("veth1");
	ck_assert_int_gt(if0, 0);
	ck_assert_int_gt(if1, 0);
	snprintf(logpath, sizeof(logpath), "/tmp/test_vrrp_engine.%d.log",
	    (int)getpid());
	ck_assert_int_eq(log_file_open(logpath), 0);
	log_init("test_vrrp_engine", LOG_DAEMON, LOG_TO_FILE);
	log_set_detail(1);
}

static void
netns_teardown(void)
{
	log_file_close();
	unlink(logpath);
}

static bool
log_has(const char *needle)
{
	char buf[65536];
	ssize_t n;
	int fd;

	if ((fd = open(logpath, O_RDONLY | O_CLOEXEC)) == -1)
		return false;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		return false;
	buf[n] = '\0';
	return strstr(buf, needle) != NULL;
}

static struct addr
A(const char *s)
{
	struct addr a;

	ck_assert_int_eq(addr_parse(s, &a), 0);
	return a;
}

/* --- sockets --------------------------------------------------------------- */

static struct vrrp_pkt pkt;

static ssize_t
build_advert(int family, unsigned version, unsigned vrid, unsigned prio,
    const char *src, const char *dst, const char *vip, int ttl, void *buf,
    size_t size)
{
	memset(&pkt, 0, sizeof(pkt));
	pkt.family = (sa_family_t)family;
	pkt.version = (uint8_t)version;
	pkt.type = VRRP_PKT_TYPE_ADVERT;
	pkt.vrid = (uint8_t)vrid;
	pkt.priority = (uint8_t)prio;
	pkt.naddr = 1;
	pkt.adver_int = 100;
	pkt.ttl = ttl;
	pkt.ip_id = 7;
	pkt.src = A(src);
	pkt.dst = A(dst);
	if (family == AF_INET)
		pkt.addrs.v4[0] = A(vip).u.v4;
	else
		pkt.addrs.v6[0] = A(vip).u.v6;
	return vrrp_pkt_encode(&pkt, false, buf, size);
}

/* Wait up to ms for a packet on fd; its length or -1. */
static ssize_t
recv_wait(int fd, int family, void *buf, size_t size, struct vrrp_pkt_rx *rx,
    int ms)
{
	uint64_t end = ev_clock_us() + (uint64_t)ms * 1000;
	ssize_t n;

	while (ev_clock_us() < end) {
		if ((n = vrrp_sock_recv(fd, family, buf, size, rx)) >= 0)
			return n;
		ck_assert_int_eq(errno, EAGAIN);
		usleep(5000);
	}
	return -1;
}

START_TEST(sock_ipv4_multicast)
{
	uint8_t buf[VRRP_PKT_MAX_LEN], rbuf[VRRP_PKT_MAX_LEN];
	struct addr g = A("224.0.0.18");
	struct vrrp_pkt_rx rx;
	struct vrrp_pkt out;
	int rx_fd, tx_fd;
	ssize_t len;

	rx_fd = vrrp_sock_open_rx(AF_INET, VRRP_PKT_PROTO, if1, "veth1", &g,
	    NULL, 0);
	ck_assert_int_ge(rx_fd, 0);
	tx_fd = vrrp_sock_open_tx(AF_INET, if0, "veth0", false, -1);
	ck_assert_int_ge(tx_fd, 0);
	len = build_advert(AF_INET, 2, 51, 120, "10.77.0.1", "224.0.0.18",
	    "10.77.0.100", 255, buf, sizeof(buf));
	ck_assert_int_gt(len, 0);
	ck_assert_int_eq(vrrp_sock_send4(tx_fd, buf, (size_t)len,
	    A("224.0.0.18").u.v4, true), 0);
	ck_assert_int_eq(recv_wait(rx_fd, AF_INET, rbuf, sizeof(rbuf), &rx,
	    2000), len);
	ck_assert_int_eq(vrrp_pkt_decode(&rx, &out), VRRP_PKT_OK);
	ck_assert_uint_eq(out.vrid, 51);
	ck_assert_uint_eq(out.priority, 120);
	ck_assert_int_eq(out.ttl, 255);
	ck_assert_uint_eq(out.tos, VRRP_PKT_TOS);
	/* The send socket hears nothing, not even what arrives on veth0. */
	ck_assert_int_eq(vrrp_sock_recv(tx_fd, AF_INET, rbuf, sizeof(rbuf),
	    &rx), -1);
	close(rx_fd);
	close(tx_fd);
}
END_TEST

START_TEST(sock_ipv6_multicast)
{
	uint8_t buf[VRRP_PKT_MAX_LEN], rbuf[VRRP_PKT_MAX_LEN];
	struct addr g = A("ff02::12"), src;
	struct vrrp_pkt_rx rx;
	struct vrrp_pkt out;
	struct nl_sock nl;
	int rx_fd, tx_fd;
	ssize_t len;
	char ll[64];
	struct nl_link l;

	/* veth0's link-local address from its MAC (EUI-64). */
	ck_assert_int_eq(nl_open(&nl, 0), 0);
	ck_assert_int_eq(nl_link_get_by_index(&nl, if0, &l), 0);
	nl_close(&nl);
	snprintf(ll, sizeof(ll), "fe80::%02x%02x:%02xff:fe%02x:%02x%02x",
	    l.hwaddr[0] ^ 2, l.hwaddr[1], l.hwaddr[2], l.hwaddr[3],
	    l.hwaddr[4], l.hwaddr[5]);
	src = A(ll);
	rx_fd = vrrp_sock_open_rx(AF_INET6, VRRP_PKT_PROTO, if1, "veth1", &g,
	    NULL, 0);
	ck_assert_int_ge(rx_fd, 0);
	tx_fd = vrrp_sock_open_tx(AF_INET6, if0, "veth0", false, -1);
	ck_assert_int_ge(tx_fd, 0);
	len = build_advert(AF_INET6, 3, 52, 130, ll, "ff02::12", "fe80::52",
	    -1, buf, sizeof(buf));
	ck_assert_int_gt(len, 0);
	ck_assert_int_eq(vrrp_sock_send6(tx_fd, buf, (size_t)len, &g.u.v6,
	    if0, &src.u.v6, -1), 0);
	ck_assert_int_eq(recv_wait(rx_fd, AF_INET6, rbuf, sizeof(rbuf), &rx,
	    2000), len);
	/* Hop limit and destination come as cmsgs; the kernel filled the
	 * checksum, which decode verifies against them. */
	ck_assert_int_eq(rx.hoplimit, 255);
	ck_assert(rx.dst6_known);
	ck_assert(IN6_ARE_ADDR_EQUAL(&rx.dst6, &g.u.v6));
	ck_assert(IN6_ARE_ADDR_EQUAL(&rx.src6, &src.u.v6));
	ck_assert_int_eq(vrrp_pkt_decode(&rx, &out), VRRP_PKT_OK);
	ck_assert_uint_eq(out.priority, 130);
	close(rx_fd);
	close(tx_fd);
}
END_TEST

/* --- the engine ------------------------------------------------------------ */

static const char *conf_text =
    "vrrp_instance VI_1 {\n"
    "  state BACKUP\n"
    "  interface veth0\n"
    "  virtual_router_id 51\n"
    "  priority 150\n"
    "  advert_int 1\n"
    "  virtual_ipaddress {\n"
    "    10.77.0.100/24\n"
    "  }\n"
    "}\n";

struct harness {
	struct vrrp_child vc;
	struct cli_opts	 opts;
	struct conf	*conf;
	int		 parent;	/* the parent's end */
	int		 sniff;		/* receive socket on veth1 */
	int		 inject;	/* send socket on veth1 */
	struct nl_sock	 nl;
};

static void
h_start(struct harness *h, const char *text)
{
	struct addr group = A("224.0.0.18");
	int sv[2];

	memset(h, 0, sizeof(*h));
	h->conf = unit_parse(text, NULL, NULL);
	ck_assert_ptr_nonnull(h->conf);
	cli_opts_init(&h->opts);
	ck_assert_int_eq(socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC |
	    SOCK_NONBLOCK, 0, sv), 0);
	h->parent = sv[0];
	h->vc.chan = sv[1];
	h->vc.conf = h->conf;
	h->vc.opts = &h->opts;
	h->vc.loop = ev_loop_new();
	ck_assert_ptr_nonnull(h->vc.loop);
	h->sniff = vrrp_sock_open_rx(AF_INET, VRRP_PKT_PROTO, if1, "veth1",
	    &group, NULL, 0);
	ck_assert_int_ge(h->sniff, 0);
	h->inject = vrrp_sock_open_tx(AF_INET, if1, "veth1", false, -1);
	ck_assert_int_ge(h->inject, 0);
	ck_assert_int_eq(nl_open(&h->nl, 0), 0);
	ck_assert_int_eq(vrrp_engine_ops.start(&h->vc), 0);
}

static void
h_stop(struct harness *h)
{
	if (h->vc.engine != NULL)
		vrrp_engine_ops.stop(&h->vc);
	ev_loop_free(h->vc.loop);
	close(h->parent);
	close(h->vc.chan);
	close(h->sniff);
	close(h->inject);
	nl_close(&h->nl);
	conf_free(h->conf);
}

static struct vrrp_rt *
h_rt(struct harness *h)
{
	struct vrrp_rt *rt = vrrp_rt_find(h->vc.engine, "VI_1");

	ck_assert_ptr_nonnull(rt);
	return rt;
}

/* Run the loop until the instance is in state, at most ms. */
static bool
h_wait_state(struct harness *h, enum vrrp_fsm_state st, int ms)
{
	uint64_t end = ev_clock_us() + (uint64_t)ms * 1000;

	while (ev_clock_us() < end) {
		if (h_rt(h)->fsm.state == st)
			return true;
		ck_assert_int_eq(ev_loop_once(h->vc.loop, 20000), 0);
	}
	return h_rt(h)->fsm.state == st;
}

static bool
h_has_vip(struct harness *h, const char *vip)
{
	struct addr a = A(vip);

	return nl_addr_has(&h->nl, if0, &a) == 1;
}

/* The next advert from veth0 heard on veth1 (its priority), or -1. */
static int
h_next_advert(struct harness *h, int ms)
{
	uint8_t buf[VRRP_PKT_MAX_LEN];
	struct vrrp_pkt_rx rx;
	struct vrrp_pkt out;
	uint64_t end = ev_clock_us() + (uint64_t)ms * 1000;

	/* The engine's loop runs meanwhile (while it exists). */
	while (vrrp_sock_recv(h->sniff, AF_INET, buf, sizeof(buf), &rx) < 0) {
		ck_assert_int_eq(errno, EAGAIN);
		if (ev_clock_us() >= end)
			return -1;
		if (h->vc.engine != NULL)
			ck_assert_int_eq(ev_loop_once(h->vc.loop, 10000), 0);
		else
			usleep(5000);
	}
	if (vrrp_pkt_decode(&rx, &out) != VRRP_PKT_OK)
		return -2;
	return out.priority;
}

/* States the engine told the parent, in order, as a string "1,2". */
static void
h_states(struct harness *h, char *out, size_t size)
{
	struct ipc_msg m;
	size_t n = 0;

	out[0] = '\0';
	while (ipc_recv(h->parent, &m) == 1)
		if (m.hdr.type == IPC_VRRP_STATE && n + 4 < size) {
			ck_assert_str_eq(m.u.vrrp.name, "VI_1");
			n += (size_t)snprintf(out + n, size - n, "%s%u",
			    n ? "," : "", m.u.vrrp.state);
		}
}

START_TEST(engine_becomes_master_and_releases)
{
	struct harness h;
	char states[64];
	int prio;

	h_start(&h, conf_text);
	ck_assert_int_eq(h_rt(&h)->fsm.state, VRRP_FSM_BACKUP);
	ck_assert(!h_has_vip(&h, "10.77.0.100"));
	/* Master_Down_Interval = 3 * 1 s + (256 - 150) / 256 s. */
	ck_assert(h_wait_state(&h, VRRP_FSM_MASTER, 6000));
	ck_assert(h_has_vip(&h, "10.77.0.100"));
	ck_assert(log_has("(VI_1) Entering BACKUP STATE (init)"));
	ck_assert(log_has("(VI_1) Entering MASTER STATE"));
	ck_assert(log_has("(VI_1) setting VIPs."));
	ck_assert(log_has("Registering gratuitous ARP shared channel"));
	prio = h_next_advert(&h, 2000);
	ck_assert_int_eq(prio, 150);
	h_states(&h, states, sizeof(states));
	ck_assert_str_eq(states, "1,2");
	/* Stop: priority 0, then the VIP is gone, at once. */
	vrrp_engine_ops.stop(&h.vc);
	ck_assert_ptr_null(h.vc.engine);
	do
		prio = h_next_advert(&h, 500);
	while (prio == 150);
	ck_assert_int_eq(prio, 0);
	ck_assert(!h_has_vip(&h, "10.77.0.100"));
	h_stop(&h);
}
END_TEST

START_TEST(engine_dont_release)
{
	struct harness h;

	h_start(&h, conf_text);
	h.opts.dont_release_vrrp = true;
	ck_assert(h_wait_state(&h, VRRP_FSM_MASTER, 6000));
	ck_assert(h_has_vip(&h, "10.77.0.100"));
	vrrp_engine_ops.stop(&h.vc);
	/* -V: the VIP stays; a new start removes the leftover. */
	ck_assert(h_has_vip(&h, "10.77.0.100"));
	h.opts.dont_release_vrrp = false;
	ck_assert_int_eq(vrrp_engine_ops.start(&h.vc), 0);
	ck_assert(!h_has_vip(&h, "10.77.0.100"));
	ck_assert(log_has("(VI_1) removing VIPs."));
	h_stop(&h);
}
END_TEST

static void
h_inject(struct harness *h, unsigned prio, int ttl)
{
	uint8_t buf[VRRP_PKT_MAX_LEN];
	ssize_t len;

	len = build_advert(AF_INET, 2, 51, prio, "10.77.0.2", "224.0.0.18",
	    "10.77.0.100", ttl, buf, sizeof(buf));
	ck_assert_int_gt(len, 0);
	ck_assert_int_eq(vrrp_sock_send4(h->inject, buf, (size_t)len,
	    A("224.0.0.18").u.v4, true), 0);
}

START_TEST(engine_higher_peer_and_counters)
{
	struct harness h;
	uint64_t end, next = 0;
	struct vrrp_rt *rt;
	char *buf = NULL;
	size_t len = 0;
	FILE *fp;

	h_start(&h, conf_text);
	/* A peer at 200 for 5 s (longer than Master_Down): stay BACKUP. */
	end = ev_clock_us() + 5000000;
	while (ev_clock_us() < end) {
		if (ev_clock_us() >= next) {
			h_inject(&h, 200, 255);
			next = ev_clock_us() + 500000;
		}
		ck_assert_int_eq(ev_loop_once(h.vc.loop, 20000), 0);
	}
	rt = h_rt(&h);
	ck_assert_int_eq(rt->fsm.state, VRRP_FSM_BACKUP);
	ck_assert_uint_ge(rt->fsm.stats.advert_rcvd, 8);
	ck_assert_uint_eq(rt->fsm.master_priority, 200);
	/* A bad TTL is refused, logged and counted. */
	h_inject(&h, 200, 64);
	end = ev_clock_us() + 2000000;
	while (rt->stats.cnt[VRRP_PKT_CNT_IP_TTL_ERR] == 0 &&
	    ev_clock_us() < end)
		ck_assert_int_eq(ev_loop_once(h.vc.loop, 20000), 0);
	ck_assert_uint_eq(rt->stats.cnt[VRRP_PKT_CNT_IP_TTL_ERR], 1);
	ck_assert(log_has("(VI_1) invalid TTL/HL. Received 64 and expect "
	    "255"));
	/* The stats and JSON dumps show the real counters. */
	fp = open_memstream(&buf, &len);
	vrrp_dump_stats(&h.vc, fp, false);
	fclose(fp);
	ck_assert_ptr_nonnull(strstr(buf, "VRRP Instance: VI_1\n"));
	ck_assert_ptr_nonnull(strstr(buf, "    TTL: 1\n"));
	free(buf);
	buf = NULL;
	fp = open_memstream(&buf, &len);
	vrrp_dump_json(&h.vc, fp);
	fclose(fp);
	ck_assert_ptr_nonnull(strstr(buf, "\"ip_ttl_err\":1"));
	ck_assert_ptr_nonnull(strstr(buf, "\"state\":1"));
	free(buf);
	buf = NULL;
	fp = open_memstream(&buf, &len);
	vrrp_dump_data(&h.vc, fp);
	fclose(fp);
	ck_assert_ptr_nonnull(strstr(buf, "   Master router = 10.77.0.2\n"));
	ck_assert_ptr_nonnull(strstr(buf, "------< VRRP Sockpool >------"));
	free(buf);
	/* The peer leaves with priority 0: Skew_Time, then MASTER. */
	h_inject(&h, 0, 255);
	ck_assert(h_wait_state(&h, VRRP_FSM_MASTER, 1500));
	h_stop(&h);
}
END_TEST

START_TEST(engine_link_fault)
{
	struct harness h;

	h_start(&h, conf_text);
	ck_assert(h_wait_state(&h, VRRP_FSM_MASTER, 6000));
	ck_assert_int_eq(nl_link_set_up(&h.nl, if0, false), 0);
	ck_assert(h_wait_state(&h, VRRP_FSM_FAULT, 2000));
	ck_assert(!h_has_vip(&h, "10.77.0.100"));
	ck_assert(log_has("(VI_1) Entering FAULT STATE"));
	ck_assert_int_eq(nl_link_set_up(&h.nl, if0, true), 0);
	ck_assert(h_wait_state(&h, VRRP_FSM_BACKUP, 2000));
	h_stop(&h);
}
END_TEST

START_TEST(engine_reload_keeps_master)
{
	static const char *text2 =
	    "vrrp_instance VI_1 {\n"
	    "  state BACKUP\n"
	    "  interface veth0\n"
	    "  virtual_router_id 51\n"
	    "  priority 140\n"
	    "  advert_int 1\n"
	    "  virtual_ipaddress {\n"
	    "    10.77.0.101/24\n"
	    "  }\n"
	    "}\n";
	struct harness h;
	struct conf *old;

	h_start(&h, conf_text);
	ck_assert(h_wait_state(&h, VRRP_FSM_MASTER, 6000));
	old = h.conf;
	h.conf = unit_parse(text2, NULL, NULL);
	ck_assert_ptr_nonnull(h.conf);
	h.vc.conf = h.conf;
	ck_assert_int_eq(vrrp_engine_ops.reload(&h.vc, old), 0);
	conf_free(old);
	/* Same instance: still MASTER, the new VIP set, new priority. */
	ck_assert_int_eq(h_rt(&h)->fsm.state, VRRP_FSM_MASTER);
	ck_assert_ptr_eq(h_rt(&h)->conf,
	    STAILQ_FIRST(&h.conf->vrrp.instances));
	ck_assert(!h_has_vip(&h, "10.77.0.100"));
	ck_assert(h_has_vip(&h, "10.77.0.101"));
	ck_assert_uint_eq(h_rt(&h)->fsm.effective_priority, 140);
	while (h_next_advert(&h, 300) == 150)
		;
	ck_assert_int_eq(h_next_advert(&h, 2000), 140);
	h_stop(&h);
}
END_TEST

static Suite *
engine_suite(void)
{
	Suite *s = suite_create("vrrp_engine");
	TCase *t = tcase_create("netns");

	tcase_add_checked_fixture(t, netns_setup, netns_teardown);
	tcase_set_timeout(t, 30);
	tcase_add_test(t, sock_ipv4_multicast);
	tcase_add_test(t, sock_ipv6_multicast);
	tcase_add_test(t, engine_becomes_master_and_releases);
	tcase_add_test(t, engine_dont_release);
	tcase_add_test(t, engine_higher_peer_and_counters);
	tcase_add_test(t, engine_link_fault);
	tcase_add_test(t, engine_reload_keeps_master);
	suite_add_tcase(s, t);
	return s;
}

int
main(void)
{
	Suite *s[] = { engine_suite() };

	return unit_run(s, 1);
}
