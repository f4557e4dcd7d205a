#!/bin/bash
# tests/netns/vmac.sh: use_vmac, the VRRP virtual MAC on a macvlan.
#
#   bash tests/netns/vmac.sh [BINARY [CASE...]]
#
# BINARY defaults to build/keepalived; KA (default /usr/sbin/keepalived)
# is Debian's keepalived 2.2.7.  Topology from vrrp_lib.sh: three nodes
# on a bridge, 192.0.2.1, .2 and .3 /24 on veth0; nodes 1 (priority 150)
# and 2 (priority 100) run VRRP instance VRID 51 with use_vmac and VIP
# 192.0.2.100/24; node 3 is a client without a daemon.  The VMAC is
# vrrp.51 with MAC 00:00:5e:00:01:33.
#
# Cases:
#   vigil	Vigil on both nodes: node 1's vrrp.51 is a private macvlan
#		on veth0 with the virtual MAC, up, holding the VIP, with
#		keepalived's devconf on it and on veth0; adverts seen by
#		node 3 come from the virtual MAC; node 3's ARP for the VIP
#		resolves to it; SIGTERM of node 1 -> node 2 holds the VIP on
#		its own vrrp.51, node 3 still reaches the VIP and its ARP
#		still resolves to the same MAC; node 1's vrrp.51 is gone
#		and veth0's arp_ignore / arp_filter are back to 0
#   xmit_base	vmac_xmit_base: adverts come from veth0's own MAC, the VIP
#		is still on vrrp.51 and ARP still resolves to the VMAC
#   basedown	node 1's veth0 goes down -> node 2 holds the VIP within
#		its Master_Down + MARGIN; veth0 up -> node 1 again
#   interop	keepalived on node 1, Vigil on node 2 and the reverse: the
#		election, the virtual MAC seen by node 3, and the failover
#		keeping the MAC node 3 resolves the VIP to
#   compare	keepalived, then Vigil, as master on node 1: `ip -d link`
#		attributes of vrrp.51 (kind, mode, MAC, flags, addrgenmode,
#		addresses) and the devconf of vrrp.51 and veth0 are the same
#   ipv6	IPv6 instance (VRRPv3, VIP fd00::100/64), Vigil on node 1
#		and keepalived on node 2: vrrp.51 has 00:00:5e:00:02:33 and
#		node 1's veth0 link-local (nodad, deprecated) as keepalived
#		puts it; node 1 holds the VIP and keepalived stays BACKUP
#		(it accepts Vigil's adverts from the VMAC)
#   recreate	keepalived, then Vigil, on node 1 (Vigil on node 2): `ip
#		link del vrrp.51` on node 1 -> "Interface vrrp.51 deleted",
#		vrrp.51 is back (private, virtual MAC, up), the instance
#		left FAULT and node 1 holds the VIP on it again
#   nft		`nft list ruleset` on node 1 with keepalived, then Vigil,
#		holding the VIP (use_vmac: table ip keepalived, map
#		vmac_map, the IGMP dup rule) and after vrrp.51 was
#		re-created (the map follows the new link): the same; no
#		table left after either stops
#   addr	per-address VMAC (no use_vmac on the instance,
#		"192.0.2.100/24 use_vmac" and 192.0.2.101/24): keepalived
#		then Vigil as master on node 1: vrrp.51 holds .100, veth0
#		holds .101, the same link attributes and devconf, no
#		firewall table, vrrp.51 gone after the stop
#   saddr	IPv4 VMAC: 192.0.2.1 removed from node 1's veth0 (the base)
#		-> node 1 FAULT and node 2 holds the VIP; put back -> node 1
#		holds it again
#
# Output: one line per check, then "netns-vmac: N passed, M failed".
# Needs root and python3 (a packet socket reads the adverts' source MAC).

set -u
export LC_ALL=C
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
. "$here/vrrp_lib.sh"

