/*
 * notify_vrrp: what the VRRP child tells the outside world about state
 * changes, in keepalived's order (vrrp_notify.c): the notify_<state>
 * script, then the generic `notify` script with INSTANCE|GROUP, the
 * name, the state and the priority appended, then the line on
 * notify_fifo and vrrp_notify_fifo, then the mail (smtp_alert, through
 * lib/smtp.c).  Scripts are not awaited, except at shutdown, where the
 * STOP scripts and mails get their second.
 *
 * The FIFOs' scripts are started when the FIFOs are opened (at start and
 * at each reload, as keepalived's vrrp_complete_init) and SIGTERMed when
 * they close.  An instance deleted by a reload says DELETED (or FAULT)
 * on the new FIFOs, as keepalived's clear_diff_vrrp runs after they are
 * reopened.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "conf.h"
#include "log.h"
#include "script.h"
#include "smtp.h"
#include "vrrp.h"
#include "xalloc.h"

/* keepalived's VRRP_STATE_DELETED: a notification only. */
#define NOTIFY_DELETED	97

/* The last state mailed of an instance or group (last_email_state). */
struct notify_mailed {
	char		*name;
	bool		 group;
	int		 state;
};

/* An instance deleted by a reload, told after the FIFOs reopen.  The
 * old configuration lives until the reload is over. */
struct notify_gone {
	const struct vrrp_instance_conf *conf;
	int		 state;
	unsigned	 prio;
};

struct vrrp_notify_ext {
	const struct global_conf *g;
	struct notify_mailed *mailed;
	size_t		 nmailed;
	struct notify_gone *gone;
	size_t		 ngone;
};

static const char *
notify_state_word(int state)
{
	switch (state) {
	case VRRP_FSM_MASTER:
		return "MASTER";
	case VRRP_FSM_BACKUP:
		return "BACKUP";
	case VRRP_FSM_FAULT:
		return "FAULT";
	case VRRP_FSM_STOP:
		return "STOP";
	case VRRP_FSM_NOTIFY_MASTER_RX_LOWER_PRI:
		return "MASTER_RX_LOWER_PRI";
	case NOTIFY_DELETED:
		return "DELETED";
	default:
		return NULL;
	}
}

static struct vrrp_notify_ext *
notify_ext(struct vrrp_notify *n)
{
	if (n->ext == NULL)
		n->ext = xcalloc(1, sizeof(*n->ext));
	return n->ext;
}

static void notify_gone_flush(struct vrrp_notify *);

void
vrrp_notify_open(struct vrrp_notify *n, struct ev_loop *loop,
    const struct conf *c)
{
	n->loop = loop;
	notify_ext(n)->g = &c->global;
	(void)notify_fifo_start(&n->fifo, loop, &c->global.notify_fifo, "",
	    "vrrp");
	(void)notify_fifo_start(&n->vfifo, loop, &c->global.vrrp_notify_fifo,
	    "vrrp_", "vrrp");
	notify_gone_flush(n);
}

/* The mail states go with the configuration (keepalived's new vrrp_t
 * starts afresh); a queue of deleted instances waits for the reopen. */
void
vrrp_notify_close(struct vrrp_notify *n)
{
	struct vrrp_notify_ext *x = n->ext;
	size_t i;

	notify_fifo_close(&n->fifo);
	notify_fifo_close(&n->vfifo);
	if (x == NULL)
		return;
	for (i = 0; i < x->nmailed; i++)
		free(x->mailed[i].name);
	free(x->mailed);
	x->mailed = NULL;
	x->nmailed = 0;
	x->g = NULL;
	if (x->ngone == 0) {
		free(x->gone);
		free(x);
		n->ext = NULL;
	}
}

void
vrrp_notify_scripts_stop(struct vrrp_notify *n)
{
	notify_fifo_script_stop(&n->fifo);
	notify_fifo_script_stop(&n->vfifo);
}

static void
notify_line(struct vrrp_notify *n, bool group, const char *name,
    const char *word, int prio)
{
	char line[IPC_NAME_MAX + 64];
	int len;

	if (n->fifo.fd == -1 && n->vfifo.fd == -1)
		return;
	len = notify_fmt_vrrp(line, sizeof(line), group, name, word, prio);
	if (len <= 0)
		return;
	if (n->fifo.fd != -1)
		(void)notify_fifo_write(&n->fifo, line, (size_t)len);
	if (n->vfifo.fd != -1)
		(void)notify_fifo_write(&n->vfifo, line, (size_t)len);
}

