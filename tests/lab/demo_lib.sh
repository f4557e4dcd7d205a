# tests/lab/demo_lib.sh: the pieces of the failover demo (demo.sh) on top
# of tests/lab/lab.sh.
#
# Sourced after lab.sh (bash 5, root).  Provides:
#
#	demo_conf NODE		write $LAB_DIR/NODE/keepalived.conf, the
#				failover configuration (below); prints it
#	demo_watch_start	start the watcher: it records, with a time
#				in ms, every change of the VIP holder and
#				every log line of the Vigil daemons that
#				matters, in $DEMO_EVENTS
#	demo_watch_stop		stop it (also done by lab_cleanup's caller)
#	demo_event_ms AFTER_MS ERE	time of the first event after AFTER_MS
#				matching ERE (empty when none yet)
#	demo_wait_event TIMEOUT_MS AFTER_MS ERE	wait for such an event;
#				$demo_event_at is its time
#	demo_seq NODE DOMAIN	the GTID sequence NODE applied in DOMAIN
#	demo_caught_up SEQ2	replication caught up (poll helper)
#
# The configuration is based on keepalived.conf.example's, for the lab's names, made
# for a failover a person can watch in a few seconds:
#   - both nodes "state BACKUP" with "nopreempt" (priorities 100 and 90):
#     a node that comes back does not take the VIP back;
#   - virtual_server VIP:3306 with the node's own MariaDB as its real
#     server and a check every second (one retry 0.2 s later): Vigil's
#     MYSQL_CHECK (logs in, wants read_only OFF) with DEMO_CHECK=mysql,
#     else TCP_CHECK;
#   - "track_real_server <own address> 3306" in the vrrp_instance: while
#     the node's own MariaDB is down the instance is in FAULT, so the VIP
#     goes to the other node, and it leaves FAULT by itself when MariaDB
#     answers again (no notify_down script killing the daemon).

# shellcheck shell=bash

DEMO_EVENTS=${DEMO_EVENTS:-}
DEMO_WATCH_PID=${DEMO_WATCH_PID:-}

# demo_checker ADDR: the health check of the real server ADDR:3306,
# MYSQL_CHECK when $DEMO_CHECK is "mysql" (log in as the lab's check
# user, the server must not be read_only), TCP_CHECK otherwise: every
# second, one retry 0.2 s after a failure.
demo_checker()
{
	if [ "${DEMO_CHECK:-tcp}" = mysql ]; then
		cat <<EOF
		MYSQL_CHECK {
			connect_ip $1
			connect_port $LAB_PORT
			connect_timeout 1
			user $LAB_CHECK_USER
			password $LAB_CHECK_PASS
			read_only off
			retry 1
			delay_before_retry 0.2
		}
EOF
	else
		cat <<EOF
		TCP_CHECK {
			connect_ip $1
			connect_port $LAB_PORT
			connect_timeout 1
			retry 1
			delay_before_retry 0.2
		}
EOF
	fi
}

# demo_conf NODE: write NODE's configuration; prints its path.
demo_conf()
{
	local n=$1 d ip pr
	d=$(lab_dir "$n") || return 1
	ip=$(lab_ip "$n")
	[ "$n" = node1 ] && pr=100 || pr=90
	cat >"$d/keepalived.conf" <<EOF
! demo $n ($ip): MariaDB dual master behind VIP $LAB_VIP.
global_defs {
	router_id DB_$n
}

vrrp_instance VI_MYSQL {
	! Both nodes BACKUP + nopreempt: the VIP stays where it is until
	! its holder fails.
	state BACKUP
	nopreempt
	interface $LAB_IF
	virtual_router_id 51
	priority $pr
	advert_int 1
	authentication {
		auth_type PASS
		auth_pass s3cr3t
	}
	virtual_ipaddress {
		$LAB_VIP/$LAB_PLEN
	}
	! Vigil: FAULT while this node's own MariaDB fails its check.
	track_real_server $ip $LAB_PORT
}

virtual_server $LAB_VIP $LAB_PORT {
	delay_loop 1
	lb_algo rr
	lb_kind DR
	protocol TCP

	real_server $ip $LAB_PORT {
		weight 1
$(demo_checker "$ip")
	}
}
EOF
	echo "$d/keepalived.conf"
}

# The log lines the watcher records (ERE).
DEMO_LOG_ERE='Entering [A-Z]+ STATE|_CHECK on service|TCP connection to|Removing service|Adding service|Enabling service|Disabling service|real server|track'

