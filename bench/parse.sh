#!/bin/bash
# parse.sh: wall time and peak RSS of `keepalived -t -f` for keepalived
# 2.2.7 and for Vigil on the same file, in the same network namespace.
#
#   sudo bench/parse.sh [-n REPS] [-f CONFIG] [OUR_BINARY]
#
# Without -f it generates bench/gen-config.sh's default file (1,000
# vrrp_instances, 10,000 real_servers) into a scratch directory.  Both
# programs run REPS times (default 5), alternating, inside one network
# namespace that has the interfaces eth0-eth3 (veth pairs), so the
# interface lookups succeed as on a real host.  Prints the median of each
# and the ratio Vigil / keepalived.  Needs root (unshare, ip) and GNU time.
set -eu
export LC_ALL=C

here=$(cd "$(dirname "$0")" && pwd)
reps=5
conf=
ours=$here/../build/keepalived
oracle=${VIGIL_ORACLE:-keepalived}

while getopts n:f: opt; do
	case $opt in
	n) reps=$OPTARG ;;
	f) conf=$OPTARG ;;
	*) sed -n '2,12p' "$0"; exit 2 ;;
	esac
done
shift $((OPTIND - 1))
[ $# -gt 0 ] && ours=$1
ours=$(cd "$(dirname "$ours")" && pwd)/$(basename "$ours")

if [ ! -x /usr/bin/time ]; then
	DEBIAN_FRONTEND=noninteractive apt-get install -y -q time >/dev/null
fi
[ -x "$ours" ] || { echo "parse.sh: no $ours (run make)"; exit 1; }
command -v "$oracle" >/dev/null ||
    { echo "parse.sh: $oracle is not installed"; exit 1; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
if [ -z "$conf" ]; then
	echo "generating the default benchmark config ..."
	"$here/gen-config.sh" >"$work/bench.conf"
	conf=$work/bench.conf
fi
conf=$(cd "$(dirname "$conf")" && pwd)/$(basename "$conf")
echo "config: $conf ($(wc -l <"$conf") lines)"

# One namespace for every run: build the interfaces, then time each
# program in turn.  Result lines: "<name> <seconds> <max RSS KiB>" (GNU
# time adds "Command exited with non-zero status N" lines: ignored).
unshare -n bash -s "$reps" "$conf" "$oracle" "$ours" "$work/results" <<'NS'
reps=$1 conf=$2 oracle=$3 ours=$4 results=$5
for i in 0 1 2 3; do
	ip link add "eth$i" type veth peer name "peer$i" &&
	    ip link set "eth$i" up
done 2>/dev/null
cd "$(dirname "$conf")"
r=0
while [ "$r" -lt "$reps" ]; do
	for who in keepalived vigil; do
		bin=$oracle
		[ "$who" = vigil ] && bin=$ours
		/usr/bin/time -a -o "$results" -f "$who %e %M" \
		    "$bin" -t -f "$conf" >/dev/null 2>&1 || true
	done
	r=$((r + 1))
done
NS

median() {
	sort -n | awk '{ v[NR] = $1 } END {
		if (NR % 2) print v[(NR + 1) / 2];
		else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}
for who in keepalived vigil; do
	t=$(awk -v w=$who '$1 == w { print $2 }' "$work/results" | median)
	m=$(awk -v w=$who '$1 == w { print $3 }' "$work/results" | median)
	eval "t_$who=\$t m_$who=\$m"
	printf '%-10s median of %d: %8.3f s wall, %8d KiB peak RSS\n' \
	    "$who" "$reps" "$t" "$m"
done
# shellcheck disable=SC2154
awk -v tk="$t_keepalived" -v tv="$t_vigil" -v mk="$m_keepalived" \
    -v mv="$m_vigil" 'BEGIN {
	rt = "n/a"; rm = "n/a"
	if (tk > 0) rt = sprintf("%.2f", tv / tk)
	if (mk > 0) rm = sprintf("%.2f", mv / mk)
	printf "ratio vigil/keepalived: time %s, peak RSS %s\n", rt, rm }'
