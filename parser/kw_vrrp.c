/*
 * kw_vrrp: the VRRP-side root keywords, vrrp_instance and
 * vrrp_sync_group, with keepalived 2.2.7's messages (vrrp_parser.c).
 *
 * The other VRRP root blocks (vrrp_script, track_file, ...) are in
 * kw_vrrp_track.c, post-parse validation in kw_vrrp_check.c and the dump
 * in kw_vrrp_dump.c.
 */
#include <stddef.h>
#include <string.h>
#include <sys/socket.h>

#include "conf.h"
#include "conf_iproute.h"
#include "engine.h"
#include "script.h"
#include "value.h"

#define VI_OFF(f)	offsetof(struct vrrp_instance_conf, f)
#define SG_OFF(f)	offsetof(struct vrrp_sync_group_conf, f)
#define CONF_OFF(f)	offsetof(struct conf, f)

/* Kinds of track lists, in kw->min of the track_* keywords. */
#define TRACK_IF	0
#define TRACK_SCRIPT	1
#define TRACK_FILE	2
#define TRACK_PROCESS	3
#define TRACK_BFD	4

static struct vrrp_instance_conf *
vi(struct cfg_parse *p)
{
	return cfg_obj(p);
}

/* --- vrrp_instance --------------------------------------------------- */

static void
vi_state(struct cfg_parse *p, const struct cfg_kw *kw,
    const struct cfg_stmt *st)
{
	struct vrrp_instance_conf *v = vi(p);
	const char *s = cfg_arg(p, st, 1);

	if (s == NULL)
		return;
	if (!strcmp(s, "MASTER"))
		v->state = VRRP_CONF_STATE_MASTER;
	else if (!strcmp(s, "BACKUP")) {
		if (v->state == VRRP_CONF_STATE_MASTER)
			cfg_report(p, CFG_GENERAL_ERROR, "(%s) state previously "
			    "set as MASTER - ignoring BACKUP", v->name);
		else
			v->state = VRRP_CONF_STATE_BACKUP;
	} else {
		cfg_report(p, CFG_GENERAL_ERROR,
		    "(%s) unknown state '%s', defaulting to BACKUP", v->name, s);
		v->state = VRRP_CONF_STATE_BACKUP;
	}
}

static void
vi_interface(struct cfg_parse *p, const struct cfg_kw *kw,
    const struct cfg_stmt *st)
{
	struct vrrp_instance_conf *v = vi(p);
	const char *s = cfg_arg(p, st, 1);

	if (s == NULL)
		return;
	v->ifname = cfg_strdup(p, s);
	v->if_loc = cfg_here(p);
	v->if_missing = false;
	if (!vrrp_iface_exists(p, s)) {
		cfg_report(p, CFG_GENERAL_ERROR, "WARNING - interface %s for "
		    "vrrp_instance %s doesn't exist", s, v->name);
		v->if_missing = true;
		cfg_conf(p)->vrrp.missing_iface = true;
	} else if (cfg_options(p)->check_ifaces && vrrp_iface_is_loopback(s)) {
		cfg_report(p, CFG_GENERAL_ERROR, "(%s) cannot use a loopback "
		    "interface (%s) for vrrp - ignoring", v->name, s);
		v->ifname = NULL;
	}
}

static void
vi_priority(struct cfg_parse *p, const struct cfg_kw *kw,
    const struct cfg_stmt *st)
{
	struct vrrp_instance_conf *v = vi(p);
	const char *s = cfg_arg(p, st, 1);
	uint64_t n;

	if (s == NULL)
		return;
	if (!cfg_read_uint(p, s, 1, 255, &n)) {
		cfg_report(p, CFG_GENERAL_ERROR, "(%s) Priority not valid! must "
		    "be between 1 & 255. Using default %d", v->name,
		    VRRP_CONF_PRIO_DFL);
		n = VRRP_CONF_PRIO_DFL;
	}
	v->priority = (unsigned)n;
}

static void
vi_version(struct cfg_parse *p, const struct cfg_kw *kw,
    const struct cfg_stmt *st)
{
	struct vrrp_instance_conf *v = vi(p);
	const char *s = cfg_arg(p, st, 1);
	uint64_t n;

	if (s == NULL)
		return;
	if (!cfg_read_uint(p, s, 2, 3, &n)) {
		cfg_report(p, CFG_GENERAL_ERROR,
		    "(%s): Version must be either 2 or 3", v->name);
		return;
	}
	if ((v->version != 0 && v->version != n) ||
	    (n == 2 && v->family == AF_INET6)) {
		cfg_report(p, CFG_GENERAL_ERROR, "(%s) vrrp_version conflicts "
		    "with configured or deduced version; ignoring.", v->name);
		return;
	}
	v->version = (unsigned)n;
}

static void
vi_preempt_delay(struct cfg_parse *p, const struct cfg_kw *kw,
    const struct cfg_stmt *st)
{
	struct vrrp_instance_conf *v = vi(p);
	const char *s = cfg_arg(p, st, 1);
	uint64_t us;

	if (s == NULL)
		return;
	if (!cfg_read_timer(p, s, 0, 1000000000, &us)) {
		cfg_report(p, CFG_GENERAL_ERROR, "(%s) Preempt_delay not valid! "
		    "must be between 0-1000", v->name);
		v->preempt_delay_us = 0;
		return;
	}
	v->preempt_delay_us = us;
}

/*
 * Unsigned keywords whose message reads "(%s): <kw> '%s' invalid -
 * ignoring" or similar; kw->max is the range, kw->min the message form.
 */
