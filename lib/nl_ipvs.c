/*
 * nl_ipvs: encoders, decoders and the socket for IPVS over generic
 * netlink.
 *
 * The attribute layout follows include/uapi/linux/ip_vs.h and what the
 * kernel's ip_vs_genl_parse_service/_dest require: a service is named by
 * its family plus fwmark, or plus protocol, 16-byte address and port
 * (network order); NEW and SET carry scheduler, flags with mask, timeout
 * and netmask too.  A destination in NEW/SET carries forwarding method,
 * weight and both thresholds.  Attributes are sent in the order ipvsadm
 * and keepalived send them, so captures compare easily.
 */
#include <sys/socket.h>
#include <sys/types.h>
#include <sys/wait.h>

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <linux/genetlink.h>
#include <linux/ip_vs.h>
#include <linux/netlink.h>

#include "nl_ipvs.h"

#define NL_IPVS_ADDR_LEN	16	/* union nf_inet_addr */

/* Start a generic netlink message of family with its genl header. */
static struct nlmsghdr *
nl_ipvs_genl_start(void *buf, size_t size, uint16_t family, uint8_t cmd,
    uint8_t version)
{
	struct nlmsghdr *nlh;
	struct genlmsghdr *g;

	nlh = nl_msg_start(buf, size, family, 0, sizeof(*g));
	if (nlh == NULL)
		return NULL;
	g = mnl_nlmsg_get_payload(nlh);
	g->cmd = cmd;
	g->version = version;
	return nlh;
}

/* The encoders leave the buffer with the message when all fits. */
static struct nlmsghdr *
nl_ipvs_fits(struct nlmsghdr *nlh, bool ok)
{
	if (!ok) {
		errno = ENOSPC;
		return NULL;
	}
	return nlh;
}

struct nlmsghdr *
nl_ipvs_family_msg(void *buf, size_t size, const char *name)
{
	struct nlmsghdr *nlh;

	nlh = nl_ipvs_genl_start(buf, size, GENL_ID_CTRL,
	    CTRL_CMD_GETFAMILY, 1);
	if (nlh == NULL)
		return NULL;
	return nl_ipvs_fits(nlh, mnl_attr_put_strz_check(nlh, size,
	    CTRL_ATTR_FAMILY_NAME, name));
}

/* Service identity: family, then fwmark or protocol/address/port. */
static bool
nl_ipvs_put_svc_id(struct nlmsghdr *nlh, size_t size,
    const struct nl_ipvs_svc *s)
{
	if (!mnl_attr_put_u16_check(nlh, size, IPVS_SVC_ATTR_AF, s->af))
		return false;
	if (s->fwmark != 0)
		return mnl_attr_put_u32_check(nlh, size, IPVS_SVC_ATTR_FWMARK,
		    s->fwmark);
	return mnl_attr_put_u16_check(nlh, size, IPVS_SVC_ATTR_PROTOCOL,
	    s->protocol) &&
	    mnl_attr_put_check(nlh, size, IPVS_SVC_ATTR_ADDR,
	    NL_IPVS_ADDR_LEN, s->addr.raw) &&
	    mnl_attr_put_u16_check(nlh, size, IPVS_SVC_ATTR_PORT,
	    htons(s->port));
}

static bool
nl_ipvs_put_svc_settings(struct nlmsghdr *nlh, size_t size,
    const struct nl_ipvs_svc *s)
{
	struct ip_vs_flags fl = { .flags = s->flags, .mask = ~0U };

	if (!mnl_attr_put_strz_check(nlh, size, IPVS_SVC_ATTR_SCHED_NAME,
	    s->sched))
		return false;
	if (s->pe_name[0] != '\0' && !mnl_attr_put_strz_check(nlh, size,
	    IPVS_SVC_ATTR_PE_NAME, s->pe_name))
		return false;
	return mnl_attr_put_check(nlh, size, IPVS_SVC_ATTR_FLAGS, sizeof(fl),
	    &fl) &&
	    mnl_attr_put_u32_check(nlh, size, IPVS_SVC_ATTR_TIMEOUT,
	    s->timeout) &&
	    mnl_attr_put_u32_check(nlh, size, IPVS_SVC_ATTR_NETMASK,
	    s->netmask);
}

