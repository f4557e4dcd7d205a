#!/bin/bash
# tests/netns/checker.sh: the health checker against real servers, with
# keepalived 2.2.7's timing rules.
#
#   bash tests/netns/checker.sh [BINARY [CASE...]]
#
# BINARY defaults to build/keepalived.  Each case runs in a PID + mount +
# network namespace of its own (lib.sh's netns_run_case): the daemon runs
# there as BINARY -n -l -D -C, its console log stamped line by line with
# the epoch ms; the real servers (tests/netns/servers/tserv.py, python3)
# run in a network namespace "srv" behind veth0 (192.0.2.1) - veth1
# (192.0.2.2), the "silent" one in "srv2" behind veth2 (198.51.100.1) -
# veth3 (198.51.100.2).  Each case configures one checker with
#	delay_loop DL=2 s, delay_before_retry DBR=1 s, retry R=2,
#	connect_timeout CT=1 s, warmup 0
# and checks, from the stamped log and the servers' request logs:
#   - the first check runs 1 s after "Activating healthchecker" (warmup 0)
#   - the server is stopped right after a check at T_last: "Removing
#     service [rs] from VS [vs]" comes at T_last + DL + R x (DBR + F),
#     F the time one failing attempt takes (0 for a refused connection,
#     an ICMP error or a script's exit 1; CT when nothing answers), so
#     the first attempt is T_last + DL and the last (R + 1)th fails after
#     F (keepalived-compat.md §6.1)
#   - notify_down ran once, with exactly the configured arguments, and the
#     notify FIFO got "RS [rs] [vs] DOWN"
#   - the server is restarted at once: "Adding service" comes at the first
#     check of the down schedule (T_down + DL for TCP_CHECK, which then
#     alternates; DL for the others; for HTTP_GET max(DBR, DL) + DL: its
#     first good answer only clears the failed url, the next run checks
#     the urls again from the first - check_http.c epilog), then
#     notify_up with its arguments and "RS [rs] [vs] UP"
# Every measured time is printed; TOL_MS (default 300) is the tolerance on
# each predicted instant (timer slack, 10 ms polling, script start-up).
#
# Cases: tcp http smtp dns udp misc file silent (TCP_CHECK with the
# server's link cut: every attempt times out after CT); quorum (quorum 2
# over two servers with a sorry server: quorum scripts, FIFO and log
# lines as one server fails and comes back), hasuspend (no check
# while the virtual address is not local), urls and urls_fast (HTTP_GET
# with three urls: keepalived checks one url per run, delay_loop apart,
# and with fast_recovery runs them back to back until the first verdict)
# and quorum_smtp (the virtual server's smtp_alert mails on gaining and
# losing quorum, received by servers/smtp_sink.py).  FILE_CHECK has no
# retries and the file is followed by inotify (as keepalived), so in the
# file case the server goes down and up within FILE_MS (default 500, well
# below DL) of each write, not at the next delay_loop.
#
# keepalived 2.2.7 cannot be the oracle here: its checker child exits
# FATAL when IPVS cannot be initialised (this kernel has no IP_VS, see
# keepalived-compat.md §2.3), so the expectations come from its source
# (check_api.c, check_tcp.c, check_http.c, ipwrapper.c); the suite says
# "skip" for it when the kernel has no IPVS.
#
# Final line "netns-checker: N passed, M failed"; exit 1 when a check
# failed.  Needs root, python3, ss.

set -u
export LC_ALL=C
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
. "$here/checker_lib.sh"

ALL_CASES="tcp http smtp dns udp misc file silent quorum hasuspend
urls urls_fast quorum_smtp"
TOL_MS=${TOL_MS:-300}
FILE_MS=${FILE_MS:-500}
DL=2000 DBR=1000 R=2 CT=1000
LOG=/tmp/daemon.log
REQ=/tmp/req.log
NOTIFY=/tmp/notify.log
FIFO=/tmp/notify.fifo
FIFOLOG=/tmp/fifo.log
VS_IP=192.0.2.100
RS_IP=192.0.2.2

