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

# same NAME [STEP...]: /tmp/NAME.STEP equals /tmp/keepalived.STEP (steps
# 1 2 3 by default).
same() {
	local name=$1 i
	shift
	[ $# -gt 0 ] || set -- 1 2 3
	for i in "$@"; do
		if cmp -s /tmp/keepalived.$i /tmp/$name.$i; then
			ok "$name: table $i equals keepalived's"
		else
			nok "$name: table $i equals keepalived's"
			diff -u /tmp/keepalived.$i /tmp/$name.$i
		fi
	done
}

for n in 1 2 3 4 5 6 7 8; do rs_start $n; done
for n in 1 2 3 4 5 6 7 8; do
	wait_for 10 listening $n || echo "# listener 800$n did not start"
done

# /conf/only "sync": only the sync daemon and reload part below.
ONLY=$(cat /conf/only 2>/dev/null)
if [ "$ONLY" != sync ]; then
	run keepalived daemon /usr/sbin/keepalived
	run vigil daemon /vigil/keepalived
	run probe probe
fi
# --- quorum, sorry_server, sorry_server_inhibit, ha_suspend -------------
#
# VS1: quorum 2 over three real servers, a sorry server; VS2: the same
# with sorry_server_inhibit; VS3: ha_suspend with its VIP not local.
# Failing two of VS1's servers and one of VS2's loses both quorums: only
# the sorry servers serve (VS2's goes from weight 0 to 1); bringing one
# back each gains them again.  VS3's checker must not connect until
# 10.20.0.3 is on lo, and must stop when it goes.  Tables, the quorum
# scripts' record and the log lines must equal keepalived's.
SCONF=/tmp/sorry.conf
cat >/tmp/quorum.sh <<'EOS'
#!/bin/sh
echo "$1" >>/tmp/quorum.out
EOS
cat >/tmp/conn.sh <<'EOS'
#!/bin/sh
echo c >>/tmp/conn16
EOS
chmod 0755 /tmp/quorum.sh /tmp/conn.sh
s_rs() {
	cat <<EOS
	real_server 10.9.1.$1 80 {
		weight 1
		TCP_CHECK {
			connect_ip 127.0.0.1
			connect_port 80$2
			connect_timeout 1
			delay_before_retry 1
		}
	}
EOS
}
{
	printf 'global_defs {\n\trouter_id vm_sorry\n}\n'
	for v in 1 2; do
		printf 'virtual_server 10.20.0.%s 80 {\n' $v
		printf '\tdelay_loop 1\n\tlb_algo rr\n\tlb_kind NAT\n'
		printf '\tprotocol TCP\n\tquorum 2\n'
		printf '\tquorum_up "/tmp/quorum.sh up%s"\n' $v
		printf '\tquorum_down "/tmp/quorum.sh down%s"\n' $v
		printf '\tsorry_server 10.9.1.9 80\n'
		[ $v = 2 ] && printf '\tsorry_server_inhibit\n'
		if [ $v = 1 ]; then
			s_rs 1 11; s_rs 2 12; s_rs 3 13
		else
			s_rs 4 14; s_rs 5 15
		fi
		printf '}\n'
	done
	printf 'virtual_server 10.20.0.3 80 {\n\tdelay_loop 1\n'
	printf '\tlb_algo rr\n\tlb_kind NAT\n\tprotocol TCP\n'
	printf '\tha_suspend\n'
	s_rs 6 16
	printf '}\n'
} >$SCONF

s_start() { httpd -f -p "127.0.0.1:80$1" -h /www & echo $! >/tmp/s$1.pid; }
s_stop() { kill "$(cat /tmp/s$1.pid)"; wait "$(cat /tmp/s$1.pid)" 2>/dev/null; }
s_listening() { netstat -ltn | grep -q ":80$1 "; }
# dests SVC: "addr:port/weight ..." of one service, sorted.
dests() {
	ipvsadm -Ln | awk -v s="$1" '/^(TCP|UDP|SCTP|FWM)/ { cur = $2 }
	    /^  -> / && cur == s { print $2 "/" $4 }' | sort | tr '\n' ' '
}
is_dests() { [ "$(dests "$1")" = "$2" ]; }
nq() { grep -c "^$1\$" /tmp/quorum.out 2>/dev/null; }
nconn() { [ -f /tmp/conn16 ] && wc -l </tmp/conn16 || echo 0; }
in_log() { grep -q "$2" /tmp/$1.log; }
S1_UP="10.9.1.1:80/1 10.9.1.2:80/1 10.9.1.3:80/1 "
S2_UP="10.9.1.4:80/1 10.9.1.5:80/1 10.9.1.9:80/0 "
S1_BACK="10.9.1.1:80/1 10.9.1.2:80/1 "
S2_BACK="$S2_UP"

s_run() {
	local name=$1 pid n
	echo "# $name: quorum and sorry servers"
	rm -f /tmp/quorum.out /tmp/conn16
	for n in 11 12 13 14 15; do s_start $n; done
	for n in 11 12 13 14 15; do wait_for 10 s_listening $n; done
	nc -ll -p 8016 -e /tmp/conn.sh & echo $! >/tmp/nc16.pid
	wait_for 10 s_listening 16
	"$2" -n -l -D -C -f $SCONF >/tmp/$name.log 2>&1 &
	pid=$!
	if wait_for 30 is_dests 10.20.0.1:80 "$S1_UP" &&
	    wait_for 10 is_dests 10.20.0.2:80 "$S2_UP" &&
	    wait_for 10 is_dests 10.20.0.3:80 "10.9.1.6:80/1 "; then
		ok "$name: pools at start, inhibited sorry server at weight 0"
	else
		nok "$name: pools at start ($(dests 10.20.0.1:80)|$(dests 10.20.0.2:80))"
	fi
	if wait_for 10 eval '[ "$(nq up1)" = 1 ] && [ "$(nq up2)" = 1 ]'; then
		ok "$name: quorum_up ran once per VS at start"
	else
		nok "$name: quorum_up ran once per VS at start ($(cat /tmp/quorum.out 2>/dev/null | tr '\n' ' '))"
	fi
	ipvsadm -Ln >/tmp/$name.s1
	# ha_suspend: the VIP is not local, so no check may connect.
	if wait_for 10 in_log $name "Deactivating healthchecker for service \[10.9.1.6\]:tcp:80 for VS \[10.20.0.3\]:tcp:80"; then
		ok "$name: ha_suspend checker deactivated at start"
	else
		nok "$name: ha_suspend checker deactivated at start"
	fi
	s_stop 12; s_stop 13; s_stop 15
	if wait_for 30 is_dests 10.20.0.1:80 "10.9.1.9:80/1 " &&
	    wait_for 10 is_dests 10.20.0.2:80 "10.9.1.9:80/1 "; then
		ok "$name: quorum lost, only the sorry servers serve"
	else
		nok "$name: quorum lost ($(dests 10.20.0.1:80)|$(dests 10.20.0.2:80))"
	fi
	if wait_for 10 eval '[ "$(nq down1)" = 1 ] && [ "$(nq down2)" = 1 ]'; then
		ok "$name: quorum_down ran once per VS"
	else
		nok "$name: quorum_down ran once per VS ($(cat /tmp/quorum.out | tr '\n' ' '))"
	fi
	ipvsadm -Ln >/tmp/$name.s2
	if [ "$(nconn)" = 0 ]; then
		ok "$name: no check while the VIP is absent"
	else
		nok "$name: no check while the VIP is absent ($(nconn))"
	fi
	ip addr add 10.20.0.3/32 dev lo
	if wait_for 15 eval '[ "$(nconn)" -gt 0 ]' &&
	    in_log $name "Activating healthchecker for service \[10.9.1.6\]:tcp:80 for VS \[10.20.0.3\]:tcp:80"; then
		ok "$name: VIP added, checker activated and connecting"
	else
		nok "$name: VIP added, checker activated and connecting ($(nconn))"
	fi
	s_start 12; s_start 15
	if wait_for 30 is_dests 10.20.0.1:80 "$S1_BACK" &&
	    wait_for 10 is_dests 10.20.0.2:80 "$S2_BACK"; then
		ok "$name: quorum gained, sorry servers out, real servers back"
	else
		nok "$name: quorum gained ($(dests 10.20.0.1:80)|$(dests 10.20.0.2:80))"
	fi
	ipvsadm -Ln >/tmp/$name.s3
	ip addr del 10.20.0.3/32 dev lo
	if wait_for 10 in_log $name "Suspending healthchecker for service \[10.9.1.6\]:tcp:80"; then
		ok "$name: VIP removed, checker suspended"
	else
		nok "$name: VIP removed, checker suspended"
	fi
	# A check already under way may still finish; then none for 3 s
	# (three delay_loops): absence can only be seen over time.
	sleep 1
	n=$(nconn)
	sleep 3
	if [ "$(nconn)" = "$n" ]; then
		ok "$name: no check after the VIP went"
	else
		nok "$name: no check after the VIP went ($n -> $(nconn))"
	fi
	kill -TERM $pid
	wait_for 20 eval '! kill -0 '"$pid"' 2>/dev/null'
	if wait_for 20 empty; then
		ok "$name: everything removed on stop"
	else
		nok "$name: everything removed on stop"
		ipvsadm -C
	fi
	for n in 11 12 13 14 15; do s_stop $n 2>/dev/null; done
	kill "$(cat /tmp/nc16.pid)" 2>/dev/null
	wait "$(cat /tmp/nc16.pid)" 2>/dev/null
}

# The log lines of these behaviours, without time stamps, sorted (two
# virtual servers change at the same time in either order).
s_lines() {
	grep -oE '(Gained quorum|Lost quorum|Starting with quorum|(Add|Remov|Enabl|Disabl)ing (sorry server|service|alive servers)|(Activat|Deactivat|Suspend)ing healthchecker).*' /tmp/$1.log | sort
}

s_compare() {
	same vigil s1 s2 s3
	s_lines keepalived >/tmp/k.lines
	s_lines vigil >/tmp/v.lines
	if cmp -s /tmp/k.lines /tmp/v.lines; then
		ok "vigil: quorum, sorry server and ha_suspend log lines equal keepalived's"
	else
		nok "vigil: quorum, sorry server and ha_suspend log lines equal keepalived's"
		diff -u /tmp/k.lines /tmp/v.lines
	fi
}
if [ "$ONLY" != sync ]; then
	s_run keepalived /usr/sbin/keepalived
	s_run vigil /vigil/keepalived
	s_compare
fi

# --- lvs_sync_daemon and a reload that changes a weight ----------------
#
# One VRRP instance on veth0 (no peer: BACKUP, then MASTER after its
# master_down timer; FAULT when its track_file says so) drives the IPVS
# sync daemon: backup at start, master as MASTER, backup again on FAULT,
# none after stop.  `ipvsadm -L --daemon` at each step must equal
# keepalived's.  A SIGHUP with the real server's weight changed from 2 to
# 5 must re-weight it in IPVS with keepalived's log line.
YCONF=/tmp/sync.conf
/vigil/ip link add veth0 type veth peer name veth1
/vigil/ip addr add 10.30.0.1/24 dev veth0
/vigil/ip link set veth0 up
/vigil/ip link set veth1 up
y_conf() {
	cat <<EOS
global_defs {
	router_id vm_sync
	lvs_sync_daemon veth0 VI_S id 7 maxlen 1400 port 8850 ttl 2 group 224.0.0.82
}
vrrp_track_file sf {
	file /tmp/syncd.val
}
vrrp_instance VI_S {
	state BACKUP
	interface veth0
	virtual_router_id 51
	priority 100
	advert_int 1
	track_file {
		sf weight 0
	}
	virtual_ipaddress {
		10.30.0.100/32
	}
}
virtual_server 10.20.1.1 80 {
	delay_loop 1
	lb_algo rr
	lb_kind NAT
	protocol TCP
	real_server 10.9.2.1 80 {
		weight $1
		TCP_CHECK {
			connect_ip 127.0.0.1
			connect_port 8001
			connect_timeout 1
		}
	}
}
EOS
}
syncd() { ipvsadm -L --daemon 2>/dev/null; }
syncd_is() {
	case $1 in
	backup) syncd | grep -q '^backup sync daemon' &&
	    ! syncd | grep -q '^master' ;;
	master) syncd | grep -q '^master sync daemon' &&
	    ! syncd | grep -q '^backup' ;;
	none) [ -z "$(syncd)" ] ;;
	esac
}

