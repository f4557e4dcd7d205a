/*
 * kw_vrrp_track: the tracked objects and small VRRP root blocks:
 * vrrp_script, track_file (vrrp_track_file), vrrp_track_process,
 * bfd_instance, garp_group, track_group, interface_up_down_delays,
 * linkbeat_interfaces, and the track_* lines of instances and sync
 * groups, with keepalived 2.2.7's messages.
 */
#include <net/if.h>
#include <limits.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "conf.h"
#include "engine.h"
#include "script.h"
#include "value.h"

#define TRACK_IF	0
#define TRACK_SCRIPT	1
#define TRACK_FILE	2
#define TRACK_PROCESS	3
#define TRACK_BFD	4

/* --- interfaces ------------------------------------------------------ */

bool
vrrp_iface_exists(struct cfg_parse *p, const char *name)
{
	struct vrrp_gdefs g;

	if (!cfg_options(p)->check_ifaces)
		return true;
	vrrp_gdefs_read(cfg_conf(p), &g);
	if (g.dynamic_interfaces)
		return true;
	return if_nametoindex(name) != 0;
}

bool
vrrp_iface_is_loopback(const char *name)
{
	char path[64];
	unsigned long flags = 0;
	FILE *f;

	if (strchr(name, '/') != NULL)
		return false;
	snprintf(path, sizeof(path), "/sys/class/net/%s/flags", name);
	if ((f = fopen(path, "re")) == NULL)
		return false;
	if (fscanf(f, "%lx", &flags) != 1)
		flags = 0;
	fclose(f);
	return (flags & IFF_LOOPBACK) != 0;
}

/* --- track_* lines --------------------------------------------------- */

static const char *
owner_name(struct cfg_parse *p, const struct cfg_kw *kw)
{
	if (kw->max)
		return ((struct vrrp_sync_group_conf *)cfg_obj(p))->name;
	return ((struct vrrp_instance_conf *)cfg_obj(p))->name;
}

static bool
track_known(struct cfg_parse *p, int kind, const char *name)
{
	struct vrrp_conf_set *s = &cfg_conf(p)->vrrp;
	struct vrrp_script_def *sc;
	struct vrrp_track_file_conf *tf;
	struct vrrp_track_process_conf *tp;
	struct vrrp_bfd_conf *b;

	switch (kind) {
	case TRACK_SCRIPT:
		STAILQ_FOREACH(sc, &s->scripts, next)
			if (!strcmp(sc->name, name))
				return true;
		return false;
	case TRACK_FILE:
		STAILQ_FOREACH(tf, &s->track_files, next)
			if (!strcmp(tf->name, name))
				return true;
		return false;
	case TRACK_PROCESS:
		STAILQ_FOREACH(tp, &s->track_processes, next)
			if (!strcmp(tp->name, name))
				return true;
		return false;
	case TRACK_BFD:
		STAILQ_FOREACH(b, &s->bfds, next)
			if (!strcmp(b->name, name))
				return true;
		return false;
	}
	return true;
}

static const char *const track_word[] = {
	"interface", "script", "file", "process", "bfd"
};

/* Not found / doesn't exist: keepalived's per-kind wording. */
static bool
track_check_exists(struct cfg_parse *p, const struct cfg_kw *kw,
    const char *name)
{
	const char *owner = owner_name(p, kw);

	if (kw->min == TRACK_IF) {
		if (vrrp_iface_exists(p, name))
			return true;
		cfg_report(p, CFG_GENERAL_ERROR,
		    "(%s) tracked interface %s doesn't exist", owner, name);
		return false;
	}
	if (track_known(p, (int)kw->min, name))
		return true;
	cfg_report(p, CFG_GENERAL_ERROR, "(%s) track %s %s not found, "
	    "ignoring...", owner, track_word[kw->min], name);
	return false;
}

/* Weight on a track line; false: the line is dropped. */
static bool
track_weight(struct cfg_parse *p, const struct cfg_kw *kw,
    const struct cfg_stmt *st, struct vrrp_track_ref *t)
{
	const char *owner = owner_name(p, kw);
	int64_t w;
	int lim = kw->min == TRACK_FILE || kw->min == TRACK_PROCESS ?
	    254 : 253;

	if (st->argc < 3 || strcmp(st->argv[1], "weight"))
		return true;
	if (!cfg_read_int(p, st->argv[2], -254, 254, &w) || w > lim ||
	    w < -lim) {
		if (kw->min == TRACK_IF)
			cfg_report(p, CFG_GENERAL_ERROR, "(%s) weight %s for %s "
			    "must be between [-253..253] inclusive. "
			    "Ignoring...", owner, st->argv[2], st->argv[0]);
		else
			cfg_report(p, CFG_GENERAL_ERROR, "(%s) track %s %s: "
			    "weight must be between [-%d..%d] inclusive, "
			    "ignoring...", owner, track_word[kw->min],
			    st->argv[0], lim, lim);
		return true;
	}
	t->weight = (int)w;
	t->has_weight = true;
	if (st->argc > 3 && !strcmp(st->argv[3], "reverse"))
		t->reverse = true;
	return true;
}

