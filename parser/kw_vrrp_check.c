/*
 * kw_vrrp_check: post-parse validation of the VRRP side, as keepalived
 * 2.2.7's vrrp_complete_init / vrrp_complete_instance: defaults from
 * global_defs, strict-mode rewrites, and their messages.  keepalived
 * stops at the first fatal problem, so do we.
 */
#include <string.h>
#include <sys/socket.h>

#include "conf.h"
#include "engine.h"

static bool
vrids_set(struct cfg_parse *p, struct conf *c)
{
	struct vrrp_instance_conf *v;

	STAILQ_FOREACH(v, &c->vrrp.instances, next) {
		if (v->vrid == 0) {
			cfg_report_noloc(p, CFG_GENERAL_ERROR,
			    "(%s) the virtual router id must be set", v->name);
			return false;
		}
	}
	return true;
}

static struct vrrp_instance_conf *
find_instance(struct conf *c, const char *name)
{
	struct vrrp_instance_conf *v;

	STAILQ_FOREACH(v, &c->vrrp.instances, next)
		if (!strcmp(v->name, name))
			return v;
	return NULL;
}

static void
sync_groups(struct cfg_parse *p, struct conf *c)
{
	struct vrrp_sync_group_conf *g;
	struct vrrp_instance_conf *v;
	struct vrrp_name *n;
	unsigned count;

	STAILQ_FOREACH(g, &c->vrrp.sync_groups, next) {
		count = 0;
		STAILQ_FOREACH(n, &g->members, next) {
			v = find_instance(c, n->name);
			if (v == NULL) {
				cfg_report_noloc(p, CFG_GENERAL_ERROR,
				    "Virtual router %s specified in sync group "
				    "%s doesn't exist - ignoring", n->name,
				    g->name);
				continue;
			}
			if (v->sync != NULL && v->sync != g) {
				cfg_report_noloc(p, CFG_GENERAL_ERROR,
				    "Virtual router %s cannot exist in more "
				    "than one sync group; ignoring %s",
				    n->name, g->name);
				continue;
			}
			v->sync = g;
			count++;
		}
		if (count == 0 && !STAILQ_EMPTY(&g->members))
			cfg_report_noloc(p, CFG_GENERAL_ERROR, "Sync group %s, "
			    "no matching virtual router found in group "
			    "declaration - removing", g->name);
		else if (count == 1)
			cfg_report_noloc(p, CFG_GENERAL_ERROR, "Sync group %s "
			    "has only 1 virtual router(s) - this probably "
			    "isn't what you want", g->name);
	}
}

static void
vi_version_family(struct cfg_parse *p, struct vrrp_instance_conf *v,
    const struct vrrp_gdefs *g)
{
	v->strict_mode = v->strict_set == -1 ? g->vrrp_strict : v->strict_set;
	if (v->family == AF_INET6) {
		if (v->version == 2 && v->strict_mode) {
			cfg_report_noloc(p, CFG_GENERAL_ERROR, "(%s) cannot use "
			    "IPv6 with VRRP version 2; setting version 3",
			    v->name);
			v->version = 3;
		} else if (v->version == 0)
			v->version = 3;
	}
	if (v->family == AF_UNSPEC)
		v->family = AF_INET;
	if (v->version == 0)
		v->version = g->vrrp_version;
}

static void
vi_state_prio(struct cfg_parse *p, struct vrrp_instance_conf *v)
{
	bool master;

	if (v->priority == 0)
		v->priority = v->state == VRRP_CONF_STATE_MASTER ?
		    VRRP_CONF_PRIO_OWNER : VRRP_CONF_PRIO_DFL;
	master = v->priority == VRRP_CONF_PRIO_OWNER;
	if (v->state == VRRP_CONF_STATE_INIT)
		v->state = master ? VRRP_CONF_STATE_MASTER :
		    VRRP_CONF_STATE_BACKUP;
	else if (v->strict_mode &&
	    (v->state == VRRP_CONF_STATE_MASTER) != master) {
		cfg_report_noloc(p, CFG_GENERAL_ERROR,
		    "(%s) State MASTER must match being address owner", v->name);
		v->state = master ? VRRP_CONF_STATE_MASTER :
		    VRRP_CONF_STATE_BACKUP;
	}
}

