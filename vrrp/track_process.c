/*
 * track_process: the pure core of vrrp_track_process (see the header).
 * The matcher and the counter follow keepalived 2.2.7's check_params(),
 * check_process(), check_process_fork(), check_process_termination()
 * and their two timers, with the timers turned into deadlines.  Pids are
 * kept as a sorted array of (pid, block) pairs: few processes match, and
 * a lookup is a binary search.
 */
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "track_process.h"
#include "xalloc.h"

/* The parser already applied keepalived's implications (arguments and
 * param_match turn on full_command; arguments default to an exact
 * match; delay sets both delays); the arguments are kept joined by
 * blanks there. */
void
vrrp_tproc_init(struct vrrp_tproc *tp,
    const struct vrrp_track_process_conf *c)
{
	size_t i, n;

	memset(tp, 0, sizeof(*tp));
	tp->conf = c;
	tp->name = c->name;
	tp->process = c->process != NULL ? c->process : "";
	tp->pm = c->param_match;
	tp->full_command = c->full_command;
	if (c->params != NULL) {
		n = strlen(c->params) + 1;
		tp->params = xmalloc(n);
		memcpy(tp->params, c->params, n);
		for (i = 0; i < n; i++)
			if (tp->params[i] == ' ')
				tp->params[i] = '\0';
		tp->params_len = n;
	}
	tp->quorum = c->quorum;
	tp->quorum_max = c->quorum_max;
	tp->fork_delay_us = c->fork_delay_us;
	tp->terminate_delay_us = c->terminate_delay_us;
	tp->fork_at = tp->term_at = VRRP_TPROC_NONE;
}

void
vrrp_tproc_fini(struct vrrp_tproc *tp)
{
	free(tp->params);
	tp->params = NULL;
}

/* keepalived's check_params over the arguments after argv[0]. */
static bool
tproc_params(const struct vrrp_tproc *tp, const char *p, size_t len)
{
	if (tp->pm == VRRP_PARAM_MATCH_EXACT && tp->params_len == 0 &&
	    len == 0)
		return true;
	if (len < tp->params_len)
		return false;
	if (tp->pm == VRRP_PARAM_MATCH_EXACT)
		return len == tp->params_len &&
		    (tp->params_len == 0 ||
		    memcmp(p, tp->params, tp->params_len) == 0);
	if (tp->params_len == 0)
		return true;
	if (tp->pm == VRRP_PARAM_MATCH_PARTIAL)
		return memcmp(p, tp->params, tp->params_len) == 0;
	return tp->params_len == 1 ||
	    memcmp(p, tp->params, tp->params_len - 1) == 0;
}

bool
vrrp_tproc_match(const struct vrrp_tproc *tp, const char *comm,
    const char *cmdline, size_t len)
{
	size_t n;

	if (!tp->full_command)
		return comm != NULL && strcmp(comm, tp->process) == 0;
	if (cmdline == NULL || len == 0)
		return false;
	n = strnlen(cmdline, len);
	if (n == len || strcmp(cmdline, tp->process) != 0)
		return false;	/* argv[0] not NUL-ended: truncated */
	if (tp->pm == VRRP_PARAM_MATCH_NONE)
		return true;
	return tproc_params(tp, cmdline + n + 1, len - n - 1);
}

/* --- the counter ------------------------------------------------------------ */

bool
vrrp_tproc_in_quorum(const struct vrrp_tproc *tp)
{
	return tp->num >= tp->quorum && tp->num <= tp->quorum_max;
}

static bool
tproc_status(struct vrrp_tproc *tp, bool up)
{
	if (tp->have_quorum == up)
		return false;
	tp->have_quorum = up;
	return true;
}

/* A process now matches (exec, comm change): no fork_delay; a pending
 * terminate_delay is cancelled. */
bool
vrrp_tproc_count_add(struct vrrp_tproc *tp, uint64_t now)
{
	(void)now;
	tp->num++;
	if (tp->num != tp->quorum && tp->num != tp->quorum_max + 1U)
		return false;
	tp->term_at = VRRP_TPROC_NONE;
	return tproc_status(tp, tp->num == tp->quorum);
}

/* A counted process forked: the child counts, after fork_delay. */
bool
vrrp_tproc_count_fork(struct vrrp_tproc *tp, uint64_t now)
{
	tp->num++;
	if (tp->num != tp->quorum && tp->num != tp->quorum_max + 1U)
		return false;
	if (tp->term_at != VRRP_TPROC_NONE)
		tp->term_at = VRRP_TPROC_NONE;
	else if (tp->fork_delay_us != 0) {
		tp->fork_at = now + tp->fork_delay_us;
		return false;
	}
	return tproc_status(tp, tp->num == tp->quorum);
}

/* A counted process exited: after terminate_delay. */
bool
vrrp_tproc_count_exit(struct vrrp_tproc *tp, uint64_t now)
{
	unsigned was = tp->num;

	if (tp->num == 0)
		return false;
	tp->num--;
	if (was != tp->quorum && tp->num != tp->quorum_max)
		return false;
	if (tp->fork_at != VRRP_TPROC_NONE)
		tp->fork_at = VRRP_TPROC_NONE;
	else if (tp->terminate_delay_us != 0) {
		tp->term_at = now + tp->terminate_delay_us;
		return false;
	}
	return tproc_status(tp, tp->num == tp->quorum_max);
}