void
vrrp_kw_track_line(struct cfg_parse *p, const struct cfg_kw *kw,
    const struct cfg_stmt *st)
{
	struct vrrp_track_list *l = CFG_FIELD(p, kw, struct vrrp_track_list);
	struct vrrp_track_ref *t;

	STAILQ_FOREACH(t, l, next) {
		if (!strcmp(t->name, st->argv[0])) {
			cfg_report(p, CFG_GENERAL_ERROR, "(%s) duplicate "
			    "track_%s %s - ignoring", owner_name(p, kw),
			    track_word[kw->min], st->argv[0]);
			return;
		}
	}
	if (!track_check_exists(p, kw, st->argv[0]))
		return;
	t = ARENA_NEW(cfg_arena(p), struct vrrp_track_ref);
	t->name = cfg_strdup(p, st->argv[0]);
	t->loc = cfg_here(p);
	if (!track_weight(p, kw, st, t))
		return;
	STAILQ_INSERT_TAIL(l, t, next);
}

/* --- vrrp_script ----------------------------------------------------- */

static struct vrrp_script_def *
vs(struct cfg_parse *p)
{
	return cfg_obj(p);
}

static void
vs_script(struct cfg_parse *p, const struct cfg_kw *kw,
    const struct cfg_stmt *st)
{
	vs(p)->script = cfg_read_script(p, st, 1);
}

static void
vs_interval(struct cfg_parse *p, const struct cfg_kw *kw,
    const struct cfg_stmt *st)
{
	struct vrrp_script_def *s = vs(p);
	const char *a = cfg_arg(p, st, 1);
	uint64_t n;

	if (a == NULL)
		return;
	if (!cfg_read_uint(p, a, 0, UINT32_MAX / 1000000, &n)) {
		cfg_report(p, CFG_GENERAL_ERROR, "(%s): vrrp script %s '%s' "
		    "invalid - ignoring", s->name, kw->name, a);
		return;
	}
	if (n == 0 && kw->min == 0) {
		cfg_report(p, CFG_GENERAL_ERROR, "(%s): vrrp script interval "
		    "must be greater than 0, setting to 1", s->name);
		n = 1;
	}
	*CFG_FIELD(p, kw, uint64_t) = n * 1000000;
}

static void
vs_weight(struct cfg_parse *p, const struct cfg_kw *kw,
    const struct cfg_stmt *st)
{
	struct vrrp_script_def *s = vs(p);
	const char *a = cfg_arg(p, st, 1);
	int64_t w;

	if (a == NULL)
		return;
	if (!cfg_read_int(p, a, -253, 253, &w)) {
		cfg_report(p, CFG_GENERAL_ERROR, "vrrp_script %s weight %s must "
		    "be in [-253, 253]", s->name, a);
		return;
	}
	s->weight = (int)w;
	s->weight_reverse = st->argc > 2 && !strcmp(st->argv[2], "reverse");
}

static void
vs_rise_fall(struct cfg_parse *p, const struct cfg_kw *kw,
    const struct cfg_stmt *st)
{
	struct vrrp_script_def *s = vs(p);
	const char *a = cfg_arg(p, st, 1);
	int64_t n;

	if (a == NULL)
		return;
	if (!cfg_read_int(p, a, 1, INT32_MAX, &n)) {
		cfg_report(p, CFG_GENERAL_ERROR, "(%s): vrrp script %s value "
		    "'%s' invalid, defaulting to 1", s->name, kw->name, a);
		n = 1;
	}
	*CFG_FIELD(p, kw, int) = (int)n;
}

static void
vs_user(struct cfg_parse *p, const struct cfg_kw *kw,
    const struct cfg_stmt *st)
{
	struct vrrp_script_def *s = vs(p);
	const char *a = cfg_arg(p, st, 1);

	if (a == NULL)
		return;
	s->user = cfg_strdup(p, a);
	s->group = st->argc > 2 ? cfg_strdup(p, st->argv[2]) : NULL;
}

