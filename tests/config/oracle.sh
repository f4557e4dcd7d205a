#!/bin/bash
# oracle.sh: compare Vigil's `-t` with keepalived 2.2.7's on real configs.
#
#   tests/config/oracle.sh [--update-golden] [--verbose] [OUR_BINARY]
#
# OUR_BINARY defaults to build/keepalived.  Two kinds of tests:
#
# 1. Oracle: every file of Debian's keepalived samples directory, of
#    tests/config/files/ (our users' seed configs and any case added there),
#    the golden configs below and keepalived.conf.example is given to
#    `keepalived -t -f F` and to ours, each in its own fresh network
#    namespace (unshare -n: only lo exists), run from the file's directory
#    with the same relative path.
#    Each stderr line is normalised ("(file: Line N) msg" and "(Line N)
#    msg" become "Line N: msg") and duplicates are dropped.  A file passes
#    when both exit statuses are equal and every keepalived line is among
#    ours, except lines matched by an entry of tests/config/exceptions
#    (each names a section of doc/differences-from-keepalived.md).  Lines
#    only we print are shown as notes; they do not fail the test.
#
# 2. Golden: for tests/config/golden/NAME.conf, the stdout of our
#    `keepalived -t -d -f NAME.conf` must equal NAME.dump byte for byte.
#    --update-golden rewrites every NAME.dump from the current binary.
#
# Closing line: "config: N passed, M failed"; exit status 1 if M > 0.

set -u
export LC_ALL=C

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
samples=${VIGIL_SAMPLES:-/usr/share/doc/keepalived/samples}
oracle=${VIGIL_ORACLE:-keepalived}
update=0
verbose=0
ours=

while [ $# -gt 0 ]; do
	case $1 in
	--update-golden) update=1 ;;
	--verbose|-v) verbose=1 ;;
	-h|--help) sed -n '2,24p' "$0"; exit 0 ;;
	*) ours=$1 ;;
	esac
	shift