static bool
vi_read_uint(struct cfg_parse *p, const struct cfg_stmt *st,
    uint64_t max, const char *pre, const char *post, uint64_t *out)
{
	struct vrrp_instance_conf *v = vi(p);
	const char *s = cfg_arg(p, st, 1);

	if (s == NULL)
		return false;
	if (!cfg_read_uint(p, s, 0, max, out)) {
		cfg_report(p, CFG_GENERAL_ERROR, "(%s): %s'%s'%s", v->name, pre,
		    s, post);
		return false;
	}
	return true;
}

static void
vi_garp_delay(struct cfg_parse *p, const struct cfg_kw *kw,
    const struct cfg_stmt *st)
{
	uint64_t n;

	if (vi_read_uint(p, st, UINT32_MAX / 1000000,
	    "garp_master_delay ", " invalid - ignoring", &n))
		vi(p)->garp_delay_us = n * 1000000;
}

static void
vi_garp_refresh(struct cfg_parse *p, const struct cfg_kw *kw,
    const struct cfg_stmt *st)
{
	uint64_t n;

	if (vi_read_uint(p, st, UINT32_MAX,
	    "Invalid garp_master_refresh ", " - ignoring", &n))
		vi(p)->garp_refresh_us = n * 1000000;
}

static void
vi_garp_lower_prio_delay(struct cfg_parse *p, const struct cfg_kw *kw,
    const struct cfg_stmt *st)
{
	uint64_t n;

	if (vi_read_uint(p, st, UINT32_MAX / 1000000,
	    "garp_lower_prio_delay ", " invalid - ignoring", &n))
		vi(p)->garp_lower_prio_delay_set = (int64_t)n * 1000000;
}

static void
vi_garp_lower_prio_rep(struct cfg_parse *p, const struct cfg_kw *kw,
    const struct cfg_stmt *st)
{
	uint64_t n;

	if (vi_read_uint(p, st, INT32_MAX,
	    "Invalid garp_lower_prio_repeat ", "", &n))
		vi(p)->garp_lower_prio_rep_set = (int64_t)n;
}

/* garp_master_repeat / _refresh_repeat: 0 becomes 1 with a message. */
static void
vi_garp_rep(struct cfg_parse *p, const struct cfg_kw *kw,
    const struct cfg_stmt *st)
{
	struct vrrp_instance_conf *v = vi(p);
	const char *s = cfg_arg(p, st, 1);
	uint64_t n;

	if (s == NULL)
		return;
	if (!cfg_read_uint(p, s, 0, INT32_MAX, &n)) {
		cfg_report(p, CFG_GENERAL_ERROR, "(%s): %s '%s' invalid - "
		    "ignoring", v->name, kw->name, s);
		return;
	}
	if (n == 0) {
		cfg_report(p, CFG_GENERAL_ERROR, "(%s): %s must be greater "
		    "than 0, setting to 1", v->name, kw->name);
		n = 1;
	}
	*CFG_FIELD(p, kw, unsigned) = (unsigned)n;
}

static void
vi_garp_extra_if(struct cfg_parse *p, const struct cfg_kw *kw,
    const struct cfg_stmt *st)
{
	struct vrrp_instance_conf *v = vi(p);
	bool all = false;
	int i = 1;
	const char *s;
	uint64_t n;

	if (st->argc > 1 && !strcmp(st->argv[1], "all")) {
		all = true;
		i = 2;
	}
	if ((s = cfg_arg(p, st, i)) == NULL)
		return;
	if (!cfg_read_uint(p, s, 0, 86400, &n)) {
		cfg_report(p, CFG_GENERAL_ERROR, "(%s): %s '%s' invalid - "
		    "ignoring", v->name, kw->name, s);
		return;
	}
	v->garp_extra_if = (unsigned)n;
	v->garp_extra_if_all = all;
}

/* Optional boolean argument, keepalived's per-keyword wording. */
static int
vi_bool_arg(struct cfg_parse *p, const struct cfg_stmt *st)
{
	int b;

	if (st->argc < 2)
		return 1;
	b = cfg_bool_value(st->argv[1]);
	if (b == -1)
		cfg_report(p, CFG_GENERAL_ERROR, "(%s) invalid %s %s specified",
		    vi(p)->name, st->argv[0], st->argv[1]);
	return b;
}

/* strict_mode, lower_prio_no_advert, ...: int "set" field at kw->off. */
static void
vi_tristate(struct cfg_parse *p, const struct cfg_kw *kw,
    const struct cfg_stmt *st)
{
	int b = vi_bool_arg(p, st);

	if (b != -1)
		*CFG_FIELD(p, kw, int) = b;
}

/* 2.2.7: skip_check_adv_addr sets the flag whatever the argument says. */
static void
vi_skip_check_adv_addr(struct cfg_parse *p, const struct cfg_kw *kw,
    const struct cfg_stmt *st)
{
	int b = vi_bool_arg(p, st);

	if (b != -1)
		vi(p)->skip_check_adv_addr_set = b;
}

static void
vi_smtp_alert(struct cfg_parse *p, const struct cfg_kw *kw,
    const struct cfg_stmt *st)
{
	int b = 1;

	if (st->argc >= 2 && (b = cfg_bool_value(st->argv[1])) == -1) {
		cfg_report(p, CFG_GENERAL_ERROR, "Invalid vrrp_instance "
		    "smtp_alert parameter %s", st->argv[1]);
		return;
	}
	vi(p)->smtp_alert_set = b;
}

static void
vi_notify_prio_changes(struct cfg_parse *p, const struct cfg_kw *kw,
    const struct cfg_stmt *st)
{
	int b = 1;

	if (st->argc >= 2 && (b = cfg_bool_value(st->argv[1])) == -1) {
		cfg_report(p, CFG_GENERAL_ERROR, "(%s) Invalid value '%s' for "
		    "notify_priority_changes specified", vi(p)->name,
		    st->argv[1]);
		return;
	}
	vi(p)->notify_priority_changes_set = b;
}

