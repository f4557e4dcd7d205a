# tests/vm/lib.sh: boot Debian's cloud kernel (which has IPVS as modules)
# under qemu with a tiny initramfs, run a script inside, read its output
# from a second serial port.  Sourced by the tests in this directory.
#
# Cached under $VM_CACHE (default ${XDG_CACHE_HOME:-/var/cache}/vigil-vm),
# never in the repository: the kernel package (apt-get download, dpkg -x),
# the decompressed vmlinux (booted directly: PVH), and base.cpio (busybox,
# kernel modules, ipvsadm and Debian's keepalived with their libraries).
# A test appends its own cpio (binaries under test, scripts, configs):
# the kernel unpacks concatenated archives in order.
#
#   vm_prepare                 packages, kernel, base image (cached)
#   vm_add_bin ROOT FILE [DST] copy an executable and what ldd lists
#   vm_cpio ROOT OUT           archive a directory (newc, uncompressed)
#   vm_boot CPIO OUT [SECS]    boot; the guest's /dev/ttyS1 lands in OUT

VM_CACHE=${VM_CACHE:-${XDG_CACHE_HOME:-/var/cache}/vigil-vm}
# Pin the kernel for reproducible runs: VM_KPKG=linux-image-6.1.0-56-cloud-amd64
VM_KPKG=${VM_KPKG:-}
VM_MODS="lib/libcrc32c.ko net/ipv4/netfilter/nf_defrag_ipv4.ko
net/ipv6/netfilter/nf_defrag_ipv6.ko net/netfilter/nf_conntrack.ko
net/netfilter/ipvs/ip_vs.ko net/netfilter/ipvs/ip_vs_rr.ko
net/netfilter/ipvs/ip_vs_wrr.ko net/netfilter/ipvs/ip_vs_lc.ko
net/netfilter/ipvs/ip_vs_wlc.ko net/netfilter/ipvs/ip_vs_sh.ko
net/netfilter/ipvs/ip_vs_mh.ko net/netfilter/ipvs/ip_vs_sed.ko
net/netfilter/ipvs/ip_vs_nq.ko net/netfilter/ipvs/ip_vs_dh.ko"

VM_CMDLINE_DEFAULT="console=ttyS0 rdinit=/init panic=-1 cryptomgr.notests acpi=off reboot=t tsc=reliable no_timer_check i8042.noaux i8042.nokbd"

vm_log() { printf '%s\n' "vm: $*" >&2; }

vm_need_pkgs() {
	local missing="" p
	for p in "$@"; do
		dpkg -s "$p" >/dev/null 2>&1 || missing="$missing $p"
	done
	[ -z "$missing" ] && return 0
	vm_log "installing$missing"
	DEBIAN_FRONTEND=noninteractive apt-get install -y -q \
	    --no-install-recommends $missing >/dev/null
}

vm_kernel_pkg() {
	if [ -n "$VM_KPKG" ]; then
		echo "$VM_KPKG"
		return
	fi
	apt-cache depends linux-image-cloud-amd64 2>/dev/null |
	    awk '/Depends: linux-image-[0-9]/ { print $2; exit }'
}

# Copy FILE (and the libraries ldd lists, with the loader) into ROOT.
vm_add_bin() {
	local root=$1 file=$2 dst=${3:-$2} lib
	mkdir -p "$root/$(dirname "$dst")"
	cp -L "$file" "$root/$dst"
	for lib in $(ldd "$file" 2>/dev/null |
	    awk '/=> \// { print $3 } /^\t\/[^ ]+ \(/ { print $1 }'); do
		[ -e "$root$lib" ] && continue
		mkdir -p "$root$(dirname "$lib")"
		cp -L "$lib" "$root$lib"
	done
}

vm_cpio() {
	(cd "$1" && find . | busybox cpio -o -H newc 2>/dev/null) >"$2"
}

vm_base_image() {
	local kver=$1 root=$VM_CACHE/base.d m f
	rm -rf "$root"
	mkdir -p "$root"/bin "$root"/sbin "$root"/etc "$root"/proc \
	    "$root"/sys "$root"/dev "$root"/tmp "$root"/run "$root"/mods \
	    "$root"/var/run "$root"/www
	cp /bin/busybox "$root/bin/busybox"
	for m in $VM_MODS; do
		f=$VM_CACHE/kernel/lib/modules/$kver/kernel/$m
		[ -f "$f" ] || { vm_log "missing module $m"; return 1; }
		cp "$f" "$root/mods/"
	done
	printf '%s\n' $VM_MODS | sed 's|.*/||' >"$root/mods/order"
	vm_add_bin "$root" /usr/sbin/ipvsadm
	vm_add_bin "$root" /usr/sbin/keepalived
	echo 'root:x:0:0:root:/root:/bin/sh' >"$root/etc/passwd"
	echo 'root:x:0:' >"$root/etc/group"
	echo 'hello' >"$root/www/index.html"
	vm_cpio "$root" "$VM_CACHE/base.cpio.tmp" &&
	    mv "$VM_CACHE/base.cpio.tmp" "$VM_CACHE/base.cpio"
	rm -rf "$root"
}