# --- inside the case's namespaces -----------------------------------------

topo()
{
	ip netns add srv || return 1
	ip link set veth1 netns srv || return 1
	ip -n srv link set lo up
	ip -n srv addr add 192.0.2.2/24 dev veth1 || return 1
	ip -n srv link set veth1 up || return 1
	ip netns add srv2 || return 1
	ip link add veth2 type veth peer name veth3 netns srv2 || return 1
	ip addr add 198.51.100.1/24 dev veth2 || return 1
	ip link set veth2 up || return 1
	ip -n srv2 link set lo up
	ip -n srv2 addr add 198.51.100.2/24 dev veth3 || return 1
	ip -n srv2 link set veth3 up || return 1
	# A cut link must mean silence, not a failed ARP resolution.
	ip neigh replace 198.51.100.2 dev veth2 nud permanent lladdr \
	    "$(ip -n srv2 -br link show veth3 | awk '{print $3}')" || return 1
	return 0
}

# The scripts append "<epoch ms> <argv0> <args>" (one line per run).
scripts()
{
	cat >/etc/keepalived/notify.sh <<EOF
#!/bin/sh
echo "\$(date +%s%3N) \$0 \$*" >>$NOTIFY
EOF
	cat >/etc/keepalived/misc.sh <<EOF
#!/bin/sh
echo "\$(date +%s%3N) misc \$*" >>$REQ
[ -e /tmp/misc.up ]
EOF
	chmod 0755 /etc/keepalived/notify.sh /etc/keepalived/misc.sh
	: >"$NOTIFY"
	: >"$REQ"
}

# conf PROTO PORT RSIP CHECKER-BLOCK
conf()
{
	cat >/etc/keepalived/keepalived.conf <<EOF
global_defs {
	router_id checktest
	notify_fifo $FIFO
}
vrrp_track_file tf {
	file /tmp/file.val
	weight 0
}
virtual_server $VS_IP $2 {
	delay_loop $((DL / 1000))
	lb_algo rr
	lb_kind NAT
	protocol $1
	real_server $3 $2 {
		notify_up "/etc/keepalived/notify.sh UP $4 rs=$3"
		notify_down "/etc/keepalived/notify.sh DOWN $4 port=$2"
		$5
	}
}
EOF
}

# Connection keywords shared by the checkers that connect.
CONN="connect_timeout $((CT / 1000))
			retry $R
			delay_before_retry $((DBR / 1000))
			warmup 0"

start_daemon()
{
	mkfifo -m 0600 "$FIFO" || return 1
	# Opened read-write: the reader holds it open and never sees EOF.
	exec 7<>"$FIFO"
	ck_stamp <&7 >"$FIFOLOG" &
	"$BIN" -n -l -D -C -f /etc/keepalived/keepalived.conf \
	    > >(ck_stamp >"$LOG") 2>&1 </dev/null &
	KPID=$!
	wait_until 5000 log_has "$LOG" 'Activating healthchecker|Startup'
}

show()
{
	echo "      daemon log:"
	show_log "$LOG" 12
	echo "      requests: $(tail -n 4 "$REQ" | tr '\n' ';')"
	echo "      notify: $(tr '\n' ';' <"$NOTIFY")"
	echo "      fifo: $(tr '\n' ';' <"$FIFOLOG")"
}

# notified WHEN ARGS FROM TO: exactly one notify line in (FROM, TO], with
# exactly ARGS, within TOL_MS of WHEN.
notified()
{
	local when=$1 args=$2 lines t
	lines=$(awk -v a="$3" -v b="$4" '$1 > a && $1 <= b' "$NOTIFY")
	if [ -z "$lines" ] || [ "$(wc -l <<<"$lines")" -ne 1 ] ||
	    [ "${lines#* }" != "/etc/keepalived/notify.sh $args" ]; then
		fail "notify script ran once with '$args'" \
		    "got: $(tr '\n' ';' <<<"$lines")" "all: $(tr '\n' ';' <"$NOTIFY")"
		return
	fi
	t=${lines%% *}
	near "notify '$args' ran $((t - when)) ms after the log line" "$t" \
	    "$when"
}

