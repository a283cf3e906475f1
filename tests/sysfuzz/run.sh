#!/bin/bash
# tests/sysfuzz/run.sh - bad input to every syscall warp implements, a TAP
# producer for `make check`.
#
# gen.c turns syscalls/syscalls.def into the table of sysfuzz.c, which is
# built natively and for riscv64.  For each syscall in the riscv64 build's
# table (but the few that act outside the process, see sysfuzz.c), the
# program runs that syscall's variants (garbage, kernel, read-only and
# misaligned pointers, huge lengths, bad descriptors, unknown flags) once
# natively and once under warp, each in a fresh directory.  One test point
# per syscall:
#   ok    warp survived (no signal, no internal error, no timeout) and
#         printed the same result (ok or the errno's name) for every
#         variant as the native run;
#   ok    # SKIP where the host has no such syscall: then warp must only
#         survive, and qemu-riscv64, when installed, is shown as a second
#         opinion in the diagnostics.
# A syscall whose x86-64 counterpart legitimately answers otherwise is
# listed in tests/sysfuzz/known.txt ("name reason"): a TAP TODO.
#
# Environment: WARP, RISCV64_CC, CC_NATIVE, srcdir/top_srcdir,
# abs_top_builddir (as tests/guest/run.sh), WARP_TEST_TIMEOUT (seconds per
# run, default 20), WARP_TEST_JOBS.  Arguments: syscall names to run only
# those.

set -u
here=$(cd "$(dirname "$0")" && pwd)
if [ -n "${top_srcdir:-}" ] && [ -d "$top_srcdir/syscalls" ]; then
	top=$(cd "$top_srcdir" && pwd)
else
	top=$(cd "$here/../.." && pwd)
fi
src=$top/tests/sysfuzz
b="${abs_top_builddir:-$PWD}/tests/sysfuzz-build"
WARP=${WARP:-${abs_top_builddir:-$PWD}/warp}
RISCV64_CC=${RISCV64_CC:-riscv64-linux-gnu-gcc}
CC_NATIVE=${CC_NATIVE:-gcc}
TIMEOUT=${WARP_TEST_TIMEOUT:-20}
JOBS=${WARP_TEST_JOBS:-$(nproc 2>/dev/null || echo 2)}
known=$src/known.txt

bail() { echo "1..1"; echo "not ok 1 - $*"; exit 0; }

mkdir -p "$b/run" || bail "cannot create $b"
command -v "$RISCV64_CC" >/dev/null 2>&1 ||
	{ echo "1..0 # SKIP cross compiler $RISCV64_CC not found"; exit 0; }
[ -x "$WARP" ] || bail "warp binary '$WARP' not found"

# --- build ---------------------------------------------------------------------
"$CC_NATIVE" -I"$top/syscalls" -o "$b/gen" "$src/gen.c" 2>"$b/gen.log" ||
	bail "gen.c does not build: $(head -c 300 "$b/gen.log")"
"$b/gen" >"$b/sysfuzz_table.h.tmp" || bail "gen failed"
mv -f "$b/sysfuzz_table.h.tmp" "$b/sysfuzz_table.h"
CF="-std=gnu11 -O1 -w -I$b"
"$CC_NATIVE" $CF -o "$b/sysfuzz.native" "$src/sysfuzz.c" 2>"$b/native.log" ||
	bail "native build failed: $(head -c 300 "$b/native.log")"
"$RISCV64_CC" $CF -static -o "$b/sysfuzz.rv64" "$src/sysfuzz.c" 2>"$b/rv64.log" ||
	bail "riscv64 build failed: $(head -c 300 "$b/rv64.log")"

# --- the lists -------------------------------------------------------------------
names=$("$WARP" "$b/sysfuzz.rv64" --list 2>"$b/list.err") ||
	bail "warp cannot run the list: $(head -c 300 "$b/list.err")"
[ $# -gt 0 ] && names="$*"
native_names=" $("$b/sysfuzz.native" --list | tr '\n' ' ') "
have_qemu=no
command -v qemu-riscv64 >/dev/null 2>&1 && have_qemu=yes

# --- runs (parallel; results in files) ---------------------------------------------
run_one() {	# run_one NAME LABEL CMD...
	local n=$1 label=$2; shift 2
	local r="$b/run/$n.$label"
	rm -rf "$r.d"; mkdir -p "$r.d"
	( cd "$r.d" && env -i PATH=/usr/bin:/bin LC_ALL=C timeout -k 2 "$TIMEOUT" "$@" $n \
		>"$r.out" 2>"$r.err" </dev/null; echo $? >"$r.status" ) 2>/dev/null
	[ -s "$r.status" ] || echo 255 >"$r.status"
	rm -rf "$r.d"
}
throttle() {
	while [ "$(jobs -rp | wc -l)" -ge "$JOBS" ]; do wait -n 2>/dev/null || sleep 0.05; done
}
for n in $names; do
	case $native_names in *" $n "*)
		throttle; run_one "$n" native "$b/sysfuzz.native" & ;;
	*)
		if [ $have_qemu = yes ]; then throttle; run_one "$n" qemu qemu-riscv64 "$b/sysfuzz.rv64" & fi ;;
	esac
	throttle; run_one "$n" warp "$WARP" "$b/sysfuzz.rv64" &
done
wait

# --- report ----------------------------------------------------------------------
set -- $names
echo "1..$#"
num=0
known_reason() { [ -f "$known" ] && sed -n "s/^$1[[:space:]]\{1,\}//p" "$known" | head -n1; }
for n in $names; do
	num=$((num + 1))
	w="$b/run/$n.warp"
	st=$(cat "$w.status")
	why=""
	if [ "$st" -ge 124 ]; then
		why="warp exit status $st"
		[ "$st" -eq 124 ] && why="warp timed out after ${TIMEOUT}s"
		[ "$st" -gt 128 ] && why="warp died of signal $((st - 128))"
	elif grep -q "internal error" "$w.err"; then
		why="warp internal error"
	elif [ "$st" -ne 0 ]; then
		why="exit status $st"
	fi
	reason=$(known_reason "$n")
	case $native_names in
	*" $n "*)
		if [ -z "$why" ] && ! cmp -s "$b/run/$n.native.out" "$w.out"; then
			why="results differ from native"
		fi
		if [ -z "$why" ]; then
			if [ -n "$reason" ]; then
				echo "ok $num - $n # TODO listed in known.txt but passes now ($reason)"
			else
				echo "ok $num - $n"
			fi
		else
			if [ -n "$reason" ]; then
				echo "not ok $num - $n: $why # TODO $reason"
			else
				echo "not ok $num - $n: $why"
			fi
			diff -u --label native --label warp "$b/run/$n.native.out" "$w.out" | sed 's/^/# /' | head -n 20
			head -n 5 "$w.err" | sed 's/^/# stderr: /'
		fi ;;
	*)
		if [ -n "$why" ]; then
			echo "not ok $num - $n: $why (no native counterpart)"
			head -n 5 "$w.err" | sed 's/^/# stderr: /'
		else
			echo "ok $num - $n # SKIP no native $n: warp survived"
			if [ $have_qemu = yes ] && ! cmp -s "$b/run/$n.qemu.out" "$w.out"; then
				diff -u --label qemu-riscv64 --label warp "$b/run/$n.qemu.out" "$w.out" |
					sed 's/^/# /' | head -n 12
			fi
		fi ;;
	esac
done
exit 0
