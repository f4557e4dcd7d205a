#!/bin/bash
# tests/netns/checker_ssl.sh: SSL_GET (and HTTP_GET's response rules over
# it) against a real HTTPS server, with keepalived 2.2.7's timing.
#
#   bash tests/netns/checker_ssl.sh [BINARY [CASE...]]
#
# BINARY defaults to build/keepalived.  Each case runs in a PID + mount +
# network namespace of its own (lib.sh's netns_run_case); the HTTPS server
# is tests/netns/servers/tserv.py's "https" mode (python3's ssl) in a
# network namespace "srv" behind veth0 (192.0.2.1) - veth1 (192.0.2.2).
# A CA, a server certificate, a client certificate and an unrelated CA
# are made with `openssl req` in the case's private /tmp at test time.
# Checkers use delay_loop DL=2 s, delay_before_retry DBR=1 s, retry R,
# connect_timeout 1 s, warmup 0.
#
# Cases:
#   cycle   SSL_GET with digest, regex and enable_sni: first check 1 s
#           after activation, the server seeing the SNI name; the server
#           stopped -> "Removing service" at T_last + DL + R x DBR
#           (refused connections fail at once), notify_down with its
#           arguments and the FIFO line; restarted -> "Adding service"
#           max(DBR, DL) + DL after (the first good answer only clears
#           the failed url: check_http.c epilog), notify_up, "Regex
#           match success to"
#   content the server answers a wrong status, then a body the regex does
#           not match, then a wrong digest (log_all_failures shows
#           keepalived's words for each); down each time, up again after
#   ca      SSL { ca } with the CA that signed the server and with an
#           unrelated one: keepalived never verifies the peer, so both
#           stay up
#   client  the server requires a client certificate from its CA: up
#           with SSL { certificate key } of such a client (also with an
#           encrypted key and its password), down without
#   handshake
#           a plain TCP server that closes at once, and one that never
#           answers the ClientHello: keepalived's "SSL handshake/
#           communication error connecting to server [rs]." and "Timeout
#           connecting server [rs]." (log_all_failures), down both times
#   reload  the server requires a client certificate; no SSL block: down;
#           SIGHUP with SSL { certificate key }: the context is rebuilt
#           and the real server comes up
#   badssl  SSL { certificate /nonexistent }: keepalived's words
#           ("SSL error : Cant load certificate file...", "Terminate...")
#           and the whole daemon exits 1 (the checker exits FATAL)
#
# keepalived 2.2.7 cannot be the oracle: its checker child exits FATAL
# without IPVS in the kernel (keepalived-compat.md §2.3); the expected
# texts and times come from its check_http.c, check_ssl.c, check_api.c.
#
# Final line "netns-checker-ssl: N passed, M failed"; exit 1 when a
# check failed.  Needs root, python3, openssl, ss.

set -u
export LC_ALL=C
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
. "$here/checker_lib.sh"

ALL_CASES="cycle content ca client handshake reload badssl"
TOL_MS=${TOL_MS:-400}
DL=2000 DBR=1000 CT=1000
LOG=/tmp/daemon.log
REQ=/tmp/req.log
NOTIFY=/tmp/notify.log
FIFO=/tmp/notify.fifo
FIFOLOG=/tmp/fifo.log
PKI=/tmp/pki
VS_IP=192.0.2.100
RS_IP=192.0.2.2
PORT=8443
RS="[$RS_IP]:tcp:$PORT"
VS="[$VS_IP]:tcp:$PORT"
# md5 of "vigil ok\n", tserv's default body.
OK_MD5=5df59e9e40983f7562d630244051e773

# --- inside the case's namespaces -----------------------------------------

topo()
{
	ip netns add srv || return 1
	ip link set veth1 netns srv || return 1
	ip -n srv link set lo up
	ip -n srv addr add 192.0.2.2/24 dev veth1 || return 1
	ip -n srv link set veth1 up || return 1
}

# pki: ca (server and client), other-ca, server and client certificates.
pki()
{
	local n
	mkdir -p "$PKI" || return 1
	for n in ca other-ca; do
		openssl req -x509 -newkey rsa:2048 -nodes -days 2 \
		    -subj "/CN=vigil test $n" -keyout "$PKI/$n.key" \
		    -out "$PKI/$n.pem" 2>/dev/null || return 1
	done
	for n in server client; do
		openssl req -newkey rsa:2048 -nodes -subj "/CN=$n.example.test" \
		    -keyout "$PKI/$n.key" -out "$PKI/$n.csr" 2>/dev/null ||
		    return 1
		openssl x509 -req -in "$PKI/$n.csr" -CA "$PKI/ca.pem" \
		    -CAkey "$PKI/ca.key" -CAcreateserial -days 2 \
		    -out "$PKI/$n.pem" 2>/dev/null || return 1
	done
	openssl pkey -in "$PKI/client.key" -aes256 -passout pass:s3cret \
	    -out "$PKI/client-enc.key" 2>/dev/null
}

