#!/bin/bash
# tests/netns/runtime.sh: the daemon's process model, signals, pid files,
# dump files and init script, as keepalived 2.2.7 behaves.
#
#   bash tests/netns/runtime.sh [BINARY [CASE...]]
#
# BINARY defaults to build/keepalived; run it with /usr/sbin/keepalived to
# check the tests themselves against the real keepalived.  Each case runs
# in a PID + mount + network namespace of its own (tests/netns/lib.sh), so
# nothing is started on, or written to, the host.  One line per check,
# then "netns-runtime: N passed, M failed"; exit status 1 when a check
# failed.  Needs root.
#
# Against keepalived 2.2.7 itself (checked on Debian's build): every check
# passes except two.  "reload: broken config -> the old one keeps running"
# fails on purpose: keepalived's child exits CONFIG on a keyword missing its
# parameter and the whole daemon stops, where Vigil keeps the running
# configuration.  Its SIGTERM stop takes about 1.03 s (the VRRP child's
# one-second timer before it exits), just over the 1 s budget that
# "term" (and, at times, "parentkill") hold Vigil to.
#
# Cases: start pidfiles respawn parentkill term twice stale reload initd
# dumps notify files
# Environment: INIT_SCRIPT (default etc/init.d/keepalived of this tree),
# STOP_MS (budget for SIGTERM, default 1000), RESPAWN_MS (default 2000),
# REAL_SERVER (see lib.sh).  Needs iproute2, util-linux (unshare), procps,
# start-stop-daemon and python3 (the notify socket).

set -u
export LC_ALL=C
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"

ALL_CASES="start pidfiles respawn parentkill term twice stale reload initd
    dumps notify files unprovided"
STOP_MS=${STOP_MS:-1000}
RESPAWN_MS=${RESPAWN_MS:-2000}
READY_MS=${READY_MS:-5000}

# --- cases (run inside the namespaces) --------------------------------------

# start_daemon ARGS...: start $BIN as a daemon; ok when it returned 0.
start_daemon()
{
	"$BIN" -G "$@" </dev/null >/tmp/start.out 2>&1
}

# stop_daemon: SIGTERM the parent of the default pid file, wait it out.
stop_daemon()
{
	local p
	p=$(pidfile_pid /run/keepalived.pid) && kill -TERM "$p"
	wait_until 5000 all_gone
}

# 1. start: three processes, comm keepalived, default pid files.
case_start()
{
	local t0 pp vp cp f mode rc
	write_config
	t0=$(now_ms)
	start_daemon
	rc=$?
	if [ $rc -ne 0 ]; then
		fail "start: keepalived returned $rc" "$(cat /tmp/start.out)"
		return
	fi
	if ! wait_until "$READY_MS" ready_default; then
		fail "start: parent + VRRP + checker child with pid files" \
		    "after $READY_MS ms:" "$(ps_lines)" \
		    "$(head -n 2 /run/*.pid 2>&1)"
		return
	fi
	ok "start: parent + VRRP + checker child with pid files" \
	    "($(( $(now_ms) - t0 )) ms)"
	echo "      time: startup $(( $(now_ms) - t0 )) ms"
	pp=$(pidfile_pid /run/keepalived.pid)
	vp=$(pidfile_pid /run/vrrp.pid)
	cp=$(pidfile_pid /run/checkers.pid)
	check "start: exactly 3 keepalived processes" \
	    [ "$(nkpids)" -eq 3 ]
	check "start: all three have comm keepalived" \
	    [ "$(comm_of "$pp")$(comm_of "$vp")$(comm_of "$cp")" = \
	    keepalivedkeepalivedkeepalived ]
	check "start: the parent is detached (ppid 1, own session)" \
	    eval '[ "$(ppid_of "$pp")" = 1 ] &&
	    [ "$(ps -o sid= -p "$pp" | tr -d " ")" = "$pp" ]'
	for f in /run/keepalived.pid /run/vrrp.pid /run/checkers.pid; do
		mode=$(stat -c %a "$f")
		check "start: $f mode $mode is 644" [ "$mode" = 644 ]
	done
	check "start: /proc/PID/exe of the parent is the binary" \
	    [ "$(readlink -f "/proc/$pp/exe")" = "$(readlink -f "$BIN")" ]
	stop_daemon
}

