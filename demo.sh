#!/bin/bash
# demo.sh: build Vigil and show what it makes of keepalived.conf.example.
#
#   sudo bash demo.sh
#
# Installs the build dependencies (Debian 12, apt-get; skipped when they
# are there), builds build/keepalived and runs
#
#   build/keepalived -t -d -f keepalived.conf.example
#
# which checks the file as `keepalived -t` does, prints the diagnostics
# (stderr) and the parsed model (stdout), and exits with keepalived's -t
# status.  Vigil's daemon, VRRP and health checkers are still being
# written; this demo will become a two-node failover demo when they land.

set -u
cd "$(dirname "$0")" || exit 1
export DEBIAN_FRONTEND=noninteractive
conf=${1:-keepalived.conf.example}

pkgs="gcc make libc6-dev autoconf pkg-config libmnl-dev libmariadb-dev"
missing=
for p in $pkgs; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null |
	    grep -q 'install ok installed' || missing="$missing $p"
done
if [ -n "$missing" ]; then
	if [ "$(id -u)" -ne 0 ]; then
		echo "demo.sh: missing packages:$missing (run with sudo)" >&2
		exit 1
	fi
	echo "== installing build dependencies:$missing"
	apt-get update -q && apt-get install -y -q $missing || exit 1
fi

echo "== building (make)"
make -j"$(nproc 2>/dev/null || echo 2)" >build.log 2>&1 || {
	tail -n 30 build.log
	echo "demo.sh: build failed; full log in build.log" >&2
	exit 1
}
rm -f build.log

echo "== build/keepalived -t -d -f $conf"
echo "   (diagnostics as keepalived prints them, then the parsed model)"
echo
build/keepalived -t -d -f "$conf"
rc=$?
echo
case $rc in
0) echo "== -t status 0: the configuration is valid" ;;
5) echo "== -t status 5: usable, with the warnings above (a missing" \
       "interface is one: set 'interface' to your NIC)" ;;
*) echo "== -t status $rc: keepalived would refuse this configuration" ;;
esac
exit "$rc"
