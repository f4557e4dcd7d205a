/*
 * relay: sorted arrays keyed as the checker names its real servers.
 * Lookups are binary searches; an insert moves the tail, which is cheap
 * next to the health checks that produce the updates.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "relay.h"
#include "xalloc.h"

struct relay {
	struct ipc_rs_state	*rs;
	size_t			 nrs, rs_cap;
	struct ipc_vrrp_state	*vr;
	size_t			 nvr, vr_cap;
	struct ipc_bfd_state	*bfd;
	size_t			 nbfd, bfd_cap;
};

struct relay *
relay_new(void)
{
	return xcalloc(1, sizeof(struct relay));
}

void
relay_free(struct relay *r)
{
	if (r == NULL)
		return;
	free(r->rs);
	free(r->vr);
	free(r->bfd);
	free(r);
}

static size_t
addr_len(uint8_t family)
{
	return family == AF_INET6 ? 16 : 4;
}

int
relay_rs_cmp(const struct ipc_rs_state *a, const struct ipc_rs_state *b)
{
	int c;

	if ((c = strncmp(a->vs, b->vs, sizeof(a->vs))) != 0)
		return c;
	if (a->family != b->family)
		return a->family < b->family ? -1 : 1;
	if ((c = memcmp(a->addr, b->addr, addr_len(a->family))) != 0)
		return c;
	if (a->port != b->port)
		return a->port < b->port ? -1 : 1;
	return 0;
}

/* Index of key, or of where it would go; *found says which. */
static size_t
rs_search(const struct relay *r, const struct ipc_rs_state *key,
    bool *found)
{
	size_t lo = 0, hi = r->nrs, mid;
	int c;

	*found = false;
	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		c = relay_rs_cmp(key, &r->rs[mid]);
		if (c == 0) {
			*found = true;
			return mid;
		}
		if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return lo;
}

/* What the VRRP child acts on: health, weight and replication facts
 * (the reason text alone is not worth a message). */
static bool
rs_same(const struct ipc_rs_state *a, const struct ipc_rs_state *b)
{
	return a->up == b->up && a->weight == b->weight &&
	    a->checked == b->checked && a->repl == b->repl &&
	    a->repl_threads == b->repl_threads && a->lag == b->lag;
}

/*
 * Replication facts (enum ipc_repl) come from the MYSQL_CHECK's own
 * messages; a message without them (repl NONE: a change of health told
 * by the checker engine) keeps those of the previous one.  The VRRP
 * child merges the same way, so both hold the same facts.
 */
static void
rs_merge(struct ipc_rs_state *rs, const struct ipc_rs_state *old)
{
	if (rs->repl != IPC_REPL_NONE)
		return;
	rs->repl = old->repl;
	rs->repl_threads = old->repl_threads;
	rs->lag = old->lag;
}

int
relay_rs_update(struct relay *r, const struct ipc_rs_state *rs)
{
	struct ipc_rs_state cur;
	bool found;
	size_t i;

	i = rs_search(r, rs, &found);
	if (found) {
		cur = *rs;
		rs_merge(&cur, &r->rs[i]);
		if (rs_same(&r->rs[i], &cur))
			return 0;
		r->rs[i] = cur;
		return 1;
	}
	if (r->nrs == r->rs_cap) {
		r->rs_cap = r->rs_cap ? r->rs_cap * 2 : 16;
		r->rs = xreallocarray(r->rs, r->rs_cap, sizeof(*r->rs));
	}
	memmove(&r->rs[i + 1], &r->rs[i], (r->nrs - i) * sizeof(*r->rs));
	r->rs[i] = *rs;
	r->nrs++;
	return 1;
}

const struct ipc_rs_state *
relay_rs_find(const struct relay *r, const struct ipc_rs_state *key)
{
	bool found;
	size_t i;

	i = rs_search(r, key, &found);
	return found ? &r->rs[i] : NULL;
}

size_t
relay_rs_count(const struct relay *r)
{
	return r->nrs;
}

const struct ipc_rs_state *
relay_rs_at(const struct relay *r, size_t i)
{
	return i < r->nrs ? &r->rs[i] : NULL;
}

static struct ipc_vrrp_state *
vr_find(const struct relay *r, const char *name)
{
	size_t i;

	/* Instances are few (one per VRID and interface). */
	for (i = 0; i < r->nvr; i++)
		if (strncmp(r->vr[i].name, name, sizeof(r->vr[i].name)) == 0)
			return &r->vr[i];
	return NULL;
}

int
relay_vrrp_update(struct relay *r, const struct ipc_vrrp_state *vs)
{
	struct ipc_vrrp_state *cur;

	if ((cur = vr_find(r, vs->name)) != NULL) {
		if (cur->state == vs->state && cur->priority == vs->priority)
			return 0;
		*cur = *vs;
		return 1;
	}
	if (r->nvr == r->vr_cap) {
		r->vr_cap = r->vr_cap ? r->vr_cap * 2 : 8;
		r->vr = xreallocarray(r->vr, r->vr_cap, sizeof(*r->vr));
	}
	r->vr[r->nvr++] = *vs;
	return 1;
}

const struct ipc_vrrp_state *
relay_vrrp_find(const struct relay *r, const char *name)
{
	return vr_find(r, name);
}

size_t
relay_vrrp_count(const struct relay *r)
{
	return r->nvr;
}

void
relay_vrrp_clear(struct relay *r)
{
	r->nvr = 0;
}

int
relay_replay(const struct relay *r, relay_send_fn send, void *ctx)
{
	struct ipc_msg m;
	size_t i;

	for (i = 0; i < r->nrs; i++) {
		memset(&m, 0, sizeof(m));
		m.hdr.type = IPC_RS_STATE;
		m.u.rs = r->rs[i];
		if (send(ctx, &m) == -1)
			return -1;
	}
	memset(&m, 0, sizeof(m));
	m.hdr.type = IPC_SNAPSHOT_END;
	return send(ctx, &m);
}

static struct ipc_bfd_state *
bfd_find(const struct relay *r, const char *name)
{
	size_t i;

	/* Sessions are few. */
	for (i = 0; i < r->nbfd; i++)
		if (strncmp(r->bfd[i].name, name, sizeof(r->bfd[i].name)) == 0)
			return &r->bfd[i];
	return NULL;
}

int
relay_bfd_update(struct relay *r, const struct ipc_bfd_state *b)
{
	struct ipc_bfd_state *cur;

	if ((cur = bfd_find(r, b->name)) != NULL) {
		if (cur->up == b->up && cur->to == b->to)
			return 0;
		*cur = *b;
		return 1;
	}
	if (r->nbfd == r->bfd_cap) {
		r->bfd_cap = r->bfd_cap ? r->bfd_cap * 2 : 8;
		r->bfd = xreallocarray(r->bfd, r->bfd_cap, sizeof(*r->bfd));
	}
	r->bfd[r->nbfd++] = *b;
	return 1;
}

const struct ipc_bfd_state *
relay_bfd_find(const struct relay *r, const char *name)
{
	return bfd_find(r, name);
}

int
relay_bfd_replay(const struct relay *r, uint8_t to, relay_send_fn send,
    void *ctx)
{
	struct ipc_msg m;
	size_t i;

	for (i = 0; i < r->nbfd; i++) {
		if (!(r->bfd[i].to & to))
			continue;
		memset(&m, 0, sizeof(m));
		m.hdr.type = IPC_BFD_STATE;
		m.u.bfd = r->bfd[i];
		if (send(ctx, &m) == -1)
			return -1;
	}
	return 0;
}
