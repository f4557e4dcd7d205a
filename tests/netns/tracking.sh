#!/bin/bash
# tests/netns/tracking.sh: VRRP tracking, notify scripts and FIFO lines,
# and Vigil's track_real_server, between two nodes on a bridge.
#
#   bash tests/netns/tracking.sh [BINARY [CASE...]]
#
# BINARY defaults to build/keepalived.  Topology from vrrp_lib.sh: nodes
# 192.0.2.1 and .2 /24 on veth0, VIP 192.0.2.100; node 1 (priority 200)
# always runs BINARY, node 2 (priority 100) runs BINARY or, in the *_ka
# cases, Debian's keepalived 2.2.7 ($KA).  Scripts, flag files and FIFOs
# live in a directory under /var/tmp (the daemons see a private /tmp and
# /run), removed by the EXIT trap with everything else.
#
# Cases:
#   link, link_ka	track_interface + own interface: link down on the
#			master's veth0 -> FAULT, the VIP on node 2 within
#			its Master_Down + MARGIN; link up -> node 1
#			BACKUP then MASTER again (preempt)
#   script, script_ka	vrrp_script with weight -150 on node 1: the script
#			fails -> priority 50, node 2 takes the VIP; it
#			succeeds again -> node 1 takes it back
#   notify		notify_master/backup/fault/stop, the generic notify
#			and vrrp_notify_fifo on node 1 through start, link
#			down/up and stop, run once with BINARY and once with
#			$KA as node 1: the FIFO lines and generic notify
#			arguments must be the same, in the same order
#   trackrs		(Vigil only) each node runs a TCP listener on its own
#			address port 3306 and a virtual_server with TCP_CHECK
#			on it and `track_real_server <own ip> 3306`: the
#			listener on the VIP holder stops -> the VIP moves
#			within delay_loop + connect_timeout + skew + MARGIN
#			and the daemon keeps running; the listener comes back
#			-> the node leaves FAULT by itself (BACKUP, then
#			MASTER by preemption)
#   tfile, tfile_ka	track_file tf (weight 0, init_file 0) on node 1 and
#			track_file tf2 (init_file 7 overwrite, untracked),
#			node 1 running BINARY, then $KA: both files are
#			initialised; tf rewritten by rename-over to 1 ->
#			node 1 FAULT and the VIP off it within TFILE_MS
#			(inotify; polling every second would miss it),
#			node 2 takes it; tf written 0 in place -> node 1
#			leaves FAULT within TFILE_MS, MASTER again
#   dump		one node with track_interface, track_script and
#			track_file, run with BINARY then $KA: the "Tracked
#			..." lines of the SIGUSR1 keepalived.data must be
#			the same
#
# Output: one line per check, measured times on "time:" lines, then
# "netns-tracking: N passed, M failed".  Needs root.

set -u
export LC_ALL=C
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
. "$here/vrrp_lib.sh"

ALL_CASES="link link_ka script script_ka notify trackrs tfile tfile_ka dump"
MARGIN_MS=${MARGIN_MS:-400}
TFILE_MS=${TFILE_MS:-500}
KA=${KA:-/usr/sbin/keepalived}
VIP=192.0.2.100
START_MS=1500
TD=

# --- helpers ------------------------------------------------------------------

td_setup()
{
	TD=$(mktemp -d /var/tmp/vigil-track.XXXXXX) || return 1
	chmod 0755 "$TD"
}

td_cleanup()
{
	local p
	for p in ${TR_PIDS:-}; do
		kill "$p" 2>/dev/null
		wait "$p" 2>/dev/null
	done
	TR_PIDS=
	[ -n "$TD" ] && [ -d "$TD" ] && rm -rf "$TD"
	TD=
}

cleanup()
{
	vl_cleanup
	td_cleanup
}

