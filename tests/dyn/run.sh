#!/bin/bash
# tests/dyn/run.sh: dynamic riscv64 programs and the sysroot view, a TAP
# producer for `make check`.
#
# Needs Debian's riscv64 cross toolchain and libraries (gcc-riscv64-linux-gnu,
# libc6-riscv64-cross: the sysroot /usr/riscv64-linux-gnu); without them
# every point is a TAP SKIP, never a pass.  Test points:
#
#   <name> [dyn]            a tests/guest program built dynamically
#                           (riscv64-linux-gnu-gcc -O2, no -static) prints
#                           under warp, with the sysroot warp finds itself,
#                           exactly what its native build prints
#   static-pie              a -static-pie program still runs
#   ld.so as the program    warp ROOT/lib/ld-linux-...so.1 PROG runs PROG
#   missing interpreter     the one-line message and exit status 127
#   sysroot precedence      -L over WARP_SYSROOT over QEMU_LD_PREFIX over
#                           the default; a bad sysroot is an error
#   program in the sysroot  an absolute PROGRAM the host lacks is looked
#                           up in the -L sysroot
#   pathview                tests/dyn/pathview.c in a sysroot made here
#                           (symlinks, "..", fallback, cwd, creation)
#   /proc/self/maps, /proc/cpuinfo   as a dynamic guest sees them
#   /proc/self/smaps        the maps entries with sizes; smaps_rollup
#   huge pages              the guest's MADV_HUGEPAGE/NOHUGEPAGE reach the
#                           host (smaps VmFlags), warp advises nothing
#                           itself, large private anonymous mappings start
#                           on a 2 MiB boundary
#
# Environment: WARP, RISCV64_CC, CC_NATIVE, srcdir/abs_top_builddir (as
# tests/guest/run.sh), WARP_TEST_SYSROOT (default /usr/riscv64-linux-gnu),
# WARP_TEST_TIMEOUT (seconds per run, default 60).

set -u

here=$(cd "$(dirname "$0")" && pwd)
if [ -n "${srcdir:-}" ] && [ -d "$srcdir/tests/dyn" ]; then
	ddir=$(cd "$srcdir/tests/dyn" && pwd)
else
	ddir=$here
fi
gdir=$(cd "$ddir/../guest" && pwd)
bdir="${abs_top_builddir:-$PWD}/tests/dyn-build"
WARP=${WARP:-${abs_top_builddir:-$PWD}/warp}
RISCV64_CC=${RISCV64_CC:-riscv64-linux-gnu-gcc}
CC_NATIVE=${CC_NATIVE:-gcc}
TIMEOUT=${WARP_TEST_TIMEOUT:-60}
DEB=${WARP_TEST_SYSROOT:-/usr/riscv64-linux-gnu}
INTERP=/lib/ld-linux-riscv64-lp64d.so.1

# tests/guest programs run dynamically: the ones that use much of libc
GUEST_TESTS="argv_env dirents fileio fileio2 fp_printf getrandom hashtable
	libm malloc mmap proc_self qsort setjmp sha256 snprintf stdio strings
	strtod sysinfo time tls"
OTHER_POINTS=17
total=$(( $(echo $GUEST_TESTS | wc -w) + OTHER_POINTS ))
echo "1..$total"

num=0
ok() { num=$((num + 1)); echo "ok $num - $1"; }
not_ok() {	# not_ok NAME REASON [DIAGFILE]
	num=$((num + 1)); echo "not ok $num - $1: $2"
	if [ -n "${3:-}" ] && [ -s "$3" ]; then sed 's/^/# /' "$3" | head -n 40; fi
}
skip_rest() {
	while [ $num -lt $total ]; do
		num=$((num + 1)); echo "ok $num - # SKIP $1"
	done
	exit 0
}

command -v "$RISCV64_CC" >/dev/null 2>&1 ||
	skip_rest "no $RISCV64_CC (install gcc-riscv64-linux-gnu)"
[ -e "$DEB$INTERP" ] ||
	skip_rest "no riscv64 sysroot at $DEB (install libc6-riscv64-cross)"
[ -x "$WARP" ] || skip_rest "warp binary '$WARP' not built"
mkdir -p "$bdir/bin" "$bdir/run" || skip_rest "cannot create $bdir"

COMMON_CFLAGS="-std=gnu11 -ffp-contract=off -fno-strict-aliasing -w"
meta() { sed -n "s/^.*test-$2: *//p" "$1" | head -n1 | sed 's/ *\*\/ *$//'; }

