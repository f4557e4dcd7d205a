#!/bin/bash
# tests/netns/syncgroup.sh: a sync group of two instances on two
# interfaces moves as one, as keepalived 2.2.7's does.
#
#   bash tests/netns/syncgroup.sh [BINARY [CASE...]]
#
# BINARY defaults to build/keepalived.  Topology: vrrp_lib.sh's two nodes
# (192.0.2.1 and .2 /24 on veth0, bridge br0) plus a second link on each
# (198.51.100.1 and .2 /24 on veth1, bridge br1 in the same switch
# namespace).  Each node runs a vrrp_sync_group G1 of VI_A (veth0, VRID
# 51, VIP 192.0.2.100) and VI_B (veth1, VRID 52, VIP 198.51.100.100),
# node 1 at priority 200, node 2 at 100, both state BACKUP, preempt.
#
# Cases (each: which binary runs node 1 / node 2; $KA is Debian's
# keepalived 2.2.7):
#   vigil	BINARY / BINARY
#   ka2		BINARY / $KA	(Vigil's group leaves MASTER as one)
#   ka1		$KA / BINARY	(Vigil's group takes MASTER as one: its VI_B
#				hears node 1's priority 0 advert first, but
#				must wait for VI_A's Master_Down)
# Checks in each: both VIPs on node 1 only after the election; link down
# of veth0 (VI_A's) on node 1 -> node 1 logs the group to FAULT, both
# instances FAULT, and both VIPs are on node 2 only within node 2's
# Master_Down + MARGIN, the two arriving within TOGETHER_MS of each other;
# they stay there (node 1's VI_B, whose link is up, does not preempt)
# for node 1's Master_Down + MARGIN; link up -> both back on node 1 only
# within its Master_Down + MARGIN + 1 s, together, by preemption (FAULT ->
# BACKUP -> MASTER logged for each), node 2's instances BACKUP again.
#
# Output: one line per check, measured times on "time:" lines, then
# "netns-syncgroup: N passed, M failed"; exit status 1 when a check failed.
# Needs root.  About 20 s a case.
#
# Environment: MARGIN_MS (default 400), TOGETHER_MS (default 300),
# CASE_TIMEOUT (seconds per case, default 60), KA.

set -u
export LC_ALL=C
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
. "$here/vrrp_lib.sh"

ALL_CASES="vigil ka2 ka1"
MARGIN_MS=${MARGIN_MS:-400}
TOGETHER_MS=${TOGETHER_MS:-300}
KA=${KA:-/usr/sbin/keepalived}
VIP_A=192.0.2.100
VIP_B=198.51.100.100
IF_B=veth1
START_MS=1500

# --- topology -----------------------------------------------------------------

# sg_setup: two nodes, each on br0 (veth0) and br1 (veth1).
sg_setup()
{
	local k ns
	vl_setup 2 || return 1
	ip -n "$VL_SW" link add br1 type bridge mcast_snooping 0 \
	    forward_delay 0 || return 1
	ip -n "$VL_SW" link set br1 up || return 1
	for k in 1 2; do
		ns=$(vl_ns "$k")
		ip link add "$IF_B" netns "$ns" type veth peer name "swb$k" \
		    netns "$VL_SW" || return 1
		ip -n "$VL_SW" link set "swb$k" master br1 || return 1
		ip -n "$VL_SW" link set "swb$k" up || return 1
		ip netns exec "$ns" sysctl -qw \
		    "net.ipv6.conf.$IF_B.disable_ipv6=1" 2>/dev/null
		ip -n "$ns" addr add "198.51.100.$k/24" dev "$IF_B" || return 1
		ip -n "$ns" link set "$IF_B" up || return 1
	done
}

# sg_conf FILE PRIO
sg_conf()
{
	{
		printf 'global_defs {\n\trouter_id %s\n}\n' "${1##*/}"
		printf 'vrrp_sync_group G1 {\n\tgroup {\n\t\tVI_A\n'
		printf '\t\tVI_B\n\t}\n}\n'
		sg_inst VI_A "$VL_IF" 51 "$2" "$VIP_A/24"
		sg_inst VI_B "$IF_B" 52 "$2" "$VIP_B/24"
	} >"$1"
}

# sg_inst NAME IF VRID PRIO VIP
sg_inst()
{
	printf 'vrrp_instance %s {\n\tstate BACKUP\n\tinterface %s\n' "$1" "$2"
	printf '\tvirtual_router_id %s\n\tpriority %s\n' "$3" "$4"
	printf '\tadvert_int 1\n'
	printf '\tvirtual_ipaddress {\n\t\t%s\n\t}\n}\n' "$5"
}