# tr_start K BIN CONF: as vl_start, but with the checker child too (no
# -P), for track_real_server.
tr_start()
{
	local k=$1 bin=$2 conf=$3 ns log p
	ns=$(vl_ns "$k")
	log=$(vl_log "$k")
	vl_stop "$k"
	echo "=== $(date +%T.%N) start $bin $conf (with checker)" >>"$log"
	ip netns exec "$ns" unshare --pid --fork --kill-child --mount \
	    --mount-proc sh -c '
		exec 3<"$1" 4<"$2" || exit 1
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
		exec /run/vl/sbin/keepalived -n -l -D \
		    -f /run/vl/keepalived.conf
	    ' sh "$conf" "$bin" </dev/null >>"$log" 2>&1 &
	VL_UPID[$k]=$!
	VL_KPID[$k]=
	if wait_until 3000 eval 'p=$(vl_child "${VL_UPID[$k]}") &&
	    vl_is_daemon "$p"'; then
		VL_KPID[$k]=$p
		return 0
	fi
	echo "tr_start: node $k did not start" >&2
	return 1
}

link_set()
{
	ip -n "$(vl_ns "$1")" link set "$VL_IF" "$2"
}

# node_state K: the last "Entering X STATE" of node K.
node_state()
{
	grep -Eo 'Entering [A-Z]+ STATE' "$(vl_log "$1")" 2>/dev/null |
	    tail -n 1 | awk '{ print $2 }'
}

is_state()
{
	[ "$(node_state "$1")" = "$2" ]
}

# --- link ---------------------------------------------------------------------

link_case()
{
	local peer=$1 tag=$2 dl
	vl_setup 2 || { fail "$tag: topology"; return; }
	vl_conf "$VL_DIR/n1.conf" prio=200 \
	    extra='track_interface {\n\t\tveth0\n\t}'
	vl_conf "$VL_DIR/n2.conf" prio=100
	vl_start 1 "$BIN" "$VL_DIR/n1.conf" &&
	    vl_start 2 "$peer" "$VL_DIR/n2.conf" ||
	    { fail "$tag: nodes start" "$(show_nodes)"; return; }
	dl=$((START_MS + $(vl_down_ms 2 200 1000) + MARGIN_MS))
	expect_within "$tag: node 1 (200) holds the VIP" "$dl" \
	    vl_only 1 $VIP || return
	sleep 1		# node 2 settles in BACKUP
	link_set 1 down
	# The priority 0 advert cannot leave a downed link: Master_Down.
	dl=$(( $(vl_down_ms 2 100 1000) + MARGIN_MS ))
	expect_within "$tag: link down on node 1 -> node 2 holds the VIP" \
	    "$dl" vl_only 2 $VIP &&
	    echo "      time: failover after link down $waited_ms ms"
	check "$tag: node 1 logged FAULT" wait_until 1000 is_state 1 FAULT
	check "$tag: node 1 daemon still runs" vl_running 1
	link_set 1 up
	dl=$(( $(vl_down_ms 2 200 1000) + MARGIN_MS + 1000 ))
	expect_within "$tag: link up -> node 1 takes the VIP back" "$dl" \
	    vl_only 1 $VIP &&
	    echo "      time: back to MASTER after link up $waited_ms ms"
	check "$tag: node 1 went FAULT -> BACKUP -> MASTER" eval \
	    'grep -Eo "Entering [A-Z]+ STATE" "$(vl_log 1)" | tail -n 3 |
	    awk "{ print \$2 }" | tr "\n" " " | grep -qx "FAULT BACKUP MASTER "'
}

case_link()
{
	link_case "$BIN" "link"
}

case_link_ka()
{
	link_case "$KA" "link (peer keepalived)"
}

# pair_start TAG BIN1 BIN2 EXTRA: node 1 (priority 200; $VL_DIR/head, then
# an instance with the EXTRA lines) runs BIN1, node 2 (100) runs BIN2;
# node 1 must take the VIP.
pair_start()
{
	local tag=$1 dl
	vl_conf "$VL_DIR/n1.body" prio=200 extra="$4"
	cat "$VL_DIR/head" "$VL_DIR/n1.body" >"$VL_DIR/n1.conf"
	vl_conf "$VL_DIR/n2.conf" prio=100
	vl_start 1 "$2" "$VL_DIR/n1.conf" &&
	    vl_start 2 "$3" "$VL_DIR/n2.conf" ||
	    { fail "$tag: nodes start" "$(show_nodes)"; return 1; }
	dl=$((START_MS + $(vl_down_ms 2 200 1000) + MARGIN_MS))
	expect_within "$tag: node 1 (200) holds the VIP" "$dl" \
	    vl_only 1 $VIP
}

# --- script -------------------------------------------------------------------

