#!/bin/bash
# bench/rss.sh: resident memory of each daemon process after start with
# the seed configuration, for keepalived 2.2.7 and Vigil in the same run.
#
#   sudo bench/rss.sh [VIGIL_BINARY]
#
# Each daemon runs in a PID + mount + network namespace of its own, with
# private /run and /tmp and a veth named ens33 (the seed's interface).
# The seed has a virtual_server: keepalived's checker dies without IPVS
# in the kernel (and takes the daemon with it), so both run with -P
# (VRRP only) for the comparison; Vigil is also measured with its
# checker, which keeps running without IPVS.
set -u
cd "$(dirname "$0")/.." || exit 1
vigil=$(readlink -f "${1:-build/keepalived}")
seed=$(readlink -f tests/config/files/seeds/seed000-master.conf)

# measure BINARY ARGS...: print "parent vrrp checker" VmRSS in KiB.
measure()
{
	unshare --pid --fork --mount --net --mount-proc bash -c '
		mount --make-rprivate /
		mount -t tmpfs tmpfs /run
		mount -t tmpfs tmpfs /tmp
		ip link set lo up
		ip link add ens33 type veth peer name ens33p
		ip addr add 192.168.222.128/24 dev ens33
		ip link set ens33 up; ip link set ens33p up
		"$@" -G -f '"$seed"' || exit 1
		rss() { [ -f "$1" ] && awk "/^VmRSS/ {print \$2}" \
		    /proc/$(cat "$1")/status 2>/dev/null || echo -; }
		for i in $(seq 100); do
			[ -f /run/keepalived.pid ] && [ -f /run/vrrp.pid ] && break
			sleep 0.05
		done
		sleep 2		# let start-up allocations settle
		echo "$(rss /run/keepalived.pid) $(rss /run/vrrp.pid)" \
		    "$(rss /run/checkers.pid)"
		kill $(cat /run/keepalived.pid)
	' measure "$@"
}

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "-" }'; }

read -r kp kv kc < <(measure /usr/sbin/keepalived -P)
read -r vp vv vc < <(measure "$vigil" -P)
read -r fp fv fc < <(measure "$vigil")
printf '%-28s %10s %10s %10s\n' "VmRSS KiB" parent vrrp checker
printf '%-28s %10s %10s %10s\n' "keepalived 2.2.7 -P" "$kp" "$kv" "$kc"
printf '%-28s %10s %10s %10s\n' "vigil -P" "$vp" "$vv" "$vc"
printf '%-28s %10s %10s %10s\n' "vigil (with checker)" "$fp" "$fv" "$fc"
echo "ratio vigil/keepalived: parent $(ratio "$vp" "$kp"), vrrp $(ratio "$vv" "$kv")"
