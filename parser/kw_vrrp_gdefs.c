/*
 * kw_vrrp_gdefs: the global_defs values the VRRP side reads, gathered in
 * one place so that the rest of kw_vrrp*.c does not depend on how
 * struct global_conf names or encodes them.
 */
#include <string.h>

#include "conf.h"

void
vrrp_gdefs_read(const struct conf *c, struct vrrp_gdefs *g)
{
	const struct global_conf *gl = &c->global;

	memset(g, 0, sizeof(*g));
	g->vrrp_strict = gl->vrrp_strict;
	g->vrrp_version = gl->vrrp_version == 3 ? 3 : 2;
	g->dynamic_interfaces = gl->dynamic_interfaces;
	g->garp_delay_us = gl->vrrp_garp_master_delay;
	g->garp_rep = gl->vrrp_garp_master_repeat;
	g->garp_refresh_us = gl->vrrp_garp_master_refresh;
	g->garp_refresh_rep = gl->vrrp_garp_master_refresh_repeat;
	/* Unset lower-priority values follow the master ones. */
	g->garp_lower_prio_delay_us =
	    gl->vrrp_garp_lower_prio_delay == GLOBAL_UNSET_U64 ?
	    g->garp_delay_us : gl->vrrp_garp_lower_prio_delay;
	g->garp_lower_prio_rep =
	    gl->vrrp_garp_lower_prio_repeat == GLOBAL_UNSET_UINT ?
	    g->garp_rep : gl->vrrp_garp_lower_prio_repeat;
	g->down_timer_adverts = gl->vrrp_down_timer_adverts;
	g->lower_prio_no_advert = gl->vrrp_lower_prio_no_advert;
	g->higher_prio_send_advert = gl->vrrp_higher_prio_send_advert;
	g->skip_check_adv_addr = gl->vrrp_skip_check_adv_addr;
	g->check_unicast_src = gl->vrrp_check_unicast_src;
	g->smtp_alert = gl->smtp_alert;
	g->smtp_alert_vrrp = gl->smtp_alert_vrrp;
	g->notify_priority_changes = gl->vrrp_notify_priority_changes;
	g->garp_extra_if = gl->vrrp_garp_extra_if;
	g->garp_extra_if_all = gl->vrrp_garp_extra_if_all;
}
