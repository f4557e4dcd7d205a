#!/bin/bash
# bench/vrrp.sh: CPU and memory of the VRRP child with 1, 100 and 1,000
# instances at advert_int 1, for keepalived 2.2.7 and Vigil in the same run.
#
#   sudo bench/vrrp.sh [VIGIL_BINARY] [SECONDS]
#
# Each daemon runs alone (-P) in a PID + mount + network namespace of its
# own with four veth interfaces (250 VRIDs each), so every instance becomes
# MASTER and sends one advert a second.  After start-up settles, the VRRP
# child's CPU time (utime + stime from /proc/PID/stat) is sampled over
# SECONDS (default 20) and its VmRSS read at the end.
set -u
cd "$(dirname "$0")/.." || exit 1
vigil=$(readlink -f "${1:-build/keepalived}")
secs=${2:-20}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# gen N: a config with N instances spread over eth0..eth3.
gen()
{
	local n=$1 i ifn vrid
	for ((i = 0; i < n; i++)); do
		ifn=$((i / 250)); vrid=$((i % 250 + 1))
		cat <<EOT
vrrp_instance VI_$i {
    state MASTER
    interface eth$ifn
    virtual_router_id $vrid
    priority 100
    advert_int 1
    virtual_ipaddress {
        10.$((ifn + 1)).$((vrid / 250)).$((vrid % 250 + 1))/32
    }
}
EOT
	done
}

# measure BINARY CONF: "cpu_ms_per_s rss_kib" of the VRRP child.
measure()
{
	unshare --pid --fork --mount --net --mount-proc bash -c '
		mount --make-rprivate /
		mount -t tmpfs tmpfs /run
		cp "$2" /run/bench.conf	# before /tmp, where it lives, is hidden
		mount -t tmpfs tmpfs /tmp
		ip link set lo up
		for i in 0 1 2 3; do
			ip link add eth$i type veth peer name peer$i
			ip addr add 192.0.$((i + 2)).1/24 dev eth$i
			ip link set eth$i up; ip link set peer$i up
		done
		"$1" -P -G -f /run/bench.conf || exit 1
		for i in $(seq 200); do
			[ -f /run/vrrp.pid ] && break
			sleep 0.05
		done
		pid=$(cat /run/vrrp.pid)
		sleep 6		# every instance MASTER (3 s + skew)
		t0=$(awk "{print \$14 + \$15}" /proc/$pid/stat)
		sleep "$3"
		t1=$(awk "{print \$14 + \$15}" /proc/$pid/stat)
		rss=$(awk "/^VmRSS/ {print \$2}" /proc/$pid/status)
		hz=$(getconf CLK_TCK)
		awk -v a="$t0" -v b="$t1" -v s="$3" -v hz="$hz" -v r="$rss" \
		    "BEGIN { printf \"%.2f %d\n\", (b - a) * 1000 / hz / s, r }"
		kill $(cat /run/keepalived.pid)
	' measure "$1" "$2" "$secs"
}

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "-" }'; }

printf '%-10s %22s %22s %14s\n' instances "keepalived cpu/rss" "vigil cpu/rss" "ratio cpu/rss"
for n in 1 100 1000; do
	gen "$n" > "$tmp/vrrp-$n.conf"
	read -r kc kr < <(measure /usr/sbin/keepalived "$tmp/vrrp-$n.conf")
	read -r vc vr < <(measure "$vigil" "$tmp/vrrp-$n.conf")
	printf '%-10s %12s ms/s %5s KiB %12s ms/s %5s KiB %6s / %s\n' "$n" \
	    "$kc" "$kr" "$vc" "$vr" "$(ratio "$vc" "$kc")" "$(ratio "$vr" "$kr")"
done