static void
vs_end(struct cfg_parse *p, void *obj)
{
	struct vrrp_script_def *s = obj, *prev;
	struct vrrp_conf_set *set = &cfg_conf(p)->vrrp;

	if (s->script != NULL && s->script->argc > 0)
		return;
	cfg_report(p, CFG_GENERAL_ERROR,
	    "No script set for vrrp_script %s - removing", s->name);
	if (STAILQ_FIRST(&set->scripts) == s) {
		STAILQ_REMOVE_HEAD(&set->scripts, next);
		return;
	}
	STAILQ_FOREACH(prev, &set->scripts, next) {
		if (STAILQ_NEXT(prev, next) == s) {
			STAILQ_REMOVE_AFTER(&set->scripts, prev, next);
			return;
		}
	}
}

#define VS_OFF(f)	offsetof(struct vrrp_script_def, f)

static const struct cfg_kw kw_script[] = {
	{ "fall", vs_rise_fall, NULL, 0, VS_OFF(fall), 0, 0 },
	{ "init_fail", cfg_h_flag, NULL, 0, VS_OFF(init_fail), 0, 0 },
	{ "interval", vs_interval, NULL, 0, VS_OFF(interval_us), 0, 0 },
	{ "rise", vs_rise_fall, NULL, 0, VS_OFF(rise), 0, 0 },
	{ "script", vs_script, NULL, 0, 0, 0, 0 },
	{ "timeout", vs_interval, NULL, 0, VS_OFF(timeout_us), 1, 0 },
	{ "user", vs_user, NULL, 0, 0, 0, 0 },
	{ "weight", vs_weight, NULL, 0, 0, 0, 0 },
};
CFG_BLOCK(vrrp_script_block, "vrrp_script", kw_script, vs_end);

void
vrrp_kw_script(struct cfg_parse *p, const struct cfg_kw *kw,
    const struct cfg_stmt *st)
{
	struct vrrp_script_def *s;
	const char *name = cfg_arg(p, st, 1);

	if (name == NULL)
		return;
	s = ARENA_NEW(cfg_arena(p), struct vrrp_script_def);
	s->name = cfg_strdup(p, name);
	s->loc = cfg_here(p);
	s->interval_us = 1000000;
	s->rise = s->fall = 1;
	STAILQ_INSERT_TAIL(&cfg_conf(p)->vrrp.scripts, s, next);
	cfg_enter(p, s);
}

/* --- track_file ------------------------------------------------------ */

static void
tf_file(struct cfg_parse *p, const struct cfg_kw *kw,
    const struct cfg_stmt *st)
{
	struct vrrp_track_file_conf *t = cfg_obj(p);
	const char *a = cfg_arg(p, st, 1);

	if (a == NULL)
		return;
	if (t->path != NULL) {
		cfg_report(p, CFG_GENERAL_ERROR, "File already set for track "
		    "file %s - ignoring %s", t->name, a);
		return;
	}
	t->path = cfg_strdup(p, a);
}

static void
tf_weight(struct cfg_parse *p, const struct cfg_kw *kw,
    const struct cfg_stmt *st)
{
	struct vrrp_track_file_conf *t = cfg_obj(p);
	const char *a = cfg_arg(p, st, 1);
	int64_t w;

	if (a == NULL)
		return;
	if (t->weight_set) {
		cfg_report(p, CFG_GENERAL_ERROR, "Weight already set for track "
		    "file %s - ignoring %s", t->name, a);
		return;
	}
	if (!cfg_read_int(p, a, -254, 254, &w)) {
		cfg_report(p, CFG_GENERAL_ERROR, "Weight (%s) for track_file %s "
		    "must be between [-254..254] inclusive. Ignoring...", a,
		    t->name);
		return;
	}
	t->weight = (int)w;
	t->weight_set = true;
	t->reverse = st->argc > 2 && !strcmp(st->argv[2], "reverse");
}

static void
tf_init(struct cfg_parse *p, const struct cfg_kw *kw,
    const struct cfg_stmt *st)
{
	struct vrrp_track_file_conf *t = cfg_obj(p);
	char *end;
	int i;

	t->init_file = true;
	t->init_value = 0;
	for (i = 1; i < st->argc; i++) {
		const char *w = st->argv[i];

		if ((w[0] >= '0' && w[0] <= '9') || w[0] == '-') {
			t->init_value = strtol(w, &end, 0);
			if (*end != '\0') {
				cfg_report(p, CFG_GENERAL_ERROR, "Track file %s "
				    "init weight %s is invalid", t->name, w);
				t->init_value = 0;
			}
		} else if (!strcmp(w, "overwrite"))
			t->init_overwrite = true;
		else
			cfg_report(p, CFG_GENERAL_ERROR,
			    "Unknown track file init option %s", w);
	}
}