scripts()
{
	cat >/etc/keepalived/notify.sh <<EOF
#!/bin/sh
echo "\$(date +%s%3N) \$0 \$*" >>$NOTIFY
EOF
	chmod 0755 /etc/keepalived/notify.sh
	: >"$NOTIFY"
	: >"$REQ"
}

# conf SSL-BLOCK CHECKER-BLOCK
conf()
{
	cat >/etc/keepalived/keepalived.conf <<EOF
global_defs {
	router_id ssltest
	notify_fifo $FIFO
}
$1
virtual_server $VS_IP $PORT {
	delay_loop $((DL / 1000))
	lb_algo rr
	lb_kind NAT
	protocol TCP
	virtualhost www.example.test
	real_server $RS_IP $PORT {
		notify_up "/etc/keepalived/notify.sh UP ssl rs=$RS_IP"
		notify_down "/etc/keepalived/notify.sh DOWN ssl port=$PORT"
		$2
	}
}
EOF
}

# check_block R URL-BODY [EXTRA]
check_block()
{
	cat <<EOF
SSL_GET {
			url {
				path /health
				$2
			}
			connect_timeout $((CT / 1000))
			retry $1
			delay_before_retry $((DBR / 1000))
			warmup 0
			${3:-}
		}
EOF
}

srv_up()
{
	TSERV_CERT=$PKI/server.pem TSERV_KEY=$PKI/server.key \
	    TSERV_RESP=/tmp/resp TSERV_CLIENT_CA=${CLIENT_CA:-} \
	    ck_srv_start s srv https "$RS_IP" "$PORT" "$REQ"
}

# start_daemon [PATTERN]: start BIN, wait for PATTERN in its log.
start_daemon()
{
	if [ ! -p "$FIFO" ]; then
		mkfifo -m 0600 "$FIFO" || return 1
		exec 7<>"$FIFO"
		ck_stamp <&7 >"$FIFOLOG" &
	fi
	"$BIN" -n -l -D -C -f /etc/keepalived/keepalived.conf \
	    > >(ck_stamp >"$LOG") 2>&1 </dev/null &
	KPID=$!
	wait_until 5000 log_has "$LOG" \
	    "${1:-Activating healthchecker|Startup}"
}

stop_daemon()
{
	kill -TERM "$KPID" 2>/dev/null
	wait_until 5000 eval '! alive $KPID'
}

show()
{
	echo "      daemon log:"
	show_log "$LOG" 14
	echo "      requests: $(tail -n 4 "$REQ" | tr '\n' ';')"
	echo "      server errors: $(tail -n 3 "$REQ.err" 2>/dev/null |
	    tr '\n' ';')"
	echo "      notify: $(tr '\n' ';' <"$NOTIFY")"
	echo "      fifo: $(tr '\n' ';' <"$FIFOLOG" 2>/dev/null)"
}

# notified ARGS FROM TO: exactly one notify line in (FROM, TO] with ARGS.
notified()
{
	local lines
	lines=$(awk -v a="$2" -v b="$3" '$1 > a && $1 <= b' "$NOTIFY")
	if [ -n "$lines" ] && [ "$(wc -l <<<"$lines")" -eq 1 ] &&
	    [ "${lines#* }" = "/etc/keepalived/notify.sh $1" ]; then
		ok "notify script ran once with '$1'"
	else
		fail "notify script ran once with '$1'" \
		    "got: $(tr '\n' ';' <<<"$lines")" \
		    "all: $(tr '\n' ';' <"$NOTIFY")"
	fi
}

fifo_line()
{
	if awk -v a="$2" '$1 > a' "$FIFOLOG" | cut -d' ' -f2- |
	    grep -qxF "$1"; then
		ok "notify FIFO: $1"
	else
		fail "notify FIFO: $1" "fifo: $(tr '\n' ';' <"$FIFOLOG")"
	fi
}

