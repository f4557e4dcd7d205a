/*
 * test_checks: every checker type of the engine against real servers on
 * loopback started by this test (a thread serving TCP, HTTP, SMTP, DNS
 * and UDP echo), ping of 127.0.0.1, MISC scripts and a tracked FILE;
 * plus notify_down run with its configured argv, the SMTP alert sent to
 * the test's SMTP listener, and the real server states sent to the
 * parent over a real SEQPACKET socketpair.
 */
#include <sys/socket.h>
#include <sys/stat.h>

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <unistd.h>

#include "unit.h"
#include "check_engine.h"
#include "ipc.h"
#include "lvs.h"

enum { L_TCP, L_HTTP, L_SMTP, L_DNS, L_UDP, L_N };

static int lfd[L_N];
static unsigned lport[L_N];
static unsigned closed_port;
static int stop_pipe[2];
static pthread_t srv;
static pthread_mutex_t mtx = PTHREAD_MUTEX_INITIALIZER;
static char smtp_log[16384];
static size_t smtp_log_len;
static char dir[64];

static unsigned
bound_port(int fd)
{
	struct sockaddr_in sa;
	socklen_t len = sizeof(sa);

	getsockname(fd, (struct sockaddr *)&sa, &len);
	return ntohs(sa.sin_port);
}

static int
listener(int type)
{
	struct sockaddr_in sa;
	int fd, one = 1;

	fd = socket(AF_INET, type | SOCK_CLOEXEC, 0);
	ck_assert_int_ge(fd, 0);
	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	memset(&sa, 0, sizeof(sa));
	sa.sin_family = AF_INET;
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	ck_assert_int_eq(bind(fd, (struct sockaddr *)&sa, sizeof(sa)), 0);
	if (type == SOCK_STREAM)
		ck_assert_int_eq(listen(fd, 16), 0);
	return fd;
}

/* Read until needle or EOF/timeout (2 s); returns the bytes read. */
static size_t
read_until(int fd, char *buf, size_t len, const char *needle)
{
	struct pollfd p = { fd, POLLIN, 0 };
	size_t have = 0;
	ssize_t n;

	while (have < len - 1 && poll(&p, 1, 2000) == 1) {
		n = read(fd, buf + have, len - 1 - have);
		if (n <= 0)
			break;
		have += (size_t)n;
		buf[have] = '\0';
		if (strstr(buf, needle) != NULL)
			break;
	}
	buf[have] = '\0';
	return have;
}

static void
serve_http(int fd)
{
	char req[2048], resp[512];
	int n;

	read_until(fd, req, sizeof(req), "\r\n\r\n");
	if (strncmp(req, "GET /ok ", 8) == 0 &&
	    strstr(req, "User-Agent: KeepAliveClient\r\n") != NULL)
		n = snprintf(resp, sizeof(resp), "HTTP/1.0 200 OK\r\n"
		    "Content-Length: 5\r\n\r\nhello");
	else
		n = snprintf(resp, sizeof(resp), "HTTP/1.0 500 Oops\r\n\r\n"
		    "broken");
	write(fd, resp, (size_t)n);
}

static void
smtp_say(int fd, const char *s)
{
	write(fd, s, strlen(s));
}

static void
serve_smtp(int fd)
{
	char line[8192];
	size_t n;

	smtp_say(fd, "220 test ESMTP\r\n");
	for (;;) {
		n = read_until(fd, line, sizeof(line), "\r\n");
		if (n == 0)
			break;
		pthread_mutex_lock(&mtx);
		if (smtp_log_len + n < sizeof(smtp_log)) {
			memcpy(smtp_log + smtp_log_len, line, n);
			smtp_log_len += n;
			smtp_log[smtp_log_len] = '\0';
		}
		pthread_mutex_unlock(&mtx);
		if (strncmp(line, "DATA", 4) == 0) {
			smtp_say(fd, "354 go\r\n");
			n = read_until(fd, line, sizeof(line), "\r\n.\r\n");
			pthread_mutex_lock(&mtx);
			if (smtp_log_len + n < sizeof(smtp_log)) {
				memcpy(smtp_log + smtp_log_len, line, n);
				smtp_log_len += n;
				smtp_log[smtp_log_len] = '\0';
			}
			pthread_mutex_unlock(&mtx);
			smtp_say(fd, "250 queued\r\n");
		} else if (strncmp(line, "QUIT", 4) == 0) {
			smtp_say(fd, "221 bye\r\n");
			break;
		} else
			smtp_say(fd, "250-fine\r\n250 ok\r\n");
	}
}