# compile CC OUT SRC FLAGS...: cached by mtime
compile() {
	local cc=$1 out=$2 src=$3; shift 3
	if [ -e "$out" ] && [ "$out" -nt "$src" ] && [ "$out" -nt "$here/run.sh" ] &&
	   [ "$out" -nt "$gdir/common.h" ]; then
		return 0
	fi
	rm -f "$out"
	"$cc" "$@" -I"$gdir" -o "$out.tmp" "$src" -lm >"$out.log" 2>&1 &&
		mv -f "$out.tmp" "$out"
}

# --- build ------------------------------------------------------------------
for n in $GUEST_TESTS; do
	src="$gdir/$n.c"
	cf=$(meta "$src" cflags); libs=$(meta "$src" libs)
	compile "$CC_NATIVE" "$bdir/bin/$n.native" "$src" $COMMON_CFLAGS -O2 $cf $libs &
	compile "$RISCV64_CC" "$bdir/bin/$n.dyn" "$src" $COMMON_CFLAGS -O2 $cf $libs &
done
for n in pathview catfile hello bigmem; do
	compile "$RISCV64_CC" "$bdir/bin/$n.dyn" "$ddir/$n.c" $COMMON_CFLAGS -O2 &
done
compile "$CC_NATIVE" "$bdir/bin/hello.native" "$ddir/hello.c" $COMMON_CFLAGS -O2 &
compile "$RISCV64_CC" "$bdir/bin/hello.spie" "$ddir/hello.c" $COMMON_CFLAGS -O2 \
	-static-pie &
wait

# run OUT CMD...: stdout in OUT.out, stderr in OUT.err, status in OUT.status;
# a fixed environment without any sysroot variable
base_env=(env -i PATH=/usr/local/bin:/usr/bin:/bin LC_ALL=C LANG=C)
run() {
	local r=$1; shift
	"${base_env[@]}" TMPDIR="$bdir/run" timeout -k 5 "$TIMEOUT" "$@" \
		>"$r.out" 2>"$r.err" </dev/null
	echo $? >"$r.status"
}
status() { cat "$1.status" 2>/dev/null || echo 255; }

# --- tests/guest programs, dynamically linked --------------------------------
tmpd="$bdir/run/.diag"
for n in $GUEST_TESTS; do
	src="$gdir/$n.c"
	(
		args=$(meta "$src" args)
		rd="$bdir/run/$n.d"; rm -rf "$rd"; mkdir -p "$rd/tmp"; cd "$rd" || exit 1
		eval "set -- $args"
		run "$bdir/run/$n.native" "$bdir/bin/$n.native" "$@"
		run "$bdir/run/$n.warp" "$WARP" "$bdir/bin/$n.dyn" "$@"
		# the program prints its own path in some tests: make it equal
		sed -i "s|$bdir/bin/$n.native|PROG|g" "$bdir/run/$n.native.out"
		sed -i "s|$bdir/bin/$n.dyn|PROG|g" "$bdir/run/$n.warp.out"
		cd / && rm -rf "$rd"
	) &
done
wait
for n in $GUEST_TESTS; do
	want=$(meta "$gdir/$n.c" exit); want=${want:-0}
	r="$bdir/run/$n"
	if [ ! -x "$bdir/bin/$n.dyn" ]; then
		not_ok "$n [dyn]" "riscv64 build failed" "$bdir/bin/$n.dyn.log"
	elif [ "$(status $r.native)" != "$want" ]; then
		not_ok "$n [dyn]" "the native run exited $(status $r.native) (test bug)" "$r.native.out"
	elif [ "$(status $r.warp)" != "$want" ] || ! cmp -s "$r.native.out" "$r.warp.out"; then
		{ diff -u --label native --label warp "$r.native.out" "$r.warp.out" | head -n 30
		  echo "stderr:"; head -n 10 "$r.warp.err"; } >"$tmpd"
		not_ok "$n [dyn]" "exit $(status $r.warp), expected $want; or stdout differs" "$tmpd"
	else
		ok "$n [dyn]"
	fi
done

