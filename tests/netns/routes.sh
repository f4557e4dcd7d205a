#!/bin/bash
# tests/netns/routes.sh: virtual_routes / virtual_rules and static_routes /
# static_rules, as keepalived 2.2.7 programs them.
#
#   bash tests/netns/routes.sh [BINARY [CASE...]]
#
# BINARY defaults to build/keepalived.  Two nodes (192.0.2.1 and .2 /24 on
# veth0) on a bridge (tests/netns/vrrp_lib.sh); the instance has the VIP
# 192.0.2.100 and
#	virtual_routes	203.0.113.0/24 via 192.0.2.254 dev veth0
#			blackhole 10.99.0.0/16 table 200
#			10.98.0.0/16 src 192.0.2.100 dev veth0
#	virtual_rules	from 192.0.2.100 table 200 priority 100
#	static_ipaddress 192.0.2.50/24 dev veth0 (seen as its local route)
#	static_routes	198.51.100.0/24 via 192.0.2.254 dev veth0
#	static_rules	from 192.0.2.0/24 to 198.51.100.0/24 table 300
#			priority 300
# Cases:
#   failover	node 1 (priority 200) and node 2 (100) run BINARY: the
#		virtual routes and rule are on the MASTER only, the static
#		ones on both; node 1 crashes -> they appear on node 2; a
#		route of proto static added by hand survives; SIGTERM of
#		node 2 -> its virtual and static routes and rules are gone
#	oracle	node 1 alone runs /usr/sbin/keepalived (Debian's 2.2.7),
#		then BINARY, with the same config: "ip -4 route show table
#		all" and "ip -d rule show" on the MASTER are the same for
#		both (sorted), and both remove everything at stop
#   reload	node 1 alone, MASTER; its config loses the blackhole route
#		and gains another, the static route changes; SIGHUP -> the
#		dropped routes are gone, the new ones there, the others
#		untouched; SIGTERM -> nothing left
#   track	node 1 alone, MASTER; routes deleted by hand: the blackhole
#		(no dev: not tracked) stays deleted and nothing happens;
#		the static route is restored; the tracked virtual route
#		makes the instance leave MASTER, and it comes back as
#		MASTER with the route after Skew_Time + MARGIN_MS, not
#		Master_Down (the case passes with keepalived too)
#
# One line per check; last line "netns-routes: N passed, M failed"; exit
# status 1 when a check failed.  Needs root.  Everything is removed by an
# EXIT trap (vl_cleanup).

set -u
export LC_ALL=C
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
. "$here/vrrp_lib.sh"

ALL_CASES="failover oracle reload track"
MARGIN_MS=${MARGIN_MS:-1500}
KEEPALIVED=${KEEPALIVED:-/usr/sbin/keepalived}
VIP=192.0.2.100
START_MS=1500

# What each node must show: ERE over "ip -4 route show table all" and
# "ip -d rule show".
VROUTES=(
	'^203\.0\.113\.0/24 via 192\.0\.2\.254 dev veth0 (table main )?proto keepalived'
	'^blackhole 10\.99\.0\.0/16 table 200 proto keepalived'
	'^10\.98\.0\.0/16 dev veth0 (table main )?proto keepalived .*src 192\.0\.2\.100'
)
VRULES=(
	'^100:[[:space:]]+from 192\.0\.2\.100 lookup 200 proto keepalived'
)
SROUTES=(
	'^198\.51\.100\.0/24 via 192\.0\.2\.254 dev veth0 (table main )?proto keepalived'
	'^local 192\.0\.2\.50 dev veth0 table local proto kernel'
)
SRULES=(
	'^300:[[:space:]]+from 192\.0\.2\.0/24 to 198\.51\.100\.0/24 lookup 300 proto keepalived'
)