script_case()
{
	local peer=$1 tag=$2 dl
	vl_setup 2 || { fail "$tag: topology"; return; }
	td_setup || { fail "$tag: work dir"; return; }
	{
		printf 'vrrp_script chk {\n\tscript "/usr/bin/test ! -e %s"\n' \
		    "$TD/fail"
		printf '\tinterval 1\n\tweight -150\n}\n'
	} >"$VL_DIR/head"
	pair_start "$tag" "$BIN" "$peer" 'track_script {\n\t\tchk\n\t}' ||
	    return
	sleep 1
	touch "$TD/fail"
	# One interval for the script, then Master_Down of node 2 (node 1
	# advertises 50: node 2 discards it and preempts).
	dl=$((1000 + $(vl_down_ms 2 100 1000) + MARGIN_MS))
	expect_within "$tag: script fails -> node 2 holds the VIP" "$dl" \
	    vl_only 2 $VIP &&
	    echo "      time: failover after the script failed $waited_ms ms"
	check "$tag: node 1 logged the failure and priority 50" eval \
	    'log_count 1 "VRRP_Script\(chk\) failed \(exited with status 1\)" \
	    >/dev/null && log_count 1 "Changing effective priority from 200 to 50" >/dev/null'
	rm -f "$TD/fail"
	dl=$((1000 + $(vl_down_ms 2 200 1000) + MARGIN_MS))
	expect_within "$tag: script succeeds -> node 1 holds the VIP" "$dl" \
	    vl_only 1 $VIP &&
	    echo "      time: failback after the script recovered $waited_ms ms"
	check "$tag: node 1 logged success" eval \
	    '[ "$(log_count 1 "VRRP_Script\(chk\) succeeded")" -ge 2 ]'
}

case_script()
{
	script_case "$BIN" "script"
}

case_script_ka()
{
	script_case "$KA" "script (peer keepalived)"
}

# --- notify -------------------------------------------------------------------

# notify_run BIN TAG: node 1 runs BIN with every notify; the records end
# up in $TD/TAG.*.
notify_run()
{
	local bin=$1 tag=$2 dl rp
	: >"$TD/$tag.generic"
	: >"$TD/$tag.fifo"
	: >"$TD/$tag.states"
	rm -f "$TD/fifo"
	mkfifo "$TD/fifo" || return 1
	cat "$TD/fifo" >>"$TD/$tag.fifo" &
	rp=$!
	TR_PIDS="${TR_PIDS:-} $rp"
	vl_conf "$VL_DIR/n1.body" prio=200 extra="$(printf '%s\\n\\t' \
	    "notify_master \"$TD/rec.sh $TD/$tag.states master\"" \
	    "notify_backup \"$TD/rec.sh $TD/$tag.states backup\"" \
	    "notify_fault \"$TD/rec.sh $TD/$tag.states fault\"" \
	    "notify_stop \"$TD/rec.sh $TD/$tag.states stop\"" \
	    "notify \"$TD/rec.sh $TD/$tag.generic\"")"
	# global_defs of vl_conf comes second: merge by dropping ours into it.
	sed "s|^global_defs {|global_defs {\n\tvrrp_notify_fifo $TD/fifo|" \
	    "$VL_DIR/n1.body" >"$VL_DIR/n1.conf"
	vl_start 1 "$bin" "$VL_DIR/n1.conf" ||
	    { fail "notify ($tag): node 1 starts" "$(show_nodes)"; return 1; }
	dl=$((START_MS + $(vl_down_ms 2 200 1000) + MARGIN_MS))
	wait_until "$dl" vl_only 1 $VIP || fail "notify ($tag): MASTER" \
	    "$(show_nodes)"
	sleep 1
	link_set 1 down
	wait_until 3000 eval '! vl_has_vip 1 $VIP'
	sleep 1
	link_set 1 up
	wait_until 8000 vl_only 1 $VIP || fail "notify ($tag): MASTER again" \
	    "$(show_nodes)"
	sleep 1
	vl_signal 1 TERM
	vl_wait_down 1 5000
	wait_until 2000 eval '! alive $rp'
	kill "$rp" 2>/dev/null
	wait "$rp" 2>/dev/null
	# The scripts are not awaited: let the last ones write.
	wait_until 2000 grep -q stop "$TD/$tag.states"
	return 0
}

