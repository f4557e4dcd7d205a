# tests/lab/lab.sh: the MySQL dual-master lab (the seed scenario, two nodes).
#
# Sourced, not run (bash 5, root).  It builds, in network namespaces of its
# own, the setup of the seeds: two MariaDB servers replicating from each
# other (dual master, one writer at a time), a client that reaches them
# through a VIP, and a switch joining them:
#
#	vigil-lab-<id>-node1   eth0 192.168.222.128/24   mariadbd server-id 1
#	vigil-lab-<id>-node2   eth0 192.168.222.129/24   mariadbd server-id 2
#	vigil-lab-<id>-client  eth0 192.168.222.10/24    the writer
#	vigil-lab-<id>-sw      br0 with ports n1, n2, cl (veth peers of eth0)
#	VIP 192.168.222.130 (put on a node's eth0 by hand or by a VRRP daemon)
#
# The addresses exist inside these namespaces only.  Nothing listens on
# the host: each mariadbd is a child of the test, with its own datadir,
# socket, pid file and logs under $LAB_DIR, listening inside its node's
# namespace only (0.0.0.0 there: the node's address and the VIP).
#
# Typical use:
#
#	. tests/lab/lab.sh
#	lab_install || exit 1
#	trap lab_cleanup EXIT; trap 'exit 130' INT TERM
#	lab_up || exit 1		# topology + servers + replication
#	lab_vip_add node1
#	lab_writer_start 50 30		# a row every 50 ms, at most 30 s
#	... fail over ...
#	lab_writer_stop
#	lab_wait_synced 30000 && lab_verify
#
# Functions return 0 on success and 1 (with a message on stderr, prefixed
# "lab: ") on failure; waits poll a condition with a deadline, never a
# bare sleep.  Everything is recorded so lab_cleanup (idempotent, fit for
# an EXIT trap) ends exactly what was started, by pid.
#
# Run as a program, lab.sh has sub-commands:
#	bash lab.sh up [ID]	bring a lab up and leave it running (by hand)
#	bash lab.sh status ID	its VIP holder, pids and replication
#	bash lab.sh down ID	tear it down (lab_attach + lab_cleanup)
#	bash lab.sh reap	lab_reap_stale
#	bash lab.sh writer LOG INTERVAL_MS DURATION_S STOPFILE (internal)

# Settings (override before lab_up) --------------------------------------
# shellcheck disable=SC2034	# read through lab_ip's ${!v} and by callers

LAB_ID=${LAB_ID:-$$}
LAB_PREFIX=${LAB_PREFIX:-vigil-lab}
LAB_NET=192.168.222
LAB_IP_node1=$LAB_NET.128
LAB_IP_node2=$LAB_NET.129
LAB_IP_client=$LAB_NET.10
LAB_VIP=${LAB_VIP:-$LAB_NET.130}
LAB_PLEN=24
LAB_IF=eth0			# the interface name inside node/client
LAB_PORT=3306
# mariadbd listens on all addresses of its node's namespace (the node's
# own address and the VIP when it holds it; nothing outside the lab).
LAB_BIND=${LAB_BIND:-0.0.0.0}
LAB_DB=test_db
LAB_TABLE=t_test
LAB_REPL_USER=vigil_repl
LAB_REPL_PASS=vigil_repl_pw
LAB_APP_USER=vigil_app		# the application (the writer), all on test_db
LAB_APP_PASS=vigil_app_pw
LAB_CHECK_USER=vigil_check	# health checks: USAGE, REPLICATION CLIENT,
LAB_CHECK_PASS=vigil_check_pw	# SLAVE MONITOR (SHOW SLAVE STATUS)
LAB_READ_ONLY=${LAB_READ_ONLY:-0}	# 1: start both servers read_only=ON
LAB_WRITER_TIMEOUT=${LAB_WRITER_TIMEOUT:-3}	# s, one write attempt in all
LAB_LIB=${BASH_SOURCE[0]}

# State (set by lab_up and friends, read by lab_cleanup)
LAB_DIR=${LAB_DIR:-}
LAB_NS_MADE=${LAB_NS_MADE:-}
LAB_WRITER_PID=${LAB_WRITER_PID:-}
declare -gA LAB_PID 2>/dev/null || true	# NODE -> mariadbd pid
declare -gA LAB_SPAWNED 2>/dev/null || true	# TAG -> pid (lab_spawn)

# Helpers ---------------------------------------------------------------

# lab_msg TEXT...: a diagnostic on stderr.
lab_msg()
{
	echo "lab: $*" >&2
}

