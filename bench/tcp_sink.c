/*
 * tcp_sink: a TCP listener that accepts every connection and closes it
 * at once, and counts them (bench/checker.sh runs it inside the VM as
 * the real servers of 10,000 TCP_CHECKs).
 *
 *   tcp_sink PORT COUNTFILE
 *
 * listens on 0.0.0.0:PORT, so it answers for every address of
 * 127.0.0.0/8.  On SIGUSR1 it writes "SEQ COUNT\n" to COUNTFILE (SEQ
 * counts the requests, so the reader knows the answer is fresh; COUNT
 * is the number of connections accepted so far).  SIGTERM ends it.
 * Built static on the host: the VM's initramfs has no compiler.
 */
#include <sys/epoll.h>
#include <sys/signalfd.h>
#include <sys/socket.h>

#include <netinet/in.h>

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static int
sink_listen(unsigned short port)
{
	struct sockaddr_in sin;
	int fd, on = 1;

	fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (fd == -1)
		return -1;
	(void)setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof(on));
	memset(&sin, 0, sizeof(sin));
	sin.sin_family = AF_INET;
	sin.sin_port = htons(port);
	sin.sin_addr.s_addr = htonl(INADDR_ANY);
	if (bind(fd, (struct sockaddr *)&sin, sizeof(sin)) == -1 ||
	    listen(fd, 65535) == -1) {
		close(fd);
		return -1;
	}
	return fd;
}

/* Accept until the queue is empty; return the number accepted. */
static unsigned long
sink_drain(int lfd)
{
	unsigned long n = 0;
	int fd;

	for (;;) {
		fd = accept4(lfd, NULL, NULL, SOCK_CLOEXEC);
		if (fd == -1) {
			if (errno == EINTR || errno == ECONNABORTED)
				continue;
			return n;
		}
		close(fd);
		n++;
	}
}

static void
sink_report(const char *path, unsigned long seq, unsigned long count)
{
	char buf[64], tmp[4096];
	int fd, len;

	len = snprintf(buf, sizeof(buf), "%lu %lu\n", seq, count);
	if (snprintf(tmp, sizeof(tmp), "%s.tmp", path) >= (int)sizeof(tmp))
		return;
	fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd == -1)
		return;
	if (write(fd, buf, len) == len)
		(void)rename(tmp, path);
	close(fd);
}

int
main(int argc, char **argv)
{
	struct epoll_event ev, evs[2];
	struct signalfd_siginfo si;
	unsigned long count = 0, seq = 0;
	sigset_t mask;
	int ep, lfd, sfd, i, n;

	if (argc != 3) {
		fprintf(stderr, "usage: tcp_sink PORT COUNTFILE\n");
		return 2;
	}
	sigemptyset(&mask);
	sigaddset(&mask, SIGUSR1);
	sigaddset(&mask, SIGTERM);
	sigaddset(&mask, SIGINT);
	if (sigprocmask(SIG_BLOCK, &mask, NULL) == -1 ||
	    (sfd = signalfd(-1, &mask, SFD_NONBLOCK | SFD_CLOEXEC)) == -1 ||
	    (lfd = sink_listen((unsigned short)atoi(argv[1]))) == -1 ||
	    (ep = epoll_create1(EPOLL_CLOEXEC)) == -1) {
		perror("tcp_sink");
		return 1;
	}
	ev.events = EPOLLIN;
	ev.data.fd = lfd;
	(void)epoll_ctl(ep, EPOLL_CTL_ADD, lfd, &ev);
	ev.data.fd = sfd;
	(void)epoll_ctl(ep, EPOLL_CTL_ADD, sfd, &ev);
	sink_report(argv[2], seq, count);
	for (;;) {
		n = epoll_wait(ep, evs, 2, -1);
		for (i = 0; i < n; i++) {
			if (evs[i].data.fd == lfd) {
				count += sink_drain(lfd);
				continue;
			}
			while (read(sfd, &si, sizeof(si)) == sizeof(si)) {
				if (si.ssi_signo != SIGUSR1) {
					printf("tcp_sink: %lu accepted\n",
					    count);
					return 0;
				}
				sink_report(argv[2], ++seq, count);
			}
		}
	}
}
