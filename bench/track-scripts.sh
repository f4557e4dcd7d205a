#!/bin/bash
# bench/track-scripts.sh: with 100 track_scripts at interval 1 s, the VRRP
# child's CPU against keepalived 2.2.7's, in the same run.
#
#   sudo bench/track-scripts.sh [-s SCRIPTS] [-i INSTANCES] [-t SECONDS]
#	[VIGIL_BINARY]
#
# The configuration: SCRIPTS (default 100) vrrp_scripts running /bin/true
# every second, and INSTANCES (default 1) VRRP instances, state MASTER,
# advert_int 1, each tracking every script.  Each daemon runs alone (-P -G)
# in a PID + mount + network namespace of its own (veth eth0, the config
# copied into a private /run before a tmpfs hides /tmp).  After start-up
# settles (SETTLE seconds, default 6: every instance MASTER, every script
# run a few times), the VRRP child is sampled over SECONDS (default 20):
#
#   self	its own CPU time (utime + stime of /proc/PID/stat)
#   children	the CPU time of its reaped children, the scripts
#		(cutime + cstime): the cost of fork + exec + /bin/true
#   rss		its VmRSS at the end
#   scripts/s	processes created per second in the namespace (the
#		growth of its last pid; all but a handful are scripts)
#
# and the ratios Vigil / keepalived.  Not part of tests/run.
set -u
export LC_ALL=C
cd "$(dirname "$0")/.." || exit 1
NSCRIPTS=100
NINST=1
SECS=20
SETTLE=${SETTLE:-6}
KA=${KA:-/usr/sbin/keepalived}
while getopts s:i:t: o; do
	case $o in
	s) NSCRIPTS=$OPTARG ;;
	i) NINST=$OPTARG ;;
	t) SECS=$OPTARG ;;
	*) echo "usage: $0 [-s SCRIPTS] [-i INSTANCES] [-t SECONDS]" \
	    "[VIGIL_BINARY]" >&2; exit 2 ;;
	esac
done
shift $((OPTIND - 1))
VIGIL=$(readlink -f "${1:-build/keepalived}")

if [ "$(id -u)" -ne 0 ]; then
	echo "bench/track-scripts.sh: needs root (unshare, mounts)" >&2
	exit 1
fi
for b in "$VIGIL" "$KA"; do
	[ -x "$b" ] ||
	    { echo "bench/track-scripts.sh: no binary at $b" >&2; exit 1; }
done
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

gen()
{
	local i j
	printf 'global_defs {\n    router_id bench\n}\n'
	for ((j = 0; j < NSCRIPTS; j++)); do
		printf 'vrrp_script chk_%d {\n    script "/bin/true"\n' "$j"
		printf '    interval 1\n}\n'
	done
	for ((i = 0; i < NINST; i++)); do
		cat <<EOT
vrrp_instance VI_$i {
    state MASTER
    interface eth0
    virtual_router_id $((i + 1))
    priority 100
    advert_int 1
    virtual_ipaddress {
        192.0.2.$((i + 101))/32
    }
    track_script {
EOT
		for ((j = 0; j < NSCRIPTS; j++)); do
			printf '        chk_%d\n' "$j"
		done
		printf '    }\n}\n'
	done
}

# measure BINARY CONF: "self_ms_per_s children_ms_per_s rss_kib runs_per_s"
# of the VRRP child, or "fail REASON".
measure()
{
	unshare --pid --fork --mount --net --mount-proc bash -c '
		mount --make-rprivate /
		mount -t tmpfs tmpfs /run
		cp "$2" /run/bench.conf	# before /tmp, where it lives, is hidden
		mount -t tmpfs tmpfs /tmp
		ip link set lo up
		ip link add eth0 type veth peer name peer0
		ip addr add 192.0.2.1/24 dev eth0
		ip link set eth0 up; ip link set peer0 up
		"$1" -P -G -f /run/bench.conf || { echo fail start; exit 1; }
		for i in $(seq 200); do
			[ -s /run/vrrp.pid ] && break
			sleep 0.05
		done
		pid=$(cat /run/vrrp.pid 2>/dev/null)
		[ -n "$pid" ] || { echo fail no VRRP child; exit 1; }
		sleep "$4"
		[ -r /proc/$pid/stat ] || { echo fail VRRP child died; exit 1; }
		# The last pid handed out in this PID namespace.
		lastpid() { sh -c "echo \$\$"; }
		read -r s0 c0 < <(awk "{ print \$14 + \$15, \$16 + \$17 }" \
		    /proc/$pid/stat)
		p0=$(lastpid)
		sleep "$3"
		read -r s1 c1 < <(awk "{ print \$14 + \$15, \$16 + \$17 }" \
		    /proc/$pid/stat)
		p1=$(lastpid)
		rss=$(awk "/^VmRSS/ { print \$2 }" /proc/$pid/status)
		hz=$(getconf CLK_TCK)
		awk -v s0="$s0" -v s1="$s1" -v c0="$c0" -v c1="$c1" \
		    -v p0="$p0" -v p1="$p1" -v t="$3" -v hz="$hz" -v r="$rss" \
		    "BEGIN { printf \"%.2f %.2f %d %.1f\n\",
			(s1 - s0) * 1000 / hz / t, (c1 - c0) * 1000 / hz / t,
			r, (p1 - p0 - 1) / t }"
		kill $(cat /run/keepalived.pid)
	' measure "$1" "$2" "$SECS" "$SETTLE"
}

ratio()
{
	awk -v a="$1" -v b="$2" 'BEGIN {
		if (b > 0) printf "%.2f", a / b; else print "-" }'
}

gen >"$tmp/track.conf"
echo "bench/track-scripts.sh: $NSCRIPTS vrrp_scripts (/bin/true, interval 1)" \
    "tracked by $NINST instance(s); ${SECS} s after ${SETTLE} s of settling"
read -r ks kc kr kn < <(measure "$KA" "$tmp/track.conf")
read -r vs vc vr vn < <(measure "$VIGIL" "$tmp/track.conf")
for x in "$ks" "$vs"; do
	[ "$x" = fail ] && { echo "a daemon failed: keepalived: $ks $kc $kr;" \
	    "vigil: $vs $vc $vr" >&2; exit 1; }
done
printf '%-11s %12s %16s %10s %12s\n' "" "self ms/s" "children ms/s" \
    "RSS KiB" "scripts/s"
printf '%-11s %12s %16s %10s %12s\n' keepalived "$ks" "$kc" "$kr" "$kn"
printf '%-11s %12s %16s %10s %12s\n' vigil "$vs" "$vc" "$vr" "$vn"
printf '%-11s %12s %16s %10s %12s\n' vigil/ka "$(ratio "$vs" "$ks")" \
    "$(ratio "$vc" "$kc")" "$(ratio "$vr" "$kr")" "$(ratio "$vn" "$kn")"