/* A counted process no longer matches (exec, comm change): at once. */
bool
vrrp_tproc_count_remove(struct vrrp_tproc *tp, uint64_t now)
{
	unsigned was = tp->num;

	(void)now;
	if (tp->num == 0)
		return false;
	tp->num--;
	if (was != tp->quorum && tp->num != tp->quorum_max)
		return false;
	tp->fork_at = VRRP_TPROC_NONE;
	return tproc_status(tp, tp->num == tp->quorum_max);
}

bool
vrrp_tproc_count_expire(struct vrrp_tproc *tp, uint64_t now)
{
	bool fire = false;

	if (tp->fork_at != VRRP_TPROC_NONE && tp->fork_at <= now) {
		tp->fork_at = VRRP_TPROC_NONE;
		fire = true;
	}
	if (tp->term_at != VRRP_TPROC_NONE && tp->term_at <= now) {
		tp->term_at = VRRP_TPROC_NONE;
		fire = true;
	}
	return fire && tproc_status(tp, vrrp_tproc_in_quorum(tp));
}

/* --- the set of blocks and their pids -------------------------------------- */

void
vrrp_tproc_set_init(struct vrrp_tproc_set *s,
    const struct vrrp_track_process_list *l)
{
	const struct vrrp_track_process_conf *c;
	size_t n = 0;

	memset(s, 0, sizeof(*s));
	STAILQ_FOREACH(c, l, next)
		n++;
	if (n == 0)
		return;
	s->tps = xcalloc(n, sizeof(*s->tps));
	STAILQ_FOREACH(c, l, next)
		vrrp_tproc_init(&s->tps[s->ntps++], c);
}

void
vrrp_tproc_set_fini(struct vrrp_tproc_set *s)
{
	size_t i;

	for (i = 0; i < s->ntps; i++)
		vrrp_tproc_fini(&s->tps[i]);
	free(s->tps);
	free(s->refs);
	memset(s, 0, sizeof(*s));
}

struct vrrp_tproc *
vrrp_tproc_set_find(struct vrrp_tproc_set *s, const char *name)
{
	size_t i;

	for (i = 0; i < s->ntps; i++)
		if (strcmp(s->tps[i].name, name) == 0)
			return &s->tps[i];
	return NULL;
}

