#!/bin/bash
# bench/mysql-failover.sh: seconds from kill -9 of mysqld (mariadbd) on the
# VIP holder to the first write a client gets acknowledged through the
# VIP, for Vigil and for keepalived 2.2.7, in the same run, in the MariaDB
# dual-master lab (tests/lab/lab.sh).
#
#   sudo bench/mysql-failover.sh [-n REPS] [VIGIL_BINARY]
#
# REPS defaults to 5 per daemon; VIGIL_BINARY to build/keepalived.  Not
# part of tests/run.  About 2 minutes.
#
# Both daemons get the same VRRP setup (VRID 51, advert_int 1, node1
# priority 100, node2 90, VIP 192.168.222.130) and the same check of the
# node's own MariaDB: every BENCH_DELAY_LOOP s (1), connect_timeout
# BENCH_CONNECT_TIMEOUT s (1), BENCH_RETRY retries (1) BENCH_DBR s apart
# (0.2).  A client writes a row through the VIP every 50 ms (fresh
# connection, 0.3 s per attempt in all) for the whole run.
#
#   vigil       the failover configuration of tests/lab/demo_lib.sh:
#               both BACKUP + nopreempt, MYSQL_CHECK (log in, read_only
#               OFF) + track_real_server: the holder whose server dies
#               goes to FAULT (priority 0 advert), the other node takes
#               the VIP; the killed node rejoins as BACKUP by itself, so
#               the holder alternates between repetitions.
#   keepalived  the seeds' method: seed 000's VRRP part (node1 MASTER
#               100, node2 BACKUP 90, preempting) plus a virtual_server
#               whose real server is the node's MariaDB, checked by
#               TCP_CHECK, with notify_down running a script that stops
#               that node's keepalived (kill $(cat its pid file)); its
#               VRRP child sends priority 0 on the way out and the other
#               node takes the VIP.  After each repetition the server is
#               restarted and the stopped keepalived started again by
#               hand (what an operator does with the seeds), node1 takes
#               the VIP back.
#
# What is compared, honestly: this kernel has no IPVS, and keepalived's
# checker child cannot start without it (it exits FATAL and takes the
# daemon with it; keepalived-compat.md 2.3).  So keepalived runs VRRP
# only (-P; the virtual_server block stays in its configuration, parsed
# and unused), and the checker half of the seed method -- TCP_CHECK with
# keepalived 2.2.7's schedule (keepalived-compat.md 6.1: next check
# delay_loop after a success, delay_before_retry after a failure while up,
# the failure that exhausts retry marks the server down and runs
# notify_down once) -- is an external poller (BENCH_POLLER below, Python,
# in the node's namespace) with the same parameters, which runs the same
# notify_down script.  Vigil runs whole, its own checker included.
#
# Each kill waits a random 0..delay_loop first, so that it falls at a
# random phase of the checks (both daemons alike).
# Per repetition it prints when the VIP moved (polled every 50 ms) and
# when the first write that started after the kill was acknowledged;
# then the medians and the ratio Vigil / keepalived of the latter.

set -u
cd "$(dirname "$0")/.." || exit 1
root=$(pwd)
reps=5
while getopts n: o; do
	case $o in
	n) reps=$OPTARG ;;
	*) echo "usage: $0 [-n REPS] [VIGIL_BINARY]" >&2; exit 2 ;;
	esac
done
shift $((OPTIND - 1))
VIGIL=$(readlink -f "${1:-build/keepalived}")
KEEPALIVED=${KEEPALIVED:-/usr/sbin/keepalived}
BENCH_DELAY_LOOP=${BENCH_DELAY_LOOP:-1}
BENCH_CONNECT_TIMEOUT=${BENCH_CONNECT_TIMEOUT:-1}
BENCH_RETRY=${BENCH_RETRY:-1}
BENCH_DBR=${BENCH_DBR:-0.2}
WRITE_MS=50
LAB_WRITER_TIMEOUT=0.3
PY=/usr/bin/python3
[ -x "$PY" ] || PY=$(command -v python3)

# shellcheck source=tests/lab/lab.sh
. "$root/tests/lab/lab.sh"
# shellcheck source=tests/lab/demo_lib.sh
. "$root/tests/lab/demo_lib.sh"

die()
{
	local n
	echo "mysql-failover: $*" >&2
	for n in node1 node2; do
		[ -f "${LAB_DIR:-/nonexistent}/$n/ka-$n.log" ] || continue
		echo "---- last lines of the daemon on $n" >&2
		tail -n 8 "$LAB_DIR/$n/ka-$n.log" >&2
	done
	exit 1
}

