/*
 * nl_ipvs: IPVS over generic netlink (include/uapi/linux/ip_vs.h).
 *
 * Two halves, as in nl_addr/nl_link:
 *   - pure encoders and decoders over a caller's buffer: the controller's
 *     CTRL_CMD_GETFAMILY request for "IPVS" and its answer, and the IPVS
 *     commands NEW/SET/DEL_SERVICE, NEW/SET/DEL_DEST, FLUSH, the
 *     GET_SERVICE/GET_DEST dumps and NEW/DEL_DAEMON (the connection
 *     sync daemon).  Unit tests compare their bytes with
 *     the kernel's layout;
 *   - a socket side (struct nl_ipvs) that opens a NETLINK_GENERIC socket,
 *     looks the family "IPVS" up by name on every open (its id changes
 *     from boot to boot) and sends commands, waiting for the ACK.
 *
 * Nothing here logs; functions return 0 or -1 with errno (ENOENT from
 * nl_ipvs_open when the kernel has no IPVS family; the kernel's error,
 * EEXIST, ENOENT, ESRCH ..., for a refused command).
 */
#ifndef VIGIL_NL_IPVS_H
#define VIGIL_NL_IPVS_H

#include <netinet/in.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "nl.h"

#define NL_IPVS_SCHED_LEN	16	/* IP_VS_SCHEDNAME_MAXLEN */
#define NL_IPVS_PE_LEN		32	/* IP_VS_PENAME_MAXLEN */

/* Service and destination addresses travel as 16 bytes (the kernel's
 * union nf_inet_addr); an IPv4 address fills the first four. */
union nl_ipvs_addr {
	struct in_addr	 v4;
	struct in6_addr	 v6;
	uint8_t		 raw[16];
};

/*
 * A virtual service.  It is named either by fwmark (nonzero) or by
 * protocol, address and port.  The remaining fields are its settings,
 * sent with NEW_SERVICE and SET_SERVICE only.
 */
struct nl_ipvs_svc {
	uint16_t		 af;		/* AF_INET, AF_INET6 */
	uint16_t		 protocol;	/* IPPROTO_TCP/UDP/SCTP */
	union nl_ipvs_addr	 addr;
	uint16_t		 port;		/* host order */
	uint32_t		 fwmark;	/* 0: address service */
	char			 sched[NL_IPVS_SCHED_LEN];
	char			 pe_name[NL_IPVS_PE_LEN];	/* "" none */
	uint32_t		 flags;		/* IP_VS_SVC_F_* */
	uint32_t		 timeout;	/* persistence, s */
	uint32_t		 netmask;	/* v4: mask as on the wire
						 * (network order); v6:
						 * prefix length */
};

/* A destination (real server) of a service. */
struct nl_ipvs_dest {
	uint16_t		 af;
	union nl_ipvs_addr	 addr;
	uint16_t		 port;		/* host order */
	uint32_t		 fwd;		/* IP_VS_CONN_F_MASQ/DROUTE/
						 * TUNNEL */
	int32_t			 weight;
	uint32_t		 u_thresh, l_thresh;
	uint8_t			 tun_type;	/* IP_VS_CONN_F_TUNNEL_TYPE_* */
	uint16_t		 tun_port;	/* host order, GUE */
	uint16_t		 tun_flags;	/* IP_VS_TUNNEL_ENCAP_FLAG_* */
	/* Filled by a dump only. */
	uint32_t		 active, inactive, persist;
};

/*
 * A connection synchronisation daemon (ipvsadm --start-daemon): state
 * IP_VS_STATE_MASTER or IP_VS_STATE_BACKUP.  Zero maxlen, port and ttl
 * and AF_UNSPEC group_af leave the kernel's defaults (the attribute is
 * not sent), as keepalived does.
 */
struct nl_ipvs_daemon {
	int32_t			 state;
	char			 ifname[16];	/* IP_VS_IFNAME_MAXLEN */
	int32_t			 syncid;
	uint16_t		 maxlen;
	uint16_t		 port;		/* host order, as the kernel
						 * takes it */
	uint8_t			 ttl;
	uint16_t		 group_af;	/* AF_INET, AF_INET6, 0 */
	union nl_ipvs_addr	 group;
};

/* --- pure encoders (buf of size bytes, zeroed first) ---------------- */

/* CTRL_CMD_GETFAMILY for family name (to GENL_ID_CTRL). */
struct nlmsghdr *nl_ipvs_family_msg(void *buf, size_t size,
	    const char *name);