static bool
nl_ipvs_put_svc(struct nlmsghdr *nlh, size_t size,
    const struct nl_ipvs_svc *s, bool full)
{
	struct nlattr *nest;

	nest = mnl_attr_nest_start_check(nlh, size, IPVS_CMD_ATTR_SERVICE);
	if (nest == NULL || !nl_ipvs_put_svc_id(nlh, size, s))
		return false;
	if (full && !nl_ipvs_put_svc_settings(nlh, size, s))
		return false;
	mnl_attr_nest_end(nlh, nest);
	return true;
}

static bool
nl_ipvs_put_tun(struct nlmsghdr *nlh, size_t size,
    const struct nl_ipvs_dest *d)
{
	if (d->fwd != IP_VS_CONN_F_TUNNEL)
		return true;
	if (!mnl_attr_put_u8_check(nlh, size, IPVS_DEST_ATTR_TUN_TYPE,
	    d->tun_type))
		return false;
	if (d->tun_type == IP_VS_CONN_F_TUNNEL_TYPE_GUE &&
	    !mnl_attr_put_u16_check(nlh, size, IPVS_DEST_ATTR_TUN_PORT,
	    htons(d->tun_port)))
		return false;
	if (d->tun_type != IP_VS_CONN_F_TUNNEL_TYPE_IPIP &&
	    !mnl_attr_put_u16_check(nlh, size, IPVS_DEST_ATTR_TUN_FLAGS,
	    d->tun_flags))
		return false;
	return true;
}

static bool
nl_ipvs_put_dest(struct nlmsghdr *nlh, size_t size,
    const struct nl_ipvs_dest *d, bool full)
{
	struct nlattr *nest;

	nest = mnl_attr_nest_start_check(nlh, size, IPVS_CMD_ATTR_DEST);
	if (nest == NULL ||
	    !mnl_attr_put_u16_check(nlh, size, IPVS_DEST_ATTR_ADDR_FAMILY,
	    d->af) ||
	    !mnl_attr_put_check(nlh, size, IPVS_DEST_ATTR_ADDR,
	    NL_IPVS_ADDR_LEN, d->addr.raw) ||
	    !mnl_attr_put_u16_check(nlh, size, IPVS_DEST_ATTR_PORT,
	    htons(d->port)))
		return false;
	if (full && (
	    !mnl_attr_put_u32_check(nlh, size, IPVS_DEST_ATTR_FWD_METHOD,
	    d->fwd & IP_VS_CONN_F_FWD_MASK) ||
	    !mnl_attr_put_u32_check(nlh, size, IPVS_DEST_ATTR_WEIGHT,
	    (uint32_t)d->weight) ||
	    !nl_ipvs_put_tun(nlh, size, d) ||
	    !mnl_attr_put_u32_check(nlh, size, IPVS_DEST_ATTR_U_THRESH,
	    d->u_thresh) ||
	    !mnl_attr_put_u32_check(nlh, size, IPVS_DEST_ATTR_L_THRESH,
	    d->l_thresh)))
		return false;
	mnl_attr_nest_end(nlh, nest);
	return true;
}

struct nlmsghdr *
nl_ipvs_svc_msg(void *buf, size_t size, uint16_t family, uint8_t cmd,
    const struct nl_ipvs_svc *s)
{
	struct nlmsghdr *nlh;
	bool full = cmd == IPVS_CMD_NEW_SERVICE || cmd == IPVS_CMD_SET_SERVICE;

	if (!full && cmd != IPVS_CMD_DEL_SERVICE) {
		errno = EINVAL;
		return NULL;
	}
	nlh = nl_ipvs_genl_start(buf, size, family, cmd, IPVS_GENL_VERSION);
	if (nlh == NULL)
		return NULL;
	return nl_ipvs_fits(nlh, nl_ipvs_put_svc(nlh, size, s, full));
}

struct nlmsghdr *
nl_ipvs_dest_msg(void *buf, size_t size, uint16_t family, uint8_t cmd,
    const struct nl_ipvs_svc *s, const struct nl_ipvs_dest *d)
{
	struct nlmsghdr *nlh;
	bool full = cmd == IPVS_CMD_NEW_DEST || cmd == IPVS_CMD_SET_DEST;

	if (!full && cmd != IPVS_CMD_DEL_DEST) {
		errno = EINVAL;
		return NULL;
	}
	nlh = nl_ipvs_genl_start(buf, size, family, cmd, IPVS_GENL_VERSION);
	if (nlh == NULL)
		return NULL;
	return nl_ipvs_fits(nlh, nl_ipvs_put_svc(nlh, size, s, false) &&
	    nl_ipvs_put_dest(nlh, size, d, full));
}

