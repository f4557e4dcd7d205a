#!/bin/bash
# tests/netns/seeds.sh: the users' configurations (tests/config/files/
# seeds/*.conf) running unchanged, two nodes, MySQL failover by the
# checker's notify_down.
#
#   bash tests/netns/seeds.sh [BINARY [SEED...]]
#
# BINARY defaults to build/keepalived; SEEDs are 000 and 001.  Each seed
# gets two nodes on a bridge (tests/netns/vrrp_lib.sh), each in a network
# namespace and, for its daemon, a PID + mount namespace of its own whose
# /etc/keepalived is a private tmpfs holding the seed's kill script
# (shutdown.sh / check_mysql.sh: "#!/bin/sh" + "killall keepalived", which
# reaches only that node's PID namespace).  The configs run as they are,
# except the interface name (ens33 / eth0 -> veth0):
#   000  seed000-master.conf on 192.168.222.128/24, seed000-master_back.conf
#        on .129/24, VIP 192.168.222.130 (vrrp_strict, vrrp_garp_interval 0)
#   001  seed001-master1.conf on 192.168.1.201/24, seed001-master2.conf on
#        .202/24, VIP 192.168.1.200 (no final '}')
# A MySQL-port listener (a plain TCP listener, tests/netns/servers/
# tserv.py) runs on each node's real-server address, port 3306.
# Checks: node 1 holds the VIP; the listener on node 1 is stopped right
# after a check at T_last -> its TCP_CHECK fails, notify_down runs the
# kill script -> node 1's daemon stops (priority 0 advert) -> node 2 holds
# the VIP at
#	T_last + delay_loop + retry x delay_before_retry + skew(90)
# (the connection is refused at once; skew (256 - 90) / 256 s is how long
# a backup waits after a priority 0 advert), within SEED_TOL_MS (default
# 500: timer slack, the script, the daemon's stop); the time from the stop
# and from "Removing service" are printed.  retry is 3: Vigil honours
# nb_get_retry in TCP_CHECK (doc/differences-from-keepalived.md); with
# keepalived's reading it would be 1 (SEED_RETRY=1).
#   000: delay_loop 6, delay_before_retry 3: T_last + 15.65 s
#   001: delay_loop 2, delay_before_retry 3: T_last + 11.65 s
# (connect_timeout 3 / 10 plays no part: the refusal is immediate.)
#
# keepalived 2.2.7 cannot run these configs here (no IPVS: its checker
# exits FATAL, keepalived-compat.md §2.3), so the expectations come from
# its source.  Final line "netns-seeds: N passed, M failed".  Needs root.

set -u
export LC_ALL=C
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
. "$here/lib.sh"
. "$here/vrrp_lib.sh"
. "$here/checker_lib.sh"

SEED_TOL_MS=${SEED_TOL_MS:-500}
SEED_RETRY=${SEED_RETRY:-3}
SEEDS=$root/tests/config/files/seeds

show_nodes()
{
	local k
	echo "      holders of $VIP: [$(vl_holders "$VIP")]"
	for k in 1 2; do
		echo "      node $k log:"
		show_log "$(vl_log "$k")" 10
		echo "      node $k checks: $(tail -n 3 "$VL_DIR/req$k.log" |
		    tr '\n' ';')"
	done
}

