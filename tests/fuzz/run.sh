#!/bin/sh
# tests/fuzz/run.sh - build the libFuzzer target for ELF validation
# (tests/fuzz/fuzz_elf.c + loader/elf.c) with clang and run it briefly on a
# seed corpus made at test time.  TAP output; any crash or sanitizer report
# fails.  Skips when clang or its fuzzer runtime is missing.
#
# Environment: srcdir (set by make check), CLANG (default: clang from PATH),
# FUZZ_TIME (seconds, default 20), FUZZ_RUNS (default 2000000).

srcdir=${srcdir:-.}
CLANG=${CLANG:-$(command -v clang || command -v clang-14)}
FUZZ_TIME=${FUZZ_TIME:-20}
FUZZ_RUNS=${FUZZ_RUNS:-2000000}

echo "1..3"
if [ -z "$CLANG" ]; then
	for i in 1 2 3; do echo "ok $i # SKIP clang is not installed"; done
	exit 0
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/warp-fuzz.XXXXXX") || exit 1
trap 'rm -rf "$work"' EXIT INT TERM

# the fuzzer runtime is a separate part of some clang installations
echo 'int LLVMFuzzerTestOneInput(const char *d, unsigned long n) { return 0; }' \
	>"$work/probe.c"
if ! "$CLANG" -fsanitize=fuzzer "$work/probe.c" -o "$work/probe" 2>/dev/null; then
	for i in 1 2 3; do echo "ok $i # SKIP $CLANG cannot build libFuzzer targets"; done
	exit 0
fi

elf_flags=$(pkg-config --cflags --libs libelf 2>/dev/null || echo -lelf)
# shellcheck disable=SC2086
if "$CLANG" -g -O1 -std=gnu11 -D_GNU_SOURCE \
	-fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined \
	-I"$srcdir" -I"$srcdir/translate" \
	"$srcdir/tests/fuzz/fuzz_elf.c" "$srcdir/loader/elf.c" $elf_flags \
	-o "$work/fuzz_elf" 2>"$work/build.log"; then
	echo "ok 1 - build the ELF fuzzer with $CLANG"
else
	echo "not ok 1 - build the ELF fuzzer with $CLANG"
	sed 's/^/# /' "$work/build.log"
	echo "not ok 2 - seed corpus # build failed"
	echo "not ok 3 - fuzz ELF validation # build failed"
	exit 1
fi

mkdir "$work/corpus" "$work/artifacts"
if FUZZ_ELF_SEEDS="$work/corpus" "$work/fuzz_elf" 2>"$work/seeds.log"; then
	# a real riscv64 program's headers, when a cross compiler is around
	if command -v riscv64-linux-gnu-gcc >/dev/null 2>&1 &&
	   printf 'int main(void){return 0;}\n' >"$work/t.c" &&
	   riscv64-linux-gnu-gcc -static -O2 "$work/t.c" -o "$work/t" 2>/dev/null; then
		head -c 4096 "$work/t" >"$work/corpus/real-head"
	fi
	echo "ok 2 - seed corpus ($(ls "$work/corpus" | wc -l) files, valid seeds accepted)"
else
	echo "not ok 2 - seed corpus"
	sed 's/^/# /' "$work/seeds.log"
fi

"$work/fuzz_elf" -max_total_time="$FUZZ_TIME" -runs="$FUZZ_RUNS" -max_len=8192 \
	-timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
	-artifact_prefix="$work/artifacts/" "$work/corpus" >"$work/fuzz.log" 2>&1
st=$?
runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$work/fuzz.log")
if [ $st -eq 0 ]; then
	echo "ok 3 - fuzz ELF validation (${runs:-?} inputs, no crash)"
else
	echo "not ok 3 - fuzz ELF validation (exit status $st)"
	tail -n 40 "$work/fuzz.log" | sed 's/^/# /'
	for f in "$work"/artifacts/*; do
		[ -f "$f" ] || continue
		echo "# crashing input $(basename "$f") (base64):"
		base64 "$f" | sed 's/^/# /'
	done
	exit 1
fi
