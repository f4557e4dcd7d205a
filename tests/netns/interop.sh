#!/bin/bash
# tests/netns/interop.sh: Vigil and Debian's keepalived 2.2.7 in one VRRP
# group.
#
#   bash tests/netns/interop.sh [BINARY [CASE...]]
#
# BINARY (Vigil, default build/keepalived) and KEEPALIVED (the reference
# peer, default /usr/sbin/keepalived) run on two nodes of a bridge
# (tests/netns/vrrp_lib.sh: network namespaces, each daemon -n -l -D -P in
# a PID + mount namespace of its own).  Node 1 has the higher priority.
# Every case runs one scenario three times:
#	K>K	keepalived on both nodes: the reference
#	V>K	Vigil on node 1 (master), keepalived on node 2 (backup)
#	K>V	keepalived on node 1 (master), Vigil on node 2 (backup)
# The scenario: the group elects node 1; node 1 crashes (every process of
# the node SIGSTOPped, then kill -9 of the daemon: no priority 0 advert)
# -> node 2 within Master_Down + MARGIN_MS and not before Master_Down -
# one advert; node 1
# comes back -> fails back (preempt); SIGTERM of node 1 -> node 2 within
# Skew + one advert + MARGIN_MS (priority 0 advert); node 1 back -> fails
# back.  One line per step and pairing, measured times on "time:" lines,
# then per pairing "same outcomes as K>K", and finally "netns-interop: N
# passed, M failed".  Run with BINARY=/usr/sbin/keepalived to check the
# suite itself: every pairing is then keepalived with keepalived.
#
# Cases:
#   v2-mcast v2-ucast	VRRPv2, advert_int 1, multicast / unicast_peer
#   v3-mcast v3-ucast	VRRPv3, advert_int 0.5
#   v2-ah-mcast v2-ah-ucast
#		VRRPv2 as above with authentication { auth_type AH }: the
#		ICV (HMAC-MD5-96) and the shared sequence counter must agree
#		with keepalived's, through crash, restart (seq from 0 again)
#		and SIGTERM
#   ah-badpass	AH with a different auth_pass on each node: as with
#		keepalived, each refuses the other's adverts ("(VI_1)
#		IPSEC-AH : invalid IPSEC HMAC-MD5 value. Due to fields
#		mutation or bad password !") and both become MASTER; K+K,
#		V+K, K+V
#   seed	tests/config/files/seeds/seed000-master.conf on node 1 and
#		seed000-master_back.conf on node 2, VRRP part unchanged but
#		for the interface (ens33 -> veth0): vrrp_strict, PASS auth
#		(dropped by strict), priorities 100/90, VIP 192.168.222.130
#		on nodes 192.168.222.128/24 and .129/24 (inside the test's
#		namespaces only; the seeds' smtp_server has no route there)
#
# Environment: KEEPALIVED, MARGIN_MS (default 250), CASE_TIMEOUT (seconds
# per case, default 240).

set -u
export LC_ALL=C
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
. "$here/vrrp_lib.sh"

ALL_CASES="v2-mcast v2-ucast v3-mcast v3-ucast v2-ah-mcast v2-ah-ucast
    ah-badpass seed"
MARGIN_MS=${MARGIN_MS:-250}
KEEPALIVED=${KEEPALIVED:-/usr/sbin/keepalived}
START_MS=1500
SEEDS=$here/../config/files/seeds

# step TEXT MS COMMAND...: one step of the scenario; appends P or F to
# $res and prints the line.
step()
{
	local t=$1 ms=$2
	shift 2
	if wait_until "$ms" "$@"; then
		ok "$tag: $t within $ms ms ($waited_ms ms)"
		res=${res}P
		return 0
	fi
	fail "$tag: $t within $ms ms" "$(show_nodes)"
	res=${res}F
	return 1
}