# expect_line WHAT AFTER TEXT TIMEOUT: a log line with TEXT after AFTER;
# its time in $t_line.
expect_line()
{
	if wait_until "$4" ck_has_line_after "$LOG" "$2" "$3"; then
		sleep 0.05
		t_line=$(ck_line_after "$LOG" "$2" "$3")
		ok "$1"
		return 0
	fi
	fail "$1: no '$3'" "$(show)"
	return 1
}

setup_case()
{
	topo || { fail "topology" "$(ip -br addr)"; return 1; }
	pki || { fail "certificates with openssl req"; return 1; }
	scripts
	rm -f /tmp/resp
	srv_up || { fail "https server start" "$(cat "$REQ.err")"; return 1; }
	return 0
}

case_cycle()
{
	local R=2 t_act t_first t_last t_down t_up pred gap n
	setup_case || return
	conf "" "$(check_block $R "digest $OK_MD5
				regex \"vigil ok\"" enable_sni)"
	start_daemon || { fail "daemon started" "$(show)"; return; }
	sleep 0.05
	t_act=$(ck_line_after "$LOG" 0 'Activating healthchecker') ||
	    { fail "Activating healthchecker logged" "$(show)"; return; }
	wait_until 4000 ck_req_after "$REQ" 0 ||
	    { fail "first check" "$(show)"; return; }
	t_first=$(head -n 1 "$REQ" | cut -d' ' -f1)
	near "first check 1000 ms after activation ($((t_first - t_act)) ms)" \
	    "$t_first" $((t_act + 1000))
	if grep -q ' sni=www.example.test$' "$REQ"; then
		ok "enable_sni: the server saw SNI www.example.test (the VS virtualhost)"
	else
		fail "enable_sni: SNI www.example.test" "$(cat "$REQ")"
	fi
	wait_until $((DL + 2000)) ck_req_after "$REQ" "$t_first" ||
	    { fail "second check" "$(show)"; return; }
	t_last=$(ck_last_req "$REQ")
	near "second check delay_loop after the first ($((t_last - t_first)) ms)" \
	    "$t_last" $((t_first + DL))
	if log_has "$LOG" 'Removing service'; then
		fail "up while the server is up" "$(show)"
		return
	fi
	ck_srv_stop s
	pred=$((t_last + DL + R * DBR))
	expect_line "Removing service $RS from VS $VS" "$ck_stopped_ms" \
	    "Removing service $RS from VS $VS" $((pred - $(now_ms) + 3000)) ||
	    return
	t_down=$t_line
	near "down $((t_down - t_last)) ms after the last good check (DL + R x DBR = $((DL + R * DBR)))" \
	    "$t_down" "$pred"
	srv_up || { fail "server restart" "$(cat "$REQ.err")"; return; }
	gap=$(((DBR > DL ? DBR : DL) + DL))
	expect_line "Adding service $RS to VS $VS" "$t_down" \
	    "Adding service $RS to VS $VS" $((gap + 3000)) || return
	t_up=$t_line
	near "up $((t_up - t_down)) ms after down (max(DBR, DL) + DL = $gap)" \
	    "$t_up" $((t_down + gap))
	if ck_has_line_after "$LOG" "$t_down" \
	    "Regex match success to $RS url(/health)"; then
		ok "keepalived's 'Regex match success to $RS url(/health)'"
	else
		fail "Regex match success to $RS url(/health)" "$(show)"
	fi
	if ck_has_line_after "$LOG" "$t_down" \
	    "Remote Web server $RS succeed on service."; then
		ok "keepalived's 'Remote Web server $RS succeed on service.'"
	else
		fail "Remote Web server $RS succeed on service." "$(show)"
	fi
	ck_has_line_after "$LOG" "$ck_stopped_ms" \
	    "HTTP_CHECK on service $RS failed after $R retries." &&
	    ok "keepalived's 'HTTP_CHECK on service $RS failed after $R retries.'" ||
	    fail "HTTP_CHECK on service $RS failed after $R retries." "$(show)"
	wait_until 2000 ck_has_line_after "$NOTIFY" "$t_down" UP
	notified "DOWN ssl port=$PORT" "$ck_stopped_ms" "$((t_down + TOL_MS))"
	notified "UP ssl rs=$RS_IP" "$((t_down + TOL_MS))" "$(now_ms)"
	fifo_line "RS $RS $VS DOWN" "$ck_stopped_ms"
	fifo_line "RS $RS $VS UP" "$t_down"
	n=$(grep -c 'Removing service' "$LOG")
	[ "$n" -eq 1 ] && ok "removed once" ||
	    fail "removed once (got $n)" "$(show)"
	stop_daemon
}