# fifo_line LINE AFTER: the FIFO got exactly LINE after AFTER.
fifo_line()
{
	if awk -v a="$2" '$1 >= a' "$FIFOLOG" | cut -d' ' -f2- |
	    grep -qxF "$1"; then
		ok "notify FIFO: $1"
	else
		fail "notify FIFO: $1" "fifo: $(tr '\n' ';' <"$FIFOLOG")"
	fi
}

# The four kinds of real server: a server program, a script, a file.
srv_up()
{
	case $KIND in
	misc) touch /tmp/misc.up ;;
	file) echo 0 >/tmp/file.val ;;
	silent) ip -n srv2 link set veth3 up ;;
	*) ck_srv_start s srv "$MODE" "$RS_IP" "$PORT" "$REQ" ;;
	esac
}

srv_down()
{
	case $KIND in
	misc) rm -f /tmp/misc.up; ck_stopped_ms=$(now_ms) ;;
	file) ck_stopped_ms=$(now_ms); echo 1 >/tmp/file.val ;;
	silent) ip -n srv2 link set veth3 down; ck_stopped_ms=$(now_ms) ;;
	*) ck_srv_stop s ;;
	esac
}

# run_case: the generic case over KIND MODE PROTO PORT RSIP BLOCK F POLICY.
run_case()
{
	local rs vs t_act t_first t_last t_down t_up pred gap n

	rs="[$RSIP]:$(tr A-Z a-z <<<"$PROTO"):$PORT"
	vs="[$VS_IP]:$(tr A-Z a-z <<<"$PROTO"):$PORT"
	topo || { fail "$KIND: topology" "$(ip -br addr)"; return; }
	scripts
	[ "$KIND" = silent ] &&
	    ck_srv_start s srv2 tcp "$RSIP" "$PORT" "$REQ"
	srv_up || { fail "$KIND: server start" "$(cat "$REQ.err")"; return; }
	conf "$PROTO" "$PORT" "$RSIP" "$KIND" "$BLOCK"
	if ! start_daemon; then
		fail "$KIND: daemon started" "$(show)"
		return
	fi
	sleep 0.05	# the stamper may trail the poll
	# First check: 1 s after activation (warmup 0).
	if [ "$KIND" != file ]; then
		t_act=$(ck_line_after "$LOG" 0 'Activating healthchecker') ||
		    { fail "$KIND: Activating healthchecker logged" "$(show)";
		    return; }
		if ! wait_until 4000 ck_req_after "$REQ" 0; then
			fail "$KIND: first check" "$(show)"
			return
		fi
		t_first=$(head -n 1 "$REQ" | cut -d' ' -f1)
		near "$KIND: first check 1000 ms after activation ($((t_first -
		    t_act)) ms)" "$t_first" $((t_act + 1000))
		# The next check, DL later, then stop at once.
		if ! wait_until $((DL + 2000)) ck_req_after "$REQ" "$t_first"
		then
			fail "$KIND: second check" "$(show)"
			return
		fi
		t_last=$(ck_last_req "$REQ")
		near "$KIND: second check delay_loop after the first ($((t_last -
		    t_first)) ms)" "$t_last" $((t_first + DL))
	else
		sleep 1.2
		t_last=$(now_ms)
	fi
	if log_has "$LOG" 'Removing service'; then
		fail "$KIND: up while the server is up" "$(show)"
		return
	fi
	srv_down
	if [ "$KIND" = file ]; then
		# Followed by inotify: at once.
		pred=$((ck_stopped_ms + FILE_MS))
	else
		pred=$((t_last + DL + R * (DBR + F) + F))
	fi
	if ! wait_until $((pred - $(now_ms) + 3000)) ck_has_line_after "$LOG" \
	    "$ck_stopped_ms" "Removing service $rs from VS $vs"; then
		fail "$KIND: Removing service $rs from VS $vs" "$(show)"
		return
	fi
	sleep 0.05
	t_down=$(ck_line_after "$LOG" "$ck_stopped_ms" 'Removing service')
	if [ "$KIND" = file ]; then
		if [ $((t_down - ck_stopped_ms)) -lt "$FILE_MS" ]; then
			ok "$KIND: down $((t_down - ck_stopped_ms)) ms after the change (< $FILE_MS)"
		else
			fail "$KIND: down $((t_down - ck_stopped_ms)) ms after the change" "$(show)"
		fi
	else
		near "$KIND: down $((t_down - ck_stopped_ms)) ms after the stop, $((t_down - t_last)) ms after the last good check (DL + R x (DBR + F) + F = $((DL + R * (DBR + F) + F)))" \
		    "$t_down" "$pred"
	fi
	# Up again at once: the next check of the down schedule passes.  A
	# file reacts at once: the down notify keeps its TOL_MS window.
	[ "$KIND" = file ] && wait_until $((TOL_MS + 1000)) \
	    eval '[ "$(now_ms)" -gt $((t_down + TOL_MS)) ]'
	srv_up || { fail "$KIND: server restart" "$(cat "$REQ.err")"; return; }
	case $POLICY in
	tcp|up) gap=$DL ;;
	http) gap=$(((DBR > DL ? DBR : DL) + DL)) ;;
	esac
	pred=$((t_down + gap))
	[ "$KIND" = file ] && pred=$(($(now_ms) + FILE_MS))
	sleep 0.2
	fail_notify_wait=$((gap + 3000))
	if ! wait_until "$fail_notify_wait" ck_has_line_after "$LOG" "$t_down" \
	    "Adding service $rs to VS $vs"; then
		fail "$KIND: Adding service $rs to VS $vs" "$(show)"
		return
	fi
	sleep 0.05
	t_up=$(ck_line_after "$LOG" "$t_down" 'Adding service')
	if [ "$KIND" = file ]; then
		[ "$t_up" -le "$pred" ] &&
		    ok "$KIND: up within $FILE_MS ms of the change" ||
		    fail "$KIND: up within $FILE_MS ms of the change" "$(show)"
	else
		near "$KIND: up $((t_up - t_down)) ms after down (next check of the down schedule: $gap ms)" \
		    "$t_up" "$pred"
	fi
	wait_until 2000 ck_has_line_after "$NOTIFY" "$t_down" UP
	notified "$t_down" "DOWN $KIND port=$PORT" "$ck_stopped_ms" \
	    "$((t_down + TOL_MS))"
	notified "$t_up" "UP $KIND rs=$RSIP" "$((t_down + TOL_MS))" \
	    "$(now_ms)"
	fifo_line "RS $rs $vs DOWN" "$ck_stopped_ms"
	fifo_line "RS $rs $vs UP" "$t_down"
	if [ "$KIND" = misc ]; then
		n=$(cut -d' ' -f2- "$REQ" | sort -u | tr '\n' ';')
		[ "$n" = "misc arg1;" ] &&
		    ok "misc: misc_path ran with exactly its argument" ||
		    fail "misc: misc_path ran with exactly its argument" \
		    "got: $n"
	fi
	# Never down twice, never a spurious line.
	n=$(grep -c 'Removing service' "$LOG")
	[ "$n" -eq 1 ] && ok "$KIND: removed once" ||
	    fail "$KIND: removed once (got $n)" "$(show)"
	kill -TERM "$KPID" 2>/dev/null
	wait_until 5000 eval '! alive $KPID'
}

