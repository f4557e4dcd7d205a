#!/bin/bash
# tests/lab/selftest.sh: check the MySQL dual-master lab (tests/lab/lab.sh)
# without any VRRP daemon.
#
#   sudo bash tests/lab/selftest.sh
#
# Brings the lab up, puts the VIP on node1 by hand, runs the writer
# through the VIP, moves the VIP to node2 by hand, kills node1's mariadbd
# (-9) while writes go on, restarts it, waits for catch-up and checks that
# both nodes hold the same table and every acknowledged write.  One line
# per check ("ok    TEXT" / "FAIL  TEXT"), then
# "lab-selftest: N passed, M failed".  Exit status 1 when a check failed.

set -u
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lab.sh"

passed=0
failed=0
t_start=$(lab_now_ms)

# check TEXT COMMAND...: run COMMAND, count and print the result.
check()
{
	local text=$1
	shift
	if "$@"; then
		echo "ok    $text"
		passed=$((passed + 1))
		return 0
	fi
	echo "FAIL  $text"
	failed=$((failed + 1))
	return 1
}

# finish: the closing line, then exit (cleanup runs from the EXIT trap).
finish()
{
	echo "      [$(( $(lab_now_ms) - t_start )) ms] done"
	echo "lab-selftest: $passed passed, $failed failed"
	[ $failed -eq 0 ]
	exit
}

# not COMMAND...: COMMAND fails.
not()
{
	! "$@"
}

# same A B: A is not empty and equals B.
same()
{
	[ -n "$1" ] && [ "$1" = "$2" ]
}

# no_host_listener: neither lab server listens in the host's namespace
# (and ss works there).
no_host_listener()
{
	local l
	l=$(ss -Hltnp 2>/dev/null) || return 1
	! grep -q -e "pid=${LAB_PID[node1]}," -e "pid=${LAB_PID[node2]}," \
	    <<<"$l"
}

# autoinc_ok: increment 2 on both, offset 1 on node1 and 2 on node2.
autoinc_ok()
{
	local q='SELECT @@auto_increment_increment, @@auto_increment_offset'
	[ "$(lab_sql node1 "$q")" = "2	1" ] &&
	    [ "$(lab_sql node2 "$q")" = "2	2" ]
}

# check_user_ok: the health-check user may read the slave status over TCP.
check_user_ok()
{
	lab_sql_as node1 "$LAB_CHECK_USER" "$LAB_CHECK_PASS" \
	    'SHOW SLAVE STATUS' | grep -q "$LAB_IP_node2"
}

# all_acked_on NODE: every id the writer has had acknowledged so far is on
# NODE.
all_acked_on()
{
	[ -z "$(lab_missing_acked "$1")" ]
}

# ns_exists NAME: network namespace NAME exists.
ns_exists()
{
	ip netns list | grep -q "^$1\( \|$\)"
}

# any_alive PID...: one of the PIDs is alive.
any_alive()
{
	local p
	for p; do
		lab_alive "$p" && return 0
	done
	return 1
}

stamp()
{
	echo "      [$(( $(lab_now_ms) - t_start )) ms] $*"
}

if [ "$(id -u)" -ne 0 ]; then
	echo "lab-selftest: needs root (namespaces, apt-get)" >&2
	echo "lab-selftest: 0 passed, 1 failed"
	exit 1
fi

trap lab_cleanup EXIT
trap 'exit 130' INT TERM HUP
lab_reap_stale

check "mariadb-server and client installed" lab_install || finish
stamp "installed"
check "lab up: namespaces, two servers, dual-master replication" lab_up ||
    finish
stamp "lab up"

check "client reaches node1:3306" lab_reach client "$LAB_IP_node1"
check "client reaches node2:3306" lab_reach client "$LAB_IP_node2"
check "the servers listen only inside the lab" no_host_listener
check "auto-increment offsets 1 and 2, increment 2" autoinc_ok
check "health-check user sees SHOW SLAVE STATUS over TCP" check_user_ok

lab_vip_add node1
check "VIP on node1 only" [ "$(lab_vip_holder)" = node1 ]
check "VIP answers as server 1" \
    [ "$(lab_vip_sql 'SELECT @@server_id' 2>/dev/null)" = 1 ]

