#!/bin/bash
# tests/lab/e2e.sh: MySQL-aware failover end to end, ten times over, in the
# MariaDB dual-master lab (tests/lab/lab.sh) with Vigil on both nodes.
#
#   sudo bash tests/lab/e2e.sh [VIGIL_BINARY]
#
# Vigil runs on both nodes with the demo's configuration
# (tests/lab/demo_lib.sh, DEMO_CHECK=mysql): both BACKUP + nopreempt,
# MYSQL_CHECK of the node's own MariaDB every second (one retry 0.2 s
# later), track_real_server of that server.  A client writes a row through
# the VIP every 100 ms for the whole run.  Each of E2E_CYCLES (default 10)
# cycles fails the node that holds the VIP, so the failing node alternates:
#   kill -9 the holder's mariadbd; the VIP must be on the other node alone
#   within 15 s and the writes must resume there; restart the killed
#   server; its node must enter BACKUP again (leaving FAULT by itself) and
#   replication must catch up both ways (the restarted node has every
#   write the holder took until it was back, the holder has every write
#   of the restarted node); nopreempt: the VIP stays where it is.
# All along, from the first convergence (node1 MASTER, node2 BACKUP) to
# the end, a sampler reads both nodes' addresses every 10 ms (an
# RTM_GETADDR dump per node, the idea of tests/netns/vrrp_lib.sh): the VIP
# must never be on both nodes in any sample.  There is no transition
# window: a holder whose server died goes to FAULT and drops the VIP
# before (priority 0 advert) the other node takes it, and a node coming
# back stays BACKUP (nopreempt), so two holders are never right.
# At the end the writer stops, both nodes sync (lab_wait_synced) and
# lab_verify checks that every acknowledged write is on both nodes and
# that CHECKSUM TABLE is equal.
#
# One line per cycle with its times (ms after the kill), "ok"/"FAIL" per
# check, last line "lab-e2e: N passed, M failed".  About 45 seconds.
# E2E_KEEP=DIR keeps the logs of a failed run in DIR.

set -u
cd "$(dirname "$0")/../.." || exit 1
root=$(pwd)
LAB_KEEPALIVED=${1:-${VIGIL:-$root/build/keepalived}}
LAB_WRITER_TIMEOUT=0.5		# s: a write not answered by then failed
E2E_CYCLES=${E2E_CYCLES:-10}
E2E_WRITE_MS=100
PY=/usr/bin/python3
[ -x "$PY" ] || PY=$(command -v python3)
# shellcheck source=tests/lab/lab.sh
. "$root/tests/lab/lab.sh"
# shellcheck source=tests/lab/demo_lib.sh
. "$root/tests/lab/demo_lib.sh"
DEMO_CHECK=mysql

passed=0
failed=0
t_start=$(lab_now_ms)
E2E_SAMPLER_PID=

check()
{
	local what=$1
	shift
	if "$@"; then
		passed=$((passed + 1))
		echo "ok   $what"
		return 0
	fi
	failed=$((failed + 1))
	echo "FAIL $what"
	return 1
}

