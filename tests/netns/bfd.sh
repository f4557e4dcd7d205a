#!/bin/bash
# tests/netns/bfd.sh: bfd_instance sessions and track_bfd, against Debian's
# keepalived 2.2.7 and against Vigil itself.
#
#   bash tests/netns/bfd.sh [BINARY [CASE...]]
#
# BINARY defaults to build/keepalived.  Three nodes on a bridge
# (tests/netns/vrrp_lib.sh), 192.0.2.1 .. .3/24:
#	node 1	BINARY: bfd_instance BFD_1 towards node 3 (min_rx/min_tx
#		100 ms, multiplier 3: a 300 ms detection time), and
#		vrrp_instance VI_1 priority 200 with track_bfd BFD_1
#	node 2	BINARY: VI_1 priority 100, no BFD (the backup)
#	node 3	the BFD peer only: bfd_instance BFD_1 towards node 1
# Cases:
#   ka		node 3 runs /usr/sbin/keepalived (KA): the session comes Up
#		on both sides and node 1 becomes MASTER; node 3 crashes ->
#		node 1 logs the expiry within the detection time (plus
#		MARGIN_MS), VI_1 enters FAULT and the VIP moves to node 2;
#		node 3 restarts -> Up again and the VIP comes back to node 1
#   vigil	the same with node 3 running BINARY; also the BFD child's
#		pid file /run/bfd.pid (inside node 1's private /run) names
#		a live process while it runs, and SIGUSR1 writes
#		keepalived_bfd.data with the session Up
#   check	node 1 runs BINARY --all with a virtual_server whose real server
#		192.0.2.3:80 has BFD_CHECK BFD_1 (no IPVS here: Vigil's
#		checker runs the checks alone): the checker is UP once the
#		session is; node 3 (BINARY) crashes -> DOWN within the
#		detection time plus MARGIN_MS
#   nobfd	-B: node 1 runs no BFD child (no /run/bfd.pid, no session)
#
# One line per check; last line "netns-bfd: N passed, M failed"; exit
# status 1 when a check failed.  Needs root.  Everything is removed by an
# EXIT trap (vl_cleanup).

set -u
export LC_ALL=C
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
. "$here/vrrp_lib.sh"

ALL_CASES="ka vigil check nobfd"
MARGIN_MS=${MARGIN_MS:-1500}
KA=${KA:-/usr/sbin/keepalived}
VIP=192.0.2.100
DETECT_MS=300
# Session Up, from start: the first packets go out at once, but a
# Down/Init/Up round trip at idle_tx (1 s) takes up to a few seconds.
UP_MS=8000

# bfd_block NAME PEER SELF: a bfd_instance towards PEER.
bfd_block()
{
	printf 'bfd_instance %s {\n\tneighbor_ip %s\n\tsource_ip %s\n' \
	    "$1" "$2" "$3"
	printf '\tmin_rx 100\n\tmin_tx 100\n\tidle_tx 1000\n'
	printf '\tmultiplier 3\n}\n'
}

# confs: the three nodes' configurations in $VL_DIR/n{1,2,3}.conf.
confs()
{
	vl_conf "$VL_DIR/vr1" prio=200 'extra=track_bfd {\n\t\tBFD_1\n\t}'
	{ bfd_block BFD_1 192.0.2.3 192.0.2.1; cat "$VL_DIR/vr1"; } \
	    >"$VL_DIR/n1.conf"
	vl_conf "$VL_DIR/n2.conf" prio=100
	{ printf 'global_defs {\n\trouter_id n3\n}\n'
	  bfd_block BFD_1 192.0.2.1 192.0.2.3; } >"$VL_DIR/n3.conf"
}

show_nodes()
{
	local k
	for k in 1 2 3; do
		echo "      node $k: VIP $(vl_has_vip "$k" $VIP && echo yes ||
		    echo no)"
		show_log "$(vl_log "$k")" 12
	done
}

# nlines K ERE: how many lines of node K's log match.
nlines()
{
	grep -Ec "$2" "$(vl_log "$1")" 2>/dev/null
}

# more K ERE N: node K's log has more than N matching lines.
more()
{
	[ "$(nlines "$1" "$2")" -gt "$3" ]
}

UP_RE='\(BFD_1\) Entering Up state'
DOWN_RE='\(BFD_1\) Entering Down state'