# --- start-up ---------------------------------------------------------------
r="$bdir/run/hello"
run "$r.native" "$bdir/bin/hello.native"
want_hello=$(cat "$r.native.out")
# expect NAME RUN STATUS [TEXT]: RUN exited STATUS and printed TEXT
expect() {
	local name=$1 res=$2 st=$3 text=${4-}
	if [ "$(status "$res")" = "$st" ] && [ "$(cat "$res.out")" = "$text" ]; then
		ok "$name"
	else
		{ echo "status $(status "$res"), expected $st"; echo "stdout:"; cat "$res.out"
		  echo "stderr:"; cat "$res.err"; } >"$tmpd"
		not_ok "$name" "unexpected result" "$tmpd"
	fi
}

if [ -x "$bdir/bin/hello.spie" ]; then
	run "$r.spie" "$WARP" "$bdir/bin/hello.spie"
	expect "static-pie" "$r.spie" 0 "$want_hello"
else
	# Debian 12's riscv64 glibc has no rcrt1.o; ld.so below is an ET_DYN
	# program without an interpreter too
	num=$((num + 1))
	echo "ok $num - static-pie # SKIP $RISCV64_CC cannot link -static-pie: $(tail -n 2 "$bdir/bin/hello.spie.log" | head -n 1)"
fi
run "$r.default" "$WARP" "$bdir/bin/hello.dyn"
expect "default sysroot ($DEB)" "$r.default" 0 "$want_hello"
run "$r.ldso" "$WARP" -L "$DEB" "$DEB$INTERP" "$bdir/bin/hello.dyn"
expect "ld.so as the program" "$r.ldso" 0 "$want_hello"

# expect_want NAME RUN: RUN exited 0 and printed exactly RUN.want
expect_want() {
	local name=$1 res=$2
	if [ "$(status "$res")" = 0 ] && cmp -s "$res.want" "$res.out"; then
		ok "$name"
	else
		{ echo "status $(status "$res")"; diff -u --label expected --label warp "$res.want" "$res.out"
		  echo "stderr:"; head -n 10 "$res.err"; } >"$tmpd"
		not_ok "$name" "differs" "$tmpd"
	fi
}

# --- the sysroot: which one, and what is missing ----------------------------
empty="$bdir/run/empty-root"
rm -rf "$empty"; mkdir -p "$empty"
msg="warp: $bdir/bin/hello.dyn: needs the interpreter $INTERP, not found in $empty (install libc6-riscv64-cross, or use -L DIR)"
run "$r.missing" "$WARP" -L "$empty" "$bdir/bin/hello.dyn"
if [ "$(status $r.missing)" = 127 ] && [ "$(cat "$r.missing.err")" = "$msg" ] &&
   [ ! -s "$r.missing.out" ]; then
	ok "missing interpreter: one line, exit 127"
else
	{ echo "status $(status $r.missing)"; echo "want: $msg"; echo "got:"; cat "$r.missing.err"; } >"$tmpd"
	not_ok "missing interpreter: one line, exit 127" "unexpected message" "$tmpd"
fi
run "$r.p1" env WARP_SYSROOT="$empty" "$WARP" -L "$DEB" "$bdir/bin/hello.dyn"
expect "precedence: -L over WARP_SYSROOT" "$r.p1" 0 "$want_hello"
run "$r.p2" env WARP_SYSROOT="$empty" QEMU_LD_PREFIX="$DEB" "$WARP" "$bdir/bin/hello.dyn"
expect "precedence: WARP_SYSROOT over QEMU_LD_PREFIX" "$r.p2" 127 ""
run "$r.p3" env QEMU_LD_PREFIX="$DEB" "$WARP" "$bdir/bin/hello.dyn"
expect "precedence: QEMU_LD_PREFIX is used" "$r.p3" 0 "$want_hello"
run "$r.p4" env QEMU_LD_PREFIX="$empty" "$WARP" "$bdir/bin/hello.dyn"
expect "precedence: QEMU_LD_PREFIX over the default" "$r.p4" 127 ""
run "$r.bad" "$WARP" -L "$bdir/run/no-such-dir" "$bdir/bin/hello.dyn"
if [ "$(status $r.bad)" = 1 ] && grep -q "^warp: $bdir/run/no-such-dir: " "$r.bad.err" &&
   [ "$(wc -l <"$r.bad.err")" = 1 ]; then
	ok "a sysroot that does not exist is an error"
else
	not_ok "a sysroot that does not exist is an error" "status $(status $r.bad)" "$r.bad.err"
fi

