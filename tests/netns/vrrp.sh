#!/bin/bash
# tests/netns/vrrp.sh: VRRP between three nodes on a bridge, as keepalived
# 2.2.7 does it.
#
#   bash tests/netns/vrrp.sh [BINARY [CASE...]]
#
# BINARY defaults to build/keepalived; run it with /usr/sbin/keepalived to
# check the suite itself against the real keepalived.  Each case builds
# its own topology (tests/netns/vrrp_lib.sh): three network namespaces
# (nodes 192.0.2.1, .2, .3 /24 on veth0) on a bridge in a fourth, each
# node running BINARY -n -l -D -P in a PID + mount namespace of its own;
# the VIP is 192.0.2.100.  Everything is removed by an EXIT trap.  One
# line per check, measured times on "time:" lines, then "netns-vrrp: N
# passed, M failed"; exit status 1 when a check failed.  Needs root.
#
# Cases:
#   elect	priorities 200/150/100 on .1/.2/.3, VRRPv2, advert_int 1:
#		the highest priority holds the VIP; the master crashes
#		(its processes SIGSTOPped, then kill -9 of the daemon) ->
#		the next within Master_Down (3 x advert + skew) + MARGIN_MS
#		and not before Master_Down - one advert (no priority 0);
#		it comes back -> takes over (preempt); SIGTERM of the master
#		-> the next within skew + one advert + MARGIN_MS (priority 0
#		advert); the VIP is never on two nodes once converged
#	elect3	the same with VRRPv3 and advert_int 0.5
#	tie	equal priorities: a BACKUP does not take over from an
#		equal-priority master with a lower address (no tie-break in
#		BACKUP); three MASTERs of a healed partition -> the highest
#		primary address keeps MASTER, the others go BACKUP
#	nopreempt	a higher-priority node with nopreempt joins a running
#		group: it stays BACKUP; the master dies -> it takes over
#	pdelay	preempt_delay 4: the higher-priority node takes over only
#		after the delay
#
# Environment: MARGIN_MS (slack on protocol deadlines for polling, process
# start and address changes; default 250), SAMPLE_MS (sampler window,
# default 5000), CASE_TIMEOUT (seconds per case, default 120).
#
# Against keepalived 2.2.7 (Debian's build): every check passes.

set -u
export LC_ALL=C
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
. "$here/vrrp_lib.sh"

ALL_CASES="elect elect3 tie nopreempt pdelay"
MARGIN_MS=${MARGIN_MS:-250}
SAMPLE_MS=${SAMPLE_MS:-5000}
VIP=192.0.2.100
VL_SHOW_LINES=8
START_MS=1500		# a daemon's start-up, before its timers run

# --- helpers ----------------------------------------------------------------

# sample TEXT: the sampler over SAMPLE_MS: never two holders, never none.
sample()
{
	vl_sample "$SAMPLE_MS" $VIP
	if [ "$vl_samples" -ge $((SAMPLE_MS / 20)) ] && [ "$vl_multi" -eq 0 ] &&
	    [ "$vl_none" -eq 0 ]; then
		ok "$1: one holder in each of $vl_samples samples over" \
		    "$SAMPLE_MS ms (max gap $vl_maxgap ms)"
	else
		fail "$1: one holder in each sample over $SAMPLE_MS ms" \
		    "samples $vl_samples, two or more holders $vl_multi" \
		    "($vl_multi_seen), none $vl_none, max gap $vl_maxgap ms" \
		    "$(show_nodes)"
	fi
}

# --- cases --------------------------------------------------------------------

# The sampler must see what it is there to see: a VIP planted on two
# nodes by hand.
sampler_selftest()
{
	ip -n "$(vl_ns 2)" addr add $VIP/24 dev "$VL_IF"
	ip -n "$(vl_ns 3)" addr add $VIP/24 dev "$VL_IF"
	vl_sample 200 $VIP
	vl_flush_vip 2 $VIP
	vl_flush_vip 3 $VIP
	if [ "$vl_multi" -gt 0 ] && [ "$vl_samples" -gt 5 ]; then
		ok "sampler: sees a VIP planted on two nodes ($vl_multi of" \
		    "$vl_samples samples)"
	else
		fail "sampler: sees a VIP planted on two nodes" \
		    "samples $vl_samples multi $vl_multi"
	fi
}

