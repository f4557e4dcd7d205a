#!/bin/bash
# capture-keepalived.sh: record real keepalived VRRP adverts as golden files.
#
# Usage: tests/pkt-capture/capture-keepalived.sh [OUTDIR]
#        (default OUTDIR: tests/unit/files/pkt; needs root, ip, unshare,
#        python3 and /usr/sbin/keepalived, or KEEPALIVED=path)
#
# For each case below it creates two network namespaces joined by a veth
# pair with fixed MAC addresses (so the IPv6 link-local addresses, and so
# the packets, are the same on every run), runs keepalived as MASTER in
# the first one with a VRRP-only configuration (-P -n -l -f CONF, in a PID
# namespace of its own with private /run and /tmp), and on the peer side
# reads frames with an AF_PACKET socket.  The first advert it sees, and for
# the cases marked "stop" also the priority-0 advert sent when keepalived
# is stopped, are written as one line of lowercase hex of the whole IP
# packet (no Ethernet header) to OUTDIR/<case>.hex (and <case>-stop.hex).
# Re-running rewrites the files; the only field that changes between runs
# is the IPv4 identification (keepalived counts it per advert), and so the
# IPv4 header checksum.
#
# Everything created (namespaces, temporary directory, processes) is
# removed on exit.
set -eu

here=$(cd "$(dirname "$0")" && pwd)
out=${1:-$here/../unit/files/pkt}
ka=${KEEPALIVED:-/usr/sbin/keepalived}
tag=vgpkt$$
nsa=$tag-a
nsb=$tag-b
work=$(mktemp -d /var/tmp/vgpkt.XXXXXX)
kapid=

# unshare --fork does not pass SIGTERM on: stop keepalived itself (the
# child of the unshare we started, by pid) and wait for the unshare.
ka_stop() {
	local child
	child=$(ps -o pid= --ppid "$kapid" 2>/dev/null || true)
	if [ -n "$child" ]; then
		kill $child 2>/dev/null || true
	else
		kill "$kapid" 2>/dev/null || true
	fi
	wait "$kapid" 2>/dev/null || true
	kapid=
}

cleanup() {
	if [ -n "$kapid" ]; then
		ka_stop
	fi
	ip netns del "$nsa" 2>/dev/null || true
	ip netns del "$nsb" 2>/dev/null || true
	rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 1' INT TERM

mkdir -p "$out"

# The sniffer: AF_PACKET on the peer's veth; prints hex lines of VRRP
# packets (IPv4 protocol 112 or 51, IPv6 next header 112) to stdout as
# they arrive, at most MAX packets or until DEADLINE seconds pass.
cat >"$work/sniff.py" <<'EOF'
import socket, sys, time
ifname, maxn, deadline = sys.argv[1], int(sys.argv[2]), float(sys.argv[3])
s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW, socket.htons(3))
s.bind((ifname, 0))
s.settimeout(0.2)
end = time.monotonic() + deadline
n = 0
while n < maxn and time.monotonic() < end:
    try:
        frame, meta = s.recvfrom(65535)
    except socket.timeout:
        continue
    if meta[2] == socket.PACKET_OUTGOING:
        continue
    etype = int.from_bytes(frame[12:14], "big")
    ip = frame[14:]
    if etype == 0x0800 and len(ip) >= 20 and ip[9] in (112, 51):
        ip = ip[:int.from_bytes(ip[2:4], "big")]
    elif etype == 0x86dd and len(ip) >= 40 and ip[6] == 112:
        ip = ip[:40 + int.from_bytes(ip[4:6], "big")]
    else:
        continue
    print(ip.hex(), flush=True)
    n += 1
EOF

netns_setup() {
	ip netns add "$nsa"
	ip netns add "$nsb"
	for ns in "$nsa" "$nsb"; do
		ip netns exec "$ns" sysctl -qw net.ipv6.conf.default.accept_dad=0
		ip netns exec "$ns" sysctl -qw net.ipv6.conf.all.accept_dad=0
		ip -n "$ns" link set lo up
	done
	ip -n "$nsa" link add va type veth peer name vb netns "$nsb"
	ip -n "$nsa" link set va address 02:00:00:00:00:01
	ip -n "$nsb" link set vb address 02:00:00:00:00:02
	ip -n "$nsa" addr add 192.0.2.1/24 dev va
	ip -n "$nsb" addr add 192.0.2.2/24 dev vb
	ip -n "$nsa" addr add 2001:db8::1/64 dev va nodad
	ip -n "$nsb" addr add 2001:db8::2/64 dev vb nodad
	ip -n "$nsa" link set va up
	ip -n "$nsb" link set vb up
}

