#!/bin/bash
# tests/lab/promote.sh: promotion safety end to end, in the MariaDB
# dual-master lab (tests/lab/lab.sh), with Vigil on both nodes.
#
#   sudo bash tests/lab/promote.sh [VIGIL_BINARY]
#
# node1 (MASTER, 100) and node2 (BACKUP, 90) each track their own
# MariaDB through a MYSQL_CHECK (track_real_server, unweighted: killing a
# node's mariadbd puts its instance in FAULT).  node2 also has
# promote_require_caught_up and a promote_script that fails when a flag
# file exists, else records whether the VIP was already there and sets
# read_only=0.  Both servers start read_only=ON.
#  (1) node2's SQL thread stopped and rows written on node1: killing
#      node1's mariadbd leaves the VIP nowhere near node2, whose log says
#      why;
#  (2) replication healthy: the VIP moves to node2, its promote_script ran
#      before the VIP was added, read_only is 0 there;
#  (3) the promote_script fails: no VIP on node2, its log says why.
# Last line: "lab-promote: N passed, M failed".

set -u
cd "$(dirname "$0")/../.." || exit 1
root=$(pwd)
LAB_KEEPALIVED=${1:-${VIGIL:-$root/build/keepalived}}
LAB_READ_ONLY=1
# shellcheck source=tests/lab/lab.sh
. "$root/tests/lab/lab.sh"

passed=0
failed=0
t_start=$(lab_now_ms)

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

finish()
{
	echo "      [$(( $(lab_now_ms) - t_start )) ms] done"
	echo "lab-promote: $passed passed, $failed failed"
	[ $failed -eq 0 ]
	exit
}

[ "$(id -u)" = 0 ] || { echo "lab-promote: needs root"; exit 1; }
[ -x "$LAB_KEEPALIVED" ] || { echo "lab-promote: no $LAB_KEEPALIVED"; exit 1; }
lab_install || exit 1
trap 'lab_cleanup' EXIT
trap 'exit 130' INT TERM

check "lab up: two servers, dual-master replication" lab_up || finish

log1() { cat "$LAB_DIR/node1/ka-node1.log" 2>/dev/null; }
log2() { cat "$LAB_DIR/node2/ka-node2.log" 2>/dev/null; }
log2_has() { log2 | grep -qF -- "$1"; }
log1_has() { log1 | grep -qF -- "$1"; }
# log2_count TEXT: lines of node2's log containing TEXT.
log2_count() { log2 | grep -cF -- "$1"; }
not() { ! "$@"; }

# The health check of a node's own server (MYSQL_CHECK, every second,
# no retry), in a virtual_server on the VIP, and the tracking line.
ka_tail()
{
	cat <<EOF
virtual_server $LAB_VIP $LAB_PORT {
	delay_loop 1
	lb_algo rr
	lb_kind DR
	protocol TCP
	real_server $(lab_ip "$1") $LAB_PORT {
		MYSQL_CHECK {
			connect_timeout 1
			user $LAB_CHECK_USER
			password $LAB_CHECK_PASS
			retry 0
		}
	}
}
EOF
}

d2=$(lab_dir node2)
script=$d2/promote.sh
cat >"$script" <<EOF
#!/bin/sh
# promote_script of node2 (runs in node2's namespace, as root).
[ -e $d2/fail ] && exit 1
if ip -4 -o addr show dev $LAB_IF | grep -q " $LAB_VIP/"; then
	echo present >$d2/vip-at-start
else
	echo absent >$d2/vip-at-start
fi
mariadb --no-defaults --socket=$d2/mysqld.sock -uroot \\
    -e 'SET GLOBAL read_only = 0' || exit 2
sleep 0.5
if ip -4 -o addr show dev $LAB_IF | grep -q " $LAB_VIP/"; then
	echo present >$d2/vip-at-end
else
	echo absent >$d2/vip-at-end
fi
exit 0
EOF
chmod 755 "$script"

lab_ka_conf node1 "" "	track_real_server $(lab_ip node1) $LAB_PORT" \
    "$(ka_tail node1)" >/dev/null
lab_ka_conf node2 "	script_user root" \
    "	track_real_server $(lab_ip node2) $LAB_PORT
	promote_require_caught_up
	promote_script $script
	promote_script_timeout 5" "$(ka_tail node2)" >/dev/null
lab_ka_start node1
lab_ka_start node2
check "Vigil up: VIP on node1, node2 BACKUP" lab_wait 20000 lab_vip_on node1 &&
    check "node2 BACKUP" lab_wait 10000 log2_has "(VI_1) Entering BACKUP STATE"