case_tcp()
{
	KIND=tcp MODE=tcp PROTO=TCP PORT=3306 RSIP=$RS_IP F=0 POLICY=tcp
	BLOCK="TCP_CHECK {
			$CONN
		}"
	run_case
}

case_silent()
{
	KIND=silent MODE=tcp PROTO=TCP PORT=3306 RSIP=198.51.100.2 F=$CT
	POLICY=tcp
	BLOCK="TCP_CHECK {
			$CONN
		}"
	run_case
}

case_http()
{
	KIND=http MODE=http PROTO=TCP PORT=8080 RSIP=$RS_IP F=0 POLICY=http
	BLOCK="HTTP_GET {
			url {
				path /health
				status_code 200
			}
			$CONN
		}"
	run_case
}

case_smtp()
{
	KIND=smtp MODE=smtp PROTO=TCP PORT=2525 RSIP=$RS_IP F=0 POLICY=up
	BLOCK="SMTP_CHECK {
			helo_name checktest.example
			$CONN
		}"
	run_case
}

case_dns()
{
	KIND=dns MODE=dns PROTO=UDP PORT=5353 RSIP=$RS_IP F=0 POLICY=up
	BLOCK="DNS_CHECK {
			type A
			name example.test
			$CONN
		}"
	run_case
}