# --- a sysroot made here -------------------------------------------------------
root="$bdir/run/root"
host="$bdir/run/hostdir"
rm -rf "$root" "$host"
mkdir -p "$root/usr/lib" "$root/usr/bin" "$root/etc" "$root/data" "$host"
for f in ld-linux-riscv64-lp64d.so.1 libc.so.6 libm.so.6; do
	ln "$DEB/lib/$f" "$root/usr/lib/$f" 2>/dev/null || cp "$DEB/lib/$f" "$root/usr/lib/$f"
done
ln -s usr/lib "$root/lib"
echo inside >"$root/etc/target-file"
ln -s /etc/target-file "$root/etc/abs-link"
ln -s ../../.. "$root/etc/up"
ln -s /nonexistent-warp-test "$root/etc/dangling"
echo host >"$host/hostfile"
cp "$bdir/bin/hello.dyn" "$root/usr/bin/warp-test-hello"

run "$r.inroot" "$WARP" -L "$root" /usr/bin/warp-test-hello
expect "program found in the -L sysroot" "$r.inroot" 0 "$want_hello"

pv="$bdir/run/pathview"
run "$pv" "$WARP" -L "$root" "$bdir/bin/pathview.dyn" "$host"
cat >"$pv.want" <<EOF
ld.so: file
ld.so machine: 243
ld.so access: 0
ld.so statx: file $(stat -c %s "$root/usr/lib/ld-linux-riscv64-lp64d.so.1")
/lib lstat: link
/lib stat: dir
/lib link: usr/lib
abs-link: inside
abs-link link: /etc/target-file
abs-link statx: file 7
abs-link statx nofollow: link 16
abs-link access: 0
abs-link faccessat2: 0
realpath: /etc/target-file
dangling: No such file or directory
dotdot: inside
up link: inside
up stat: file
host file: host
host dir: dir
/proc/self/exe: 0
chdir /usr/lib: 0
getcwd: /usr/lib
relative: file
relative up: inside
relative past root: inside
chdir /: 0
getcwd: /
relative at root: inside
chdir host: 0
getcwd is host dir: 0
relative on host: host
dirfd up: inside
dirfd abs-link: inside
dirfd lstat: link
readdir /etc: 2
create: 1
mkdir: 0
rename: 0
renamed: created
old name: No such file or directory
symlink: 0
through new link: inside
link then: 0
unlink: 0
chmod: 0
mode: 600
truncate: 0
truncated: cre
EOF
expect_want "pathview: the guest's view of the sysroot" "$pv"
if [ "$(cat "$root/data/sub/moved.txt" 2>/dev/null)" = cre ] &&
   [ "$(readlink "$root/data/lnk")" = /etc/target-file ] &&
   [ ! -e /data/sub/moved.txt ]; then
	ok "pathview: what the guest created is in the sysroot"
else
	ls -lR "$root/data" >"$tmpd" 2>&1
	not_ok "pathview: what the guest created is in the sysroot" "not there" "$tmpd"
fi

# --- /proc as a dynamic guest sees it ----------------------------------------
m="$bdir/run/maps"
run "$m" "$WARP" -L "$DEB" "$bdir/bin/catfile.dyn" /proc/self/maps
problems=""
[ "$(status $m)" = 0 ] || problems="$problems status $(status $m);"
grep -q " $INTERP\$" "$m.out" || problems="$problems no $INTERP line;"
grep -q " /lib/libc.so.6\$" "$m.out" || problems="$problems no /lib/libc.so.6 line;"
grep -q " $bdir/bin/catfile.dyn\$" "$m.out" || problems="$problems no line for the program;"
grep -q "r-xp .* $bdir/bin/catfile.dyn\$" "$m.out" || problems="$problems program not r-x;"
grep -q " \[stack\]\$" "$m.out" || problems="$problems no [stack];"
grep -q "$DEB\|warp\|memfd" "$m.out" && problems="$problems host paths or warp's memory shown;"
awk '{ split($1, a, "-"); if (length(a[2]) > 12) bad = 1 } END { exit bad }' "$m.out" ||
	problems="$problems an address beyond 47 bits;"
if [ -z "$problems" ]; then
	ok "/proc/self/maps lists the guest's mappings"
else
	cp "$m.out" "$tmpd"; cat "$m.err" >>"$tmpd"
	not_ok "/proc/self/maps lists the guest's mappings" "$problems" "$tmpd"