# demo_watch_loop EVENTS STOPFILE: the watcher itself.  Polls every 20 ms
# for at most 10 minutes: "MS VIP NODE|none|both" when the holder
# changes, "MS NODE LINE" for each new log line matching DEMO_LOG_ERE.
demo_watch_loop()
{
	local ev=$1 stop=$2 n i max=30000 holder last=unset t f
	local -A seen=() ns=([node1]=$(lab_ns node1) [node2]=$(lab_ns node2))
	local -a lines
	for ((i = 0; i < max; i++)); do
		[ -e "$stop" ] && break
		t=${EPOCHREALTIME/./}
		t=$((t / 1000))
		holder=
		for n in node1 node2; do
			f=$(ip -n "${ns[$n]}" -4 -o addr show dev "$LAB_IF" \
			    2>/dev/null)
			[[ $f == *" $LAB_VIP/"* ]] && holder="$holder $n"
		done
		case $holder in
		'') holder=none ;;
		' node1 node2') holder=both ;;
		*) holder=${holder# } ;;
		esac
		if [ "$holder" != "$last" ]; then
			echo "$t VIP $holder" >>"$ev"
			last=$holder
		fi
		for n in node1 node2; do
			f=$LAB_DIR/$n/ka-$n.log
			[ -f "$f" ] || continue
			mapfile -t -s "${seen[$n]:-0}" lines <"$f"
			seen[$n]=$(( ${seen[$n]:-0} + ${#lines[@]} ))
			for f in "${lines[@]}"; do
				[[ $f =~ $DEMO_LOG_ERE ]] &&
				    echo "$t $n ${f#*[0-9][0-9][0-9][0-9]: }" >>"$ev"
			done
		done
		sleep 0.02
	done
}

# demo_watch_start: start demo_watch_loop in the background.
demo_watch_start()
{
	DEMO_EVENTS=$LAB_DIR/events
	: >"$DEMO_EVENTS"
	rm -f "$LAB_DIR/watch.stop"
	demo_watch_loop "$DEMO_EVENTS" "$LAB_DIR/watch.stop" &
	DEMO_WATCH_PID=$!
}

# demo_watch_stop: stop the watcher and reap it.
demo_watch_stop()
{
	local p=$DEMO_WATCH_PID
	[ -n "$p" ] || return 0
	[ -n "$LAB_DIR" ] && [ -d "$LAB_DIR" ] && : >"$LAB_DIR/watch.stop"
	lab_wait 3000 lab_dead "$p" || kill -KILL "$p" 2>/dev/null
	wait "$p" 2>/dev/null
	DEMO_WATCH_PID=
	return 0
}

# demo_event_ms AFTER_MS ERE: the time of the first recorded event at or
# after AFTER_MS whose text ("VIP node2", "node1 ... Entering FAULT
# STATE") matches ERE.
demo_event_ms()
{
	awk -v a="$1" -v re="$2" '$1 >= a {
		s = $0; sub(/^[0-9]+ /, "", s)
		if (s ~ re) { print $1; exit }
	}' "$DEMO_EVENTS"
}

# demo_event_seen AFTER_MS ERE: (poll helper) such an event exists.
demo_event_seen()
{
	demo_event_at=$(demo_event_ms "$1" "$2")
	[ -n "$demo_event_at" ]
}

# demo_wait_event TIMEOUT_MS AFTER_MS ERE: wait for such an event;
# $demo_event_at is its time.
demo_wait_event()
{
	demo_event_at=
	lab_wait "$1" demo_event_seen "$2" "$3"
}

# demo_seq NODE DOMAIN: the sequence number NODE has applied in GTID
# domain DOMAIN (the lab's domain 1 is node1's writes, 2 is node2's); 0
# when none.
demo_seq()
{
	local g s
	g=$(lab_gtid "$1") || return 1
	for s in ${g//,/ }; do
		[ "${s%%-*}" = "$2" ] && { echo "${s##*-}"; return 0; }
	done
	echo 0
}

# demo_caught_up SEQ2: (poll helper) replication runs both ways with no
# lag, node2 has every write node1 ever took (domain 1 equal) and node1
# has node2's writes up to at least SEQ2 (domain 2).  Works while the
# writer goes on.
demo_caught_up()
{
	local a b
	lab_repl_all_running || return 1
	a=$(demo_seq node1 1) && b=$(demo_seq node2 1) || return 1
	[ "$a" = "$b" ] || return 1
	a=$(demo_seq node1 2) || return 1
	[ "$a" -ge "$1" ]
}
