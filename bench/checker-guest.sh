#!/bin/sh
# bench/checker-guest.sh: runs inside the VM (busybox sh) as /test.sh for
# bench/checker.sh.
#
# /conf/checker.conf has N_RS real servers with a TCP_CHECK each, all on
# 127.0.0.0/8 port 8080, where one tcp_sink accepts and counts.  For
# keepalived 2.2.7, then Vigil: start the daemon with -C, wait until IPVS
# holds every real server, warm up, then take the checker child's CPU
# time (utime, stime of /proc/PID/stat) and the sink's count over WINDOW
# seconds, and VmRSS and VmHWM at the end.  Prints one line per daemon:
#
#   result NAME SECS UTICKS STICKS HZ RSS HWM CONNECTS DESTS_START DESTS_END
#
# Every wait polls a condition with a deadline.

. /conf/env
CONF=/conf/checker.conf
HZ=100		# USER_HZ on x86

# wait_for SECS CMD...: poll CMD every 0.2 s until true or the deadline.
wait_for() {
	local n=$(($1 * 5))
	shift
	while [ $n -gt 0 ]; do
		"$@" && return 0
		usleep 200000
		n=$((n - 1))
	done
	return 1
}

ndest() { ipvsadm -Ln | grep -c '^  -> [0-9]'; }
have_all() { [ "$(ndest)" -ge "$N_RS" ]; }
gone() { ! kill -0 "$1" 2>/dev/null; }
fresh() { [ "$(cut -d' ' -f1 /tmp/sink.count 2>/dev/null)" = "$1" ]; }
have_pid() { [ -s /run/checkers.pid ] && kill -0 "$(cat /run/checkers.pid)"; }

SEQ=0
COUNT=0
# sink_count: set COUNT to the number of connections the sink accepted so
# far (not in a subshell: SEQ must advance).
sink_count() {
	SEQ=$((SEQ + 1))
	kill -USR1 "$SINK"
	if wait_for 10 fresh $SEQ; then
		COUNT=$(cut -d' ' -f2 /tmp/sink.count)
	else
		echo "# sink did not answer"
		COUNT=0
	fi
}

# ticks PID: "utime stime" in clock ticks.
ticks() { awk '{ print $14, $15 }' "/proc/$1/stat"; }
status_kb() { awk -v k="$2:" '$1 == k { print $2 }' "/proc/$1/status"; }
# uptime_cs: guest uptime in centiseconds.
uptime_cs() { awk '{ split($1, a, "."); print a[1] * 100 + a[2] }' /proc/uptime; }

# run NAME BINARY
run() {
	local name=$1 bin=$2 pid cpid t0 t1 c0 c1 u0 u1 s0 s1 d0 d1 rss hwm
	echo "# $name"
	ipvsadm -C
	rm -f /run/checkers.pid /run/keepalived.pid
	"$bin" -n -l -C -f $CONF >/tmp/$name.log 2>&1 &
	pid=$!
	if ! wait_for "$START_TIMEOUT" have_pid; then
		echo "# $name: no checker child"
		tail -n 20 /tmp/$name.log | sed 's/^/#   /'
		kill "$pid" 2>/dev/null
		wait_for 30 gone "$pid"
		return
	fi
	cpid=$(cat /run/checkers.pid)
	wait_for "$START_TIMEOUT" have_all ||
	    echo "# $name: only $(ndest) of $N_RS destinations after start"
	d0=$(ndest)
	echo "# $name: checker $cpid, $d0 destinations; warm-up ${WARMUP} s"
	sleep "$WARMUP"
	set -- $(ticks "$cpid")
	u0=$1 s0=$2
	sink_count
	c0=$COUNT
	t0=$(uptime_cs)
	sleep "$WINDOW"
	set -- $(ticks "$cpid")
	u1=$1 s1=$2
	sink_count
	c1=$COUNT
	t1=$(uptime_cs)
	rss=$(status_kb "$cpid" VmRSS)
	hwm=$(status_kb "$cpid" VmHWM)
	d1=$(ndest)
	echo "result $name $(((t1 - t0) / 100)).$(printf %02d $(((t1 - t0) % 100)))" \
	    "$((u1 - u0)) $((s1 - s0)) $HZ $rss $hwm $((c1 - c0)) $d0 $d1"
	kill -TERM "$pid"
	wait_for 60 gone "$pid" || { echo "# $name: still running"; kill -9 "$pid"; }
	ipvsadm -C
	echo "# $name log: $(wc -l </tmp/$name.log) lines;" \
	    "$(grep -c 'Removing service' /tmp/$name.log) 'Removing service'," \
	    "$(grep -c 'TCP connection to .* timeout\.$' /tmp/$name.log) timeouts," \
	    "$(grep -c 'TCP connection to .* failed\.$' /tmp/$name.log) connects failed"
	grep -i 'timeout\|failed' /tmp/$name.log | head -n 5 | sed 's/^/#   /'
	grep -v 'Activating healthchecker\|Shutting down service' \
	    /tmp/$name.log | tail -n 5 | sed 's/^/#   /'
}

ulimit -n 65536
echo 65536 >/proc/sys/net/core/somaxconn
echo 65536 >/proc/sys/net/ipv4/tcp_max_syn_backlog
echo "1024 65535" >/proc/sys/net/ipv4/ip_local_port_range
echo "# $(nproc 2>/dev/null || grep -c ^processor /proc/cpuinfo) vCPUs," \
    "$(awk '/^MemTotal/ { print $2 }' /proc/meminfo) KiB," \
    "N_RS=$N_RS WARMUP=$WARMUP WINDOW=$WINDOW"

/bench/tcp_sink 8080 /tmp/sink.count >/tmp/sink.log 2>&1 &
SINK=$!
wait_for 10 fresh 0 || echo "# sink did not start"

round=0
while [ $round -lt "${ROUNDS:-1}" ]; do
	round=$((round + 1))
	for impl in $IMPLS; do
		case $impl in
		keepalived) run keepalived /usr/sbin/keepalived ;;
		vigil) run vigil /vigil/keepalived ;;
		esac
	done
done
kill "$SINK"
echo "bench-checker: done"
