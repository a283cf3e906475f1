#!/bin/sh
# tests/isa/run.sh - tier-2 ISA tests: build each tests/isa/riscv64/*.c
# (freestanding, -nostdlib) with the riscv64 cross compiler and run it
# under $WARP, once per backend.  A test passes when it exits 0 or, if its
# source says "expect: SIGxxx", when it dies of that signal.  Prints TAP;
# the TAP lines carry the result, so the script itself exits 0.
#
#   WARP        command to run a guest program (default ./warp); may hold
#               options.  Setting WARP=qemu-riscv64 checks the tests
#               themselves.
#   ISA_BACKENDS  backends to run warp with (default "jit interp"); ignored
#               when WARP is not warp
#   RISCV64_CC  cross compiler (default riscv64-linux-gnu-gcc)
#   ISA_OUT     where binaries and logs go (default: a temporary directory,
#               removed when every test passed)

WARP=${WARP:-./warp}
CC=${RISCV64_CC:-riscv64-linux-gnu-gcc}
OUT=$ISA_OUT
SRC=$(cd "$(dirname "$0")/riscv64" && pwd)
CFLAGS="-static -nostdlib -ffreestanding -O2 -march=rv64gc -mabi=lp64d -Wl,--no-relax"

tests=$(cd "$SRC" && ls *.c)

if ! command -v "$CC" >/dev/null 2>&1; then
	echo "1..0 # SKIP $CC not found (install gcc-riscv64-linux-gnu)"
	exit 0
fi
set -- $WARP
if ! command -v "$1" >/dev/null 2>&1; then
	echo "Bail out! cannot run $1 (set WARP)"
	exit 0
fi
case $(basename "$1") in
warp*) backends=${ISA_BACKENDS:-jit interp} ;;
*) backends=default ;;
esac
n=$(( $(echo "$tests" | wc -w) * $(echo "$backends" | wc -w) ))
if [ -z "$OUT" ]; then
	OUT=$(mktemp -d "${TMPDIR:-/tmp}/warp-isa.XXXXXX") ||
		{ echo "Bail out! cannot create a temporary directory"; exit 0; }
	cleanup=yes
fi
mkdir -p "$OUT" || { echo "Bail out! cannot create $OUT"; exit 0; }
failed=0

signum() {
	case $1 in
	SIGILL) echo 4 ;; SIGTRAP) echo 5 ;; SIGBUS) echo 7 ;;
	SIGFPE) echo 8 ;; SIGSEGV) echo 11 ;; *) echo 0 ;;
	esac
}

echo "1..$n"
i=1
for t in $tests; do
	name=${t%.c}
	bin=$OUT/$name
	log=$OUT/$name.log
	if ! $CC $CFLAGS -I"$SRC" -o "$bin" "$SRC/$t" >"$log" 2>&1; then
		for be in $backends; do
			echo "not ok $i - $name [$be] (does not compile)"
			i=$((i + 1))
		done
		sed 's/^/# /' "$log"
		failed=$((failed + 1))
		continue
	fi
	sig=$(sed -n 's/^ \* expect: \(SIG[A-Z]*\).*/\1/p' "$SRC/$t")
	want=0
	[ -n "$sig" ] && want=$((128 + $(signum "$sig")))
	for be in $backends; do
		run=$WARP
		label=$name
		if [ "$be" != default ]; then
			run="$WARP --backend=$be"
			label="$name [$be]"
		fi
		blog=$OUT/$name.$be.log
		timeout 120 $run "$bin" >"$blog" 2>&1
		got=$?
		if [ "$got" -eq "$want" ]; then
			echo "ok $i - $label${sig:+ (dies of $sig)}"
		else
			echo "not ok $i - $label: exit status $got, want $want"
			sed 's/^/# /' "$blog" | head -n 40
			failed=$((failed + 1))
		fi
		i=$((i + 1))
	done
done
if [ "$failed" -ne 0 ]; then
	echo "# binaries and logs kept in $OUT"
elif [ -n "$cleanup" ]; then
	rm -rf "$OUT"
fi
exit 0