static void
vi_accept(struct cfg_parse *p, const struct cfg_kw *kw,
    const struct cfg_stmt *st)
{
	vi(p)->accept_set = kw->min;
}

static void
vi_preempt(struct cfg_parse *p, const struct cfg_kw *kw,
    const struct cfg_stmt *st)
{
	vi(p)->nopreempt = kw->min;
}

static void
vi_old_unicast_checksum(struct cfg_parse *p, const struct cfg_kw *kw,
    const struct cfg_stmt *st)
{
	struct vrrp_instance_conf *v = vi(p);

	if (st->argc < 2)
		v->old_unicast_checksum = 1;
	else if (!strcmp(st->argv[1], "never"))
		v->old_unicast_checksum = 2;
	else
		cfg_report(p, CFG_GENERAL_ERROR, "(%s) Unknown "
		    "old_unicast_chksum mode %s - ignoring", v->name,
		    st->argv[1]);
}

/* The instance's family follows its first address of any kind. */
static bool
vi_family_ok(struct vrrp_instance_conf *v, int family)
{
	if (v->family == AF_UNSPEC)
		v->family = family;
	return v->family == family;
}

static void
vi_srcip(struct cfg_parse *p, const struct cfg_kw *kw,
    const struct cfg_stmt *st)
{
	struct vrrp_instance_conf *v = vi(p);
	const char *s = cfg_arg(p, st, 1);
	struct addr a;

	if (s == NULL)
		return;
	if (addr_parse_host(s, &a) == -1) {
		cfg_report(p, CFG_GENERAL_ERROR, "Configuration error: VRRP "
		    "instance[%s] malformed src address[%s]. Skipping...",
		    v->name, s);
		return;
	}
	if (!vi_family_ok(v, a.family)) {
		cfg_report(p, CFG_GENERAL_ERROR, "Configuration error: VRRP "
		    "instance[%s] and src address[%s] MUST be of the same "
		    "family !!! Skipping...", v->name, s);
		return;
	}
	v->saddr = a;
}

static bool
addr_is_mcast(const struct addr *a)
{
	if (a->family == AF_INET)
		return IN_MULTICAST(ntohl(a->u.v4.s_addr));
	return IN6_IS_ADDR_MULTICAST(&a->u.v6);
}

static void
vi_dstip(struct cfg_parse *p, const struct cfg_kw *kw,
    const struct cfg_stmt *st)
{
	struct vrrp_instance_conf *v = vi(p);
	const char *s = cfg_arg(p, st, 1);
	struct addr a;

	if (s == NULL)
		return;
	if (addr_parse_host(s, &a) == -1) {
		cfg_report(p, CFG_GENERAL_ERROR, "(%s) malformed mcast dest "
		    "address %s. Skipping...", v->name, s);
		return;
	}
	if (!vi_family_ok(v, a.family)) {
		cfg_report(p, CFG_GENERAL_ERROR, "(%s) mcast dest address %s "
		    "MUST match VRRP instance family. Skipping...", v->name, s);
		return;
	}
	if (!addr_is_mcast(&a)) {
		cfg_report(p, CFG_GENERAL_ERROR, "(%s) mcast_dst_ip %s not "
		    "multicast. Skipping...", v->name, s);
		return;
	}
	v->mcast_daddr = a;
}

static void
vi_native_ipv6(struct cfg_parse *p, const struct cfg_kw *kw,
    const struct cfg_stmt *st)
{
	struct vrrp_instance_conf *v = vi(p);

	if (v->family == AF_INET) {
		cfg_report(p, CFG_GENERAL_ERROR, "(%s) Cannot specify "
		    "native_ipv6 with IPv4 addresses", v->name);
		return;
	}
	v->family = AF_INET6;
	v->version = 3;
	v->native_ipv6 = true;
}

static void
vi_use_vmac(struct cfg_parse *p, const struct cfg_kw *kw,
    const struct cfg_stmt *st)
{
	struct vrrp_instance_conf *v = vi(p);
	int i;

	v->use_vmac = true;
	for (i = 1; i < st->argc; i++) {
		if (strchr(st->argv[i], ':') != NULL)
			v->vmac_addr = cfg_strdup(p, st->argv[i]);
		else
			v->vmac_ifname = cfg_strdup(p, st->argv[i]);
	}
}

static void
vi_use_ipvlan(struct cfg_parse *p, const struct cfg_kw *kw,
    const struct cfg_stmt *st)
{
	struct vrrp_instance_conf *v = vi(p);
	struct addr a;
	int i;

	if (v->use_ipvlan) {
		cfg_report(p, CFG_GENERAL_ERROR, "(%s) use_ipvlan already "
		    "specified", v->name);
		return;
	}
	v->use_ipvlan = true;
	for (i = 1; i < st->argc; i++) {
		if (!strcmp(st->argv[i], "bridge") ||
		    !strcmp(st->argv[i], "private") ||
		    !strcmp(st->argv[i], "vepa"))
			v->ipvlan_type = cfg_strdup(p, st->argv[i]);
		else if (addr_parse(st->argv[i], &a) == 0)
			v->ipvlan_addr = a;
		else
			v->ipvlan_ifname = cfg_strdup(p, st->argv[i]);
	}
}

static void
vi_lvs_syncd(struct cfg_parse *p, const struct cfg_kw *kw,
    const struct cfg_stmt *st)
{
	struct vrrp_instance_conf *v = vi(p);
	struct global_lvs_sync_daemon *d = &cfg_conf(p)->global.lvs_sync_daemon;
	const char *s = cfg_arg(p, st, 1);
	int pad = (int)strlen(v->name) - 2;

	if (s == NULL)
		return;
	cfg_report(p, CFG_GENERAL_ERROR, "(%s) Specifying lvs_sync_daemon_"
	    "interface against a vrrp is deprecated.", v->name);
	cfg_report(p, CFG_GENERAL_ERROR, "      %*sPlease use global "
	    "lvs_sync_daemon", pad < 0 ? 0 : pad, "");
	/* keepalived keeps only the first, global or per instance. */
	if (d->ifname != NULL) {
		cfg_report(p, CFG_GENERAL_ERROR, "(%s) lvs_sync_daemon_interface "
		    "has already been specified as %s - ignoring", v->name,
		    d->ifname);
		return;
	}
	d->ifname = cfg_strdup(p, s);
	d->vrrp_name = cfg_strdup(p, v->name);
	d->loc = cfg_here(p);
}