static void
tf_end(struct cfg_parse *p, void *obj)
{
	struct vrrp_track_file_conf *t = obj, *prev;
	struct vrrp_conf_set *set = &cfg_conf(p)->vrrp;

	if (t->path != NULL)
		return;
	cfg_report(p, CFG_GENERAL_ERROR,
	    "No file set for track_file %s - ignoring", t->name);
	if (STAILQ_FIRST(&set->track_files) == t) {
		STAILQ_REMOVE_HEAD(&set->track_files, next);
		return;
	}
	STAILQ_FOREACH(prev, &set->track_files, next) {
		if (STAILQ_NEXT(prev, next) == t) {
			STAILQ_REMOVE_AFTER(&set->track_files, prev, next);
			return;
		}
	}
}

static const struct cfg_kw kw_track_file[] = {
	{ "file", tf_file, NULL, 0, 0, 0, 0 },
	{ "init_file", tf_init, NULL, 0, 0, 0, 0 },
	{ "weight", tf_weight, NULL, 0, 0, 0, 0 },
};
CFG_BLOCK(vrrp_track_file_block, "track_file", kw_track_file, tf_end);

void
vrrp_kw_track_file(struct cfg_parse *p, const struct cfg_kw *kw,
    const struct cfg_stmt *st)
{
	struct vrrp_track_file_conf *t;
	const char *name = cfg_arg(p, st, 1);

	if (name == NULL)
		return;
	t = ARENA_NEW(cfg_arena(p), struct vrrp_track_file_conf);
	t->name = cfg_strdup(p, name);
	t->loc = cfg_here(p);
	t->weight = 1;
	STAILQ_INSERT_TAIL(&cfg_conf(p)->vrrp.track_files, t, next);
	cfg_enter(p, t);
}

/* --- vrrp_track_process ---------------------------------------------- */

#define TP_OFF(f)	offsetof(struct vrrp_track_process_conf, f)

/* keepalived: arguments after the process name imply full_command and,
 * unless param_match says otherwise, an exact match of them. */
static void
tp_process(struct cfg_parse *p, const struct cfg_kw *kw,
    const struct cfg_stmt *st)
{
	struct vrrp_track_process_conf *t = cfg_obj(p);
	size_t len = 0;
	char *buf;
	int i;

	if (cfg_arg(p, st, 1) == NULL)
		return;
	if (t->process != NULL) {
		cfg_report(p, CFG_GENERAL_ERROR, "Process already set for "
		    "track process %s - ignoring %s", t->name, st->argv[1]);
		return;
	}
	t->process = cfg_strdup(p, st->argv[1]);
	if (st->argc < 3)
		return;
	for (i = 2; i < st->argc; i++)
		len += strlen(st->argv[i]) + 1;
	buf = arena_alloc(cfg_arena(p), len);
	for (i = 2; i < st->argc; i++) {
		if (i > 2)
			strncat(buf, " ", len - strlen(buf) - 1);
		strncat(buf, st->argv[i], len - strlen(buf) - 1);
	}
	t->params = buf;
	if (t->param_match == VRRP_PARAM_MATCH_NONE)
		t->param_match = VRRP_PARAM_MATCH_EXACT;
	t->full_command = true;
}

/* No argument: exact.  Any valid one turns on full_command. */
static void
tp_param_match(struct cfg_parse *p, const struct cfg_kw *kw,
    const struct cfg_stmt *st)
{
	struct vrrp_track_process_conf *t = cfg_obj(p);
	const char *a = st->argc > 1 ? st->argv[1] : NULL;

	if (a == NULL)
		t->param_match = VRRP_PARAM_MATCH_EXACT;
	else if (!strcmp(a, "initial"))
		t->param_match = VRRP_PARAM_MATCH_INITIAL;
	else if (!strcmp(a, "partial"))
		t->param_match = VRRP_PARAM_MATCH_PARTIAL;
	else {
		cfg_report(p, CFG_GENERAL_ERROR,
		    "Invalid param_match type %s - ignoring", a);
		return;
	}
	t->full_command = true;
}

/* keepalived takes the first non-zero weight; an unknown option after
 * it is reported and the weight kept. */
