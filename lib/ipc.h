/*
 * ipc: the framed messages between the parent and its children.
 *
 * Each child has one SOCK_SEQPACKET socketpair to the parent, so one
 * datagram is one message.  A message is a fixed header followed by a
 * fixed-layout payload whose size is exact for its type: the receiver
 * checks type and size before touching the payload, and an unknown type
 * or a wrong size is a protocol error that closes the channel.  All
 * integers are in host order (both ends are the same binary on the same
 * host); strings are NUL-padded fixed arrays and must hold a NUL.
 * doc/ipc.md describes the protocol.
 */
#ifndef VIGIL_IPC_H
#define VIGIL_IPC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#define IPC_VERSION		1
#define IPC_NAME_MAX		64	/* instance / object names, with NUL */
#define IPC_MSG_MAX		512	/* largest encoded message */

enum ipc_type {
	IPC_HELLO = 1,		/* child -> parent: running, config loaded */
	IPC_RS_STATE,		/* checker -> parent -> VRRP: real server */
	IPC_VRRP_STATE,		/* VRRP -> parent: instance state */
	IPC_SNAPSHOT_END,	/* parent -> child: replay finished */
	IPC_RELOAD,		/* parent -> child: re-read the config */
	IPC_DUMP,		/* parent -> child: write a dump file */
	IPC_BFD_STATE,		/* BFD -> parent -> VRRP, checker */
	IPC_TYPE_MAX
};

struct ipc_hdr {
	uint16_t	type;
	uint16_t	flags;
	uint32_t	len;		/* payload bytes after the header */
	uint32_t	objid;		/* object the message is about, or 0 */
	uint32_t	seq;		/* sender's counter */
};

enum ipc_role {
	IPC_ROLE_VRRP = 1,
	IPC_ROLE_CHECKER,
	IPC_ROLE_BFD,
};

struct ipc_hello {
	uint32_t	version;	/* IPC_VERSION */
	uint32_t	role;		/* enum ipc_role */
	int32_t		pid;
	uint32_t	config_ok;	/* 1 when the config loaded */
};

/*
 * A MYSQL_CHECK real server's replication, as its last attempt saw it
 * (SHOW SLAVE STATUS): what promote_require_caught_up and
 * promote_max_lag judge.  NONE: the message carries no replication facts
 * (not a MYSQL_CHECK, or a message about the server's health only); the
 * receiver keeps the facts it had.
 */
enum ipc_repl {
	IPC_REPL_NONE = 0,
	IPC_REPL_CAUGHT_UP,	/* applied everything it received */
	IPC_REPL_BEHIND,	/* relay log not fully applied */
	IPC_REPL_NOT_REPLICA,	/* SHOW SLAVE STATUS is empty */
	IPC_REPL_UNKNOWN,	/* the check could not tell */
	IPC_REPL_MAX
};

#define IPC_REPL_IO_RUNNING	0x01	/* Slave_IO_Running: Yes */
#define IPC_REPL_SQL_RUNNING	0x02	/* Slave_SQL_Running: Yes */

/* A real server's health as the checker decided it. */
struct ipc_rs_state {
	uint8_t		family;		/* AF_INET, AF_INET6 */
	uint8_t		up;		/* 1 up, 0 down */
	uint16_t	port;		/* host order */
	uint8_t		addr[16];	/* IPv4 in the first 4 bytes */
	int32_t		weight;
	uint8_t		checked;	/* 1 once every checker of it has run;
					 * 0: up is only assumed (start) */
	uint8_t		repl;		/* enum ipc_repl */
	uint8_t		repl_threads;	/* IPC_REPL_*_RUNNING */
	uint8_t		pad;
	char		vs[IPC_NAME_MAX];	/* "[ip]:tcp:port" or "FWM n" */
	char		reason[IPC_NAME_MAX];	/* why, for logs and dumps */
	int32_t		lag;		/* Seconds_Behind_Master, -1 unknown
					 * (NULL); with repl != NONE only */
};

struct ipc_vrrp_state {
	char		name[IPC_NAME_MAX];
	uint8_t		state;		/* keepalived's numbers: 0 INIT .. 3 */
	uint8_t		priority;	/* effective */
	uint16_t	pad;
};

/* Who wants a BFD instance's events (its vrrp / checker keywords). */
#define IPC_BFD_TO_VRRP		0x01
#define IPC_BFD_TO_CHECKER	0x02

/* A bfd_instance's session went Up or left Up (keepalived's bfd_event:
 * only Up and Down are told). */
struct ipc_bfd_state {
	char		name[IPC_NAME_MAX];
	uint8_t		up;		/* 1 Up, 0 anything else */
	uint8_t		to;		/* IPC_BFD_TO_* */
	uint16_t	pad;
};

enum ipc_dump_kind {
	IPC_DUMP_DATA = 1,	/* SIGUSR1 */
	IPC_DUMP_STATS,		/* SIGUSR2 */
	IPC_DUMP_STATS_CLEAR,
	IPC_DUMP_JSON,
};

struct ipc_dump {
	uint32_t	kind;		/* enum ipc_dump_kind */
};

/* A decoded message; the payload member matching hdr.type is valid. */
struct ipc_msg {
	struct ipc_hdr	hdr;
	union {
		struct ipc_hello	hello;
		struct ipc_rs_state	rs;
		struct ipc_vrrp_state	vrrp;
		struct ipc_dump		dump;
		struct ipc_bfd_state	bfd;
	} u;
};

/* Payload size for a type, or -1 for an unknown type. */
ssize_t	ipc_payload_size(uint16_t type);
/* Encode into buf; returns the length, or -1 (EINVAL, EMSGSIZE). */
ssize_t	ipc_encode(const struct ipc_msg *, void *buf, size_t len);
/* Decode exactly len bytes; 0, or -1 with errno EPROTO on any error
 * (short, unknown type, wrong size, unterminated string). */
int	ipc_decode(const void *buf, size_t len, struct ipc_msg *);
/* Send / receive one message on a SEQPACKET socket.  recv returns 1 for
 * a message, 0 on EOF, -1 on error (EAGAIN when nothing is there,
 * EPROTO for a malformed message). */
int	ipc_send(int fd, const struct ipc_msg *);
int	ipc_recv(int fd, struct ipc_msg *);
const char *ipc_type_name(uint16_t type);

#endif
