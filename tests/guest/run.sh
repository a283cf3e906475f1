#!/bin/bash
# tests/guest/run.sh: tier-3 guest tests, a TAP producer for `make check`.
#
# Every tests/guest/*.c is built natively (the oracle) and for riscv64
# (-static -O2, and -O0 for the programs in O0_TESTS), into a build dir
# cached by mtime.  The native run gives the expected stdout and exit
# status; each riscv64 build is then run under warp with every backend and
# must match both exactly.  Test points, in this order per program:
#   <name> [native]          the native run passes its own self-checks: it
#                            exits with the expected status, prints no FAIL
#   <name> [O2 jit] ...      guest run under one backend equals the native run
#                            (stdout bytes and exit status; stderr is shown on
#                            a mismatch but not compared)
# A case listed in tests/known-failures.txt ("name [config] reason") is a
# TAP TODO: expected to fail, and reported (as a bonus pass) if it passes.
#
# Per-program settings live in the source, one per line, anywhere in it:
#   test-args: ARGS...     arguments (shell words, evaluated by the shell)
#   test-env: VAR=VAL...   extra environment (the base env is fixed: PATH,
#                          LC_ALL, LANG, and TMPDIR, a fresh per-run dir)
#   test-exit: N           expected exit status (default 0)
#   test-cflags: FLAGS     extra compiler flags for both builds
#   test-libs: LIBS        extra libraries for both builds (e.g. -latomic)
#
# Environment: WARP (warp binary), RISCV64_CC (cross compiler), CC_NATIVE,
# srcdir/top_srcdir, abs_top_builddir, BACKENDS (default "jit interp
# cache"; "cache" is the JIT run a second time from the translation cache
# the first run filled (cached.sh); "qemu" runs qemu-riscv64 instead of
# warp, to validate the tests themselves), WARP_TEST_TIMEOUT (seconds per run, default 60),
# WARP_TEST_JOBS (parallel builds/runs, default nproc), WARP_KNOWN_FAILURES
# (another known-failures file).
# Arguments: optional program names to run only those.

set -u

here=$(cd "$(dirname "$0")" && pwd)
if [ -n "${srcdir:-}" ] && [ -d "$srcdir/tests/guest" ]; then
	gdir=$(cd "$srcdir/tests/guest" && pwd)
else
	gdir=$here
fi
known=${WARP_KNOWN_FAILURES:-$gdir/../known-failures.txt}
bdir="${abs_top_builddir:-$PWD}/tests/guest-build"
WARP=${WARP:-${abs_top_builddir:-$PWD}/warp}
RISCV64_CC=${RISCV64_CC:-riscv64-linux-gnu-gcc}
CC_NATIVE=${CC_NATIVE:-gcc}
BACKENDS=${BACKENDS:-jit interp cache}
TIMEOUT=${WARP_TEST_TIMEOUT:-60}
JOBS=${WARP_TEST_JOBS:-$(nproc 2>/dev/null || echo 2)}

# Programs also built with -O0 for riscv64: the ones whose -O0 code
# exercises different instruction sequences (stack-heavy, no folding).
O0_TESTS="int_arith int_div shifts wops compare bits mul128 switch funcptr
	fp_round fp_flags fp_convert fp_static nanbox atomics amo setjmp structs
	varargs manyargs bitfields unaligned smc compressed"

COMMON_CFLAGS="-std=gnu11 -ffp-contract=off -fno-strict-aliasing -w"

mkdir -p "$bdir/bin" "$bdir/run" || { echo "1..1"; echo "not ok 1 - cannot create $bdir"; exit 0; }

# --- the program list --------------------------------------------------------
if [ $# -gt 0 ]; then
	names="$*"
else
	names=$(cd "$gdir" && ls *.c | sed 's/\.c$//' | LC_ALL=C sort)
fi
configs=""
for b in $BACKENDS; do configs="$configs O2:$b"; done
o0_configs=""
for b in $BACKENDS; do o0_configs="$o0_configs O0:$b"; done

in_o0() { case " $(echo $O0_TESTS) " in *" $1 "*) return 0;; esac; return 1; }

prog_configs() {
	if in_o0 "$1"; then echo $configs $o0_configs; else echo $configs; fi
}

# test-KEY: VALUE from a source file ("" if absent)
meta() { sed -n "s/^.*test-$2: *//p" "$gdir/$1.c" | head -n1 | sed 's/ *\*\/ *$//'; }

have_cross=yes
command -v "$RISCV64_CC" >/dev/null 2>&1 || have_cross=no