static void
vi_linkbeat(struct cfg_parse *p, const struct cfg_kw *kw,
    const struct cfg_stmt *st)
{
	struct vrrp_instance_conf *v = vi(p);

	v->linkbeat_use_polling = true;
	cfg_report(p, CFG_GENERAL_ERROR, "(%s) 'linkbeat_use_polling' in vrrp "
	    "instance deprecated - use linkbeat_interfaces block", v->name);
}

/* notify scripts: "already specified" keeps the first one. */
static void
vi_notify(struct cfg_parse *p, const struct cfg_kw *kw,
    const struct cfg_stmt *st)
{
	struct script_conf **slot = CFG_FIELD(p, kw, struct script_conf *);
	const char *what = kw->name;

	if (!strcmp(what, "notify"))
		what = "notify script";
	if (*slot != NULL) {
		if (kw->max)
			cfg_report(p, CFG_GENERAL_ERROR, "vrrp group %s: %s "
			    "script already specified - ignoring %s",
			    ((struct vrrp_sync_group_conf *)cfg_obj(p))->name,
			    kw->name, st->argc > 1 ? st->argv[1] : "");
		else
			cfg_report(p, CFG_GENERAL_ERROR, "(%s) %s%s already "
			    "specified - ignoring %s", vi(p)->name, what,
			    strcmp(what, "notify_deleted") &&
			    strcmp(what, "notify script") ? " script" : "",
			    st->argc > 1 ? st->argv[1] : "");
		return;
	}
	*slot = cfg_read_script(p, st, 1);
}

/* notify_deleted takes an optional script. */
static void
vi_notify_deleted(struct cfg_parse *p, const struct cfg_kw *kw,
    const struct cfg_stmt *st)
{
	struct vrrp_instance_conf *v = vi(p);

	if (v->notify_deleted_set) {
		cfg_report(p, CFG_GENERAL_ERROR, "(%s) notify_deleted already "
		    "specified - ignoring %s", v->name,
		    st->argc > 1 ? st->argv[1] : "");
		return;
	}
	v->notify_deleted_set = true;
	if (st->argc > 1)
		v->notify_deleted = cfg_read_script(p, st, 1);
}

static void
vi_auth_type(struct cfg_parse *p, const struct cfg_kw *kw,
    const struct cfg_stmt *st)
{
	struct vrrp_instance_conf *v = vi(p);
	const char *s = cfg_arg(p, st, 1);

	if (s == NULL)
		return;
	if (!strcmp(s, "AH"))
		v->auth_type = VRRP_CONF_AUTH_AH;
	else if (!strcmp(s, "PASS"))
		v->auth_type = VRRP_CONF_AUTH_PASS;
	else
		cfg_report(p, CFG_GENERAL_ERROR, "(%s) unknown authentication "
		    "type '%s'", v->name, s);
}

static void
vi_auth_pass(struct cfg_parse *p, const struct cfg_kw *kw,
    const struct cfg_stmt *st)
{
	struct vrrp_instance_conf *v = vi(p);
	const char *s = cfg_arg(p, st, 1);

	if (s == NULL)
		return;
	if (strlen(s) > VRRP_CONF_AUTH_LEN)
		cfg_report(p, CFG_GENERAL_ERROR, "Truncating auth_pass to %d "
		    "characters", VRRP_CONF_AUTH_LEN);
	memset(v->auth_pass, 0, sizeof(v->auth_pass));
	memcpy(v->auth_pass, s, strnlen(s, VRRP_CONF_AUTH_LEN));
}

/* Exactly one word, else keepalived's message (no missing-parameter
 * error). */
static void
vi_kernel_rx_buf_size(struct cfg_parse *p, const struct cfg_kw *kw,
    const struct cfg_stmt *st)
{
	struct vrrp_instance_conf *v = vi(p);
	uint64_t n;

	if (st->argc == 2 && cfg_read_uint(p, st->argv[1], 0, UINT32_MAX, &n)) {
		v->kernel_rx_buf_size = (unsigned)n;
		return;
	}
	cfg_report(p, CFG_GENERAL_ERROR, "(%s) invalid kernel_rx_buf_size "
	    "specified", v->name);
}

static void
vi_unicast_peer(struct cfg_parse *p, const struct cfg_kw *kw,
    const struct cfg_stmt *st)
{
	struct vrrp_instance_conf *v = vi(p);
	struct vrrp_peer_conf *pc;
	struct addr a;
	uint64_t n;
	int i;

	if (addr_parse_host(st->argv[0], &a) == -1) {
		cfg_report(p, CFG_GENERAL_ERROR, "Configuration error: VRRP "
		    "instance[%s] malformed unicast peer address[%s]. "
		    "Skipping...", v->name, st->argv[0]);
		return;
	}
	if (!vi_family_ok(v, a.family)) {
		cfg_report(p, CFG_GENERAL_ERROR, "Configuration error: VRRP "
		    "instance[%s] and unicast peer address[%s] MUST be of the "
		    "same family !!! Skipping...", v->name, st->argv[0]);
		return;
	}
	pc = ARENA_NEW(cfg_arena(p), struct vrrp_peer_conf);
	pc->addr = a;
	pc->min_ttl = pc->max_ttl = -1;
	pc->loc = cfg_here(p);
	for (i = 1; i < st->argc; i += 2) {
		if (strcmp(st->argv[i], "min_ttl") &&
		    strcmp(st->argv[i], "max_ttl")) {
			cfg_report(p, CFG_GENERAL_ERROR, "Unknown configuration "
			    "entry '%s' for unicast peer %s", st->argv[i],
			    st->argv[0]);
			break;
		}
		if (i + 1 >= st->argc || !cfg_read_uint(p, st->argv[i + 1],
		    0, 255, &n)) {
			cfg_report(p, CFG_GENERAL_ERROR, "Invalid %s '%s' for "
			    "unicast peer %s", st->argv[i], i + 1 < st->argc ?
			    st->argv[i + 1] : "", st->argv[0]);
			break;
		}
		if (st->argv[i][1] == 'i')
			pc->min_ttl = (int)n;
		else
			pc->max_ttl = (int)n;
	}
	STAILQ_INSERT_TAIL(&v->peers, pc, next);
}

