/*
 * ipc: the only encoder and decoder of parent/child messages.
 */
#include <errno.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/types.h>

#include "ipc.h"

static const struct {
	const char	*name;
	size_t		 size;
} ipc_types[IPC_TYPE_MAX] = {
	[IPC_HELLO] = { "HELLO", sizeof(struct ipc_hello) },
	[IPC_RS_STATE] = { "RS_STATE", sizeof(struct ipc_rs_state) },
	[IPC_VRRP_STATE] = { "VRRP_STATE", sizeof(struct ipc_vrrp_state) },
	[IPC_SNAPSHOT_END] = { "SNAPSHOT_END", 0 },
	[IPC_RELOAD] = { "RELOAD", 0 },
	[IPC_DUMP] = { "DUMP", sizeof(struct ipc_dump) },
	[IPC_BFD_STATE] = { "BFD_STATE", sizeof(struct ipc_bfd_state) },
};

static bool
ipc_type_valid(uint16_t type)
{
	return type > 0 && type < IPC_TYPE_MAX && ipc_types[type].name != NULL;
}

const char *
ipc_type_name(uint16_t type)
{
	return ipc_type_valid(type) ? ipc_types[type].name : "UNKNOWN";
}

ssize_t
ipc_payload_size(uint16_t type)
{
	return ipc_type_valid(type) ? (ssize_t)ipc_types[type].size : -1;
}

static bool
str_terminated(const char *s, size_t n)
{
	return memchr(s, '\0', n) != NULL;
}

/* Strings inside payloads must be NUL-terminated within their array. */
static bool
payload_valid(const struct ipc_msg *m)
{
	switch (m->hdr.type) {
	case IPC_RS_STATE:
		return str_terminated(m->u.rs.vs, sizeof(m->u.rs.vs)) &&
		    str_terminated(m->u.rs.reason, sizeof(m->u.rs.reason)) &&
		    m->u.rs.up <= 1 && m->u.rs.checked <= 1 &&
		    m->u.rs.repl < IPC_REPL_MAX &&
		    (m->u.rs.repl_threads & ~(IPC_REPL_IO_RUNNING |
		    IPC_REPL_SQL_RUNNING)) == 0 && m->u.rs.lag >= -1;
	case IPC_VRRP_STATE:
		return str_terminated(m->u.vrrp.name, sizeof(m->u.vrrp.name));
	case IPC_BFD_STATE:
		return str_terminated(m->u.bfd.name, sizeof(m->u.bfd.name)) &&
		    m->u.bfd.up <= 1 && (m->u.bfd.to & ~(IPC_BFD_TO_VRRP |
		    IPC_BFD_TO_CHECKER)) == 0;
	case IPC_HELLO:
		return m->u.hello.version == IPC_VERSION;
	case IPC_DUMP:
		return m->u.dump.kind >= IPC_DUMP_DATA &&
		    m->u.dump.kind <= IPC_DUMP_JSON;
	default:
		return true;
	}
}

ssize_t
ipc_encode(const struct ipc_msg *m, void *buf, size_t len)
{
	ssize_t psize = ipc_payload_size(m->hdr.type);
	struct ipc_hdr h = m->hdr;

	if (psize < 0 || !payload_valid(m)) {
		errno = EINVAL;
		return -1;
	}
	if (sizeof(h) + (size_t)psize > len) {
		errno = EMSGSIZE;
		return -1;
	}
	h.len = (uint32_t)psize;
	memcpy(buf, &h, sizeof(h));
	memcpy((char *)buf + sizeof(h), &m->u, (size_t)psize);
	return (ssize_t)(sizeof(h) + (size_t)psize);
}

int
ipc_decode(const void *buf, size_t len, struct ipc_msg *m)
{
	ssize_t psize;

	memset(m, 0, sizeof(*m));
	if (len < sizeof(m->hdr))
		goto bad;
	memcpy(&m->hdr, buf, sizeof(m->hdr));
	psize = ipc_payload_size(m->hdr.type);
	if (psize < 0 || m->hdr.len != (uint32_t)psize ||
	    len != sizeof(m->hdr) + (size_t)psize)
		goto bad;
	memcpy(&m->u, (const char *)buf + sizeof(m->hdr), (size_t)psize);
	if (!payload_valid(m))
		goto bad;
	return 0;
bad:
	errno = EPROTO;
	return -1;
}

int
ipc_send(int fd, const struct ipc_msg *m)
{
	char buf[IPC_MSG_MAX];
	ssize_t n = ipc_encode(m, buf, sizeof(buf));

	if (n < 0)
		return -1;
	if (send(fd, buf, (size_t)n, MSG_NOSIGNAL) != n)
		return -1;
	return 0;
}

int
ipc_recv(int fd, struct ipc_msg *m)
{
	char buf[IPC_MSG_MAX + 1];
	ssize_t n;

	n = recv(fd, buf, sizeof(buf), MSG_TRUNC);
	if (n < 0)
		return -1;
	if (n == 0)
		return 0;
	if ((size_t)n > IPC_MSG_MAX || ipc_decode(buf, (size_t)n, m) == -1) {
		errno = EPROTO;
		return -1;
	}
	return 1;
}
