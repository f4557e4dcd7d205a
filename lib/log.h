/*
 * log: syslog and console logging in keepalived's forms.
 *
 * Each process opens syslog under keepalived's ident for its role
 * (Keepalived, Keepalived_vrrp, Keepalived_healthcheckers).  With -l the
 * same lines go to stderr prefixed "Www Mmm dd hh:mm:ss yyyy: ".
 */
#ifndef VIGIL_LOG_H
#define VIGIL_LOG_H

#include <stdarg.h>
#include <stdbool.h>

#define LOG_TO_SYSLOG	0x1
#define LOG_TO_CONSOLE	0x2

/* ident: syslog ident; facility: LOG_DAEMON etc.; dest: LOG_TO_* mask. */
void	log_init(const char *ident, int facility, int dest);
void	log_set_detail(int level);	/* -D count */
int	log_detail(void);

void	log_info(const char *, ...) __attribute__((format(printf, 1, 2)));
void	log_notice(const char *, ...) __attribute__((format(printf, 1, 2)));
void	log_debug(const char *, ...) __attribute__((format(printf, 1, 2)));
/* log_warn appends ": strerror(errno)"; log_warnx does not. */
void	log_warn(const char *, ...) __attribute__((format(printf, 1, 2)));
void	log_warnx(const char *, ...) __attribute__((format(printf, 1, 2)));
void	log_msg(int prio, const char *, ...)
	    __attribute__((format(printf, 2, 3)));
void	log_vmsg(int prio, const char *, va_list)
	    __attribute__((format(printf, 2, 0)));
__attribute__((noreturn, format(printf, 2, 3)))
void	fatal(int status, const char *, ...);
__attribute__((noreturn, format(printf, 2, 3)))
void	fatalx(int status, const char *, ...);

#endif