/* VIPs: the iproute helper parses the line; the family is ours. */
static void
vi_vip(struct cfg_parse *p, const struct cfg_kw *kw,
    const struct cfg_stmt *st)
{
	struct vrrp_instance_conf *v = vi(p);
	struct ipaddr_list *l = CFG_FIELD(p, kw, struct ipaddr_list);
	struct ipaddr_conf *last = STAILQ_LAST(l, ipaddr_conf, next), *n;

	kw_h_ipaddress(p, kw, st);
	n = STAILQ_LAST(l, ipaddr_conf, next);
	if (n == NULL || n == last || kw->min == IPROUTE_CTX_EXCLUDED)
		return;
	if (!vi_family_ok(v, n->addr.family)) {
		cfg_report(p, CFG_GENERAL_ERROR, "(%s): address family must "
		    "match VRRP instance [%s] - ignoring", v->name, st->argv[0]);
		if (last == NULL)
			STAILQ_REMOVE_HEAD(l, next);
		else
			STAILQ_REMOVE_AFTER(l, last, next);
	}
}

static const struct cfg_kw kw_auth[] = {
	{ "auth_pass", vi_auth_pass, NULL, 0, 0, 0, 0 },
	{ "auth_type", vi_auth_type, NULL, 0, 0, 0, 0 },
};
CFG_BLOCK(vrrp_auth_block, "authentication", kw_auth, NULL);

#define VI_FLAG(nm, f)	{ nm, cfg_h_flag, NULL, 0, VI_OFF(f), 0, 0 }
#define VI_TRI(nm, f)	{ nm, vi_tristate, NULL, 0, VI_OFF(f), 0, 0 }
#define VI_NOTIFY(nm, f) { nm, vi_notify, NULL, 0, VI_OFF(f), 0, 0 }
#define VI_TRACK(nm, f, k) \
	{ nm, vrrp_kw_track_line, NULL, CFG_KW_VALUES, VI_OFF(f), k, 0 }

