/*
 * fuzz_parser: libFuzzer harness for the keepalived.conf reader.
 *
 * Feeds each input to conf_load_string() as -t would parse it (strict
 * numbers, no interface lookups) and frees the result, so ASan, UBSan
 * and LeakSanitizer see every path of reader, lexer, engine and keyword
 * handlers.  Diagnostics are discarded.
 *
 * include is followed by the reader.  To keep the fuzzer from reading
 * arbitrary files of the host (/proc/kcore is a "regular file" of many
 * terabytes), the harness works in a scratch directory holding two small
 * include targets and skips inputs that could name a path outside it (see
 * may_escape).  Relative includes and their globs still exercise the
 * include code against the scratch files.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "conf.h"
#include "engine.h"

int	LLVMFuzzerInitialize(int *, char ***);
int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static const char inc_a[] =
    "vrrp_instance INC_A {\n"
    "    interface lo\n"
    "    virtual_router_id 7\n"
    "    priority 100\n"
    "    virtual_ipaddress {\n"
    "        192.0.2.7/24\n"
    "    }\n"
    "}\n";

static const char inc_b[] =
    "global_defs {\n"
    "    router_id FUZZ\n"
    "}\n"
    "include a.conf\n";

static void
discard(void *ctx, const struct cfg_diag *d)
{
}

static void
write_file(const char *name, const char *text)
{
	FILE *f;

	if ((f = fopen(name, "w")) == NULL)
		return;
	fputs(text, f);
	fclose(f);
}

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	const char *tmp = getenv("TMPDIR");
	char dir[4096];

	if (tmp == NULL || *tmp == '\0')
		tmp = "/tmp";
	snprintf(dir, sizeof(dir), "%s/vigil-fuzz-XXXXXX", tmp);
	if (mkdtemp(dir) == NULL || chdir(dir) == -1) {
		perror("fuzz_parser: scratch directory");
		exit(1);
	}
	write_file("a.conf", inc_a);
	write_file("b.conf", inc_b);
	return 0;
}

/*
 * An input that could name a file outside the scratch directory: that
 * takes a '/' and an include, written out or put together from $NAME
 * definitions (which may split the word into pieces).
 */
static int
may_escape(const char *text)
{
	return strchr(text, '/') != NULL &&
	    (strstr(text, "include") != NULL || strchr(text, '$') != NULL);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct cfg_opts opts = {
		.config_id = "fuzz",
		.config_test = true,
		.check_ifaces = false,
		.sink = discard,
	};
	struct cfg_result res;
	struct conf *c;
	char *text;

	if ((text = malloc(size + 1)) == NULL)
		return 0;
	memcpy(text, data, size);
	text[size] = '\0';
	if (!may_escape(text)) {
		c = conf_load_string(text, "fuzz.conf", &opts, &res);
		conf_free(c);
	}
	free(text);
	return 0;
}