case_notify()
{
	local a b
	vl_setup 2 || { fail "notify: topology"; return; }
	td_setup || { fail "notify: work dir"; return; }
	printf '#!/bin/sh\nf=$1\nshift\necho "$*" >>"$f"\n' >"$TD/rec.sh"
	chmod 0755 "$TD/rec.sh"
	vl_conf "$VL_DIR/n2.conf" prio=100
	vl_start 2 "$BIN" "$VL_DIR/n2.conf" ||
	    { fail "notify: node 2 starts"; return; }
	notify_run "$BIN" vigil || return
	notify_run "$KA" ka || return
	for a in fifo generic; do
		if cmp -s "$TD/vigil.$a" "$TD/ka.$a" &&
		    [ -s "$TD/vigil.$a" ]; then
			ok "notify: $a lines as keepalived's:" \
			    "$(tr '\n' ';' <"$TD/vigil.$a")"
		else
			fail "notify: $a lines as keepalived's" \
			    "vigil: $(tr '\n' ';' <"$TD/vigil.$a")" \
			    "keepalived: $(tr '\n' ';' <"$TD/ka.$a")" \
			    "$(show_nodes)"
		fi
	done
	a=$(sort "$TD/vigil.states" | tr '\n' ' ')
	b=$(sort "$TD/ka.states" | tr '\n' ' ')
	if [ "$a" = "$b" ] && [ -n "$a" ]; then
		ok "notify: notify_<state> scripts as keepalived's: $a"
	else
		fail "notify: notify_<state> scripts as keepalived's" \
		    "vigil: $a" "keepalived: $b"
	fi
	check "notify: FIFO has BACKUP, MASTER, FAULT, BACKUP, MASTER, STOP" \
	    eval '[ "$(awk "{ print \$3 }" "$TD/vigil.fifo" | tr "\n" " ")" = \
	    "BACKUP MASTER FAULT BACKUP MASTER STOP " ]'
}

# --- track_real_server ----------------------------------------------------------

LISTENER='
import socket, sys
s = socket.socket()
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind((sys.argv[1], 3306))
s.listen(16)
while True:
    c, _ = s.accept()
    c.close()
'

# listen_start K: node K listens on its own address, port 3306.
listen_start()
{
	ip netns exec "$(vl_ns "$1")" python3 -c "$LISTENER" "192.0.2.$1" &
	LPID[$1]=$!
	TR_PIDS="${TR_PIDS:-} ${LPID[$1]}"
	wait_until 2000 ip netns exec "$(vl_ns "$1")" \
	    sh -c "ss -ltn | grep -q '192.0.2.$1:3306'"
}

listen_stop()
{
	kill "${LPID[$1]}" 2>/dev/null
	wait "${LPID[$1]}" 2>/dev/null
}

trackrs_conf()
{
	local k=$1 prio=$2
	vl_conf "$VL_DIR/n$k.body" prio="$prio" \
	    extra="track_real_server 192.0.2.$k 3306"
	{
		cat "$VL_DIR/n$k.body"
		printf 'virtual_server %s 3306 {\n\tdelay_loop 1\n' "$VIP"
		printf '\tlb_algo rr\n\tlb_kind DR\n\tprotocol TCP\n'
		printf '\treal_server 192.0.2.%s 3306 {\n' "$k"
		printf '\t\tTCP_CHECK {\n\t\t\tconnect_timeout 1\n'
		printf '\t\t\tretry 0\n\t\t}\n\t}\n}\n'
	} >"$VL_DIR/n$k.conf"
}