ALL_CASES="vigil xmit_base basedown interop compare ipv6 recreate nft addr saddr"
MARGIN_MS=${MARGIN_MS:-600}
KA=${KA:-/usr/sbin/keepalived}
VIP=192.0.2.100
VMAC=vrrp.51
VMAC_MAC=00:00:5e:00:01:33
START_MS=1500
PY=$(command -v python3 || echo /usr/bin/python3)

# --- helpers ------------------------------------------------------------------

show_nodes()
{
	local k
	echo "      VIP on vrrp.51 of: [$(vm_holders)]"
	for k in 1 2; do
		echo "      node $k log:"
		show_log "$(vl_log "$k")" 12
	done
}

# expect_eq TEXT WANT GOT
expect_eq()
{
	if [ "$2" = "$3" ]; then
		ok "$1 ($3)"
	else
		fail "$1" "want: $2" "got:  $3"
	fi
}

nsx()
{
	local k=$1
	shift
	ip netns exec "$(vl_ns "$k")" "$@"
}

# vm_has_link K: node K has the VMAC link.
vm_has_link()
{
	ip -n "$(vl_ns "$1")" link show "$VMAC" >/dev/null 2>&1
}

vm_no_link()
{
	! vm_has_link "$1"
}

# vm_vip K: node K holds the VIP on its VMAC.
vm_vip()
{
	ip -n "$(vl_ns "$1")" -o -4 addr show dev "$VMAC" 2>/dev/null |
	    grep -q " $VIP/"
}

vm_holders()
{
	local k h=
	for k in 1 2; do
		vm_vip "$k" && h="$h $k"
	done
	echo "${h# }"
}

vm_only()
{
	[ "$(vm_holders)" = "$1" ]
}

# vm_conf FILE PRIO [EXTRA]
vm_conf()
{
	local x='use_vmac'
	[ -n "${3:-}" ] && x="$x\\n\\t$3"
	vl_conf "$1" prio="$2" extra="$x"
}

# vm_advert_src: the Ethernet source of the next VRRP advert node 3 sees
# (within 4 s), or nothing.
vm_advert_src()
{
	nsx 3 "$PY" - veth0 4 <<'EOF'
import socket, sys, time
s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW, socket.htons(3))
s.bind((sys.argv[1], 0))
s.settimeout(0.2)
end = time.time() + float(sys.argv[2])
while time.time() < end:
    try:
        f = s.recv(2048)
    except socket.timeout:
        continue
    if len(f) >= 34 and f[12:14] == b'\x08\x00' and f[23] == 112:
        print(':'.join('%02x' % b for b in f[6:12]))
        sys.exit(0)
sys.exit(1)
EOF
}

# vm_client_reach: node 3 reaches the VIP: a TCP connection to a closed
# port is refused by whoever holds it (this needs the VIP's neighbour
# entry, and no ping binary).
vm_client_reach()
{
	nsx 3 timeout 2 bash -c "exec 3<>/dev/tcp/$VIP/9" 2>&1 |
	    grep -q 'refused'
}

# vm_arp: node 3 asks who has the VIP (an ARP request of its own on a
# packet socket, not through its neighbour table) and prints the sender
# MAC of the first reply (within 2 s).
vm_arp()
{
	nsx 3 "$PY" - veth0 192.0.2.3 "$VIP" <<'EOF'
import socket, sys, time
ifname, me, vip = sys.argv[1], sys.argv[2], sys.argv[3]
s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW, socket.htons(0x0806))
s.bind((ifname, 0x0806))
mac = s.getsockname()[4][:6]
sip, tip = socket.inet_aton(me), socket.inet_aton(vip)
req = (b'\xff' * 6 + mac + b'\x08\x06' + b'\x00\x01\x08\x00\x06\x04\x00\x01'
       + mac + sip + b'\x00' * 6 + tip)
s.send(req)
s.settimeout(0.2)
end = time.time() + 2
while time.time() < end:
    try:
        f = s.recv(2048)
    except socket.timeout:
        continue
    if len(f) >= 42 and f[20:22] == b'\x00\x02' and f[28:32] == tip:
        print(':'.join('%02x' % b for b in f[22:28]))
        sys.exit(0)
sys.exit(1)
EOF
}

