#!/bin/bash
# bench/failover.sh: graceful and crash failover times of two Vigil nodes
# against two keepalived 2.2.7 nodes in the same run, each compared with
# the protocol limit.
#
#   sudo bench/failover.sh [-n REPS] [VIGIL_BINARY]
#
# The topology of the netns suites (tests/netns/vrrp_lib.sh): two network
# namespaces on a bridge, node 1 (192.0.2.1, priority 100) and node 2
# (192.0.2.2, priority 90), one instance with the VIP 192.0.2.100, each
# daemon alone in a PID + mount namespace of its own (-n -l -D -P).  Two
# variants: VRRPv2 with advert_int 1 and VRRPv3 with advert_int 0.5.  For
# each variant and implementation, REPS (default 5) repetitions of:
#
#   graceful	SIGTERM of the master (node 1): its priority 0 advert
#		makes node 2 wait Skew_Time; limit: Skew_Time of priority 90
#   crash	node 1 freezes (SIGSTOP of all its processes, then kill -9
#		of its daemon, the namespace's init) right after one of its
#		adverts; limit: Master_Down_Interval of priority 90
#
# after which node 1 is started again and takes the VIP back (preempt).
# The time is taken by a helper in node 2's namespace: it watches the
# adverts on a raw socket (IPPROTO 112), sends the signal right after an
# advert from node 1 arrives (so the crash time starts at node 1's last
# advert, as Master_Down does), and stops the clock at the kernel's
# RTM_NEWADDR notification of the VIP on node 2 (netlink, no polling).
# Prints every time, the medians per implementation, the ratios
# Vigil / keepalived and each median / the protocol limit.
#
# Not part of tests/run: run it by hand on an otherwise idle machine.
set -u
export LC_ALL=C
cd "$(dirname "$0")/.." || exit 1
here=$(pwd)/tests/netns
. "$here/lib.sh"
. "$here/vrrp_lib.sh"

REPS=5
KA=${KA:-/usr/sbin/keepalived}
VIP=192.0.2.100
while getopts n: o; do
	case $o in
	n) REPS=$OPTARG ;;
	*) echo "usage: $0 [-n REPS] [VIGIL_BINARY]" >&2; exit 2 ;;
	esac
done
shift $((OPTIND - 1))
VIGIL=$(readlink -f "${1:-build/keepalived}")

if [ "$(id -u)" -ne 0 ]; then
	echo "bench/failover.sh: needs root (ip netns, unshare, mounts)" >&2
	exit 1
fi
for b in "$VIGIL" "$KA"; do
	[ -x "$b" ] || { echo "bench/failover.sh: no binary at $b" >&2; exit 1; }
done

trap 'vl_cleanup' EXIT
trap 'exit 143' TERM INT

# The clock, run in node 2's namespace:
#	python3 -c "$CLOCK" MODE SRC VIP PID...
# MODE term: SIGTERM to the first PID right after an advert from SRC;
# MODE crash: SIGSTOP to every PID right after an advert from SRC, then
# SIGKILL to the first once all are stopped.  Prints the milliseconds from
# that advert to the VIP's RTM_NEWADDR here, or "timeout".
CLOCK=$(cat <<'EOF'
import os, select, signal, socket, struct, sys, time
mode, src, vip = sys.argv[1], socket.inet_aton(sys.argv[2]), \
    socket.inet_aton(sys.argv[3])
pids = [int(p) for p in sys.argv[4:]]
nl = socket.socket(socket.AF_NETLINK, socket.SOCK_RAW, 0)
nl.bind((0, 0x10))			# RTMGRP_IPV4_IFADDR
raw = socket.socket(socket.AF_INET, socket.SOCK_RAW, 112)

def stopped(p):
    try:
        with open("/proc/%d/stat" % p) as f:
            s = f.read()
    except OSError:
        return True
    return s[s.rindex(")") + 2] in "TtZX"

def has_vip(data):
    off = 0
    while off + 16 <= len(data):
        l, t = struct.unpack_from("=IH", data, off)
        if l < 16:
            break
        if t == 20:
            a, end = off + 24, off + l
            while a + 4 <= end:
                alen, atype = struct.unpack_from("=HH", data, a)
                if alen < 4:
                    break
                if atype in (1, 2) and data[a + 4:a + alen] == vip:
                    return True
                a += (alen + 3) & ~3
        off += (l + 3) & ~3
    return False

deadline = time.monotonic() + 5
t0 = None
while t0 is None:
    left = deadline - time.monotonic()
    if left <= 0:
        print("timeout (no advert from the master)")
        sys.exit(1)
    if not select.select([raw], [], [], left)[0]:
        continue
    pkt = raw.recv(2048)
    ihl = (pkt[0] & 15) * 4
    if pkt[12:16] == src and len(pkt) > ihl + 2 and pkt[ihl + 2] != 0:
        t0 = time.monotonic()
if mode == "term":
    os.kill(pids[0], signal.SIGTERM)
else:
    for p in pids:
        try:
            os.kill(p, signal.SIGSTOP)
        except OSError:
            pass
    for _ in range(100):
        if all(stopped(p) for p in pids):
            break
        time.sleep(0.002)
    os.kill(pids[0], signal.SIGKILL)
deadline = t0 + 15
while True:
    left = deadline - time.monotonic()
    if left <= 0:
        print("timeout")
        sys.exit(1)
    if select.select([nl], [], [], left)[0] and has_vip(nl.recv(65536)):
        print("%.1f" % ((time.monotonic() - t0) * 1000))
        sys.exit(0)
EOF
)