struct nlmsghdr *
nl_ipvs_flush_msg(void *buf, size_t size, uint16_t family)
{
	return nl_ipvs_genl_start(buf, size, family, IPVS_CMD_FLUSH,
	    IPVS_GENL_VERSION);
}

/* The optional settings of NEW_DAEMON, in the order keepalived's
 * libipvs puts them. */
static bool
nl_ipvs_put_daemon_opts(struct nlmsghdr *nlh, size_t size,
    const struct nl_ipvs_daemon *d)
{
	if (d->maxlen != 0 && !mnl_attr_put_u16_check(nlh, size,
	    IPVS_DAEMON_ATTR_SYNC_MAXLEN, d->maxlen))
		return false;
	if (d->port != 0 && !mnl_attr_put_u16_check(nlh, size,
	    IPVS_DAEMON_ATTR_MCAST_PORT, d->port))
		return false;
	if (d->ttl != 0 && !mnl_attr_put_u8_check(nlh, size,
	    IPVS_DAEMON_ATTR_MCAST_TTL, d->ttl))
		return false;
	if (d->group_af == AF_INET6)
		return mnl_attr_put_check(nlh, size,
		    IPVS_DAEMON_ATTR_MCAST_GROUP6, sizeof(d->group.v6),
		    &d->group.v6);
	if (d->group_af == AF_INET)
		return mnl_attr_put_u32_check(nlh, size,
		    IPVS_DAEMON_ATTR_MCAST_GROUP, d->group.v4.s_addr);
	return true;
}

struct nlmsghdr *
nl_ipvs_daemon_msg(void *buf, size_t size, uint16_t family, uint8_t cmd,
    const struct nl_ipvs_daemon *d)
{
	struct nlmsghdr *nlh;
	struct nlattr *nest;
	bool full = cmd == IPVS_CMD_NEW_DAEMON, ok;

	if (!full && cmd != IPVS_CMD_DEL_DAEMON) {
		errno = EINVAL;
		return NULL;
	}
	nlh = nl_ipvs_genl_start(buf, size, family, cmd, IPVS_GENL_VERSION);
	if (nlh == NULL)
		return NULL;
	nest = mnl_attr_nest_start_check(nlh, size, IPVS_CMD_ATTR_DAEMON);
	ok = nest != NULL && mnl_attr_put_u32_check(nlh, size,
	    IPVS_DAEMON_ATTR_STATE, (uint32_t)d->state);
	if (ok && full)
		ok = mnl_attr_put_strz_check(nlh, size,
		    IPVS_DAEMON_ATTR_MCAST_IFN, d->ifname);
	ok = ok && mnl_attr_put_u32_check(nlh, size, IPVS_DAEMON_ATTR_SYNC_ID,
	    (uint32_t)d->syncid);
	if (ok && full)
		ok = nl_ipvs_put_daemon_opts(nlh, size, d);
	if (ok)
		mnl_attr_nest_end(nlh, nest);
	return nl_ipvs_fits(nlh, ok);
}

struct nlmsghdr *
nl_ipvs_get_msg(void *buf, size_t size, uint16_t family, uint8_t cmd,
    const struct nl_ipvs_svc *s)
{
	struct nlmsghdr *nlh;

	if ((cmd != IPVS_CMD_GET_SERVICE && cmd != IPVS_CMD_GET_DEST) ||
	    (cmd == IPVS_CMD_GET_DEST && s == NULL)) {
		errno = EINVAL;
		return NULL;
	}
	nlh = nl_ipvs_genl_start(buf, size, family, cmd, IPVS_GENL_VERSION);
	if (nlh == NULL || s == NULL)
		return nlh;
	return nl_ipvs_fits(nlh, nl_ipvs_put_svc(nlh, size, s, false));
}

/* --- decoders -------------------------------------------------------- */

struct nl_ipvs_tb {
	const struct nlattr	**tb;
	int			 max;
};