# --- helpers ------------------------------------------------------------------

# has_a K / has_b K: node K holds VIP_A on veth0 / VIP_B on veth1.
has_a()
{
	vl_has_vip "$1" $VIP_A
}

has_b()
{
	ip -n "$(vl_ns "$1")" -o -4 addr show dev "$IF_B" 2>/dev/null |
	    grep -q " ${VIP_B}/"
}

# both_only K: node K holds both VIPs, the other node neither.
both_only()
{
	local o=$(( 3 - $1 ))
	has_a "$1" && has_b "$1" && ! has_a "$o" && ! has_b "$o"
}

holders()
{
	local k a= b=
	for k in 1 2; do
		has_a "$k" && a="$a $k"
		has_b "$k" && b="$b $k"
	done
	echo "VI_A ($VIP_A) on [${a# }], VI_B ($VIP_B) on [${b# }]"
}

show_nodes()
{
	local k
	echo "      $(holders)"
	for k in 1 2; do
		echo "      node $k log:"
		show_log "$(vl_log "$k")" 14
	done
}

# last_state K INSTANCE: the last "(INSTANCE) Entering X STATE" of node K.
last_state()
{
	grep -Eo "\($2\) Entering [A-Z]+ STATE" "$(vl_log "$1")" 2>/dev/null |
	    tail -n 1 | awk '{ print $3 }'
}

# states_are K STATE: node K's VI_A and VI_B both last entered STATE.
states_are()
{
	[ "$(last_state "$1" VI_A)" = "$2" ] &&
	    [ "$(last_state "$1" VI_B)" = "$2" ]
}

# went_fbm K: node K's VI_A and VI_B each logged FAULT, BACKUP, MASTER
# as their last three states.
went_fbm()
{
	local i
	for i in VI_A VI_B; do
		grep -Eo "\($i\) Entering [A-Z]+ STATE" "$(vl_log "$1")" |
		    tail -n 3 | awk '{ print $3 }' | tr '\n' ' ' |
		    grep -qx 'FAULT BACKUP MASTER ' || return 1
	done
}

link_set()
{
	ip -n "$(vl_ns "$1")" link set "$VL_IF" "$2"
}

# move_watch K MS: poll (bounded) until node K alone holds both VIPs, for
# at most MS ms; sets mw_a and mw_b (ms until each VIP was first seen on
# node K, empty if never) and mw_ms (until both_only).
move_watch()
{
	local k=$1 ms=$2 start now n=0
	mw_a= mw_b= mw_ms=
	start=$(now_ms)
	while [ $n -lt $((ms / 10 + 20)) ]; do
		now=$(now_ms)
		[ -z "$mw_a" ] && has_a "$k" && mw_a=$((now - start))
		[ -z "$mw_b" ] && has_b "$k" && mw_b=$((now - start))
		if [ -n "$mw_a" ] && [ -n "$mw_b" ] && both_only "$k"; then
			mw_ms=$(( $(now_ms) - start ))
			return 0
		fi
		[ "$now" -ge $((start + ms)) ] && return 1
		sleep 0.01
		n=$((n + 1))
	done
	return 1
}

# expect_move TAG TEXT K MS: move_watch and its two checks (within MS,
# together).
expect_move()
{
	local tag=$1 t=$2 k=$3 ms=$4 d
	if move_watch "$k" "$ms"; then
		ok "$tag: $t: both VIPs on node $k only within $ms ms" \
		    "($mw_ms ms; VI_A at $mw_a ms, VI_B at $mw_b ms)"
		echo "      time: $t: VI_A $mw_a ms, VI_B $mw_b ms"
	else
		fail "$tag: $t: both VIPs on node $k only within $ms ms" \
		    "VI_A seen at [${mw_a}] ms, VI_B at [${mw_b}] ms" \
		    "$(show_nodes)"
		return 1
	fi
	d=$((mw_a - mw_b))
	[ "$d" -lt 0 ] && d=$((-d))
	if [ "$d" -le "$TOGETHER_MS" ]; then
		ok "$tag: $t: ... together (${d} ms apart, at most" \
		    "$TOGETHER_MS)"
	else
		fail "$tag: $t: ... together (at most $TOGETHER_MS ms apart)" \
		    "VI_A at $mw_a ms, VI_B at $mw_b ms: $d ms apart" \
		    "$(show_nodes)"
	fi
}

