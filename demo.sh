#!/bin/bash
# demo.sh: Vigil failing a MariaDB dual master over, on this machine.
#
#   sudo bash demo.sh
#
# On Debian 12, as root: installs what it needs (build tools, MariaDB;
# the first run downloads packages and takes a few minutes more), builds
# Vigil, and in network namespaces of its own (nothing on the host's
# network changes):
#   1. starts two MariaDB servers replicating from each other (node1
#      192.168.222.128, node2 .129) and Vigil on each, with the
#      configuration of tests/lab/demo_lib.sh (keepalived.conf.example's,
#      both nodes BACKUP + nopreempt, Vigil's MYSQL_CHECK of the node's
#      own MariaDB every second (TCP_CHECK if the build's parser lacks
#      it), and Vigil's track_real_server);
#   2. a client (.10) writes a row through the VIP 192.168.222.130 every
#      100 ms and logs each acknowledged write;
#   3. kills node1's mariadbd (-9): node1's Vigil sees its check fail and
#      goes to FAULT, node2 takes the VIP, the writes resume on node2;
#   4. restarts node1's mariadbd: node1 leaves FAULT by itself and joins
#      as BACKUP (nopreempt: the VIP stays on node2), replication catches
#      up;
#   5. checks that every acknowledged write is on both nodes and that
#      CHECKSUM TABLE agrees, prints a timeline with the measured times
#      and the Vigil log lines that matter, and removes everything.
# About 25 seconds with the packages installed, build included.  Exit
# status 0 when the failover worked and no acknowledged write was lost.
#
# VIGIL_BUILD=dir builds in dir instead of build/.

set -u
root=$(cd "$(dirname "$0")" && pwd) || exit 1
cd "$root" || exit 1
. tests/lab/lab.sh
. tests/lab/demo_lib.sh

BUILD=${VIGIL_BUILD:-build}
LAB_KEEPALIVED=$root/$BUILD/keepalived
LAB_WRITER_TIMEOUT=0.5		# s: a write not answered by then failed
WRITE_MS=100			# one write every 100 ms
T_START=$(lab_now_ms)

# say TEXT...: one step, with the time since the start.
say()
{
	local t=$(( $(lab_now_ms) - T_START ))
	printf '[%3d.%d s] %s\n' $((t / 1000)) $((t % 1000 / 100)) "$*"
}

# secs MS: MS as seconds with one decimal.
secs()
{
	printf '%d.%d s' $(($1 / 1000)) $(($1 % 1000 / 100))
}

