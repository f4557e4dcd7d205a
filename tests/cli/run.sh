#!/bin/bash
# tests/cli/run.sh: Vigil's command line against the installed keepalived.
#
#   bash tests/cli/run.sh build/keepalived
#
# Each case runs both binaries with the same arguments and compares exit
# status, stdout and stderr, except where Vigil differs on purpose (its
# version line, the -g lines of --help, a long option's name in "Missing
# parameter"; see doc/differences-from-keepalived.md).  keepalived only
# ever runs here with -t, -v, -h or --signum, or inside a throw-away
# namespace, so no daemon starts on the host.  One line per case, then
# "cli: N passed, M failed"; the exit status is 1 when a case failed.
#
# Environment: KEEPALIVED (default: keepalived in PATH or /usr/sbin).

set -u
export LC_ALL=C

vigil=${1:?usage: run.sh PATH-TO-VIGIL-KEEPALIVED}
ref=${KEEPALIVED:-$(command -v keepalived || echo /usr/sbin/keepalived)}
case $vigil in /*) ;; *) vigil=$(pwd)/$vigil ;; esac

if [ ! -x "$ref" ]; then
	echo "cli: no reference keepalived at $ref"
	echo "cli: 0 passed, 0 failed"
	exit 0
fi

tmp=$(mktemp -d /tmp/vigil-cli.XXXXXX)
trap 'rm -rf "$tmp"' EXIT
passed=0
failed=0

printf 'global_defs {\n router_id cli_test\n}\n' >"$tmp/good.conf"
printf 'global_defs {\n router_id cli_test\n bogus_keyword 1\n}\n' \
	>"$tmp/warn.conf"

# run WHO ARGS...: run a binary with its outputs in $tmp/WHO.{out,err,rc}.
run() {
	local who=$1 bin
	shift
	if [ "$who" = ref ]; then bin=$ref; else bin=$vigil; fi
	(cd "$tmp" && "$bin" "$@" >"$tmp/$who.out" 2>"$tmp/$who.err")
	echo $? >"$tmp/$who.rc"
}

result() {
	if [ "$1" -eq 0 ]; then
		echo "ok    $2"
		passed=$((passed + 1))
	else
		echo "FAIL  $2"
		sed 's/^/      /' "$tmp/why" 2>/dev/null
		failed=$((failed + 1))
	fi
	rm -f "$tmp/why"
}

# same FILE...: compare ref and vigil versions of each output.
same() {
	local f rc=0
	for f in "$@"; do
		if ! diff "$tmp/ref.$f" "$tmp/vigil.$f" >>"$tmp/why" 2>&1; then
			echo "($f differs: < keepalived, > vigil)" >>"$tmp/why"
			rc=1
		fi
	done
	return $rc
}

# full ARGS...: everything must match.
full() {
	run ref "$@"
	run vigil "$@"
	same rc out err
	result $? "$*"
}

# status ARGS...: exit status and stdout (the diagnostics' text belongs to
# the config oracle, tests/config).
status() {
	run ref "$@"
	run vigil "$@"
	same rc out
	result $? "$* (status)"
}

# The usage line names argv[0]; -g and --flush-log-file are Vigil's.
help_case() {
	run ref "$@"
	run vigil "$@"
	sed -i 's/^Usage: [^ ]* /Usage: keepalived /' "$tmp/ref.err" \
		"$tmp/vigil.err"
	sed -i -e '/^  -g, --log-file/d' -e '/^      --flush-log-file/d' \
		"$tmp/vigil.err"
	same rc out err
	result $? "$* (without Vigil's -g lines)"
}

# The first line is keepalived's banner; the second names Vigil.
version_case() {
	local rc
	run ref "$@"
	run vigil "$@"
	head -n 1 "$tmp/ref.err" >"$tmp/ref.line1"
	head -n 1 "$tmp/vigil.err" >"$tmp/vigil.line1"
	same rc out line1
	rc=$?
	if ! sed -n 2p "$tmp/vigil.err" |
	    grep -Eq '^Vigil [^ ]+ \(keepalived-compatible\)$'; then
		echo "no Vigil line 2: $(sed -n 2p "$tmp/vigil.err")" \
			>>"$tmp/why"
		rc=1
	fi
	result $rc "$* (banner line; Vigil line 2)"
}

# keepalived prints garbage ("--X") for a long option missing its
# argument at the end of the line; Vigil names the option.
missing_long_case() {
	local name=$1 rc
	shift
	run ref "$@"
	run vigil "$@"
	same rc out
	rc=$?
	echo "Missing parameter for option --$name" >"$tmp/expect"
	if ! diff "$tmp/expect" "$tmp/vigil.err" >>"$tmp/why"; then
		rc=1
	fi
	result $rc "$* (names --$name)"
}

# -tFILE: the diagnostics are appended to FILE, nothing on stderr.
logfile_case() {
	local rc
	rm -f "$tmp/ref.log" "$tmp/vigil.log"
	run ref "-t$tmp/ref.log" "$@"
	run vigil "-t$tmp/vigil.log" "$@"
	wc -l <"$tmp/ref.log" >"$tmp/ref.lines"
	wc -l <"$tmp/vigil.log" >"$tmp/vigil.lines"
	same rc out err lines
	result $? "-tFILE $* (same number of lines in FILE)"
}

# Vigil alone: -t -d prints the model on stdout.
dump_case() {
	local rc=0
	run vigil -t -d -f "$tmp/good.conf"
	[ "$(cat "$tmp/vigil.rc")" = 0 ] || rc=1
	grep -q cli_test "$tmp/vigil.out" || rc=1
	[ $rc -eq 0 ] || cat "$tmp/vigil.out" "$tmp/vigil.err" >"$tmp/why"
	result $rc "-t -d -f good.conf (Vigil prints the model)"
}

# Daemon mode with a missing configuration exits 6; run both only inside
# private network/mount/pid namespaces with a private /run.
daemon_case() {
	local who bin
	if [ "$(id -u)" != 0 ] || ! command -v unshare >/dev/null; then
		echo "skip  daemon mode (needs root and unshare)"
		return
	fi
	for who in ref vigil; do
		if [ $who = ref ]; then bin=$ref; else bin=$vigil; fi
		timeout 20 unshare -n -m -p -f --mount-proc sh -c \
			'mount -t tmpfs none /run && exec timeout 10 "$0" -n -G -f "$1"' \
			"$bin" "$tmp/missing.conf" >"$tmp/$who.out" 2>"$tmp/$who.err"
		echo $? >"$tmp/$who.rc"
	done
	same rc
	result $? "-n -G -f missing.conf (daemon mode, exit 6, in a namespace)"
}

version_case -v
version_case --version
version_case --ver -Q
help_case -h
help_case --help
help_case -Q -h

for s in STOP RELOAD DATA STATS STATS_CLEAR JSON; do
	full --signum=$s
done
full --signum RELOAD
full --sig=JSON
full --signum=TDUMP
full --signum=reload
full --signum=
full -Q --signum=STOP

full -t -Q
full -t --bogus
full -t --bogus=3
full -t --vrrp=x
full -t --v
full -t --log
full -t -lQ
full -t -Q --bogus -f
full -t -f
full -t -S
full -t --use-file=
full -t --umask=
full -t a --bogus
full -t a --use
missing_long_case use-file -t --use-file
missing_long_case signum --signum
missing_long_case config-id -t --config-id

full -t -f "$tmp/good.conf"
full --config-test -f "$tmp/good.conf"
status -t -f "$tmp/warn.conf"
full -t -f "$tmp/missing.conf"
full -t -f "$tmp/good.conf" a b
full -t -- -Q -f "$tmp/good.conf"
full -t -S local3 -f "$tmp/good.conf"
full -t -Sfoo -f "$tmp/good.conf"
full -Sfoo -t -f "$tmp/good.conf"
full -t -Slocal8 -f "$tmp/good.conf"
full -t -S-1 -f "$tmp/good.conf"
full -t -u 077 -f "$tmp/good.conf"
full -t/nonexistent/dir/x -f "$tmp/good.conf"
logfile_case -f "$tmp/good.conf"
logfile_case -f "$tmp/warn.conf"
logfile_case -f "$tmp/good.conf" -Q
dump_case
daemon_case

echo "cli: $passed passed, $failed failed"
[ $failed -eq 0 ]