y_run() {
	local name=$1 pid
	echo "# $name: sync daemon and reload"
	echo 0 >/tmp/syncd.val
	y_conf 2 >$YCONF
	"$2" -n -l -D -f $YCONF >/tmp/$name.ylog 2>&1 &
	pid=$!
	if wait_for 10 syncd_is backup; then
		ok "$name: backup sync daemon at start"
	else
		nok "$name: backup sync daemon at start ($(syncd))"
	fi
	syncd >/tmp/$name.y1
	if wait_for 15 syncd_is master; then
		ok "$name: master sync daemon as MASTER"
	else
		nok "$name: master sync daemon as MASTER ($(syncd))"
	fi
	syncd >/tmp/$name.y2
	if wait_for 15 dest_w 10.9.2.1:80 2; then
		ok "$name: real server in with weight 2"
	else
		nok "$name: real server in with weight 2"
	fi
	y_conf 5 >$YCONF
	kill -HUP $pid
	if wait_for 15 dest_w 10.9.2.1:80 5 &&
	    wait_for 5 grep -q 'Changing weight from 2 to 5 for active service \[10.9.2.1\]:tcp:80 of VS \[10.20.1.1\]:tcp:80' /tmp/$name.ylog; then
		ok "$name: reload re-weights the kept real server"
	else
		nok "$name: reload re-weights the kept real server ($(ipvsadm -Ln | grep 10.9.2.1))"
	fi
	if wait_for 10 syncd_is master; then
		ok "$name: master sync daemon kept over the reload"
	else
		nok "$name: master sync daemon kept over the reload ($(syncd))"
	fi
	echo 1 >/tmp/syncd.val
	if wait_for 15 syncd_is backup; then
		ok "$name: backup sync daemon after FAULT"
	else
		nok "$name: backup sync daemon after FAULT ($(syncd))"
	fi
	syncd >/tmp/$name.y3
	kill -TERM $pid
	wait_for 20 eval '! kill -0 '"$pid"' 2>/dev/null'
	if wait_for 10 syncd_is none && wait_for 10 empty; then
		ok "$name: no sync daemon and no service after stop"
	else
		nok "$name: no sync daemon and no service after stop ($(syncd))"
		ipvsadm --stop-daemon master 2>/dev/null
		ipvsadm --stop-daemon backup 2>/dev/null
		ipvsadm -C
	fi
}

y_run keepalived /usr/sbin/keepalived
y_run vigil /vigil/keepalived
same vigil y1 y2 y3
for f in keepalived vigil; do
	grep -oE 'IPVS cmd.*|Changing weight.*' /tmp/$f.ylog >/tmp/$f.ylines
done
if cmp -s /tmp/keepalived.ylines /tmp/vigil.ylines; then
	ok "vigil: IPVS error and weight log lines equal keepalived's"
else
	nok "vigil: IPVS error and weight log lines equal keepalived's"
	diff -u /tmp/keepalived.ylines /tmp/vigil.ylines
fi
echo "# keepalived's sync daemons as MASTER:"
sed 's/^/#   /' /tmp/keepalived.y2
for f in keepalived vigil; do
	echo "# $f sync log (syncd, weight, IPVS lines):"
	grep -E 'sync|IPVS|weight|Entering|Reload' /tmp/$f.ylog | tail -n 20 |
	    sed 's/^/#   /'
done

if [ "$ONLY" != sync ]; then
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
fi
echo "vm-ipvs: $PASS passed, $FAIL failed"