# seed NAME IF CONF1 CONF2 ADDR1 ADDR2 VIP SCRIPT DL DBR
seed()
{
	local name=$1 ifname=$2 c1=$3 c2=$4 a1=$5 a2=$6 script=$8
	local dl=$9 dbr=${10} k t_last t_stop t_vip t_rm pred skew
	VIP=$7
	vl_setup 2 "$a1/24" "$a2/24" || { fail "$name: topology"; return; }
	for k in 1 2; do
		# The configs, unchanged but for the interface name.
		sed "s/\\b$ifname\\b/$VL_IF/g" "$SEEDS/$([ $k = 1 ] && echo "$c1" ||
		    echo "$c2")" >"$VL_DIR/node$k.conf"
		: >"$VL_DIR/req$k.log"
		if ! ck_srv_start "my$k" "$(vl_ns "$k")" tcp \
		    "$([ $k = 1 ] && echo "$a1" || echo "$a2")" 3306 \
		    "$VL_DIR/req$k.log"; then
			fail "$name: MySQL listener on node $k" \
			    "$(cat "$VL_DIR/req$k.log.err")"
			return
		fi
	done
	for k in 1 2; do
		if ! ck_node_start "$k" "$BIN" "$VL_DIR/node$k.conf" "$script"
		then
			fail "$name: node $k started" "$(show_nodes)"
			return
		fi
	done
	if wait_until 10000 vl_only 1 "$VIP"; then
		ok "$name: node 1 holds $VIP ($waited_ms ms after start)"
	else
		fail "$name: node 1 holds $VIP" "$(show_nodes)"
		return
	fi
	# The first check: 1 s + up to warmup (= delay_loop) after start.
	if ! wait_until $((dl * 1000 + 3000)) ck_req_after "$VL_DIR/req1.log" 0
	then
		fail "$name: node 1 checks its MySQL port" "$(show_nodes)"
		return
	fi
	ck_srv_stop my1
	t_stop=$ck_stopped_ms
	t_last=$(ck_last_req "$VL_DIR/req1.log")
	ok "$name: node 1 checked its MySQL port; listener stopped $((t_stop -
	    t_last)) ms after that check"
	skew=$(vl_skew_ms 2 90 1000)
	pred=$((t_last + dl * 1000 + SEED_RETRY * dbr * 1000 + skew))
	if ! wait_until $((pred - $(now_ms) + SEED_TOL_MS + 5000)) \
	    vl_only 2 "$VIP"; then
		fail "$name: $VIP moves to node 2" "$(show_nodes)"
		return
	fi
	t_vip=$(now_ms)
	t_rm=$(ck_line_after "$(vl_log 1)" "$t_stop" 'Removing service') ||
	    t_rm=0
	echo "time: $name: VIP on node 2 $((t_vip - t_stop)) ms after the" \
	    "listener stopped, $((t_vip - t_rm)) ms after 'Removing service'" \
	    "on node 1; predicted $((pred - t_stop)) ms"
	local d=$((t_vip - pred))
	if [ ${d#-} -le "$SEED_TOL_MS" ]; then
		ok "$name: $VIP on node 2 $((t_vip - t_last)) ms after the last good check (delay_loop $dl + $SEED_RETRY x delay_before_retry $dbr + skew $skew ms; $d ms from predicted)"
	else
		fail "$name: $VIP on node 2 $((t_vip - t_last)) ms after the last good check, predicted $((pred - t_last)) ($d ms off, tolerance $SEED_TOL_MS)" \
		    "$(show_nodes)"
	fi
	if [ "$t_rm" -gt 0 ]; then
		ok "$name: node 1 logged Removing service $((t_rm - t_last)) ms after the last good check"
	else
		fail "$name: node 1 logged Removing service" "$(show_nodes)"
	fi
	if vl_wait_down 1 5000; then
		ok "$name: the kill script stopped node 1's daemon"
	else
		fail "$name: the kill script stopped node 1's daemon" \
		    "$(show_nodes)"
	fi
	check "$name: node 2 logged Entering MASTER STATE" \
	    log_has "$(vl_log 2)" 'Entering MASTER STATE'
	check "$name: node 2 still holds $VIP" holds_for 1000 vl_only 2 "$VIP"
}

seed_000()
{
	seed seed000 ens33 seed000-master.conf seed000-master_back.conf \
	    192.168.222.128 192.168.222.129 192.168.222.130 \
	    /etc/keepalived/shutdown.sh 6 3
}

seed_001()
{
	seed seed001 eth0 seed001-master1.conf seed001-master2.conf \
	    192.168.1.201 192.168.1.202 192.168.1.200 \
	    /etc/keepalived/check_mysql.sh 2 3
}

cleanup()
{
	ck_cleanup
	vl_cleanup
}

BIN=${1:-build/keepalived}
shift $(( $# > 0 ? 1 : 0 ))
case $BIN in /*) ;; *) BIN=$(pwd)/$BIN ;; esac
if [ "$(id -u)" -ne 0 ]; then
	echo "netns-seeds: needs root"
	echo "netns-seeds: 0 passed, 1 failed"
	exit 1
fi
trap cleanup EXIT
trap 'exit 1' INT TERM
passed=0
failed=0
t0=$(now_ms)
if [ ! -e /proc/net/ip_vs ] && [ -x /usr/sbin/keepalived ]; then
	echo "skip  keepalived 2.2.7 as oracle: the seeds have a virtual_server" \
	    "and this kernel no IPVS (its checker exits FATAL)"
fi
for s in ${*:-000 001}; do
	echo "--- seed $s"
	res=$(mktemp /tmp/vigil-seeds.XXXXXX) || exit 1
	# Not in a subshell: the nodes' pids must reach cleanup.
	seed_"$s" >"$res" 2>&1
	cleanup
	cat "$res"
	p=$(grep -c '^ok    ' "$res")
	f=$(grep -c '^FAIL  ' "$res")
	[ $((p + f)) -eq 0 ] && f=1 && echo "FAIL  seed $s: no result"
	passed=$((passed + p))
	failed=$((failed + f))
	rm -f "$res"
done
echo "time: $(( ($(now_ms) - t0) / 1000 )) s"
echo "netns-seeds: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