static void
vi_auth(struct cfg_parse *p, struct vrrp_instance_conf *v)
{
	const char *msg = NULL;

	if (v->auth_type == VRRP_CONF_AUTH_NONE)
		return;
	if (v->strict_mode)
		msg = "Strict mode does not support authentication. "
		    "Ignoring.";
	else if (v->version == 3)
		msg = "VRRP version 3 does not support authentication. "
		    "Ignoring.";
	else if (v->auth_pass[0] == '\0')
		msg = "Authentication specified but no password given. "
		    "Ignoring";
	else if (v->family == AF_INET6 && v->auth_type == VRRP_CONF_AUTH_AH)
		msg = "Cannot use AH authentication with IPv6. ignoring";
	if (msg != NULL) {
		cfg_report_noloc(p, CFG_GENERAL_ERROR, "(%s) %s", v->name,
		    msg);
		v->auth_type = VRRP_CONF_AUTH_NONE;
		memset(v->auth_pass, 0, sizeof(v->auth_pass));
		return;
	}
	if (v->auth_type == VRRP_CONF_AUTH_AH &&
	    v->state == VRRP_CONF_STATE_MASTER &&
	    v->priority != VRRP_CONF_PRIO_OWNER) {
		cfg_report_noloc(p, CFG_GENERAL_ERROR, "(%s) Initial state "
		    "master is incompatible with AH authentication - clearing",
		    v->name);
		v->state = VRRP_CONF_STATE_BACKUP;
	}
}

static void
vi_preempt(struct cfg_parse *p, struct vrrp_instance_conf *v)
{
	if (v->priority == VRRP_CONF_PRIO_OWNER && v->nopreempt) {
		cfg_report_noloc(p, CFG_GENERAL_ERROR, "(%s) nopreempt is "
		    "incompatible with priority %d. resetting nopreempt",
		    v->name, VRRP_CONF_PRIO_OWNER);
		v->nopreempt = false;
	}
	if (v->state == VRRP_CONF_STATE_MASTER) {
		if (v->nopreempt) {
			cfg_report_noloc(p, CFG_GENERAL_ERROR, "(%s) Warning - "
			    "nopreempt will not work with initial state MASTER "
			    "- clearing", v->name);
			v->nopreempt = false;
		}
		if (v->preempt_delay_us) {
			cfg_report_noloc(p, CFG_GENERAL_ERROR, "(%s) Warning - "
			    "preempt delay will not work with initial state "
			    "MASTER - clearing", v->name);
			v->preempt_delay_us = 0;
		}
	}
	if (v->preempt_delay_us && v->strict_mode) {
		cfg_report_noloc(p, CFG_GENERAL_ERROR, "(%s) preempt_delay is "
		    "incompatible with strict mode - resetting", v->name);
		v->preempt_delay_us = 0;
	}
	if (v->preempt_delay_us && v->nopreempt) {
		cfg_report_noloc(p, CFG_GENERAL_ERROR, "(%s) preempt_delay is "
		    "incompatible with nopreempt mode - resetting", v->name);
		v->preempt_delay_us = 0;
	}
}