# vm_sysctl K IF NAME
vm_sysctl()
{
	nsx "$1" cat "/proc/sys/net/ipv4/conf/$2/$3" 2>/dev/null
}

vm_mac_of()
{
	ip -n "$(vl_ns "$1")" -o link show "$2" |
	    grep -o 'link/ether [0-9a-f:]*' | cut -d' ' -f2
}

# vm_fingerprint K: what keepalived and Vigil must agree on.
vm_fingerprint()
{
	local k=$1 l s
	l=$(ip -n "$(vl_ns "$k")" -d -o link show "$VMAC" 2>/dev/null)
	echo "link: $(sed 's/^[0-9]*: //; s/@.*: </ </' <<<"$l" |
	    grep -o '^[^ ]* <[^>]*>')"
	echo "mtu: $(grep -o ' mtu [0-9]*' <<<"$l" | head -n 1)"
	echo "mac: $(grep -o 'link/ether [0-9a-f:]*' <<<"$l")"
	echo "kind: $(grep -o 'macvlan mode [a-z]*' <<<"$l")"
	echo "addrgen: $(grep -o 'addrgenmode [a-z_0-9]*' <<<"$l")"
	echo "addrs: $(ip -n "$(vl_ns "$k")" -o addr show dev "$VMAC" |
	    awk '{print $3, $4}' | sort | tr '\n' ' ')"
	for s in arp_ignore arp_filter accept_local rp_filter \
	    promote_secondaries; do
		echo "vmac $s: $(vm_sysctl "$k" "$VMAC" "$s")"
	done
	echo "vmac disable_ipv6: $(nsx "$k" cat \
	    /proc/sys/net/ipv6/conf/$VMAC/disable_ipv6 2>/dev/null)"
	for s in arp_ignore arp_filter rp_filter; do
		echo "veth0 $s: $(vm_sysctl "$k" veth0 "$s")"
	done
	echo "all rp_filter: $(vm_sysctl "$k" all rp_filter)"
}

# vm_dump_if K: the "Interface = " line of node K's data dump (SIGUSR1).
vm_dump_if()
{
	local f=/proc/${VL_KPID[$1]}/root/tmp/keepalived.data
	rm -f "$f"
	vl_signal "$1" USR1
	wait_until 3000 eval "grep -q 'Interface = ' '$f' 2>/dev/null" &&
	    grep -m 1 'Interface = ' "$f" | sed 's/^ *//'
}

topology()
{
	vl_setup 3 192.0.2.1/24 192.0.2.2/24 192.0.2.3/24
}

# elect TAG BIN1 BIN2 [EXTRA]: start both nodes, node 1 holds the VIP.
elect()
{
	local tag=$1 dl
	topology || { fail "$tag: topology"; return 1; }
	vm_conf "$VL_DIR/n1.conf" 150 "${4:-}"
	vm_conf "$VL_DIR/n2.conf" 100 "${4:-}"
	vl_start 1 "$2" "$VL_DIR/n1.conf" &&
	    vl_start 2 "$3" "$VL_DIR/n2.conf" ||
	    { fail "$tag: nodes start" "$(show_nodes)"; return 1; }
	dl=$((START_MS + $(vl_down_ms 2 150 1000) + MARGIN_MS))
	expect_within "$tag: node 1 holds the VIP on $VMAC" "$dl" vm_only 1
}

# failover TAG: SIGTERM of node 1 -> node 2, node 3 keeps its MAC.
failover()
{
	local tag=$1 dl
	expect_eq "$tag: node 3's ARP for the VIP resolves to the virtual MAC" \
	    "$VMAC_MAC" "$(vm_arp)"
	vl_signal 1 TERM
	dl=$(( $(vl_down_ms 2 100 1000) + MARGIN_MS ))
	expect_within "$tag: SIGTERM of node 1 -> node 2 holds the VIP" \
	    "$dl" vm_only 2
	expect_within "$tag: node 3 reaches the VIP after the failover" \
	    3000 vm_client_reach
	expect_eq "$tag: after the failover the VIP still resolves to the virtual MAC" \
	    "$VMAC_MAC" "$(vm_arp)"
	vl_wait_down 1 5000
	check "$tag: node 1's $VMAC was deleted on stop" vm_no_link 1
}