# The seed method's checker: keepalived 2.2.7's TCP_CHECK schedule.
# argv: IP PORT DELAY_LOOP CONNECT_TIMEOUT RETRY DELAY_BEFORE_RETRY SCRIPT
# LOG MAX_S.  LOG gets "MS up|fail|down|script-exit RC" (CLOCK_REALTIME).
# Non-alpha start: the server counts as up, and (keepalived's retry_it
# starting exhausted) a failure before the first success is at once
# "down".
BENCH_POLLER=$(cat <<'EOF'
import socket, subprocess, sys, time
ip, port, dl, ct, retry, dbr, script, log, max_s = (sys.argv[1],
    int(sys.argv[2]), float(sys.argv[3]), float(sys.argv[4]),
    int(sys.argv[5]), float(sys.argv[6]), sys.argv[7], sys.argv[8],
    float(sys.argv[9]))
out = open(log, "a", buffering=1)
def say(what):
    out.write("%d %s\n" % (time.time() * 1000, what))
up, left, children = True, 0, []
end = time.monotonic() + max_s
time.sleep(1)
while time.monotonic() < end:
    try:
        socket.create_connection((ip, port), timeout=ct).close()
        ok = True
    except OSError:
        ok = False
    if ok:
        if not up:
            say("up")
        up, left = True, retry
        time.sleep(dl)
        continue
    if up and left > 0:
        left -= 1
        say("fail")
        time.sleep(dbr)
        continue
    if up:
        up = False
        say("down")
        children.append(subprocess.Popen(["/bin/sh", script]))
    left = retry
    time.sleep(dl)
    for c in children[:]:
        if c.poll() is not None:
            say("script-exit %d" % c.returncode)
            children.remove(c)
EOF
)

# Configurations ------------------------------------------------------------

# vigil_conf NODE: demo_lib.sh's failover configuration with the bench's
# check parameters.
vigil_conf()
{
	local n=$1 d ip pr
	d=$(lab_dir "$n") || return 1
	ip=$(lab_ip "$n")
	[ "$n" = node1 ] && pr=100 || pr=90
	cat >"$d/keepalived.conf" <<EOF
! bench $n: Vigil, MYSQL_CHECK + track_real_server, BACKUP + nopreempt
global_defs {
	router_id DB_$n
}
vrrp_instance VI_1 {
	state BACKUP
	nopreempt
	interface $LAB_IF
	virtual_router_id 51
	priority $pr
	advert_int 1
	authentication {
		auth_type PASS
		auth_pass 1111
	}
	virtual_ipaddress {
		$LAB_VIP
	}
	track_real_server $ip $LAB_PORT
}
virtual_server $LAB_VIP $LAB_PORT {
	delay_loop $BENCH_DELAY_LOOP
	lb_algo rr
	lb_kind DR
	protocol TCP
	real_server $ip $LAB_PORT {
		weight 1
		MYSQL_CHECK {
			connect_ip $ip
			connect_port $LAB_PORT
			connect_timeout $BENCH_CONNECT_TIMEOUT
			user $LAB_CHECK_USER
			password $LAB_CHECK_PASS
			read_only off
			retry $BENCH_RETRY
			delay_before_retry $BENCH_DBR
		}
	}
}
EOF
	echo "$d/keepalived.conf"
}

# ka_conf NODE: seed 000's VRRP part (lab_ka_conf) plus its
# virtual_server, made for the lab: the node's own MariaDB, TCP_CHECK
# with the bench's parameters, notify_down stopping this node's
# keepalived by its pid file.
ka_conf()
{
	local n=$1 d ip
	d=$(lab_dir "$n") || return 1
	ip=$(lab_ip "$n")
	printf '#!/bin/sh\n# notify_down: stop this node'"'"'s keepalived\n%s\n' \
	    "kill \$(cat $d/ka.pid)" >"$d/shutdown.sh"
	chmod 755 "$d/shutdown.sh"
	lab_ka_conf "$n" "" "" "virtual_server $LAB_VIP $LAB_PORT {
	delay_loop $BENCH_DELAY_LOOP
	lb_algo rr
	lb_kind NAT
	protocol TCP
	real_server $ip $LAB_PORT {
		notify_down $d/shutdown.sh
		TCP_CHECK {
			connect_ip $ip
			connect_port $LAB_PORT
			connect_timeout $BENCH_CONNECT_TIMEOUT
			retry $BENCH_RETRY
			delay_before_retry $BENCH_DBR
		}
	}
}"
}

