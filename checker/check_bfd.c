/*
 * check_bfd: BFD_CHECK (name NAME): the checker is up while the BFD
 * session NAME is Up, as the BFD child tells it through the parent
 * (IPC_BFD_STATE; keepalived's bfd_check_handle_event).
 *
 * The check runs when a state arrives, not on a timer of its own: until
 * the first report the real server keeps the state assumed at start (up,
 * or down with alpha), as keepalived's does.  Afterwards each attempt
 * (the event's, then one every delay_loop) reads the last state heard;
 * there are no retries.  The states heard are kept for the child's
 * lifetime, across reloads, in a small table of its own.
 */
#include <stdlib.h>
#include <string.h>

#include "check_engine.h"
#include "log.h"
#include "xalloc.h"

struct bfd_heard {
	char	name[IPC_NAME_MAX];
	bool	up;
};

static struct bfd_heard *heard;
static size_t nheard;

static struct bfd_heard *
heard_find(const char *name)
{
	size_t i;

	for (i = 0; i < nheard; i++)
		if (strcmp(heard[i].name, name) == 0)
			return &heard[i];
	return NULL;
}

static int
bfd_start(struct ce_checker *c)
{
	const struct bfd_heard *h = heard_find(c->conf->u.bfd.name);
	bool up = h != NULL && h->up;

	if (!up)
		ce_why(c, "BFD %s is down", c->conf->u.bfd.name);
	ce_done(c, up, NULL);
	return 0;
}

static void
bfd_log(struct ce_checker *c, const struct sched_outcome *o)
{
	if (o->actions & (SCHED_A_LOG_SUCCESS | SCHED_A_LOG_FAILED))
		log_info("BFD check of [%s] RS(%s) is %s", c->conf->u.bfd.name,
		    ce_chk_str(c), o->actions & SCHED_A_LOG_SUCCESS ? "UP" :
		    "DOWN");
}

const struct check_type_ops check_bfd_ops = {
	.name = "BFD_CHECK",
	.policy = SCHED_RETRY_UP_ONLY,
	.start = bfd_start,
	.log = bfd_log,
	.alert_up = "=> BFD CHECK succeeded on service <=",
	.alert_down = "=> BFD CHECK failed on service <=",
};

/* Run c now when its session has been heard of. */
void
check_bfd_activate(struct ce_checker *c)
{
	if (heard_find(c->conf->u.bfd.name) != NULL)
		ce_kick(c);
}

static void
kick(struct ce_engine *e, const char *name)
{
	struct ce_checker *c;
	unsigned i, j, k;

	for (i = 0; i < e->nvs; i++)
		for (j = 0; j < e->vs[i].nrs; j++)
			for (k = 0; k < e->vs[i].rs[j].nchk; k++) {
				c = &e->vs[i].rs[j].chk[k];
				if (c->conf->type == CHECK_BFD &&
				    strcmp(c->conf->u.bfd.name, name) == 0)
					ce_kick(c);
			}
}

void
check_bfd_event(struct check_child *cc, const struct ipc_bfd_state *m)
{
	struct bfd_heard *h;

	if ((h = heard_find(m->name)) == NULL) {
		heard = xreallocarray(heard, nheard + 1, sizeof(*heard));
		h = &heard[nheard++];
		snprintf(h->name, sizeof(h->name), "%s", m->name);
	} else if (h->up == (m->up != 0))
		return;
	h->up = m->up != 0;
	if (log_detail() > 0)
		log_info("Received BFD event: instance %s is in state %s",
		    m->name, h->up ? "Up" : "Down");
	if (cc->engine != NULL)
		kick(cc->engine, m->name);
}