# lab_now_ms: CLOCK_REALTIME in milliseconds.
lab_now_ms()
{
	local t=$EPOCHREALTIME
	local us=${t#*.}
	echo $(( ${t%.*} * 1000 + 10#${us:0:3} ))
}

# lab_wait TIMEOUT_MS COMMAND...: poll COMMAND every 50 ms until it
# succeeds (0) or TIMEOUT_MS passed (1).  Bounded in time and in count.
# $lab_waited_ms is how long it took.
lab_wait()
{
	local timeout=$1 start deadline n=0 max
	shift
	start=$(lab_now_ms)
	deadline=$((start + timeout))
	max=$((timeout / 40 + 10))
	while [ $n -lt $max ]; do
		if "$@"; then
			lab_waited_ms=$(( $(lab_now_ms) - start ))
			return 0
		fi
		[ "$(lab_now_ms)" -ge "$deadline" ] && break
		sleep 0.05
		n=$((n + 1))
	done
	lab_waited_ms=$(( $(lab_now_ms) - start ))
	return 1
}

# lab_alive PID: PID exists and is not a zombie.
lab_alive()
{
	local s
	[ -n "$1" ] || return 1
	s=$(cat "/proc/$1/stat" 2>/dev/null) || return 1
	s=${s##*) }
	[ "${s%% *}" != Z ]
}

# lab_ns NAME: the namespace of NAME (node1, node2, client, sw).
lab_ns()
{
	echo "$LAB_PREFIX-$LAB_ID-$1"
}

# lab_ip NAME: the address of NAME (node1, node2, client) on the lab net.
lab_ip()
{
	local v=LAB_IP_$1
	echo "${!v}"
}

# lab_in NAME COMMAND...: run COMMAND inside NAME's namespace.
lab_in()
{
	local n=$1
	shift
	ip netns exec "$(lab_ns "$n")" "$@"
}

# Install ---------------------------------------------------------------

# lab_install: make sure mariadbd, mariadb-install-db and the mariadb
# client are there; install mariadb-server and mariadb-client (apt-get,
# non-interactive, --no-install-recommends) when not.  During the install
# a policy-rc.d answering 101 keeps the package from starting a system
# mariadb (an existing policy-rc.d is saved and put back afterwards); if
# one runs anyway (pid file /run/mysqld/mysqld.pid), it is stopped by its
# pid and its init script disabled.
lab_install()
{
	local prc=/usr/sbin/policy-rc.d saved='' rc pid n

	if command -v mariadbd >/dev/null && command -v mariadb >/dev/null &&
	    command -v mariadb-install-db >/dev/null; then
		return 0
	fi
	if [ "$(id -u)" -ne 0 ]; then
		lab_msg "mariadb-server/mariadb-client missing; run as root"
		return 1
	fi
	if [ -e "$prc" ]; then
		saved=$(mktemp /tmp/lab-policy-rc.XXXXXX) || return 1
		cp -p "$prc" "$saved" || return 1
	fi
	printf '#!/bin/sh\n# lab.sh: no service starts during the install\nexit 101\n' \
	    >"$prc" && chmod 755 "$prc"
	export DEBIAN_FRONTEND=noninteractive
	apt-get install -y -q --no-install-recommends \
	    mariadb-server mariadb-client >/tmp/lab-apt.log 2>&1 || {
		apt-get update -q >>/tmp/lab-apt.log 2>&1
		apt-get install -y -q --no-install-recommends \
		    mariadb-server mariadb-client >>/tmp/lab-apt.log 2>&1
	}
	rc=$?
	if [ -n "$saved" ]; then
		cp -p "$saved" "$prc" && rm -f "$saved"
	else
		rm -f "$prc"
	fi
	# A system server the install may have started anyway.
	pid=$(cat /run/mysqld/mysqld.pid 2>/dev/null)
	if [ -n "$pid" ] && lab_alive "$pid"; then
		lab_msg "stopping the system mariadb the install started ($pid)"
		kill -TERM "$pid"
		n=0
		while lab_alive "$pid" && [ $n -lt 300 ]; do
			sleep 0.1
			n=$((n + 1))
		done
	fi
	command -v update-rc.d >/dev/null &&
	    update-rc.d mariadb disable >/dev/null 2>&1
	if [ $rc -ne 0 ] || ! command -v mariadbd >/dev/null; then
		lab_msg "install failed; see /tmp/lab-apt.log"
		tail -n 20 /tmp/lab-apt.log >&2
		return 1
	fi
	return 0
}

# Topology ---------------------------------------------------------------

# lab_net_up: create the four namespaces, the bridge br0 in -sw and one
# veth pair per host (eth0 inside the host, n1/n2/cl on the bridge), with
# the addresses above; loopback up everywhere.  No VIP yet.
lab_net_up()
{
	local sw h port ns

	sw=$(lab_ns sw)
	for h in sw node1 node2 client; do
		ns=$(lab_ns "$h")
		ip netns add "$ns" || { lab_msg "ip netns add $ns"; return 1; }
		LAB_NS_MADE="$LAB_NS_MADE $ns"
		ip -n "$ns" link set lo up || return 1
	done
	ip -n "$sw" link add br0 type bridge stp_state 0 mcast_snooping 0 \
	    || return 1
	ip -n "$sw" link set br0 up || return 1
	for h in node1 node2 client; do
		case $h in
		node1) port=n1 ;;
		node2) port=n2 ;;
		client) port=cl ;;
		esac
		ns=$(lab_ns "$h")
		ip -n "$ns" link add "$LAB_IF" type veth peer name "$port" \
		    netns "$sw" || return 1
		ip -n "$sw" link set "$port" master br0 up || return 1
		ip -n "$ns" addr add "$(lab_ip "$h")/$LAB_PLEN" dev "$LAB_IF" \
		    || return 1
		ip -n "$ns" link set "$LAB_IF" up || return 1
	done
	return 0
}

# lab_reach FROM ADDR [PORT]: a TCP connection from FROM's namespace to
# ADDR:PORT (default 3306) completes within 2 s (bash's /dev/tcp; the
# image has no ping).
lab_reach()
{
	lab_in "$1" timeout 2 bash -c 'exec 3<>"/dev/tcp/$0/$1"' "$2" \
	    "${3:-$LAB_PORT}" 2>/dev/null
}

# VIP by hand -------------------------------------------------------------

# lab_vip_add NODE: put the VIP on NODE's eth0 (what a VRRP master does).
lab_vip_add()
{
	ip -n "$(lab_ns "$1")" addr add "$LAB_VIP/$LAB_PLEN" dev "$LAB_IF"
}

# lab_vip_del NODE: take the VIP off NODE's eth0.
lab_vip_del()
{
	ip -n "$(lab_ns "$1")" addr del "$LAB_VIP/$LAB_PLEN" dev "$LAB_IF"
}

# lab_vip_on NODE: NODE holds the VIP.
lab_vip_on()
{
	ip -n "$(lab_ns "$1")" -4 -o addr show dev "$LAB_IF" 2>/dev/null |
	    grep -q " $LAB_VIP/"
}

# lab_vip_holder: prints node1, node2, "node1 node2" (split brain) or
# nothing.
lab_vip_holder()
{
	local h out=
	for h in node1 node2; do
		lab_vip_on "$h" && out="$out $h"
	done
	echo "${out# }"
}

# lab_client_forget_vip: drop the client's ARP entry for the VIP, the
# by-hand stand-in for the gratuitous ARP a VRRP master sends.
lab_client_forget_vip()
{
	ip -n "$(lab_ns client)" neigh flush to "$LAB_VIP" 2>/dev/null
	return 0
}

# lab_vip_move FROM TO: move the VIP by hand and make the client forget
# its old MAC.
lab_vip_move()
{
	lab_vip_del "$1" || return 1
	lab_vip_add "$2" || return 1
	lab_client_forget_vip
}

# MariaDB servers ---------------------------------------------------------

# lab_cnf NODE: write $LAB_DIR/NODE/my.cnf (server-id 1/2, gtid domain
# 1/2, auto-increment-increment 2 with offset 1/2, binlog, crash-safe
# flushing, listening on $LAB_BIND in the node's namespace, small memory).
lab_cnf()
{
	local n=$1 id=${1#node} d=$LAB_DIR/$1

	cat >"$d/my.cnf" <<EOF
[mariadbd]
user = root
datadir = $d/data
socket = $d/mysqld.sock
pid-file = $d/mysqld.pid
log-error = $d/error.log
bind-address = $LAB_BIND
port = $LAB_PORT
skip-name-resolve
server-id = $id
gtid-domain-id = $id
log-bin = mysql-bin
relay-log = relay-bin
binlog-format = ROW
sync-binlog = 1
innodb-flush-log-at-trx-commit = 1
log-slave-updates = 0
slave-net-timeout = 10
auto-increment-increment = 2
auto-increment-offset = $id
read-only = $LAB_READ_ONLY
innodb-buffer-pool-size = 32M
innodb-log-file-size = 16M
performance-schema = OFF
max-connections = 200
EOF
}

# lab_sql NODE SQL: run SQL as root on NODE over its unix socket; rows
# tab-separated without headers on stdout.
lab_sql()
{
	mariadb --no-defaults --socket="$LAB_DIR/$1/mysqld.sock" -uroot \
	    --connect-timeout=2 -N -B -e "$2"
}

# lab_sql_vert NODE SQL: like lab_sql, with "Column: value" lines (\G).
lab_sql_vert()
{
	mariadb --no-defaults --socket="$LAB_DIR/$1/mysqld.sock" -uroot \
	    --connect-timeout=2 -E -e "$2"
}

# lab_sql_as NODE USER PASS SQL: run SQL over TCP to NODE's address as
# USER, from inside NODE's namespace (what a local health check does).
lab_sql_as()
{
	lab_in "$1" mariadb --no-defaults -h "$(lab_ip "$1")" -P "$LAB_PORT" \
	    -u "$2" -p"$3" --connect-timeout=2 -N -B -e "$4"
}

# lab_vip_sql SQL: run SQL as the application user through the VIP from
# the client namespace.
lab_vip_sql()
{
	lab_in client mariadb --no-defaults -h "$LAB_VIP" -P "$LAB_PORT" \
	    -u "$LAB_APP_USER" -p"$LAB_APP_PASS" --connect-timeout=2 -N -B \
	    "$LAB_DB" -e "$1"
}

# lab_mysqld_pid NODE: the pid of NODE's mariadbd (empty when stopped).
lab_mysqld_pid()
{
	local p=${LAB_PID[$1]:-}
	lab_alive "$p" && echo "$p"
}

# lab_server_ready NODE: NODE's mariadbd answers on its socket.
lab_server_ready()
{
	lab_sql "$1" 'SELECT 1' >/dev/null 2>&1
}

# lab_server_datadir NODE: initialise NODE's datadir (mariadb-install-db
# once per lab; node2 gets a copy of node1's fresh datadir).
lab_server_datadir()
{
	local n=$1 d=$LAB_DIR/$1

	mkdir -p "$d" || return 1
	lab_cnf "$n" || return 1
	if [ -d "$LAB_DIR/template" ]; then
		cp -a "$LAB_DIR/template" "$d/data" || return 1
		return 0
	fi
	mariadb-install-db --defaults-file="$d/my.cnf" --user=root \
	    --datadir="$LAB_DIR/template" --skip-test-db \
	    --auth-root-authentication-method=socket \
	    >"$d/install-db.log" 2>&1 || {
		lab_msg "mariadb-install-db failed for $n:"
		tail -n 20 "$d/install-db.log" >&2
		return 1
	}
	cp -a "$LAB_DIR/template" "$d/data"
}

# lab_server_start NODE: start NODE's mariadbd in NODE's namespace, in
# the background (its pid in LAB_PID[NODE]), and wait until it answers
# (30 s at most).  The datadir is kept across restarts.
lab_server_start()
{
	local n=$1 d=$LAB_DIR/$1 pid

	if [ -n "$(lab_mysqld_pid "$n")" ]; then
		lab_msg "$n: mariadbd already running"
		return 1
	fi
	[ -d "$d/data" ] || lab_server_datadir "$n" || return 1
	ip netns exec "$(lab_ns "$n")" mariadbd --defaults-file="$d/my.cnf" \
	    >>"$d/stdout.log" 2>&1 </dev/null &
	pid=$!
	LAB_PID[$n]=$pid
	echo "$pid" >"$d/started.pid"
	lab_wait 30000 lab_server_up_or_dead "$n" "$pid"
	if ! lab_alive "$pid" || ! lab_server_ready "$n"; then
		lab_msg "$n: mariadbd did not come up; error log:"
		tail -n 20 "$d/error.log" >&2
		return 1
	fi
	return 0
}

# lab_server_up_or_dead NODE PID: (poll helper) ready, or gone.
lab_server_up_or_dead()
{
	lab_alive "$2" || return 0
	lab_server_ready "$1"
}

# lab_server_kill NODE: kill -9 NODE's mariadbd and reap it.
lab_server_kill()
{
	local p=${LAB_PID[$1]:-}

	[ -n "$p" ] || return 0
	kill -KILL "$p" 2>/dev/null
	wait "$p" 2>/dev/null
	lab_wait 5000 lab_dead "$p"
}

# lab_dead PID: PID is gone (or a zombie).
lab_dead()
{
	! lab_alive "$1"
}

# lab_server_stop NODE: stop NODE's mariadbd cleanly (SIGTERM, 30 s),
# then SIGKILL if it is still there; reap it.
lab_server_stop()
{
	local p=${LAB_PID[$1]:-}

	[ -n "$p" ] || return 0
	if lab_alive "$p"; then
		kill -TERM "$p" 2>/dev/null
		lab_wait 30000 lab_dead "$p" || kill -KILL "$p" 2>/dev/null
	fi
	wait "$p" 2>/dev/null
	lab_wait 5000 lab_dead "$p"
}

# lab_server_restart NODE: start NODE's mariadbd again on the same
# datadir (after lab_server_stop or lab_server_kill).
lab_server_restart()
{
	lab_server_start "$1"
}

# lab_server_freeze NODE / lab_server_thaw NODE: SIGSTOP / SIGCONT
# NODE's mariadbd (a hung server: the kernel still completes TCP
# handshakes, nothing answers).
lab_server_freeze()
{
	kill -STOP "${LAB_PID[$1]}"
}
lab_server_thaw()
{
	kill -CONT "${LAB_PID[$1]}"
}

# Replication -------------------------------------------------------------

# lab_schema NODE: users, test_db and t_test on NODE, not logged to the
# binlog (both nodes get the same, then the binlogs are reset).
lab_schema()
{
	lab_sql "$1" "
SET SESSION sql_log_bin = 0;
CREATE USER '$LAB_REPL_USER'@'$LAB_NET.%' IDENTIFIED BY '$LAB_REPL_PASS';
GRANT REPLICATION SLAVE ON *.* TO '$LAB_REPL_USER'@'$LAB_NET.%';
CREATE USER '$LAB_APP_USER'@'%' IDENTIFIED BY '$LAB_APP_PASS';
CREATE USER '$LAB_CHECK_USER'@'%' IDENTIFIED BY '$LAB_CHECK_PASS';
GRANT USAGE, REPLICATION CLIENT, SLAVE MONITOR ON *.* TO '$LAB_CHECK_USER'@'%';
CREATE DATABASE $LAB_DB;
GRANT ALL ON $LAB_DB.* TO '$LAB_APP_USER'@'%';
CREATE TABLE $LAB_DB.$LAB_TABLE (
	id INT AUTO_INCREMENT PRIMARY KEY,
	name VARCHAR(64),
	ts TIMESTAMP(6)
) ENGINE=InnoDB;
RESET MASTER;
"
}

# lab_repl_setup: make each node a slave of the other (GTID, slave_pos,
# connect retry 1 s) and start the slave threads.
lab_repl_setup()
{
	local n peer

	for n in node1 node2; do
		[ "$n" = node1 ] && peer=node2 || peer=node1
		lab_sql "$n" "
STOP SLAVE;
RESET SLAVE ALL;
SET GLOBAL gtid_slave_pos = '';
CHANGE MASTER TO MASTER_HOST = '$(lab_ip "$peer")',
	MASTER_PORT = $LAB_PORT, MASTER_USER = '$LAB_REPL_USER',
	MASTER_PASSWORD = '$LAB_REPL_PASS', MASTER_CONNECT_RETRY = 1,
	MASTER_USE_GTID = slave_pos;
START SLAVE;
" || { lab_msg "$n: replication setup failed"; return 1; }
	done
	return 0
}

# lab_slave_field NODE FIELD: one field of SHOW SLAVE STATUS on NODE.
lab_slave_field()
{
	lab_sql_vert "$1" 'SHOW SLAVE STATUS' 2>/dev/null |
	    sed -n "s/^ *$2: //p"
}

# lab_repl_running NODE: NODE's IO and SQL slave threads both run.
lab_repl_running()
{
	local s
	s=$(lab_sql_vert "$1" 'SHOW SLAVE STATUS' 2>/dev/null) || return 1
	grep -q '^ *Slave_IO_Running: Yes$' <<<"$s" &&
	    grep -q '^ *Slave_SQL_Running: Yes$' <<<"$s"
}

# lab_repl_all_running: both threads run on both nodes.
lab_repl_all_running()
{
	lab_repl_running node1 && lab_repl_running node2
}

# lab_gtid NODE: NODE's @@gtid_current_pos, domains sorted.
lab_gtid()
{
	local g
	g=$(lab_sql "$1" 'SELECT @@GLOBAL.gtid_current_pos') || return 1
	tr ',' '\n' <<<"$g" | sed '/^$/d' | sort | paste -sd, -
}

# lab_synced: both replicate (threads Yes, Seconds_Behind_Master 0) and
# both have applied the same transactions (equal gtid_current_pos).
lab_synced()
{
	local g1 g2 n
	lab_repl_all_running || return 1
	for n in node1 node2; do
		[ "$(lab_slave_field "$n" Seconds_Behind_Master)" = 0 ] ||
		    return 1
	done
	g1=$(lab_gtid node1) && g2=$(lab_gtid node2) || return 1
	[ "$g1" = "$g2" ]
}

# lab_wait_repl TIMEOUT_MS: wait until both threads run on both nodes.
lab_wait_repl()
{
	lab_wait "$1" lab_repl_all_running && return 0
	lab_msg "replication threads not running after $1 ms"
	lab_repl_report >&2
	return 1
}

# lab_wait_synced TIMEOUT_MS: wait until lab_synced; $lab_waited_ms.
lab_wait_synced()
{
	lab_wait "$1" lab_synced && return 0
	lab_msg "nodes not in sync after $1 ms"
	lab_repl_report >&2
	return 1
}

# lab_repl_report: one line per node: threads, lag, gtid, last errors.
lab_repl_report()
{
	local n
	for n in node1 node2; do
		echo "$n: io=$(lab_slave_field "$n" Slave_IO_Running)" \
		    "sql=$(lab_slave_field "$n" Slave_SQL_Running)" \
		    "lag=$(lab_slave_field "$n" Seconds_Behind_Master)" \
		    "gtid=$(lab_gtid "$n" 2>/dev/null)" \
		    "io_err='$(lab_slave_field "$n" Last_IO_Error)'" \
		    "sql_err='$(lab_slave_field "$n" Last_SQL_Error)'"
	done
}

# Whole lab ---------------------------------------------------------------

# lab_up: $LAB_DIR, topology, both servers, schema, dual-master
# replication; returns when both nodes replicate.
lab_up()
{
	local n
	if [ -z "$LAB_DIR" ]; then
		LAB_DIR=$(mktemp -d "/tmp/$LAB_PREFIX-$LAB_ID.XXXXXX") ||
		    return 1
	fi
	echo "$BASHPID" >"$LAB_DIR/owner"
	lab_net_up || { lab_msg "topology failed"; return 1; }
	for n in node1 node2; do
		lab_server_datadir "$n" || return 1
	done
	# Start both, then wait for both: the two starts overlap.
	for n in node1 node2; do
		lab_server_start "$n" || return 1
	done
	for n in node1 node2; do
		lab_schema "$n" || { lab_msg "$n: schema failed"; return 1; }
	done
	lab_repl_setup || return 1
	lab_wait_repl 30000
}

# lab_status: a few lines for a person: VIP holder, server pids,
# replication of each node.
lab_status()
{
	echo "lab $LAB_ID ($LAB_DIR): VIP $LAB_VIP on '$(lab_vip_holder)'," \
	    "mariadbd node1=$(lab_mysqld_pid node1) node2=$(lab_mysqld_pid node2)"
	lab_repl_report
}

# Other daemons in the lab --------------------------------------------------

# lab_dir NODE: NODE's directory under $LAB_DIR (my.cnf, logs, room for a
# daemon's config, pid files and dumps).
lab_dir()
{
	mkdir -p "$LAB_DIR/$1" && echo "$LAB_DIR/$1"
}

# lab_spawn NODE TAG COMMAND...: run COMMAND in NODE's namespace in the
# background, stdout and stderr to $LAB_DIR/NODE/TAG.log, its pid in
# LAB_SPAWNED[TAG] (and printed).  COMMAND must stay in the foreground
# (keepalived/Vigil: -n, with -p/-r/-c pid files under lab_dir, since
# /run is shared with the host).  lab_cleanup stops it.
lab_spawn()
{
	local n=$1 t=$2 d
	shift 2
	d=$(lab_dir "$n") || return 1
	ip netns exec "$(lab_ns "$n")" "$@" >>"$d/$t.log" 2>&1 </dev/null &
	LAB_SPAWNED[$t]=$!
	echo "$!" >"$d/$t.started.pid"
	echo "$!"
}

# lab_spawn_pid TAG: the pid of TAG when it is alive.
lab_spawn_pid()
{
	local p=${LAB_SPAWNED[$1]:-}
	lab_alive "$p" && echo "$p"
}

# lab_spawn_signal TAG SIG: send SIG to TAG (HUP, USR1, STOP, ...).
lab_spawn_signal()
{
	local p
	p=$(lab_spawn_pid "$1") || return 1
	kill -"$2" "$p"
}

# lab_spawn_stop TAG [TIMEOUT_MS]: SIGTERM TAG, wait (default 10 s) for it
# to end, then SIGKILL; reap.  Returns 1 when SIGKILL was needed.
lab_spawn_stop()
{
	local p=${LAB_SPAWNED[$1]:-} rc=0
	[ -n "$p" ] || return 0
	if lab_alive "$p"; then
		kill -TERM "$p" 2>/dev/null
		lab_wait "${2:-10000}" lab_dead "$p" ||
		    { kill -KILL "$p" 2>/dev/null; rc=1; }
	fi
	wait "$p" 2>/dev/null
	unset "LAB_SPAWNED[$1]"
	return $rc
}

# lab_spawn_kill TAG: SIGKILL TAG and reap it.
lab_spawn_kill()
{
	local p=${LAB_SPAWNED[$1]:-}
	[ -n "$p" ] || return 0
	kill -KILL "$p" 2>/dev/null
	wait "$p" 2>/dev/null
	lab_wait 5000 lab_dead "$p"
}

# keepalived (or Vigil) as the lab's VRRP daemon ---------------------------

LAB_KEEPALIVED=${LAB_KEEPALIVED:-/usr/sbin/keepalived}

# lab_ka_conf NODE [GLOBAL_LINES [INSTANCE_LINES [TAIL]]]: write
# $LAB_DIR/NODE/keepalived.conf, the VRRP part of seed 000 with the lab's
# names: node1 state MASTER priority 100, node2 BACKUP 90, virtual_router_id
# 51, advert_int 1, auth PASS 1111, VIP 192.168.222.130 on eth0.
# GLOBAL_LINES go into global_defs (e.g. "vrrp_strict"), INSTANCE_LINES
# into vrrp_instance VI_1 (e.g. "nopreempt", a track_script block), TAIL
# after it (e.g. vrrp_script or virtual_server blocks).  Prints the path.
lab_ka_conf()
{
	local n=$1 d st pr
	d=$(lab_dir "$n") || return 1
	if [ "$n" = node1 ]; then
		st=MASTER pr=100
	else
		st=BACKUP pr=90
	fi
	cat >"$d/keepalived.conf" <<EOF
! lab $LAB_ID $n: the VRRP part of seed 000
global_defs {
	router_id LAB_$n
	vrrp_skip_check_adv_addr
	vrrp_garp_interval 0
	vrrp_gna_interval 0
${2:-}
}

vrrp_instance VI_1 {
	state $st
	interface $LAB_IF
	virtual_router_id 51
	priority $pr
	advert_int 1
	authentication {
		auth_type PASS
		auth_pass 1111
	}
	virtual_ipaddress {
		$LAB_VIP
	}
${3:-}
}
${4:-}
EOF
	echo "$d/keepalived.conf"
}

# lab_ka_start NODE [ARGS...]: start $LAB_KEEPALIVED in NODE's namespace
# in the foreground (-n -l -D) on $LAB_DIR/NODE/keepalived.conf, with its
# own pid files (ka.pid, ka-vrrp.pid, ka-check.pid in lab_dir NODE; /run
# is the host's) and instance name NODE; ARGS are added (e.g. -P for VRRP
# only).  Tag "ka-NODE" for lab_spawn_*; log $LAB_DIR/NODE/ka-NODE.log.
lab_ka_start()
{
	local n=$1 d
	shift
	d=$(lab_dir "$n") || return 1
	lab_spawn "$n" "ka-$n" "$LAB_KEEPALIVED" -n -l -D \
	    -f "$d/keepalived.conf" -p "$d/ka.pid" -r "$d/ka-vrrp.pid" \
	    -c "$d/ka-check.pid" -i "$n" "$@" >/dev/null
}

# lab_ka_stop NODE: SIGTERM NODE's daemon, wait, reap (lab_spawn_stop).
lab_ka_stop()
{
	lab_spawn_stop "ka-$1"
}

# lab_ka_kill NODE: SIGKILL NODE's daemon and reap it (its children end
# on their parent-death signal).
lab_ka_kill()
{
	lab_spawn_kill "ka-$1"
}

# Labs left behind ----------------------------------------------------------

# lab_attach ID: take over lab ID brought up by another shell (e.g. with
# "bash lab.sh up"): LAB_ID, LAB_DIR, the namespaces and the pids that
# lab_up, lab_server_start and lab_spawn recorded under its directory.
lab_attach()
{
	local d f n t
	LAB_ID=$1
	for d in /tmp/"$LAB_PREFIX-$1".*; do
		[ -d "$d" ] && LAB_DIR=$d
	done
	[ -n "$LAB_DIR" ] || { lab_msg "no lab $1"; return 1; }
	LAB_NS_MADE=
	for n in sw node1 node2 client; do
		ip netns list | grep -q "^$(lab_ns "$n")\( \|$\)" &&
		    LAB_NS_MADE="$LAB_NS_MADE $(lab_ns "$n")"
	done
	for n in node1 node2; do
		[ -f "$LAB_DIR/$n/started.pid" ] &&
		    LAB_PID[$n]=$(cat "$LAB_DIR/$n/started.pid")
	done
	for f in "$LAB_DIR"/*/*.started.pid; do
		[ -f "$f" ] || continue
		t=${f##*/}
		LAB_SPAWNED[${t%.started.pid}]=$(cat "$f")
	done
	return 0
}

# lab_reap_stale: clean up labs whose owner (the shell that ran lab_up,
# recorded in $LAB_DIR/owner) is gone, e.g. after a test was SIGKILLed:
# their recorded pids are ended, their namespaces and directories removed.
lab_reap_stale()
{
	local d o id
	for d in /tmp/"$LAB_PREFIX"-*.*; do
		[ -f "$d/owner" ] || continue
		o=$(cat "$d/owner")
		case $o in
		'' | *[!0-9]*) continue ;;	# "manual": lab.sh up
		esac
		lab_alive "$o" && continue
		id=${d#/tmp/"$LAB_PREFIX"-}
		id=${id%.*}
		lab_msg "reaping stale lab $id"
		( lab_attach "$id" && lab_cleanup )
	done
	return 0
}

# lab_cleanup: stop what lab_spawn started, the writer and both servers
# (by pid), delete the namespaces, remove $LAB_DIR.  Idempotent; safe in
# an EXIT trap and on a half-built lab.
lab_cleanup()
{
	local n ns p t

	for t in "${!LAB_SPAWNED[@]}"; do
		lab_spawn_stop "$t" >/dev/null 2>&1
	done
	lab_writer_stop >/dev/null 2>&1
	for n in node1 node2; do
		p=${LAB_PID[$n]:-}
		[ -n "$p" ] || continue
		lab_alive "$p" && kill -KILL "$p" 2>/dev/null
		wait "$p" 2>/dev/null
		lab_wait 5000 lab_dead "$p"
		LAB_PID[$n]=
	done
	for ns in $LAB_NS_MADE; do
		ip netns del "$ns" 2>/dev/null
	done
	LAB_NS_MADE=
	if [ -n "$LAB_DIR" ] && [ -d "$LAB_DIR" ]; then
		case $LAB_DIR in
		/tmp/"$LAB_PREFIX"-*) rm -rf "$LAB_DIR" ;;
		esac
	fi
	LAB_DIR=
	return 0
}

