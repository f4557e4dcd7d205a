#!/bin/bash
# tests/netns/vrrp_smtp.sh: the VRRP child's mails (smtp_alert), its
# FIFO scripts (vrrp_notify_fifo_script, notify_fifo_script) and
# notify_deleted on reload, each compared with Debian's keepalived 2.2.7
# ($KA) run on the same config in the same topology.
#
#   bash tests/netns/vrrp_smtp.sh [BINARY [CASE...]]
#
# Topology from vrrp_lib.sh (nodes 192.0.2.1 and .2 on veth0, VIP
# 192.0.2.100).  Node 1 runs BINARY, then $KA, each time with an SMTP sink
# (servers/smtp_sink.py) on its loopback and a FIFO the daemon creates
# under a directory of /var/tmp, read by the configured FIFO script.
#
# Cases:
#   mail	node 2 (BINARY, priority 100) stays; node 1 (200, smtp_alert,
#		vrrp_notify_fifo + its script) goes BACKUP, MASTER, FAULT
#		(link down), BACKUP, MASTER (link up) and stops.  The mails
#		(envelope, headers but Date, body) must equal keepalived's,
#		in the same order; the FIFO script's lines too (STOP lines
#		left out: both daemons SIGTERM the script before them).
#   deleted	one node, instances VI_1, VI_2 (notify_deleted, smtp_alert)
#		and VI_3 (no notify_deleted); notify_fifo + its script; a
#		reload drops VI_2 and VI_3: the FIFO script, the generic
#		notify script and the mails must see what keepalived's do
#		(VI_2 DELETED, VI_3 FAULT).
#
# Output: one line per check, then "netns-vrrp-smtp: N passed, M failed".
# Needs root.

set -u
export LC_ALL=C
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
. "$here/vrrp_lib.sh"

ALL_CASES="mail deleted"
MARGIN_MS=${MARGIN_MS:-400}
KA=${KA:-/usr/sbin/keepalived}
VIP=192.0.2.100
VL_SHOW_LINES=15
START_MS=1500
SINK=$here/servers/smtp_sink.py
TD=
SPIDS=

cleanup()
{
	local p
	vl_cleanup
	for p in $SPIDS; do
		kill "$p" 2>/dev/null
		wait "$p" 2>/dev/null
	done
	[ -n "$TD" ] && [ -d "$TD" ] && rm -rf "$TD"
}

link_set()
{
	ip -n "$(vl_ns "$1")" link set "$VL_IF" "$2"
}

# sink_start K OUT: the SMTP sink on node K's 127.0.0.1:2525.
sink_start()
{
	: >"$2"
	ip netns exec "$(vl_ns "$1")" python3 "$SINK" 127.0.0.1 2525 "$2" &
	SPIDS="$SPIDS $!"
	SINK_PID=$!
	wait_until 3000 ip netns exec "$(vl_ns "$1")" \
	    sh -c "ss -ltn | grep -q '127.0.0.1:2525'"
}

sink_stop()
{
	kill "$SINK_PID" 2>/dev/null
	wait "$SINK_PID" 2>/dev/null
}

# nmails FILE: mails recorded so far.
nmails()
{
	grep -c '^=== end' "$1" 2>/dev/null
}

# same WHAT A B: the two records are equal and not empty.
same()
{
	if [ -s "$2" ] && cmp -s "$2" "$3"; then
		ok "$1 as keepalived's: $(grep -c . "$2") lines"
	else
		fail "$1 as keepalived's (diff vigil keepalived)" \
		    "$(diff "$2" "$3" | head -40 | sed 's/^/        /')" \
		    "$(show_nodes)"
	fi
}

global_mail()
{
	printf '\tnotification_email {\n\t\tops@example.com\n'
	printf '\t\tdba@example.com\n\t}\n'
	printf '\tnotification_email_from vrrp@example.com\n'
	printf '\tsmtp_server 127.0.0.1 2525\n\tsmtp_helo_name helo.example\n'
	printf '\tsmtp_connect_timeout 5\n'
}

# --- mail -----------------------------------------------------------------------

