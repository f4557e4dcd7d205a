/*
 * log: one sink for every process.  No allocation, so it is safe to call
 * from anywhere except a signal handler (we have none: signals come
 * through signalfd).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>
#include <time.h>
#include <unistd.h>

#include "log.h"

static int log_dest = LOG_TO_CONSOLE;
static int log_detail_level;
static FILE *log_fp;		/* -g */
static int log_fp_flush;

void
log_init(const char *ident, int facility, int dest)
{
	log_dest = dest;
	closelog();
	if (dest & LOG_TO_SYSLOG)
		openlog(ident, LOG_PID | LOG_NDELAY, facility);
}

void
log_set_detail(int level)
{
	log_detail_level = level;
}

int
log_file_open(const char *path)
{
	FILE *fp;
	int fd;

	fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_NOFOLLOW | O_CLOEXEC,
	    0644);
	if (fd == -1)
		return -1;
	if ((fp = fdopen(fd, "a")) == NULL) {
		close(fd);
		return -1;
	}
	setvbuf(fp, NULL, _IOLBF, 0);
	log_file_close();
	log_fp = fp;
	return 0;
}

void
log_file_flush(int on)
{
	log_fp_flush = on;
}

void
log_file_close(void)
{
	if (log_fp != NULL)
		fclose(log_fp);
	log_fp = NULL;
}

int
log_detail(void)
{
	return log_detail_level;
}

void
log_vmsg(int prio, const char *fmt, va_list ap)
{
	char buf[8192];
	char ts[64];
	time_t now;
	struct tm tm;

	if (prio == LOG_DEBUG && log_detail_level == 0)
		return;
	vsnprintf(buf, sizeof(buf), fmt, ap);
	if (log_dest & LOG_TO_SYSLOG)
		syslog(prio, "%s", buf);
	if (!(log_dest & (LOG_TO_CONSOLE | LOG_TO_FILE)))
		return;
	now = time(NULL);
	localtime_r(&now, &tm);
	/* keepalived: "Sat Nov 21 18:35:45 2026: message" */
	strftime(ts, sizeof(ts), "%a %b %e %H:%M:%S %Y", &tm);
	if (log_dest & LOG_TO_CONSOLE)
		fprintf(stderr, "%s: %s\n", ts, buf);
	if ((log_dest & LOG_TO_FILE) && log_fp != NULL) {
		fprintf(log_fp, "%s: %s\n", ts, buf);
		if (log_fp_flush)
			fflush(log_fp);
	}
}

void
log_msg(int prio, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	log_vmsg(prio, fmt, ap);
	va_end(ap);
}

#define LOG_FN(name, prio)					\
void								\
name(const char *fmt, ...)					\
{								\
	va_list ap;						\
								\
	va_start(ap, fmt);					\
	log_vmsg(prio, fmt, ap);				\
	va_end(ap);						\
}
LOG_FN(log_info, LOG_INFO)
LOG_FN(log_notice, LOG_NOTICE)
LOG_FN(log_debug, LOG_DEBUG)
LOG_FN(log_warnx, LOG_WARNING)

static void log_verr(int, int, const char *, va_list)
    __attribute__((format(printf, 3, 0)));

static void
log_verr(int prio, int err, const char *fmt, va_list ap)
{
	char buf[4096];

	vsnprintf(buf, sizeof(buf), fmt, ap);
	log_msg(prio, "%s: %s", buf, strerror(err));
}

void
log_warn(const char *fmt, ...)
{
	va_list ap;
	int err = errno;

	va_start(ap, fmt);
	log_verr(LOG_WARNING, err, fmt, ap);
	va_end(ap);
}

void
fatal(int status, const char *fmt, ...)
{
	va_list ap;
	int err = errno;

	va_start(ap, fmt);
	log_verr(LOG_ERR, err, fmt, ap);
	va_end(ap);
	exit(status);
}

void
fatalx(int status, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	log_vmsg(LOG_ERR, fmt, ap);
	va_end(ap);
	exit(status);
}