# --- build (parallel, cached by mtime) --------------------------------------
# newer_than OUT SRC...: OUT exists and is newer than every SRC
newer_than() {
	local out=$1; shift
	[ -e "$out" ] || return 1
	for s in "$@"; do [ "$s" -nt "$out" ] && return 1; done
	return 0
}

compile() {	# compile CC OUT SRC LIBS FLAGS...
	local cc=$1 out=$2 src=$3 libs=$4; shift 4
	newer_than "$out" "$src" "$gdir"/*.h "$here/run.sh" && return 0
	rm -f "$out" "$out.log"
	if ! "$cc" "$@" -I"$gdir" -o "$out.tmp" "$src" $libs -lm >"$out.log" 2>&1; then
		return 1
	fi
	mv -f "$out.tmp" "$out"
}

build_one() {
	local n=$1 src="$gdir/$1.c" cf libs
	cf=$(meta "$n" cflags)
	libs=$(meta "$n" libs)
	compile "$CC_NATIVE" "$bdir/bin/$n.native" "$src" "$libs" $COMMON_CFLAGS -O2 $cf
	[ $have_cross = yes ] || return 0
	compile "$RISCV64_CC" "$bdir/bin/$n.O2.rv64" "$src" "$libs" $COMMON_CFLAGS -static -O2 $cf
	if in_o0 "$n"; then
		compile "$RISCV64_CC" "$bdir/bin/$n.O0.rv64" "$src" "$libs" $COMMON_CFLAGS -static -O0 $cf
	fi
	return 0
}

throttle() {
	while [ "$(jobs -rp | wc -l)" -ge "$JOBS" ]; do wait -n 2>/dev/null || sleep 0.1; done
}

for n in $names; do
	if [ ! -f "$gdir/$n.c" ]; then continue; fi
	throttle
	build_one "$n" &
done
wait

# --- run (parallel; results land in files, reported in order) ----------------
base_env=(env -i PATH=/usr/local/bin:/usr/bin:/bin LC_ALL=C LANG=C)

run_one() {	# run_one NAME LABEL CMD...: results in $bdir/run/NAME.LABEL.*
	local n=$1 label=$2; shift 2
	local r="$bdir/run/$n.$label" args envs
	rm -rf "$r.d" "$r.status"; mkdir -p "$r.d/tmp"
	args=$(meta "$n" args)
	envs=$(meta "$n" env)
	# the subshell waits for the program itself, so its "Segmentation
	# fault" report for a guest that dies of a signal goes to /dev/null
	(
		cd "$r.d" || exit 1
		eval "set -- \"\$@\" $args"
		eval "\"\${base_env[@]}\" TMPDIR=\"$r.d/tmp\" $envs timeout -k 5 $TIMEOUT \"\$@\"" \
			>"$r.out" 2>"$r.err" </dev/null
		echo $? >"$r.status"
	) 2>/dev/null
	[ -s "$r.status" ] || echo 255 >"$r.status"
	rm -rf "$r.d"
}

runner_cmd() {	# runner_cmd BACKEND: the command prefix for a guest run
	case $1 in
	qemu) echo "qemu-riscv64" ;;
	cache) echo "$gdir/cached.sh $WARP" ;;
	*) echo "$WARP --backend=$1" ;;
	esac
}

warp_ok=yes
case " $BACKENDS " in
*" jit "*|*" interp "*|*" cache "*) [ -x "$WARP" ] || warp_ok=no ;;
esac

for n in $names; do
	[ -f "$gdir/$n.c" ] || continue
	if [ -x "$bdir/bin/$n.native" ]; then
		throttle
		run_one "$n" native "$bdir/bin/$n.native" &
	fi
	for c in $(prog_configs "$n"); do
		opt=${c%%:*}; be=${c#*:}
		bin="$bdir/bin/$n.$opt.rv64"
		[ -x "$bin" ] || continue
		[ "$be" = qemu ] || [ $warp_ok = yes ] || continue
		throttle
		run_one "$n" "$opt-$be" $(runner_cmd "$be") "$bin" &
	done
done
wait

# --- report ------------------------------------------------------------------
total=0
for n in $names; do
	[ -f "$gdir/$n.c" ] || { total=$((total + 1)); continue; }
	set -- $(prog_configs "$n")
	total=$((total + 1 + $#))
done
echo "1..$total"

num=0
# known_reason NAME CONFIG: the reason if listed as a known failure
known_reason() {
	[ -f "$known" ] || return 1
	local name cfg rest
	while read -r name rest; do
		case $name in ''|'#'*) continue ;; esac
		[ "$name" = "$1" ] || continue
		case $rest in
		"[$2]"*)
			rest=${rest#"[$2]"}
			rest=$(echo "$rest" | sed 's/^[[:space:]:]*//')
			echo "${rest:-listed in tests/known-failures.txt}"
			return 0 ;;
		esac
	done <"$known"
	return 1
}