static void
notify_run(struct vrrp_notify *n, const struct script_conf *sc,
    const char *const extra[])
{
	if (sc == NULL || sc->disabled)
		return;
	if (notify_script_exec(n->loop, sc, extra) == -1)
		log_warn("Cannot run notify script %s", sc->cmd);
}

static void
notify_generic(struct vrrp_notify *n, const struct script_conf *sc,
    bool group, const char *name, const char *word, int prio)
{
	char pbuf[16];
	const char *extra[5];

	snprintf(pbuf, sizeof(pbuf), "%d", prio);
	extra[0] = group ? "GROUP" : "INSTANCE";
	extra[1] = name;
	extra[2] = word;
	extra[3] = pbuf;
	extra[4] = NULL;
	notify_run(n, sc, extra);
}

static const struct script_conf *
notify_instance_script(const struct vrrp_instance_conf *c, int state)
{
	switch (state) {
	case VRRP_FSM_MASTER:
		return c->notify_master;
	case VRRP_FSM_BACKUP:
		return c->notify_backup;
	case VRRP_FSM_FAULT:
		return c->notify_fault;
	case VRRP_FSM_STOP:
		return c->notify_stop;
	case VRRP_FSM_NOTIFY_MASTER_RX_LOWER_PRI:
		return c->notify_master_rx_lower_pri;
	case NOTIFY_DELETED:
		return c->notify_deleted;
	default:
		return NULL;
	}
}

/* --- mail ------------------------------------------------------------------ */

static void
notify_mail_texts(bool group, int state, const char **subj,
    const char **body)
{
	*subj = *body = NULL;
	switch (state) {
	case VRRP_FSM_MASTER:
		*subj = "Entering MASTER state";
		*body = group ? "=> All VRRP group instances are now in MASTER "
		    "state <=" : "=> VRRP Instance is now owning VRRP VIPs <=";
		break;
	case VRRP_FSM_BACKUP:
		*subj = "Entering BACKUP state";
		*body = group ? "=> All VRRP group instances are now in BACKUP "
		    "state <=" : "=> VRRP Instance is no longer owning VRRP "
		    "VIPs <=";
		break;
	case VRRP_FSM_FAULT:
		*subj = "Entering FAULT state";
		*body = group ? "=> All VRRP group instances are now in FAULT "
		    "state <=" : "=> VRRP Instance is no longer owning VRRP "
		    "VIPs <=";
		break;
	case VRRP_FSM_STOP:
		*subj = "Stopping";
		*body = group ? "=> All VRRP group instances are now stopping <="
		    : "=> VRRP Instance stopping <=";
		break;
	case NOTIFY_DELETED:
		if (!group) {
			*subj = "Deleted";
			*body = "=> VRRP Deleted at reload <=";
		}
		break;
	}
}

/* keepalived's last_email_state: 0 (INIT) until a mail was decided. */
static int *
notify_mailed_state(struct vrrp_notify_ext *x, bool group, const char *name)
{
	struct notify_mailed *m;
	size_t i;

	for (i = 0; i < x->nmailed; i++)
		if (x->mailed[i].group == group &&
		    strcmp(x->mailed[i].name, name) == 0)
			return &x->mailed[i].state;
	x->mailed = xreallocarray(x->mailed, x->nmailed + 1,
	    sizeof(*x->mailed));
	m = &x->mailed[x->nmailed++];
	m->name = xstrdup(name);
	m->group = group;
	m->state = VRRP_FSM_INIT;
	return &m->state;
}

/* vrrp_smtp_notifier / vrrp_sync_smtp_notifier. */
static void
notify_mail(struct vrrp_notify *n, bool group, const char *name, int state)
{
	struct vrrp_notify_ext *x = n->ext;
	const char *subj, *body;
	char subject[512];
	int *last;

	if (x == NULL || x->g == NULL ||
	    (x->g->no_email_faults && state == VRRP_FSM_FAULT))
		return;
	last = notify_mailed_state(x, group, name);
	notify_mail_texts(group, state, &subj, &body);
	if (*last == state || subj == NULL)
		return;
	*last = state;
	if (!smtp_alert_configured(x->g))
		return;
	snprintf(subject, sizeof(subject), "[%s] VRRP %s %s - %s",
	    smtp_router_id(x->g), group ? "Group" : "Instance", name, subj);
	(void)smtp_alert_send(n->loop, x->g, subject, body, NULL, NULL);
}

