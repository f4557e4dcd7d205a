#!/bin/bash
# bench/checker.sh: the checker child with 10,000 TCP_CHECKs at delay_loop
# 1 s against local listeners: CPU time and memory of Vigil's checker
# against keepalived 2.2.7's on the same configuration, as ratios.
#
#   sudo bench/checker.sh [-q] [VIGIL_BINARY]
#
# keepalived's checker cannot run without IPVS, which this host's kernel
# lacks, so both run in the VM of tests/vm (Debian's cloud kernel under
# qemu, busybox initramfs, Debian's keepalived 2.2.7 inside) one after the
# other, in one boot.  bench/checker-guest.sh does the measuring.
#
# Environment:
#   N_RS=10000     real servers (100 per virtual server), one TCP_CHECK each
#   WINDOW=60      measuring window, seconds
#   WARMUP=20      seconds between "every real server in IPVS" and the window
#   IMPLS="keepalived vigil"   which daemons, in this order
#   ROUNDS=1       run the daemons in turn this many times (host load
#                  drifts: under TCG alternating rounds are fairer)
#   VM_SMP=2 VM_MEM=1024       the VM (tests/vm/lib.sh); VM_ACCEL=kvm|tcg;
#                              with VM_SMP > 1, VM_CMDLINE drops acpi=off
#   BUILD=build    where VIGIL_BINARY is by default (BUILD/keepalived)
# -q (quick smoke run): N_RS=1000 WINDOW=10 WARMUP=5 unless set.
set -u

here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/.." && pwd)
if [ "${1:-}" = -q ]; then
	N_RS=${N_RS:-1000} WINDOW=${WINDOW:-10} WARMUP=${WARMUP:-5}
	shift
fi
N_RS=${N_RS:-10000}
WINDOW=${WINDOW:-60}
WARMUP=${WARMUP:-20}
IMPLS=${IMPLS:-keepalived vigil}
ROUNDS=${ROUNDS:-1}
export VM_SMP=${VM_SMP:-2} VM_MEM=${VM_MEM:-1024}
vigil=$(readlink -f "${1:-$top/${BUILD:-build}/keepalived}")
[ -x "$vigil" ] || { echo "bench-checker: no $vigil (run make)" >&2; exit 1; }

. "$top/tests/vm/lib.sh"
# lib.sh boots with acpi=off, and without ACPI the kernel finds one CPU.
if [ "$VM_SMP" -gt 1 ] && [ -z "${VM_CMDLINE:-}" ]; then
	VM_CMDLINE=${VM_CMDLINE_DEFAULT/ acpi=off/}
fi

work=$(mktemp -d /tmp/vigil-bench-checker.XXXXXX)
trap 'rm -rf "$work"' EXIT