case_trackrs()
{
	local dl kpid nb tag=trackrs
	declare -a LPID
	vl_setup 2 || { fail "$tag: topology"; return; }
	listen_start 1 && listen_start 2 ||
	    { fail "$tag: listeners"; return; }
	trackrs_conf 1 200
	trackrs_conf 2 100
	tr_start 1 "$BIN" "$VL_DIR/n1.conf" &&
	    tr_start 2 "$BIN" "$VL_DIR/n2.conf" ||
	    { fail "$tag: nodes start" "$(show_nodes)"; return; }
	dl=$((START_MS + 2000 + $(vl_down_ms 2 200 1000) + MARGIN_MS))
	expect_within "$tag: node 1 (200) holds the VIP once checked" "$dl" \
	    vl_only 1 $VIP || return
	sleep 1
	kpid=${VL_KPID[1]}
	listen_stop 1
	# delay_loop 1 + connect_timeout 1, then Skew after priority 0.
	dl=$((1000 + 1000 + $(vl_skew_ms 2 100 1000) + 1000 + MARGIN_MS))
	expect_within "$tag: listener of node 1 stops -> node 2 holds the VIP" \
	    "$dl" vl_only 2 $VIP &&
	    echo "      time: failover after the listener stopped $waited_ms ms"
	check "$tag: node 1 in FAULT, its daemon still runs (same pid)" \
	    eval 'wait_until 2000 is_state 1 FAULT && vl_running 1 &&
	    [ "${VL_KPID[1]}" = "$kpid" ]'
	check "$tag: node 1 stays out while the listener is down" \
	    holds_for 3000 eval 'vl_only 2 $VIP && vl_running 1'
	nb=$(log_count 1 "Entering BACKUP STATE")
	listen_start 1
	dl=$((1000 + 1000 + MARGIN_MS + 2000))
	expect_within "$tag: listener back -> node 1 leaves FAULT (BACKUP)" \
	    "$dl" eval '[ "$(log_count 1 "Entering BACKUP STATE")" -gt "$nb" ]' &&
	    echo "      time: rejoined after the listener came back $waited_ms ms"
	dl=$(( $(vl_down_ms 2 200 1000) + MARGIN_MS + 1000 ))
	expect_within "$tag: node 1 takes the VIP back (preempt)" "$dl" \
	    vl_only 1 $VIP
	check "$tag: node 1's daemon never restarted" \
	    eval 'vl_running 1 && [ "${VL_KPID[1]}" = "$kpid" ]'
	listen_stop 1
	listen_stop 2
}

# --- track_file -------------------------------------------------------------

# has_vip_not K: node K does not hold the VIP.
has_vip_not()
{
	! vl_has_vip "$1" $VIP
}

# tfile_timed TEXT T0 COND...: COND holds within TFILE_MS of T0 (ms).
tfile_timed()
{
	local text=$1 t0=$2 t
	shift 2
	if ! wait_until 3000 "$@"; then
		fail "$text" "$(show_nodes)"
		return 1
	fi
	t=$(( $(now_ms) - t0 ))
	echo "      time: $text: $t ms"
	if [ "$t" -lt "$TFILE_MS" ]; then
		ok "$text in $t ms (< $TFILE_MS)"
	else
		fail "$text in $t ms (< $TFILE_MS)" "$(show_nodes)"
	fi
}

# tfile_case BIN TAG: node 1 runs BIN with a track_file written by hand.
tfile_case()
{
	local bin=$1 tag=$2 dl t0
	vl_setup 2 || { fail "$tag: topology"; return; }
	td_setup || { fail "$tag: work dir"; return; }
	echo 3 >"$TD/tf2"
	{
		printf 'track_file tf {\n\tfile %s/tf\n\tweight 0\n' "$TD"
		printf '\tinit_file 0\n}\n'
		printf 'track_file tf2 {\n\tfile %s/tf2\n' "$TD"
		printf '\tinit_file 7 overwrite\n}\n'
	} >"$VL_DIR/head"
	pair_start "$tag" "$bin" "$BIN" 'track_file {\n\t\ttf\n\t}' || return
	check "$tag: init_file 0 created tf" \
	    eval '[ "$(cat "$TD/tf")" = 0 ]'
	check "$tag: init_file 7 overwrite rewrote tf2 (untracked)" \
	    eval '[ "$(cat "$TD/tf2")" = 7 ]'
	# An editor's save: a new file renamed over the tracked one.
	echo 1 >"$TD/tf.new"
	t0=$(now_ms)
	mv "$TD/tf.new" "$TD/tf"
	tfile_timed "$tag: tf 1 -> node 1 drops the VIP" "$t0" has_vip_not 1
	check "$tag: node 1 entered FAULT" is_state 1 FAULT
	check "$tag: node 1 logged keepalived's -D line for tf" eval \
	    'log_count 1 "\(VI_1\): tracked file tf now FAULT state" >/dev/null'
	dl=$(( $(vl_skew_ms 2 100 1000) + 1000 + MARGIN_MS ))
	expect_within "$tag: node 2 holds the VIP" "$dl" vl_only 2 $VIP
	# Written in place: leaving FAULT is as quick.
	t0=$(now_ms)
	echo 0 >"$TD/tf"
	tfile_timed "$tag: tf 0 -> node 1 leaves FAULT" "$t0" \
	    eval '! is_state 1 FAULT'
	check "$tag: node 1 logged tf leaving FAULT" eval \
	    'log_count 1 "\(VI_1\): tracked file tf leaving FAULT state" >/dev/null'
	dl=$(( $(vl_down_ms 2 200 1000) + MARGIN_MS ))
	expect_within "$tag: node 1 holds the VIP again" "$dl" vl_only 1 $VIP
}

