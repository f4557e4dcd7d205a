#!/bin/sh
# tests/vm/ipvs-guest.sh: runs inside the VM (busybox sh) as /test.sh.
#
# For each implementation -- keepalived 2.2.7 (the oracle), Vigil's daemon
# (its checker child through checker/lvs.c) and lvs_probe (checker/lvs.c
# driven directly) -- program IPVS from /conf/ipvs.conf, take the table
# (ipvsadm -Ln) when all real servers are in, after two fail (one removed,
# one inhibited to weight 0), after they come back, and check that
# everything is gone on stop.  Vigil's tables must equal keepalived's.
# Every wait polls a condition with a deadline.

CONF=/conf/ipvs.conf
NDEST=10
PASS=0
FAIL=0

ok() { PASS=$((PASS + 1)); echo "ok - $*"; }
nok() { FAIL=$((FAIL + 1)); echo "not ok - $*"; }

# wait_for SECS CMD...: poll CMD every 0.1 s until true or the deadline.
wait_for() {
	local n=$(($1 * 10))
	shift
	while [ $n -gt 0 ]; do
		"$@" && return 0
		usleep 100000
		n=$((n - 1))
	done
	return 1
}

ndest() { ipvsadm -Ln | grep -c '^  -> [0-9[]'; }
have_all() { [ "$(ndest)" -eq $NDEST ]; }
empty() { ! ipvsadm -Ln | grep -qE '^(TCP|UDP|SCTP|FWM)'; }
# dest ADDR:PORT WEIGHT present
dest_w() { ipvsadm -Ln | grep -qE "^  -> $1 +[A-Za-z]+ +$2 "; }
no_dest() { ! ipvsadm -Ln | grep -qE "^  -> $1 "; }
is_down() { no_dest 10.9.0.2:80 && dest_w 10.9.0.3:443 0; }
is_up() { dest_w 10.9.0.2:80 2 && dest_w 10.9.0.3:443 3; }

rs_start() {
	local n=$1 host=127.0.0.1
	[ "$n" = 8 ] && host='[::1]'
	httpd -f -p "$host:800$n" -h /www &
	echo $! >/tmp/rs$n.pid
}
rs_stop() { kill "$(cat /tmp/rs$1.pid)"; wait "$(cat /tmp/rs$1.pid)" 2>/dev/null; }
listening() { netstat -ltn | grep -q ":800$1 "; }

# Daemons: start, fail 2 and 3 by stopping their listeners, restore, stop.
d_start() {
	"$1" -n -l -D -C -f $CONF >/tmp/$2.log 2>&1 &
	echo $! >/tmp/$2.pid
}
d_down() { rs_stop 2; rs_stop 3; }
d_up() { rs_start 2; rs_start 3; }
d_stop() {
	local pid
	pid=$(cat /tmp/$1.pid)
	kill -TERM "$pid"
	wait_for 20 eval '! kill -0 '"$pid"' 2>/dev/null'
}

# The probe reads commands from a fifo and answers "ok N" per line.
p_start() {
	rm -f /tmp/probe.in
	mkfifo /tmp/probe.in
	/vigil/lvs_probe $CONF </tmp/probe.in >/tmp/probe.log 2>&1 &
	echo $! >/tmp/probe.pid
	exec 3>/tmp/probe.in
}
p_cmd() { echo "$1" >&3; }
p_down() { p_cmd "down 10.9.0.2 80"; p_cmd "down 10.9.0.3 443"; }
p_up() { p_cmd "up 10.9.0.2 80"; p_cmd "up 10.9.0.3 443"; }
p_stop() {
	p_cmd stop
	exec 3>&-
	wait_for 20 eval '! kill -0 "$(cat /tmp/probe.pid)" 2>/dev/null'
}

# run NAME KIND: the four phases; tables in /tmp/NAME.{1,2,3}.
run() {
	local name=$1 kind=$2
	echo "# $name"
	if ! empty; then
		nok "$name: IPVS table empty before start"
		ipvsadm -C
	fi
	case $kind in
	daemon) d_start "$3" "$name" ;;
	probe) p_start ;;
	esac
	if wait_for 30 have_all; then
		ok "$name: all $NDEST destinations programmed"
	else
		nok "$name: all $NDEST destinations programmed ($(ndest))"
	fi
	ipvsadm -Ln >/tmp/$name.1
	case $kind in daemon) d_down ;; probe) p_down ;; esac
	if wait_for 30 is_down; then
		ok "$name: failed real server removed, inhibited one at weight 0"
	else
		nok "$name: failed real server removed, inhibited one at weight 0"
	fi
	ipvsadm -Ln >/tmp/$name.2
	case $kind in daemon) d_up ;; probe) p_up ;; esac
	if wait_for 30 is_up; then
		ok "$name: real servers back with their weights"
	else
		nok "$name: real servers back with their weights"
	fi
	ipvsadm -Ln >/tmp/$name.3
	case $kind in daemon) d_stop "$name" ;; probe) p_stop ;; esac
	if wait_for 20 empty; then
		ok "$name: everything removed on stop"
	else
		nok "$name: everything removed on stop"
		ipvsadm -Ln
		ipvsadm -C
	fi
}

same() {
	local i
	for i in 1 2 3; do
		if cmp -s /tmp/keepalived.$i /tmp/$1.$i; then
			ok "$1: table $i equals keepalived's"
		else
			nok "$1: table $i equals keepalived's"
			diff -u /tmp/keepalived.$i /tmp/$1.$i
		fi
	done
}

for n in 1 2 3 4 5 6 7 8; do rs_start $n; done
for n in 1 2 3 4 5 6 7 8; do
	wait_for 10 listening $n || echo "# listener 800$n did not start"
done

run keepalived daemon /usr/sbin/keepalived
run vigil daemon /vigil/keepalived
run probe probe
echo "# keepalived's table with everything up:"
sed 's/^/#   /' /tmp/keepalived.1
same vigil
same probe
for f in keepalived vigil; do
	echo "# $f log (tail):"
	tail -n 25 /tmp/$f.log | sed 's/^/#   /'
done
echo "# probe:"
sed 's/^/#   /' /tmp/probe.log
echo "vm-ipvs: $PASS passed, $FAIL failed"