# --- cases ----------------------------------------------------------------------

case_vigil()
{
	local l
	elect vigil "$BIN" "$BIN" || return
	l=$(ip -n "$(vl_ns 1)" -d -o link show "$VMAC")
	check "vigil: $VMAC is a private-mode macvlan on veth0" eval \
	    "grep -q '$VMAC@veth0' <<<\"\$l\" && grep -q 'macvlan mode private' <<<\"\$l\""
	check "vigil: $VMAC is up" eval "grep -q '<[^>]*,UP[,>]' <<<\"\$l\""
	expect_eq "vigil: $VMAC has the virtual MAC" "$VMAC_MAC" \
	    "$(vm_mac_of 1 "$VMAC")"
	check "vigil: no IPv6 address generation on $VMAC" eval \
	    "grep -q 'addrgenmode none' <<<\"\$l\""
	expect_eq "vigil: devconf of $VMAC (arp_ignore accept_local rp_filter promote_secondaries)" \
	    "1 1 0 1" "$(vm_sysctl 1 $VMAC arp_ignore) $(vm_sysctl 1 $VMAC \
	    accept_local) $(vm_sysctl 1 $VMAC rp_filter) $(vm_sysctl 1 $VMAC \
	    promote_secondaries)"
	expect_eq "vigil: veth0 arp_ignore arp_filter while the VMAC exists" \
	    "1 1" "$(vm_sysctl 1 veth0 arp_ignore) $(vm_sysctl 1 veth0 \
	    arp_filter)"
	check "vigil: the VIP is not on veth0" eval "! vl_has_vip 1 $VIP"
	check "vigil: node 2 (backup) has its $VMAC too" vm_has_link 2
	# Link notifications queued while the VMAC was set up must not
	# read as a link failure.
	check "vigil: no FAULT on either node at start" eval \
	    "! log_has $(vl_log 1) 'FAULT' && ! log_has $(vl_log 2) 'FAULT'"
	expect_eq "vigil: adverts come from the virtual MAC" "$VMAC_MAC" \
	    "$(vm_advert_src)"
	failover vigil
	expect_eq "vigil: node 1's veth0 arp_ignore arp_filter restored" \
	    "0 0" "$(vm_sysctl 1 veth0 arp_ignore) $(vm_sysctl 1 veth0 \
	    arp_filter)"
}

case_xmit_base()
{
	elect xmit_base "$BIN" "$BIN" vmac_xmit_base || return
	expect_eq "xmit_base: adverts come from veth0's own MAC" \
	    "$(vm_mac_of 1 veth0)" "$(vm_advert_src)"
	failover xmit_base
}

case_basedown()
{
	local dl
	elect basedown "$BIN" "$BIN" || return
	ip -n "$(vl_ns 1)" link set veth0 down
	dl=$(( $(vl_down_ms 2 100 1000) + MARGIN_MS ))
	expect_within "basedown: veth0 of node 1 down -> node 2 holds the VIP" \
	    "$dl" vm_only 2
	check "basedown: node 1 logged FAULT" \
	    log_has "$(vl_log 1)" 'VI_1.*Entering FAULT STATE'
	ip -n "$(vl_ns 1)" link set veth0 up
	dl=$((2000 + $(vl_down_ms 2 150 1000) + MARGIN_MS))
	expect_within "basedown: veth0 up -> node 1 holds the VIP again" \
	    "$dl" vm_only 1
	check "basedown: node 1 kept the same $VMAC" vm_has_link 1
}

case_interop()
{
	if elect "interop K>V" "$KA" "$BIN"; then
		expect_eq "interop K>V: adverts come from the virtual MAC" \
		    "$VMAC_MAC" "$(vm_advert_src)"
		failover "interop K>V"
	fi
	vl_cleanup
	if elect "interop V>K" "$BIN" "$KA"; then
		expect_eq "interop V>K: adverts come from the virtual MAC" \
		    "$VMAC_MAC" "$(vm_advert_src)"
		failover "interop V>K"
	fi
}

