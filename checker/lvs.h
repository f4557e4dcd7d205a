/*
 * lvs: what the checker asks of IPVS, whatever the kernel has.
 *
 * With IPVS (lvs.c, generic netlink through lib/nl_ipvs) services and
 * destinations are programmed as keepalived programs them.  Without it
 * (this project's CI kernel) lvs_init() fails once with errno ENOENT or
 * EPROTONOSUPPORT, the checker logs one warning and runs in
 * health-check-only mode: every call below is then a successful no-op.
 */
#ifndef VIGIL_LVS_H
#define VIGIL_LVS_H

#include <stdbool.h>

struct check_vs;
struct check_rs;

/* 0 when IPVS is usable; -1 with errno otherwise (then health checks
 * only).  Tries `modprobe ip_vs` once as keepalived does. */
int	lvs_init(void);
bool	lvs_available(void);
void	lvs_close(void);

/* Services (a virtual server, or each entry of its group). */
int	lvs_vs_add(const struct check_vs *);
int	lvs_vs_del(const struct check_vs *);
/* Destinations: add with its weight, edit the weight (inhibit_on_failure
 * uses weight 0), delete. */
int	lvs_rs_add(const struct check_vs *, const struct check_rs *,
	    int weight);
int	lvs_rs_edit(const struct check_vs *, const struct check_rs *,
	    int weight);
int	lvs_rs_del(const struct check_vs *, const struct check_rs *);
/* Remove every service this configuration added (on stop, unless -I). */
int	lvs_vs_flush_all(void);
/* Empty IPVS whoever programmed it (lvs_flush, lvs_flush_onstop FULL). */
int	lvs_flush(void);

#endif