static void
tp_weight(struct cfg_parse *p, const struct cfg_kw *kw,
    const struct cfg_stmt *st)
{
	struct vrrp_track_process_conf *t = cfg_obj(p);
	int64_t w;

	if (st->argc < 2) {
		cfg_report(p, CFG_GENERAL_ERROR, "No weight specified for "
		    "track process %s - ignoring", t->name);
		return;
	}
	if (t->weight != 0) {
		cfg_report(p, CFG_GENERAL_ERROR, "Weight already set for "
		    "track process %s - ignoring %s", t->name, st->argv[1]);
		return;
	}
	if (!cfg_read_int(p, st->argv[1], -254, 254, &w)) {
		cfg_report(p, CFG_GENERAL_ERROR, "Weight (%s) for "
		    "vrrp_track_process %s must be between [-254..254] "
		    "inclusive. Ignoring...", st->argv[1], t->name);
		return;
	}
	if (st->argc > 2) {
		if (!strcmp(st->argv[2], "reverse"))
			t->reverse = true;
		else
			cfg_report(p, CFG_GENERAL_ERROR, "vrrp_track_process "
			    "%s unknown weight option %s", t->name,
			    st->argv[2]);
	}
	t->weight = (int)w;
}

static void
tp_quorum(struct cfg_parse *p, const struct cfg_kw *kw,
    const struct cfg_stmt *st)
{
	struct vrrp_track_process_conf *t = cfg_obj(p);
	const char *a = cfg_arg(p, st, 1);
	uint64_t n;

	if (a == NULL)
		return;
	if (!cfg_read_uint(p, a, 1, 65535, &n)) {
		cfg_report(p, CFG_GENERAL_ERROR, "Quorum (%s) for "
		    "vrrp_track_process %s must be between [1..65535] "
		    "inclusive. Ignoring...", a, t->name);
		return;
	}
	if (n > t->quorum_max) {
		cfg_report(p, CFG_GENERAL_ERROR,
		    "Quorum is greater than quorum_max - ignoring");
		return;
	}
	t->quorum = (unsigned)n;
}

/* quorum_max 0 (allowed while quorum is not above 1): quorum only while
 * no process runs. */
static void
tp_quorum_max(struct cfg_parse *p, const struct cfg_kw *kw,
    const struct cfg_stmt *st)
{
	struct vrrp_track_process_conf *t = cfg_obj(p);
	const char *a = cfg_arg(p, st, 1);
	uint64_t n;

	if (a == NULL)
		return;
	if (!cfg_read_uint(p, a, 0, 65535, &n)) {
		cfg_report(p, CFG_GENERAL_ERROR, "quorum_max (%s) for "
		    "vrrp_track_process %s must be between [0..65535] "
		    "inclusive. Ignoring...", a, t->name);
		return;
	}
	if ((n != 0 || t->quorum > 1) && n < t->quorum) {
		cfg_report(p, CFG_GENERAL_ERROR,
		    "quorum_max is less than quorum - ignoring");
		return;
	}
	t->quorum_max = (unsigned)n;
	if (n == 0)
		t->quorum = 0;
	else if (t->quorum == 0)
		t->quorum = 1;
}

/* delay sets both delays; the last statement wins, as keepalived. */
static void
tp_delay(struct cfg_parse *p, const struct cfg_kw *kw,
    const struct cfg_stmt *st)
{
	struct vrrp_track_process_conf *t = cfg_obj(p);
	const char *a = cfg_arg(p, st, 1);
	uint64_t us;

	if (a == NULL)
		return;
	if (!cfg_read_timer(p, a, 1, 3600000000ULL, &us)) {
		cfg_report(p, CFG_GENERAL_ERROR, "%s (%s) for vrrp_track_process"
		    " %s must be between [0.000001..3600] inclusive. "
		    "Ignoring...", kw->name, a, t->name);
		return;
	}
	*CFG_FIELD(p, kw, uint64_t) = us;
	if (kw->off == TP_OFF(delay_us))
		t->terminate_delay_us = t->fork_delay_us = us;
}

static void
tp_end(struct cfg_parse *p, void *obj)
{
	struct vrrp_track_process_conf *t = obj, *prev;
	struct vrrp_conf_set *set = &cfg_conf(p)->vrrp;

	if (t->process != NULL)
		return;
	cfg_report(p, CFG_GENERAL_ERROR,
	    "track process '%s' process name not specified", t->name);
	if (STAILQ_FIRST(&set->track_processes) == t) {
		STAILQ_REMOVE_HEAD(&set->track_processes, next);
		return;
	}
	STAILQ_FOREACH(prev, &set->track_processes, next) {
		if (STAILQ_NEXT(prev, next) == t) {
			STAILQ_REMOVE_AFTER(&set->track_processes, prev, next);
			return;
		}
	}
}