case_udp()
{
	KIND=udp MODE=udp PROTO=UDP PORT=7007 RSIP=$RS_IP F=0 POLICY=up
	BLOCK="UDP_CHECK {
			payload 766967696c
			require_reply
			$CONN
		}"
	run_case
}

case_misc()
{
	KIND=misc MODE= PROTO=TCP PORT=9001 RSIP=$RS_IP F=0 POLICY=up
	BLOCK="MISC_CHECK {
			misc_path \"/etc/keepalived/misc.sh arg1\"
			misc_timeout 1
			retry $R
			delay_before_retry $((DBR / 1000))
			warmup 0
		}"
	run_case
}

case_file()
{
	KIND=file MODE= PROTO=TCP PORT=9002 RSIP=$RS_IP F=0 POLICY=up
	BLOCK="FILE_CHECK {
			track_file tf
		}"
	run_case
}

# --- quorum and ha_suspend (health-check-only: no IPVS needed) ----------

# qconf EXTRA-VS-KEYWORDS: one VS, quorum 2, two TCP real servers on
# ports 3306 and 3307, quorum scripts, a sorry server.
qconf()
{
	local p
	{
		cat <<EOF
global_defs {
	router_id checktest
	notify_fifo $FIFO
}
virtual_server $VS_IP 3306 {
	delay_loop $((DL / 1000))
	lb_algo rr
	lb_kind NAT
	protocol TCP
	$1
EOF
		for p in 3306 3307; do
			cat <<EOF
	real_server $RS_IP $p {
		weight 1
		TCP_CHECK {
			connect_port $p
			$CONN
		}
	}
EOF
		done
		echo "}"
	} >/etc/keepalived/keepalived.conf
}

# nlines ARGS: runs of the notify script with exactly these arguments.
nlines()
{
	cut -d' ' -f2- "$NOTIFY" | grep -cxF "/etc/keepalived/notify.sh $1"
}

case_quorum()
{
	local vs="[$VS_IP]:tcp:3306" vsre="\\[$VS_IP\\]:tcp:3306" t
	topo || { fail "quorum: topology"; return; }
	scripts
	ck_srv_start s srv tcp "$RS_IP" 3306 "$REQ" &&
	    ck_srv_start s2 srv tcp "$RS_IP" 3307 "$REQ.2" ||
	    { fail "quorum: servers"; return; }
	qconf "quorum 2
	quorum_up \"/etc/keepalived/notify.sh QUP\"
	quorum_down \"/etc/keepalived/notify.sh QDOWN\"
	sorry_server 192.0.2.9 3306"
	start_daemon || { fail "quorum: daemon started" "$(show)"; return; }
	# keepalived judges the quorum before any server is alive: the start
	# itself gains it (ipwrapper.c set_quorum_states, init_service_vs).
	if wait_until 3000 log_has "$LOG" \
	    "Gained quorum 2\\+0=2 <= 2 for VS $vsre" &&
	    wait_until 2000 eval '[ "$(nlines QUP)" = 1 ]'; then
		ok "quorum: gained at start, quorum_up ran once"
	else
		fail "quorum: gained at start, quorum_up ran once" "$(show)"
	fi
	fifo_line "VS $vs UP" 0
	wait_until 4000 ck_req_after "$REQ.2" 0
	t=$(now_ms)
	ck_srv_stop s2
	if wait_until 10000 ck_has_line_after "$LOG" "$t" \
	    "Lost quorum 2-0=2 > 1 for VS $vs" &&
	    wait_until 1000 ck_has_line_after "$LOG" "$t" \
	    "Adding sorry server [192.0.2.9]:tcp:3306 to VS $vs" &&
	    wait_until 1000 ck_has_line_after "$LOG" "$t" \
	    "Removing alive servers from the pool for VS $vs" &&
	    wait_until 2000 eval '[ "$(nlines QDOWN)" = 1 ]'; then
		ok "quorum: lost, sorry server in, quorum_down ran once"
	else
		fail "quorum: lost, sorry server in, quorum_down ran once" \
		    "$(show)"
	fi
	fifo_line "VS $vs DOWN" "$t"
	t=$(now_ms)
	ck_srv_start s2 srv tcp "$RS_IP" 3307 "$REQ.2"
	if wait_until 10000 ck_has_line_after "$LOG" "$t" \
	    "Gained quorum 2+0=2 <= 2 for VS $vs" &&
	    wait_until 1000 ck_has_line_after "$LOG" "$t" \
	    "Removing sorry server [192.0.2.9]:tcp:3306 from VS $vs" &&
	    wait_until 1000 ck_has_line_after "$LOG" "$t" \
	    "Adding alive servers to the pool for VS $vs" &&
	    wait_until 2000 eval '[ "$(nlines QUP)" = 2 ]'; then
		ok "quorum: gained, sorry server out, quorum_up ran again"
	else
		fail "quorum: gained, sorry server out, quorum_up ran again" \
		    "$(show)"
	fi
	[ "$(nlines QDOWN)" = 1 ] && ok "quorum: quorum_down ran only once" ||
	    fail "quorum: quorum_down ran only once" "$(show)"
	kill -TERM "$KPID" 2>/dev/null
	wait_until 5000 eval '! alive $KPID'
}

case_hasuspend()
{
	local vsre="\\[$VS_IP\\]:tcp:3306" rsre="\\[$RS_IP\\]:tcp:3306"
	local vs="[$VS_IP]:tcp:3306" rs="[$RS_IP]:tcp:3306" t n
	topo || { fail "ha_suspend: topology"; return; }
	scripts
	ck_srv_start s srv tcp "$RS_IP" 3306 "$REQ" &&
	    ck_srv_start s2 srv tcp "$RS_IP" 3307 "$REQ.2" ||
	    { fail "ha_suspend: servers"; return; }
	qconf "ha_suspend"
	start_daemon || { fail "ha_suspend: daemon started" "$(show)"; return; }
	if wait_until 3000 log_has "$LOG" \
	    "Deactivating healthchecker for service $rsre for VS $vsre"; then
		ok "ha_suspend: Deactivating healthchecker at start (VIP absent)"
	else
		fail "ha_suspend: Deactivating healthchecker at start" "$(show)"
	fi
	# Absence can only be seen over time: the first run's 1 s and three
	# delay_loops.
	sleep $((3 * DL / 1000 + 1))
	n=$(cat "$REQ" "$REQ.2" | wc -l)
	[ "$n" -eq 0 ] && ok "ha_suspend: no check while the VIP is absent" ||
	    fail "ha_suspend: no check while the VIP is absent ($n)" "$(show)"
	t=$(now_ms)
	ip addr add "$VS_IP/32" dev lo
	if wait_until 2000 ck_has_line_after "$LOG" "$t" \
	    "Activating healthchecker for service $rs for VS $vs" &&
	    wait_until $((DL + 2000)) ck_req_after "$REQ" "$t"; then
		ok "ha_suspend: VIP added, Activating healthchecker, checks run"
	else
		fail "ha_suspend: VIP added, checks run" "$(show)"
	fi
	t=$(now_ms)
	ip addr del "$VS_IP/32" dev lo
	if wait_until 2000 ck_has_line_after "$LOG" "$t" \
	    "Suspending healthchecker for service $rs for VS $vs"; then
		ok "ha_suspend: VIP removed, Suspending healthchecker"
	else
		fail "ha_suspend: VIP removed, Suspending healthchecker" "$(show)"
	fi
	# A check under way may finish; then none for two delay_loops.
	sleep 0.5
	n=$(cat "$REQ" "$REQ.2" | wc -l)
	sleep $((2 * DL / 1000 + 1))
	[ "$(cat "$REQ" "$REQ.2" | wc -l)" -eq "$n" ] &&
	    ok "ha_suspend: no check after the VIP went" ||
	    fail "ha_suspend: no check after the VIP went" "$(show)"
	kill -TERM "$KPID" 2>/dev/null
	wait_until 5000 eval '! alive $KPID'
}

# HTTP_GET with three urls, DL apart (check_http.c epilog): requests at
# activation + 1 s, + DL, + 2 DL (with fast_recovery: the three at once,
# then the next one DL later); up ("Remote Web server ... succeed") only
# after the third.
urls_case()
{
	local name=$1 fast=$2 rs="[$RS_IP]:tcp:8080" t_act t i gap pred
	local -a ts
	topo || { fail "$name: topology"; return; }
	scripts
	ck_srv_start s srv http "$RS_IP" 8080 "$REQ" ||
	    { fail "$name: server"; return; }
	conf TCP 8080 "$RS_IP" http "HTTP_GET {
			url {
				path /a
			}
			url {
				path /b
			}
			url {
				path /c
			}
			$fast
			$CONN
		}"
	start_daemon || { fail "$name: daemon started" "$(show)"; return; }
	sleep 0.05
	t_act=$(ck_line_after "$LOG" 0 'Activating healthchecker') ||
	    { fail "$name: Activating healthchecker logged" "$(show)"; return; }
	if ! wait_until $((3 * DL + 3000)) eval 	    '[ "$(wc -l <"$REQ")" -ge 4 ]'; then
		fail "$name: four checks" "$(show)"
		return
	fi
	mapfile -t ts < <(cut -d' ' -f1 "$REQ")
	near "$name: first url 1000 ms after activation" "${ts[0]}" 	    $((t_act + 1000))
	gap=$DL
	[ -n "$fast" ] && gap=0
	for i in 1 2; do
		pred=$((ts[i - 1] + gap))
		near "$name: url $((i + 1)) $((ts[i] - ts[i - 1])) ms after url $i (one url per run)" 		    "${ts[i]}" "$pred"
	done
	near "$name: next round $((ts[3] - ts[2])) ms after the last url" 	    "${ts[3]}" $((ts[2] + DL))
	t=$(ck_line_after "$LOG" 0 	    "Remote Web server $rs succeed on service.")
	if [ -n "$t" ] && [ "$t" -ge "${ts[2]}" ] && [ "$t" -lt "${ts[3]}" ]
	then
		ok "$name: up once the third url answered"
	else
		fail "$name: up once the third url answered (${t:-never})" \
		    "$(show)"
	fi
	kill -TERM "$KPID" 2>/dev/null
	wait_until 5000 eval '! alive $KPID'
}

