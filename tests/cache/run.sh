#!/bin/bash
# tests/cache/run.sh: the persistent translation cache (--cache,
# translate/pcache.c), a TAP producer for `make check`.  Guest output is
# checked against facts (what the programs print natively, or the number
# jitcode.c is given); "reused" is read from warp's -d cache log line.
#
#   cold run             a fresh directory gets one cache file; output right
#   warm run             the next run reuses blocks from it; output right
#   changed code         jitcode.c puts other code at the same pc: the cached
#                        block is not used (the new number is printed)
#   truncated file       ignored (a new cache), output right, nothing on
#                        stderr, and rewritten whole by that run
#   garbage file         a file of random bytes: the same
#   flipped byte         one byte changed in the middle: the file or the
#                        block it hit is ignored; output right, no message,
#                        and the file is good again after that run
#   wrong key            another program's cache file under this one's name
#   unusable directory   --cache under a regular file: runs, no message
#   open directory       a directory others may write to is not used (the
#                        files hold code warp runs)
#   off                  --cache off and WARP_CACHE=off create nothing
#   per program          two programs get two files
#   eviction             over WARP_CACHE_SIZE, a run that adds a file removes
#                        the files used longest ago until the rest fit in 3/4
#                        of it: the oldest go, the newest and its own stay
#   bad size             a WARP_CACHE_SIZE that is not a size: one line on
#                        stderr, the program runs
#
# Environment: WARP, RISCV64_CC, CC_NATIVE, srcdir/abs_top_builddir (as
# tests/guest/run.sh).  Without the cross compiler every point is a SKIP.

set -u

here=$(cd "$(dirname "$0")" && pwd)
if [ -n "${srcdir:-}" ] && [ -d "$srcdir/tests/cache" ]; then
	cdir=$(cd "$srcdir/tests/cache" && pwd)
else
	cdir=$here
fi
gdir=$(cd "$cdir/../guest" && pwd)
bdir="${abs_top_builddir:-$PWD}/tests/cache-build"
WARP=${WARP:-${abs_top_builddir:-$PWD}/warp}
RISCV64_CC=${RISCV64_CC:-riscv64-linux-gnu-gcc}
CC_NATIVE=${CC_NATIVE:-gcc}

total=20
echo "1..$total"
num=0
ok() { num=$((num + 1)); echo "ok $num - $1"; }
not_ok() {	# not_ok NAME REASON [DIAGFILE]
	num=$((num + 1)); echo "not ok $num - $1: $2"
	if [ -n "${3:-}" ] && [ -s "$3" ]; then sed 's/^/# /' "$3" | head -n 20; fi
}
check() {	# check NAME CONDITION-COMMAND... : ok when it succeeds
	local name=$1; shift
	if "$@"; then ok "$name"; else not_ok "$name" "failed: $*" "$bdir/err"; fi
}
skip_rest() {
	while [ $num -lt $total ]; do num=$((num + 1)); echo "ok $num # SKIP $1"; done
	exit 0
}

command -v "$RISCV64_CC" >/dev/null || skip_rest "no $RISCV64_CC (apt-get install gcc-riscv64-linux-gnu)"
[ -x "$WARP" ] || skip_rest "no warp at $WARP"
rm -rf "$bdir" && mkdir -p "$bdir" || skip_rest "cannot create $bdir"
build() {	# build CC SRC OUT [FLAGS]
	"$1" -O2 -w "${@:4}" -o "$3" "$2" -lm >"$bdir/build.log" 2>&1
}
build "$CC_NATIVE" "$gdir/sha256.c" "$bdir/sha256.native" &&
	build "$RISCV64_CC" "$gdir/sha256.c" "$bdir/sha256.rv" -static &&
	build "$CC_NATIVE" "$gdir/qsort.c" "$bdir/qsort.native" &&
	build "$RISCV64_CC" "$gdir/qsort.c" "$bdir/qsort.rv" -static &&
	build "$RISCV64_CC" "$cdir/jitcode.c" "$bdir/jitcode.rv" -static ||
	skip_rest "cannot build the test programs (see $bdir/build.log)"
"$bdir/sha256.native" >"$bdir/sha256.want" 2>/dev/null
"$bdir/qsort.native" >"$bdir/qsort.want" 2>/dev/null

C=$bdir/c
# run PROG ARGS...: under warp with the cache in $C, -d cache log in
# $bdir/log, stdout in $bdir/out, stderr in $bdir/err
run() {
	rm -f "$bdir/log"
	"$WARP" --cache "$C" -d cache -D "$bdir/log" "$@" >"$bdir/out" 2>"$bdir/err" </dev/null
}
reused() { grep -o 'loaded, [0-9]* blocks reused' "$bdir/log" 2>/dev/null | grep -o '[0-9]*' | head -n 1; }
fresh() { grep -q ': new, 0 blocks reused' "$bdir/log" 2>/dev/null; }
files() { find "$C" -name '*.wtc' 2>/dev/null | wc -l; }
same() { cmp -s "$bdir/out" "$1"; }
quiet() { [ ! -s "$bdir/err" ]; }