static const struct cfg_kw kw_track_process[] = {
	{ "delay", tp_delay, NULL, 0, TP_OFF(delay_us), 0, 0 },
	{ "fork_delay", tp_delay, NULL, 0, TP_OFF(fork_delay_us), 0, 0 },
	{ "full_command", cfg_h_flag, NULL, 0, TP_OFF(full_command), 0, 0 },
	{ "param_match", tp_param_match, NULL, 0, 0, 0, 0 },
	{ "process", tp_process, NULL, 0, 0, 0, 0 },
	{ "quorum", tp_quorum, NULL, 0, 0, 0, 0 },
	{ "quorum_max", tp_quorum_max, NULL, 0, 0, 0, 0 },
	{ "terminate_delay", tp_delay, NULL, 0, TP_OFF(terminate_delay_us),
	    0, 0 },
	{ "weight", tp_weight, NULL, 0, 0, 0, 0 },
};
CFG_BLOCK(vrrp_track_process_block, "vrrp_track_process", kw_track_process,
    tp_end);

void
vrrp_kw_track_process(struct cfg_parse *p, const struct cfg_kw *kw,
    const struct cfg_stmt *st)
{
	struct vrrp_track_process_conf *t;
	const char *name = cfg_arg(p, st, 1);

	if (name == NULL)
		return;
	t = ARENA_NEW(cfg_arena(p), struct vrrp_track_process_conf);
	t->name = cfg_strdup(p, name);
	t->loc = cfg_here(p);
	t->quorum = 1;
	t->quorum_max = UINT_MAX;
	STAILQ_INSERT_TAIL(&cfg_conf(p)->vrrp.track_processes, t, next);
	cfg_enter(p, t);
}

/* --- bfd_instance ---------------------------------------------------- */

#define BFD_OFF(f)	offsetof(struct vrrp_bfd_conf, f)

static void
bfd_addr(struct cfg_parse *p, const struct cfg_kw *kw,
    const struct cfg_stmt *st)
{
	const char *a = cfg_arg(p, st, 1);
	struct addr x;

	if (a != NULL && addr_parse_host(a, &x) == 0)
		*CFG_FIELD(p, kw, struct addr) = x;
}

/* The BFD process validates these; -t keeps quiet about them. */
static void
bfd_uint(struct cfg_parse *p, const struct cfg_kw *kw,
    const struct cfg_stmt *st)
{
	const char *a = cfg_arg(p, st, 1);
	char *end;
	unsigned long n;

	if (a == NULL)
		return;
	n = strtoul(a, &end, 10);
	if (*end == '\0' && n <= (unsigned long)kw->max)
		*CFG_FIELD(p, kw, unsigned) = (unsigned)n;
}

static void
bfd_int(struct cfg_parse *p, const struct cfg_kw *kw,
    const struct cfg_stmt *st)
{
	const char *a = cfg_arg(p, st, 1);
	char *end;
	long n;

	if (a == NULL)
		return;
	n = strtol(a, &end, 10);
	if (*end == '\0' && n >= 0 && n <= kw->max)
		*CFG_FIELD(p, kw, int) = (int)n;
}

static void
bfd_weight(struct cfg_parse *p, const struct cfg_kw *kw,
    const struct cfg_stmt *st)
{
	struct vrrp_bfd_conf *b = cfg_obj(p);
	const char *a = cfg_arg(p, st, 1);
	int64_t w;

	if (a == NULL)
		return;
	if (!cfg_read_int(p, a, -253, 253, &w)) {
		cfg_report(p, CFG_GENERAL_ERROR, "Configuration error: BFD "
		    "instance %s weight value %s not valid (must be in range "
		    "[-253-253]), ignoring", b->name, a);
		return;
	}
	b->weight = (int)w;
	b->reverse = st->argc > 2 && !strcmp(st->argv[2], "reverse");
}