# 1b. -p/-r/-c and their long forms move the pid files.
case_pidfiles()
{
	local d=/run/alt p
	write_config
	mkdir -p $d
	start_daemon -p $d/k.pid -r $d/v.pid -c $d/c.pid
	if wait_until "$READY_MS" daemon_ready $d/k.pid $d/v.pid $d/c.pid
	then
		ok "pidfiles: -p -r -c put the pid files where asked"
	else
		fail "pidfiles: -p -r -c put the pid files where asked" \
		    "$(ls -l /run $d)" "$(ps_lines)"
	fi
	check "pidfiles: no default pid file with -p -r -c" \
	    eval '[ ! -e /run/keepalived.pid ] && [ ! -e /run/vrrp.pid ] &&
	    [ ! -e /run/checkers.pid ]'
	p=$(pidfile_pid $d/k.pid) && kill -TERM "$p"
	if wait_until 5000 no_kpids && [ ! -e $d/k.pid ] &&
	    [ ! -e $d/v.pid ] && [ ! -e $d/c.pid ]; then
		ok "pidfiles: SIGTERM removes the moved pid files"
	else
		fail "pidfiles: SIGTERM removes the moved pid files" \
		    "$(ls -l $d)" "$(ps_lines)"
	fi
	start_daemon --pid=$d/k2.pid --vrrp_pid=$d/v2.pid \
	    --checkers_pid=$d/c2.pid
	if wait_until "$READY_MS" daemon_ready $d/k2.pid $d/v2.pid \
	    $d/c2.pid; then
		ok "pidfiles: --pid --vrrp_pid --checkers_pid likewise"
	else
		fail "pidfiles: --pid --vrrp_pid --checkers_pid likewise" \
		    "$(ls -l /run $d)" "$(ps_lines)"
	fi
	p=$(pidfile_pid $d/k2.pid) && kill -TERM "$p"
	wait_until 5000 no_kpids
}

# child_respawned FILE OLDPID PARENT: FILE names a new live child of PARENT.
child_respawned()
{
	local n
	n=$(pidfile_pid "$1") || return 1
	[ "$n" != "$2" ] && alive "$n" && [ "$(ppid_of "$n")" = "$3" ] &&
	    [ "$(comm_of "$n")" = keepalived ] && ! alive "$2"
}

# 2. kill -9 of a child: a new one within RESPAWN_MS, pid file updated.
case_respawn()
{
	local pp old other otherfile what file
	write_config
	start_daemon
	if ! wait_until "$READY_MS" ready_default; then
		fail "respawn: daemon did not start" "$(ps_lines)"
		return
	fi
	pp=$(pidfile_pid /run/keepalived.pid)
	for what in vrrp checkers; do
		file=/run/$what.pid
		if [ $what = vrrp ]; then
			otherfile=/run/checkers.pid
		else
			otherfile=/run/vrrp.pid
		fi
		old=$(pidfile_pid "$file")
		other=$(pidfile_pid "$otherfile")
		kill -KILL "$old"
		if wait_until "$RESPAWN_MS" child_respawned "$file" "$old" "$pp"
		then
			ok "respawn: kill -9 $what child -> new child and pid" \
			    "file within $RESPAWN_MS ms ($waited_ms ms)"
			echo "      time: respawn $what $waited_ms ms"
		else
			fail "respawn: kill -9 $what child -> new child and pid file within $RESPAWN_MS ms" \
			    "old $old, file: $(cat "$file" 2>&1)" "$(ps_lines)"
		fi
		check "respawn: the parent and the other child kept their pids" \
		    eval '[ "$(pidfile_pid /run/keepalived.pid)" = "$pp" ] &&
		    [ "$(pidfile_pid "$otherfile")" = "$other" ] &&
		    alive "$other" && alive "$pp"'
		wait_until 1000 [ "$(nkpids)" -eq 3 ]
		check "respawn: 3 keepalived processes after the $what respawn" \
		    [ "$(nkpids)" -eq 3 ]
	done
	stop_daemon
}

# 3. kill -9 of the parent: both children gone within 1 s.
case_parentkill()
{
	local pp vp cp
	write_config
	start_daemon
	if ! wait_until "$READY_MS" ready_default; then
		fail "parentkill: daemon did not start" "$(ps_lines)"
		return
	fi
	pp=$(pidfile_pid /run/keepalived.pid)
	vp=$(pidfile_pid /run/vrrp.pid)
	cp=$(pidfile_pid /run/checkers.pid)
	kill -KILL "$pp"
	if wait_until "$STOP_MS" no_kpids; then
		ok "parentkill: kill -9 parent -> children gone within" \
		    "$STOP_MS ms ($waited_ms ms)"
		echo "      time: children gone after $waited_ms ms"
	else
		fail "parentkill: kill -9 parent -> children gone within $STOP_MS ms" \
		    "$(ps_lines)"
		wait_until 5000 no_kpids &&
		    echo "      time: children gone after" \
		    "$((STOP_MS + waited_ms)) ms"
	fi
}