# poller_start NODE: the external TCP_CHECK of NODE's MariaDB (tag
# poll-NODE, log $LAB_DIR/NODE/poll.log).
poller_start()
{
	local d
	d=$(lab_dir "$1") || return 1
	lab_spawn "$1" "poll-$1" "$PY" -c "$BENCH_POLLER" "$(lab_ip "$1")" \
	    "$LAB_PORT" "$BENCH_DELAY_LOOP" "$BENCH_CONNECT_TIMEOUT" \
	    "$BENCH_RETRY" "$BENCH_DBR" "$d/shutdown.sh" "$d/poll.log" 1800 \
	    >/dev/null
}

# Helpers -----------------------------------------------------------------

holder_is()
{
	[ "$(lab_vip_holder)" = "$1" ]
}

log_lines()
{
	local c
	c=$(wc -l <"$LAB_DIR/$1/ka-$1.log" 2>/dev/null) || c=0
	echo "${c:-0}"
}

# log_since NODE LINE ERE: a line of NODE's daemon log after LINE matches.
log_since()
{
	tail -n +"$(($2 + 1))" "$LAB_DIR/$1/ka-$1.log" 2>/dev/null |
	    grep -Eq -- "$3"
}

first_ack_after()
{
	awk -v a="$1" '$1 == "ack" && $3 >= a { print $4, $5, $6; exit }' \
	    "$LAB_WRITER_LOG"
}

ack_after()
{
	[ -n "$(first_ack_after "$1")" ]
}

acks_by_at_least()
{
	[ "$(lab_writer_acked_by "$1")" -ge "$2" ]
}

