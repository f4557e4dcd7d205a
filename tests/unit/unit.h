/*
 * unit.h: shared helpers for the Check suites.
 *
 * Each tests/unit/test_*.c file is one program with a main() that runs
 * its suites through unit_run().  Helpers here parse a configuration
 * from a string and collect its diagnostics for assertions.
 */
#ifndef VIGIL_UNIT_H
#define VIGIL_UNIT_H

#include <sys/wait.h>

#include <check.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "conf.h"
#include "engine.h"

#define UNIT_MAX_DIAGS	256

struct unit_diags {
	int		n;
	enum cfg_err	sev[UNIT_MAX_DIAGS];
	unsigned	line[UNIT_MAX_DIAGS];
	char		msg[UNIT_MAX_DIAGS][512];
};

static inline void
unit_sink(void *ctx, const struct cfg_diag *d)
{
	struct unit_diags *u = ctx;

	if (u->n >= UNIT_MAX_DIAGS)
		return;
	u->sev[u->n] = d->sev;
	u->line[u->n] = d->line;
	snprintf(u->msg[u->n], sizeof(u->msg[0]), "%s", d->msg);
	u->n++;
}

/* Parse text as "test.conf"; diagnostics land in *u (may be NULL). */
static inline struct conf *
unit_parse(const char *text, struct unit_diags *u, struct cfg_result *res)
{
	static struct unit_diags scratch;
	struct cfg_opts opts = { 0 };
	struct cfg_result r;

	if (u == NULL)
		u = &scratch;
	memset(u, 0, sizeof(*u));
	opts.config_test = true;
	opts.config_id = "testhost";
	opts.sink = unit_sink;
	opts.sink_ctx = u;
	return conf_load_string(text, "test.conf", &opts, res ? res : &r);
}

/* Index of the first diagnostic containing needle (at line, if line is
 * nonzero), or -1. */
static inline int
unit_find(const struct unit_diags *u, unsigned line, const char *needle)
{
	int i;

	for (i = 0; i < u->n; i++)
		if ((line == 0 || u->line[i] == line) &&
		    strstr(u->msg[i], needle) != NULL)
			return i;
	return -1;
}

#define ck_assert_diag(u, line, needle)					\
	ck_assert_msg(unit_find((u), (line), (needle)) >= 0,		\
	    "no diagnostic \"%s\" at line %u", (needle), (unsigned)(line))
#define ck_assert_no_diag(u, needle)					\
	ck_assert_msg(unit_find((u), 0, (needle)) < 0,			\
	    "unexpected diagnostic \"%s\"", (needle))

/* Run the suites, print Check's summary, return the process status. */
static inline int
unit_run(Suite **suites, int n)
{
	SRunner *sr;
	int i, failed;

	sr = srunner_create(suites[0]);
	for (i = 1; i < n; i++)
		srunner_add_suite(sr, suites[i]);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}

/* Run argv (searched in PATH) with stdout into out when out is not NULL
 * (NUL-terminated, truncated to size - 1; the rest is drained) and
 * stderr to /dev/null; its exit status, 128 when it did not exit. */
static inline int
unit_capture(const char *const argv[], char *out, size_t size)
{
	int pfd[2], status, devnull;
	size_t used = 0;
	ssize_t n;
	pid_t pid;

	ck_assert_int_eq(pipe2(pfd, O_CLOEXEC), 0);
	pid = fork();
	ck_assert_int_ge(pid, 0);
	if (pid == 0) {
		dup2(pfd[1], STDOUT_FILENO);
		if ((devnull = open("/dev/null", O_WRONLY)) >= 0)
			dup2(devnull, STDERR_FILENO);
		execvp(argv[0], (char *const *)argv);
		_exit(127);
	}
	close(pfd[1]);
	for (;;) {
		char scratch[512];
		int room = out != NULL && used + 1 < size;

		n = read(pfd[0], room ? out + used : scratch,
		    room ? size - used - 1 : sizeof(scratch));
		if (n == -1 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		if (room)
			used += (size_t)n;
	}
	close(pfd[0]);
	if (out != NULL)
		out[used] = '\0';
	ck_assert_int_eq(waitpid(pid, &status, 0), pid);
	return WIFEXITED(status) ? WEXITSTATUS(status) : 128;
}

/* Run argv as unit_capture does, output discarded; the test fails unless
 * it exits 0, naming the whole command. */
static inline void
unit_cmd(const char *const argv[])
{
	char line[512];
	size_t used = 0;
	int i, n;

	if (unit_capture(argv, NULL, 0) == 0)
		return;
	line[0] = '\0';
	for (i = 0; argv[i] != NULL && used < sizeof(line); i++) {
		n = snprintf(line + used, sizeof(line) - used, "%s%s",
		    i > 0 ? " " : "", argv[i]);
		if (n < 0)
			break;
		used += (size_t)n;
	}
	ck_abort_msg("command failed: %s", line);
}

#define UNIT_RUN(...)	unit_cmd((const char *const[]){ __VA_ARGS__, NULL })

#endif