case_compare()
{
	local ka vi dl ka_after ka_dump
	topology || { fail "compare: topology"; return; }
	vm_conf "$VL_DIR/n1.conf" 150
	# A non-zero all.rp_filter must be cleared while the VMAC exists
	# (the other interfaces raised to it) and given back after.
	nsx 1 sysctl -qw net.ipv4.conf.all.rp_filter=2
	dl=$((START_MS + $(vl_down_ms 2 150 1000) + MARGIN_MS))
	vl_start 1 "$KA" "$VL_DIR/n1.conf" ||
	    { fail "compare: keepalived starts"; return; }
	expect_within "compare: keepalived holds the VIP" "$dl" vm_only 1 ||
	    return
	ka=$(vm_fingerprint 1)
	ka_dump=$(vm_dump_if 1)
	vl_signal 1 TERM
	vl_wait_down 1 5000
	check "compare: keepalived deleted $VMAC" vm_no_link 1
	expect_eq "compare: keepalived restored all.rp_filter" 2 \
	    "$(vm_sysctl 1 all rp_filter)"
	ka_after="$(vm_sysctl 1 veth0 arp_ignore) $(vm_sysctl 1 veth0 \
	    arp_filter) $(vm_sysctl 1 veth0 rp_filter)"
	vl_start 1 "$BIN" "$VL_DIR/n1.conf" ||
	    { fail "compare: Vigil starts"; return; }
	expect_within "compare: Vigil holds the VIP" "$dl" vm_only 1 || return
	vi=$(vm_fingerprint 1)
	expect_eq "compare: the data dump's interface line" "$ka_dump" \
	    "$(vm_dump_if 1)"
	vl_signal 1 TERM
	vl_wait_down 1 5000
	check "compare: Vigil deleted $VMAC" vm_no_link 1
	expect_eq "compare: Vigil restored all.rp_filter" 2 \
	    "$(vm_sysctl 1 all rp_filter)"
	expect_eq "compare: veth0 arp_ignore arp_filter rp_filter after Vigil" \
	    "$ka_after" "$(vm_sysctl 1 veth0 arp_ignore) $(vm_sysctl 1 veth0 \
	    arp_filter) $(vm_sysctl 1 veth0 rp_filter)"
	vm_same "compare: same link attributes and devconf as keepalived" \
	    "$ka" "$vi"
}

vm_vip6()
{
	ip -n "$(vl_ns "$1")" -o -6 addr show dev "$VMAC" 2>/dev/null |
	    grep -q ' fd00::100/64 '
}

vm_ll6()
{
	ip -n "$(vl_ns "$1")" -o -6 addr show dev "$2" scope link 2>/dev/null |
	    awk '{print $4}'
}

case_ipv6()
{
	local k dl ll
	topology || { fail "ipv6: topology"; return; }
	for k in 1 2; do
		nsx "$k" sysctl -qw net.ipv6.conf.veth0.disable_ipv6=0
	done
	# The base link-locals must be past DAD before the daemons start.
	wait_until 5000 eval '[ -n "$(ip -n "$(vl_ns 1)" -6 addr show \
	    dev veth0 scope link -tentative)" ] && [ -n "$(ip -n \
	    "$(vl_ns 2)" -6 addr show dev veth0 scope link -tentative)" ]'
	vl_conf "$VL_DIR/n1.conf" prio=150 version=3 vip=fd00::100/64 \
	    extra=use_vmac
	vl_conf "$VL_DIR/n2.conf" prio=100 version=3 vip=fd00::100/64 \
	    extra=use_vmac
	vl_start 1 "$BIN" "$VL_DIR/n1.conf" &&
	    vl_start 2 "$KA" "$VL_DIR/n2.conf" ||
	    { fail "ipv6: nodes start" "$(show_nodes)"; return; }
	dl=$((START_MS + $(vl_down_ms 2 150 1000) + MARGIN_MS))
	expect_within "ipv6: node 1 holds fd00::100 on $VMAC" "$dl" vm_vip6 1 ||
	    return
	expect_eq "ipv6: $VMAC has the IPv6 virtual MAC" 00:00:5e:00:02:33 \
	    "$(vm_mac_of 1 "$VMAC")"
	ll=$(vm_ll6 1 veth0)
	expect_eq "ipv6: $VMAC carries veth0's link-local" "$ll" \
	    "$(vm_ll6 1 "$VMAC")"
	check "ipv6: ... nodad and deprecated, as keepalived adds it" eval \
	    "ip -n $(vl_ns 1) -o -6 addr show dev $VMAC scope link |
	    grep -q 'nodad deprecated'"
	if holds_for 3000 eval '! vm_vip6 2'; then
		ok "ipv6: keepalived on node 2 stays BACKUP for 3 s"
	else
		fail "ipv6: keepalived on node 2 stays BACKUP for 3 s" \
		    "$(show_nodes)"
	fi
	vl_signal 1 TERM
	dl=$(( $(vl_down_ms 2 100 1000) + MARGIN_MS ))
	expect_within "ipv6: SIGTERM of node 1 -> keepalived takes over" \
	    "$dl" vm_vip6 2
	vl_wait_down 1 5000
	check "ipv6: node 1's $VMAC was deleted on stop" vm_no_link 1
}

