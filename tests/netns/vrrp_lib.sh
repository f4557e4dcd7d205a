# tests/netns/vrrp_lib.sh: multi-node VRRP topologies for the netns suites.
#
# Sourced, not run, after tests/netns/lib.sh (now_ms, wait_until,
# holds_for, alive, ok, fail).  N "hosts" are network namespaces
# vigil-t-<pid>-nodeK, each with one interface ($VL_IF, default veth0)
# whose peer sits on bridge br0 of a "switch" namespace vigil-t-<pid>-sw:
#
#	vl_setup N [ADDR...]	the topology; node K gets ADDR number K
#				(default 192.0.2.K/24)
#	vl_start K BIN CONF [ARGS...]
#				run BIN -n -l -D -P -f CONF ARGS in node K,
#				in a PID + mount namespace of its own (private
#				/run and /tmp, /dev/log on /dev/null); the
#				daemon is the namespace's init, so a kill -9 of
#				it takes all its children with it (a crash)
#	vl_signal K SIG		send SIG to node K's daemon (by pid)
#	vl_crash K		node K crashes: all its processes SIGSTOPped,
#				then SIGKILL (no priority 0 advert)
#	vl_wait_down K MS	wait until node K's daemon is gone
#	vl_stop K		SIGKILL node K's daemon if running, reap it
#	vl_cut K / vl_join K	detach node K's switch port from the bridge
#				(carrier stays up: a partition) / reattach
#	vl_has_vip K VIP	node K holds VIP on $VL_IF
#	vl_holders VIP		the nodes holding VIP, space-separated
#	vl_only K VIP		exactly node K holds VIP (K empty: nobody)
#	vl_sample MS VIP	sample the holders every 10 ms for MS ms;
#				sets vl_samples, vl_multi (samples with two
#				or more holders), vl_none (samples with none),
#				vl_maxgap (longest gap between samples, ms)
#	vl_cleanup		stop every daemon (by pid), delete the
#				namespaces and the work directory (with
#				VL_KEEP_LOGS=DIR, the logs are kept there)
#
# Every daemon this file starts is known by pid ($VL_UPID: the unshare,
# $VL_KPID: the daemon); nothing is ever killed by name.  The suites call
# vl_cleanup from an EXIT trap.

VL_ID=vigil-t-$$
VL_SW=$VL_ID-sw
VL_IF=${VL_IF:-veth0}
VL_N=0
VL_DIR=
declare -a VL_UPID VL_KPID VL_ADDR

# vl_ns K: node K's namespace name.
vl_ns()
{
	echo "$VL_ID-node$1"
}

# vl_log K: node K's daemon log (console output of every run, appended).
vl_log()
{
	echo "$VL_DIR/node$1.log"
}