# scenario TAG BIN1 BIN2 CONF1 CONF2 VERSION ADVERT_MS PRIO1 PRIO2:
# sets $res, one letter a step.
scenario()
{
	local b1=$2 b2=$3 c1=$4 c2=$5 v=$6 adv=$7 p1=$8 p2=$9 dl lo
	tag=$1
	res=
	vl_setup 2 $ADDR1 $ADDR2 || { fail "$tag: topology"; res=F; return; }
	vl_start 1 "$b1" "$c1" && vl_start 2 "$b2" "$c2" ||
	    { fail "$tag: daemons start" "$(show_nodes)"; res=F; return; }
	dl=$((START_MS + $(vl_down_ms "$v" "$p1" "$adv") + MARGIN_MS))
	step "elects node 1" "$dl" vl_only 1 "$VIP" &&
	    echo "      time: $tag election $waited_ms ms"
	if holds_for $((2 * adv)) vl_only 1 "$VIP"; then
		ok "$tag: ... and stays so for $((2 * adv)) ms"
		res=${res}P
	else
		fail "$tag: ... and stays so for $((2 * adv)) ms" "$(show_nodes)"
		res=${res}F
	fi

	vl_crash 1
	dl=$(( $(vl_down_ms "$v" "$p2" "$adv") + MARGIN_MS ))
	if step "kill -9 of node 1 -> node 2 holds the VIP" "$dl" \
	    vl_has_vip 2 "$VIP"; then
		echo "      time: $tag failover after kill -9 $waited_ms ms" \
		    "(Master_Down $(vl_down_ms "$v" "$p2" "$adv") ms)"
		# A crash sends no priority 0 advert: node 2 waits out its
		# Master_Down from the last advert it had.
		lo=$(( $(vl_down_ms "$v" "$p2" "$adv") - adv - 100 ))
		if [ "$waited_ms" -ge "$lo" ]; then
			ok "$tag: ... not before Master_Down - one advert" \
			    "($lo ms)"
			res=${res}P
		else
			fail "$tag: ... not before Master_Down - one advert ($lo ms)" \
			    "$(show_nodes)"
			res=${res}F
		fi
	fi
	vl_wait_down 1 2000
	vl_flush_vip 1 "$VIP"

	vl_start 1 "$b1" "$c1"
	dl=$((START_MS + $(vl_down_ms "$v" "$p1" "$adv") + MARGIN_MS))
	step "node 1 back -> fails back" "$dl" vl_only 1 "$VIP" &&
	    echo "      time: $tag failback $waited_ms ms after the start"

	vl_signal 1 TERM
	dl=$(( $(vl_skew_ms "$v" "$p2" "$adv") + adv + MARGIN_MS ))
	step "SIGTERM of node 1 -> node 2 holds the VIP alone" "$dl" \
	    vl_only 2 "$VIP" &&
	    echo "      time: $tag failover after SIGTERM $waited_ms ms" \
	    "(Skew $(vl_skew_ms "$v" "$p2" "$adv") ms)"
	vl_wait_down 1 3000

	vl_start 1 "$b1" "$c1"
	dl=$((START_MS + $(vl_down_ms "$v" "$p1" "$adv") + MARGIN_MS))
	step "node 1 back again -> fails back" "$dl" vl_only 1 "$VIP"
	vl_cleanup
}

# compare TAG REF RES: the pairing has the reference's outcome step by step.
compare()
{
	if [ "$2" = "$3" ]; then
		ok "$1: same outcomes as K>K ($3)"
	else
		fail "$1: same outcomes as K>K" "K>K $2, $1 $3 (P passed," \
		    "F failed, one letter a step)"
	fi
}

# three_ways NAME CONF1 CONF2 VERSION ADVERT_MS PRIO1 PRIO2
three_ways()
{
	local name=$1 ref
	shift
	scenario "$name K>K" "$KEEPALIVED" "$KEEPALIVED" "$@"
	ref=$res
	[ "$ref" = PPPPPPP ] ||
	    echo "      note: the reference K>K did not pass every step"
	scenario "$name V>K" "$BIN" "$KEEPALIVED" "$@"
	compare "$name V>K" "$ref" "$res"
	scenario "$name K>V" "$KEEPALIVED" "$BIN" "$@"
	compare "$name K>V" "$ref" "$res"
}

# ah_extra PASSWORD: vl_conf's extra= for AH authentication.
ah_extra()
{
	printf 'extra=authentication {\\n\\t\\tauth_type AH\\n'
	printf '\\t\\tauth_pass %s\\n\\t}' "$1"
}

# proto_case VERSION MODE [AH-PASSWORD]
proto_case()
{
	local v=$1 mode=$2 adv advs p1=200 p2=100 peer1= peer2= auth=
	[ -n "${3:-}" ] && auth=$(ah_extra "$3")
	VIP=192.0.2.100
	ADDR1=192.0.2.1/24
	ADDR2=192.0.2.2/24
	if [ "$v" = 3 ]; then adv=500; else adv=1000; fi
	advs=$(awk "BEGIN { print $adv / 1000 }")
	if [ "$mode" = ucast ]; then
		peer1="peers=192.0.2.2"
		peer2="peers=192.0.2.1"
	fi
	CONFDIR=$(mktemp -d /tmp/vigil-t-$$.conf.XXXXXX) || return
	vl_conf "$CONFDIR/n1.conf" version="$v" advert="$advs" prio=$p1 \
	    ${peer1:+"$peer1"} ${auth:+"$auth"}
	vl_conf "$CONFDIR/n2.conf" version="$v" advert="$advs" prio=$p2 \
	    ${peer2:+"$peer2"} ${auth:+"$auth"}
	three_ways "v$v $mode${auth:+ AH}" "$CONFDIR/n1.conf" "$CONFDIR/n2.conf" "$v" \
	    "$adv" "$p1" "$p2"
}

