#!/bin/bash
# tests/unit/mysql_lab.sh: drive the MariaDB dual-master lab
# (tests/lab/lab.sh) for tests/unit/test_mysql.c, one sub-command per
# call, so the C test can bring the lab up once and act on it:
#
#	mysql_lab.sh up ID OWNER_PID	lab_install + lab_up; OWNER_PID is
#					recorded as the lab's owner, so
#					lab_reap_stale ends it if the test dies
#	mysql_lab.sh down ID		lab_cleanup (idempotent)
#	mysql_lab.sh sql ID NODE SQL	SQL as root on NODE (rows on stdout)
#	mysql_lab.sh field ID NODE FIELD	one field of NODE's SHOW SLAVE STATUS
#	mysql_lab.sh freeze|thaw ID NODE	SIGSTOP / SIGCONT NODE's mariadbd
#	mysql_lab.sh stop|start ID NODE	stop (SIGTERM) / start NODE's mariadbd
#	mysql_lab.sh ns ID NODE		print NODE's namespace name
#
# Exit status 0 on success; "lab: ..." diagnostics on stderr.  The servers
# outlive this script (the test calls "down"); everything is ended by the
# pids lab.sh recorded, never by name.

set -u
here=$(cd "$(dirname "$0")" && pwd)
. "$here/../lab/lab.sh"

# attach ID: what sql, field, freeze ... need of lab_attach (its
# directory and server pids), without listing namespaces.
attach()
{
	local d n
	LAB_ID=$1
	for d in /tmp/"$LAB_PREFIX-$1".*; do
		[ -d "$d" ] && LAB_DIR=$d
	done
	[ -n "$LAB_DIR" ] || { lab_msg "no lab $1"; return 1; }
	for n in node1 node2; do
		[ -f "$LAB_DIR/$n/started.pid" ] &&
		    LAB_PID[$n]=$(cat "$LAB_DIR/$n/started.pid")
	done
	return 0
}

cmd=${1:-}
id=${2:-}
[ -n "$cmd" ] && [ -n "$id" ] || {
	echo "usage: $0 up|down|sql|freeze|thaw|stop|start|ns ID ..." >&2
	exit 2
}

case $cmd in
up)
	LAB_ID=$id
	lab_install || exit 77
	lab_up || { lab_cleanup; exit 1; }
	echo "${3:-$PPID}" >"$LAB_DIR/owner"
	lab_wait_synced 30000 || { lab_cleanup; exit 1; }
	;;
down)
	lab_attach "$id" 2>/dev/null || exit 0
	lab_cleanup
	;;
sql)
	attach "$id" && lab_sql "$3" "$4"
	;;
field)
	attach "$id" && lab_slave_field "$3" "$4"
	;;
freeze)
	attach "$id" && lab_server_freeze "$3"
	;;
thaw)
	attach "$id" && lab_server_thaw "$3"
	;;
stop)
	attach "$id" && lab_server_stop "$3"
	;;
start)
	attach "$id" && lab_server_start "$3"
	;;
ns)
	LAB_ID=$id
	lab_ns "$3"
	;;
*)
	echo "mysql_lab.sh: unknown command $cmd" >&2
	exit 2
	;;
esac