run "$bdir/sha256.rv"
check "cold run: output as native" same "$bdir/sha256.want"
check "cold run: one cache file" [ "$(files)" = 1 ]
run "$bdir/sha256.rv"
check "warm run: output as native" same "$bdir/sha256.want"
n=$(reused)
check "warm run: blocks reused ($n)" [ "${n:-0}" -gt 100 ]

run "$bdir/jitcode.rv" 5
run "$bdir/jitcode.rv" 7
check "changed code at a cached pc: 7, not 5" [ "$(cat "$bdir/out")" = 7 ]

# the sha256 one: the oldest of the two
file=$(ls -tr "$C"/*.wtc | head -n 1)
size=$(stat -c %s "$file")
corrupt() {	# corrupt NAME: damage $file, then run twice
	local name=$1
	run "$bdir/sha256.rv"
	# the whole file (bad header) or the damaged block (bad record) is
	# ignored
	if same "$bdir/sha256.want" && quiet; then
		ok "$name: output right, no message"
	else
		not_ok "$name: output right, no message" "output or stderr wrong" "$bdir/err"
	fi
	run "$bdir/sha256.rv"
	n=$(reused)
	check "$name: replaced by a good file ($n reused after)" [ "${n:-0}" -gt 100 ]
}
head -c $((size / 2)) "$file" >"$file.t" && mv "$file.t" "$file"
corrupt "truncated file"
head -c "$size" /dev/urandom >"$file"
corrupt "garbage file"
size=$(stat -c %s "$file")
printf '\x5a' | dd of="$file" bs=1 seek=$((size / 2)) conv=notrunc status=none
corrupt "flipped byte"
# jitcode's file
for other in "$C"/*.wtc; do [ "$other" != "$file" ] && break; done
cp "$other" "$file"
run "$bdir/sha256.rv"
check "another program's file under this name: ignored" eval 'same "$bdir/sha256.want" && quiet && fresh'

rm -rf "$C"
mkdir -p "$C" && chmod 777 "$C"
run "$bdir/sha256.rv"
check "directory others may write to: not used" eval 'same "$bdir/sha256.want" && [ "$(files)" = 0 ] && [ ! -s "$bdir/log" ]'
rm -rf "$C"
touch "$bdir/notadir"
"$WARP" --cache "$bdir/notadir/c" "$bdir/sha256.rv" >"$bdir/out" 2>"$bdir/err" </dev/null
check "unusable directory: runs, no message" eval 'same "$bdir/sha256.want" && quiet'
"$WARP" --cache off "$bdir/sha256.rv" >/dev/null 2>&1
WARP_CACHE=off XDG_CACHE_HOME=$C "$WARP" "$bdir/sha256.rv" >/dev/null 2>&1
check "off: nothing created" [ ! -e "$C" ]

run "$bdir/sha256.rv"
run "$bdir/qsort.rv"
check "per program: two files" eval '[ "$(files)" = 2 ] && same "$bdir/qsort.want"'

# eviction: with a 1 MiB limit, three old files (400K three days ago, 400K
# two days ago, 100K a day ago) and this run's (sha256, about 480K): the
# two oldest go (1.4M -> 580K, under 768K), the day-old one stays
rm -rf "$C" && mkdir -m 700 "$C"
head -c 409600 /dev/zero >"$C/aaaa.wtc" && touch -d '3 days ago' "$C/aaaa.wtc"
head -c 409600 /dev/zero >"$C/bbbb.wtc" && touch -d '2 days ago' "$C/bbbb.wtc"
head -c 102400 /dev/zero >"$C/cccc.wtc" && touch -d '1 day ago' "$C/cccc.wtc"
rm -f "$bdir/log"
WARP_CACHE_SIZE=1M "$WARP" --cache "$C" "$bdir/sha256.rv" >"$bdir/out" 2>"$bdir/err" </dev/null
check "eviction: the two used longest ago removed" eval '[ ! -e "$C/aaaa.wtc" ] && [ ! -e "$C/bbbb.wtc" ]'
check "eviction: the one used a day ago kept" [ -e "$C/cccc.wtc" ]
check "eviction: this run's file kept, output right" eval '[ "$(files)" = 2 ] && same "$bdir/sha256.want" && quiet'
rm -rf "$C"
WARP_CACHE_SIZE=lots "$WARP" --cache "$C" "$bdir/sha256.rv" >"$bdir/out" 2>"$bdir/err" </dev/null
check "bad WARP_CACHE_SIZE: one line, the program runs" eval 'same "$bdir/sha256.want" && [ "$(wc -l <"$bdir/err")" = 1 ] && grep -q "WARP_CACHE_SIZE" "$bdir/err"'