# content_step WHAT RESP WORDS: the server answers RESP, the RS goes down
# with keepalived's WORDS, then up again with the good answer.
content_step()
{
	local what=$1 t0
	t0=$(now_ms)
	printf '%b' "$2" >/tmp/resp.new && mv /tmp/resp.new /tmp/resp
	expect_line "$what: '$3 server $RS.'" "$t0" "$3 server $RS." \
	    $((DL + 3000)) || return 1
	expect_line "$what: Removing service $RS" "$t0" \
	    "Removing service $RS from VS $VS" $((DL + DBR + 3000)) || return 1
	t0=$(now_ms)
	rm -f /tmp/resp
	expect_line "$what: Adding service $RS again" "$t0" \
	    "Adding service $RS to VS $VS" $((DL + DBR + 3000)) || return 1
}

case_content()
{
	setup_case || return
	conf "" "$(check_block 1 "digest $OK_MD5
				regex \"^vigil ok\$\"
				regex_options multiline
				status_code 200-204" log_all_failures)"
	start_daemon || { fail "daemon started" "$(show)"; return; }
	expect_line "up: 'Remote Web server $RS succeed on service.'" 0 \
	    "Remote Web server $RS succeed on service." 4000 || return
	log_has "$LOG" 'Removing service' &&
	    { fail "up while the server answers well" "$(show)"; return; }
	content_step "status 500" '500\nvigil ok\n' \
	    "HTTP status code error to" || return
	content_step "wrong body (the digest is judged before the regex)" '200\nvigil ko\n' \
	    "MD5 digest error to" || return
	# Same digest, different regex: a second url would be needed; the
	# regex alone is judged with regex_no_match below.
	stop_daemon
	: >"$LOG"
	conf "" "$(check_block 1 "regex \"maintenance\"
				regex_no_match" log_all_failures)"
	start_daemon || { fail "daemon restarted" "$(show)"; return; }
	expect_line "regex_no_match: up on 'vigil ok'" 0 \
	    "Remote Web server $RS succeed on service." 4000 || return
	content_step "regex_no_match: 'under maintenance'" \
	    '200\nunder maintenance\n' "Regex match failed" || return
	stop_daemon
}

# ssl_case NAME SSL-BLOCK: SSL_GET stays up.
ssl_up_case()
{
	local t0
	: >"$LOG"
	conf "$2" "$(check_block 1 "status_code 200")"
	start_daemon || { fail "$1: daemon started" "$(show)"; return 1; }
	t0=$(now_ms)
	expect_line "$1: up" 0 \
	    "Remote Web server $RS succeed on service." 4000 || return 1
	wait_until $((DL + 2000)) ck_req_after "$REQ" "$t0"
	if ! log_has "$LOG" 'Removing service|SSL handshake'; then
		ok "$1: never down"
	else
		fail "$1: never down" "$(show)"
	fi
	stop_daemon
}

case_ca()
{
	setup_case || return
	ssl_up_case "SSL { ca <server's CA> }" "SSL {
	ca $PKI/ca.pem
}" || return
	ssl_up_case "SSL { ca <unrelated CA> } (keepalived does not verify)" \
	    "SSL {
	ca $PKI/other-ca.pem
}"
}

case_client()
{
	local t0
	CLIENT_CA=$PKI/ca.pem
	setup_case || return
	ssl_up_case "client certificate required: SSL { certificate key }" \
	    "SSL {
	certificate $PKI/client.pem
	key $PKI/client.key
}" || return
	ssl_up_case "client certificate with an encrypted key: SSL { password }" \
	    "SSL {
	certificate $PKI/client.pem
	key $PKI/client-enc.key
	password s3cret
}" || return
	grep -q 'handshake-failed' "$REQ" &&
	    fail "server accepted every handshake" "$(cat "$REQ")" ||
	    ok "server accepted every handshake"
	: >"$LOG"
	: >"$REQ"
	conf "" "$(check_block 0 "status_code 200" log_all_failures)"
	start_daemon || { fail "daemon started" "$(show)"; return; }
	expect_line "no client certificate: down" 0 \
	    "Removing service $RS from VS $VS" 5000 || return
	grep -q 'handshake-failed' "$REQ" &&
	    ok "server refused the handshake without a client certificate" ||
	    fail "server refused the handshake" "$(cat "$REQ")"
	stop_daemon
}