static const struct cfg_kw kw_instance[] = {
	{ "accept", vi_accept, NULL, 0, 0, 1, 0 },
	{ "advert_int", cfg_h_timer, NULL, 0, VI_OFF(adver_int_us), 10000,
	    255000000, "(%N) Advert interval (%s) not valid! Must be > 0 - "
	    "ignoring" },
	{ "authentication", NULL, &vrrp_auth_block, 0, 0, 0, 0 },
	VI_FLAG("check_unicast_src", check_unicast_src),
	{ "debug", cfg_h_uint, NULL, 0, VI_OFF(debug), 0, 4,
	    "(%N) Debug value '%s' not valid; must be between 0-4" },
	VI_FLAG("dont_track_primary", dont_track_primary),
	{ "down_timer_adverts", cfg_h_uint, NULL, 0,
	    VI_OFF(down_timer_adverts_set), 1, 100,
	    "(%N): Invalid down_timer_adverts [1:100] '%s'" },
	{ "garp_extra_if", vi_garp_extra_if, NULL, 0, 0, 0, 0 },
	{ "garp_lower_prio_delay", vi_garp_lower_prio_delay, NULL, 0, 0, 0,
	    0 },
	{ "garp_lower_prio_repeat", vi_garp_lower_prio_rep, NULL, 0, 0, 0,
	    0 },
	{ "garp_master_delay", vi_garp_delay, NULL, 0, 0, 0, 0 },
	{ "garp_master_refresh", vi_garp_refresh, NULL, 0, 0, 0, 0 },
	{ "garp_master_refresh_repeat", vi_garp_rep, NULL, 0,
	    VI_OFF(garp_refresh_rep), 0, 0 },
	{ "garp_master_repeat", vi_garp_rep, NULL, 0, VI_OFF(garp_rep), 0,
	    0 },
	VI_TRI("higher_prio_send_advert", higher_prio_send_advert_set),
	{ "interface", vi_interface, NULL, 0, 0, 0, 0 },
	{ "kernel_rx_buf_size", vi_kernel_rx_buf_size, NULL, 0, 0, 0, 0 },
	{ "linkbeat_use_polling", vi_linkbeat, NULL, 0, 0, 0, 0 },
	VI_TRI("lower_prio_no_advert", lower_prio_no_advert_set),
	{ "lvs_sync_daemon_interface", vi_lvs_syncd, NULL, 0, 0, 0, 0 },
	{ "mcast_dst_ip", vi_dstip, NULL, 0, 0, 0, 0 },
	{ "mcast_src_ip", vi_srcip, NULL, 0, 0, 0, 0 },
	{ "native_ipv6", vi_native_ipv6, NULL, 0, 0, 0, 0 },
	{ "no_accept", vi_accept, NULL, 0, 0, 0, 0 },
	{ "nopreempt", vi_preempt, NULL, 0, 0, 1, 0 },
	VI_NOTIFY("notify", notify),
	VI_NOTIFY("notify_backup", notify_backup),
	{ "notify_deleted", vi_notify_deleted, NULL, 0, 0, 0, 0 },
	VI_NOTIFY("notify_fault", notify_fault),
	VI_NOTIFY("notify_master", notify_master),
	VI_NOTIFY("notify_master_rx_lower_pri", notify_master_rx_lower_pri),
	{ "notify_priority_changes", vi_notify_prio_changes, NULL, 0, 0, 0,
	    0 },
	VI_NOTIFY("notify_stop", notify_stop),
	{ "old_unicast_checksum", vi_old_unicast_checksum, NULL, 0, 0, 0, 0 },
	{ "preempt", vi_preempt, NULL, 0, 0, 0, 0 },
	{ "preempt_delay", vi_preempt_delay, NULL, 0, 0, 0, 0 },
	{ "priority", vi_priority, NULL, 0, 0, 0, 0 },
	{ "promote_max_lag", vrrp_kw_promote_max_lag, NULL, 0, 0, 0, 0 },
	{ "promote_require_caught_up", vrrp_kw_promote_caught_up, NULL, 0, 0,
	    0, 0 },
	{ "promote_script", vrrp_kw_promote_script, NULL, 0, 0, 0, 0 },
	{ "promote_script_timeout", vrrp_kw_promote_script_timeout, NULL, 0,
	    0, 0, 0 },
	VI_FLAG("promote_secondaries", promote_secondaries),
	{ "skip_check_adv_addr", vi_skip_check_adv_addr, NULL, 0, 0, 0, 0 },
	{ "smtp_alert", vi_smtp_alert, NULL, 0, 0, 0, 0 },
	{ "state", vi_state, NULL, 0, 0, 0, 0 },
	VI_TRI("strict_mode", strict_set),
	VI_TRACK("track_bfd", track_bfds, TRACK_BFD),
	VI_TRACK("track_file", track_files, TRACK_FILE),
	VI_TRACK("track_interface", track_ifs, TRACK_IF),
	VI_TRACK("track_process", track_processes, TRACK_PROCESS),
	{ "track_real_server", vrrp_kw_track_rs_line, NULL,
	    CFG_KW_VALUES | CFG_KW_INLINE, VI_OFF(track_rs), 0, 0 },
	VI_TRACK("track_script", track_scripts, TRACK_SCRIPT),
	VI_FLAG("track_src_ip", track_src_ip),
	VI_FLAG("unicast_fault_no_peer", unicast_fault_no_peer),
	{ "unicast_peer", vi_unicast_peer, NULL, CFG_KW_VALUES, 0, 0, 0 },
	{ "unicast_src_ip", vi_srcip, NULL, 0, 0, 0, 0 },
	{ "unicast_ttl", cfg_h_uint, NULL, 0, VI_OFF(unicast_ttl), 0, 255,
	    "(%N): TTL '%s' not valid - must be between 0 & 255" },
	{ "use_ipvlan", vi_use_ipvlan, NULL, 0, 0, 0, 0 },
	{ "use_vmac", vi_use_vmac, NULL, 0, 0, 0, 0 },
	VI_FLAG("use_vmac_addr", use_vmac_addr),
	{ "version", vi_version, NULL, 0, 0, 0, 0 },
	{ "virtual_ipaddress", vi_vip, NULL, CFG_KW_VALUES, VI_OFF(vips),
	    IPROUTE_CTX_INSTANCE, 0 },
	{ "virtual_ipaddress_excluded", vi_vip, NULL, CFG_KW_VALUES,
	    VI_OFF(evips), IPROUTE_CTX_EXCLUDED, 0 },
	{ "virtual_router_id", cfg_h_uint, NULL, 0, VI_OFF(vrid), 1, 255,
	    "(%N): VRID '%s' not valid - must be between 1 & 255" },
	{ "virtual_routes", kw_h_route, NULL, CFG_KW_VALUES, VI_OFF(vroutes),
	    IPROUTE_CTX_INSTANCE, 0 },
	{ "virtual_rules", kw_h_rule, NULL, CFG_KW_VALUES, VI_OFF(vrules),
	    IPROUTE_CTX_INSTANCE, 0 },
	{ "vmac_garp_intvl", vi_garp_extra_if, NULL, 0, 0, 0, 0 },
	VI_FLAG("vmac_xmit_base", vmac_xmit_base),
	{ "vrf", cfg_h_str, NULL, 0, VI_OFF(vrf), 0, 0 },
};

/* keepalived's vrrp_end_handler: checks that need the whole block,
 * reported at its closing brace. */
static void
vi_end(struct cfg_parse *p, void *obj)
{
	struct vrrp_instance_conf *v = obj;
	bool unicast = !STAILQ_EMPTY(&v->peers);

	if (unicast && v->use_vmac) {
		if (v->ifname == NULL) {
			cfg_report(p, CFG_GENERAL_ERROR, "(%s): Cannot use "
			    "VMAC/ipvlan with unicast and no interface - "
			    "clearing use_vmac", v->name);
			v->use_vmac = false;
			v->vmac_ifname = NULL;
		} else if (!v->vmac_xmit_base) {
			cfg_report(p, CFG_GENERAL_ERROR, "(%s) unicast with "
			    "use_vmac requires vmac_xmit_base - setting",
			    v->name);
			v->vmac_xmit_base = true;
		}
	}
	if (!unicast && v->unicast_ttl != -1) {
		cfg_report(p, CFG_GENERAL_ERROR, "(%s): Cannot use unicast_ttl "
		    "without unicast peers - resetting", v->name);
		v->unicast_ttl = 0;
	}
}
CFG_BLOCK(vrrp_instance_block, "vrrp_instance", kw_instance, vi_end);