# Writes through the VIP to node1.
lab_writer_start 50 60
check "writer acknowledged 20 writes on node1" \
    lab_wait 10000 eval '[ "$(lab_writer_acks)" -ge 20 ]'
stamp "20 acks after $lab_waited_ms ms"
check "node1 -> node2 replication carries them" lab_wait_synced 10000

# Move the VIP by hand, then kill node1 (-9) while writes go on.
acks_before=$(lab_writer_acks)
lab_vip_move node1 node2
check "VIP on node2 only" [ "$(lab_vip_holder)" = node2 ]
check "writer acknowledged 10 writes on node2" \
    lab_wait 10000 eval '[ "$(lab_writer_acked_by 2)" -ge 10 ]'
stamp "10 acks on node2 after $lab_waited_ms ms"
check "node1 mariadbd killed (-9)" lab_server_kill node1
check "node1 slave threads down as expected" not lab_repl_running node1
check "writer goes on through node2 after the kill" \
    lab_wait 10000 eval '[ "$(lab_writer_acked_by 2)" -ge 30 ]'

check "node1 restarts on its datadir" lab_server_restart node1
stamp "node1 restarted"
check "writes made while node1 was down reach it" \
    lab_wait 10000 all_acked_on node1
check "node1 catches up (threads Yes, lag 0, equal GTID positions)" \
    lab_wait_synced 30000
stamp "synced after $lab_waited_ms ms"

# The harder case: kill the VIP holder (node2) while it takes writes, move
# the VIP back to node1 at once.  Writes node2 acknowledged but had not yet
# shipped are missing on node1 until node2 returns; then all converge.
n2_before=$(lab_writer_acked_by 2)
check "writer acknowledged 10 more writes on node2" \
    lab_wait 10000 eval '[ "$(lab_writer_acked_by 2)" -ge $((n2_before + 10)) ]'
check "node2 mariadbd killed (-9) while holding the VIP" lab_server_kill node2
lab_vip_move node2 node1
n1_before=$(lab_writer_acked_by 1)
check "writer acknowledged 10 writes on node1 after the second move" \
    lab_wait 10000 eval '[ "$(lab_writer_acked_by 1)" -ge $((n1_before + 10)) ]'
stamp "10 acks on node1 after $lab_waited_ms ms"
check "node2 restarts on its datadir" lab_server_restart node2
lab_writer_stop
check "both nodes catch up after node2's crash recovery" lab_wait_synced 30000
stamp "synced after $lab_waited_ms ms"

acks=$(lab_writer_acks)
errs=$(lab_writer_errs)
stamp "writer: $acks acked ($(lab_writer_acked_by 1) by node1," \
    "$(lab_writer_acked_by 2) by node2), $errs failed," \
    "longest gap $(lab_writer_gap_ms) ms"
check "more acks after the move than before it" [ "$acks" -gt "$acks_before" ]
c1=$(lab_checksum node1)
c2=$(lab_checksum node2)
check "CHECKSUM TABLE equal on both nodes ($c1)" same "$c1" "$c2"
check "rows equal on both nodes ($(lab_rows node1))" \
    [ "$(lab_rows node1)" = "$(lab_rows node2)" ]
check "every acknowledged id on node1" \
    [ -z "$(lab_missing_acked node1)" ]
check "every acknowledged id on node2" \
    [ -z "$(lab_missing_acked node2)" ]
check "ids of node1 odd, of node2 even (no collisions)" \
    [ "$(awk '$1 == "ack" && ($5 % 2) != ($6 % 2) { n++ } END { print n + 0 }' \
    "$LAB_WRITER_LOG")" = 0 ]
check "lab_verify agrees" lab_verify

# Cleanup leaves nothing behind.
ns1=$(lab_ns node1)
dir=$LAB_DIR
pids="${LAB_PID[node1]} ${LAB_PID[node2]}"
lab_cleanup
check "cleanup removed the namespaces" not ns_exists "$ns1"
check "cleanup removed the lab directory" [ ! -e "$dir" ]
check "cleanup ended the servers" not any_alive $pids
lab_cleanup
check "cleanup is idempotent" true
finish