# Client writer -----------------------------------------------------------

# lab_writer_start INTERVAL_MS DURATION_S [LOG]: in the client namespace,
# insert one row through the VIP every INTERVAL_MS (each attempt a fresh
# connection, 1 s connect timeout, $LAB_WRITER_TIMEOUT s in all: set it
# to e.g. 0.3 to measure failover gaps finer than the 1 s connect timeout)
# for at most DURATION_S seconds or until lab_writer_stop.  LOG (default $LAB_DIR/writer.log)
# gets one line per attempt:
#	ack SEQ START_MS END_MS ID SERVER_ID	(committed, id returned)
#	err SEQ START_MS END_MS RC MESSAGE	(not acknowledged)
# Times are CLOCK_REALTIME ms.  $LAB_WRITER_LOG names the log.
lab_writer_start()
{
	LAB_WRITER_LOG=${3:-$LAB_DIR/writer.log}
	rm -f "$LAB_DIR/writer.stop"
	: >"$LAB_WRITER_LOG"
	LAB_VIP=$LAB_VIP LAB_WRITER_TIMEOUT=$LAB_WRITER_TIMEOUT \
	    ip netns exec "$(lab_ns client)" bash "$LAB_LIB" writer \
	    "$LAB_WRITER_LOG" "$1" "$2" "$LAB_DIR/writer.stop" \
	    </dev/null >/dev/null 2>"$LAB_DIR/writer.err" &
	LAB_WRITER_PID=$!
}