# elect_case VERSION ADVERT_MS: election, crash, preempt, stop.
elect_case()
{
	local v=$1 adv=$2 advs tag k t0 dl lo
	advs=$(awk "BEGIN { print $adv / 1000 }")
	tag="v$v advert $advs"
	vl_setup 3 || { fail "$tag: topology"; return; }
	sampler_selftest
	for k in 1 2 3; do
		vl_conf "$VL_DIR/n$k.conf" version="$v" advert="$advs" \
		    prio=$((250 - 50 * k))
		vl_start "$k" "$BIN" "$VL_DIR/n$k.conf" ||
		    { fail "$tag: node $k starts" "$(show_nodes)"; return; }
	done
	# 1. Election: all start BACKUP; the shortest Master_Down wins.
	dl=$((START_MS + $(vl_down_ms "$v" 200 "$adv") + MARGIN_MS))
	expect_within "$tag: election: priority 200 (node 1) holds the VIP" \
	    "$dl" vl_only 1 $VIP || return
	echo "      time: election $waited_ms ms"
	sample "$tag: converged"
	check "$tag: nodes 2 and 3 logged BACKUP and never MASTER" \
	    eval '[ "$(log_count 2 "Entering MASTER STATE")" -eq 0 ] &&
	    [ "$(log_count 3 "Entering MASTER STATE")" -eq 0 ] &&
	    [ "$(log_count 2 "Entering BACKUP STATE")" -ge 1 ]'

	# 2. kill -9 of the master: Master_Down of priority 150 at most.
	dl=$(( $(vl_down_ms "$v" 150 "$adv") + MARGIN_MS ))
	t0=$(now_ms)
	vl_crash 1
	if expect_within "$tag: kill -9 of the master -> node 2 holds the VIP" \
	    "$dl" vl_has_vip 2 $VIP; then
		echo "      time: failover after kill -9 $waited_ms ms" \
		    "(Master_Down $(vl_down_ms "$v" 150 "$adv") ms)"
		# No priority 0 advert from a crash: Master_Down runs out.
		lo=$(( $(vl_down_ms "$v" 150 "$adv") - adv - 100 ))
		check "$tag: ... not before Master_Down - one advert ($lo ms)" \
		    [ "$waited_ms" -ge "$lo" ]
	fi
	check "$tag: ... node 3 does not take it" \
	    holds_for $((adv + MARGIN_MS)) eval '! vl_has_vip 3 $VIP'
	check "$tag: ... node 1's daemon is gone" vl_wait_down 1 2000
	vl_flush_vip 1 $VIP		# the crashed host comes back clean

	# 3. It comes back: preempt (the default) gives it the VIP back.
	vl_start 1 "$BIN" "$VL_DIR/n1.conf"
	dl=$((START_MS + $(vl_down_ms "$v" 200 "$adv") + MARGIN_MS))
	expect_within "$tag: preempt: node 1 back -> holds the VIP alone" \
	    "$dl" vl_only 1 $VIP &&
	    echo "      time: preemption $waited_ms ms after the start"

	# 4. SIGTERM of the master: priority 0 advert, then Skew.
	sample "$tag: converged after preemption"
	dl=$(( $(vl_skew_ms "$v" 150 "$adv") + adv + MARGIN_MS ))
	t0=$(now_ms)
	vl_signal 1 TERM
	expect_within "$tag: SIGTERM of the master -> node 2 holds the VIP" \
	    "$dl" vl_has_vip 2 $VIP &&
	    echo "      time: failover after SIGTERM $waited_ms ms" \
	    "(Skew $(vl_skew_ms "$v" 150 "$adv") ms)"
	check "$tag: ... node 1 stopped and released the VIP" \
	    eval 'vl_wait_down 1 3000 && ! vl_has_vip 1 $VIP'
	check "$tag: ... only node 2 holds it" \
	    holds_for $((adv + MARGIN_MS)) vl_only 2 $VIP
}

case_elect()
{
	elect_case 2 1000
}

case_elect3()
{
	elect_case 3 500
}