fi
sm="$bdir/run/smaps"
run "$sm" "$WARP" -L "$DEB" "$bdir/bin/catfile.dyn" /proc/self/smaps
run "$sm.maps" "$WARP" -L "$DEB" "$bdir/bin/catfile.dyn" /proc/self/maps
run "$sm.roll" "$WARP" -L "$DEB" "$bdir/bin/catfile.dyn" /proc/self/smaps_rollup
problems=""
[ "$(status $sm)" = 0 ] && [ "$(status $sm.roll)" = 0 ] || problems="$problems status;"
# the entries are the maps lines (the program's own path differs in
# length between runs of nothing, so compare whole lines)
grep -E '^[0-9a-f]+-[0-9a-f]+ ' "$sm.out" >"$sm.lines"
cmp -s "$sm.lines" "$sm.maps.out" || problems="$problems entries differ from maps;"
# every entry's Size is its length; VmFlags closes it
awk '/^[0-9a-f]+-[0-9a-f]+ / { split($1, a, "-"); want = (strtonum("0x" a[2]) - strtonum("0x" a[1])) / 1024; n++ }
     /^Size:/ { if ($2 != want) bad = 1 }
     /^VmFlags:/ { v++ }
     END { exit bad || n == 0 || v != n }' "$sm.out" || problems="$problems Size or VmFlags wrong;"
grep -q "$DEB\|warp\|memfd" "$sm.out" && problems="$problems host paths or warp's memory shown;"
grep -q '^[0-9a-f]*-[0-9a-f]* ---p 00000000 00:00 0 *\[rollup\]$' "$sm.roll.out" ||
	problems="$problems no rollup line;"
grep -q '^Pss_Anon: *[0-9]* kB$' "$sm.roll.out" || problems="$problems no Pss_Anon;"
if [ -z "$problems" ]; then
	ok "/proc/self/smaps and smaps_rollup describe the guest's mappings"
else
	{ head -n 30 "$sm.out"; cat "$sm.err" "$sm.roll.out"; } >"$tmpd"
	not_ok "/proc/self/smaps and smaps_rollup describe the guest's mappings" "$problems" "$tmpd"
fi
c="$bdir/run/cpuinfo"
run "$c" "$WARP" "$bdir/bin/catfile.dyn" /proc/cpuinfo
ncpu=$(grep -c '^processor' /proc/cpuinfo)
if [ "$(status $c)" = 0 ] && [ "$(grep -c '^processor' "$c.out")" = "$ncpu" ] &&
   grep -q "^hart		: 0\$" "$c.out" && grep -q "^isa		: rv64imafdc" "$c.out" &&
   grep -q "^mmu		: sv" "$c.out" && grep -q "^uarch		: " "$c.out" &&
   ! grep -q "flags\|vendor_id\|model name" "$c.out"; then
	ok "/proc/cpuinfo in the riscv64 format"
else
	head -n 20 "$c.out" >"$tmpd"
	not_ok "/proc/cpuinfo in the riscv64 format" "unexpected content" "$tmpd"
fi
e="$bdir/run/cmdline"
run "$e.link" "$WARP" -L "$root" "$bdir/bin/catfile.dyn" /proc/self/cmdline
if [ "$(status $e.link)" = 0 ] && [ "$(tr '\0' ' ' <"$e.link.out")" = "$bdir/bin/catfile.dyn /proc/self/cmdline " ]; then
	ok "/proc/self/cmdline is the guest's argv"
else
	od -c "$e.link.out" | head >"$tmpd"
	not_ok "/proc/self/cmdline is the guest's argv" "differs" "$tmpd"
fi

# --- transparent huge pages ------------------------------------------------------
hp="$bdir/run/bigmem"
if [ ! -d /sys/kernel/mm/transparent_hugepage ]; then
	num=$((num + 1))
	echo "ok $num - huge pages: the guest's advice only, 2 MiB placement # SKIP the host kernel has no transparent huge pages"
else
	run "$hp" "$WARP" "$bdir/bin/bigmem.dyn"
	cat >"$hp.want" <<EOF
private 8 MiB: -, at 2 MiB
private 8 MiB, guest said hugepage: hg, at 2 MiB
private 8 MiB, guest said nohugepage: nh, at 2 MiB
private 1 MiB: -
shared 8 MiB: -
read-only 8 MiB: -
EOF
	expect_want "huge pages: the guest's advice only, 2 MiB placement" "$hp"
fi
rm -f "$tmpd"
[ $num = $total ] || echo "# internal: planned $total points, ran $num"
exit 0