diag() { sed 's/^/# /'; }

# report NAME CONFIG OK(yes|no) REASON [DIAGFILE]
report() {
	local n=$1 cfg=$2 ok=$3 reason=$4 dfile=${5:-} kr
	num=$((num + 1))
	if kr=$(known_reason "$n" "$cfg"); then
		if [ $ok = yes ]; then
			echo "ok $num - $n [$cfg] # TODO known failure passes now: remove it from tests/known-failures.txt ($kr)"
		else
			echo "not ok $num - $n [$cfg]: $reason # TODO $kr"
		fi
	elif [ $ok = yes ]; then
		echo "ok $num - $n [$cfg]"
	else
		echo "not ok $num - $n [$cfg]: $reason"
	fi
	if [ $ok = no ] && [ -n "$dfile" ] && [ -s "$dfile" ]; then
		diag <"$dfile"
	fi
}

signame() {
	local s=$1
	if [ "$s" -eq 124 ]; then echo "timed out after ${TIMEOUT}s"; return; fi
	if [ "$s" -eq 137 ]; then echo "killed after timeout"; return; fi
	if [ "$s" -gt 128 ]; then echo "exit status $s (signal $(kill -l $((s - 128)) 2>/dev/null || echo $((s - 128))))"; return; fi
	echo "exit status $s"
}

tmpd="$bdir/run/.diag.$$"
for n in $names; do
	if [ ! -f "$gdir/$n.c" ]; then
		report "$n" native no "no such program $gdir/$n.c"
		continue
	fi
	want_status=$(meta "$n" exit); want_status=${want_status:-0}
	nat="$bdir/run/$n.native"
	nat_ok=no
	if [ ! -x "$bdir/bin/$n.native" ]; then
		tail -n 20 "$bdir/bin/$n.native.log" 2>/dev/null >"$tmpd"
		report "$n" native no "native build with $CC_NATIVE failed" "$tmpd"
	else
		st=$(cat "$nat.status" 2>/dev/null || echo 255)
		if [ "$st" != "$want_status" ]; then
			{ grep '^FAIL' "$nat.out" | head -n 10; head -n 5 "$nat.err"; } >"$tmpd"
			report "$n" native no "$(signame "$st"), expected $want_status (test bug)" "$tmpd"
		elif grep -q '^FAIL' "$nat.out"; then
			grep '^FAIL' "$nat.out" | head -n 10 >"$tmpd"
			report "$n" native no "self-check failed natively (test bug)" "$tmpd"
		else
			report "$n" native yes ""
			nat_ok=yes
		fi
	fi
	for c in $(prog_configs "$n"); do
		opt=${c%%:*}; be=${c#*:}; cfg="$opt $be"
		bin="$bdir/bin/$n.$opt.rv64"
		r="$bdir/run/$n.$opt-$be"
		if [ $have_cross = no ]; then
			report "$n" "$cfg" no "cross compiler $RISCV64_CC not found (install gcc-riscv64-linux-gnu)"
			continue
		fi
		if [ ! -x "$bin" ]; then
			tail -n 20 "$bin.log" 2>/dev/null >"$tmpd"
			report "$n" "$cfg" no "riscv64 build failed" "$tmpd"
			continue
		fi
		if [ "$be" != qemu ] && [ $warp_ok = no ]; then
			report "$n" "$cfg" no "warp binary '$WARP' not found or not executable"
			continue
		fi
		if [ $nat_ok = no ]; then
			report "$n" "$cfg" no "no expected output: the native run failed"
			continue
		fi
		st=$(cat "$r.status" 2>/dev/null || echo 255)
		reasons=""
		[ "$st" = "$want_status" ] || reasons="$(signame "$st"), expected $want_status"
		if ! cmp -s "$nat.out" "$r.out"; then
			reasons="${reasons:+$reasons; }stdout differs from native"
		fi
		if [ -z "$reasons" ]; then
			report "$n" "$cfg" yes ""
		else
			{
				if ! cmp -s "$nat.out" "$r.out"; then
					diff -u --label native --label "$cfg" "$nat.out" "$r.out" | head -n 40
				fi
				if [ -s "$r.err" ]; then
					echo "stderr:"
					head -n 10 "$r.err"
				fi
			} >"$tmpd"
			report "$n" "$cfg" no "$reasons" "$tmpd"
		fi
	done
done
rm -f "$tmpd"
exit 0
