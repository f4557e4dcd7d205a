/*
 * smtp: keepalived's e-mail alerts (core/smtp.c), the one SMTP client
 * of both children.  An alert connects to smtp_server, reads the 220
 * greeting and walks HELO, MAIL FROM, one RCPT TO per address of
 * notification_email, DATA, the message and QUIT, each reply bounded by
 * smtp_connect_timeout.  Everything an alert needs is copied when it is
 * queued, so a reload may free the configuration under it.
 *
 * The dialogue's log lines are keepalived's own ("SMTP connection ERROR
 * to [192.0.2.9]:25."), so this module logs them itself: it is the
 * deciding layer for a mail.  A failed alert is logged and dropped.
 */
#ifndef VIGIL_SMTP_H
#define VIGIL_SMTP_H

#include <stdbool.h>
#include <stddef.h>

#include "evloop.h"

struct global_conf;

/* Called once per alert when the server took the message (sent) or the
 * dialogue failed; not called for alerts abandoned at exit. */
typedef void (*smtp_done_fn)(bool sent, void *arg);

/* keepalived sends nothing without notification_email and an
 * smtp_server address. */
bool	smtp_alert_configured(const struct global_conf *);

/* The canonical name of this host (uname, then getaddrinfo with
 * AI_CANONNAME, as keepalived's get_local_name), or NULL; cached. */
const char *smtp_local_name(void);

/* router_id, else the local name, else "" (the "[...]" of subjects). */
const char *smtp_router_id(const struct global_conf *);

/*
 * Queue one alert: subject and body as keepalived formats them (callers
 * build "[router_id] VRRP Instance VI_1 - Entering MASTER state" etc.;
 * they are cut at keepalived's 255 and 511 bytes).  0 when the dialogue
 * started, -1 with errno otherwise (ENOENT: not configured, socket and
 * connect errors, logged).
 */
int	smtp_alert_send(struct ev_loop *, const struct global_conf *,
	    const char *subject, const char *body, smtp_done_fn, void *arg);

/* Alerts still in their dialogue. */
size_t	smtp_alert_pending(void);

/* At exit: close them all without calling done. */
void	smtp_alert_abandon_all(struct ev_loop *);

#endif