# keep_logs: with E2E_KEEP set, copy the run's logs there.
keep_logs()
{
	local n
	[ -n "${E2E_KEEP:-}" ] && [ -n "$LAB_DIR" ] && [ -d "$LAB_DIR" ] ||
	    return 0
	for n in node1 node2; do
		mkdir -p "$E2E_KEEP/$n" &&
		    cp "$LAB_DIR/$n"/*.log "$LAB_DIR/$n"/*.conf "$E2E_KEEP/$n/" \
		    2>/dev/null
	done
	cp "$LAB_DIR"/writer.log "$LAB_DIR"/vip.log "$E2E_KEEP/" 2>/dev/null
	echo "      logs kept in $E2E_KEEP"
}

finish()
{
	[ $failed -eq 0 ] || keep_logs
	echo "      [$(( $(lab_now_ms) - t_start )) ms] done"
	echo "lab-e2e: $passed passed, $failed failed"
	[ $failed -eq 0 ]
	exit
}

# show_tail NODE: the last lines of NODE's Vigil log, indented.
show_tail()
{
	echo "      last lines of Vigil on $1:"
	tail -n 8 "$LAB_DIR/$1/ka-$1.log" 2>/dev/null | sed 's/^/        /'
}

cleanup()
{
	sampler_stop
	lab_cleanup
}

# The sampler ---------------------------------------------------------------
# One NETLINK_ROUTE socket per node namespace (made inside it with setns),
# an RTM_GETADDR dump on each every 10 ms.  Appends "MS HOLDERS" to LOG at
# each change of the holders (CLOCK_REALTIME ms; node1, node2,
# node1+node2 or none) and, when STOPFILE appears (looked for every 10
# samples) or after MAX_S seconds, "samples N multi M none Z maxgap G".
E2E_SAMPLER=$(cat <<'EOF'
import ctypes, os, socket, struct, sys, time
libc = ctypes.CDLL(None, use_errno=True)
vip, stop, max_s, log = (socket.inet_aton(sys.argv[1]), sys.argv[2],
                         float(sys.argv[3]), sys.argv[4])
nodes = [a.split("=", 1) for a in sys.argv[5:]]
home = os.open("/proc/self/ns/net", os.O_RDONLY)
socks = []
for label, ns in nodes:
    fd = os.open("/run/netns/" + ns, os.O_RDONLY)
    if libc.setns(fd, 0x40000000) != 0:
        sys.exit("setns " + ns + ": " + os.strerror(ctypes.get_errno()))
    s = socket.socket(socket.AF_NETLINK, socket.SOCK_RAW, 0)
    s.bind((0, 0))
    socks.append((label, s))
    os.close(fd)
libc.setns(home, 0x40000000)

def holds(s, seq):
    s.send(struct.pack("=IHHIIBBBBI", 24, 22, 0x301, seq, 0, 2, 0, 0, 0, 0))
    found = False
    while True:
        data = s.recv(65536)
        off = 0
        while off + 16 <= len(data):
            l, t = struct.unpack_from("=IH", data, off)
            if l < 16 or t == 3:
                return found
            if t == 2:
                raise OSError("netlink error")
            if t == 20:
                a, end = off + 24, off + l
                while a + 4 <= end:
                    alen, atype = struct.unpack_from("=HH", data, a)
                    if alen < 4:
                        break
                    if atype in (1, 2) and data[a + 4:a + alen] == vip:
                        found = True
                    a += (alen + 3) & ~3
            off += (l + 3) & ~3

out = open(log, "a", buffering=1)
t0 = time.monotonic()
nxt, last = t0, t0
n = multi = none = seq = 0
gap = 0.0
prev = None
while n < max_s * 100 + 10:
    now = time.monotonic()
    gap = max(gap, now - last)
    last = now
    h = []
    for label, s in socks:
        seq += 1
        if holds(s, seq):
            h.append(label)
    n += 1
    key = "+".join(h) if h else "none"
    if not h:
        none += 1
    elif len(h) > 1:
        multi += 1
    if key != prev:
        out.write("%d %s\n" % (time.time() * 1000, key))
        prev = key
    if now - t0 >= max_s or (n % 10 == 0 and os.path.exists(stop)):
        break
    nxt += 0.01
    d = nxt - time.monotonic()
    if d > 0:
        time.sleep(d)
    else:
        nxt = time.monotonic()
out.write("samples %d multi %d none %d maxgap %d\n" % (n, multi, none,
                                                       gap * 1000))
EOF
)

# sampler_start: start the sampler (at most 600 s) on $LAB_DIR/vip.log.
sampler_start()
{
	E2E_VIPLOG=$LAB_DIR/vip.log
	: >"$E2E_VIPLOG"
	rm -f "$LAB_DIR/sampler.stop"
	"$PY" -c "$E2E_SAMPLER" "$LAB_VIP" "$LAB_DIR/sampler.stop" 600 \
	    "$E2E_VIPLOG" "node1=$(lab_ns node1)" "node2=$(lab_ns node2)" \
	    </dev/null >/dev/null 2>"$LAB_DIR/sampler.err" &
	E2E_SAMPLER_PID=$!
}

# sampler_stop: ask the sampler to stop, wait for it (3 s, then SIGKILL).
sampler_stop()
{
	local p=$E2E_SAMPLER_PID
	[ -n "$p" ] || return 0
	[ -n "$LAB_DIR" ] && [ -d "$LAB_DIR" ] && : >"$LAB_DIR/sampler.stop"
	lab_wait 3000 lab_dead "$p" || kill -KILL "$p" 2>/dev/null
	wait "$p" 2>/dev/null
	E2E_SAMPLER_PID=
	return 0
}

# sampler_running: the sampler is alive and has recorded a first state.
sampler_running()
{
	lab_alive "$E2E_SAMPLER_PID" && [ -s "$E2E_VIPLOG" ]
}

# Helpers -----------------------------------------------------------------

holder_is()
{
	[ "$(lab_vip_holder)" = "$1" ]
}

# log_lines NODE: lines in NODE's Vigil log so far.
log_lines()
{
	local c
	c=$(wc -l <"$LAB_DIR/$1/ka-$1.log" 2>/dev/null) || c=0
	echo "${c:-0}"
}

# log_since NODE LINE ERE: a line of NODE's log after line LINE matches.
log_since()
{
	tail -n +"$(($2 + 1))" "$LAB_DIR/$1/ka-$1.log" 2>/dev/null |
	    grep -Eq -- "$3"
}

# first_ack_after MS: "END_MS ID SERVER_ID" of the first acknowledged
# write that started at or after MS.
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

# caught_up DOWN UP SEQ: replication runs both ways, UP has every write
# DOWN ever took (DOWN's GTID domain, equal on both) and DOWN has UP's
# writes up to at least SEQ.  Holds while the writer goes on through UP.
caught_up()
{
	local d=${1#node} u=${2#node} a b
	lab_repl_all_running || return 1
	a=$(demo_seq "$1" "$d") && b=$(demo_seq "$2" "$d") || return 1
	[ "$a" = "$b" ] || return 1
	a=$(demo_seq "$1" "$u") || return 1
	[ "$a" -ge "$3" ]
}

# ---------------------------------------------------------------------------
[ "$(id -u)" = 0 ] || { echo "lab-e2e: needs root"; exit 1; }
[ -x "$LAB_KEEPALIVED" ] || { echo "lab-e2e: no $LAB_KEEPALIVED"; exit 1; }
[ -n "$PY" ] || { echo "lab-e2e: needs python3"; exit 1; }
lab_install || exit 1
trap cleanup EXIT
trap 'exit 130' INT TERM

lab_reap_stale
check "lab up: two servers, dual-master replication" lab_up || finish
f1=$(demo_conf node1) && demo_conf node2 >/dev/null ||
    { check "configurations written" false; finish; }
check "Vigil accepts the demo configuration (MYSQL_CHECK)" \
    "$LAB_KEEPALIVED" -t -f "$f1" || finish

lab_ka_start node1
check "node1 MASTER: VIP on node1" lab_wait 15000 holder_is node1 ||
    { show_tail node1; finish; }
lab_ka_start node2
check "node2 BACKUP" lab_wait 10000 log_since node2 0 \
    'Entering BACKUP STATE' || { show_tail node2; finish; }
sampler_start
t_samp=$(lab_now_ms)
check "sampler running" lab_wait 3000 sampler_running || finish

lab_writer_start "$E2E_WRITE_MS" 600
check "writes through the VIP acknowledged by node1" \
    lab_wait 15000 acks_by_at_least 1 10 || finish

echo "      cycle  killed  VIP-moved  first-write  server-up  BACKUP  caught-up  (ms after the kill)"
holder=node1
for ((c = 1; c <= E2E_CYCLES; c++)); do
	[ $holder = node1 ] && other=node2 || other=node1
	off=$(log_lines "$holder")
	t0=$(lab_now_ms)
	lab_server_kill "$holder"
	if ! lab_wait 15000 holder_is "$other"; then
		check "cycle $c: VIP on $other alone after $holder's server died (holders: '$(lab_vip_holder)')" false
		show_tail "$holder"; show_tail "$other"
		break
	fi
	t_vip=$(( $(lab_now_ms) - t0 ))
	if ! lab_wait 15000 ack_after "$t0"; then
		check "cycle $c: writes resume after the kill" false
		break
	fi
	read -r t_w _ sid <<<"$(first_ack_after "$t0")"
	if [ "$sid" != "${other#node}" ]; then
		check "cycle $c: first write after the kill acknowledged by $other (was server $sid)" false
		break
	fi
	if ! lab_server_restart "$holder"; then
		check "cycle $c: $holder's mariadbd restarts" false
		break
	fi
	t_up=$(( $(lab_now_ms) - t0 ))
	if ! lab_wait 20000 log_since "$holder" "$off" \
	    'Entering BACKUP STATE'; then
		check "cycle $c: $holder back to BACKUP" false
		show_tail "$holder"
		break
	fi
	t_bk=$(( $(lab_now_ms) - t0 ))
	seq=$(demo_seq "$other" "${other#node}")
	if ! lab_wait 30000 caught_up "$holder" "$other" "${seq:-0}"; then
		check "cycle $c: replication caught up" false
		lab_repl_report
		break
	fi
	t_cu=$(( $(lab_now_ms) - t0 ))
	printf '      %5d  %-6s  %9d  %11d  %9d  %6d  %9d\n' "$c" "$holder" \
	    "$t_vip" "$((t_w - t0))" "$t_up" "$t_bk" "$t_cu"
	if ! holder_is "$other"; then
		check "cycle $c: VIP stays on $other (nopreempt; holders '$(lab_vip_holder)')" false
		break
	fi
	passed=$((passed + 1))
	holder=$other
done
cycles=$((c - 1))
[ $cycles -gt "$E2E_CYCLES" ] && cycles=$E2E_CYCLES
echo "      $cycles of $E2E_CYCLES cycles completed (one check each)"
# After a failed cycle a server may still be down: bring it back so the
# final verification says what was lost.
for n in node1 node2; do
	[ -n "$(lab_mysqld_pid "$n")" ] || lab_server_restart "$n" ||
	    echo "      $n's mariadbd does not restart"
done

lab_writer_stop
sampler_stop
read -r _ samples _ multi _ none _ maxgap <<<"$(grep '^samples ' \
    "$E2E_VIPLOG")"
echo "      sampler: ${samples:-0} samples every 10 ms, ${multi:-?} with" \
    "two holders, ${none:-?} with none, longest gap ${maxgap:-?} ms"
check "sampler ran all along (>= 50 samples a second)" \
    [ "${samples:-0}" -ge $(( ($(lab_now_ms) - t_samp) * 50 / 1000 )) ]
check "the VIP never on both nodes (no sample with two holders)" \
    [ "${multi:-1}" = 0 ] || grep -v '^samples' "$E2E_VIPLOG" |
    grep 'node1+node2' | head -n 5 | sed 's/^/      two holders at /'
check "the VIP on exactly one node at the end" \
    lab_wait 3000 holder_is "$holder"

check "nodes in sync after the writer stopped" lab_wait_synced 30000
acks=$(lab_writer_acks)
check "writes acknowledged: $acks ($(lab_writer_acked_by 1) by node1, $(lab_writer_acked_by 2) by node2, $(lab_writer_errs) failed attempts)" \
    [ "$acks" -gt 0 ]
c1=$(lab_checksum node1)
c2=$(lab_checksum node2)
check "every acknowledged write on both nodes, CHECKSUM TABLE equal ($(lab_rows node1) rows, checksum node1 $c1 node2 $c2)" \
    lab_verify
finish