# node1 comes back: its server restarted, node1 MASTER again.
restore_node1()
{
	lab_server_restart node1 && lab_wait 20000 lab_vip_on node1
}
vip_on_node2() { lab_vip_on node2; }

# --- (1) a stale backup is not promoted -------------------------------------
echo "(1) replication stopped on node2"
# node2 may have been MASTER for a moment while both daemons started
# (and run its promote_script then): judge only what happens from here.
lab_sql node2 'SET GLOBAL read_only = 1' >/dev/null
m0=$(log2_count "(VI_1) Entering MASTER STATE")
lab_sql node2 'STOP SLAVE SQL_THREAD' >/dev/null
for i in 1 2 3 4 5; do
	lab_sql node1 "INSERT INTO $LAB_DB.$LAB_TABLE (name, ts) VALUES
	    ('stale $i', NOW(6))" >/dev/null
done
behind() {
	[ "$(lab_slave_field node2 Read_Master_Log_Pos)" != \
	    "$(lab_slave_field node2 Exec_Master_Log_Pos)" ]
}
check "node2 received but did not apply" lab_wait 10000 behind
check "node2's Vigil knows it is behind" lab_wait 10000 log2_has \
    "Real server [$(lab_ip node2)]:$LAB_PORT replication: behind"
# A client call can fail while the machine is busy: ask again, briefly;
# a read_only of 0 stays 0 and still fails.
node2_read_only() {
	[ "$(lab_sql node2 'SELECT @@read_only' 2>/dev/null)" = 1 ]
}
lab_server_kill node1
check "node1 FAULT after its server died" lab_wait 10000 log1_has \
    "(VI_1) Entering FAULT STATE"
check "node2 refuses and says why" lab_wait 10000 log2_has \
    "(VI_1) promotion refused: [$(lab_ip node2)]:$LAB_PORT replica has not applied its relay log (SQL thread stopped)"
check "VIP not on the stale node2 (6 s)" not lab_wait 6000 vip_on_node2
check "node2 never entered MASTER" \
    [ "$(log2_count "(VI_1) Entering MASTER STATE")" -eq "$m0" ]
check "node2 still read_only" lab_wait 3000 node2_read_only
lab_sql node2 'START SLAVE SQL_THREAD' >/dev/null
check "node1 back as MASTER" restore_node1

# --- (2) a caught-up backup is promoted after its promote_script ------------
echo "(2) replication healthy"
check "nodes in sync" lab_wait_synced 20000
check "node2's Vigil knows it caught up" lab_wait 10000 log2_has \
    "Real server [$(lab_ip node2)]:$LAB_PORT replication: caught up"
lab_server_kill node1
check "VIP moves to node2" lab_wait 15000 vip_on_node2
check "promote_script succeeded" log2_has "(VI_1) promote_script succeeded"
check "the VIP was not there while the script ran" \
    [ "$(cat "$d2/vip-at-start" 2>/dev/null)/$(cat "$d2/vip-at-end" 2>/dev/null)" = absent/absent ]
order_ok() {
	local s m
	s=$(log2 | grep -nF "(VI_1) promote_script succeeded" | head -n1 | cut -d: -f1)
	m=$(log2 | grep -nF "(VI_1) Entering MASTER STATE" | head -n1 | cut -d: -f1)
	[ -n "$s" ] && [ -n "$m" ] && [ "$s" -lt "$m" ]
}
check "logged: script succeeded, then MASTER" order_ok
check "read_only is 0 on node2" [ "$(lab_sql node2 'SELECT @@read_only')" = 0 ]

# --- (3) a failing promote_script vetoes ------------------------------------
echo "(3) promote_script fails"
check "node1 back as MASTER (node2 demoted by priority)" restore_node1
check "node2 BACKUP again" lab_wait 10000 not vip_on_node2
lab_sql node2 'SET GLOBAL read_only = 1' >/dev/null
rm -f "$d2/vip-at-start" "$d2/vip-at-end"
touch "$d2/fail"
check "nodes in sync" lab_wait_synced 20000
n0=$(log2_count "(VI_1) promote_script failed (exited with status 1) - staying BACKUP")
script_failed() {
	[ "$(log2_count "(VI_1) promote_script failed (exited with status 1) - staying BACKUP")" -gt "$n0" ]
}
lab_server_kill node1
check "node2's promote_script fails and it says so" lab_wait 15000 script_failed
check "VIP not on node2 (4 s)" not lab_wait 4000 vip_on_node2
check "node2 still read_only" lab_wait 3000 node2_read_only

if [ "$failed" -gt 0 ]; then
	echo "--- node1 log (tail)"; log1 | tail -n 30
	echo "--- node2 log (tail)"; log2 | tail -n 40
fi
finish