# Decompress the bzImage's LZ4 payload into the ELF vmlinux (PVH boot).
vm_vmlinux() {
	local z=$1 out=$2 off
	off=$(grep -aobUP '\x02\x21\x4c\x18' "$z" | head -n 1 | cut -d: -f1)
	[ -n "$off" ] || { vm_log "no LZ4 payload in $z"; return 1; }
	tail -c +$((off + 1)) "$z" | lz4 -dc >"$out.tmp" 2>/dev/null
	# lz4 stops with an error at the trailing data: check the ELF.
	head -c 4 "$out.tmp" | grep -q 'ELF' || { vm_log "bad vmlinux"; return 1; }
	mv "$out.tmp" "$out"
}

vm_prepare() {
	local pkg kver deb
	vm_need_pkgs qemu-system-x86 busybox-static ipvsadm keepalived lz4 \
	    || return 1
	mkdir -p "$VM_CACHE"
	pkg=$(vm_kernel_pkg)
	[ -n "$pkg" ] || { vm_log "cannot resolve the cloud kernel"; return 1; }
	kver=${pkg#linux-image-}
	if [ ! -f "$VM_CACHE/$kver.vmlinux" ]; then
		vm_log "fetching $pkg"
		rm -rf "$VM_CACHE/deb" "$VM_CACHE/kernel"
		mkdir -p "$VM_CACHE/deb"
		(cd "$VM_CACHE/deb" && apt-get download -q "$pkg" >/dev/null 2>&1) ||
		    { vm_log "apt-get download $pkg failed"; return 1; }
		deb=$(ls "$VM_CACHE"/deb/*.deb | head -n 1)
		dpkg -x "$deb" "$VM_CACHE/kernel"
		vm_vmlinux "$VM_CACHE/kernel/boot/vmlinuz-$kver" \
		    "$VM_CACHE/$kver.vmlinux" || return 1
		rm -f "$VM_CACHE/base.cpio"
	fi
	if [ ! -f "$VM_CACHE/base.cpio" ] ||
	    [ /usr/sbin/keepalived -nt "$VM_CACHE/base.cpio" ] ||
	    [ /usr/sbin/ipvsadm -nt "$VM_CACHE/base.cpio" ]; then
		vm_log "building the base image"
		vm_base_image "$kver" || return 1
	fi
	VM_KERNEL=$VM_CACHE/$kver.vmlinux
}

# vm_boot CPIO OUT [SECS]: qemu with software emulation (KVM only when the
# CPU shows vmx/svm); console on OUT.console, guest results on OUT.  The
# guest ends with "vm-exit: N" and reboots (which ends qemu: -no-reboot);
# should it hang, qemu is ended a few seconds after that line or at the
# deadline.
#
# Optional environment (defaults keep the behaviour above):
#   VM_MEM    guest memory in MiB (default 512)
#   VM_SMP    number of vCPUs (default 1)
#   VM_ACCEL  kvm or tcg forces the accelerator (default: the test above)
#   VM_CMDLINE the kernel command line (default: VM_CMDLINE_DEFAULT,
#             which has acpi=off: more than one vCPU needs ACPI, without
#             it the kernel finds one CPU)
# vm_boot sets VM_ACCEL_USED to the accelerator it chose.
vm_boot() {
	local cpio=$1 out=$2 secs=${3:-240} accel=tcg cpu=qemu64 pid n
	if [ -w /dev/kvm ] && grep -qE '\b(vmx|svm)\b' /proc/cpuinfo; then
		accel=kvm
		cpu=host
	fi
	case ${VM_ACCEL:-} in
	kvm) accel=kvm; cpu=host ;;
	tcg) accel=tcg; cpu=qemu64 ;;
	esac
	VM_ACCEL_USED=$accel
	: >"$out"
	qemu-system-x86_64 -nodefaults -no-reboot \
	    -display none -M q35 -accel "$accel" -cpu "$cpu" \
	    -m "${VM_MEM:-512}" -smp "${VM_SMP:-1}" \
	    -kernel "$VM_KERNEL" -initrd "$cpio" \
	    -append "${VM_CMDLINE:-$VM_CMDLINE_DEFAULT}" \
	    -serial "file:$out.console" -serial "file:$out" </dev/null &
	pid=$!
	n=$((secs * 10))
	while [ $n -gt 0 ] && kill -0 "$pid" 2>/dev/null; do
		grep -q '^vm-exit: ' "$out" && n=$((n < 30 ? n : 30))
		sleep 0.1
		n=$((n - 1))
	done
	if kill -0 "$pid" 2>/dev/null; then
		kill "$pid"
		wait "$pid"
		return 124
	fi
	wait "$pid"
}