# vm_recreate_one TAG BIN: node 1 (BIN, priority 150) and node 2 (Vigil)
# elected, vrrp.51 deleted on node 1 and made again.
vm_recreate_one()
{
	local tag=$1 bin=$2 dl old
	elect "$tag" "$bin" "$BIN" || return
	old=$(ip -n "$(vl_ns 1)" -o link show "$VMAC" | cut -d: -f1)
	ip -n "$(vl_ns 1)" link del "$VMAC"
	expect_within "$tag: node 1 logs the deletion" 3000 \
	    log_has "$(vl_log 1)" "Interface $VMAC deleted"
	expect_within "$tag: $VMAC is made again" 3000 eval \
	    '[ "$(ip -n "$(vl_ns 1)" -o link show "$VMAC" 2>/dev/null |
	    cut -d: -f1)" != "" ] && [ "$(ip -n "$(vl_ns 1)" -o link show \
	    "$VMAC" | cut -d: -f1)" != "$old" ]'
	check "$tag: ... a private macvlan on veth0, up, with the virtual MAC" \
	    eval "ip -n $(vl_ns 1) -d -o link show $VMAC | grep '$VMAC@veth0' |
	    grep 'macvlan mode private' | grep -q '<[^>]*,UP[,>]' &&
	    [ \"\$(vm_mac_of 1 $VMAC)\" = $VMAC_MAC ]"
	dl=$((2000 + $(vl_down_ms 2 150 1000) + MARGIN_MS))
	expect_within "$tag: node 1 left FAULT and holds the VIP again" "$dl" \
	    vm_only 1
}

case_recreate()
{
	vm_recreate_one "recreate keepalived" "$KA"
	vl_cleanup
	vm_recreate_one "recreate vigil" "$BIN"
	check "recreate vigil: node 1 went through FAULT" \
	    log_has "$(vl_log 1)" 'VI_1.*Entering FAULT STATE'
}

# vm_ruleset K: node K's ruleset, handles and link indexes left out.
vm_ruleset()
{
	nsx "$1" nft list ruleset 2>&1
}

# vm_nft_one BIN: the ruleset while master, after re-creation, after stop.
# vm_same TEXT KA VIGIL: the two outputs are the same (shown when they
# are, the difference when not).
vm_same()
{
	if [ "$2" = "$3" ]; then
		ok "$1"
		printf '%s\n' "$3" | sed 's/^/      /'
	else
		fail "$1" "$(diff <(echo "$2") <(echo "$3"))"
	fi
}