/* Collect attributes by type; unknown (newer) types are skipped. */
static int
nl_ipvs_attr_cb(const struct nlattr *a, void *arg)
{
	struct nl_ipvs_tb *t = arg;
	int type = mnl_attr_get_type(a);

	if (type <= 0 || type > t->max)
		return MNL_CB_OK;
	t->tb[type] = a;
	return MNL_CB_OK;
}

/* Attribute a of at least len bytes (NULL-safe). */
static bool
nl_ipvs_len_ok(const struct nlattr *a, size_t len)
{
	return a != NULL && mnl_attr_get_payload_len(a) >= len;
}

static int
nl_ipvs_genl_attrs(const struct nlmsghdr *nlh, const struct nlattr **tb,
    int max)
{
	struct nl_ipvs_tb t = { tb, max };

	if (nlh->nlmsg_len < MNL_NLMSG_HDRLEN + MNL_ALIGN(
	    sizeof(struct genlmsghdr)) ||
	    mnl_attr_parse(nlh, sizeof(struct genlmsghdr), nl_ipvs_attr_cb,
	    &t) != MNL_CB_OK) {
		errno = EPROTO;
		return -1;
	}
	return 0;
}

static int
nl_ipvs_nested(const struct nlattr *nest, const struct nlattr **tb, int max)
{
	struct nl_ipvs_tb t = { tb, max };

	if (nest == NULL ||
	    mnl_attr_parse_nested(nest, nl_ipvs_attr_cb, &t) != MNL_CB_OK) {
		errno = EPROTO;
		return -1;
	}
	return 0;
}

int
nl_ipvs_family_parse(const struct nlmsghdr *nlh, uint16_t *id)
{
	const struct nlattr *tb[CTRL_ATTR_MAX + 1] = { 0 };

	if (nl_ipvs_genl_attrs(nlh, tb, CTRL_ATTR_MAX) == -1)
		return -1;
	if (!nl_ipvs_len_ok(tb[CTRL_ATTR_FAMILY_ID], sizeof(uint16_t))) {
		errno = EPROTO;
		return -1;
	}
	*id = mnl_attr_get_u16(tb[CTRL_ATTR_FAMILY_ID]);
	return 0;
}

static void
nl_ipvs_str(const struct nlattr *a, char *dst, size_t size)
{
	size_t n;

	dst[0] = '\0';
	if (a == NULL)
		return;
	n = strnlen(mnl_attr_get_payload(a), mnl_attr_get_payload_len(a));
	if (n >= size)
		n = size - 1;
	memcpy(dst, mnl_attr_get_payload(a), n);
	dst[n] = '\0';
}

static int
nl_ipvs_svc_fill(const struct nlattr **tb, struct nl_ipvs_svc *s)
{
	const struct ip_vs_flags *fl;
	const struct nlattr *a;

	if (!nl_ipvs_len_ok(tb[IPVS_SVC_ATTR_AF], 2) ||
	    !nl_ipvs_len_ok(tb[IPVS_SVC_ATTR_FLAGS], sizeof(*fl)))
		return -1;
	s->af = mnl_attr_get_u16(tb[IPVS_SVC_ATTR_AF]);
	if (nl_ipvs_len_ok(tb[IPVS_SVC_ATTR_FWMARK], 4))
		s->fwmark = mnl_attr_get_u32(tb[IPVS_SVC_ATTR_FWMARK]);
	if (s->fwmark == 0) {
		if (!nl_ipvs_len_ok(tb[IPVS_SVC_ATTR_PROTOCOL], 2) ||
		    !nl_ipvs_len_ok(tb[IPVS_SVC_ATTR_ADDR], 4) ||
		    !nl_ipvs_len_ok(tb[IPVS_SVC_ATTR_PORT], 2))
			return -1;
		s->protocol = mnl_attr_get_u16(tb[IPVS_SVC_ATTR_PROTOCOL]);
		a = tb[IPVS_SVC_ATTR_ADDR];
		memcpy(s->addr.raw, mnl_attr_get_payload(a),
		    mnl_attr_get_payload_len(a) >= 16 ? 16 : 4);
		s->port = ntohs(mnl_attr_get_u16(tb[IPVS_SVC_ATTR_PORT]));
	}
	nl_ipvs_str(tb[IPVS_SVC_ATTR_SCHED_NAME], s->sched, sizeof(s->sched));
	nl_ipvs_str(tb[IPVS_SVC_ATTR_PE_NAME], s->pe_name,
	    sizeof(s->pe_name));
	fl = mnl_attr_get_payload(tb[IPVS_SVC_ATTR_FLAGS]);
	s->flags = fl->flags;
	if (nl_ipvs_len_ok(tb[IPVS_SVC_ATTR_TIMEOUT], 4))
		s->timeout = mnl_attr_get_u32(tb[IPVS_SVC_ATTR_TIMEOUT]);
	if (nl_ipvs_len_ok(tb[IPVS_SVC_ATTR_NETMASK], 4))
		s->netmask = mnl_attr_get_u32(tb[IPVS_SVC_ATTR_NETMASK]);
	return 0;
}