void
vrrp_notify_instance(struct vrrp_notify *n, const struct vrrp_instance_conf *c,
    int state, unsigned prio)
{
	const char *word;

	if (n->muted || (word = notify_state_word(state)) == NULL)
		return;
	notify_run(n, notify_instance_script(c, state), NULL);
	/* MASTER_RX_LOWER_PRI is an event: no generic script, no mail. */
	if (state != VRRP_FSM_NOTIFY_MASTER_RX_LOWER_PRI)
		notify_generic(n, c->notify, false, c->name, word, (int)prio);
	notify_line(n, false, c->name, word, (int)prio);
	if (state != VRRP_FSM_NOTIFY_MASTER_RX_LOWER_PRI && c->smtp_alert)
		notify_mail(n, false, c->name, state);
}

/* clear_diff_vrrp: nothing for an instance that was in FAULT unless
 * notify_deleted; send_instance_notifies: FAULT unless notify_deleted. */
void
vrrp_notify_deleted(struct vrrp_notify *n, const struct vrrp_instance_conf *c,
    int state, unsigned prio)
{
	struct vrrp_notify_ext *x;

	if (!c->notify_deleted_set && state == VRRP_FSM_FAULT)
		return;
	x = notify_ext(n);
	x->gone = xreallocarray(x->gone, x->ngone + 1, sizeof(*x->gone));
	x->gone[x->ngone].conf = c;
	x->gone[x->ngone].state = c->notify_deleted_set ? NOTIFY_DELETED :
	    VRRP_FSM_FAULT;
	x->gone[x->ngone].prio = prio;
	x->ngone++;
}

static void
notify_gone_flush(struct vrrp_notify *n)
{
	struct vrrp_notify_ext *x = n->ext;
	size_t i;

	for (i = 0; i < x->ngone; i++)
		vrrp_notify_instance(n, x->gone[i].conf, x->gone[i].state,
		    x->gone[i].prio);
	free(x->gone);
	x->gone = NULL;
	x->ngone = 0;
}

void
vrrp_notify_priority(struct vrrp_notify *n,
    const struct vrrp_instance_conf *c, bool master, unsigned prio)
{
	notify_line(n, false, c->name, master ? "MASTER_PRIORITY" :
	    "BACKUP_PRIORITY", (int)prio);
}

void
vrrp_notify_group(struct vrrp_notify *n, const struct vrrp_sync_group_conf *g,
    int state)
{
	const struct script_conf *sc = NULL;
	const char *word;

	if (n->muted || (word = notify_state_word(state)) == NULL ||
	    state == VRRP_FSM_NOTIFY_MASTER_RX_LOWER_PRI ||
	    state == NOTIFY_DELETED)
		return;
	switch (state) {
	case VRRP_FSM_MASTER:
		sc = g->notify_master;
		break;
	case VRRP_FSM_BACKUP:
		sc = g->notify_backup;
		break;
	case VRRP_FSM_FAULT:
		sc = g->notify_fault;
		break;
	case VRRP_FSM_STOP:
		sc = g->notify_stop;
		break;
	}
	notify_run(n, sc, NULL);
	notify_generic(n, g->notify, true, g->name, word, 0);
	notify_line(n, true, g->name, word, 0);
	if (g->smtp_alert > 0)
		notify_mail(n, true, g->name, state);
}

void
vrrp_notify_drain(struct vrrp_notify *n, uint64_t us)
{
	uint64_t end;

	if (n->loop == NULL)
		return;
	ev_now_update(n->loop);
	end = ev_now(n->loop) + us;
	while ((notify_script_pending() > 0 || smtp_alert_pending() > 0) &&
	    ev_now(n->loop) < end)
		if (ev_loop_once(n->loop, (int64_t)(end - ev_now(n->loop)))
		    == -1)
			break;
	notify_script_abandon_all(n->loop);
	smtp_alert_abandon_all(n->loop);
}
