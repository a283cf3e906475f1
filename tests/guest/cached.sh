#!/bin/bash
# cached.sh WARP PROGRAM [ARGS...]: the "cache" configuration of run.sh.
# Runs PROGRAM under warp twice with one fresh persistent translation cache
# (--cache): the first run fills it (its output is dropped and TMPDIR is
# emptied after it), the second takes its blocks from it and is the run
# that is compared.  A second run that reused no block fails, so the test
# cannot pass by translating afresh.
set -u
warp=$1
shift
# the variables bash itself put in the environment: the guest gets the one
# run.sh gave (it has none of them)
run() { env -u PWD -u SHLVL -u _ "$warp" --backend=jit --cache "$dir/c" "$@"; }
# beside TMPDIR, which is emptied between the runs
dir=$(mktemp -d "$(dirname "${TMPDIR:-/tmp/x}")/warp-cache.XXXXXX") || exit 98
trap 'rm -rf "$dir"' EXIT
run "$@" >/dev/null 2>&1 </dev/null
if [ -n "${TMPDIR:-}" ] && [ -d "$TMPDIR" ]; then
	find "$TMPDIR" -mindepth 1 -delete 2>/dev/null
fi
run -d cache -D "$dir/log" "$@"
st=$?
if ! grep -q 'loaded, [1-9][0-9]* blocks reused' "$dir/log" 2>/dev/null; then
	echo "cached.sh: the second run reused no cached block:" >&2
	cat "$dir/log" >&2
	exit 99
fi
exit $st