static void
serve_dgram(int fd, bool dns)
{
	struct sockaddr_storage ss;
	socklen_t sl = sizeof(ss);
	uint8_t b[1500];
	ssize_t n;

	n = recvfrom(fd, b, sizeof(b), 0, (struct sockaddr *)&ss, &sl);
	if (n <= 0)
		return;
	if (dns && n >= 12) {
		b[2] |= 0x80;		/* QR */
		b[3] &= 0xf0;		/* rcode 0 */
	}
	sendto(fd, b, (size_t)n, 0, (struct sockaddr *)&ss, sl);
}

static void *
server(void *arg)
{
	struct pollfd p[L_N + 1];
	int i, c;

	for (;;) {
		for (i = 0; i < L_N; i++) {
			p[i].fd = lfd[i];
			p[i].events = POLLIN;
		}
		p[L_N].fd = stop_pipe[0];
		p[L_N].events = POLLIN;
		if (poll(p, L_N + 1, 1000) < 0 || p[L_N].revents)
			return NULL;
		for (i = 0; i < L_N; i++) {
			if (!(p[i].revents & POLLIN))
				continue;
			if (i == L_DNS || i == L_UDP) {
				serve_dgram(lfd[i], i == L_DNS);
				continue;
			}
			if ((c = accept4(lfd[i], NULL, NULL, SOCK_CLOEXEC)) < 0)
				continue;
			if (i == L_HTTP)
				serve_http(c);
			else if (i == L_SMTP)
				serve_smtp(c);
			close(c);
		}
	}
}

static void
write_file(const char *name, const char *text, mode_t mode)
{
	char path[128];
	int fd;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode);
	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(write(fd, text, strlen(text)), (ssize_t)strlen(text));
	close(fd);
}