vl_setup()
{
	local n=$1 k ns a
	shift
	VL_DIR=$(mktemp -d /tmp/vigil-t-$$.XXXXXX) || return 1
	ip netns add "$VL_SW" || return 1
	ip -n "$VL_SW" link set lo up
	ip -n "$VL_SW" link add br0 type bridge mcast_snooping 0 \
	    forward_delay 0 || return 1
	ip -n "$VL_SW" link set br0 up || return 1
	for k in $(seq 1 "$n"); do
		ns=$(vl_ns "$k")
		a=${1:-192.0.2.$k/24}
		[ $# -gt 0 ] && shift
		VL_ADDR[$k]=$a
		ip netns add "$ns" || return 1
		VL_N=$k
		ip -n "$ns" link set lo up
		ip link add "$VL_IF" netns "$ns" type veth peer name "sw$k" \
		    netns "$VL_SW" || return 1
		ip -n "$VL_SW" link set "sw$k" master br0 || return 1
		ip -n "$VL_SW" link set "sw$k" up || return 1
		# No IPv6 chatter (DAD, RS) on the test links.
		ip netns exec "$ns" sysctl -qw \
		    "net.ipv6.conf.$VL_IF.disable_ipv6=1" 2>/dev/null
		ip -n "$ns" addr add "$a" dev "$VL_IF" || return 1
		ip -n "$ns" link set "$VL_IF" up || return 1
	done
}

# vl_child PID: the one child of PID (the unshare's forked init).
vl_child()
{
	local c d
	if [ -r "/proc/$1/task/$1/children" ]; then
		c=$(cat "/proc/$1/task/$1/children" 2>/dev/null)
		c=${c%% *}
		[ -n "$c" ] && { echo "$c"; return 0; }
		return 1
	fi
	for d in /proc/[0-9]*; do
		[ "$(ppid_of "${d#/proc/}")" = "$1" ] &&
		    { echo "${d#/proc/}"; return 0; }
	done
	return 1
}

# vl_is_daemon PID BINNAME: PID runs the daemon (exec done: comm changed).
vl_is_daemon()
{
	[ "$(comm_of "$1")" = keepalived ]
}

vl_start()
{
	local k=$1 bin=$2 conf=$3 ns log p
	shift 3
	ns=$(vl_ns "$k")
	log=$(vl_log "$k")
	vl_stop "$k"
	echo "=== $(date +%T.%N) start $bin $conf $*" >>"$log"
	# Inside: open the config and the binary before the private tmpfs
	# mounts hide them (the checkout may live under /tmp), copy them to
	# the private /run, then exec the daemon as the namespace's init.
	ip netns exec "$ns" unshare --pid --fork --kill-child --mount \
	    --mount-proc sh -c '
		exec 3<"$1" 4<"$2" || exit 1
		shift 2
		mount --make-rprivate / &&
		mount -t tmpfs -o mode=0755 vl-run /run &&
		mount -t tmpfs -o mode=1777 vl-tmp /tmp || exit 1
		mkdir -p /run/vl/sbin &&
		cat <&3 >/run/vl/keepalived.conf &&
		cat <&4 >/run/vl/sbin/keepalived &&
		chmod 0755 /run/vl/sbin/keepalived || exit 1
		exec 3<&- 4<&-
		if [ -e /dev/log ]; then
			mount --bind /dev/null /dev/log || exit 1
		fi
		exec /run/vl/sbin/keepalived -n -l -D -P \
		    -f /run/vl/keepalived.conf "$@"
	    ' sh "$conf" "$bin" "$@" </dev/null >>"$log" 2>&1 &
	VL_UPID[$k]=$!
	VL_KPID[$k]=
	# The forked init becomes the daemon once it has exec'd.
	if wait_until 3000 eval 'p=$(vl_child "${VL_UPID[$k]}") &&
	    vl_is_daemon "$p"'; then
		VL_KPID[$k]=$p
		return 0
	fi
	echo "vl_start: node $k did not start" >&2
	return 1
}

# vl_running K: node K's daemon is alive.
vl_running()
{
	[ -n "${VL_KPID[$1]:-}" ] && alive "${VL_KPID[$1]}"
}

vl_signal()
{
	[ -n "${VL_KPID[$1]:-}" ] && kill -"$2" "${VL_KPID[$1]}" 2>/dev/null
}

# vl_tree PID: PID and its descendants.
vl_tree()
{
	local t c
	echo "$1"
	for t in /proc/"$1"/task/*/children; do
		for c in $(cat "$t" 2>/dev/null); do
			vl_tree "$c"
		done
	done
}

# vl_stopped PID...: every PID is stopped (state T) or gone.
vl_stopped()
{
	local p s
	for p in "$@"; do
		s=$(cat "/proc/$p/stat" 2>/dev/null) || continue
		s=${s##*) }
		case ${s%% *} in T|t|Z|X) ;; *) return 1 ;; esac
	done
}

# vl_crash K: node K crashes: every process of the node is frozen
# (SIGSTOP) and then its init, the daemon, gets SIGKILL, which kills them
# all.  A bare kill -9 of the parent is not a crash: its VRRP child sees
# the parent go (keepalived's by PR_SET_PDEATHSIG, Vigil's by its channel
# closing) and may still send its priority 0 advert.
vl_crash()
{
	local pids
	[ -n "${VL_KPID[$1]:-}" ] || return 1
	pids=$(vl_tree "${VL_KPID[$1]}")
	kill -STOP $pids 2>/dev/null
	wait_until 1000 vl_stopped $pids
	kill -KILL "${VL_KPID[$1]}"
}

# vl_gone K: node K's unshare has exited (a zombie counts as gone).
vl_gone()
{
	[ -z "${VL_UPID[$1]:-}" ] || ! alive "${VL_UPID[$1]}"
}

vl_wait_down()
{
	local rc=0
	wait_until "$2" vl_gone "$1" || rc=1
	if [ $rc -eq 0 ] && [ -n "${VL_UPID[$1]:-}" ]; then
		wait "${VL_UPID[$1]}" 2>/dev/null
		VL_UPID[$1]=
		VL_KPID[$1]=
	fi
	return $rc
}

vl_stop()
{
	local k=$1
	[ -n "${VL_UPID[$k]:-}" ] || return 0
	# The daemon first: the unshare then exits by itself (killing it
	# would have bash report a "Killed" job).
	if [ -n "${VL_KPID[$k]:-}" ]; then
		kill -KILL "${VL_KPID[$k]}" 2>/dev/null
		vl_wait_down "$k" 2000 && return 0
	fi
	kill -KILL "${VL_UPID[$k]}" 2>/dev/null
	vl_wait_down "$k" 3000
}

vl_cut()
{
	ip -n "$VL_SW" link set "sw$1" nomaster
}

vl_join()
{
	ip -n "$VL_SW" link set "sw$1" master br0
}

vl_has_vip()
{
	ip -n "$(vl_ns "$1")" -o -4 addr show dev "$VL_IF" 2>/dev/null |
	    grep -q " ${2}/"
}

# vl_flush_vip K VIP: remove VIP from node K (its host "rebooted").
vl_flush_vip()
{
	local a
	a=$(ip -n "$(vl_ns "$1")" -o -4 addr show dev "$VL_IF" 2>/dev/null |
	    grep -o " ${2}/[0-9]*")
	[ -n "$a" ] && ip -n "$(vl_ns "$1")" addr del ${a# } dev "$VL_IF"
	return 0
}

vl_holders()
{
	local k h=
	for k in $(seq 1 "$VL_N"); do
		vl_has_vip "$k" "$1" && h="$h $k"
	done
	echo "${h# }"
}

vl_only()
{
	[ "$(vl_holders "$2")" = "$1" ]
}

# The sampler: one NETLINK_ROUTE socket per node namespace (a socket
# stays in the namespace it was made in), an RTM_GETADDR dump on each
# every 10 ms.  Prints "samples N multi M none Z maxgap G" and, for the
# first few samples with two holders, "multi T_MS HOLDERS".
VL_SAMPLER=$(cat <<'EOF'
import ctypes, os, socket, struct, sys, time
libc = ctypes.CDLL(None, use_errno=True)
ms, vip, names = int(sys.argv[1]), socket.inet_aton(sys.argv[2]), sys.argv[3:]
home = os.open("/proc/self/ns/net", os.O_RDONLY)
socks = []
for n in names:
    fd = os.open("/run/netns/" + n, os.O_RDONLY)
    if libc.setns(fd, 0x40000000) != 0:
        sys.exit("setns " + n + ": " + os.strerror(ctypes.get_errno()))
    s = socket.socket(socket.AF_NETLINK, socket.SOCK_RAW, 0)
    s.bind((0, 0))
    socks.append(s)
    os.close(fd)
libc.setns(home, 0x40000000)

def holds(s, seq):
    s.send(struct.pack("=IHHIIBBBBI", 24, 22, 0x301, seq, 0, 2, 0, 0, 0, 0))
    found = False
    while True:
        data = s.recv(65536)
        off = 0
        while off + 16 <= len(data):
            l, t = struct.unpack_from("=IH", data, off)
            if l < 16:
                return found
            if t == 3:
                return found
            if t == 2:
                raise OSError("netlink error")
            if t == 20:
                a, end = off + 24, off + l
                while a + 4 <= end:
                    alen, atype = struct.unpack_from("=HH", data, a)
                    if alen < 4:
                        break
                    if atype in (1, 2) and data[a + 4:a + alen] == vip:
                        found = True
                    a += (alen + 3) & ~3
            off += (l + 3) & ~3

t0 = time.monotonic()
nxt, n, multi, none, gap, last, seq, shown = t0, 0, 0, 0, 0.0, t0, 0, 0
while n < ms // 5 + 10:
    now = time.monotonic()
    gap = max(gap, now - last)
    last = now
    h = []
    for i, s in enumerate(socks):
        seq += 1
        if holds(s, seq):
            h.append(str(i + 1))
    n += 1
    if not h:
        none += 1
    elif len(h) > 1:
        multi += 1
        if shown < 5:
            shown += 1
            print("multi %d %s" % ((now - t0) * 1000, ",".join(h)))
    if now - t0 >= ms / 1000.0:
        break
    nxt += 0.01
    d = nxt - time.monotonic()
    if d > 0:
        time.sleep(d)
    else:
        nxt = time.monotonic()
print("samples %d multi %d none %d maxgap %d" % (n, multi, none, gap * 1000))
EOF
)

vl_sample()
{
	local ms=$1 vip=$2 k names= out
	vl_samples=0 vl_multi=0 vl_none=0 vl_maxgap=0 vl_multi_seen=
	for k in $(seq 1 "$VL_N"); do
		names="$names $(vl_ns "$k")"
	done
	out=$(timeout $((ms / 1000 + 10)) python3 -c "$VL_SAMPLER" "$ms" \
	    "$vip" $names 2>&1)
	vl_multi_seen=$(grep '^multi ' <<<"$out" | tr '\n' ';')
	out=$(grep '^samples ' <<<"$out") || return 1
	set -- $out
	vl_samples=$2 vl_multi=$4 vl_none=$6 vl_maxgap=$8
}

vl_cleanup()
{
	local k
	for k in $(seq 1 "$VL_N"); do
		vl_stop "$k" 2>/dev/null
	done
	for k in $(seq 1 "$VL_N"); do
		ip netns del "$(vl_ns "$k")" 2>/dev/null
	done
	ip netns del "$VL_SW" 2>/dev/null
	VL_N=0
	# VL_KEEP_LOGS=DIR keeps the daemons' logs (DIR/<pid>.<n>/).
	if [ -n "${VL_KEEP_LOGS:-}" ] && [ -n "$VL_DIR" ] && [ -d "$VL_DIR" ]
	then
		VL_RUN=$(( ${VL_RUN:-0} + 1 ))
		mkdir -p "$VL_KEEP_LOGS/$$.$VL_RUN" &&
		    cp "$VL_DIR"/*.log "$VL_KEEP_LOGS/$$.$VL_RUN/" 2>/dev/null
	fi
	[ -n "$VL_DIR" ] && [ -d "$VL_DIR" ] && rm -rf "$VL_DIR"
	VL_DIR=
}

# vl_skew_ms VERSION PRIO ADVERT_MS: keepalived's Skew_Time in ms (v2:
# (256 - prio) / 256 s; v3: (256 - prio) * interval / 256).
vl_skew_ms()
{
	if [ "$1" = 3 ]; then
		echo $(( (256 - $2) * $3 / 256 ))
	else
		echo $(( (256 - $2) * 1000 / 256 ))
	fi
}

# vl_down_ms VERSION PRIO ADVERT_MS: Master_Down_Interval in ms.
vl_down_ms()
{
	echo $(( 3 * $3 + $(vl_skew_ms "$1" "$2" "$3") ))
}

# vl_conf FILE key=value...: write a VRRP-only config from these keys:
#	state (BACKUP) prio (100) vrid (51) advert (1) version (2)
#	vip (192.0.2.100/24) extra (lines added to the instance, '\n' and
#	'\t' escapes) peers (unicast peers, space-separated) src (unicast_src_ip)
vl_conf()
{
	local f=$1 state=BACKUP prio=100 vrid=51 advert=1 version=2
	local vip=192.0.2.100/24 extra= peers= src= kv p
	shift
	for kv in "$@"; do
		case $kv in
		state=*) state=${kv#*=} ;;
		prio=*) prio=${kv#*=} ;;
		vrid=*) vrid=${kv#*=} ;;
		advert=*) advert=${kv#*=} ;;
		version=*) version=${kv#*=} ;;
		vip=*) vip=${kv#*=} ;;
		extra=*) extra=${kv#*=} ;;
		peers=*) peers=${kv#*=} ;;
		src=*) src=${kv#*=} ;;
		esac
	done
	{
		printf 'global_defs {\n\trouter_id %s\n' "${f##*/}"
		printf '\tvrrp_version %s\n}\n' "$version"
		printf 'vrrp_instance VI_1 {\n\tstate %s\n' "$state"
		printf '\tinterface %s\n\tvirtual_router_id %s\n' "$VL_IF" "$vrid"
		printf '\tpriority %s\n\tadvert_int %s\n' "$prio" "$advert"
		[ -n "$extra" ] && printf "\t$extra\n"
		if [ -n "$peers" ]; then
			[ -n "$src" ] && printf '\tunicast_src_ip %s\n' "$src"
			printf '\tunicast_peer {\n'
			for p in $peers; do
				printf '\t\t%s\n' "$p"
			done
			printf '\t}\n'
		fi
		printf '\tvirtual_ipaddress {\n\t\t%s\n\t}\n}\n' "$vip"
	} >"$f"
}

# Reporting helpers for the suites --------------------------------------

# show_nodes: failure details: who holds $VIP and the last $VL_SHOW_LINES
# (default 12) lines of every node's log.  A suite with other state to
# show defines its own show_nodes after sourcing this file.
show_nodes()
{
	local k
	echo "      holders of $VIP: [$(vl_holders "$VIP")]"
	for k in $(seq 1 "$VL_N"); do
		echo "      node $k log:"
		show_log "$(vl_log "$k")" "${VL_SHOW_LINES:-12}"
	done
}

# expect_within TEXT MS COMMAND...: COMMAND succeeds within MS ms
# (polled), one ok/FAIL line with the time it took; show_nodes on failure.
expect_within()
{
	local t=$1 ms=$2
	shift 2
	if wait_until "$ms" "$@"; then
		ok "$t within $ms ms ($waited_ms ms)"
		return 0
	fi
	fail "$t within $ms ms (not after $waited_ms ms)" "$(show_nodes)"
	return 1
}

# log_count K ERE: lines of node K's log matching ERE.
log_count()
{
	grep -Ec "$2" "$(vl_log "$1")" 2>/dev/null
}

# The suites' driver: a suite defines its case_NAME functions and
# ALL_CASES, then ends with
#
#	vl_drive LABEL "$here/SCRIPT" "$@"
#
# "SCRIPT --case BIN NAME" runs one case; otherwise each named case (all
# by default) runs in a fresh bash under a time limit, its "ok"/"FAIL"
# lines are counted, and the last line is "LABEL: N passed, M failed".
# A case that died or printed nothing counts as a failure.  Set before
# the call, all optional:
#	VL_CLEANUP	the case's EXIT trap (default vl_cleanup)
#	VL_TIMEOUT	seconds per case (default 120; CASE_TIMEOUT wins)
#	VL_KA_CASES	globs of the cases that need keepalived at $KA
#	VL_BANNER	said after the binary on the first line
vl_needs_ka()
{
	local -a globs
	local g

	read -ra globs <<<"${VL_KA_CASES:-}"	# read does not expand globs
	for g in "${globs[@]}"; do
		# shellcheck disable=SC2053 # g is a glob
		[[ $1 == $g ]] && return 0
	done
	return 1
}

vl_drive()
{
	local label=$1 script=$2 c out rc p f cases
	local passed=0 failed=0

	shift 2
	if [ "${1:-}" = --case ]; then
		BIN=$2
		trap "${VL_CLEANUP:-vl_cleanup}" EXIT
		trap 'exit 143' TERM INT
		"case_$3"
		exit 0
	fi
	BIN=${1:-$(dirname "$script")/../../build/keepalived}
	[ $# -gt 0 ] && shift
	case $BIN in /*) ;; *) BIN=$(pwd)/$BIN ;; esac
	cases=${*:-$ALL_CASES}
	if [ "$(id -u)" -ne 0 ]; then
		echo "$label: needs root (ip netns, unshare, mounts)"
		echo "$label: 0 passed, 1 failed"
		exit 1
	fi
	if [ ! -x "$BIN" ]; then
		echo "$label: no binary at $BIN"
		echo "$label: 0 passed, 1 failed"
		exit 1
	fi
	echo "$label: $BIN${VL_BANNER:+ ($VL_BANNER)}"
	for c in $cases; do
		if vl_needs_ka "$c" && [ ! -x "${KA:-}" ]; then
			echo "FAIL  $c: no keepalived at ${KA:-}"
			failed=$((failed + 1))
			continue
		fi
		out=$(timeout -k 5 "${CASE_TIMEOUT:-${VL_TIMEOUT:-120}}" \
		    bash "$script" --case "$BIN" "$c" 2>&1)
		rc=$?
		[ -n "$out" ] && printf '%s\n' "$out"
		p=$(grep -c '^ok    ' <<<"$out")
		f=$(grep -c '^FAIL  ' <<<"$out")
		if [ "$rc" -ne 0 ]; then
			echo "FAIL  $c: the case did not finish (status $rc;" \
			    "124: over its time limit)"
			f=$((f + 1))
		fi
		if [ "$p" -eq 0 ] && [ "$f" -eq 0 ]; then
			echo "FAIL  $c: the case printed no result"
			f=1
		fi
		passed=$((passed + p))
		failed=$((failed + f))
	done
	echo "$label: $passed passed, $failed failed"
	[ "$failed" -eq 0 ]
	exit
}
