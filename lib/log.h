/*
 * log: syslog and console logging in keepalived's forms.
 *
 * Each process opens syslog under keepalived's ident for its role
 * (Keepalived, Keepalived_vrrp, Keepalived_healthcheckers).  With -l the
 * same lines go to stderr prefixed "Www Mmm dd hh:mm:ss yyyy: ", and
 * with -g to a log file in the same form.
 */
#ifndef VIGIL_LOG_H
#define VIGIL_LOG_H

#include <stdarg.h>
#include <stdbool.h>

#define LOG_TO_SYSLOG	0x1
#define LOG_TO_CONSOLE	0x2
#define LOG_TO_FILE	0x4	/* -g: the file given to log_file_open() */

/* ident: syslog ident; facility: LOG_DAEMON etc.; dest: LOG_TO_* mask. */
void	log_init(const char *ident, int facility, int dest);
void	log_set_detail(int level);	/* -D count */
/*
 * -g FILE: append each line, in the console's form, to path (opened
 * O_APPEND|O_CLOEXEC, 0644 before the umask).  Takes effect for the
 * destinations that include LOG_TO_FILE.  0, or -1 with errno.
 * log_file_flush() flushes after each line (--flush-log-file).
 */
int	log_file_open(const char *path);
void	log_file_flush(int on);
void	log_file_close(void);
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
