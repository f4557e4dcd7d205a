#!/bin/bash
# tests/netns/trackproc.sh: vrrp_track_process between two nodes.
#
#   bash tests/netns/trackproc.sh [BINARY [CASE...]]
#
# Topology from vrrp_lib.sh: nodes 192.0.2.1 and .2 /24, VIP 192.0.2.100.
# Node 1 (priority 200) runs BINARY and tracks a process `vtp-tracked`
# (a copy of sleep under that name, started by the test inside node 1's
# PID namespace); node 2 (priority 100) runs BINARY or, in the *_ka
# cases, Debian's keepalived 2.2.7 ($KA).
#
# Cases:
#   fault, fault_ka	unweighted track_process (fault: no weight line,
#			keepalived's default 0; fault_ka: weight 0): the
#			process is killed -> node 1 FAULT ("Quorum lost for
#			tracked process"), node 2 takes the VIP; started
#			again -> node 1 leaves FAULT and takes the VIP back
#			(preempt)
#   weight, weight_ka	track_process with weight -150 (terminate_delay
#			0.5, the same period as the /proc poll; the process
#			matched by its full command line, path and argument):
#			the kill lowers node 1 to 50, node 2 takes the VIP,
#			node 1 stays BACKUP (no FAULT); restarted -> 200
#			again and node 1 takes the VIP back
#   absent		quorum_max 0 (quorum only while no such process
#			runs): node 1 starts without the process and holds
#			the VIP; the process starts -> FAULT, node 2 takes
#			the VIP; killed -> node 1 takes the VIP back
#
# The time from the kill to "Quorum lost" is logged and must stay under
# 1 s + terminate_delay + MARGIN.  The nodes run in PID namespaces of
# their own, where the kernel's proc connector does not report (it
# serves the initial namespaces only), so Vigil reads /proc every
# 500 ms there; tests/unit/test_track_process.c checks the connector.
#
# Output: one line per check, then "netns-trackproc: N passed, M failed".

set -u
export LC_ALL=C
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
. "$here/vrrp_lib.sh"

ALL_CASES="fault fault_ka weight weight_ka absent"
TP_EXTRA=${TP_EXTRA:-}
MARGIN_MS=${MARGIN_MS:-600}
KA=${KA:-/usr/sbin/keepalived}
VIP=192.0.2.100
VL_SHOW_LINES=14
START_MS=1500
TD=
TP_PID=
TP_INNER=

node_state()
{
	grep -Eo 'Entering [A-Z]+ STATE' "$(vl_log "$1")" 2>/dev/null |
	    tail -n 1 | awk '{ print $2 }'
}

is_state()
{
	[ "$(node_state "$1")" = "$2" ]
}

# tp_start: run the tracked process inside node 1's namespaces (the
# daemon's PID namespace, so that its /proc sees it); $TP_INNER is its
# host pid.
tp_start()
{
	nsenter -t "${VL_KPID[1]}" -p -m -n -- "$TD/vtp-tracked" 1000 \
	    </dev/null >/dev/null 2>&1 &
	TP_PID=$!	# nsenter, which waits for the process
	TP_INNER=
	wait_until 5000 eval 'TP_INNER=$(pgrep -P "$TP_PID" -x vtp-tracked)' &&
	    [ -n "$TP_INNER" ]
}

tp_kill()
{
	[ -n "${TP_INNER:-}" ] && kill -9 "$TP_INNER" 2>/dev/null
	[ -n "$TP_PID" ] && wait "$TP_PID" 2>/dev/null
	TP_PID= TP_INNER=
}

cleanup()
{
	tp_kill
	vl_cleanup
	[ -n "$TD" ] && [ -d "$TD" ] && rm -rf "$TD"
}

# setup PEER TAG BODY [noproc]: both nodes, node 1 MASTER with (or,
# noproc, without) the process.  BODY: the lines of the
# vrrp_track_process block, @TD@ standing for the process's directory.
setup()
{
	local peer=$1 tag=$2 w=$3 noproc=${4:-} dl
	vl_setup 2 || { fail "$tag: topology"; return 1; }
	TD=$(mktemp -d /var/tmp/vigil-tp.XXXXXX) || return 1
	chmod 0755 "$TD"
	cp /bin/sleep "$TD/vtp-tracked" || return 1
	printf 'vrrp_track_process tp {\n%s}\n' "${w//@TD@/$TD}" \
	    >"$VL_DIR/head"
	vl_conf "$VL_DIR/n1.body" prio=200 extra='track_process {\n\t\ttp\n\t}'
	cat "$VL_DIR/head" "$VL_DIR/n1.body" >"$VL_DIR/n1.conf"
	vl_conf "$VL_DIR/n2.conf" prio=100
	vl_start 1 "$BIN" "$VL_DIR/n1.conf" ||
	    { fail "$tag: node 1 starts" "$(show_nodes)"; return 1; }
	if [ -z "$noproc" ]; then
		tp_start || { fail "$tag: tracked process starts"; return 1; }
	fi
	vl_start 2 "$peer" "$VL_DIR/n2.conf" ||
	    { fail "$tag: node 2 starts" "$(show_nodes)"; return 1; }
	dl=$((START_MS + $(vl_down_ms 2 200 1000) + MARGIN_MS + 1000))
	expect_within \
	    "$tag: node 1 (200, process ${noproc:+not }running) holds the VIP" \
	    "$dl" vl_only 1 $VIP
}