case_v2-mcast() { proto_case 2 mcast; }
case_v2-ucast() { proto_case 2 ucast; }
case_v3-mcast() { proto_case 3 mcast; }
case_v3-ucast() { proto_case 3 ucast; }
case_v2-ah-mcast() { proto_case 2 mcast vigil; }
case_v2-ah-ucast() { proto_case 2 ucast secret12; }

AH_BAD="IPSEC-AH : invalid IPSEC HMAC-MD5 value. Due to fields mutation or bad password !"

# both_master: each node holds the VIP.
both_master()
{
	vl_has_vip 1 "$VIP" && vl_has_vip 2 "$VIP"
}

# ah_logged K: node K's log has keepalived's ICV refusal for VI_1.
ah_logged()
{
	grep -qF "(VI_1) $AH_BAD" "$(vl_log "$1")"
}

# badpass TAG BIN1 BIN2 CONF1 CONF2
badpass()
{
	local tag=$1 dl k
	vl_setup 2 $ADDR1 $ADDR2 || { fail "$tag: topology"; return; }
	vl_start 1 "$2" "$4" && vl_start 2 "$3" "$5" ||
	    { fail "$tag: daemons start" "$(show_nodes)"; vl_cleanup; return; }
	# Node 2 (priority 100) waits out its whole Master_Down.
	dl=$((START_MS + $(vl_down_ms 2 100 1000) + MARGIN_MS))
	if wait_until "$dl" both_master &&
	    holds_for 2000 both_master; then
		ok "$tag: both nodes MASTER ($waited_ms ms) and stay so"
	else
		fail "$tag: both nodes MASTER" "$(show_nodes)"
	fi
	for k in 1 2; do
		if wait_until 3000 ah_logged "$k"; then
			ok "$tag: node $k logs \"(VI_1) $AH_BAD\""
		else
			fail "$tag: node $k logs \"(VI_1) $AH_BAD\"" \
			    "$(show_nodes)"
		fi
	done
	vl_cleanup
}

case_ah-badpass()
{
	VIP=192.0.2.100
	ADDR1=192.0.2.1/24
	ADDR2=192.0.2.2/24
	CONFDIR=$(mktemp -d /tmp/vigil-t-$$.conf.XXXXXX) || return
	vl_conf "$CONFDIR/n1.conf" prio=200 "$(ah_extra vigil)"
	vl_conf "$CONFDIR/n2.conf" prio=100 "$(ah_extra other)"
	badpass "ah-badpass K+K" "$KEEPALIVED" "$KEEPALIVED" \
	    "$CONFDIR/n1.conf" "$CONFDIR/n2.conf"
	badpass "ah-badpass V+K" "$BIN" "$KEEPALIVED" \
	    "$CONFDIR/n1.conf" "$CONFDIR/n2.conf"
	badpass "ah-badpass K+V" "$KEEPALIVED" "$BIN" \
	    "$CONFDIR/n1.conf" "$CONFDIR/n2.conf"
}

case_seed()
{
	VIP=192.168.222.130
	ADDR1=192.168.222.128/24
	ADDR2=192.168.222.129/24
	CONFDIR=$(mktemp -d /tmp/vigil-t-$$.conf.XXXXXX) || return
	sed "s/\bens33\b/$VL_IF/" "$SEEDS/seed000-master.conf" \
	    >"$CONFDIR/master.conf" &&
	    sed "s/\bens33\b/$VL_IF/" "$SEEDS/seed000-master_back.conf" \
	    >"$CONFDIR/back.conf" || { fail "seed: configs"; return; }
	three_ways seed "$CONFDIR/master.conf" "$CONFDIR/back.conf" 2 1000 \
	    100 90
}

# --- driver ---------------------------------------------------------------

CONFDIR=
VL_CLEANUP='vl_cleanup; [ -n "$CONFDIR" ] && rm -rf "$CONFDIR"'
VL_TIMEOUT=240
KA=$KEEPALIVED
VL_KA_CASES='*'
VL_BANNER="reference $KEEPALIVED, margin $MARGIN_MS ms"
vl_drive netns-interop "$here/interop.sh" "$@"