int
nl_ipvs_svc_parse(const struct nlmsghdr *nlh, struct nl_ipvs_svc *s)
{
	const struct nlattr *tb[IPVS_CMD_ATTR_MAX + 1] = { 0 };
	const struct nlattr *stb[IPVS_SVC_ATTR_MAX + 1] = { 0 };

	memset(s, 0, sizeof(*s));
	if (nl_ipvs_genl_attrs(nlh, tb, IPVS_CMD_ATTR_MAX) == -1 ||
	    nl_ipvs_nested(tb[IPVS_CMD_ATTR_SERVICE], stb,
	    IPVS_SVC_ATTR_MAX) == -1)
		return -1;
	if (nl_ipvs_svc_fill(stb, s) == -1) {
		errno = EPROTO;
		return -1;
	}
	return 0;
}

static uint32_t
nl_ipvs_u32_or0(const struct nlattr *a)
{
	return nl_ipvs_len_ok(a, 4) ? mnl_attr_get_u32(a) : 0;
}

int
nl_ipvs_dest_parse(const struct nlmsghdr *nlh, struct nl_ipvs_dest *d)
{
	const struct nlattr *tb[IPVS_CMD_ATTR_MAX + 1] = { 0 };
	const struct nlattr *dtb[IPVS_DEST_ATTR_MAX + 1] = { 0 };

	memset(d, 0, sizeof(*d));
	if (nl_ipvs_genl_attrs(nlh, tb, IPVS_CMD_ATTR_MAX) == -1 ||
	    nl_ipvs_nested(tb[IPVS_CMD_ATTR_DEST], dtb,
	    IPVS_DEST_ATTR_MAX) == -1)
		return -1;
	if (!nl_ipvs_len_ok(dtb[IPVS_DEST_ATTR_ADDR], 4) ||
	    !nl_ipvs_len_ok(dtb[IPVS_DEST_ATTR_PORT], 2) ||
	    !nl_ipvs_len_ok(dtb[IPVS_DEST_ATTR_FWD_METHOD], 4) ||
	    !nl_ipvs_len_ok(dtb[IPVS_DEST_ATTR_WEIGHT], 4)) {
		errno = EPROTO;
		return -1;
	}
	if (nl_ipvs_len_ok(dtb[IPVS_DEST_ATTR_ADDR_FAMILY], 2))
		d->af = mnl_attr_get_u16(dtb[IPVS_DEST_ATTR_ADDR_FAMILY]);
	memcpy(d->addr.raw, mnl_attr_get_payload(dtb[IPVS_DEST_ATTR_ADDR]),
	    mnl_attr_get_payload_len(dtb[IPVS_DEST_ATTR_ADDR]) >= 16 ? 16 : 4);
	d->port = ntohs(mnl_attr_get_u16(dtb[IPVS_DEST_ATTR_PORT]));
	d->fwd = mnl_attr_get_u32(dtb[IPVS_DEST_ATTR_FWD_METHOD]) &
	    IP_VS_CONN_F_FWD_MASK;
	d->weight = (int32_t)mnl_attr_get_u32(dtb[IPVS_DEST_ATTR_WEIGHT]);
	d->u_thresh = nl_ipvs_u32_or0(dtb[IPVS_DEST_ATTR_U_THRESH]);
	d->l_thresh = nl_ipvs_u32_or0(dtb[IPVS_DEST_ATTR_L_THRESH]);
	d->active = nl_ipvs_u32_or0(dtb[IPVS_DEST_ATTR_ACTIVE_CONNS]);
	d->inactive = nl_ipvs_u32_or0(dtb[IPVS_DEST_ATTR_INACT_CONNS]);
	d->persist = nl_ipvs_u32_or0(dtb[IPVS_DEST_ATTR_PERSIST_CONNS]);
	return 0;
}