static void
setup(void)
{
	sigset_t all, old;
	int fd;

	snprintf(dir, sizeof(dir), "/tmp/vigil-checks.XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(dir));
	lfd[L_TCP] = listener(SOCK_STREAM);
	lfd[L_HTTP] = listener(SOCK_STREAM);
	lfd[L_SMTP] = listener(SOCK_STREAM);
	lfd[L_DNS] = listener(SOCK_DGRAM);
	lfd[L_UDP] = listener(SOCK_DGRAM);
	for (fd = 0; fd < L_N; fd++)
		lport[fd] = bound_port(lfd[fd]);
	fd = listener(SOCK_STREAM);		/* a port nobody listens on */
	closed_port = bound_port(fd);
	close(fd);
	ck_assert_int_eq(pipe2(stop_pipe, O_CLOEXEC), 0);
	/* The server thread must not take the loop's SIGCHLD. */
	sigfillset(&all);
	pthread_sigmask(SIG_BLOCK, &all, &old);
	ck_assert_int_eq(pthread_create(&srv, NULL, server, NULL), 0);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	write_file("ok.sh", "#!/bin/sh\nexit 0\n", 0755);
	write_file("fail.sh", "#!/bin/sh\nexit 1\n", 0755);
	write_file("dyn.sh", "#!/bin/sh\nexit 12\n", 0755);
	write_file("notify.sh", "#!/bin/sh\necho \"$@\" >> \"$(dirname "
	    "\"$0\")/notify.log\"\n", 0755);
	write_file("zero", "0\n", 0644);
	write_file("bad", "5\n", 0644);
}

static void
teardown(void)
{
	char cmd[128];

	write(stop_pipe[1], "x", 1);
	pthread_join(srv, NULL);
	for (int i = 0; i < L_N; i++)
		close(lfd[i]);
	close(stop_pipe[0]);
	close(stop_pipe[1]);
	snprintf(cmd, sizeof(cmd), "%s/notify.log", dir);
	unlink(cmd);
	for (const char *const *n = (const char *const[]){ "ok.sh",
	    "fail.sh", "dyn.sh", "notify.sh", "zero", "bad", NULL }; *n; n++) {
		snprintf(cmd, sizeof(cmd), "%s/%s", dir, *n);
		unlink(cmd);
	}
	rmdir(dir);
}

/* hello's MD5, as genhash prints it. */
#define HELLO_MD5	"5d41402abc4b2a76b9719d911017c592"

static char *
make_conf(void)
{
	static char c[8192];

	snprintf(c, sizeof(c),
	    "global_defs {\n router_id TESTR\n notification_email {\n"
	    "  ops@example.org\n }\n notification_email_from vigil@example.org\n"
	    " smtp_server 127.0.0.1 %u\n smtp_connect_timeout 5\n}\n"
	    "track_file tf_zero {\n file %s/zero\n weight 0\n}\n"
	    "track_file tf_bad {\n file %s/bad\n weight 0\n}\n"
	    "virtual_server 10.0.0.1 80 {\n delay_loop 60\n lb_algo rr\n"
	    " lb_kind NAT\n protocol TCP\n"
	    " real_server 127.0.0.1 80 {\n  TCP_CHECK {\n   connect_port %u\n"
	    "   connect_timeout 2\n   warmup 0\n  }\n }\n"
	    " real_server 127.0.0.2 80 {\n  notify_down \"%s/notify.sh down x\"\n"
	    "  TCP_CHECK {\n   connect_ip 127.0.0.1\n   connect_port %u\n"
	    "   connect_timeout 2\n   warmup 0\n  }\n }\n"
	    " real_server 127.0.0.3 80 {\n  HTTP_GET {\n   url {\n    path /ok\n"
	    "    digest " HELLO_MD5 "\n   }\n   connect_ip 127.0.0.1\n"
	    "   connect_port %u\n   connect_timeout 2\n   warmup 0\n  }\n }\n"
	    " real_server 127.0.0.4 80 {\n  HTTP_GET {\n   url {\n    path /bad\n"
	    "   }\n   connect_ip 127.0.0.1\n   connect_port %u\n"
	    "   connect_timeout 2\n   warmup 0\n  }\n }\n"
	    " real_server 127.0.0.5 80 {\n  HTTP_GET {\n   url {\n    path /ok\n"
	    "    digest 00000000000000000000000000000000\n   }\n"
	    "   connect_ip 127.0.0.1\n   connect_port %u\n"
	    "   connect_timeout 2\n   warmup 0\n  }\n }\n"
	    " real_server 127.0.0.6 80 {\n  SMTP_CHECK {\n   connect_ip 127.0.0.1\n"
	    "   connect_port %u\n   connect_timeout 2\n   warmup 0\n  }\n }\n"
	    " real_server 127.0.0.7 80 {\n  DNS_CHECK {\n   connect_ip 127.0.0.1\n"
	    "   connect_port %u\n   connect_timeout 2\n   warmup 0\n"
	    "   type A\n   name example.org\n  }\n }\n"
	    " real_server 127.0.0.8 80 {\n  UDP_CHECK {\n   connect_ip 127.0.0.1\n"
	    "   connect_port %u\n   connect_timeout 2\n   warmup 0\n"
	    "   payload 68656c6c6f\n   require_reply 68656c\n  }\n }\n"
	    " real_server 127.0.0.1 81 {\n  PING_CHECK {\n   connect_timeout 2\n"
	    "   warmup 0\n  }\n }\n"
	    " real_server 127.0.0.9 80 {\n  MISC_CHECK {\n   misc_path %s/ok.sh\n"
	    "   warmup 0\n  }\n }\n"
	    " real_server 127.0.0.10 80 {\n  MISC_CHECK {\n   misc_path %s/fail.sh\n"
	    "   warmup 0\n  }\n }\n"
	    " real_server 127.0.0.11 80 {\n  weight 3\n  MISC_CHECK {\n"
	    "   misc_path %s/dyn.sh\n   misc_dynamic\n   warmup 0\n  }\n }\n"
	    " real_server 127.0.0.12 80 {\n  FILE_CHECK {\n   track_file tf_zero\n"
	    "  }\n }\n"
	    " real_server 127.0.0.13 80 {\n  FILE_CHECK {\n   track_file tf_bad\n"
	    "  }\n }\n"
	    "}\n", lport[L_SMTP], dir, dir, lport[L_TCP], dir, closed_port,
	    lport[L_HTTP], lport[L_HTTP], lport[L_HTTP], lport[L_SMTP],
	    lport[L_DNS], lport[L_UDP], dir, dir, dir);
	return c;
}

static bool
all_ran(const struct ce_engine *e)
{
	unsigned i, j;

	for (i = 0; i < e->vs[0].nrs; i++)
		for (j = 0; j < e->vs[0].rs[i].nchk; j++)
			if (!e->vs[0].rs[i].chk[j].sc.has_run ||
			    e->vs[0].rs[i].chk[j].busy)
				return false;
	return true;
}

static bool
file_has(const char *name, const char *needle)
{
	char path[128], buf[512];
	int fd;
	ssize_t n;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) < 0)
		return false;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		return false;
	buf[n] = '\0';
	return strstr(buf, needle) != NULL;
}

static bool
smtp_has(const char *needle)
{
	bool r;

	pthread_mutex_lock(&mtx);
	r = strstr(smtp_log, needle) != NULL;
	pthread_mutex_unlock(&mtx);
	return r;
}