# lab_writer_stop: ask the writer to stop after its current attempt and
# reap it (5 s, then SIGKILL).
lab_writer_stop()
{
	local p=$LAB_WRITER_PID
	[ -n "$p" ] || return 0
	[ -n "$LAB_DIR" ] && : >"$LAB_DIR/writer.stop"
	lab_wait 5000 lab_dead "$p" || kill -KILL "$p" 2>/dev/null
	wait "$p" 2>/dev/null
	LAB_WRITER_PID=
	return 0
}

# lab_writer_acks [LOG]: number of acknowledged writes so far.
lab_writer_acks()
{
	grep -c '^ack ' "${1:-$LAB_WRITER_LOG}"
}

# lab_writer_errs [LOG]: number of failed attempts so far.
lab_writer_errs()
{
	grep -c '^err ' "${1:-$LAB_WRITER_LOG}"
}

# lab_writer_acked_by SERVER_ID [LOG]: acks answered by that server.
lab_writer_acked_by()
{
	awk -v s="$1" '$1 == "ack" && $6 == s { n++ } END { print n + 0 }' \
	    "${2:-$LAB_WRITER_LOG}"
}

# lab_writer_gap_ms [LOG]: the longest time without an acknowledged
# write: max over consecutive acks of (end of ack - end of previous ack).
lab_writer_gap_ms()
{
	awk '$1 == "ack" { if (p) { d = $4 - p; if (d > m) m = d } p = $4 }
	    END { print m + 0 }' "${1:-$LAB_WRITER_LOG}"
}

