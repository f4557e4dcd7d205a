/*
 * reload: SIGHUP in the parent, in keepalived's words ("Reloading ...",
 * "Cannot change ... at a reload - please restart keepalived").
 */
#include <string.h>
#include <sys/stat.h>

#include "cli.h"
#include "conf.h"
#include "daemon.h"
#include "log.h"
#include "reload.h"

static bool
str_differs(const char *a, const char *b)
{
	if (a == NULL || b == NULL)
		return a != b;
	return strcmp(a, b) != 0;
}

bool
reload_allowed(const struct conf *cur, const struct conf *next)
{
	const struct global_conf *a = &cur->global, *b = &next->global;
	bool ok = true;

	if (str_differs(a->net_namespace, b->net_namespace)) {
		log_info("Cannot change network namespace at a reload - "
		    "please restart keepalived");
		ok = false;
	}
	if (str_differs(a->net_namespace_ipvs, b->net_namespace_ipvs)) {
		log_info("Cannot change IPVS network namespace at a reload - "
		    "please restart keepalived");
		ok = false;
	}
	if (str_differs(a->instance, b->instance)) {
		log_info("Cannot change instance name at a reload - please "
		    "restart keepalived");
		ok = false;
	}
	if (str_differs(a->nftables, b->nftables)) {
		log_info("Cannot change nftables table name at a reload - "
		    "please restart keepalived");
		ok = false;
	}
	if (str_differs(a->nftables_ipvs, b->nftables_ipvs)) {
		log_info("Cannot change IPVS nftables table name at a reload - "
		    "please restart keepalived");
		ok = false;
	}
	if (a->disable_local_igmp != b->disable_local_igmp) {
		log_info("Cannot change disable_local_igmp at a reload - "
		    "please restart keepalived");
		ok = false;
	}
	return ok;
}

/* Start what is newly needed; tell the running children to reload. */
static void
children_reload(struct daemon *d)
{
	struct sup_child *c;
	struct ipc_msg m;
	int r;

	memset(&m, 0, sizeof(m));
	m.hdr.type = IPC_RELOAD;
	sup_decide(&d->sup, d->conf);
	for (r = 0; r < SUP_NROLES; r++) {
		c = &d->sup.child[r];
		if (c->pid > 0) {
			c->hello = false;
			sup_send(c, &m);
		} else if (c->wanted && !ev_timer_active(&c->restart))
			sup_start(&d->sup, c);
	}
}

int
reload_run(struct daemon *d)
{
	struct conf *next, *old = d->conf;
	int status;
	bool no_config;

	log_info("Reloading ...");
	daemon_notify("RELOADING=1");
	next = daemon_conf_load(d->opts, true, &status, &no_config);
	if (next == NULL || !reload_allowed(old, next)) {
		if (next == NULL)
			log_warnx("Reload failed: the configuration cannot be "
			    "used%s; keeping the running configuration",
			    no_config ? " (file missing)" : "");
		conf_free(next);
		daemon_notify("READY=1");
		return -1;
	}
	d->conf = next;
	d->sup.conf = next;
	if (!d->opts->umask_set && next->global.umask_set)
		umask(next->global.umask);
	d->reloading = true;
	children_reload(d);
	conf_free(old);
	/* No child to wait for: the reload is complete now. */
	if (!d->sup.child[SUP_VRRP].pid && !d->sup.child[SUP_CHECKER].pid &&
	    !d->sup.child[SUP_BFD].pid) {
		d->reloading = false;
		daemon_notify("READY=1");
	}
	return 0;
}