/* --- the socket ------------------------------------------------------- */

static int
nl_ipvs_family_cb(const struct nlmsghdr *nlh, void *arg)
{
	return nl_ipvs_family_parse(nlh, arg) == 0 ? MNL_CB_OK :
	    MNL_CB_ERROR;
}

int
nl_ipvs_resolve(struct nl_sock *s, const char *name, uint16_t *id)
{
	char buf[NL_MSG_SIZE];
	struct nlmsghdr *nlh;

	*id = 0;
	nlh = nl_ipvs_family_msg(buf, sizeof(buf), name);
	if (nlh == NULL || nl_request_cb(s, nlh, nl_ipvs_family_cb, id) == -1)
		return -1;
	if (*id == 0) {
		errno = ENOENT;
		return -1;
	}
	return 0;
}

/* Like nl_open, for NETLINK_GENERIC (lib/nl.c opens NETLINK_ROUTE). */
static int
nl_ipvs_sock_open(struct nl_sock *s)
{
	struct timespec ts;
	int one = 1, saved;

	memset(s, 0, sizeof(*s));
	s->mnl = mnl_socket_open2(NETLINK_GENERIC, SOCK_CLOEXEC);
	if (s->mnl == NULL)
		return -1;
	(void)mnl_socket_setsockopt(s->mnl, NETLINK_CAP_ACK, &one,
	    sizeof(one));
	if (mnl_socket_bind(s->mnl, 0, MNL_SOCKET_AUTOPID) == -1) {
		saved = errno;
		nl_close(s);
		errno = saved;
		return -1;
	}
	s->portid = mnl_socket_get_portid(s->mnl);
	clock_gettime(CLOCK_REALTIME, &ts);
	s->seq = (uint32_t)ts.tv_sec;
	return 0;
}

/* The modprobe the kernel itself uses, else /sbin/modprobe. */
static void
nl_ipvs_modprobe_path(char *path, size_t size)
{
	ssize_t n = -1;
	int fd;

	snprintf(path, size, "/sbin/modprobe");
	fd = open("/proc/sys/kernel/modprobe", O_RDONLY | O_CLOEXEC);
	if (fd == -1)
		return;
	n = read(fd, path, size - 1);
	close(fd);
	if (n <= 0) {
		snprintf(path, size, "/sbin/modprobe");
		return;
	}
	path[n] = '\0';
	path[strcspn(path, "\n")] = '\0';
}

/* Run argv and wait for it; its exit status, or -1.  The child starts
 * with default signal handling and an empty mask (the daemons block
 * the signals they read through signalfd). */
