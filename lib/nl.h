/*
 * nl: a small wrapper around a libmnl rtnetlink socket.
 *
 * Two kinds of socket:
 *   - a request socket (nl_open with groups 0): blocking, one request at a
 *     time; nl_request() sends a message and waits for its ACK or error,
 *     nl_dump() sends a dump request and hands each reply to a callback;
 *   - a monitor socket (nl_open with RTMGRP_* groups, non-blocking), read
 *     by nl_mon (see nl_link.h) from the event loop.
 *
 * Messages are built by pure encoders (nl_addr_msg, nl_link_*_msg) into a
 * caller's buffer of NL_MSG_SIZE bytes, so tests can check their bytes
 * without a kernel.  Every socket is CLOEXEC.  Functions return 0 or -1
 * with errno set (the kernel's error for a refused request); they never
 * log.
 */
#ifndef VIGIL_NL_H
#define VIGIL_NL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <libmnl/libmnl.h>

/* Room for any request this project builds (an address or link request
 * is well under 256 bytes). */
#define NL_MSG_SIZE	1024
/* Receive buffer: the kernel sends dump datagrams of up to 32 KiB. */
#define NL_RECV_SIZE	32768

struct nl_sock {
	struct mnl_socket *mnl;		/* NULL when closed */
	uint32_t	 portid;
	uint32_t	 seq;		/* last sequence number used */
};

/*
 * Open a NETLINK_ROUTE socket bound to the RTMGRP_* bitmask groups
 * (0 for a request socket).  A socket with groups is non-blocking.
 * The first sequence number is derived from the time so that replies to
 * an earlier process cannot be mistaken for ours.
 */
int	 nl_open(struct nl_sock *, unsigned groups);
/* Close; harmless on a closed or zeroed nl_sock. */
void	 nl_close(struct nl_sock *);
/* The file descriptor, -1 when closed. */
int	 nl_fd(const struct nl_sock *);
/* Set the receive buffer (SO_RCVBUFFORCE, falling back to SO_RCVBUF). */
int	 nl_set_rcvbuf(struct nl_sock *, int bytes);

/*
 * Send nlh (flags NLM_F_REQUEST | NLM_F_ACK are added, the sequence number
 * is assigned) and wait for the kernel's answer: 0 on ACK, -1 with errno
 * the kernel's error (EEXIST, ENODEV, EADDRNOTAVAIL ...) otherwise.
 */
int	 nl_request(struct nl_sock *, struct nlmsghdr *nlh);

/*
 * Like nl_request, for a request the kernel answers with data before its
 * ACK (RTM_GETLINK of one link): cb(nlh, data) sees each reply message,
 * with the return convention of nl_dump.
 */
int	 nl_request_cb(struct nl_sock *, struct nlmsghdr *nlh, mnl_cb_t cb,
	    void *data);

/*
 * Send the dump request nlh (NLM_F_REQUEST | NLM_F_DUMP are added) and
 * call cb(nlh, data) for every reply message until the dump ends.  cb
 * returns MNL_CB_OK to go on, MNL_CB_STOP to ignore the rest, or
 * MNL_CB_ERROR with errno set to fail the dump; the rest of the dump is
 * drained either way, so the socket stays usable.  A dump the kernel
 * marks interrupted (NLM_F_DUMP_INTR: the table changed meanwhile) fails
 * with EAGAIN after every message was delivered: the caller should drop
 * what it collected and dump again.
 */
int	 nl_dump(struct nl_sock *, struct nlmsghdr *nlh, mnl_cb_t cb,
	    void *data);

/*
 * Start a message of the given type and flags in buf (size bytes, zeroed
 * first) with a family header of hdrlen bytes; NULL with ENOSPC when it
 * does not fit.  The header is at mnl_nlmsg_get_payload(nlh).
 */
struct nlmsghdr *nl_msg_start(void *buf, size_t size, uint16_t type,
	    uint16_t flags, size_t hdrlen);

#endif