static const struct cfg_kw kw_bfd[] = {
	{ "checker", cfg_h_flag, NULL, 0, BFD_OFF(checker), 0, 0 },
	{ "hoplimit", bfd_int, NULL, 0, BFD_OFF(hoplimit), 0, 255 },
	{ "idle_tx", bfd_uint, NULL, 0, BFD_OFF(idle_tx_ms), 0, 1000000 },
	{ "max_hops", bfd_uint, NULL, 0, BFD_OFF(max_hops), 0, 255 },
	{ "min_rx", bfd_uint, NULL, 0, BFD_OFF(min_rx_ms), 0, 1000000 },
	{ "min_tx", bfd_uint, NULL, 0, BFD_OFF(min_tx_ms), 0, 1000000 },
	{ "multiplier", bfd_uint, NULL, 0, BFD_OFF(multiplier), 0, 255 },
	{ "neighbor_ip", bfd_addr, NULL, 0, BFD_OFF(neighbor), 0, 0 },
	{ "neighbour_ip", bfd_addr, NULL, 0, BFD_OFF(neighbor), 0, 0 },
	{ "passive", cfg_h_flag, NULL, 0, BFD_OFF(passive), 0, 0 },
	{ "source_ip", bfd_addr, NULL, 0, BFD_OFF(source), 0, 0 },
	{ "ttl", bfd_int, NULL, 0, BFD_OFF(ttl), 0, 255 },
	{ "vrrp", cfg_h_flag, NULL, 0, BFD_OFF(vrrp), 0, 0 },
	{ "weight", bfd_weight, NULL, 0, 0, 0, 0 },
};
CFG_BLOCK(vrrp_bfd_block, "bfd_instance", kw_bfd, NULL);

void
vrrp_kw_bfd(struct cfg_parse *p, const struct cfg_kw *kw,
    const struct cfg_stmt *st)
{
	struct vrrp_bfd_conf *b;
	const char *name = cfg_arg(p, st, 1);

	if (name == NULL)
		return;
	b = ARENA_NEW(cfg_arena(p), struct vrrp_bfd_conf);
	b->name = cfg_strdup(p, name);
	b->loc = cfg_here(p);
	b->min_rx_ms = b->min_tx_ms = 10;
	b->idle_tx_ms = 1000;
	b->multiplier = 5;
	b->ttl = b->hoplimit = -1;
	STAILQ_INSERT_TAIL(&cfg_conf(p)->vrrp.bfds, b, next);
	cfg_enter(p, b);
}

/* --- garp_group ------------------------------------------------------ */

static void
gg_interval(struct cfg_parse *p, const struct cfg_kw *kw,
    const struct cfg_stmt *st)
{
	struct vrrp_garp_group_conf *g = cfg_obj(p);
	const char *a = cfg_arg(p, st, 1);
	uint64_t us;

	if (a == NULL || !cfg_read_timer(p, a, 0, UINT32_MAX, &us))
		return;
	if (kw->min) {
		g->gna_interval_us = us;
		g->have_gna_interval = true;
	} else {
		g->garp_interval_us = us;
		g->have_garp_interval = true;
	}
}

static void
gg_add_if(struct cfg_parse *p, struct vrrp_garp_group_conf *g,
    const char *name)
{
	struct vrrp_name *n = ARENA_NEW(cfg_arena(p), struct vrrp_name);

	n->name = cfg_strdup(p, name);
	n->loc = cfg_here(p);
	STAILQ_INSERT_TAIL(&g->interfaces, n, next);
}

static void
gg_interface(struct cfg_parse *p, const struct cfg_kw *kw,
    const struct cfg_stmt *st)
{
	const char *a = cfg_arg(p, st, 1);

	if (a != NULL)
		gg_add_if(p, cfg_obj(p), a);
}

static void
gg_interfaces(struct cfg_parse *p, const struct cfg_kw *kw,
    const struct cfg_stmt *st)
{
	int i;

	for (i = 0; i < st->argc; i++)
		gg_add_if(p, cfg_obj(p), st->argv[i]);
}

static void
gg_end(struct cfg_parse *p, void *obj)
{
	struct vrrp_garp_group_conf *g = obj, *prev;
	struct vrrp_conf_set *set = &cfg_conf(p)->vrrp;

	if (g->have_garp_interval || g->have_gna_interval)
		return;
	cfg_report(p, CFG_GENERAL_ERROR, "garp group %d does not have any "
	    "delay set - removing", 0);
	if (STAILQ_FIRST(&set->garp_groups) == g) {
		STAILQ_REMOVE_HEAD(&set->garp_groups, next);
		return;
	}
	STAILQ_FOREACH(prev, &set->garp_groups, next) {
		if (STAILQ_NEXT(prev, next) == g) {
			STAILQ_REMOVE_AFTER(&set->garp_groups, prev, next);
			return;
		}
	}
}

static const struct cfg_kw kw_garp_group[] = {
	{ "garp_interval", gg_interval, NULL, 0, 0, 0, 0 },
	{ "gna_interval", gg_interval, NULL, 0, 0, 1, 0 },
	{ "interface", gg_interface, NULL, 0, 0, 0, 0 },
	{ "interfaces", gg_interfaces, NULL, CFG_KW_VALUES, 0, 0, 0 },
};
CFG_BLOCK(vrrp_garp_group_block, "garp_group", kw_garp_group, gg_end);