# kill_and_time TAG DELAY_MS: kill the process, time "Quorum lost".
kill_and_time()
{
	local tag=$1 delay=$2 n0 t0 p
	n0=$(log_count 1 "Quorum lost for tracked process tp")
	t0=$(now_ms)
	p=$TP_INNER
	tp_kill
	alive "$p" && { fail "$tag: the tracked process $p died"; return; }
	if wait_until $((1000 + delay + MARGIN_MS)) eval \
	    '[ "$(log_count 1 "Quorum lost for tracked process tp")" -gt "$n0" ]'
	then
		ok "$tag: kill -> Quorum lost within $((1000 + delay + MARGIN_MS)) ms"
		echo "      time: kill to quorum lost $(( $(now_ms) - t0 )) ms"
	else
		fail "$tag: kill -> Quorum lost" "$(show_nodes)"
	fi
}

fault_case()
{
	local peer=$1 tag=$2 w=$3 dl nb
	setup "$peer" "$tag" $'\tprocess vtp-tracked\n'"$w$TP_EXTRA" || return
	sleep 1
	kill_and_time "$tag" 0
	check "$tag: node 1 FAULT" wait_until 2000 is_state 1 FAULT
	dl=$(( $(vl_down_ms 2 100 1000) + MARGIN_MS + 1000 ))
	expect_within "$tag: node 2 takes the VIP" "$dl" vl_only 2 $VIP
	check "$tag: node 1 stays out while the process is gone" \
	    holds_for 2000 eval 'vl_only 2 $VIP && is_state 1 FAULT'
	nb=$(log_count 1 "Entering BACKUP STATE")
	tp_start || { fail "$tag: tracked process restarts"; return; }
	expect_within "$tag: process back -> node 1 leaves FAULT" 3000 \
	    eval '[ "$(log_count 1 "Entering BACKUP STATE")" -gt "$nb" ]'
	dl=$(( $(vl_down_ms 2 200 1000) + MARGIN_MS + 1000 ))
	expect_within "$tag: node 1 takes the VIP back (preempt)" "$dl" \
	    vl_only 1 $VIP
	check "$tag: node 1 logged keepalived's lines" eval \
	    'log_count 1 "Quorum gained for tracked process tp" >/dev/null'
}

weight_case()
{
	local peer=$1 tag=$2 dl
	setup "$peer" "$tag" $'\tprocess @TD@/vtp-tracked 1000\n'\
$'\tweight -150\n\tterminate_delay 0.5\n' || return
	sleep 1
	kill_and_time "$tag" 500
	dl=$(( $(vl_down_ms 2 100 1000) + MARGIN_MS + 1000 ))
	expect_within "$tag: priority 50 -> node 2 takes the VIP" "$dl" \
	    vl_only 2 $VIP
	check "$tag: node 1 lowered its priority, no FAULT" eval \
	    'log_count 1 "Changing effective priority from 200 to 50" \
	    >/dev/null && ! is_state 1 FAULT'
	tp_start || { fail "$tag: tracked process restarts"; return; }
	dl=$(( 1000 + $(vl_down_ms 2 200 1000) + MARGIN_MS + 1000 ))
	expect_within "$tag: process back -> node 1 takes the VIP back" \
	    "$dl" vl_only 1 $VIP
}

# quorum_max 0: the process appearing is the failure.
absent_case()
{
	local tag=absent dl nb n0
	setup "$BIN" "$tag" $'\tprocess vtp-tracked\n\tquorum_max 0\n' noproc ||
	    return
	n0=$(log_count 1 "Quorum lost for tracked process tp")
	tp_start || { fail "$tag: tracked process starts"; return; }
	expect_within "$tag: process started -> Quorum lost" \
	    $((1000 + MARGIN_MS)) eval \
	    '[ "$(log_count 1 "Quorum lost for tracked process tp")" -gt "$n0" ]'
	check "$tag: node 1 FAULT" wait_until 2000 is_state 1 FAULT
	dl=$(( $(vl_down_ms 2 100 1000) + MARGIN_MS + 1000 ))
	expect_within "$tag: node 2 takes the VIP" "$dl" vl_only 2 $VIP
	nb=$(log_count 1 "Entering BACKUP STATE")
	tp_kill
	expect_within "$tag: process gone -> node 1 leaves FAULT" 3000 \
	    eval '[ "$(log_count 1 "Entering BACKUP STATE")" -gt "$nb" ]'
	dl=$(( $(vl_down_ms 2 200 1000) + MARGIN_MS + 1000 ))
	expect_within "$tag: node 1 takes the VIP back (preempt)" "$dl" \
	    vl_only 1 $VIP
}

case_fault() { fault_case "$BIN" fault ""; }
case_fault_ka() { fault_case "$KA" "fault (peer keepalived)" $'\tweight 0\n'; }
case_absent() { absent_case; }
case_weight() { weight_case "$BIN" weight; }
case_weight_ka() { weight_case "$KA" "weight (peer keepalived)"; }

# --- driver ---------------------------------------------------------------------

VL_CLEANUP=cleanup
VL_KA_CASES='*_ka'
VL_BANNER="margin $MARGIN_MS ms, keepalived $KA"
vl_drive netns-trackproc "$here/trackproc.sh" "$@"