/* Index of the first ref >= (pid, tp). */
static size_t
ref_lower(const struct vrrp_tproc_set *s, pid_t pid, unsigned tp)
{
	size_t lo = 0, hi = s->nrefs, mid;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (s->refs[mid].pid < pid ||
		    (s->refs[mid].pid == pid && s->refs[mid].tp < tp))
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

static bool
ref_has(const struct vrrp_tproc_set *s, pid_t pid, unsigned tp)
{
	size_t i = ref_lower(s, pid, tp);

	return i < s->nrefs && s->refs[i].pid == pid && s->refs[i].tp == tp;
}

static void
ref_add(struct vrrp_tproc_set *s, pid_t pid, unsigned tp)
{
	size_t i = ref_lower(s, pid, tp);

	if (s->nrefs == s->cap) {
		s->cap = s->cap == 0 ? 16 : s->cap * 2;
		s->refs = xreallocarray(s->refs, s->cap, sizeof(*s->refs));
	}
	memmove(&s->refs[i + 1], &s->refs[i],
	    (s->nrefs - i) * sizeof(*s->refs));
	s->refs[i].pid = pid;
	s->refs[i].tp = tp;
	s->nrefs++;
}

static void
ref_del(struct vrrp_tproc_set *s, pid_t pid, unsigned tp)
{
	size_t i = ref_lower(s, pid, tp);

	if (i >= s->nrefs || s->refs[i].pid != pid || s->refs[i].tp != tp)
		return;
	memmove(&s->refs[i], &s->refs[i + 1],
	    (s->nrefs - i - 1) * sizeof(*s->refs));
	s->nrefs--;
}

static void
set_changed(struct vrrp_tproc_set *s, unsigned i, bool changed)
{
	if (changed && s->changed != NULL)
		s->changed(s->arg, &s->tps[i]);
}

/* keepalived's check_process: comm NULL for an exec (every block is
 * judged), set for a comm change (only the blocks matching on comm). */
static void
set_judge(struct vrrp_tproc_set *s, pid_t pid, const char *comm,
    const char *cmdline, size_t len, bool comm_only, uint64_t now)
{
	struct vrrp_tproc *tp;
	bool had, match;
	unsigned i;

	for (i = 0; i < s->ntps; i++) {
		tp = &s->tps[i];
		if (comm_only && tp->full_command)
			continue;
		had = ref_has(s, pid, i);
		match = vrrp_tproc_match(tp, comm, cmdline, len);
		if (match && !had) {
			ref_add(s, pid, i);
			set_changed(s, i, vrrp_tproc_count_add(tp, now));
		} else if (!match && had) {
			ref_del(s, pid, i);
			set_changed(s, i, vrrp_tproc_count_remove(tp, now));
		}
	}
}

void
vrrp_tproc_set_exec(struct vrrp_tproc_set *s, pid_t pid, const char *comm,
    const char *cmdline, size_t len, uint64_t now)
{
	set_judge(s, pid, comm, cmdline, len, false, now);
}

void
vrrp_tproc_set_comm(struct vrrp_tproc_set *s, pid_t pid, const char *comm,
    uint64_t now)
{
	set_judge(s, pid, comm, NULL, 0, true, now);
}

void
vrrp_tproc_set_fork(struct vrrp_tproc_set *s, pid_t parent, pid_t child,
    uint64_t now)
{
	size_t i;
	unsigned tp;

	i = ref_lower(s, parent, 0);
	while (i < s->nrefs && s->refs[i].pid == parent) {
		tp = s->refs[i].tp;
		if (!ref_has(s, child, tp)) {
			ref_add(s, child, tp);
			set_changed(s, tp,
			    vrrp_tproc_count_fork(&s->tps[tp], now));
		}
		/* the insert may have moved the parent's refs */
		i = ref_lower(s, parent, tp + 1);
	}
}

void
vrrp_tproc_set_exit(struct vrrp_tproc_set *s, pid_t pid, uint64_t now)
{
	size_t i;
	unsigned tp;

	i = ref_lower(s, pid, 0);
	while (i < s->nrefs && s->refs[i].pid == pid) {
		tp = s->refs[i].tp;
		ref_del(s, pid, tp);
		set_changed(s, tp, vrrp_tproc_count_exit(&s->tps[tp], now));
	}
}

void
vrrp_tproc_set_rescan_begin(struct vrrp_tproc_set *s)
{
	size_t i;

	s->nrefs = 0;
	for (i = 0; i < s->ntps; i++) {
		s->tps[i].saved_num = s->tps[i].num;
		s->tps[i].num = 0;
	}
}

void
vrrp_tproc_set_scan(struct vrrp_tproc_set *s, pid_t pid, const char *comm,
    const char *cmdline, size_t len)
{
	unsigned i;

	for (i = 0; i < s->ntps; i++) {
		if (!vrrp_tproc_match(&s->tps[i], comm, cmdline, len) ||
		    ref_has(s, pid, i))
			continue;
		ref_add(s, pid, i);
		s->tps[i].num++;
	}
}

/*
 * A crossing found by a rescan goes through the delays as an event
 * would: gained after fork_delay, lost after terminate_delay.  A delay
 * already running for the same crossing keeps its deadline (the /proc
 * poll rescans often); one for a crossing no longer seen is dropped.
 */
static void
set_rescan_one(struct vrrp_tproc_set *s, unsigned i, uint64_t now)
{
	struct vrrp_tproc *tp = &s->tps[i];
	bool in = vrrp_tproc_in_quorum(tp);

	if (in == tp->have_quorum) {
		tp->fork_at = tp->term_at = VRRP_TPROC_NONE;
		return;
	}
	if (in) {
		tp->term_at = VRRP_TPROC_NONE;
		if (tp->fork_delay_us == 0)
			set_changed(s, i, tproc_status(tp, true));
		else if (tp->fork_at == VRRP_TPROC_NONE)
			tp->fork_at = now + tp->fork_delay_us;
		return;
	}
	tp->fork_at = VRRP_TPROC_NONE;
	if (tp->terminate_delay_us == 0)
		set_changed(s, i, tproc_status(tp, false));
	else if (tp->term_at == VRRP_TPROC_NONE)
		tp->term_at = now + tp->terminate_delay_us;
}

void
vrrp_tproc_set_rescan_end(struct vrrp_tproc_set *s, uint64_t now)
{
	size_t i;

	for (i = 0; i < s->ntps; i++)
		set_rescan_one(s, (unsigned)i, now);
}

void
vrrp_tproc_set_load(struct vrrp_tproc_set *s)
{
	size_t i;

	for (i = 0; i < s->ntps; i++)
		s->tps[i].have_quorum = vrrp_tproc_in_quorum(&s->tps[i]);
}

void
vrrp_tproc_set_tick(struct vrrp_tproc_set *s, uint64_t now)
{
	size_t i;

	for (i = 0; i < s->ntps; i++)
		set_changed(s, (unsigned)i,
		    vrrp_tproc_count_expire(&s->tps[i], now));
}

uint64_t
vrrp_tproc_set_next(const struct vrrp_tproc_set *s)
{
	uint64_t next = VRRP_TPROC_NONE;
	size_t i;

	for (i = 0; i < s->ntps; i++) {
		if (s->tps[i].fork_at < next)
			next = s->tps[i].fork_at;
		if (s->tps[i].term_at < next)
			next = s->tps[i].term_at;
	}
	return next;
}

size_t
vrrp_tproc_set_npids(const struct vrrp_tproc_set *s, unsigned tp)
{
	size_t i, n = 0;

	for (i = 0; i < s->nrefs; i++)
		if (s->refs[i].tp == tp)
			n++;
	return n;
}