# Equal priorities.
case_tie()
{
	local k dl
	vl_setup 3 || { fail "tie: topology"; return; }
	for k in 1 2 3; do
		vl_conf "$VL_DIR/n$k.conf" prio=100
	done
	# A BACKUP accepts an equal-priority master whatever its address.
	vl_start 1 "$BIN" "$VL_DIR/n1.conf"
	dl=$((START_MS + $(vl_down_ms 2 100 1000) + MARGIN_MS))
	expect_within "tie: node 1 alone becomes MASTER" "$dl" \
	    vl_only 1 $VIP || return
	vl_start 3 "$BIN" "$VL_DIR/n3.conf"
	if holds_for $((START_MS + $(vl_down_ms 2 100 1000) + 1000)) \
	    vl_only 1 $VIP; then
		ok "tie: node 3 (higher address) joins as BACKUP, node 1" \
		    "keeps the VIP"
	else
		fail "tie: node 3 (higher address) joins as BACKUP, node 1 keeps the VIP" \
		    "$(show_nodes)"
	fi
	check "tie: node 3 never logged MASTER" \
	    [ "$(log_count 3 "Entering MASTER STATE")" -eq 0 ]
	vl_stop 1
	vl_stop 3
	vl_flush_vip 1 $VIP

	# A partition: every node MASTER; healed: the highest address wins.
	for k in 1 2 3; do
		vl_cut "$k"
		vl_start "$k" "$BIN" "$VL_DIR/n$k.conf"
	done
	expect_within "tie: partitioned, all three become MASTER" "$dl" \
	    eval '[ "$(vl_holders $VIP)" = "1 2 3" ]' || return
	for k in 1 2 3; do
		vl_join "$k"
	done
	expect_within "tie: healed -> only node 3 (192.0.2.3) holds the VIP" \
	    $((2 * 1000 + MARGIN_MS)) vl_only 3 $VIP &&
	    echo "      time: tie-break after the heal $waited_ms ms"
	check "tie: nodes 1 and 2 logged the higher-address master" \
	    eval '[ "$(log_count 1 "same priority 100 but higher IP address")" -ge 1 ] &&
	    [ "$(log_count 2 "same priority 100 but higher IP address")" -ge 1 ]'
	sample "tie: converged"
}

# start_23 TAG: nodes 2 (150) and 3 (100) running, node 2 MASTER.
start_23()
{
	local k
	for k in 2 3; do
		vl_conf "$VL_DIR/n$k.conf" prio=$((250 - 50 * k))
		vl_start "$k" "$BIN" "$VL_DIR/n$k.conf"
	done
	expect_within "$1: node 2 (priority 150) becomes MASTER" \
	    $((START_MS + $(vl_down_ms 2 150 1000) + MARGIN_MS)) \
	    vl_only 2 $VIP
}

case_nopreempt()
{
	local dl
	vl_setup 3 || { fail "nopreempt: topology"; return; }
	start_23 nopreempt || return
	vl_conf "$VL_DIR/n1.conf" prio=200 extra=nopreempt
	vl_start 1 "$BIN" "$VL_DIR/n1.conf"
	dl=$((START_MS + $(vl_down_ms 2 200 1000) + 2000))
	if holds_for "$dl" vl_only 2 $VIP; then
		ok "nopreempt: node 1 (priority 200) joins, node 2 keeps the" \
		    "VIP for $dl ms"
	else
		fail "nopreempt: node 1 (priority 200) joins, node 2 keeps the VIP for $dl ms" \
		    "$(show_nodes)"
	fi
	check "nopreempt: node 1 is BACKUP (logged), never MASTER" \
	    eval '[ "$(log_count 1 "Entering BACKUP STATE")" -ge 1 ] &&
	    [ "$(log_count 1 "Entering MASTER STATE")" -eq 0 ]'
	vl_crash 2
	expect_within "nopreempt: the master dies -> node 1 takes over" \
	    $(( $(vl_down_ms 2 200 1000) + MARGIN_MS )) vl_has_vip 1 $VIP &&
	    echo "      time: failover to the nopreempt node $waited_ms ms"
}

case_pdelay()
{
	local t0 d=4000 dl
	vl_setup 3 || { fail "pdelay: topology"; return; }
	start_23 pdelay || return
	vl_conf "$VL_DIR/n1.conf" prio=200 extra="preempt_delay $((d / 1000))"
	t0=$(now_ms)
	vl_start 1 "$BIN" "$VL_DIR/n1.conf"
	if holds_for $((d - 200)) vl_only 2 $VIP; then
		ok "pdelay: node 1 (priority 200, preempt_delay 4) does not" \
		    "take over within $((d - 200)) ms"
	else
		fail "pdelay: node 1 (priority 200, preempt_delay 4) does not take over within $((d - 200)) ms" \
		    "after $(( $(now_ms) - t0 )) ms" "$(show_nodes)"
	fi
	# The delay starts at the first lower-priority advert (within one
	# advert of the start); then Master_Down runs out.
	dl=$((START_MS + d + 1000 + $(vl_down_ms 2 200 1000) + MARGIN_MS))
	dl=$((dl - ($(now_ms) - t0)))
	if wait_until "$dl" vl_only 1 $VIP; then
		ok "pdelay: ... then takes over ($(( $(now_ms) - t0 )) ms" \
		    "after its start)"
		echo "      time: preemption with preempt_delay 4:" \
		    "$(( $(now_ms) - t0 )) ms after the start"
	else
		fail "pdelay: ... then takes over" "$(show_nodes)"
	fi
}

# --- driver ---------------------------------------------------------------

VL_BANNER="margin $MARGIN_MS ms"
vl_drive netns-vrrp "$here/vrrp.sh" "$@"