# rt_conf FILE PRIO: the config of the cases.
rt_conf()
{
	cat >"$1" <<EOF
global_defs {
	router_id ${1##*/}
}
static_ipaddress {
	192.0.2.50/24 dev veth0
}
static_routes {
	198.51.100.0/24 via 192.0.2.254 dev veth0
}
static_rules {
	from 192.0.2.0/24 to 198.51.100.0/24 table 300 priority 300
}
vrrp_instance VI_1 {
	state BACKUP
	interface veth0
	virtual_router_id 51
	priority $2
	advert_int 1
	virtual_ipaddress {
		$VIP/24
	}
	virtual_routes {
		203.0.113.0/24 via 192.0.2.254 dev veth0
		blackhole 10.99.0.0/16 table 200
		10.98.0.0/16 src $VIP dev veth0
	}
	virtual_rules {
		from $VIP table 200 priority 100
	}
}
EOF
}

# n_match K ERE...: how many of the EREs match node K's routes and rules.
n_match()
{
	local k=$1 re n=0 tab
	shift
	tab=$( { ip -n "$(vl_ns "$k")" -4 route show table all
	    ip -n "$(vl_ns "$k")" -d rule show; } 2>/dev/null)
	for re in "$@"; do
		grep -Eq "$re" <<<"$tab" && n=$((n + 1))
	done
	echo "$n"
}

# holds K V S: node K has V of the virtual and S of the static entries.
holds()
{
	[ "$(n_match "$1" "${VROUTES[@]}" "${VRULES[@]}")" -eq "$2" ] &&
	    [ "$(n_match "$1" "${SROUTES[@]}" "${SRULES[@]}")" -eq "$3" ]
}

NV=$(( ${#VROUTES[@]} + ${#VRULES[@]} ))
NS=$(( ${#SROUTES[@]} + ${#SRULES[@]} ))

show_nodes()
{
	local k
	for k in $(seq 1 "$VL_N"); do
		echo "      node $k: VIP $(vl_has_vip "$k" $VIP && echo yes ||
		    echo no)"
		ip -n "$(vl_ns "$k")" -4 route show table all 2>/dev/null |
		    grep -v ' proto kernel' | sed 's/^/      | /'
		ip -n "$(vl_ns "$k")" -d rule show 2>/dev/null |
		    sed 's/^/      | /'
		show_log "$(vl_log "$k")" 8
	done
}

# --- cases --------------------------------------------------------------------

case_failover()
{
	local dl
	vl_setup 2 || { fail "failover: topology"; return; }
	rt_conf "$VL_DIR/n1.conf" 200
	rt_conf "$VL_DIR/n2.conf" 100
	vl_start 1 "$BIN" "$VL_DIR/n1.conf" &&
	    vl_start 2 "$BIN" "$VL_DIR/n2.conf" ||
	    { fail "failover: the nodes start" "$(show_nodes)"; return; }
	dl=$((START_MS + $(vl_down_ms 2 200 1000) + MARGIN_MS))
	expect_within "failover: node 1 is MASTER with its virtual routes and rule, static ones on both" "$dl" \
	    eval 'vl_only 1 $VIP && holds 1 $NV $NS && holds 2 0 $NS' ||
	    return
	check "failover: the BACKUP stays without virtual routes and rule" \
	    holds_for 1500 holds 2 0 "$NS"
	ip -n "$(vl_ns 2)" route add 10.97.0.0/16 dev veth0 proto static

	vl_crash 1
	dl=$(( $(vl_down_ms 2 100 1000) + MARGIN_MS ))
	expect_within "failover: node 1 crashes -> node 2 holds the VIP, the virtual routes and rule" "$dl" \
	    eval 'vl_has_vip 2 $VIP && holds 2 $NV $NS'

	vl_signal 2 TERM
	check "failover: SIGTERM -> node 2 stops" vl_wait_down 2 5000
	if holds 2 0 0; then
		ok "failover: ... its virtual and static routes and rules" \
		    "are gone"
	else
		fail "failover: ... its virtual and static routes and rules" \
		    "are gone" "$(show_nodes)"
	fi
	check "failover: ... the route added by hand is still there" eval \
	    'ip -n "$(vl_ns 2)" route show 10.97.0.0/16 | grep -q "proto static"'
}

# snap K: node K's routes and rules, sorted.
snap()
{
	{ ip -n "$(vl_ns "$1")" -4 route show table all
	  ip -n "$(vl_ns "$1")" -d rule show; } | sort
}

# run_one WHO BIN: BIN alone on node 1 until MASTER with all in place;
# the snapshot in snap_WHO; then SIGTERM, and all must go.
run_one()
{
	local who=$1 bin=$2 dl s
	vl_start 1 "$bin" "$VL_DIR/n1.conf" ||
	    { fail "oracle: $who starts" "$(show_nodes)"; return 1; }
	dl=$((START_MS + $(vl_down_ms 2 200 1000) + MARGIN_MS))
	expect_within "oracle: $who is MASTER with every route and rule" \
	    "$dl" eval 'vl_has_vip 1 $VIP && holds 1 $NV $NS' || return 1
	s=$(snap 1)
	eval "snap_$who=\$s"
	vl_signal 1 TERM
	check "oracle: $who stops" vl_wait_down 1 5000
	if holds 1 0 0; then
		ok "oracle: $who removed its routes and rules at stop"
	else
		fail "oracle: $who removed its routes and rules at stop" \
		    "$(show_nodes)"
	fi
}

case_oracle()
{
	local snap_keepalived= snap_vigil=
	if [ ! -x "$KEEPALIVED" ]; then
		fail "oracle: no keepalived at $KEEPALIVED"
		return
	fi
	vl_setup 1 || { fail "oracle: topology"; return; }
	rt_conf "$VL_DIR/n1.conf" 200
	run_one keepalived "$KEEPALIVED" || return
	run_one vigil "$BIN" || return
	if [ "$snap_keepalived" = "$snap_vigil" ]; then
		ok "oracle: the MASTER's routes and rules are keepalived's"
	else
		fail "oracle: the MASTER's routes and rules are keepalived's" \
		    "$(diff <(echo "$snap_keepalived") <(echo "$snap_vigil"))"
	fi
}

case_reload()
{
	local dl f
	vl_setup 1 || { fail "reload: topology"; return; }
	rt_conf "$VL_DIR/n1.conf" 200
	vl_start 1 "$BIN" "$VL_DIR/n1.conf" ||
	    { fail "reload: node 1 starts" "$(show_nodes)"; return; }
	dl=$((START_MS + $(vl_down_ms 2 200 1000) + MARGIN_MS))
	expect_within "reload: MASTER with every route and rule" "$dl" \
	    eval 'vl_has_vip 1 $VIP && holds 1 $NV $NS' || return
	# The daemon reads its copy in its own mount namespace.
	f=/proc/${VL_KPID[1]}/root/run/vl/keepalived.conf
	sed -i -e 's|blackhole 10.99.0.0/16|blackhole 10.96.0.0/16|' \
	    -e 's|198.51.100.0/24 via|198.51.101.0/24 via|' "$f" ||
	    { fail "reload: config rewritten"; return; }
	vl_signal 1 HUP
	expect_within "reload: SIGHUP -> the dropped routes go, the new ones come" \
	    5000 eval '[ "$(n_match 1 "^blackhole 10\.99\." \
	    "^198\.51\.100\.")" -eq 0 ] &&
	    [ "$(n_match 1 "^blackhole 10\.96\.0\.0/16 table 200 proto keepalived" \
	    "^198\.51\.101\.0/24 via 192\.0\.2\.254 dev veth0 proto keepalived")" -eq 2 ]'
	check "reload: ... the others stay, the VIP too" eval \
	    '[ "$(n_match 1 "${VROUTES[0]}" "${VROUTES[2]}" "${VRULES[@]}" \
	    "${SRULES[@]}")" -eq 4 ] && vl_has_vip 1 $VIP'
	vl_signal 1 TERM
	check "reload: SIGTERM -> node 1 stops" vl_wait_down 1 5000
	if [ "$(n_match 1 "proto keepalived")" -eq 0 ]; then
		ok "reload: ... nothing of proto keepalived is left"
	else
		fail "reload: ... nothing of proto keepalived is left" \
		    "$(show_nodes)"
	fi
}

case_track()
{
	local dl n0 n1
	vl_setup 1 || { fail "track: topology"; return; }
	rt_conf "$VL_DIR/n1.conf" 200
	vl_start 1 "$BIN" "$VL_DIR/n1.conf" ||
	    { fail "track: node 1 starts" "$(show_nodes)"; return; }
	dl=$((START_MS + $(vl_down_ms 2 200 1000) + MARGIN_MS))
	expect_within "track: MASTER with every route and rule" "$dl" \
	    eval 'vl_has_vip 1 $VIP && holds 1 $NV $NS' || return
	n0=$(log_count 1 "Entering BACKUP STATE")
	n1=$(log_count 1 "Entering MASTER STATE")

	ip -n "$(vl_ns 1)" route del blackhole 10.99.0.0/16 table 200
	check "track: an untracked route deleted by hand stays deleted, the instance stays MASTER" \
	    holds_for 1500 eval \
	    '[ "$(n_match 1 "${VROUTES[1]}")" -eq 0 ] &&
	    [ "$(log_count 1 "Entering BACKUP STATE")" -eq "$n0" ]'

	ip -n "$(vl_ns 1)" route del 198.51.100.0/24
	expect_within "track: a static route deleted by hand is restored" \
	    2000 eval '[ "$(n_match 1 "${SROUTES[0]}")" -eq 1 ]'

	ip -n "$(vl_ns 1)" route del 203.0.113.0/24
	expect_within "track: a tracked virtual route deleted by hand: the instance leaves MASTER" \
	    2000 eval '[ "$(log_count 1 "Entering BACKUP STATE")" -gt "$n0" ]'
	# keepalived's set_vrrp_backup: back after Skew_Time, not Master_Down.
	dl=$(( $(vl_skew_ms 2 200 1000) + MARGIN_MS ))
	expect_within "track: ... and is MASTER again with the route after Skew_Time" "$dl" \
	    eval '[ "$(log_count 1 "Entering MASTER STATE")" -gt "$n1" ] &&
	    vl_has_vip 1 $VIP && [ "$(n_match 1 "${VROUTES[0]}")" -eq 1 ]'
	vl_signal 1 TERM
	check "track: SIGTERM -> node 1 stops" vl_wait_down 1 5000
}

# --- driver ---------------------------------------------------------------

KA=$KEEPALIVED
VL_KA_CASES=oracle
vl_drive netns-routes "$here/routes.sh" "$@"
