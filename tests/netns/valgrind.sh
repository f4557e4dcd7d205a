#!/bin/bash
# tests/netns/valgrind.sh: start, reload and stop the daemon under
# valgrind's memcheck, in namespaces of its own (tests/netns/lib.sh).
#
#   bash tests/netns/valgrind.sh [BINARY]
#
# BINARY defaults to build/keepalived.  The daemon runs in the foreground
# (-n) as
#	valgrind --leak-check=full --error-exitcode=99 --trace-children=yes
# with one log per process (the forked children included).  A check fails
# when a process's log reports an error (invalid access, uninitialised
# value, definite or possible leak: memcheck counts them all in its
# ERROR SUMMARY), when the parent exits 99 or not 0, or when a stage does
# not complete.  One line per check, then "netns-valgrind: N passed, M
# failed".  Needs root and valgrind.
#
# Environment: VG_READY_MS (default 30000), VALGRIND_ARGS (extra options).

set -u
export LC_ALL=C
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"

VG_READY_MS=${VG_READY_MS:-30000}

# pidfile_up FILE: the pid file names a live process (under valgrind the
# comm is valgrind's, not keepalived).
pidfile_up()
{
	local p
	p=$(pidfile_pid "$1") && alive "$p"
}

vg_ready()
{
	pidfile_up /run/keepalived.pid && pidfile_up /run/vrrp.pid &&
	    pidfile_up /run/checkers.pid
}

# vg_logs_done: every process valgrind started has written its summary.
vg_logs_done()
{
	local f
	for f in /tmp/vg/vg.*.log; do
		[ -f "$f" ] || return 1
		grep -q 'ERROR SUMMARY:' "$f" || return 1
	done
}

case_valgrind()
{
	local vp rc f n errs base nlogs=0
	write_config
	mkdir -p /tmp/vg
	# shellcheck disable=SC2086
	valgrind --leak-check=full --error-exitcode=99 --trace-children=yes \
	    --child-silent-after-fork=no --log-file=/tmp/vg/vg.%p.log \
	    ${VALGRIND_ARGS:-} "$BIN" -n -G -l </dev/null >/tmp/k.log 2>&1 &
	vp=$!
	if wait_until "$VG_READY_MS" vg_ready; then
		ok "valgrind: parent and both children up ($waited_ms ms)"
	else
		fail "valgrind: parent and both children up" "$(ps_lines)"
		show_log /tmp/k.log
	fi
	kill -HUP "$vp"
	if wait_until "$VG_READY_MS" log_has /tmp/k.log 'Reload complete'
	then
		ok "valgrind: SIGHUP reload complete ($waited_ms ms)"
	else
		fail "valgrind: SIGHUP reload complete"
		show_log /tmp/k.log
	fi
	# Let the children finish their own reload before the stop: each
	# logs "Reloading" and keeps its pid file.
	wait_until "$VG_READY_MS" eval \
	    '[ "$(grep -c "Reloading$" /tmp/k.log)" -ge 2 ] && vg_ready'
	kill -TERM "$vp"
	if wait_until "$VG_READY_MS" eval '! alive "$vp"'; then
		ok "valgrind: SIGTERM stops the daemon ($waited_ms ms)"
	else
		fail "valgrind: SIGTERM stops the daemon" "$(ps_lines)"
		kill -KILL "$vp"
	fi
	wait "$vp"
	rc=$?
	check "valgrind: parent exit status 0 (got $rc)" [ "$rc" -eq 0 ]
	wait_until "$VG_READY_MS" vg_logs_done
	for f in /tmp/vg/vg.*.log; do
		[ -f "$f" ] || continue
		nlogs=$((nlogs + 1))
		base=${f##*/}
		errs=$(sed -n 's/.*ERROR SUMMARY: \([0-9]*\) errors.*/\1/p' "$f" |
		    tail -n 1)
		n=$(grep -m 1 'definitely lost:' "$f" | sed 's/.*lost: //')
		if [ -n "$errs" ] && [ "$errs" -eq 0 ]; then
			ok "valgrind: $base: 0 errors${n:+ (definitely lost: $n)}"
		else
			fail "valgrind: $base: ${errs:-no} errors"
			grep -E -A12 '^==[0-9]+== (Invalid|Conditional|Use of|Syscall|Mismatched|Source and|[0-9,]+ bytes in)' "$f" |
			    head -n 60 | sed 's/^/      | /'
		fi
	done
	check "valgrind: a log for the parent and each child ($nlogs >= 3)" \
	    [ "$nlogs" -ge 3 ]
}

if [ "${1:-}" = --inner ]; then
	BIN=$2
	if ! netns_setup; then
		fail "$3: namespace setup"
		exit 1
	fi
	"case_$3"
	exit 0
fi

BIN=${1:-$here/../../build/keepalived}
case $BIN in /*) ;; *) BIN=$(pwd)/$BIN ;; esac
passed=0
failed=0
if [ "$(id -u)" -ne 0 ] || ! command -v valgrind >/dev/null ||
    [ ! -x "$BIN" ]; then
	echo "netns-valgrind: needs root, valgrind and $BIN"
	echo "netns-valgrind: 0 passed, 1 failed"
	exit 1
fi
made_etc=
if [ ! -d /etc/keepalived ]; then
	mkdir /etc/keepalived && made_etc=1
fi
trap '[ -n "$made_etc" ] && rmdir /etc/keepalived' EXIT

echo "netns-valgrind: $BIN"
CASE_TIMEOUT=${CASE_TIMEOUT:-300} \
    netns_run_case "$here/valgrind.sh" "$BIN" valgrind
echo "netns-valgrind: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