mail_run()
{
	local bin=$1 tag=$2 dl n
	sink_start 1 "$TD/$tag.mail" || { fail "mail ($tag): sink"; return 1; }
	: >"$TD/$tag.fifo"
	vl_conf "$VL_DIR/n1.body" prio=200 extra='smtp_alert'
	{
		printf 'global_defs {\n'
		global_mail
		printf '\tvrrp_notify_fifo %s/kfifo\n' "$TD"
		printf '\tvrrp_notify_fifo_script "%s/fifo.sh %s/%s.fifo"\n' \
		    "$TD" "$TD" "$tag"
		printf '}\n'
		cat "$VL_DIR/n1.body"
	} >"$VL_DIR/n1.conf"
	vl_start 1 "$bin" "$VL_DIR/n1.conf" ||
	    { fail "mail ($tag): node 1 starts" "$(show_nodes)"; return 1; }
	dl=$((START_MS + $(vl_down_ms 2 200 1000) + MARGIN_MS))
	wait_until "$dl" vl_only 1 $VIP || fail "mail ($tag): MASTER" \
	    "$(show_nodes)"
	wait_until 5000 eval '[ "$(nmails "$TD/$tag.mail")" -ge 2 ]'
	link_set 1 down
	wait_until 3000 eval '! vl_has_vip 1 $VIP'
	wait_until 5000 eval '[ "$(nmails "$TD/$tag.mail")" -ge 3 ]'
	link_set 1 up
	wait_until 8000 vl_only 1 $VIP || fail "mail ($tag): MASTER again" \
	    "$(show_nodes)"
	wait_until 5000 eval '[ "$(nmails "$TD/$tag.mail")" -ge 5 ]'
	wait_until 3000 eval '[ "$(grep -c MASTER "$TD/$tag.fifo")" -ge 2 ]'
	check "mail ($tag): the FIFO was created by the daemon" \
	    test -p "$TD/kfifo"
	n=$(nmails "$TD/$tag.mail")
	vl_signal 1 TERM
	vl_wait_down 1 5000
	# keepalived mails "Stopping" during its last second: wait for it.
	wait_until 3000 eval '[ "$(nmails "$TD/$tag.mail")" -gt "$n" ]'
	check "mail ($tag): the daemon removed the FIFO it made" \
	    wait_until 2000 eval '! test -e "$TD/kfifo"'
	sink_stop
	grep -v ' STOP ' "$TD/$tag.fifo" >"$TD/$tag.fifo.cmp"
	# keepalived's shutdown never gets its "Stopping" mail out (see
	# doc/differences-from-keepalived.md): compare the others.
	awk '{ b = b $0 "\n" } /^=== end/ { if (b !~ /- Stopping/)
	    printf "%s", b; b = "" }' "$TD/$tag.mail" >"$TD/$tag.mail.cmp"
	return 0
}

case_mail()
{
	vl_setup 2 || { fail "mail: topology"; return; }
	TD=$(mktemp -d /var/tmp/vigil-smtp.XXXXXX) && chmod 0755 "$TD" ||
	    { fail "mail: work dir"; return; }
	printf '#!/bin/sh\nout=$1\nwhile read -r l; do echo "$l" >>"$out"; done <"$2"\n' \
	    >"$TD/fifo.sh"
	chmod 0755 "$TD/fifo.sh"
	vl_conf "$VL_DIR/n2.conf" prio=100
	vl_start 2 "$BIN" "$VL_DIR/n2.conf" ||
	    { fail "mail: node 2 starts"; return; }
	mail_run "$BIN" vigil || return
	mail_run "$KA" ka || return
	same "mail: the mails (envelope, headers, body)" \
	    "$TD/vigil.mail.cmp" "$TD/ka.mail.cmp"
	check "mail: BACKUP, MASTER, FAULT, BACKUP, MASTER, Stopping mailed" \
	    eval '[ "$(sed -n "s/.*VRRP Instance VI_1 - //p" "$TD/vigil.mail" |
	    tr "\n" ,)" = "Entering BACKUP state,Entering MASTER state,Entering FAULT state,Entering BACKUP state,Entering MASTER state,Stopping," ]'
	same "mail: the vrrp_notify_fifo_script's lines" \
	    "$TD/vigil.fifo.cmp" "$TD/ka.fifo.cmp"
}

# --- deleted --------------------------------------------------------------------

inst()
{
	local name=$1 vrid=$2 extra=$3
	printf 'vrrp_instance %s {\n\tstate BACKUP\n\tinterface %s\n' \
	    "$name" "$VL_IF"
	printf '\tvirtual_router_id %s\n\tpriority 150\n\tadvert_int 1\n' \
	    "$vrid"
	printf '\tnotify "%s/rec.sh %s"\n' "$TD" "$GEN"
	[ -n "$extra" ] && printf "\t$extra\n"
	printf '\tvirtual_ipaddress {\n\t\t192.0.2.%s/24\n\t}\n}\n' "$vrid"
}