case_urls()
{
	urls_case urls ""
}

case_urls_fast()
{
	urls_case urls_fast "fast_recovery"
}

# quorum 2 over two servers, smtp_alert on the virtual server: a mail at
# start ("Starting with quorum up"), on losing and on gaining quorum,
# with keepalived's subject and body (ipwrapper.c do_vs_notifies).
case_quorum_smtp()
{
	local vs="[$VS_IP]:tcp:3306" mails=/tmp/mails.txt
	topo || { fail "quorum_smtp: topology"; return; }
	scripts
	ck_srv_start s srv tcp "$RS_IP" 3306 "$REQ" &&
	    ck_srv_start s2 srv tcp "$RS_IP" 3307 "$REQ.2" ||
	    { fail "quorum_smtp: servers"; return; }
	python3 "$here/servers/smtp_sink.py" 127.0.0.1 2525 "$mails" \
	    </dev/null >/dev/null 2>&1 &
	wait_until 5000 ck_listening "" tcp 127.0.0.1 2525 ||
	    { fail "quorum_smtp: smtp sink"; return; }
	qconf "quorum 2
	smtp_alert"
	sed -i 's/^global_defs {/global_defs {\n\tsmtp_server 127.0.0.1 2525\n\tnotification_email {\n\t\tops@example.com\n\t}\n\tnotification_email_from vigil@example.com/' \
	    /etc/keepalived/keepalived.conf
	start_daemon || { fail "quorum_smtp: daemon started" "$(show)"; return; }
	if wait_until 5000 grep -qF \
	    "Subject: [checktest] Virtualserver $vs - UP" "$mails" &&
	    grep -qxF "| => Starting with quorum up 2+0=2 <= 2 <=" "$mails"
	then
		ok "quorum_smtp: mail at start (Starting with quorum up)"
	else
		fail "quorum_smtp: mail at start" "$(cat "$mails" 2>/dev/null)"
	fi
	wait_until 4000 ck_req_after "$REQ.2" 0
	ck_srv_stop s2
	if wait_until 10000 grep -qF \
	    "Subject: [checktest] Virtualserver $vs - DOWN" "$mails" &&
	    grep -qxF "| => Lost quorum 2+0=2 <= 1 <=" "$mails"; then
		ok "quorum_smtp: mail on Lost quorum"
	else
		fail "quorum_smtp: mail on Lost quorum" "$(cat "$mails")"
	fi
	ck_srv_start s2 srv tcp "$RS_IP" 3307 "$REQ.2"
	if wait_until 10000 grep -qxF "| => Gained quorum 2+0=2 <= 2 <=" \
	    "$mails"; then
		ok "quorum_smtp: mail on Gained quorum"
	else
		fail "quorum_smtp: mail on Gained quorum" "$(cat "$mails")"
	fi
	[ "$(grep -c "^| Subject: .*Virtualserver" "$mails")" -eq 3 ] &&
	    ok "quorum_smtp: exactly three quorum mails" ||
	    fail "quorum_smtp: exactly three quorum mails" "$(cat "$mails")"
	kill -TERM "$KPID" 2>/dev/null
	wait_until 5000 eval '! alive $KPID'
}