netns_teardown() {
	ip netns del "$nsa" 2>/dev/null || true
	ip netns del "$nsb" 2>/dev/null || true
}

# capture NAME STOP CONF-BODY: run keepalived with the instance body given,
# store the first advert (and with STOP=stop the priority-0 one).
capture() {
	local name=$1 stop=$2 body=$3 conf=$work/$1.conf
	local hexes=$work/$1.out

	printf 'global_defs {\n    router_id vgpkt\n}\nvrrp_instance VI_1 {\n%s\n}\n' \
	    "$body" >"$conf"
	netns_setup
	ip netns exec "$nsb" python3 "$work/sniff.py" vb 100 30 >"$hexes" &
	local sniff=$!
	ip netns exec "$nsa" unshare --pid --fork --kill-child=SIGTERM \
	    --mount --propagation private sh -c \
	    'mount -t tmpfs tmpfs /run && mount -t tmpfs tmpfs /tmp &&
	     exec "$0" -P -n -l -f "$1"' "$ka" "$conf" \
	    >"$work/$name.log" 2>&1 &
	kapid=$!
	# Wait (bounded) for the first advert.
	local i=0
	while [ ! -s "$hexes" ] && [ $i -lt 150 ]; do
		sleep 0.1
		i=$((i + 1))
	done
	if [ ! -s "$hexes" ]; then
		echo "capture: no advert for $name" >&2
		cat "$work/$name.log" >&2
		exit 1
	fi
	head -n 1 "$hexes" >"$out/$name.hex"
	if [ "$stop" = stop ]; then
		local before
		before=$(wc -l <"$hexes")
		ka_stop
		i=0
		while [ "$(wc -l <"$hexes")" -le "$before" ] && [ $i -lt 50 ]; do
			sleep 0.1
			i=$((i + 1))
		done
		tail -n 1 "$hexes" >"$out/$name-stop.hex"
	else
		ka_stop
	fi
	kill "$sniff" 2>/dev/null || true
	wait "$sniff" 2>/dev/null || true
	netns_teardown
	echo "capture: $name: $(cat "$out/$name.hex")"
}

capture v2-none-mcast stop '
    state MASTER
    interface va
    virtual_router_id 51
    priority 255
    advert_int 1
    virtual_ipaddress {
        192.0.2.10/24
        192.0.2.11/24
    }'

capture v2-pass-mcast no '
    state MASTER
    interface va
    virtual_router_id 52
    priority 255
    advert_int 2
    authentication {
        auth_type PASS
        auth_pass vigil
    }
    virtual_ipaddress {
        192.0.2.20/24
    }'

capture v2-pass8-ucast no '
    state MASTER
    interface va
    virtual_router_id 53
    priority 255
    advert_int 1
    authentication {
        auth_type PASS
        auth_pass secret12
    }
    unicast_src_ip 192.0.2.1
    unicast_peer {
        192.0.2.2
    }
    virtual_ipaddress {
        192.0.2.30/24
        192.0.2.31/24
        192.0.2.32/24
    }'

capture v3-ip4-mcast stop '
    state MASTER
    interface va
    version 3
    virtual_router_id 61
    priority 255
    advert_int 0.5
    virtual_ipaddress {
        192.0.2.40/24
    }'

capture v3-ip4-ucast no '
    state MASTER
    interface va
    version 3
    virtual_router_id 62
    priority 255
    advert_int 1
    unicast_src_ip 192.0.2.1
    unicast_peer {
        192.0.2.2
    }
    virtual_ipaddress {
        192.0.2.50/24
        192.0.2.51/24
    }'

capture v3-ip6-mcast no '
    state MASTER
    interface va
    version 3
    virtual_router_id 71
    priority 255
    advert_int 1
    virtual_ipaddress {
        fe80::71/64
        2001:db8::71/64
    }'

capture v3-ip6-ucast no '
    state MASTER
    interface va
    version 3
    virtual_router_id 72
    priority 255
    advert_int 1
    unicast_src_ip 2001:db8::1
    unicast_peer {
        2001:db8::2
    }
    virtual_ipaddress {
        2001:db8::72/64
    }'

capture v2-ah-mcast stop '
    state MASTER
    interface va
    virtual_router_id 54
    priority 255
    advert_int 1
    authentication {
        auth_type AH
        auth_pass vigil
    }
    virtual_ipaddress {
        192.0.2.60/24
        192.0.2.61/24
    }'

capture v2-ah8-ucast no '
    state MASTER
    interface va
    virtual_router_id 55
    priority 255
    advert_int 1
    authentication {
        auth_type AH
        auth_pass secret12
    }
    unicast_src_ip 192.0.2.1
    unicast_peer {
        192.0.2.2
    }
    virtual_ipaddress {
        192.0.2.70/24
    }'