void
vrrp_kw_garp_group(struct cfg_parse *p, const struct cfg_kw *kw,
    const struct cfg_stmt *st)
{
	struct vrrp_garp_group_conf *g;

	g = ARENA_NEW(cfg_arena(p), struct vrrp_garp_group_conf);
	g->loc = cfg_here(p);
	STAILQ_INIT(&g->interfaces);
	STAILQ_INSERT_TAIL(&cfg_conf(p)->vrrp.garp_groups, g, next);
	cfg_enter(p, g);
}

/* --- track_group ----------------------------------------------------- */

static void
tg_group(struct cfg_parse *p, const struct cfg_kw *kw,
    const struct cfg_stmt *st)
{
	struct vrrp_track_group_conf *g = cfg_obj(p);
	struct vrrp_name *n;
	int i;

	g->has_group = true;
	for (i = 0; i < st->argc; i++) {
		n = ARENA_NEW(cfg_arena(p), struct vrrp_name);
		n->name = cfg_strdup(p, st->argv[i]);
		n->loc = cfg_here(p);
		STAILQ_INSERT_TAIL(&g->members, n, next);
	}
}

static const struct cfg_kw kw_track_group[] = {
	{ "group", tg_group, NULL, CFG_KW_VALUES, 0, 0, 0 },
};
CFG_BLOCK(vrrp_track_group_block, "track_group", kw_track_group, NULL);

void
vrrp_kw_track_group(struct cfg_parse *p, const struct cfg_kw *kw,
    const struct cfg_stmt *st)
{
	struct vrrp_track_group_conf *g;
	struct vrrp_conf_set *set = &cfg_conf(p)->vrrp;

	if (st->argc != 2) {
		cfg_report(p, CFG_GENERAL_ERROR,
		    "track_group must have a name - skipping");
		cfg_skip_block(p);
		return;
	}
	STAILQ_FOREACH(g, &set->track_groups, next) {
		if (!strcmp(g->name, st->argv[1])) {
			cfg_report(p, CFG_GENERAL_ERROR,
			    "track_group %s already defined", st->argv[1]);
			cfg_skip_block(p);
			return;
		}
	}
	g = ARENA_NEW(cfg_arena(p), struct vrrp_track_group_conf);
	g->name = cfg_strdup(p, st->argv[1]);
	g->loc = cfg_here(p);
	STAILQ_INIT(&g->members);
	STAILQ_INSERT_TAIL(&set->track_groups, g, next);
	cfg_enter(p, g);
}

/* --- interface_up_down_delays, linkbeat_interfaces ------------------- */

void
vrrp_kw_if_delay(struct cfg_parse *p, const struct cfg_kw *kw,
    const struct cfg_stmt *st)
{
	struct vrrp_if_conf *d;
	uint64_t down = 0, up = 0;

	if (st->argc < 2)
		return;
	if (!cfg_read_timer(p, st->argv[1], 0, 255000000, &down))
		return;
	if (st->argc > 2 && !cfg_read_timer(p, st->argv[2], 0, 255000000,
	    &up))
		return;
	d = ARENA_NEW(cfg_arena(p), struct vrrp_if_conf);
	d->ifname = cfg_strdup(p, st->argv[0]);
	d->loc = cfg_here(p);
	d->down_delay = (unsigned)(down / 1000000);
	d->up_delay = (unsigned)(up / 1000000);
	STAILQ_INSERT_TAIL(&cfg_conf(p)->vrrp.if_delays, d, next);
}

void
vrrp_kw_linkbeat_if(struct cfg_parse *p, const struct cfg_kw *kw,
    const struct cfg_stmt *st)
{
	struct vrrp_if_conf *d;
	const char *type = NULL;

	if (st->argc > 1) {
		if (!strcmp(st->argv[1], "MII") ||
		    !strcmp(st->argv[1], "ETHTOOL") ||
		    !strcmp(st->argv[1], "IOCTL"))
			type = st->argv[1];
		else
			cfg_report(p, CFG_GENERAL_ERROR, "extra characters %s "
			    "in linkbeat interface", st->argv[1]);
	}
	d = ARENA_NEW(cfg_arena(p), struct vrrp_if_conf);
	d->ifname = cfg_strdup(p, st->argv[0]);
	d->loc = cfg_here(p);
	d->linkbeat_type = cfg_strdup(p, type);
	STAILQ_INSERT_TAIL(&cfg_conf(p)->vrrp.linkbeat_ifs, d, next);
}