done
[ -n "$ours" ] || ours=$root/build/keepalived
case $ours in
/*) ;;
*) ours=$(pwd)/$ours ;;
esac

passed=0
failed=0
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

pass() { passed=$((passed + 1)); echo "ok    $1"; }
fail() { failed=$((failed + 1)); echo "FAIL  $1${2:+: $2}"; }

if [ ! -x "$ours" ]; then
	echo "config: our binary $ours is missing (build it with make)"
	echo "config: 0 passed, 1 failed"
	exit 1
fi
if ! unshare -n true 2>/dev/null; then
	echo "config: unshare -n does not work here (run as root)"
	echo "config: 0 passed, 1 failed"
	exit 1
fi

# "(anything: Line N) msg" / "(Line N) msg" -> "Line N: msg"; each once.
normalise() {
	sed -E 's/^\((.*: )?Line ([0-9]+)\) /Line \2: /' "$1" |
	    awk '!seen[$0]++'
}

# run_t BINARY DIR FILE OUTPREFIX: -t in an empty network namespace.
run_t() {
	(cd "$2" && exec unshare -n "$1" -t -f "$3") \
	    >"$4.out" 2>"$4.raw" </dev/null
	echo $? >"$4.rc"
	normalise "$4.raw" >"$4.err"
}

# --- exceptions --------------------------------------------------------
exc_glob=()
exc_head=()
exc_re=()
doc=$root/doc/differences-from-keepalived.md
exc_ok=1
if [ -f "$here/exceptions" ]; then
	while IFS= read -r line || [ -n "$line" ]; do
		case $line in ''|'#'*) continue ;; esac
		IFS=$'\t' read -r g h r <<<"$line"
		if [ -z "$g" ] || [ -z "$h" ] || [ -z "$r" ]; then
			echo "exceptions: malformed entry: $line"
			exc_ok=0
			continue
		fi
		if ! grep -Fqx "## $h" "$doc" 2>/dev/null; then
			echo "exceptions: no section '## $h' in" \
			    "doc/differences-from-keepalived.md"
			exc_ok=0
		fi
		exc_glob+=("$g")
		exc_head+=("$h")
		exc_re+=("$r")
	done <"$here/exceptions"
fi
if [ $update = 1 ]; then
	:
elif [ $exc_ok = 1 ]; then
	pass "exceptions (${#exc_re[@]} entries, each documented)"
else
	fail "exceptions" "see above"
fi

# excepted NAME LINE: prints the heading of the entry excusing LINE.
excepted() {
	local i
	for i in "${!exc_re[@]}"; do
		# shellcheck disable=SC2053
		if [[ $1 == ${exc_glob[$i]} ]] && [[ $2 =~ ${exc_re[$i]} ]]; then
			echo "${exc_head[$i]}"
			return 0
		fi
	done
	return 1
}

# --- oracle ------------------------------------------------------------
# check_file NAME PATH: NAME is how the file is shown and matched by the
# globs of the exceptions ("samples/<file>", "seeds/<file>", ...).
check_file() {
	local name=$1 path=$2 dir base why line h show
	local -a missing=() extra=() excused=()

	dir=$(dirname "$path")
	base=$(basename "$path")
	run_t "$oracle" "$dir" "$base" "$work/ka"
	run_t "$ours" "$dir" "$base" "$work/us"
	why=
	if [ "$(cat "$work/ka.rc")" != "$(cat "$work/us.rc")" ]; then
		why="exit status $(cat "$work/us.rc"), keepalived $(cat "$work/ka.rc")"
	fi
	while IFS= read -r line; do
		if h=$(excepted "$name" "$line"); then
			excused+=("$line  [$h]")
		else
			missing+=("$line")
		fi
	done < <(awk 'NR == FNR { us[$0] = 1; next } !($0 in us)' \
	    "$work/us.err" "$work/ka.err")
	mapfile -t extra < <(awk 'NR == FNR { ka[$0] = 1; next }
	    !($0 in ka)' "$work/ka.err" "$work/us.err")
	if [ ${#missing[@]} -gt 0 ]; then
		why="${why:+$why; }${#missing[@]} keepalived line(s) missing"
	fi
	if [ -z "$why" ]; then
		pass "$name"
	else
		fail "$name" "$why"
	fi
	if [ -n "$why" ] || [ $verbose = 1 ]; then
		show=${#missing[@]}
		[ $verbose = 1 ] || [ "$show" -le 12 ] || show=10
		for line in "${missing[@]:0:$show}"; do
			echo "      missing: $line"
		done | cat -v
		if [ "$show" -lt ${#missing[@]} ]; then
			echo "      ... $((${#missing[@]} - show)) more (--verbose)"
		fi
	fi
	if [ $verbose = 1 ]; then
		for line in "${excused[@]}"; do
			echo "      excused: $line"
		done | cat -v
	fi
	if [ ${#extra[@]} -gt 0 ]; then
		echo "      note: ${#extra[@]} line(s) only Vigil prints," \
		    "first: ${extra[0]}" | cat -v
		if [ $verbose = 1 ]; then
			for line in "${extra[@]:1}"; do
				echo "      note: $line"
			done | cat -v
		fi
	fi
}

if [ $update = 0 ]; then
	if ! command -v "$oracle" >/dev/null; then
		fail "oracle" "$oracle is not installed (apt-get install keepalived)"
	elif [ ! -d "$samples" ]; then
		fail "oracle" "no samples directory $samples"
	else
		for f in "$samples"/*; do
			[ -f "$f" ] && check_file "samples/${f##*/}" "$f"
		done
	fi
	if [ -f "$root/keepalived.conf.example" ]; then
		check_file keepalived.conf.example \
		    "$root/keepalived.conf.example"
	fi
	while IFS= read -r f; do
		name=${f#"$here"/}
		check_file "${name#files/}" "$f"
	done < <({ find "$here/files" -type f ! -name 'README*'
	    find "$here/golden" -type f -name '*.conf'; } | sort)
fi

# --- golden dumps ------------------------------------------------------
for conf in "$here"/golden/*.conf; do
	[ -f "$conf" ] || continue
	name=$(basename "$conf" .conf)
	dump=${conf%.conf}.dump
	(cd "$here/golden" && exec unshare -n "$ours" -t -d -f "$name.conf") \
	    >"$work/dump" 2>/dev/null </dev/null
	if [ $update = 1 ]; then
		cp "$work/dump" "$dump"
		echo "updated golden/$name.dump"
	elif [ ! -f "$dump" ]; then
		fail "golden/$name" "no $name.dump (run with --update-golden)"
	elif cmp -s "$work/dump" "$dump"; then
		pass "golden/$name"
	else
		fail "golden/$name" "dump differs (--update-golden rewrites it)"
		diff -u "$dump" "$work/dump" | head -n 30 | sed 's/^/      /'
	fi
done

echo "config: $passed passed, $failed failed"
[ $failed -eq 0 ]
