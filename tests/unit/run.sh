#!/bin/sh
# Run every unit test program given; print one closing summary line.
# Each program prints Check's own "N%: Checks: X, Failures: Y, Errors: Z".
passed=0 failed=0 checks=0 bad=0 progs=0
for t in "$@"; do
	progs=$((progs + 1))
	out=$("$t" 2>&1)
	rc=$?
	printf '%s\n' "$out" | grep -v '^Running suite' | sed "s|^|$(basename "$t"): |"
	line=$(printf '%s\n' "$out" | grep -E '^[0-9]+%: Checks: ' | tail -n 1)
	if [ -n "$line" ]; then
		c=$(printf '%s' "$line" | sed -E 's/.*Checks: ([0-9]+).*/\1/')
		f=$(printf '%s' "$line" | sed -E 's/.*Failures: ([0-9]+).*/\1/')
		e=$(printf '%s' "$line" | sed -E 's/.*Errors: ([0-9]+).*/\1/')
		checks=$((checks + c)); bad=$((bad + f + e))
	fi
	if [ $rc -eq 0 ] && [ -n "$line" ]; then
		passed=$((passed + 1))
	else
		failed=$((failed + 1))
	fi
done
echo "unit: $checks checks, $bad failed, in $progs programs"
echo "unit: $passed passed, $failed failed"
[ $failed -eq 0 ]
