#!/bin/bash
# tests/vm/ipvs.sh: Vigil's IPVS layer on a real IPVS kernel.
#
# This host's kernel has no IPVS, so the test boots Debian's cloud kernel
# under qemu (tests/vm/lib.sh) and runs tests/vm/ipvs-guest.sh inside it:
# keepalived 2.2.7, Vigil's daemon and tests/vm/lvs_probe.c program the
# virtual servers of tests/vm/ipvs.conf in turn; Vigil's `ipvsadm -Ln`
# tables must equal keepalived's, a failed real server must leave (or go
# to weight 0 with inhibit_on_failure) and come back, and stopping must
# remove everything.  Last line: "vm-ipvs: N passed, M failed".
#
#   tests/vm/ipvs.sh            (root; BUILD=build-vm by default)
#
# Needs root for apt-get; the first run downloads about 45 MB (qemu,
# busybox-static, the kernel package), later runs use the cache.
set -u

here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
BUILD=${BUILD:-build-vm}
. "$here/lib.sh"

work=$(mktemp -d /tmp/vigil-vm-ipvs.XXXXXX)
trap 'rm -rf "$work"' EXIT

vm_prepare || { echo "vm-ipvs: 0 passed, 1 failed (no VM)"; exit 1; }

# Vigil and the probe, linked from the project's static libraries.
make -s -C "$top" BUILD="$BUILD" >/dev/null ||
    { echo "vm-ipvs: 0 passed, 1 failed (build)"; exit 1; }
. <(sed -n 's/^\(MNL_LIBS\|MARIADB_LIBS\) = \(.*\)/\1="\2"/p' "$top/config.mk")
gcc -std=gnu11 -D_GNU_SOURCE -O2 -g -I"$top" -I"$top/lib" \
    -I"$top/parser" -I"$top/checker" -I"$top/core" \
    -o "$work/lvs_probe" "$here/lvs_probe.c" -Wl,--start-group \
    "$top/$BUILD"/libcore.a "$top/$BUILD"/libvrrp.a \
    "$top/$BUILD"/libchecker.a "$top/$BUILD"/libparser.a \
    "$top/$BUILD"/liblib.a -Wl,--end-group ${MNL_LIBS:--lmnl} \
    ${MARIADB_LIBS:-} ||
    { echo "vm-ipvs: 0 passed, 1 failed (probe build)"; exit 1; }

root=$work/root
mkdir -p "$root/conf" "$root/vigil"
vm_add_bin "$root" "$top/$BUILD/keepalived" /vigil/keepalived
vm_add_bin "$root" "$work/lvs_probe" /vigil/lvs_probe
# iproute2 for the veth pair (busybox ip cannot make one).
vm_add_bin "$root" "$(command -v ip)" /vigil/ip
# VM_ONLY=sync runs only the sync daemon and reload part (quicker).
echo "${VM_ONLY:-}" >"$root/conf/only"
cp "$here/ipvs.conf" "$root/conf/ipvs.conf"
# veth for the sync daemon case (a multicast-capable link in the guest).
mkdir -p "$root/mods2"
cp "$(find "$VM_CACHE/kernel/lib/modules" -name veth.ko | head -n 1)" \
    "$root/mods2/" || { echo "vm-ipvs: 0 passed, 1 failed (veth.ko)"; exit 1; }
cp "$here/ipvs-guest.sh" "$root/test.sh"
cat >"$root/init" <<'EOF'
#!/bin/busybox sh
/bin/busybox mkdir -p /usr/bin /usr/sbin
/bin/busybox --install -s
mount -t proc proc /proc
mount -t sysfs sys /sys
mount -t devtmpfs dev /dev
mount -t tmpfs tmp /tmp
for m in $(cat /mods/order); do insmod /mods/$m || echo "insmod $m failed"; done
insmod /mods2/veth.ko || echo "insmod veth.ko failed"
ip link set lo up
sh /test.sh >/dev/ttyS1 2>&1
echo "vm-exit: $?" >/dev/ttyS1
# reboot=t and qemu -no-reboot: the reboot ends qemu.
reboot -f
EOF
chmod 0755 "$root/init" "$root/test.sh"
vm_cpio "$root" "$work/test.cpio"
cat "$VM_CACHE/base.cpio" "$work/test.cpio" >"$work/initrd.cpio"

start=$(date +%s)
vm_boot "$work/initrd.cpio" "$work/out" "${VM_TIMEOUT:-300}"
rc=$?
cat "$work/out"
echo "# VM ran $(($(date +%s) - start)) s (qemu status $rc)"
if ! grep -q '^vm-ipvs: ' "$work/out"; then
	echo "# kernel console (tail):"
	tail -n 30 "$work/out.console" | sed 's/^/#   /'
	echo "vm-ipvs: 0 passed, 1 failed (no result from the VM)"
	exit 1
fi
grep -q '^vm-ipvs: [0-9]* passed, 0 failed' "$work/out"
