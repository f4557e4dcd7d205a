/*
 * nl: libmnl rtnetlink sockets, request/ACK and dump loops.
 *
 * A request socket is blocking and carries one request at a time, so the
 * only messages it can hold are the answers to the request in flight;
 * mnl_cb_run() checks their sequence number and port id and turns an
 * NLMSG_ERROR into -1 with errno.  When a callback gives up half-way
 * through a dump, the rest of it is read and dropped so that the next
 * request does not find stale replies.
 */
#include <sys/socket.h>
#include <sys/time.h>

#include <errno.h>
#include <string.h>
#include <time.h>

#include <linux/netlink.h>

#include "nl.h"

#ifndef SOL_NETLINK
#define SOL_NETLINK	270
#endif

int
nl_open(struct nl_sock *s, unsigned groups)
{
	struct timespec ts;
	int flags = SOCK_CLOEXEC, one = 1, saved;

	memset(s, 0, sizeof(*s));
	if (groups != 0)
		flags |= SOCK_NONBLOCK;
	s->mnl = mnl_socket_open2(NETLINK_ROUTE, flags);
	if (s->mnl == NULL)
		return -1;
	/* Errors need not echo our request back. */
	(void)mnl_socket_setsockopt(s->mnl, NETLINK_CAP_ACK, &one,
	    sizeof(one));
	if (mnl_socket_bind(s->mnl, groups, MNL_SOCKET_AUTOPID) == -1) {
		saved = errno;
		mnl_socket_close(s->mnl);
		s->mnl = NULL;
		errno = saved;
		return -1;
	}
	s->portid = mnl_socket_get_portid(s->mnl);
	clock_gettime(CLOCK_REALTIME, &ts);
	s->seq = (uint32_t)ts.tv_sec;
	return 0;
}

void
nl_close(struct nl_sock *s)
{
	if (s->mnl != NULL)
		mnl_socket_close(s->mnl);
	s->mnl = NULL;
}

int
nl_fd(const struct nl_sock *s)
{
	return s->mnl == NULL ? -1 : mnl_socket_get_fd(s->mnl);
}

int
nl_set_rcvbuf(struct nl_sock *s, int bytes)
{
	int fd = nl_fd(s);

	if (fd == -1) {
		errno = EBADF;
		return -1;
	}
	if (setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, &bytes,
	    sizeof(bytes)) == 0)
		return 0;
	return setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &bytes, sizeof(bytes));
}

struct nlmsghdr *
nl_msg_start(void *buf, size_t size, uint16_t type, uint16_t flags,
    size_t hdrlen)
{
	struct nlmsghdr *nlh;

	if (size < MNL_NLMSG_HDRLEN + MNL_ALIGN(hdrlen) ||
	    size > UINT32_MAX) {
		errno = ENOSPC;
		return NULL;
	}
	memset(buf, 0, size);
	nlh = mnl_nlmsg_put_header(buf);
	nlh->nlmsg_type = type;
	nlh->nlmsg_flags = flags;
	(void)mnl_nlmsg_put_extra_header(nlh, hdrlen);
	return nlh;
}

/* Dump state seen by the wrapping callback. */
struct nl_dump_ctx {
	mnl_cb_t	 cb;
	void		*data;
	bool		 intr;		/* NLM_F_DUMP_INTR seen */
	bool		 done;		/* cb said STOP or ERROR */
	int		 err;		/* errno of the first cb error */
};

static int
nl_dump_cb(const struct nlmsghdr *nlh, void *arg)
{
	struct nl_dump_ctx *c = arg;
	int ret;

	if (nlh->nlmsg_flags & NLM_F_DUMP_INTR)
		c->intr = true;
	if (c->done || c->cb == NULL)
		return MNL_CB_OK;
	errno = 0;
	ret = c->cb(nlh, c->data);
	if (ret == MNL_CB_ERROR) {
		c->err = errno != 0 ? errno : EPROTO;
		c->done = true;
	} else if (ret == MNL_CB_STOP)
		c->done = true;
	return MNL_CB_OK;
}

/* Read the answers to seq until the ACK, the error or NLMSG_DONE. */
static int
nl_wait(struct nl_sock *s, uint32_t seq, struct nl_dump_ctx *c)
{
	char buf[NL_RECV_SIZE];
	ssize_t n;
	int ret;

	for (;;) {
		n = mnl_socket_recvfrom(s->mnl, buf, sizeof(buf));
		if (n == -1) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		ret = mnl_cb_run(buf, (size_t)n, seq, s->portid,
		    c != NULL ? nl_dump_cb : NULL, c);
		if (ret == MNL_CB_ERROR)
			return -1;
		if (ret == MNL_CB_STOP)
			return 0;
	}
}

static int
nl_send(struct nl_sock *s, struct nlmsghdr *nlh, uint16_t flags)
{
	if (s->mnl == NULL) {
		errno = EBADF;
		return -1;
	}
	nlh->nlmsg_flags |= NLM_F_REQUEST | flags;
	nlh->nlmsg_seq = ++s->seq;
	if (mnl_socket_sendto(s->mnl, nlh, nlh->nlmsg_len) == -1)
		return -1;
	return 0;
}

int
nl_request(struct nl_sock *s, struct nlmsghdr *nlh)
{
	if (nl_send(s, nlh, NLM_F_ACK) == -1)
		return -1;
	return nl_wait(s, nlh->nlmsg_seq, NULL);
}

int
nl_request_cb(struct nl_sock *s, struct nlmsghdr *nlh, mnl_cb_t cb,
    void *data)
{
	struct nl_dump_ctx c = { .cb = cb, .data = data };

	if (nl_send(s, nlh, NLM_F_ACK) == -1)
		return -1;
	if (nl_wait(s, nlh->nlmsg_seq, &c) == -1)
		return -1;
	if (c.err != 0) {
		errno = c.err;
		return -1;
	}
	return 0;
}

int
nl_dump(struct nl_sock *s, struct nlmsghdr *nlh, mnl_cb_t cb, void *data)
{
	struct nl_dump_ctx c = { .cb = cb, .data = data };

	if (nl_send(s, nlh, NLM_F_DUMP) == -1)
		return -1;
	if (nl_wait(s, nlh->nlmsg_seq, &c) == -1)
		return -1;
	if (c.err != 0) {
		errno = c.err;
		return -1;
	}
	if (c.intr) {
		errno = EAGAIN;
		return -1;
	}
	return 0;
}