# --- the case -----------------------------------------------------------------

# sync_case TAG BIN1 BIN2
sync_case()
{
	local tag=$1 b1=$2 b2=$3 dl
	sg_setup || { fail "$tag: topology"; return; }
	sg_conf "$VL_DIR/n1.conf" 200
	sg_conf "$VL_DIR/n2.conf" 100
	vl_start 1 "$b1" "$VL_DIR/n1.conf" &&
	    vl_start 2 "$b2" "$VL_DIR/n2.conf" ||
	    { fail "$tag: nodes start" "$(show_nodes)"; return; }

	# 1. Election: the group on node 1 goes MASTER as one.  A member
	# whose Master_Down runs out first may wait for the other.
	dl=$((START_MS + 2 * $(vl_down_ms 2 200 1000) + MARGIN_MS))
	if wait_until "$dl" both_only 1; then
		ok "$tag: election: node 1 (200) holds both VIPs within" \
		    "$dl ms ($waited_ms ms)"
	else
		fail "$tag: election: node 1 (200) holds both VIPs within $dl ms" \
		    "$(show_nodes)"
		return
	fi
	check "$tag: node 2's instances BACKUP, never MASTER" eval \
	    'wait_until 2000 states_are 2 BACKUP &&
	    [ "$(log_count 2 "Entering MASTER STATE")" -eq 0 ]'
	sleep 1		# node 2 hears a few adverts of both instances

	# 2. VI_A's link goes down on node 1: the whole group goes FAULT.
	# VI_A's priority 0 advert cannot leave the downed link: node 2's
	# VI_A waits Master_Down; its VI_B, told by node 1's VI_B leaving
	# MASTER, must wait for it.
	link_set 1 down
	dl=$(( $(vl_down_ms 2 100 1000) + MARGIN_MS ))
	expect_move "$tag" "link down on node 1's veth0" 2 "$dl"
	check "$tag: node 1 logged the group to FAULT, VI_A and VI_B FAULT" \
	    eval 'wait_until 1000 states_are 1 FAULT &&
	    [ "$(log_count 1 "VRRP_Group\(G1\) Syncing instances to FAULT state")" -ge 1 ]'
	check "$tag: node 2 logged the group to MASTER" wait_until 1000 \
	    eval '[ "$(log_count 2 "VRRP_Group\(G1\) Syncing instances to MASTER state")" -ge 1 ]'
	# Node 1's VI_B still hears node 2's priority 100 adverts on its
	# working link: were it BACKUP it would preempt within Master_Down.
	dl=$(( $(vl_down_ms 2 200 1000) + MARGIN_MS ))
	if holds_for "$dl" both_only 2; then
		ok "$tag: both stay on node 2 for $dl ms (node 1's VI_B" \
		    "stays FAULT with its link up)"
	else
		fail "$tag: both stay on node 2 for $dl ms" "$(show_nodes)"
	fi
	check "$tag: both daemons still run" eval 'vl_running 1 && vl_running 2'

	# 3. Link up: node 1's group leaves FAULT and preempts, as one.
	link_set 1 up
	dl=$(( $(vl_down_ms 2 200 1000) + MARGIN_MS + 1000 ))
	expect_move "$tag" "link up on node 1" 1 "$dl"
	check "$tag: node 1's VI_A and VI_B went FAULT -> BACKUP -> MASTER" \
	    went_fbm 1
	check "$tag: node 2's instances back to BACKUP" \
	    wait_until 2000 states_are 2 BACKUP
	if holds_for 1000 both_only 1; then
		ok "$tag: converged: node 1 holds both VIPs, node 2 neither"
	else
		fail "$tag: converged: node 1 holds both VIPs, node 2 neither" \
		    "$(show_nodes)"
	fi
}

case_vigil()
{
	sync_case "sync (vigil/vigil)" "$BIN" "$BIN"
}

case_ka2()
{
	sync_case "sync (vigil/keepalived)" "$BIN" "$KA"
}

case_ka1()
{
	sync_case "sync (keepalived/vigil)" "$KA" "$BIN"
}

# --- driver ---------------------------------------------------------------------

VL_TIMEOUT=60
VL_KA_CASES='ka*'
VL_BANNER="margin $MARGIN_MS ms, together $TOGETHER_MS ms, keepalived $KA"
vl_drive netns-syncgroup "$here/syncgroup.sh" "$@"