# lab_writer_loop LOG INTERVAL_MS DURATION_S STOPFILE: the writer itself
# (runs inside the client namespace via "bash lab.sh writer ...").
lab_writer_loop()
{
	local log=$1 ival=$2 dur=$3 stop=$4
	local end seq=0 max t0 t1 out rc left id sid
	end=$(( $(lab_now_ms) + dur * 1000 ))
	max=$(( dur * 1000 / (ival > 0 ? ival : 1) + 10 ))
	while [ $seq -lt $max ] && [ ! -e "$stop" ]; do
		t0=$(lab_now_ms)
		[ "$t0" -ge "$end" ] && break
		out=$(timeout -k 1 "$LAB_WRITER_TIMEOUT" mariadb --no-defaults \
		    -h "$LAB_VIP" \
		    -P "$LAB_PORT" -u "$LAB_APP_USER" -p"$LAB_APP_PASS" \
		    --connect-timeout=1 -N -B "$LAB_DB" -e \
		    "INSERT INTO $LAB_TABLE (name, ts) VALUES ('w$seq', NOW(6));
		     SELECT LAST_INSERT_ID(), @@server_id;" 2>&1)
		rc=$?
		t1=$(lab_now_ms)
		read -r id sid <<<"$out"
		if [ $rc -eq 0 ] && [[ $id =~ ^[0-9]+$ ]] &&
		    [[ $sid =~ ^[0-9]+$ ]]; then
			echo "ack $seq $t0 $t1 $id $sid" >>"$log"
		else
			echo "err $seq $t0 $t1 $rc ${out//$'\n'/ }" >>"$log"
		fi
		seq=$((seq + 1))
		left=$(( t0 + ival - $(lab_now_ms) ))
		[ $left -gt 0 ] && sleep "$(printf '0.%03d' "$left")" 2>/dev/null
		[ $left -ge 1000 ] && sleep $((left / 1000))
	done
	return 0
}

# Verification ------------------------------------------------------------

# lab_checksum NODE: CHECKSUM TABLE test_db.t_test on NODE.
lab_checksum()
{
	lab_sql "$1" "CHECKSUM TABLE $LAB_DB.$LAB_TABLE" | awk '{ print $2 }'
}

# lab_rows NODE: number of rows of t_test on NODE.
lab_rows()
{
	lab_sql "$1" "SELECT COUNT(*) FROM $LAB_DB.$LAB_TABLE"
}

# lab_missing_acked NODE [LOG]: the acknowledged ids absent from NODE
# (one a line; empty output = none missing).
lab_missing_acked()
{
	local ids=$LAB_DIR/ids.$1 acked=$LAB_DIR/acked
	awk '$1 == "ack" { print $5 }' "${2:-$LAB_WRITER_LOG}" | sort -u \
	    >"$acked"
	lab_sql "$1" "SELECT id FROM $LAB_DB.$LAB_TABLE" | sort -u >"$ids" ||
	    return 1
	comm -23 "$acked" "$ids"
}

# lab_verify [LOG]: equal checksums on both nodes and every acknowledged
# id on both.  Prints what differs; 0 when all is well.
lab_verify()
{
	local c1 c2 n m rc=0
	c1=$(lab_checksum node1) c2=$(lab_checksum node2)
	if [ -z "$c1" ] || [ "$c1" != "$c2" ]; then
		lab_msg "checksums differ: node1 '$c1' node2 '$c2'"
		rc=1
	fi
	for n in node1 node2; do
		m=$(lab_missing_acked "$n" "${1:-$LAB_WRITER_LOG}" | wc -l)
		if [ "$m" -ne 0 ]; then
			lab_msg "$n lacks $m acknowledged ids"
			rc=1
		fi
	done
	return $rc
}

# Sub-commands ------------------------------------------------------------

if [ "${BASH_SOURCE[0]}" = "$0" ]; then
	case ${1:-} in
	writer)
		shift
		lab_writer_loop "$@"
		;;
	up)
		LAB_ID=${2:-$$}
		lab_install || exit 1
		lab_up || { lab_cleanup; exit 1; }
		echo manual >"$LAB_DIR/owner"	# not reaped: "down" ends it
		lab_status
		echo "lab: up; bash $0 down $LAB_ID to remove it"
		;;
	status)
		lab_attach "${2:?usage: lab.sh status ID}" && lab_status
		;;
	down)
		lab_attach "${2:?usage: lab.sh down ID}" && lab_cleanup
		;;
	reap)
		lab_reap_stale
		;;
	*)
		echo "usage: bash lab.sh up [ID] | status ID | down ID | reap" >&2
		exit 2
		;;
	esac
fi