# keepalived 2.2.7 as oracle: only where its checker can run.
oracle_note()
{
	local out
	if [ -e /proc/net/ip_vs ] || [ ! -x /usr/sbin/keepalived ]; then
		return
	fi
	echo "skip  keepalived 2.2.7 as oracle: no IPVS in this kernel, its" \
	    "checker child exits FATAL (\"IPVS: Can't initialize ipvs\");" \
	    "expectations come from its source"
}

# --- outside ----------------------------------------------------------------

if [ "${1:-}" = --inner ]; then
	BIN=$2
	netns_setup || { echo "FAIL  $3: namespace setup"; exit 1; }
	"case_$3"
	exit 0
fi

BIN=${1:-build/keepalived}
shift $(( $# > 0 ? 1 : 0 ))
case $BIN in /*) ;; *) BIN=$(pwd)/$BIN ;; esac
if [ "$(id -u)" -ne 0 ]; then
	echo "netns-checker: needs root"
	echo "netns-checker: 0 passed, 1 failed"
	exit 1
fi
cases=${*:-$ALL_CASES}
passed=0
failed=0
t0=$(now_ms)
oracle_note
for c in $cases; do
	echo "--- $c"
	CASE_TIMEOUT=${CASE_TIMEOUT:-40} netns_run_case "$here/checker.sh" \
	    "$BIN" "$c"
done
echo "time: $(( ($(now_ms) - t0) / 1000 )) s"
echo "netns-checker: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
