# tests/netns/lib.sh: the namespace harness shared by the runtime suites.
#
# Sourced, not run.  A suite script runs each of its cases in a fresh
# PID + mount + network namespace of its own:
#
#	netns_run_case SCRIPT BINARY CASE
#
# re-executes SCRIPT as "SCRIPT --inner BINARY CASE" under
#	unshare --pid --fork --kill-child --mount --net --mount-proc
# where the script calls netns_setup (private tmpfs on /run, /tmp and
# /etc/keepalived, loopback up, a veth pair veth0/veth1 with 192.0.2.1/24
# on veth0) and then the case.  The namespace's init is the inner bash, so
# everything the case started dies with it, and its mounts and links
# vanish with the namespace: nothing touches the host.
#
# A case prints one line per check: "ok    TEXT" or "FAIL  TEXT", details
# indented below a failure.  netns_run_case adds them to $passed/$failed;
# a case that printed nothing (crashed, timed out) counts as one failure.

# Time and polling -------------------------------------------------------

# now_ms: CLOCK_REALTIME in milliseconds (bash 5's $EPOCHREALTIME).
now_ms()
{
	local t=$EPOCHREALTIME
	local us=${t#*.}
	echo $(( ${t%.*} * 1000 + 10#${us:0:3} ))
}

# wait_until TIMEOUT_MS COMMAND...: poll COMMAND every 10 ms until it
# succeeds (status 0) or TIMEOUT_MS passed (status 1); a poll that began
# before the deadline counts.  Bounded in time and in count.  $waited_ms
# is the time it took (up to the end of the successful poll).
wait_until()
{
	local timeout=$1 start deadline n=0 max
	shift
	start=$(now_ms)
	deadline=$((start + timeout))
	max=$((timeout / 5 + 10))
	while [ $n -lt $max ]; do
		if "$@"; then
			waited_ms=$(( $(now_ms) - start ))
			return 0
		fi
		[ "$(now_ms)" -ge "$deadline" ] && break
		sleep 0.01
		n=$((n + 1))
	done
	waited_ms=$(( $(now_ms) - start ))
	return 1
}

# holds_for MS COMMAND...: COMMAND stays true for MS milliseconds (polled
# every 20 ms).  Used to check that something does NOT happen.
holds_for()
{
	local ms=$1 deadline n=0
	shift
	deadline=$(( $(now_ms) + ms ))
	while [ $n -lt $((ms / 10 + 10)) ]; do
		"$@" || return 1
		[ "$(now_ms)" -ge "$deadline" ] && return 0
		sleep 0.02
		n=$((n + 1))
	done
	return 0
}

# Processes --------------------------------------------------------------

# alive PID: PID exists and is not a zombie.
alive()
{
	local s
	[ -n "$1" ] || return 1
	s=$(cat "/proc/$1/stat" 2>/dev/null) || return 1
	s=${s##*) }
	[ "${s%% *}" != Z ]
}

# ppid_of PID
ppid_of()
{
	local s
	s=$(cat "/proc/$1/stat" 2>/dev/null) || return 1
	s=${s##*) }
	s=${s#* }
	echo "${s%% *}"
}

# comm_of PID
comm_of()
{
	cat "/proc/$1/comm" 2>/dev/null
}

# kpids: the live processes named "keepalived" (sorted pids, one a line).
kpids()
{
	local d p
	for d in /proc/[0-9]*; do
		p=${d#/proc/}
		[ "$(comm_of "$p")" = keepalived ] && alive "$p" && echo "$p"
	done | sort -n
}

# nkpids: how many.
nkpids()
{
	kpids | wc -l
}

# no_kpids: no keepalived process left.
no_kpids()
{
	[ "$(nkpids)" -eq 0 ]
}

# pidfile_pid FILE: the pid a pid file holds, when it is exactly "<pid>\n".
pidfile_pid()
{
	local c
	[ -f "$1" ] || return 1
	c=$(cat "$1" 2>/dev/null) || return 1
	case $c in
	'' | *[!0-9]*) return 1 ;;
	esac
	[ "$(tail -c 1 "$1" 2>/dev/null | od -An -tx1 | tr -d ' ')" = 0a ] ||
	    return 1
	echo "$c"
}

# pidfile_live FILE: the pid file names a live process called keepalived.
pidfile_live()
{
	local p
	p=$(pidfile_pid "$1") || return 1
	alive "$p" && [ "$(comm_of "$p")" = keepalived ]
}

# daemon_ready PARENT VRRP CHECKERS: the three pid files name three live
# keepalived processes, the two children being the parent's children.
daemon_ready()
{
	local pp vp cp
	pidfile_live "$1" && pidfile_live "$2" && pidfile_live "$3" ||
	    return 1
	pp=$(pidfile_pid "$1") vp=$(pidfile_pid "$2") cp=$(pidfile_pid "$3")
	[ "$(ppid_of "$vp")" = "$pp" ] && [ "$(ppid_of "$cp")" = "$pp" ] &&
	    [ "$vp" != "$cp" ]
}

# ready_default: daemon_ready on the default pid files.
ready_default()
{
	daemon_ready /run/keepalived.pid /run/vrrp.pid /run/checkers.pid
}

# all_gone: no keepalived process and none of the default pid files.
all_gone()
{
	no_kpids && [ ! -e /run/keepalived.pid ] && [ ! -e /run/vrrp.pid ] &&
	    [ ! -e /run/checkers.pid ]
}

# log_has FILE ERE: FILE has a line matching ERE.
log_has()
{
	grep -Eq "$2" "$1" 2>/dev/null
}

# Results ----------------------------------------------------------------

# ok TEXT / fail TEXT [DETAIL...]
ok()
{
	echo "ok    $*"
}

fail()
{
	local l
	echo "FAIL  $1"
	shift
	for l in "$@"; do
		printf '%s\n' "$l" | sed 's/^/      /'
	done
}

# check TEXT COMMAND...: ok when COMMAND succeeds.
check()
{
	local t=$1
	shift
	if "$@"; then ok "$t"; else fail "$t" "failed: $*"; fi
}

# ps_lines: the namespace's processes, for failure details.
ps_lines()
{
	ps -eo pid,ppid,stat,comm,args 2>/dev/null | grep -v ' ps -eo '
}

# show_log FILE: the last lines of a log, indented, for failure details.
show_log()
{
	[ -f "$1" ] && tail -n "${2:-15}" "$1" | sed 's/^/      | /'
}

# Namespace --------------------------------------------------------------

# netns_setup: inside the fresh namespaces, make the private world.
netns_setup()
{
	set -u
	local keep=() d i
	mount --make-rprivate / || return 1
	# The checkout and the binary may live under /tmp or /run (a CI clone
	# often does): keep them visible through the private tmpfs mounts by
	# holding their directories open and binding them back afterwards.
	for d in "$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)" \
	    "$(cd "$(dirname "${BIN:-/}")" && pwd)"; do
		case $d in
		/tmp|/tmp/*|/run|/run/*|/etc/keepalived|/etc/keepalived/*)
			exec {i}<"$d" || return 1
			keep+=("$i:$d")
			;;
		esac
	done
	mount -t tmpfs -o mode=0755 netns-run /run || return 1
	mount -t tmpfs -o mode=1777 netns-tmp /tmp || return 1
	mount -t tmpfs -o mode=0755 netns-etc /etc/keepalived || return 1
	for d in "${keep[@]}"; do
		i=${d%%:*}
		d=${d#*:}
		[ -e "$d" ] && continue		# visible through a bind above
		mkdir -p "$d" &&
		    mount --no-canonicalize --bind "/proc/self/fd/$i" "$d" ||
		    return 1
		eval "exec $i<&-"
	done
	# Never reach the host's syslog from inside.
	if [ -e /dev/log ]; then
		mount --bind /dev/null /dev/log || return 1
	fi
	ip link set lo up || return 1
	ip link add veth0 type veth peer name veth1 || return 1
	ip addr add 192.0.2.1/24 dev veth0 || return 1
	ip link set veth0 up && ip link set veth1 up || return 1
	export TMPDIR=/tmp
}

# write_config [FILE]: the test configuration (a VRRP instance on veth0
# and a virtual server).  Without IPVS in the kernel, keepalived's checker
# child exits FATAL as soon as a virtual server with real servers exists,
# so the real server is only added when IPVS is there (REAL_SERVER=1
# forces it, REAL_SERVER=0 leaves it out); a virtual server without real
# servers is "ignored" by the checker child, which keeps running.
write_config()
{
	local f=${1:-/etc/keepalived/keepalived.conf} rs=${REAL_SERVER:-auto}

	if [ "$rs" = auto ]; then
		if [ -e /proc/net/ip_vs ]; then rs=1; else rs=0; fi
	fi
	{
		printf 'global_defs {\n\trouter_id netns_test\n}\n'
		printf 'vrrp_instance VI_1 {\n'
		printf '\tstate MASTER\n\tinterface veth0\n'
		printf '\tvirtual_router_id 51\n\tpriority 100\n'
		printf '\tadvert_int 1\n'
		printf '\tvirtual_ipaddress {\n\t\t192.0.2.100/24\n\t}\n'
		printf '}\n'
		printf 'virtual_server 192.0.2.100 80 {\n'
		printf '\tdelay_loop 5\n\tlb_algo rr\n\tlb_kind NAT\n'
		printf '\tprotocol TCP\n'
		if [ "$rs" = 1 ]; then
			printf '\treal_server 192.0.2.2 80 {\n'
			printf '\t\tTCP_CHECK {\n\t\t\tconnect_timeout 1\n'
			printf '\t\t}\n\t}\n'
		fi
		printf '}\n'
	} >"$f"
	chmod 0644 "$f"
}

# vip_present: the instance's virtual address is on veth0.
vip_present()
{
	ip -4 addr show dev veth0 2>/dev/null | grep -q ' 192\.0\.2\.100/'
}

# netns_run_case SCRIPT BINARY CASE: run one case in its own namespaces,
# print its lines and count them into $passed and $failed.
netns_run_case()
{
	local script=$1 bin=$2 case=$3 out p f
	out=$(timeout -k 5 "${CASE_TIMEOUT:-90}" unshare --pid --fork \
	    --kill-child --mount --net --mount-proc \
	    bash "$script" --inner "$bin" "$case" 2>&1)
	[ -n "$out" ] && printf '%s\n' "$out"
	p=$(grep -c '^ok    ' <<<"$out")
	f=$(grep -c '^FAIL  ' <<<"$out")
	if [ "$p" -eq 0 ] && [ "$f" -eq 0 ]; then
		echo "FAIL  $case: the case printed no result"
		f=1
	fi
	passed=$((passed + p))
	failed=$((failed + f))
}