# gen N: N real servers, 100 per virtual server; the real servers are
# 127.1.0.1 ... (distinct addresses, all local on lo), port 8080.
gen()
{
	local n=$1 v r nvs per
	nvs=$(((n + 99) / 100))
	echo "global_defs {"
	echo "    router_id bench_checker"
	echo "    checker_log_all_failures"
	echo "}"
	for ((v = 0; v < nvs; v++)); do
		per=$((n - v * 100 < 100 ? n - v * 100 : 100))
		cat <<EOT
virtual_server 10.10.$((v / 250)).$((v % 250 + 1)) 80 {
    delay_loop 1
    lb_algo rr
    lb_kind NAT
    protocol TCP
EOT
		for ((r = 0; r < per; r++)); do
			printf '    real_server 127.%d.%d.%d 8080 {\n' \
			    $((1 + v / 250)) $((v % 250)) $((r + 1))
			printf '        weight 1\n        TCP_CHECK {\n'
			printf '            connect_timeout 2\n        }\n    }\n'
		done
		echo "}"
	done
}

vm_prepare || { echo "bench-checker: no VM" >&2; exit 1; }

root=$work/root
mkdir -p "$root/conf" "$root/vigil" "$root/bench"
gcc -std=gnu11 -D_GNU_SOURCE -O2 -Wall -static -o "$root/bench/tcp_sink" \
    "$here/tcp_sink.c" || { echo "bench-checker: tcp_sink build failed" >&2; exit 1; }
vm_add_bin "$root" "$vigil" /vigil/keepalived
gen "$N_RS" >"$root/conf/checker.conf"
# Start-up with every real server (parsing, IPVS) is slow under TCG.
start_timeout=$((60 + N_RS / 50))
cat >"$root/conf/env" <<EOF
N_RS=$N_RS
WINDOW=$WINDOW
WARMUP=$WARMUP
IMPLS="$IMPLS"
ROUNDS=$ROUNDS
START_TIMEOUT=$start_timeout
EOF
cp "$here/checker-guest.sh" "$root/test.sh"
cat >"$root/init" <<'EOF'
#!/bin/busybox sh
/bin/busybox mkdir -p /usr/bin /usr/sbin
/bin/busybox --install -s
mount -t proc proc /proc
mount -t sysfs sys /sys
mount -t devtmpfs dev /dev
mount -t tmpfs tmp /tmp
for m in $(cat /mods/order); do insmod /mods/$m || echo "insmod $m failed"; done
ip link set lo up
sh /test.sh >/dev/ttyS1 2>&1
echo "vm-exit: $?" >/dev/ttyS1
reboot -f
EOF
chmod 0755 "$root/init" "$root/test.sh"
vm_cpio "$root" "$work/test.cpio"
cat "$VM_CACHE/base.cpio" "$work/test.cpio" >"$work/initrd.cpio"

nimpl=$(($(echo $IMPLS | wc -w) * ROUNDS))
deadline=$((120 + nimpl * (2 * start_timeout + WARMUP + WINDOW + 90)))
echo "# $(grep -c ^processor /proc/cpuinfo) host CPUs, load $(cut -d' ' -f1-3 /proc/loadavg);" \
    "VM: ${VM_SMP} vCPUs, ${VM_MEM} MiB; N_RS=$N_RS WARMUP=$WARMUP WINDOW=$WINDOW"
start=$(date +%s)
vm_boot "$work/initrd.cpio" "$work/out" "$deadline"
rc=$?
echo "# VM ($VM_ACCEL_USED) ran $(($(date +%s) - start)) s (qemu status $rc)"
grep '^#' "$work/out"
if ! grep -q '^result ' "$work/out"; then
	echo "# kernel console (tail):"
	tail -n 30 "$work/out.console" | sed 's/^/#   /'
	echo "bench-checker: no result from the VM" >&2
	exit 1
fi

echo "# host load after: $(cut -d' ' -f1-3 /proc/loadavg)"

# result NAME SECS UTICKS STICKS HZ RSS HWM CONNECTS DESTS_START DESTS_END
# One row per run; with ROUNDS > 1 also the sums over the rounds of each
# daemon (CPU and connections added up, memory the largest), and the
# ratios from those.
grep '^result ' "$work/out" | awk -v rounds="$ROUNDS" '
function row(label, secs, ut, st, hz, r, h, conn, dst) {
	printf "%-16s %9.1f %8.1f %8.1f %10d %10d %10.0f %8s %12s\n", label,
	    (ut + st) * 1000 / hz / secs, ut * 1000 / hz / secs,
	    st * 1000 / hz / secs, r, h, conn / secs,
	    (conn > 0 ? sprintf("%.0f", (ut + st) * 1000000 / hz / conn) : "-"),
	    dst
}
function rat(a, b) { return b > 0 ? sprintf("%.2f", a / b) : "-" }
BEGIN {
	printf "\n%-16s %9s %8s %8s %10s %10s %10s %8s %12s\n", "", "cpu ms/s",
	    "user", "sys", "VmRSS KiB", "VmHWM KiB", "connects/s", "us/conn",
	    "dests in/end"
}
{
	n = $2; k[n]++
	row(rounds > 1 ? n "#" k[n] : n, $3, $4, $5, $6, $7, $8, $9, $10 "/" $11)
	S[n] += $3; U[n] += $4; T[n] += $5; H = $6; C[n] += $9
	if ($7 > R[n]) R[n] = $7
	if ($8 > W[n]) W[n] = $8
	if (k[n] == 1 || $11 < D[n]) D[n] = $11
}
END {
	if (rounds > 1)
		for (i = 1; i <= 2; i++) {
			n = i == 1 ? "keepalived" : "vigil"
			if (n in S)
				row(n " (all)", S[n], U[n], T[n], H, R[n],
				    W[n], C[n], "min " D[n])
		}
	if (!("keepalived" in S) || !("vigil" in S))
		exit
	a = "keepalived"; b = "vigil"
	printf "%-16s %9s %8s %8s %10s %10s %10s %8s\n", "vigil/ka",
	    rat((U[b] + T[b]) / S[b], (U[a] + T[a]) / S[a]),
	    rat(U[b] / S[b], U[a] / S[a]), rat(T[b] / S[b], T[a] / S[a]),
	    rat(R[b], R[a]), rat(W[b], W[a]), rat(C[b] / S[b], C[a] / S[a]),
	    (C[a] > 0 && C[b] > 0 ?
	    rat((U[b] + T[b]) / C[b], (U[a] + T[a]) / C[a]) : "-")
}'