case_tfile()
{
	tfile_case "$BIN" "tfile"
}

case_tfile_ka()
{
	tfile_case "$KA" "tfile (node 1 keepalived)"
}

# --- dump -----------------------------------------------------------------------

# dump_tracked BIN TAG: node 1 runs BIN with every kind of tracking; the
# "Tracked ..." lines of its SIGUSR1 keepalived.data go to $TD/TAG.dump.
dump_tracked()
{
	local bin=$1 tag=$2 f=/tmp/keepalived.data n
	vl_start 1 "$bin" "$VL_DIR/d1.conf" ||
	    { fail "dump ($tag): node 1 starts" "$(show_nodes)"; return 1; }
	wait_until 3000 eval 'log_count 1 "Entering (BACKUP|MASTER|FAULT) STATE" \
	    >/dev/null' || true
	# A signal that lands while the daemon is still setting up its
	# handlers is lost (keepalived too): ask again, a bounded few times.
	for n in 1 2 3 4 5; do
		vl_signal 1 USR1
		wait_until 1000 nsenter -t "${VL_KPID[1]}" -m grep -q \
		    'Notify deleted' "$f" && break
	done
	nsenter -t "${VL_KPID[1]}" -m grep -q 'Notify deleted' "$f" ||
	    { fail "dump ($tag): $f written" "$(show_nodes)"; return 1; }
	nsenter -t "${VL_KPID[1]}" -m cat "$f" | awk '
	    /^   Tracked / { on = 1; print; next }
	    on && /^     / { print; next }
	    { on = 0 }' >"$TD/$tag.dump"
	vl_stop 1
}

case_dump()
{
	vl_setup 1 || { fail "dump: topology"; return; }
	td_setup || { fail "dump: work dir"; return; }
	echo 5 >"$TD/tfile"
	{
		printf 'vrrp_script chk {\n\tscript "/bin/true"\n'
		printf '\tinterval 1\n\tweight 7\n}\n'
		printf 'vrrp_script chk2 {\n\tscript "/bin/true"\n'
		printf '\tinterval 1\n}\n'
		printf 'vrrp_track_file tf {\n\tfile %s/tfile\n\tweight 2\n}\n' \
		    "$TD"
	} >"$VL_DIR/head"
	vl_conf "$VL_DIR/d1.body" prio=100 extra="$(printf '%s\\n\\t' \
	    'track_interface {' '\tveth0 weight -10' '\tlo' '}' \
	    'track_script {' '\tchk' '\tchk2 weight -20 reverse' '}' \
	    'track_file {' '\ttf weight 3' '}')"
	cat "$VL_DIR/head" "$VL_DIR/d1.body" >"$VL_DIR/d1.conf"
	dump_tracked "$BIN" vigil || return
	dump_tracked "$KA" ka || return
	if [ -s "$TD/vigil.dump" ] && cmp -s "$TD/vigil.dump" "$TD/ka.dump"
	then
		ok "dump: Tracked interfaces/scripts/files as keepalived's:" \
		    "$(tr '\n' ';' <"$TD/vigil.dump" | tr -s ' ')"
	else
		fail "dump: Tracked lines as keepalived's (diff vigil keepalived)" \
		    "$(diff "$TD/vigil.dump" "$TD/ka.dump")" "$(show_nodes)"
	fi
}

# --- driver ---------------------------------------------------------------------

VL_CLEANUP=cleanup
VL_KA_CASES='*_ka notify dump'
VL_BANNER="margin $MARGIN_MS ms, keepalived $KA"
vl_drive netns-tracking "$here/tracking.sh" "$@"