# 4. SIGTERM: everything gone, pid files removed, exit status 0 (-n).
case_term()
{
	local kp rc t0 master=
	write_config
	"$BIN" -n -G -l </dev/null >/tmp/k.log 2>&1 &
	kp=$!
	if ! wait_until "$READY_MS" ready_default; then
		fail "term: daemon did not start" "$(ps_lines)"
		show_log /tmp/k.log
		return
	fi
	check "term: with -n the parent pid file holds the started pid" \
	    [ "$(pidfile_pid /run/keepalived.pid)" = "$kp" ]
	# Let VRRP become master so that its stop has work to do.
	wait_until 6000 vip_present && master=1
	t0=$(now_ms)
	kill -TERM "$kp"
	if wait_until "$STOP_MS" all_gone; then
		ok "term: SIGTERM -> processes and pid files gone within" \
		    "$STOP_MS ms ($waited_ms ms)"
		echo "      time: stop $waited_ms ms"
	else
		fail "term: SIGTERM -> processes and pid files gone within $STOP_MS ms" \
		    "$(ps_lines)" "$(ls -l /run)"
		wait_until 6000 all_gone &&
		    echo "      time: stop $(( $(now_ms) - t0 )) ms (over budget)"
	fi
	wait "$kp"
	rc=$?
	if [ "$rc" -eq 0 ]; then
		ok "term: exit status 0"
	else
		fail "term: exit status 0 (got $rc)"
		show_log /tmp/k.log
	fi
	if [ -n "$master" ]; then
		check "term: the VIP was released" eval '! vip_present'
	else
		echo "      note: VI_1 never became MASTER: VIP check skipped"
	fi
}

# 5b. SNMP and D-Bus are not provided: one warning each at start (and
# nothing when they are not asked for).
case_unprovided()
{
	local kp
	write_config
	"$BIN" -n -G -l </dev/null >/tmp/k.log 2>&1 &
	kp=$!
	wait_until "$READY_MS" ready_default
	kill -TERM "$kp"
	wait "$kp"
	check "unprovided: no SNMP/D-Bus warning without the keywords" \
	    eval '! grep -q "not provided by Vigil" /tmp/k.log'
	sed -i 's/^global_defs {/global_defs {\n\tenable_snmp_vrrp\n\tenable_dbus/' \
	    /etc/keepalived/keepalived.conf
	"$BIN" -n -G -l </dev/null >/tmp/k.log 2>&1 &
	kp=$!
	wait_until "$READY_MS" ready_default
	kill -TERM "$kp"
	wait "$kp"
	check "unprovided: enable_snmp_vrrp -> one SNMP warning" \
	    [ "$(grep -c 'SNMP is not provided by Vigil' /tmp/k.log)" = 1 ]
	check "unprovided: enable_dbus -> one D-Bus warning" \
	    [ "$(grep -c 'D-Bus is not provided by Vigil' /tmp/k.log)" = 1 ]
}

# same_pids P V C: the default pid files still name P, V and C, alive.
same_pids()
{
	[ "$(pidfile_pid /run/keepalived.pid)" = "$1" ] &&
	    [ "$(pidfile_pid /run/vrrp.pid)" = "$2" ] &&
	    [ "$(pidfile_pid /run/checkers.pid)" = "$3" ] &&
	    alive "$1" && alive "$2" && alive "$3" && [ "$(nkpids)" -eq 3 ]
}