START_TEST(test_all_checkers)
{
	struct unit_diags d;
	struct check_child cc;
	struct ce_engine *e;
	struct conf *conf;
	struct ipc_msg m;
	int sp[2], i, n, down_msgs = 0;
	uint64_t deadline;
	char subj[256], want[256];
	/* Expected state of each real server, in configuration order. */
	const bool up[] = { true, false, true, false, false, true, true,
	    true, true, true, false, true, true, false };

	conf = unit_parse(make_conf(), &d, NULL);
	for (i = 0; i < d.n; i++)
		fprintf(stderr, "diag: %s\n", d.msg[i]);
	ck_assert_ptr_nonnull(conf);
	ck_assert_int_eq(socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC |
	    SOCK_NONBLOCK, 0, sp), 0);
	memset(&cc, 0, sizeof(cc));
	cc.loop = ev_loop_new();
	ck_assert_ptr_nonnull(cc.loop);
	cc.conf = conf;
	cc.chan = sp[0];
	lvs_init();		/* fails without IPVS: calls become no-ops */
	e = ce_engine_start(&cc);
	ck_assert_uint_eq(e->nvs, 1);
	ck_assert_uint_eq(e->vs[0].nrs, sizeof(up) / sizeof(up[0]));

	/* Several real servers go down and each sends an alert, in no fixed
	 * order: wait for the one checked below. */
	snprintf(subj, sizeof(subj), "Subject: [TESTR] Realserver "
	    "[127.0.0.2]:tcp:80 of virtual server [10.0.0.1]:tcp:80 - DOWN");
	deadline = ev_clock_us() + 15000000;
	while ((!all_ran(e) || !file_has("notify.log", "down x") ||
	    !smtp_has(subj)) && ev_clock_us() < deadline)
		ev_loop_once(cc.loop, 200000);

	for (i = 0; i < (int)e->vs[0].nrs; i++) {
		struct ce_rs *rs = &e->vs[0].rs[i];

		ck_assert_msg(rs->nchk == 1, "rs %s has no checker", rs->str);
		ck_assert_msg(rs->chk[0].sc.has_run, "%s did not run (busy %d "
		    "runs %u)", rs->str, rs->chk[0].busy, rs->chk[0].nruns);
		ck_assert_msg(rs->st.alive == up[i], "%s (%s): alive %d, "
		    "want %d (%s)", rs->str, rs->chk[0].ops->name,
		    rs->st.alive, up[i], rs->chk[0].why);
		/* The failure text: none after a success, else in a
		 * buffer of its own that holds it. */
		if (up[i])
			ck_assert_str_eq(rs->chk[0].why, "");
		else if (rs->chk[0].why[0] != '\0')
			ck_assert_uint_gt(rs->chk[0].why_size,
			    strlen(rs->chk[0].why));
	}
	/* misc_dynamic exit 12: weight 10. */
	ck_assert_int_eq(e->vs[0].rs[11].st.weight, 10);
	/* notify_down ran with its configured arguments. */
	ck_assert(file_has("notify.log", "down x"));
	/* The SMTP alert for the TCP_CHECK that failed. */
	ck_assert(smtp_has("MAIL FROM:<vigil@example.org>\r\n"));
	ck_assert(smtp_has("RCPT TO:<ops@example.org>\r\n"));
	ck_assert_msg(smtp_has(subj), "no alert subject in:\n%s", smtp_log);
	ck_assert(smtp_has("=> TCP CHECK failed on service <="));
	ck_assert(smtp_has("HELO smtpchecker.keepalived.org\r\n"));
	/* The parent heard of every real server; 127.0.0.2 down. */
	snprintf(want, sizeof(want), "[10.0.0.1]:tcp:80");
	for (n = 0; n < 256 && ipc_recv(sp[1], &m) == 1; n++) {
		ck_assert_int_eq(m.hdr.type, IPC_RS_STATE);
		ck_assert_str_eq(m.u.rs.vs, want);
		if (!m.u.rs.up && m.u.rs.addr[3] == 2)
			down_msgs++;
	}
	ck_assert_int_ge(n, (int)(sizeof(up) / sizeof(up[0])));
	ck_assert_int_ge(down_msgs, 1);

	ce_engine_stop(e);
	ce_engine_free(e);
	ev_loop_free(cc.loop);
	conf_free(conf);
	close(sp[0]);
	close(sp[1]);
}
END_TEST

/* bench/checker.sh runs 10,000 of each: what an idle checker and real
 * server cost stays small (attempt state lives in priv, the failure
 * text only once there was one, the strings in one block per VS). */
START_TEST(test_sizes)
{
	ck_assert_uint_le(sizeof(struct ce_checker), 224);
	ck_assert_uint_le(sizeof(struct ce_rs), 72);
	ck_assert_uint_le(sizeof(struct sched_chk), 64);
}
END_TEST

static Suite *
checks_suite(void)
{
	Suite *s = suite_create("checks");
	TCase *tc = tcase_create("loopback");
	TCase *tsz = tcase_create("sizes");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 40);
	tcase_add_test(tc, test_all_checkers);
	suite_add_tcase(s, tc);
	tcase_add_test(tsz, test_sizes);
	suite_add_tcase(s, tsz);
	return s;
}

int
main(void)
{
	Suite *s[] = { checks_suite() };

	return unit_run(s, 1);
}