deleted_conf()
{
	local f=$1 all=$2
	{
		printf 'global_defs {\n\trouter_id n1\n'
		global_mail
		printf '\tnotify_fifo %s/kfifo\n' "$TD"
		printf '\tnotify_fifo_script "%s/fifo.sh %s"\n' "$TD" "$FIFOREC"
		printf '}\n'
		inst VI_1 101 smtp_alert
		if [ "$all" = yes ]; then
			inst VI_2 102 'notify_deleted\n\tsmtp_alert'
			inst VI_3 103 ''
		fi
	} >"$f"
}

deleted_run()
{
	local bin=$1 tag=$2 dl
	GEN=$TD/$tag.generic
	FIFOREC=$TD/$tag.fifo
	: >"$GEN"
	: >"$FIFOREC"
	sink_start 1 "$TD/$tag.mail" ||
	    { fail "deleted ($tag): sink"; return 1; }
	deleted_conf "$VL_DIR/d1.conf" yes
	vl_start 1 "$bin" "$VL_DIR/d1.conf" ||
	    { fail "deleted ($tag): node starts" "$(show_nodes)"; return 1; }
	dl=$((START_MS + 4000 + MARGIN_MS))
	wait_until "$dl" eval '[ "$(grep -c MASTER "$FIFOREC")" -ge 3 ]' ||
	    fail "deleted ($tag): three MASTERs" "$(show_nodes)"
	wait_until 5000 eval '[ "$(nmails "$TD/$tag.mail")" -ge 4 ]'
	# The reload reads the same path: rewrite it in the node's /run.
	deleted_conf "$VL_DIR/d1.new" no
	nsenter -t "${VL_KPID[1]}" -m sh -c \
	    'cat >/run/vl/keepalived.conf' <"$VL_DIR/d1.new" ||
	    { fail "deleted ($tag): new config"; return 1; }
	vl_signal 1 HUP
	wait_until 5000 grep -q '"VI_3" FAULT' "$FIFOREC" ||
	    fail "deleted ($tag): VI_3 FAULT line" "$(show_nodes)"
	wait_until 5000 eval '[ "$(nmails "$TD/$tag.mail")" -ge 5 ]'
	wait_until 2000 grep -q 'VI_3 FAULT' "$GEN"
	vl_signal 1 TERM
	vl_wait_down 1 5000
	sink_stop
	# Reload and start order between instances is not the point.
	grep -E 'VI_[23]' "$FIFOREC" | grep -v MASTER | grep -v BACKUP \
	    >"$TD/$tag.fifo.cmp"
	grep -E 'VI_[23]' "$GEN" | grep -Ev 'MASTER|BACKUP|STOP' \
	    >"$TD/$tag.gen.cmp"
	awk '{ b = b $0 "\n" } /^=== end/ { if (b ~ /VI_2 - Deleted/)
	    printf "%s", b; b = "" }' "$TD/$tag.mail" >"$TD/$tag.mail.cmp"
	return 0
}

case_deleted()
{
	vl_setup 1 || { fail "deleted: topology"; return; }
	TD=$(mktemp -d /var/tmp/vigil-smtp.XXXXXX) && chmod 0755 "$TD" ||
	    { fail "deleted: work dir"; return; }
	printf '#!/bin/sh\nout=$1\nwhile read -r l; do echo "$l" >>"$out"; done <"$2"\n' \
	    >"$TD/fifo.sh"
	printf '#!/bin/sh\nf=$1\nshift\necho "$*" >>"$f"\n' >"$TD/rec.sh"
	chmod 0755 "$TD/fifo.sh" "$TD/rec.sh"
	deleted_run "$BIN" vigil || return
	deleted_run "$KA" ka || return
	same "deleted: FIFO script lines of deleted instances" \
	    "$TD/vigil.fifo.cmp" "$TD/ka.fifo.cmp"
	check "deleted: VI_2 DELETED, VI_3 FAULT on the FIFO" eval \
	    'grep -q "INSTANCE \"VI_2\" DELETED 150" "$TD/vigil.fifo.cmp" &&
	    grep -q "INSTANCE \"VI_3\" FAULT 150" "$TD/vigil.fifo.cmp"'
	same "deleted: generic notify of deleted instances" \
	    "$TD/vigil.gen.cmp" "$TD/ka.gen.cmp"
	same "deleted: the Deleted mail" "$TD/vigil.mail.cmp" \
	    "$TD/ka.mail.cmp"
}

# --- driver ---------------------------------------------------------------------

VL_CLEANUP=cleanup
VL_KA_CASES='*'
VL_BANNER="margin $MARGIN_MS ms, keepalived $KA"
vl_drive netns-vrrp-smtp "$here/vrrp_smtp.sh" "$@"