/* The family id in a controller reply: 0, or -1 with EPROTO. */
int	 nl_ipvs_family_parse(const struct nlmsghdr *, uint16_t *id);

/* IPVS_CMD_NEW/SET/DEL_SERVICE: NEW and SET carry the settings, DEL
 * the service's identity only. */
struct nlmsghdr *nl_ipvs_svc_msg(void *buf, size_t size, uint16_t family,
	    uint8_t cmd, const struct nl_ipvs_svc *);
/* IPVS_CMD_NEW/SET/DEL_DEST of dest in svc (identity only). */
struct nlmsghdr *nl_ipvs_dest_msg(void *buf, size_t size, uint16_t family,
	    uint8_t cmd, const struct nl_ipvs_svc *,
	    const struct nl_ipvs_dest *);
/* IPVS_CMD_FLUSH: every service and destination. */
struct nlmsghdr *nl_ipvs_flush_msg(void *buf, size_t size, uint16_t family);
/* IPVS_CMD_NEW_DAEMON (everything set) or IPVS_CMD_DEL_DAEMON (state
 * and sync id only). */
struct nlmsghdr *nl_ipvs_daemon_msg(void *buf, size_t size,
	    uint16_t family, uint8_t cmd, const struct nl_ipvs_daemon *);
/* IPVS_CMD_GET_SERVICE dump (svc NULL) and IPVS_CMD_GET_DEST dump of
 * one service. */
struct nlmsghdr *nl_ipvs_get_msg(void *buf, size_t size, uint16_t family,
	    uint8_t cmd, const struct nl_ipvs_svc *);

/* --- pure decoders of dump replies ----------------------------------- */

/* One IPVS_CMD_NEW_SERVICE message of a GET_SERVICE dump into svc.
 * 0, or -1 with EPROTO when an attribute is missing or malformed. */
int	 nl_ipvs_svc_parse(const struct nlmsghdr *, struct nl_ipvs_svc *);
/* One IPVS_CMD_NEW_DEST message of a GET_DEST dump. */
int	 nl_ipvs_dest_parse(const struct nlmsghdr *, struct nl_ipvs_dest *);

/* --- the socket ------------------------------------------------------- */

struct nl_ipvs {
	struct nl_sock	 nl;
	uint16_t	 family;	/* generic netlink id of "IPVS" */
};

/* Open a NETLINK_GENERIC request socket and resolve "IPVS"; -1 with
 * errno ENOENT when the kernel has no IPVS (module not loaded). */
int	 nl_ipvs_open(struct nl_ipvs *);
/* nl_ipvs_open, and when the family is missing, `modprobe ip_vs` (the
 * kernel's modprobe, else /sbin/modprobe; again without -s if that
 * fails) and a second try, as keepalived's ipvs_start.  Forks and waits
 * for modprobe: call it at start, not from a busy loop. */
int	 nl_ipvs_open_load(struct nl_ipvs *);
void	 nl_ipvs_close(struct nl_ipvs *);
/* Resolve a generic netlink family by name on an open socket. */
int	 nl_ipvs_resolve(struct nl_sock *, const char *name, uint16_t *id);

/* Send a service / destination command and wait for the ACK. */
int	 nl_ipvs_svc_cmd(struct nl_ipvs *, uint8_t cmd,
	    const struct nl_ipvs_svc *);
int	 nl_ipvs_dest_cmd(struct nl_ipvs *, uint8_t cmd,
	    const struct nl_ipvs_svc *, const struct nl_ipvs_dest *);
int	 nl_ipvs_flush(struct nl_ipvs *);
/* Start (IPVS_CMD_NEW_DAEMON) or stop (IPVS_CMD_DEL_DAEMON) a sync
 * daemon; the kernel answers EEXIST for one already running, ESRCH for
 * stopping one that is not. */
int	 nl_ipvs_daemon_cmd(struct nl_ipvs *, uint8_t cmd,
	    const struct nl_ipvs_daemon *);

/* Dumps: cb is called for every service (every destination of svc);
 * a nonzero return from cb stops the walk and is returned. */
typedef int (*nl_ipvs_svc_fn)(const struct nl_ipvs_svc *, void *);
typedef int (*nl_ipvs_dest_fn)(const struct nl_ipvs_dest *, void *);
int	 nl_ipvs_svc_dump(struct nl_ipvs *, nl_ipvs_svc_fn, void *);
int	 nl_ipvs_dest_dump(struct nl_ipvs *, const struct nl_ipvs_svc *,
	    nl_ipvs_dest_fn, void *);

#endif