static int
nl_ipvs_run(char *const argv[])
{
	sigset_t none;
	pid_t pid;
	int status, sig;

	pid = fork();
	if (pid == -1)
		return -1;
	if (pid == 0) {
		for (sig = 1; sig < NSIG; sig++)
			signal(sig, SIG_DFL);
		sigemptyset(&none);
		sigprocmask(SIG_SETMASK, &none, NULL);
		execv(argv[0], argv);
		_exit(127);
	}
	while (waitpid(pid, &status, 0) == -1)
		if (errno != EINTR)
			return -1;
	return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

/* modprobe ip_vs; as keepalived, again without -s when that fails
 * (some modprobes do not know -s). */
static void
nl_ipvs_modprobe(void)
{
	char path[256];
	char *argv_s[] = { path, (char *)"-s", (char *)"--",
	    (char *)"ip_vs", NULL };
	char *argv_p[] = { path, (char *)"ip_vs", NULL };

	nl_ipvs_modprobe_path(path, sizeof(path));
	if (nl_ipvs_run(argv_s) != 0)
		(void)nl_ipvs_run(argv_p);
}

int
nl_ipvs_open_load(struct nl_ipvs *v)
{
	if (nl_ipvs_open(v) == 0)
		return 0;
	if (errno != ENOENT)
		return -1;
	nl_ipvs_modprobe();
	return nl_ipvs_open(v);
}

int
nl_ipvs_open(struct nl_ipvs *v)
{
	int saved;

	v->family = 0;
	if (nl_ipvs_sock_open(&v->nl) == -1)
		return -1;
	if (nl_ipvs_resolve(&v->nl, IPVS_GENL_NAME, &v->family) == -1) {
		saved = errno;
		nl_close(&v->nl);
		errno = saved;
		return -1;
	}
	return 0;
}

void
nl_ipvs_close(struct nl_ipvs *v)
{
	nl_close(&v->nl);
	v->family = 0;
}

int
nl_ipvs_svc_cmd(struct nl_ipvs *v, uint8_t cmd, const struct nl_ipvs_svc *s)
{
	char buf[NL_MSG_SIZE];
	struct nlmsghdr *nlh;

	nlh = nl_ipvs_svc_msg(buf, sizeof(buf), v->family, cmd, s);
	if (nlh == NULL)
		return -1;
	return nl_request(&v->nl, nlh);
}

int
nl_ipvs_dest_cmd(struct nl_ipvs *v, uint8_t cmd, const struct nl_ipvs_svc *s,
    const struct nl_ipvs_dest *d)
{
	char buf[NL_MSG_SIZE];
	struct nlmsghdr *nlh;

	nlh = nl_ipvs_dest_msg(buf, sizeof(buf), v->family, cmd, s, d);
	if (nlh == NULL)
		return -1;
	return nl_request(&v->nl, nlh);
}

int
nl_ipvs_flush(struct nl_ipvs *v)
{
	char buf[NL_MSG_SIZE];
	struct nlmsghdr *nlh;

	nlh = nl_ipvs_flush_msg(buf, sizeof(buf), v->family);
	if (nlh == NULL)
		return -1;
	return nl_request(&v->nl, nlh);
}

int
nl_ipvs_daemon_cmd(struct nl_ipvs *v, uint8_t cmd,
    const struct nl_ipvs_daemon *d)
{
	char buf[NL_MSG_SIZE];
	struct nlmsghdr *nlh;

	nlh = nl_ipvs_daemon_msg(buf, sizeof(buf), v->family, cmd, d);
	if (nlh == NULL)
		return -1;
	return nl_request(&v->nl, nlh);
}

struct nl_ipvs_walk {
	nl_ipvs_svc_fn	 svc_fn;
	nl_ipvs_dest_fn	 dest_fn;
	void		*arg;
	int		 ret;
};

static int
nl_ipvs_walk_cb(const struct nlmsghdr *nlh, void *arg)
{
	struct nl_ipvs_walk *w = arg;
	struct nl_ipvs_svc s;
	struct nl_ipvs_dest d;

	if (w->svc_fn != NULL) {
		if (nl_ipvs_svc_parse(nlh, &s) == -1)
			return MNL_CB_ERROR;
		w->ret = w->svc_fn(&s, w->arg);
	} else {
		if (nl_ipvs_dest_parse(nlh, &d) == -1)
			return MNL_CB_ERROR;
		w->ret = w->dest_fn(&d, w->arg);
	}
	return w->ret == 0 ? MNL_CB_OK : MNL_CB_STOP;
}

static int
nl_ipvs_walk(struct nl_ipvs *v, uint8_t cmd, const struct nl_ipvs_svc *s,
    struct nl_ipvs_walk *w)
{
	char buf[NL_MSG_SIZE];
	struct nlmsghdr *nlh;

	nlh = nl_ipvs_get_msg(buf, sizeof(buf), v->family, cmd, s);
	if (nlh == NULL || nl_dump(&v->nl, nlh, nl_ipvs_walk_cb, w) == -1)
		return -1;
	return w->ret;
}

int
nl_ipvs_svc_dump(struct nl_ipvs *v, nl_ipvs_svc_fn fn, void *arg)
{
	struct nl_ipvs_walk w = { .svc_fn = fn, .arg = arg };

	return nl_ipvs_walk(v, IPVS_CMD_GET_SERVICE, NULL, &w);
}

int
nl_ipvs_dest_dump(struct nl_ipvs *v, const struct nl_ipvs_svc *s,
    nl_ipvs_dest_fn fn, void *arg)
{
	struct nl_ipvs_walk w = { .dest_fn = fn, .arg = arg };

	return nl_ipvs_walk(v, IPVS_CMD_GET_DEST, s, &w);
}