# clock MODE: run the clock against node 1's daemon; prints the time.
clock()
{
	local pids
	if [ "$1" = term ]; then
		pids=${VL_KPID[1]}
	else
		pids=$(vl_tree "${VL_KPID[1]}")
	fi
	ip netns exec "$(vl_ns 2)" timeout 25 python3 -c "$CLOCK" "$1" \
	    192.0.2.1 $VIP $pids 2>&1 | tail -n 1
}

# master1 BIN CONF: node 1 (re)started and the only holder, node 2 back in
# BACKUP and past a few adverts of node 1.
master1()
{
	vl_running 1 || vl_start 1 "$1" "$2" || return 1
	wait_until 10000 vl_only 1 $VIP || return 1
	sleep "$SETTLE"
}

median()
{
	sort -n | awk '{ v[NR] = $1 } END {
		if (NR == 0) { print "-"; exit }
		if (NR % 2) print v[(NR + 1) / 2]
		else printf "%.1f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

ratio()
{
	awk -v a="$1" -v b="$2" 'BEGIN {
		if (a == "-" || b == "-" || b == 0) print "-"
		else printf "%.2f", a / b }'
}

# run_impl NAME BIN VERSION ADVERT_S: REPS repetitions; sets G_<NAME> and
# C_<NAME> (the times, space-separated).
run_impl()
{
	eval "G_$1= C_$1="
	run_reps "$@"
	vl_cleanup
}

run_reps()
{
	local name=$1 bin=$2 v=$3 adv=$4 r t g= c=
	vl_setup 2 || { echo "  $name: topology failed" >&2; return 1; }
	vl_conf "$VL_DIR/n1.conf" version="$v" advert="$adv" prio=100
	vl_conf "$VL_DIR/n2.conf" version="$v" advert="$adv" prio=90
	vl_start 2 "$bin" "$VL_DIR/n2.conf" ||
	    { echo "  $name: node 2 did not start" >&2; return 1; }
	for r in $(seq 1 "$REPS"); do
		if ! master1 "$bin" "$VL_DIR/n1.conf"; then
			echo "  $name rep $r: node 1 did not become MASTER" >&2
			break
		fi
		t=$(clock term)
		printf '  %-10s v%s rep %d: graceful %8s ms' "$name" "$v" "$r" "$t"
		case $t in [0-9]*) g="$g $t" ;; esac
		vl_wait_down 1 5000 || vl_stop 1
		vl_flush_vip 1 $VIP
		if ! master1 "$bin" "$VL_DIR/n1.conf"; then
			echo
			echo "  $name rep $r: node 1 did not take the VIP back" >&2
			break
		fi
		t=$(clock crash)
		printf ', crash %8s ms\n' "$t"
		case $t in [0-9]*) c="$c $t" ;; esac
		vl_wait_down 1 3000 || vl_stop 1
		vl_flush_vip 1 $VIP	# the crashed host comes back clean
	done
	eval "G_$name=\$g C_$name=\$c"
}

# row NAME LIMIT KA VIGIL: one line of the table (over: median - limit).
row()
{
	printf '  %-9s %6s %11s %8s %9s %9s %12s %8s %10s\n' "$1" "$2" "$3" \
	    "$4" "$(ratio "$4" "$3")" "$(ratio "$3" "$2")" \
	    "$(ratio "$4" "$2")" "$(diff_ms "$3" "$2")" "$(diff_ms "$4" "$2")"
}

diff_ms()
{
	awk -v a="$1" -v b="$2" 'BEGIN {
		if (a == "-") print "-"; else printf "%+.1f", a - b }'
}

# variant VERSION ADVERT_S ADVERT_MS
variant()
{
	local v=$1 adv=$2 advms=$3 skew down gk gv ck cv
	skew=$(vl_skew_ms "$v" 90 "$advms")
	down=$(vl_down_ms "$v" 90 "$advms")
	SETTLE=$(awk -v a="$adv" 'BEGIN { print 2 * a + 0.3 }')
	echo "VRRPv$v, advert_int $adv, priorities 100/90:" \
	    "Skew_Time $skew ms, Master_Down $down ms"
	run_impl keepalived "$KA" "$v" "$adv"
	run_impl vigil "$VIGIL" "$v" "$adv"
	gk=$(tr ' ' '\n' <<<"$G_keepalived" | grep . | median)
	gv=$(tr ' ' '\n' <<<"$G_vigil" | grep . | median)
	ck=$(tr ' ' '\n' <<<"$C_keepalived" | grep . | median)
	cv=$(tr ' ' '\n' <<<"$C_vigil" | grep . | median)
	printf '  %-9s %6s %11s %8s %9s %9s %12s %8s %10s\n' "" limit \
	    keepalived vigil vigil/ka ka/limit vigil/limit "ka over" \
	    "vigil over"
	row graceful "$skew" "$gk" "$gv"
	row crash "$down" "$ck" "$cv"
	echo
}

echo "bench/failover.sh: $REPS repetitions, keepalived $KA, vigil $VIGIL" \
    "(medians in ms)"
variant 2 1 1000
variant 3 0.5 500