case_handshake()
{
	local t0
	topo || { fail "topology" "$(ip -br addr)"; return; }
	scripts
	ck_srv_start s srv tcp "$RS_IP" "$PORT" "$REQ" ||
	    { fail "tcp server start" "$(cat "$REQ.err")"; return; }
	conf "" "$(check_block 0 "status_code 200" log_all_failures)"
	start_daemon || { fail "daemon started" "$(show)"; return; }
	expect_line "closed at once: 'SSL handshake/communication error connecting to server $RS.'" \
	    0 "SSL handshake/communication error connecting to server $RS." \
	    4000 || return
	expect_line "closed at once: down" 0 \
	    "Removing service $RS from VS $VS" 1000 || return
	stop_daemon
	ck_srv_stop s
	: >"$LOG"
	# A plain HTTP server waits for a request that never comes.
	ck_srv_start s srv http "$RS_IP" "$PORT" "$REQ" ||
	    { fail "http server start" "$(cat "$REQ.err")"; return; }
	start_daemon || { fail "daemon restarted" "$(show)"; return; }
	t0=$(ck_line_after "$LOG" 0 'Activating healthchecker')
	expect_line "no ServerHello: 'Timeout connecting server $RS.'" 0 \
	    "Timeout connecting server $RS." 5000 || return
	near "no ServerHello: the handshake timed out connect_timeout after the first check" \
	    "$t_line" $((t0 + 1000 + CT))
	stop_daemon
}

case_reload()
{
	local t0
	CLIENT_CA=$PKI/ca.pem
	setup_case || return
	conf "" "$(check_block 0 "status_code 200")"
	start_daemon || { fail "daemon started" "$(show)"; return; }
	expect_line "no client certificate: down" 0 \
	    "Removing service $RS from VS $VS" 5000 || return
	conf "SSL {
	certificate $PKI/client.pem
	key $PKI/client.key
}" "$(check_block 0 "status_code 200")"
	t0=$(now_ms)
	kill -HUP "$KPID"
	expect_line "reload with SSL { certificate key }: up" "$t0" \
	    "Adding service $RS to VS $VS" $((DL * 2 + 3000)) || return
	stop_daemon
}

case_badssl()
{
	local st
	setup_case || return
	conf "SSL {
	certificate /nonexistent/cert.pem
}" "$(check_block 1 "status_code 200")"
	start_daemon 'Starting Healthcheck' ||
	    { fail "daemon started" "$(show)"; return; }
	expect_line "keepalived's 'SSL error : Cant load certificate file...'" \
	    0 "SSL error : Cant load certificate file..." 5000
	expect_line "keepalived's 'Terminate...'" 0 "Terminate..." 2000
	if wait_until 8000 eval '! alive $KPID'; then
		wait "$KPID"
		st=$?
		[ "$st" -eq 1 ] && ok "the daemon exited 1 (checker FATAL)" ||
		    fail "the daemon exited 1 (got $st)" "$(show)"
	else
		fail "the daemon exited (checker FATAL)" "$(show)"
		stop_daemon
	fi
}

oracle_note()
{
	if [ -e /proc/net/ip_vs ] || [ ! -x /usr/sbin/keepalived ]; then
		return
	fi
	echo "skip  keepalived 2.2.7 as oracle: no IPVS in this kernel, its" \
	    "checker child exits FATAL; expectations come from its source"
}

# --- outside ----------------------------------------------------------------

if [ "${1:-}" = --inner ]; then
	BIN=$2
	netns_setup || { echo "FAIL  $3: namespace setup"; exit 1; }
	trap ck_cleanup EXIT
	"case_$3"
	exit 0
fi

BIN=${1:-build/keepalived}
shift $(( $# > 0 ? 1 : 0 ))
case $BIN in /*) ;; *) BIN=$(pwd)/$BIN ;; esac
if [ "$(id -u)" -ne 0 ] || ! command -v openssl >/dev/null; then
	echo "netns-checker-ssl: needs root and openssl"
	echo "netns-checker-ssl: 0 passed, 1 failed"
	exit 1
fi
cases=${*:-$ALL_CASES}
passed=0
failed=0
t0=$(now_ms)
oracle_note
for c in $cases; do
	echo "--- $c"
	CASE_TIMEOUT=${CASE_TIMEOUT:-60} netns_run_case "$here/checker_ssl.sh" \
	    "$BIN" "$c"
done
echo "time: $(( ($(now_ms) - t0) / 1000 )) s"
echo "netns-checker-ssl: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