/* Strict mode forces some values; "set" < 0 means not configured. */
static void
vi_strict_values(struct cfg_parse *p, struct vrrp_instance_conf *v,
    const struct vrrp_gdefs *g)
{
	bool s = v->strict_mode;

	if (v->down_timer_adverts_set < 0)
		v->down_timer_adverts = s ? 3 : g->down_timer_adverts;
	else if (s && v->down_timer_adverts_set != 3) {
		cfg_report_noloc(p, CFG_GENERAL_ERROR, "(%s) down_timer_adverts "
		    "is incompatible with strict mode - resetting", v->name);
		v->down_timer_adverts = 3;
	} else
		v->down_timer_adverts = (unsigned)v->down_timer_adverts_set;

	v->accept = v->accept_set < 0 ? !s : v->accept_set;
	if (v->accept && v->priority != VRRP_CONF_PRIO_OWNER && s &&
	    v->version == 2) {
		cfg_report_noloc(p, CFG_GENERAL_ERROR, "(%s) warning - accept "
		    "mode for VRRP version 2 does not comply with RFC3768 - "
		    "resetting", v->name);
		v->accept = false;
	}
	if (v->garp_lower_prio_rep_set < 0)
		v->garp_lower_prio_rep = s ? 0 : g->garp_lower_prio_rep;
	else if (s && v->garp_lower_prio_rep_set) {
		cfg_report_noloc(p, CFG_GENERAL_ERROR, "(%s) Strict mode "
		    "requires no repeat garps. resetting", v->name);
		v->garp_lower_prio_rep = 0;
	} else
		v->garp_lower_prio_rep = (unsigned)v->garp_lower_prio_rep_set;
	if (v->garp_lower_prio_delay_set < 0)
		v->garp_lower_prio_delay_us = s ? 0 :
		    g->garp_lower_prio_delay_us;
	else if (s && v->garp_lower_prio_delay_set) {
		cfg_report_noloc(p, CFG_GENERAL_ERROR, "(%s) Strict mode "
		    "requires no repeat garp delay. resetting", v->name);
		v->garp_lower_prio_delay_us = 0;
	} else
		v->garp_lower_prio_delay_us =
		    (uint64_t)v->garp_lower_prio_delay_set;
	if (v->lower_prio_no_advert_set < 0)
		v->lower_prio_no_advert = s ? true : g->lower_prio_no_advert;
	else if (s && !v->lower_prio_no_advert_set) {
		cfg_report_noloc(p, CFG_GENERAL_ERROR, "(%s) Strict mode "
		    "requires no lower priority advert. resetting", v->name);
		v->lower_prio_no_advert = true;
	} else
		v->lower_prio_no_advert = v->lower_prio_no_advert_set;
	if (v->higher_prio_send_advert_set < 0)
		v->higher_prio_send_advert = s ? false :
		    g->higher_prio_send_advert;
	else if (s && v->higher_prio_send_advert_set) {
		cfg_report_noloc(p, CFG_GENERAL_ERROR, "(%s) strict mode "
		    "requires higher_prio_send_advert to be clear. resetting",
		    v->name);
		v->higher_prio_send_advert = false;
	} else
		v->higher_prio_send_advert = v->higher_prio_send_advert_set;
}

static void
vi_misc_defaults(struct vrrp_instance_conf *v, const struct vrrp_gdefs *g)
{
	if (v->smtp_alert_set >= 0)
		v->smtp_alert = v->smtp_alert_set;
	else if (g->smtp_alert_vrrp >= 0)
		v->smtp_alert = g->smtp_alert_vrrp;
	else
		v->smtp_alert = g->smtp_alert > 0;
	v->notify_priority_changes = v->notify_priority_changes_set >= 0 ?
	    v->notify_priority_changes_set : g->notify_priority_changes;
	/* 2.2.7: any skip_check_adv_addr sets it, even "off". */
	v->skip_check_adv_addr = v->skip_check_adv_addr_set >= 0 ? true :
	    g->skip_check_adv_addr;
	if (!addr_is_set(&v->saddr))
		v->track_src_ip = false;
}

static void
vi_advert(struct cfg_parse *p, struct vrrp_instance_conf *v)
{
	uint64_t a;

	if (v->adver_int_us == 0)
		v->adver_int_us = 1000000;
	a = v->adver_int_us;
	if (v->version == 2) {
		if (a >= 256 * 1000000ULL) {
			cfg_report_noloc(p, CFG_GENERAL_ERROR, "(%s) VRRPv2 "
			    "advertisement interval %.2fs is out of range. Must "
			    "be less than %ds. Setting to %ds", v->name,
			    a / 1e6, 256, 255);
			v->adver_int_us = 255 * 1000000ULL;
		} else if (a % 1000000) {
			cfg_report_noloc(p, CFG_GENERAL_ERROR, "(%s) VRRPv2 "
			    "advertisement interval %fs must be an integer. "
			    "rounding", v->name, a / 1e6);
			a += 500000;
			a -= a % 1000000;
			v->adver_int_us = a == 0 ? 1000000 : a;
		}
		return;
	}
	if (a >= 4096 * 10000ULL) {
		cfg_report_noloc(p, CFG_GENERAL_ERROR, "(%s) VRRPv3 "
		    "advertisement interval %.2fs is out of range. Must be less "
		    "than %.2fs. Setting to %.2fs", v->name, a / 1e6, 40.96,
		    40.95);
		v->adver_int_us = 4095 * 10000ULL;
	} else if (a % 10000) {
		cfg_report_noloc(p, CFG_GENERAL_ERROR, "(%s) VRRPv3 "
		    "advertisement interval %fs must be in units of 10ms - "
		    "rounding", v->name, a / 1e6);
		a += 5000;
		a -= a % 10000;
		v->adver_int_us = a == 0 ? 10000 : a;
	}
}

