/*
 * notify_vrrp: what the VRRP child tells the outside world about state
 * changes, in keepalived's order (vrrp_notify.c): the notify_<state>
 * script, then the generic `notify` script with INSTANCE|GROUP, the
 * name, the state and the priority appended, then the line on
 * notify_fifo and vrrp_notify_fifo.  Scripts are not awaited, except at
 * shutdown, where the STOP scripts get their second.
 */
#include <errno.h>
#include <string.h>

#include "conf.h"
#include "log.h"
#include "script.h"
#include "vrrp.h"

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
	default:
		return NULL;
	}
}

static void
notify_fifo_open1(struct notify_fifo *f, const struct global_notify_fifo *g,
    struct ev_loop *loop, const char *type)
{
	const char *extra[2];

	notify_fifo_init(f);
	if (g->name == NULL)
		return;
	if (notify_fifo_open(f, g->name, (uid_t)-1, (gid_t)-1) == -1) {
		log_info("Unable to open %snotify fifo %s - errno %d", type,
		    g->name, errno);
		return;
	}
	/* keepalived starts the FIFO's script when it made the FIFO. */
	if (!f->created || g->script == NULL || g->script->disabled)
		return;
	extra[0] = g->name;
	extra[1] = NULL;
	if (notify_script_exec(loop, g->script, extra) == -1)
		log_warn("Cannot run %snotify fifo script", type);
}

void
vrrp_notify_open(struct vrrp_notify *n, struct ev_loop *loop,
    const struct conf *c)
{
	n->loop = loop;
	notify_fifo_open1(&n->fifo, &c->global.notify_fifo, loop, "");
	notify_fifo_open1(&n->vfifo, &c->global.vrrp_notify_fifo, loop,
	    "vrrp ");
}

void
vrrp_notify_close(struct vrrp_notify *n)
{
	notify_fifo_close(&n->fifo);
	notify_fifo_close(&n->vfifo);
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
	default:
		return NULL;
	}
}

void
vrrp_notify_instance(struct vrrp_notify *n, const struct vrrp_instance_conf *c,
    int state, unsigned prio)
{
	const char *word;

	if ((word = notify_state_word(state)) == NULL)
		return;
	notify_run(n, notify_instance_script(c, state), NULL);
	/* MASTER_RX_LOWER_PRI is an event: no generic script. */
	if (state != VRRP_FSM_NOTIFY_MASTER_RX_LOWER_PRI)
		notify_generic(n, c->notify, false, c->name, word, (int)prio);
	notify_line(n, false, c->name, word, (int)prio);
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

	if ((word = notify_state_word(state)) == NULL ||
	    state == VRRP_FSM_NOTIFY_MASTER_RX_LOWER_PRI)
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
}

void
vrrp_notify_drain(struct vrrp_notify *n, uint64_t us)
{
	uint64_t end;

	if (n->loop == NULL)
		return;
	ev_now_update(n->loop);
	end = ev_now(n->loop) + us;
	while (notify_script_pending() > 0 && ev_now(n->loop) < end)
		if (ev_loop_once(n->loop, (int64_t)(end - ev_now(n->loop)))
		    == -1)
			break;
	notify_script_abandon_all(n->loop);
}