# 5. a second start while running is refused; the first is untouched.
case_twice()
{
	local pp vp cp rc
	write_config
	start_daemon
	if ! wait_until "$READY_MS" ready_default; then
		fail "twice: daemon did not start" "$(ps_lines)"
		return
	fi
	pp=$(pidfile_pid /run/keepalived.pid)
	vp=$(pidfile_pid /run/vrrp.pid)
	cp=$(pidfile_pid /run/checkers.pid)
	timeout 10 "$BIN" -G -l </dev/null >/tmp/second.out 2>&1
	rc=$?
	# keepalived logs to the console only with -n, so the message is
	# checked with the -n start below.
	check "twice: second start (daemon mode) exits 0 (got $rc)" \
	    [ "$rc" -eq 0 ]
	timeout 10 "$BIN" -n -G -l </dev/null >/tmp/third.out 2>&1
	rc=$?
	check "twice: second start with -n exits 0 at once (got $rc)" \
	    [ "$rc" -eq 0 ]
	check "twice: ... and logs 'daemon is already running'" \
	    grep -q 'daemon is already running' /tmp/third.out
	if holds_for 500 same_pids "$pp" "$vp" "$cp"; then
		ok "twice: the first instance is untouched (same 3 pids)"
	else
		fail "twice: the first instance is untouched (same 3 pids)" \
		    "$pp $vp $cp" "$(ps_lines)"
	fi
	stop_daemon
}

# 5b. a pid file naming a dead process does not stop a start.
case_stale()
{
	local dead
	write_config
	sleep 0 &
	dead=$!
	wait "$dead"
	echo "$dead" >/run/keepalived.pid
	echo "$dead" >/run/vrrp.pid
	"$BIN" -n -G -l </dev/null >/tmp/k.log 2>&1 &
	if wait_until "$READY_MS" ready_default &&
	    [ "$(pidfile_pid /run/keepalived.pid)" = $! ]; then
		ok "stale: pid files naming a dead pid are replaced at start"
	else
		fail "stale: pid files naming a dead pid are replaced at start" \
		    "$(ps_lines)" "$(head /run/*.pid)"
		show_log /tmp/k.log
	fi
	check "stale: 'Remove a zombie pid file' logged" \
	    log_has /tmp/k.log 'Remove a zombie pid file /run/keepalived.pid'
	stop_daemon
}

# 6. SIGHUP: unchanged config changes nothing; a broken one is refused.
case_reload()
{
	local kp pp vp cp n line master=
	write_config
	"$BIN" -n -G -l </dev/null >/tmp/k.log 2>&1 &
	kp=$!
	if ! wait_until "$READY_MS" ready_default; then
		fail "reload: daemon did not start" "$(ps_lines)"
		show_log /tmp/k.log
		return
	fi
	pp=$kp
	vp=$(pidfile_pid /run/vrrp.pid)
	cp=$(pidfile_pid /run/checkers.pid)
	# VRRP's own suites test mastership; here the VIP is one more sign
	# that a reload changed nothing, when there is one.
	if wait_until 6000 vip_present; then
		master=1
	else
		echo "      note: VI_1 never became MASTER: VIP checks skipped"
	fi
	n=$(grep -c 'Entering' /tmp/k.log)
	kill -HUP "$pp"
	if wait_until 5000 log_has /tmp/k.log 'Reload complete'; then
		ok "reload: SIGHUP -> 'Reload complete' ($waited_ms ms)"
		echo "      time: reload $waited_ms ms"
	else
		fail "reload: SIGHUP -> 'Reload complete'"
		show_log /tmp/k.log
	fi
	if holds_for 500 same_pids "$pp" "$vp" "$cp"; then
		ok "reload: unchanged config -> children keep their pids"
	else
		fail "reload: unchanged config -> children keep their pids" \
		    "$pp $vp $cp" "$(ps_lines)"
	fi
	check "reload: unchanged config -> no state transition logged" \
	    [ "$(grep -c 'Entering' /tmp/k.log)" -eq "$n" ]
	[ -n "$master" ] &&
	    check "reload: unchanged config -> the VIP stays" vip_present

	# A keyword missing its parameter: fatal for a parse.
	write_config
	line=$(grep -n 'advert_int' /etc/keepalived/keepalived.conf)
	line=${line%%:*}
	sed -i 's/advert_int 1/advert_int/' /etc/keepalived/keepalived.conf
	: >>/tmp/k.log
	n=$(wc -l </tmp/k.log)
	kill -HUP "$pp"
	if wait_until 5000 log_has /tmp/k.log \
	    "\(/etc/keepalived/keepalived\.conf: Line $line\)"; then
		ok "reload: broken config -> error logged with" \
		    "(file: Line $line)"
	else
		fail "reload: broken config -> error logged with (file: Line $line)"
		tail -n +"$((n + 1))" /tmp/k.log | sed 's/^/      | /'
	fi
	if holds_for 1500 same_pids "$pp" "$vp" "$cp"; then
		ok "reload: broken config -> the old one keeps running" \
		    "(same pids)"
	else
		fail "reload: broken config -> the old one keeps running (same pids)" \
		    "$pp $vp $cp" "$(ps_lines)"
		tail -n +"$((n + 1))" /tmp/k.log | sed 's/^/      | /'
	fi
	[ -n "$master" ] &&
	    check "reload: broken config -> the VIP stays" vip_present
	stop_daemon
}