static void
vi_tracking(struct cfg_parse *p, struct vrrp_instance_conf *v)
{
	struct vrrp_track_ref *t, *prev = NULL, *nx;

	for (t = STAILQ_FIRST(&v->track_ifs); t != NULL; t = nx) {
		nx = STAILQ_NEXT(t, next);
		if (v->ifname != NULL && !strcmp(t->name, v->ifname)) {
			cfg_report_noloc(p, CFG_GENERAL_ERROR, "(%s) Ignoring "
			    "track_interface %s since own interface", v->name,
			    t->name);
			if (prev == NULL)
				STAILQ_REMOVE_HEAD(&v->track_ifs, next);
			else
				STAILQ_REMOVE_AFTER(&v->track_ifs, prev, next);
			continue;
		}
		prev = t;
	}
}

static bool
vi_complete(struct cfg_parse *p, struct vrrp_instance_conf *v,
    const struct vrrp_gdefs *g)
{
	vi_version_family(p, v, g);
	if (STAILQ_EMPTY(&v->vips)) {
		if (v->version == 3 || v->family == AF_INET6 ||
		    v->strict_mode) {
			cfg_report_noloc(p, CFG_GENERAL_ERROR, "(%s) No VIP "
			    "specified; at least one is required", v->name);
			return false;
		}
		cfg_report_noloc(p, CFG_GENERAL_ERROR,
		    "(%s) No VIP specified; at least one is sensible", v->name);
	}
	vi_state_prio(p, v);
	vi_auth(p, v);
	if (v->ifname == NULL && (STAILQ_EMPTY(&v->peers) ||
	    !addr_is_set(&v->saddr))) {
		cfg_report_noloc(p, CFG_GENERAL_ERROR,
		    "(%s) Unknown interface!", v->name);
		return false;
	}
	if (v->strict_mode && v->ifname != NULL && !STAILQ_EMPTY(&v->peers)) {
		cfg_report_noloc(p, CFG_GENERAL_ERROR, "(%s) Unicast peers are "
		    "not supported in strict mode", v->name);
		return false;
	}
	vi_preempt(p, v);
	vi_strict_values(p, v, g);
	vi_misc_defaults(v, g);
	vi_advert(p, v);
	vi_tracking(p, v);
	return true;
}

void
vrrp_conf_validate(struct cfg_parse *p, struct conf *c)
{
	struct vrrp_instance_conf *v;
	struct vrrp_sync_group_conf *g;
	struct vrrp_gdefs gd;

	/* keepalived exits before completing anything. */
	if (c->vrrp.missing_iface) {
		cfg_report_noloc(p, CFG_BAD_IF,
		    "Non-existent interface specified in configuration");
		return;
	}
	vrrp_gdefs_read(c, &gd);
	if (!vrids_set(p, c))
		return;
	sync_groups(p, c);
	STAILQ_FOREACH(v, &c->vrrp.instances, next)
		if (!vi_complete(p, v, &gd))
			return;
	STAILQ_FOREACH(g, &c->vrrp.sync_groups, next) {
		if (g->smtp_alert == -1)
			g->smtp_alert = gd.smtp_alert_vrrp >= 0 ?
			    gd.smtp_alert_vrrp : gd.smtp_alert > 0;
		if (g->notify_priority_changes == -1)
			g->notify_priority_changes =
			    gd.notify_priority_changes;
	}
}