static struct vrrp_instance_conf *
vi_find(struct conf *c, const char *name)
{
	struct vrrp_instance_conf *v;

	STAILQ_FOREACH(v, &c->vrrp.instances, next)
		if (!strcmp(v->name, name))
			return v;
	return NULL;
}

/* Defaults copied when the instance is allocated, as alloc_vrrp. */
static void
vi_init(struct cfg_parse *p, struct vrrp_instance_conf *v)
{
	struct vrrp_gdefs g;

	vrrp_gdefs_read(cfg_conf(p), &g);
	STAILQ_INIT(&v->vips);
	STAILQ_INIT(&v->evips);
	STAILQ_INIT(&v->vroutes);
	STAILQ_INIT(&v->vrules);
	STAILQ_INIT(&v->track_ifs);
	STAILQ_INIT(&v->track_scripts);
	STAILQ_INIT(&v->track_files);
	STAILQ_INIT(&v->track_processes);
	STAILQ_INIT(&v->track_bfds);
	STAILQ_INIT(&v->track_rs);
	STAILQ_INIT(&v->peers);
	v->family = AF_UNSPEC;
	v->unicast_ttl = -1;
	v->garp_delay_us = g.garp_delay_us;
	v->garp_rep = g.garp_rep;
	v->garp_refresh_us = g.garp_refresh_us;
	v->garp_refresh_rep = g.garp_refresh_rep;
	v->garp_extra_if = g.garp_extra_if;
	v->garp_extra_if_all = g.garp_extra_if_all;
	v->check_unicast_src = g.check_unicast_src;
	v->strict_set = v->accept_set = -1;
	v->lower_prio_no_advert_set = v->higher_prio_send_advert_set = -1;
	v->smtp_alert_set = v->notify_priority_changes_set = -1;
	v->skip_check_adv_addr_set = -1;
	v->garp_lower_prio_delay_set = v->garp_lower_prio_rep_set = -1;
	v->down_timer_adverts_set = -1;
}

static void
root_instance(struct cfg_parse *p, const struct cfg_kw *kw,
    const struct cfg_stmt *st)
{
	struct conf *c = cfg_conf(p);
	struct vrrp_instance_conf *v;

	if (st->argc != 2) {
		cfg_report(p, CFG_GENERAL_ERROR,
		    "vrrp_instance must have a name");
		cfg_skip_block(p);
		return;
	}
	if (vi_find(c, st->argv[1]) != NULL) {
		cfg_report(p, CFG_GENERAL_ERROR,
		    "vrrp instance %s already defined", st->argv[1]);
		cfg_skip_block(p);
		return;
	}
	v = ARENA_NEW(cfg_arena(p), struct vrrp_instance_conf);
	v->name = cfg_strdup(p, st->argv[1]);
	v->loc = cfg_here(p);
	vi_init(p, v);
	STAILQ_INSERT_TAIL(&c->vrrp.instances, v, next);
	c->vrrp.ninstances++;
	cfg_enter_named(p, v, v->name);
}

/* --- vrrp_sync_group ------------------------------------------------- */

static void
sg_group(struct cfg_parse *p, const struct cfg_kw *kw,
    const struct cfg_stmt *st)
{
	struct vrrp_sync_group_conf *g = cfg_obj(p);
	struct vrrp_name *n;
	int i;

	for (i = 0; i < st->argc; i++) {
		n = ARENA_NEW(cfg_arena(p), struct vrrp_name);
		n->name = cfg_strdup(p, st->argv[i]);
		n->loc = cfg_here(p);
		STAILQ_INSERT_TAIL(&g->members, n, next);
	}
}

static void
sg_smtp_alert(struct cfg_parse *p, const struct cfg_kw *kw,
    const struct cfg_stmt *st)
{
	struct vrrp_sync_group_conf *g = cfg_obj(p);
	int b = 1;

	if (st->argc >= 2 && (b = cfg_bool_value(st->argv[1])) == -1) {
		cfg_report(p, CFG_GENERAL_ERROR, "Invalid vrrp_group smtp_alert "
		    "parameter %s", st->argv[1]);
		return;
	}
	g->smtp_alert = b;
}

static void
sg_global_tracking(struct cfg_parse *p, const struct cfg_kw *kw,
    const struct cfg_stmt *st)
{
	struct vrrp_sync_group_conf *g = cfg_obj(p);

	if (kw->min)
		cfg_report(p, CFG_GENERAL_ERROR, "(%s) global_tracking is "
		    "deprecated. Use track_interface/script/file on the sync "
		    "group", g->name);
	g->sgroup_tracking_weight = true;
}

static void
sg_notify_prio_changes(struct cfg_parse *p, const struct cfg_kw *kw,
    const struct cfg_stmt *st)
{
	struct vrrp_sync_group_conf *g = cfg_obj(p);
	int b = 1;

	if (st->argc >= 2 && (b = cfg_bool_value(st->argv[1])) == -1) {
		cfg_report(p, CFG_GENERAL_ERROR, "(%s) Invalid value '%s' for "
		    "sync group notify_priority_changes specified", g->name,
		    st->argv[1]);
		return;
	}
	g->notify_priority_changes = b;
}

/* "group" is a value block; its opener needs the duplicate check. */
static void
sg_group_line(struct cfg_parse *p, const struct cfg_kw *kw,
    const struct cfg_stmt *st)
{
	sg_group(p, kw, st);
}

#define SG_NOTIFY(nm, f) { nm, vi_notify, NULL, 0, SG_OFF(f), 0, 1 }
#define SG_TRACK(nm, f, k) \
	{ nm, vrrp_kw_track_line, NULL, CFG_KW_VALUES, SG_OFF(f), k, 1 }