# initd ACTION: run the init script; its output goes to /tmp/initd.out.
initd()
{
	SYSTEMCTL_SKIP_REDIRECT=1 timeout 30 sh "$INIT_SCRIPT" "$1" \
	    </dev/null >/tmp/initd.out 2>&1
}

# initd_ready: the daemon as DAEMON_ARGS asks (-r /run/initd-vrrp.pid).
initd_ready()
{
	daemon_ready /run/keepalived.pid /run/initd-vrrp.pid /run/checkers.pid
}

initd_gone()
{
	no_kpids && [ ! -e /run/keepalived.pid ] &&
	    [ ! -e /run/initd-vrrp.pid ] && [ ! -e /run/checkers.pid ]
}

# 7. the init script: start / status / reload / restart / stop.
case_initd()
{
	local pp pp2 rc
	write_config
	# The binary at /usr/sbin/keepalived in this mount namespace only.
	if [ "$(readlink -f "$BIN")" != /usr/sbin/keepalived ]; then
		if [ ! -e /usr/sbin/keepalived ]; then
			fail "initd: no /usr/sbin/keepalived to bind over"
			return
		fi
		mount --bind "$BIN" /usr/sbin/keepalived || {
			fail "initd: cannot bind $BIN on /usr/sbin/keepalived"
			return
		}
	fi
	printf '# test\nDAEMON_ARGS="-G -r /run/initd-vrrp.pid"\n' \
	    >/run/default-keepalived
	if [ -e /etc/default/keepalived ]; then
		mount --bind /run/default-keepalived /etc/default/keepalived
	else
		fail "initd: no /etc/default/keepalived to bind over"
		return
	fi

	initd start
	rc=$?
	if [ $rc -eq 0 ] && wait_until "$READY_MS" initd_ready; then
		ok "initd: start -> 3 processes, pid files (DAEMON_ARGS used)"
	else
		fail "initd: start -> 3 processes, pid files (DAEMON_ARGS used), rc $rc" \
		    "$(cat /tmp/initd.out)" "$(ps_lines)" \
		    "$(ls /run)"
		return
	fi
	pp=$(pidfile_pid /run/keepalived.pid)
	initd status
	rc=$?
	check "initd: status while running exits 0 (got $rc)" [ $rc -eq 0 ]
	initd start
	rc=$?
	check "initd: start while running exits 0 (got $rc)" [ $rc -eq 0 ]
	check "initd: ... and leaves the running daemon alone" \
	    holds_for 300 eval '[ "$(pidfile_pid /run/keepalived.pid)" = "$pp" ] &&
	    [ "$(nkpids)" -eq 3 ]'
	initd reload
	rc=$?
	check "initd: reload exits 0 (got $rc)" [ $rc -eq 0 ]
	check "initd: reload keeps the parent" \
	    holds_for 300 eval 'initd_ready && [ "$(pidfile_pid /run/keepalived.pid)" = "$pp" ]'
	initd force-reload
	rc=$?
	check "initd: force-reload exits 0 (got $rc)" [ $rc -eq 0 ]
	initd restart
	rc=$?
	if [ $rc -eq 0 ] && wait_until "$READY_MS" initd_ready &&
	    pp2=$(pidfile_pid /run/keepalived.pid) && [ "$pp2" != "$pp" ]
	then
		ok "initd: restart -> a new daemon, 3 processes, pid files"
	else
		fail "initd: restart -> a new daemon, 3 processes, pid files" \
		    "rc $rc, old parent $pp" "$(cat /tmp/initd.out)" \
		    "$(ps_lines)" "$(ls /run)"
	fi
	check "initd: restart left exactly 3 processes" \
	    wait_until 1000 eval '[ "$(nkpids)" -eq 3 ]'
	initd stop
	rc=$?
	if [ $rc -eq 0 ] && wait_until 5000 initd_gone; then
		ok "initd: stop -> no process, no pid file"
	else
		fail "initd: stop -> no process, no pid file (rc $rc)" \
		    "$(cat /tmp/initd.out)" "$(ps_lines)" "$(ls /run)"
	fi
	initd status
	rc=$?
	check "initd: status when stopped exits 3 (got $rc)" [ $rc -eq 3 ]
	initd stop
	rc=$?
	check "initd: stop when stopped exits 0 (got $rc)" [ $rc -eq 0 ]
}