# run_failover PEER_BIN LABEL: the scenario of the ka and vigil cases.
run_failover()
{
	local peer=$1 l=$2 dl n1 n3
	vl_setup 3 || { fail "$l: topology"; return 1; }
	confs
	vl_start 3 "$peer" "$VL_DIR/n3.conf" &&
	    vl_start 2 "$BIN" "$VL_DIR/n2.conf" &&
	    vl_start 1 "$BIN" "$VL_DIR/n1.conf" ||
	    { fail "$l: the nodes start" "$(show_nodes)"; return 1; }
	expect_within "$l: the session comes Up on node 1" "$UP_MS" \
	    log_has "$(vl_log 1)" "$UP_RE" || return 1
	expect_within "$l: ... and on node 3" "$UP_MS" \
	    log_has "$(vl_log 3)" "$UP_RE" || return 1
	dl=$(( $(vl_down_ms 2 200 1000) + 1000 + MARGIN_MS ))
	expect_within "$l: node 1 (track_bfd, priority 200) is MASTER" \
	    "$dl" vl_only 1 $VIP || return 1
	check "$l: ... with the 300 ms detection time agreed" log_has \
	    "$(vl_log 1)" 'Detection time is 300000 us'

	n1=$(nlines 1 "$DOWN_RE")
	vl_crash 3
	expect_within "$l: node 3 crashes -> node 1's session goes Down" \
	    $((DETECT_MS + MARGIN_MS)) more 1 "$DOWN_RE" "$n1" || return 1
	check "$l: ... because the detection time expired" log_has \
	    "$(vl_log 1)" 'Expired after .*Entering Down|Control Detection Time Expired'
	dl=$(( $(vl_down_ms 2 100 1000) + MARGIN_MS ))
	expect_within "$l: ... VI_1 on node 1 enters FAULT, node 2 takes the VIP" \
	    "$dl" eval 'vl_only 2 $VIP && log_has "$(vl_log 1)" "Entering FAULT STATE"' ||
	    return 1

	n1=$(nlines 1 "$UP_RE")
	vl_wait_down 3 3000
	vl_start 3 "$peer" "$VL_DIR/n3.conf" ||
	    { fail "$l: node 3 restarts" "$(show_nodes)"; return 1; }
	expect_within "$l: node 3 restarts -> the session is Up again" \
	    "$UP_MS" more 1 "$UP_RE" "$n1" || return 1
	dl=$(( $(vl_down_ms 2 200 1000) + MARGIN_MS ))
	expect_within "$l: ... and the VIP is back on node 1" "$dl" \
	    vl_only 1 $VIP
}

case_ka()
{
	run_failover "$KA" ka
}

# node_file K PATH: PATH inside node K's private mounts.
node_file()
{
	echo "/proc/${VL_KPID[$1]}/root$2"
}

case_vigil()
{
	local pf pid
	run_failover "$BIN" vigil || return
	pf=$(node_file 1 /run/bfd.pid)
	pid=$(cat "$pf" 2>/dev/null)
	# The pid is the node's own (its PID namespace; the daemon is 1).
	if [ -n "$pid" ] && [ "$pid" != 1 ] && grep -q '^PPid:[[:space:]]*1$' \
	    "$(node_file 1 "/proc/$pid/status")" 2>/dev/null; then
		ok "vigil: /run/bfd.pid names the BFD child (pid $pid)"
	else
		fail "vigil: /run/bfd.pid names the BFD child" \
		    "pid file: '$pid'"
	fi
	vl_signal 1 USR1
	expect_within "vigil: SIGUSR1 -> keepalived_bfd.data shows the session Up" \
	    3000 eval 'grep -q "local state = Up" "$(node_file 1 /tmp/keepalived_bfd.data)"'
	vl_signal 1 TERM
	check "vigil: SIGTERM -> node 1 stops" vl_wait_down 1 5000
}

RS_RE='BFD check of \[BFD_1\] RS\(\[192\.0\.2\.3\]:tcp:80\) is'

case_check()
{
	local n
	vl_setup 3 || { fail "check: topology"; return; }
	confs
	{ bfd_block BFD_1 192.0.2.3 192.0.2.1
	  printf 'virtual_server 192.0.2.100 80 {\n\tdelay_loop 5\n'
	  printf '\tlb_kind NAT\n\tprotocol TCP\n'
	  printf '\treal_server 192.0.2.3 80 {\n\t\tBFD_CHECK {\n'
	  printf '\t\t\tname BFD_1\n\t\t}\n\t}\n}\n'; } >"$VL_DIR/c1.conf"
	vl_start 3 "$BIN" "$VL_DIR/n3.conf" &&
	    vl_start 1 "$BIN" "$VL_DIR/c1.conf" --all ||
	    { fail "check: the nodes start" "$(show_nodes)"; return; }
	expect_within "check: the session comes Up -> BFD_CHECK is UP" \
	    "$UP_MS" log_has "$(vl_log 1)" "$RS_RE UP" || return
	# Until node 3 is Up too it sends at idle_tx: a 3 s detection time.
	expect_within "check: ... node 1 agrees the 300 ms detection time" \
	    "$UP_MS" log_has "$(vl_log 1)" 'Detection time is 300000 us' ||
	    return
	n=$(nlines 1 "$RS_RE DOWN")
	vl_crash 3
	expect_within "check: node 3 crashes -> BFD_CHECK is DOWN" \
	    $((DETECT_MS + MARGIN_MS)) more 1 "$RS_RE DOWN" "$n"
}

case_nobfd()
{
	vl_setup 3 || { fail "nobfd: topology"; return; }
	confs
	vl_start 3 "$BIN" "$VL_DIR/n3.conf" &&
	    vl_start 1 "$BIN" "$VL_DIR/n1.conf" -B ||
	    { fail "nobfd: the nodes start" "$(show_nodes)"; return; }
	expect_within "nobfd: node 1 starts its VRRP child" 3000 \
	    log_has "$(vl_log 1)" 'Starting VRRP child process'
	check "nobfd: with -B no BFD child starts" holds_for 2000 eval \
	    '! log_has "$(vl_log 1)" "Starting BFD child" &&
	    [ ! -e "$(node_file 1 /run/bfd.pid)" ]'
	check "nobfd: ... so the session never comes Up on node 3" \
	    eval '! log_has "$(vl_log 3)" "$UP_RE"'
}

VL_KA_CASES="ka"
vl_drive netns-bfd "$here/bfd.sh" "$@"