static const struct cfg_kw kw_sync_group[] = {
	{ "global_tracking", sg_global_tracking, NULL, 0, 0, 1, 0 },
	{ "group", sg_group_line, NULL, CFG_KW_VALUES, 0, 0, 0 },
	SG_NOTIFY("notify", notify),
	SG_NOTIFY("notify_backup", notify_backup),
	SG_NOTIFY("notify_fault", notify_fault),
	SG_NOTIFY("notify_master", notify_master),
	{ "notify_priority_changes", sg_notify_prio_changes, NULL, 0, 0, 0,
	    0 },
	SG_NOTIFY("notify_stop", notify_stop),
	{ "smtp_alert", sg_smtp_alert, NULL, 0, 0, 0, 0 },
	{ "sync_group_tracking_weight", sg_global_tracking, NULL, 0, 0, 0,
	    0 },
	SG_TRACK("track_bfd", track_bfds, TRACK_BFD),
	SG_TRACK("track_file", track_files, TRACK_FILE),
	SG_TRACK("track_interface", track_ifs, TRACK_IF),
	SG_TRACK("track_process", track_processes, TRACK_PROCESS),
	SG_TRACK("track_script", track_scripts, TRACK_SCRIPT),
};
CFG_BLOCK(vrrp_sync_group_block, "vrrp_sync_group", kw_sync_group, NULL);

static void
root_sync_group(struct cfg_parse *p, const struct cfg_kw *kw,
    const struct cfg_stmt *st)
{
	struct conf *c = cfg_conf(p);
	struct vrrp_sync_group_conf *g;

	if (st->argc != 2) {
		cfg_report(p, CFG_GENERAL_ERROR,
		    "vrrp_sync_group must have a name - skipping");
		cfg_skip_block(p);
		return;
	}
	STAILQ_FOREACH(g, &c->vrrp.sync_groups, next) {
		if (!strcmp(g->name, st->argv[1])) {
			cfg_report(p, CFG_GENERAL_ERROR,
			    "vrrp sync group %s already defined", st->argv[1]);
			cfg_skip_block(p);
			return;
		}
	}
	g = ARENA_NEW(cfg_arena(p), struct vrrp_sync_group_conf);
	g->name = cfg_strdup(p, st->argv[1]);
	g->loc = cfg_here(p);
	STAILQ_INIT(&g->members);
	STAILQ_INIT(&g->track_ifs);
	STAILQ_INIT(&g->track_scripts);
	STAILQ_INIT(&g->track_files);
	STAILQ_INIT(&g->track_processes);
	STAILQ_INIT(&g->track_bfds);
	g->smtp_alert = -1;
	g->notify_priority_changes = -1;
	STAILQ_INSERT_TAIL(&c->vrrp.sync_groups, g, next);
	cfg_enter(p, g);
}

/* --- root ------------------------------------------------------------ */

const struct cfg_kw kw_root_vrrp[] = {
	{ "bfd_instance", vrrp_kw_bfd, &vrrp_bfd_block, 0, 0, 0, 0 },
	{ "garp_group", vrrp_kw_garp_group, &vrrp_garp_group_block, 0, 0, 0,
	    0 },
	{ "interface_up_down_delays", vrrp_kw_if_delay, NULL, CFG_KW_VALUES,
	    0, 0, 0 },
	{ "linkbeat_interfaces", vrrp_kw_linkbeat_if, NULL, CFG_KW_VALUES, 0,
	    0, 0 },
	{ "static_ipaddress", kw_h_ipaddress, NULL, CFG_KW_VALUES,
	    CONF_OFF(vrrp.static_addresses), IPROUTE_CTX_STATIC, 0 },
	{ "static_routes", kw_h_route, NULL, CFG_KW_VALUES,
	    CONF_OFF(vrrp.static_routes), IPROUTE_CTX_STATIC, 0 },
	{ "static_rules", kw_h_rule, NULL, CFG_KW_VALUES,
	    CONF_OFF(vrrp.static_rules), IPROUTE_CTX_STATIC, 0 },
	{ "track_file", vrrp_kw_track_file, &vrrp_track_file_block, 0, 0, 0,
	    0 },
	{ "track_group", vrrp_kw_track_group, &vrrp_track_group_block, 0, 0,
	    0, 0 },
	{ "vrrp_instance", root_instance, &vrrp_instance_block, 0, 0, 0, 0 },
	{ "vrrp_script", vrrp_kw_script, &vrrp_script_block, 0, 0, 0, 0 },
	{ "vrrp_sync_group", root_sync_group, &vrrp_sync_group_block, 0, 0,
	    0, 0 },
	{ "vrrp_track_file", vrrp_kw_track_file, &vrrp_track_file_block, 0,
	    0, 1, 0 },
	{ "vrrp_track_process", vrrp_kw_track_process,
	    &vrrp_track_process_block, 0, 0, 0, 0 },
};
const size_t kw_root_vrrp_n = sizeof(kw_root_vrrp) / sizeof(kw_root_vrrp[0]);

void
vrrp_conf_init(struct cfg_parse *p, struct conf *c)
{
	struct vrrp_conf_set *s = &c->vrrp;

	memset(s, 0, sizeof(*s));
	s->next_rule_prio4 = IPROUTE_RULE_START_PRIORITY;
	s->next_rule_prio6 = IPROUTE_RULE_START_PRIORITY;
	STAILQ_INIT(&s->instances);
	STAILQ_INIT(&s->sync_groups);
	STAILQ_INIT(&s->scripts);
	STAILQ_INIT(&s->track_files);
	STAILQ_INIT(&s->track_processes);
	STAILQ_INIT(&s->bfds);
	STAILQ_INIT(&s->garp_groups);
	STAILQ_INIT(&s->track_groups);
	STAILQ_INIT(&s->if_delays);
	STAILQ_INIT(&s->linkbeat_ifs);
	STAILQ_INIT(&s->static_addresses);
	STAILQ_INIT(&s->static_routes);
	STAILQ_INIT(&s->static_rules);
}