# writes_flow NODE: 5 more writes acknowledged by NODE's server.
writes_flow()
{
	local id=${1#node} n
	n=$(lab_writer_acked_by "$id")
	lab_wait 20000 acks_by_at_least "$id" $((n + 5))
}

# caught_up DOWN UP SEQ: as in tests/lab/e2e.sh.
caught_up()
{
	local d=${1#node} u=${2#node} a b
	lab_repl_all_running || return 1
	a=$(demo_seq "$1" "$d") && b=$(demo_seq "$2" "$d") || return 1
	[ "$a" = "$b" ] || return 1
	a=$(demo_seq "$1" "$u") || return 1
	[ "$a" -ge "$3" ]
}

# wait_caught_up DOWN UP
wait_caught_up()
{
	local seq
	seq=$(demo_seq "$2" "${2#node}")
	lab_wait 30000 caught_up "$1" "$2" "${seq:-0}"
}

ka_dead()
{
	[ -z "$(lab_spawn_pid "ka-$1")" ]
}

# one_kill WHO REP HOLDER OTHER: kill HOLDER's server, measure; appends
# the first-write time to RES_<WHO>.
one_kill()
{
	local who=$1 rep=$2 h=$3 o=$4 t0 t_vip t_w sid
	writes_flow "$h" || die "$who: no writes through $h before rep $rep"
	# A random phase against the check timer: otherwise the kill comes a
	# nearly fixed time after the check that ended the previous
	# repetition (deliberate, not a synchronisation).
	sleep "$(awk -v r="$RANDOM" -v d="$BENCH_DELAY_LOOP" \
	    'BEGIN { printf "%.3f", r / 32768 * d }')"
	t0=$(lab_now_ms)
	lab_server_kill "$h"
	lab_wait 30000 holder_is "$o" ||
	    die "$who rep $rep: the VIP did not move to $o"
	t_vip=$(( $(lab_now_ms) - t0 ))
	lab_wait 30000 ack_after "$t0" ||
	    die "$who rep $rep: no write acknowledged after the kill"
	read -r t_w _ sid <<<"$(first_ack_after "$t0")"
	t_w=$((t_w - t0))
	printf '%-10s rep %d: %s killed, VIP on %s +%d ms, first write' \
	    "$who" "$rep" "$h" "$o" "$t_vip"
	printf ' acknowledged +%d ms (server %s)\n' "$t_w" "$sid"
	eval "RES_$who=\"\${RES_$who:-} $t_w\""
}

# median LIST: the median of the numbers in LIST (ms).
median()
{
	tr ' ' '\n' <<<"$1" | sed '/^$/d' | sort -n |
	    awk '{ v[NR] = $1 } END {
		if (NR == 0) { print 0; exit }
		if (NR % 2) print v[(NR + 1) / 2]
		else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

# ---------------------------------------------------------------------------
[ "$(id -u)" = 0 ] || die "needs root"
[ -x "$VIGIL" ] || die "no $VIGIL (make first)"
[ -x "$KEEPALIVED" ] || die "no $KEEPALIVED"
[ -n "$PY" ] || die "needs python3"
lab_install || exit 1
trap lab_cleanup EXIT
trap 'exit 130' INT TERM
lab_reap_stale

echo "mysql-failover: kill -9 of mariadbd on the VIP holder -> first write" \
    "acknowledged through the VIP"
echo "  check every $BENCH_DELAY_LOOP s, connect_timeout" \
    "$BENCH_CONNECT_TIMEOUT s, retry $BENCH_RETRY, delay_before_retry" \
    "$BENCH_DBR s; advert_int 1; a write every $WRITE_MS ms" \
    "($LAB_WRITER_TIMEOUT s per attempt); $reps repetitions each"
echo "  vigil:      $VIGIL, MYSQL_CHECK + track_real_server (FAULT)"
echo "  keepalived: $KEEPALIVED -P (VRRP only: no IPVS here) + the seed" \
    "method's TCP_CHECK/notify_down as an external poller, same schedule"
lab_up || die "lab up"
lab_writer_start "$WRITE_MS" 1800

# --- Vigil ---------------------------------------------------------------------
LAB_KEEPALIVED=$VIGIL
f=$(vigil_conf node1) && vigil_conf node2 >/dev/null || die "configs"
"$VIGIL" -t -f "$f" >/dev/null 2>&1 || die "Vigil refuses $f"
lab_ka_start node1
lab_wait 15000 holder_is node1 || die "vigil: node1 did not take the VIP"
lab_ka_start node2
lab_wait 10000 log_since node2 0 'Entering BACKUP STATE' ||
    die "vigil: node2 not BACKUP"
h=node1
for ((r = 1; r <= reps; r++)); do
	[ $h = node1 ] && o=node2 || o=node1
	off=$(log_lines "$h")
	one_kill vigil "$r" "$h" "$o"
	lab_server_restart "$h" || die "vigil: restarting $h's server"
	lab_wait 20000 log_since "$h" "$off" 'Entering BACKUP STATE' ||
	    die "vigil: $h not back to BACKUP"
	wait_caught_up "$h" "$o" || die "vigil: replication did not catch up"
	h=$o
done
lab_ka_stop node1
lab_ka_stop node2
lab_wait 5000 holder_is '' || die "vigil: VIP left behind"

# --- keepalived ------------------------------------------------------------------
LAB_KEEPALIVED=$KEEPALIVED
ka_conf node1 >/dev/null && ka_conf node2 >/dev/null || die "configs"
off=$(log_lines node2)
lab_ka_start node1 -P
lab_wait 15000 holder_is node1 || die "keepalived: node1 did not take the VIP"
lab_ka_start node2 -P
lab_wait 10000 log_since node2 "$off" 'Entering BACKUP STATE' ||
    die "keepalived: node2 not BACKUP"
poller_start node1 && poller_start node2 || die "pollers"
for ((r = 1; r <= reps; r++)); do
	one_kill keepalived "$r" node1 node2
	lab_wait 10000 ka_dead node1 || die "keepalived: node1's still runs"
	lab_ka_stop node1
	lab_server_restart node1 || die "keepalived: restarting node1's server"
	wait_caught_up node1 node2 ||
	    die "keepalived: replication did not catch up"
	lab_ka_start node1 -P
	lab_wait 15000 holder_is node1 ||
	    die "keepalived: node1 did not take the VIP back"
done
lab_writer_stop
lab_wait_synced 30000 || die "nodes not in sync at the end"
lab_verify || echo "mysql-failover: WARNING: acknowledged writes missing"

mv=$(median "$RES_vigil")
mk=$(median "$RES_keepalived")
printf 'vigil      median of %d: %.3f s  (%s ms)\n' "$reps" \
    "$(awk -v m="$mv" 'BEGIN { print m / 1000 }')" "${RES_vigil# }"
printf 'keepalived median of %d: %.3f s  (%s ms)\n' "$reps" \
    "$(awk -v m="$mk" 'BEGIN { print m / 1000 }')" "${RES_keepalived# }"
awk -v a="$mv" -v b="$mk" 'BEGIN {
	if (b > 0) printf "ratio vigil/keepalived: %.2f\n", a / b
	else print "ratio vigil/keepalived: -" }'
