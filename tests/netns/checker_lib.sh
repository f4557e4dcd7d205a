# tests/netns/checker_lib.sh: helpers for the checker suites (checker.sh,
# seeds.sh).  Sourced, not run, after tests/netns/lib.sh (now_ms,
# wait_until, alive, ok, fail) and, for the seeds, tests/netns/vrrp_lib.sh.
#
#	ck_stamp		stdin -> stdout, each line prefixed with the
#				epoch milliseconds it arrived at
#	ck_srv_start NAME NS MODE ADDR PORT LOG
#				start tests/netns/servers/tserv.py in network
#				namespace NS ("" = this one); its pid in
#				CK_SRV[NAME]; waits until it listens
#	ck_srv_stop NAME	SIGKILL that server (by pid), reap it; sets
#				ck_stopped_ms, the time it was gone
#	ck_last_req LOG		the time (ms) of the last request in LOG
#	ck_req_after LOG MS	LOG has a request later than MS
#	ck_line_after LOG MS TEXT
#				the time of the first stamped line of LOG
#				later than MS containing TEXT (status 1: none)
#	ck_node_start K BIN CONF SCRIPT [ARGS...]
#				run BIN -n -l -D -f CONF ARGS (VRRP and
#				checker) in vrrp_lib node K, in a PID + mount
#				namespace of its own whose /etc/keepalived is
#				a tmpfs holding SCRIPT (a path there) as
#				"#!/bin/sh\nkillall keepalived"; the console
#				log, stamped, goes to vl_log K
#	ck_cleanup		stop the servers this file started
#	near TEXT MEASURED PREDICTED
#				ok when |MEASURED - PREDICTED| <= $TOL_MS,
#				else FAIL with the suite's show()
#
# Nothing is ever killed by name outside a PID namespace of our own:
# servers by the pid we got when we started them, daemons by vrrp_lib.

CK_HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
CK_TSERV=$CK_HERE/servers/tserv.py
declare -A CK_SRV

ck_stamp()
{
	local l t us
	while IFS= read -r l; do
		t=$EPOCHREALTIME
		us=${t#*.}
		printf '%s %s\n' "$(( ${t%.*} * 1000 + 10#${us:0:3} ))" "$l"
	done
}

# ck_listening NS PROTO ADDR PORT: something listens there.
ck_listening()
{
	local ns=$1 p=$2 a=$3 port=$4 opt=-ltn
	[ "$p" = udp ] && opt=-lun
	if [ -n "$ns" ]; then
		ip netns exec "$ns" ss -H $opt "src $a:$port" 2>/dev/null |
		    grep -q .
	else
		ss -H $opt "src $a:$port" 2>/dev/null | grep -q .
	fi
}

ck_srv_start()
{
	local name=$1 ns=$2 mode=$3 a=$4 port=$5 log=$6 proto=tcp
	case $mode in dns|udp) proto=udp ;; esac
	if [ -n "$ns" ]; then
		ip netns exec "$ns" python3 "$CK_TSERV" "$mode" "$a" "$port" \
		    "$log" </dev/null >>"$log.err" 2>&1 &
	else
		python3 "$CK_TSERV" "$mode" "$a" "$port" "$log" \
		    </dev/null >>"$log.err" 2>&1 &
	fi
	CK_SRV[$name]=$!
	wait_until 5000 ck_listening "$ns" "$proto" "$a" "$port"
}

ck_srv_stop()
{
	local p=${CK_SRV[$1]:-}
	[ -n "$p" ] || return 0
	kill -KILL "$p" 2>/dev/null
	wait "$p" 2>/dev/null
	ck_stopped_ms=$(now_ms)
	CK_SRV[$1]=
}

ck_last_req()
{
	local l
	l=$(tail -n 1 "$1" 2>/dev/null) || return 1
	[ -n "$l" ] || return 1
	echo "${l%% *}"
}

ck_req_after()
{
	local t
	t=$(ck_last_req "$1") || return 1
	[ "$t" -gt "$2" ]
}

ck_line_after()
{
	local t
	t=$(CK_S=$3 awk -v after="$2" \
	    '$1 > after && index($0, ENVIRON["CK_S"]) { print $1; exit }' \
	    "$1" 2>/dev/null)
	[ -n "$t" ] || return 1
	echo "$t"
}

ck_has_line_after()
{
	ck_line_after "$@" >/dev/null
}

# ck_daemon_child PID: the child of PID that runs keepalived.
ck_daemon_child()
{
	local c
	for c in $(cat /proc/"$1"/task/*/children 2>/dev/null); do
		[ "$(comm_of "$c")" = keepalived ] && { echo "$c"; return 0; }
	done
	return 1
}

ck_node_start()
{
	local k=$1 bin=$2 conf=$3 script=$4 ns log p
	shift 4
	ns=$(vl_ns "$k")
	log=$(vl_log "$k")
	vl_stop "$k"
	echo "$(now_ms) === start $bin $conf $*" >>"$log"
	ip netns exec "$ns" unshare --pid --fork --kill-child --mount \
	    --mount-proc sh -c '
		exec 3<"$1" 4<"$2" || exit 1
		script=$3
		shift 3
		mount --make-rprivate / &&
		mount -t tmpfs -o mode=0755 ck-run /run &&
		mount -t tmpfs -o mode=1777 ck-tmp /tmp &&
		mount -t tmpfs -o mode=0755 ck-etc /etc/keepalived || exit 1
		mkdir -p /run/ck/sbin &&
		cat <&3 >/etc/keepalived/keepalived.conf &&
		cat <&4 >/run/ck/sbin/keepalived &&
		chmod 0755 /run/ck/sbin/keepalived || exit 1
		exec 3<&- 4<&-
		printf "#!/bin/sh\nkillall keepalived\n" >"$script" &&
		chmod 0755 "$script" || exit 1
		if [ -e /dev/log ]; then
			mount --bind /dev/null /dev/log || exit 1
		fi
		exec /run/ck/sbin/keepalived -n -l -D \
		    -f /etc/keepalived/keepalived.conf "$@"
	    ' sh "$conf" "$bin" "$script" "$@" </dev/null \
	    > >(ck_stamp >>"$log") 2>&1 &
	VL_UPID[$k]=$!
	VL_KPID[$k]=
	# The unshare's children: the stamper and the forked init, which
	# becomes the daemon once it has exec'd.
	if wait_until 3000 eval 'p=$(ck_daemon_child "${VL_UPID[$k]}")'; then
		VL_KPID[$k]=$p
		return 0
	fi
	echo "ck_node_start: node $k did not start" >&2
	return 1
}

ck_cleanup()
{
	local n
	for n in "${!CK_SRV[@]}"; do
		ck_srv_stop "$n"
	done
}

near()
{
	local d=$(($2 - $3))
	if [ ${d#-} -le "$TOL_MS" ]; then
		ok "$1 ($d ms from predicted)"
	else
		fail "$1 ($d ms from predicted, tolerance $TOL_MS)" "$(show)"
	fi
}