# dump_ok FILE: a regular file, not empty, mode at most 0644, not a link.
dump_ok()
{
	[ -f "$1" ] && [ ! -L "$1" ] && [ -s "$1" ] &&
	    [ $(( 0$(stat -c %a "$1") & ~0644 )) -eq 0 ]
}

# 8. SIGUSR1 / SIGUSR2 / JSON -> dump files in the private /tmp.
case_dumps()
{
	local pp sig f jsig before
	write_config
	start_daemon
	if ! wait_until "$READY_MS" ready_default; then
		fail "dumps: daemon did not start" "$(ps_lines)"
		return
	fi
	pp=$(pidfile_pid /run/keepalived.pid)
	wait_until 6000 vip_present
	jsig=$("$BIN" --signum=JSON)
	for sig in USR1:keepalived.data USR2:keepalived.stats \
	    "$jsig:keepalived.json"; do
		f=/tmp/${sig#*:}
		kill -"${sig%%:*}" "$pp"
		if wait_until 3000 dump_ok "$f"; then
			ok "dumps: signal ${sig%%:*} -> $f, mode" \
			    "$(stat -c %a "$f") ($waited_ms ms)"
		else
			fail "dumps: signal ${sig%%:*} -> $f, mode <= 644" \
			    "$(ls -l /tmp)"
		fi
	done
	check "dumps: $f holds VI_1" grep -q VI_1 /tmp/keepalived.json
	check "dumps: keepalived.data holds VI_1" \
	    grep -q 'VRRP Instance = VI_1' /tmp/keepalived.data
	check "dumps: --signum=JSON is 36" [ "$jsig" = 36 ]

	# A planted symlink must not be followed.
	rm -f /tmp/keepalived.data
	echo precious >/run/target
	chmod 0600 /run/target
	before=$(stat -c '%s %Y %i' /run/target)
	ln -s /run/target /tmp/keepalived.data
	rm -f /tmp/keepalived.stats
	kill -USR1 "$pp"
	# The VRRP child handles USR1 (written anew or refused) before the
	# USR2 sent after it: the stats file marks the end of the data dump.
	kill -USR2 "$pp"
	wait_until 3000 dump_ok /tmp/keepalived.stats ||
	    echo "      note: no keepalived.stats after USR1 + USR2"
	if [ "$(cat /run/target)" = precious ] &&
	    [ "$(stat -c '%s %Y %i' /run/target)" = "$before" ]; then
		ok "dumps: a symlink at /tmp/keepalived.data is not followed"
	else
		fail "dumps: a symlink at /tmp/keepalived.data is not followed" \
		    "target now: $(head -c 200 /run/target)"
	fi
	stop_daemon
}

# notify_has TEXT: the fake systemd received a datagram holding TEXT line.
notify_has()
{
	grep -qx "$1" /tmp/notify.log 2>/dev/null
}

# 9. systemd's Type=notify: keepalived notifies only when its parent is
# pid 1 named "systemd" and NOTIFY_SOCKET is set, so this namespace's
# init becomes a copy of bash called systemd, and a small listener plays
# the notify socket.
case_notify()
{
	local kp
	if [ "$(comm_of 1)" != systemd ]; then
		cp /bin/bash /run/systemd || return
		NETNS_SETUP_DONE=1 exec /run/systemd "$here/runtime.sh" \
		    --inner "$BIN" notify
	fi
	write_config
	python3 -c '
import socket, sys
s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
s.bind("/run/notify.sock")
open("/run/notify.up", "w").close()
with open("/tmp/notify.log", "a") as f:
    while True:
        m = s.recv(4096).decode(errors="replace")
        f.write(m.rstrip("\n") + "\n")
        f.flush()
' &
	if ! wait_until 3000 test -e /run/notify.up; then
		fail "notify: the notify socket listener did not start"
		return
	fi
	NOTIFY_SOCKET=/run/notify.sock "$BIN" --dont-fork -G -l \
	    </dev/null >/tmp/k.log 2>&1 &
	kp=$!
	if wait_until "$READY_MS" notify_has READY=1; then
		ok "notify: READY=1 sent ($waited_ms ms)"
	else
		fail "notify: READY=1 sent" "$(cat /tmp/notify.log 2>&1)"
		show_log /tmp/k.log
	fi
	check "notify: MAINPID=$kp sent" notify_has "MAINPID=$kp"
	check "notify: READY=1 comes when the children are up" \
	    eval 'wait_until 500 ready_default'
	kill -HUP "$kp"
	if wait_until 3000 notify_has RELOADING=1; then
		ok "notify: SIGHUP -> RELOADING=1"
	else
		fail "notify: SIGHUP -> RELOADING=1" "$(cat /tmp/notify.log)"
	fi
	wait_until 3000 log_has /tmp/k.log 'Reload complete'
	kill -TERM "$kp"
	if wait_until 3000 notify_has STOPPING=1; then
		ok "notify: SIGTERM -> STOPPING=1"
	else
		fail "notify: SIGTERM -> STOPPING=1" "$(cat /tmp/notify.log)"
	fi
	wait_until 5000 all_gone
	echo "      notify datagrams: $(tr '\n' ' ' </tmp/notify.log)"
}

# 10. the packaging files: the systemd unit as Debian's, the defaults file
# readable by sh and by systemd, the init script valid sh.
case_files()
{
	local top=$here/../.. unit l
	unit=$top/etc/systemd/keepalived.service
	for l in 'Type=notify' \
	    'ExecStart=/usr/sbin/keepalived --dont-fork $DAEMON_ARGS' \
	    'ExecReload=/bin/kill -HUP $MAINPID' \
	    'EnvironmentFile=-/etc/default/keepalived' 'KillMode=process' \
	    'ConditionFileNotEmpty=/etc/keepalived/keepalived.conf'; do
		check "files: keepalived.service has $l" grep -qxF "$l" "$unit"
	done
	if command -v systemd-analyze >/dev/null; then
		check "files: systemd-analyze verify keepalived.service" \
		    eval 'systemd-analyze verify "$unit" >/tmp/verify.out 2>&1 &&
		    [ ! -s /tmp/verify.out ]'
	fi
	check "files: etc/default/keepalived sets DAEMON_ARGS (sh)" \
	    eval '[ "$(sh -c ". \"$top/etc/default/keepalived\";
	    echo \"\${DAEMON_ARGS-unset}\"")" = "" ]'
	check "files: etc/default/keepalived is plain assignments" \
	    eval '! grep -Ev "^(#.*|[A-Z_]+=\"[^\"\$\`]*\"|)$" \
	    "$top/etc/default/keepalived"'
	check "files: etc/init.d/keepalived is valid sh" \
	    sh -n "$top/etc/init.d/keepalived"
	check "files: etc/init.d/keepalived is executable" \
	    test -x "$top/etc/init.d/keepalived"
}