vm_nft_one()
{
	local dl
	dl=$((START_MS + $(vl_down_ms 2 150 1000) + MARGIN_MS))
	vl_start 1 "$1" "$VL_DIR/n1.conf" || return 1
	wait_until "$dl" vm_only 1 || return 1
	echo "--- master"
	vm_ruleset 1
	ip -n "$(vl_ns 1)" link del "$VMAC"
	wait_until "$((2000 + dl))" eval 'vm_has_link 1 && vm_only 1' ||
	    echo "not back"
	echo "--- re-created"
	vm_ruleset 1
	vl_signal 1 TERM
	vl_wait_down 1 5000
	echo "--- stopped"
	vm_ruleset 1
}

case_nft()
{
	local ka vi
	topology || { fail "nft: topology"; return; }
	vm_conf "$VL_DIR/n1.conf" 150
	ka=$(vm_nft_one "$KA") || { fail "nft: keepalived holds the VIP"; return; }
	vi=$(vm_nft_one "$BIN") || { fail "nft: Vigil holds the VIP"; return; }
	check "nft: keepalived's ruleset has the VMAC map and rule" eval \
	    "grep -q 'vmac_map' <<<\"\$ka\" &&
	    grep -q 'oifkind \"macvlan\" dup to ip daddr' <<<\"\$ka\""
	vm_same "nft: the same rulesets as keepalived" "$ka" "$vi"
}

# vm_addr_one BIN: fingerprint of the per-address VMAC set-up.
vm_addr_one()
{
	local dl
	dl=$((START_MS + $(vl_down_ms 2 150 1000) + MARGIN_MS))
	vl_start 1 "$1" "$VL_DIR/n1.conf" || return 1
	wait_until "$dl" vm_vip 1 || return 1
	wait_until 2000 vl_has_vip 1 192.0.2.101 || return 1
	vm_fingerprint 1
	echo "veth0 addrs: $(ip -n "$(vl_ns 1)" -o -4 addr show dev veth0 |
	    awk '{print $4}' | sort | tr '\n' ' ')"
	echo "ruleset: $(vm_ruleset 1)"
	vl_signal 1 TERM
	vl_wait_down 1 5000
	vm_has_link 1 && echo "vmac left behind"
	return 0
}

case_addr()
{
	local ka vi
	topology || { fail "addr: topology"; return; }
	vl_conf "$VL_DIR/n1.conf" prio=150
	sed -i 's|^\t\t192.0.2.100/24$|&\tuse_vmac\n\t\t192.0.2.101/24|' \
	    "$VL_DIR/n1.conf"
	ka=$(vm_addr_one "$KA") ||
	    { fail "addr: keepalived holds the VIPs" "$(show_nodes)"; return; }
	vi=$(vm_addr_one "$BIN") ||
	    { fail "addr: Vigil holds the VIPs" "$(show_nodes)"; return; }
	check "addr: keepalived puts .100 on $VMAC, .101 on veth0" eval \
	    "grep -q '^addrs: inet 192.0.2.100/24' <<<\"\$ka\" &&
	    grep -q '^veth0 addrs: .*192.0.2.101/24' <<<\"\$ka\""
	vm_same "addr: the same VMAC, addresses and devconf as keepalived" \
	    "$ka" "$vi"
}

case_saddr()
{
	local dl
	elect saddr "$BIN" "$BIN" || return
	ip -n "$(vl_ns 1)" addr del 192.0.2.1/24 dev veth0
	dl=$(( $(vl_down_ms 2 100 1000) + MARGIN_MS ))
	expect_within "saddr: 192.0.2.1 off node 1's veth0 -> node 2 holds the VIP" \
	    "$dl" vm_only 2
	check "saddr: node 1 logged FAULT" \
	    log_has "$(vl_log 1)" 'VI_1.*Entering FAULT STATE'
	ip -n "$(vl_ns 1)" addr add 192.0.2.1/24 dev veth0
	dl=$((2000 + $(vl_down_ms 2 150 1000) + MARGIN_MS))
	expect_within "saddr: address back -> node 1 holds the VIP again" \
	    "$dl" vm_only 1
}

# --- main -------------------------------------------------------------------------

VL_KA_CASES='interop compare ipv6 recreate nft addr'
VL_BANNER="margin $MARGIN_MS ms, keepalived $KA"
vl_drive netns-vmac "$here/vmac.sh" "$@"