# die TEXT...: say what failed, show the daemons' last lines, exit 1.
die()
{
	local n
	say "FAILED: $*"
	for n in node1 node2; do
		[ -f "${LAB_DIR:-/nonexistent}/$n/ka-$n.log" ] || continue
		echo "---- last lines of Vigil on $n"
		tail -n 8 "$LAB_DIR/$n/ka-$n.log"
	done
	if [ -n "${LAB_DIR:-}" ] && [ -d "$LAB_DIR" ]; then
		rm -rf /tmp/vigil-demo-failed
		for n in node1 node2; do
			mkdir -p "/tmp/vigil-demo-failed/$n" &&
			    cp "$LAB_DIR/$n"/*.log "$LAB_DIR/$n"/*.conf \
			    "/tmp/vigil-demo-failed/$n/" 2>/dev/null
		done
		cp "$LAB_DIR"/events "$LAB_DIR"/writer.log \
		    /tmp/vigil-demo-failed/ 2>/dev/null
		echo "---- logs kept in /tmp/vigil-demo-failed"
	fi
	exit 1
}

cleanup()
{
	local t
	t=$(lab_now_ms)
	demo_watch_stop
	if [ -n "$LAB_DIR" ]; then
		lab_cleanup
		say "cleaned up: daemons, servers, writer, namespaces, files" \
		    "($(( $(lab_now_ms) - t )) ms)"
	fi
}

holder_is()
{
	[ "$(lab_vip_holder)" = "$1" ]
}

holder_is_not()
{
	[ "$(lab_vip_holder)" != "$1" ]
}

# acks_by SERVER_ID: acknowledged writes answered by that server.
acks_by()
{
	lab_writer_acked_by "$1"
}

acks_by_at_least()
{
	[ "$(acks_by "$1")" -ge "$2" ]
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

# ---------------------------------------------------------------------
if [ "$(id -u)" -ne 0 ]; then
	echo "demo.sh: run as root (sudo bash demo.sh)" >&2
	exit 1
fi
echo "Vigil failover demo: MariaDB dual master behind VIP $LAB_VIP"
echo

# 1. Install and build ------------------------------------------------
export DEBIAN_FRONTEND=noninteractive
pkgs="gcc make libc6-dev autoconf pkg-config libmnl-dev libnftnl-dev
    libmariadb-dev
    iproute2 procps"
missing=
for p in $pkgs; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null |
	    grep -q 'install ok installed' || missing="$missing $p"
done
for c in mariadbd mariadb mariadb-install-db; do
	command -v "$c" >/dev/null || missing="$missing mariadb-server"
done
if [ -n "$missing" ]; then
	say "installing packages (first run only; a few minutes):" \
	    "$(tr ' ' '\n' <<<"$missing" | sort -u | paste -sd' ')"
	if [ -n "${missing// mariadb-server/}" ]; then
		{ apt-get update -q && apt-get install -y -q \
		    ${missing// mariadb-server/}; } >/tmp/demo-apt.log 2>&1 ||
		    { tail -n 20 /tmp/demo-apt.log; die "apt-get install" \
		    "(log: /tmp/demo-apt.log)"; }
	fi
	lab_install || die "installing MariaDB"
	say "packages installed"
fi
t=$(lab_now_ms)
make BUILD="$BUILD" -j"$(nproc 2>/dev/null || echo 2)" >/tmp/demo-build.log \
    2>&1 || { tail -n 30 /tmp/demo-build.log; die "build (log:" \
    "/tmp/demo-build.log)"; }
rm -f /tmp/demo-build.log
say "built $BUILD/keepalived ($(secs $(( $(lab_now_ms) - t ))))"

# 2. The lab ------------------------------------------------------------
trap cleanup EXIT
trap 'exit 130' INT TERM HUP
lab_reap_stale
t=$(lab_now_ms)
lab_up || die "bringing the lab up"
say "lab up: node1 $LAB_IP_node1, node2 $LAB_IP_node2, client" \
    "$LAB_IP_client; MariaDB on both, replicating both ways" \
    "($(secs $(( $(lab_now_ms) - t ))))"

# 3. Vigil on each node -------------------------------------------------
# Vigil's MYSQL_CHECK when this build's parser knows it, else TCP_CHECK.
DEMO_CHECK=mysql
f=$(demo_conf node1) || die "writing the configurations"
"$LAB_KEEPALIVED" -t -f "$f" >/dev/null 2>&1 || DEMO_CHECK=tcp
demo_conf node1 >/dev/null && demo_conf node2 >/dev/null ||
    die "writing the configurations"
"$LAB_KEEPALIVED" -t -f "$f" >/dev/null 2>&1 ||
    die "Vigil refuses $f: $("$LAB_KEEPALIVED" -t -f "$f" 2>&1 | head -n 3)"
if [ $DEMO_CHECK = mysql ]; then
	chk=MYSQL_CHECK what="MYSQL_CHECK (log in, read_only OFF)"
else
	chk=TCP_CHECK what=TCP_CHECK
fi
say "config: both BACKUP + nopreempt; $what of the node's own MariaDB" \
    "every 1 s; track_real_server (tests/lab/demo_lib.sh)"
demo_watch_start
t=$(lab_now_ms)
lab_ka_start node1 || die "starting Vigil on node1"
lab_wait 15000 holder_is node1 || die "node1 did not take the VIP"
say "Vigil on node1 (BACKUP, priority 100, nopreempt): MASTER, VIP" \
    "$LAB_VIP on node1 ($(secs $(( $(lab_now_ms) - t ))))"
t=$(lab_now_ms)
lab_ka_start node2 || die "starting Vigil on node2"
demo_wait_event 10000 "$t" '^node2 .*Entering BACKUP STATE' ||
    die "node2 did not enter BACKUP"
say "Vigil on node2 (BACKUP, priority 90, nopreempt): BACKUP" \
    "($(secs $(( $(lab_now_ms) - t ))))"

# 4. The writer ---------------------------------------------------------
lab_writer_start "$WRITE_MS" 300
lab_wait 15000 acks_by_at_least 1 20 ||
    die "no writes through the VIP (see $LAB_DIR/writer.log)"
say "client writing through the VIP every $WRITE_MS ms: $(acks_by 1)" \
    "writes acknowledged by node1"

# 5. Kill node1's MariaDB -----------------------------------------------
pid1=$(lab_mysqld_pid node1)
t0=$(lab_now_ms)
lab_server_kill node1
say "t=0  kill -9 mariadbd on node1 (pid $pid1)"
demo_wait_event 15000 "$t0" '^VIP node2$' ||
    die "the VIP did not move to node2 ($(lab_vip_holder))"
t_vip=$demo_event_at
say "     VIP on node2 at +$((t_vip - t0)) ms"
lab_wait 15000 ack_after "$t0" || die "no write acknowledged after the kill"
read -r t_w1 id_w1 sid_w1 <<<"$(first_ack_after "$t0")"
say "     first write after the kill acknowledged at +$((t_w1 - t0)) ms" \
    "(id $id_w1, by server $sid_w1)"
lost=$(lab_missing_acked node2 | wc -l)
n2=$(acks_by 2)
lab_wait 15000 acks_by_at_least 2 $((n2 + 20)) ||
    die "writes through node2 stopped"
say "     writes go on through node2 ($(acks_by 2) so far)"

# 6. Restart it ---------------------------------------------------------
lab_server_restart node1 || die "restarting node1's mariadbd"
t_up=$(lab_now_ms)
seq2=$(demo_seq node2 2)
say "     mariadbd on node1 restarted and answering at +$((t_up - t0)) ms"
demo_wait_event 15000 "$t0" '^node1 .*Entering BACKUP STATE' ||
    die "node1 did not come back as BACKUP"
t_bk=$demo_event_at
say "     node1 left FAULT: BACKUP at +$((t_bk - t0)) ms"
lab_wait 30000 demo_caught_up "$seq2" || {
	lab_repl_report
	die "replication did not catch up"
}
t_cu=$(lab_now_ms)
say "     replication caught up at +$((t_cu - t0)) ms"
# nopreempt: node1 (priority 100) must leave the VIP on node2.  Watch
# for three advertisement intervals past node1's return.
if lab_wait $((3000 - ($(lab_now_ms) - t_bk))) holder_is_not node2; then
	die "the VIP left node2 ($(lab_vip_holder)) though nopreempt is set"
fi
say "     VIP still on node2 $(( $(lab_now_ms) - t_bk )) ms after node1's" \
    "return (nopreempt)"

# 7. Stop the writer and verify -----------------------------------------
lab_writer_stop
lab_wait_synced 30000 || die "nodes not in sync after the writer stopped"
ok=1
lab_verify || ok=0
acks=$(lab_writer_acks)
errs=$(lab_writer_errs)
gap=$(lab_writer_gap_ms)
c1=$(lab_checksum node1)
c2=$(lab_checksum node2)
r1=$(lab_rows node1)
r2=$(lab_rows node2)
if [ $ok -eq 1 ]; then
	say "verified: all $acks acknowledged writes on both nodes;" \
	    "$r1 rows and CHECKSUM $c1 on both"
else
	say "VERIFY FAILED: node1 $r1 rows checksum $c1, node2 $r2 rows" \
	    "checksum $c2"
fi
demo_watch_stop

# 8. The timeline -------------------------------------------------------
echo
echo "Timeline (t=0: kill -9 of node1's mariadbd; times from the watcher," \
    "polling every ~30 ms)"
row()
{
	printf '  %-10s %s\n' "$1" "$2"
}
ev()
{
	local t
	t=$(demo_event_ms "$t0" "$1")
	[ -n "$t" ] && echo "+$((t - t0)) ms" || echo "-"
}
row "t=0" "node1's mariadbd killed (SIGKILL)"
row "$(ev '^node1 .*_CHECK on service [^ ]+ failed')" \
    "node1's $chk declares its MariaDB down"
row "$(ev '^node1 .*Entering FAULT STATE')" "node1 enters FAULT"
row "$(ev '^node2 .*Entering MASTER STATE')" "node2 enters MASTER"
row "+$((t_vip - t0)) ms" "VIP on node2"
row "+$((t_w1 - t0)) ms" "first write acknowledged after the kill (server $sid_w1)"
row "$gap ms" "longest time without an acknowledged write"
row "+$((t_up - t0)) ms" "node1's mariadbd restarted and answering"
row "+$((t_bk - t0)) ms" "node1 back to BACKUP (left FAULT by itself)"
row "+$((t_cu - t0)) ms" "replication caught up both ways"
echo
echo "Writes: $acks acknowledged ($(acks_by 1) by node1, $(acks_by 2) by" \
    "node2), $errs attempts failed during the failover, none lost."
if [ "$lost" -gt 0 ]; then
	echo "  $lost writes acknowledged by node1 had not reached node2 when" \
	    "node1 died (asynchronous replication); node2 got them at catch-up."
fi
[ $ok -eq 1 ] || echo "  BUT: acknowledged writes are missing (see above)."
echo
echo "Vigil's log lines from the kill on:"
awk -v t0="$t0" '$2 != "VIP" && $1 >= t0 {
	d = $1 - t0; $1 = ""
	printf "  %+7d ms %s\n", d, substr($0, 2)
}' "$DEMO_EVENTS" |
    grep -E 'Entering (FAULT|MASTER|BACKUP) STATE|_CHECK on service [^ ]+ (failed|success)|TCP connection to|track|Removing service|Adding service'
echo
[ $ok -eq 1 ] || exit 1
exit 0