# --- driver ---------------------------------------------------------------

if [ "${1:-}" = --inner ]; then
	BIN=$2
	INIT_SCRIPT=${INIT_SCRIPT:-$here/../../etc/init.d/keepalived}
	if [ -z "${NETNS_SETUP_DONE:-}" ] && ! netns_setup; then
		fail "$3: namespace setup"
		exit 1
	fi
	"case_$3"
	exit 0
fi

BIN=${1:-$here/../../build/keepalived}
shift
case $BIN in /*) ;; *) BIN=$(pwd)/$BIN ;; esac
cases=${*:-$ALL_CASES}
passed=0
failed=0

if [ "$(id -u)" -ne 0 ]; then
	echo "netns-runtime: needs root (unshare, mounts, veth)"
	echo "netns-runtime: 0 passed, 1 failed"
	exit 1
fi
if [ ! -x "$BIN" ]; then
	echo "netns-runtime: no binary at $BIN"
	echo "netns-runtime: 0 passed, 1 failed"
	exit 1
fi
# The namespaces mount a private tmpfs on /etc/keepalived.
made_etc=
if [ ! -d /etc/keepalived ]; then
	mkdir /etc/keepalived && made_etc=1
fi
trap '[ -n "$made_etc" ] && rmdir /etc/keepalived' EXIT

echo "netns-runtime: $BIN"
for c in $cases; do
	netns_run_case "$here/runtime.sh" "$BIN" "$c"
done
echo "netns-runtime: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
