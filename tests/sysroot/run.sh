#!/bin/bash
# tests/sysroot/run.sh: real riscv64 Debian programs under warp, a TAP
# producer for `make check`.
#
# tests/sysroot/make-sysroot.sh provides a Debian trixie riscv64 sysroot
# (built from the archive on the first run, cached afterwards).  Each case
# below is a bash script run by the sysroot's own bash under
# `warp -L SYSROOT`, so every command in it (sort, xz, sqlite3, python3...)
# is a dynamic riscv64 program started by a guest execve.  What it prints
# on stdout and its exit status must equal the expected result, which is
# either what the host computes by running the same script with its own
# bash and tools (HOST mode; the scripts avoid what differs between
# Debian 12's and 13's versions), or fixed text where the guest must
# differ from the host (uname -m is riscv64).  A case may also run a CHECK
# script on the host afterwards, in the directory the guest worked in
# (e.g. the host's xz must decompress what the guest's xz made); its
# output is part of what is compared.
#
# Test points: "sysroot.NAME [BACKEND]" for each case and backend.  When
# the Debian archive cannot be reached (and no sysroot is cached) every
# point is "ok # SKIP", never a pass.  A case listed in
# tests/known-failures.txt ("sysroot.NAME [BACKEND] reason") is a TAP
# TODO, as in tests/guest/run.sh.
#
# Environment: WARP (warp binary), RISCV64_CC, abs_top_builddir, srcdir;
# SYSROOT_BACKENDS (default "jit"; "interp" is the IR interpreter, "qemu"
# runs qemu-riscv64 -L instead of warp, to validate the cases themselves:
# as qemu runs the host's program when a guest execs /usr/bin/X, the
# guest's PATH then starts with wrappers that run the sysroot's X under
# qemu),
# SYSROOT_TIMEOUT (seconds per case run, default 300), WARP_TEST_JOBS
# (parallel runs, default nproc), WARP_KNOWN_FAILURES, and
# make-sysroot.sh's (WARP_TEST_SYSROOT, WARP_TEST_CACHE,
# WARP_DEBIAN_MIRROR).  Arguments: optional case names to run only those.

set -u

here=$(cd "$(dirname "$0")" && pwd)
if [ -n "${srcdir:-}" ] && [ -d "$srcdir/tests/sysroot" ]; then
	sdir=$(cd "$srcdir/tests/sysroot" && pwd)
else
	sdir=$here
fi
known=${WARP_KNOWN_FAILURES:-$sdir/../known-failures.txt}
bdir="${abs_top_builddir:-$PWD}/tests/sysroot-build"
WARP=${WARP:-${abs_top_builddir:-$PWD}/warp}
RISCV64_CC=${RISCV64_CC:-riscv64-linux-gnu-gcc}
BACKENDS=${SYSROOT_BACKENDS:-jit}
TIMEOUT=${SYSROOT_TIMEOUT:-300}
JOBS=${WARP_TEST_JOBS:-$(nproc 2>/dev/null || echo 2)}

ALL_CASES="hello hello_env hello_qemu_env c_dynamic c_dynamic_default
	exec_guest paths proc
	bash_builtins bash_rc bash_pipes bash_redirs bash_subshells bash_jobs
	sort sha256sum find tar_xz tar_zstd xz zstd xz_threads zstd_threads
	cp_a ls_l grep sed gawk sqlite3 sqlite3_wal
	python3_json python3_hashlib python3_subprocess python3_socket
	python3_tempfile python3_walk"
if [ $# -gt 0 ]; then cases="$*"; else cases=$(echo $ALL_CASES); fi

# the warp binary's real path: the guest's /proc/self/maps must not show it
WARP_REAL=$(realpath "$WARP" 2>/dev/null || echo "$WARP")

# --- the cases -----------------------------------------------------------------
# case_NAME sets: S (the bash script), and optionally EXPECT (the exact
# expected stdout; then the host does not run S), CHECK (host bash script
# run afterwards in the same directory), SETUP (host bash script that
# prepares the directory; $DATA holds the shared inputs), NEEDS (host
# commands HOST mode or CHECK needs), CMD (run this guest program
# directly instead of bash -c S: a path inside the sysroot, or @cdyn for
# the cross-compiled dynamic hello, then args), ENVMODE (how warp gets
# the sysroot: opt (-L, default), env (WARP_SYSROOT), qemu_env
# (QEMU_LD_PREFIX), none (its default)), STDERR_OK=1 (the host's run may
# write to stderr; otherwise that marks the case itself as broken).

tree_setup='
mkdir -p tree/a/b/c tree/d tree/e
printf "hello\n" >tree/a/one.txt
head -c 20000 "$DATA/words.txt" >tree/a/b/two.txt
head -c 70000 "$DATA/data.bin" >tree/a/b/c/blob
: >tree/d/empty.txt
printf "#!/bin/sh\necho x\n" >tree/d/run.sh
ln -s ../a/one.txt tree/d/link
ln -s a tree/link
chmod 755 tree/d/run.sh; chmod 600 tree/a/b/two.txt; chmod 750 tree/a/b
find tree -exec touch -h -d "2015-06-07 08:09:10" {} +
touch -d "2001-02-03 04:05:06" tree/a/one.txt tree/ref
touch -d "2011-12-13 14:15:16" tree/a/b/two.txt tree/a/b/c/blob tree/d/run.sh
touch -h -d "2005-05-05 05:05:05" tree/d/link
touch -d "2015-06-07 08:09:10" tree
'

case_hello() {
	CMD=(/usr/bin/echo hello world)
	EXPECT='hello world'
}
case_hello_env() {
	CMD=(/usr/bin/printf '%s-%s\n' hello env)
	EXPECT='hello-env'
	ENVMODE='env'
}
case_hello_qemu_env() {
	CMD=(/usr/bin/printf '%s-%s\n' hello qemu-env)
	EXPECT='hello-qemu-env'
	ENVMODE=qemu_env
}
case_c_dynamic() {
	# a program from Debian 12's cross compiler (glibc 2.36) on trixie's
	# glibc: the plain "dynamic hello"
	CMD=(@cdyn)
	EXPECT='dynamic hello 42 riscv64'
}
case_c_dynamic_default() {
	# no -L, no WARP_SYSROOT: warp finds /usr/riscv64-linux-gnu itself
	CMD=(@cdyn)
	EXPECT='dynamic hello 42 riscv64'
	ENVMODE=none
}

case_exec_guest() {
	# every child must be the riscv64 program from the sysroot, started
	# by warp, not the host's program of the same name
	S='uname -m
bash -c "uname -m"
echo "$(uname -m)" | cat
sh -c "uname -m"
env uname -m
find . -maxdepth 0 -exec uname -m \;
printf "#!/bin/sh\nuname -m\n" >s.sh; chmod +x s.sh; ./s.sh
printf "#!/usr/bin/env bash\nuname -m\n" >t.sh; chmod +x t.sh; ./t.sh
python3 -c "import platform; print(platform.machine())"
(exec -a other-name bash -c "echo \$0") 
exec uname -m'
	EXPECT=$(printf 'riscv64\n%.0s' 1 2 3 4 5 6 7 8 9; echo other-name; echo riscv64)
}

case_paths() {
	# the sysroot is "/" for the guest, with the host as the fallback
	S='cd / && pwd && /usr/bin/pwd
cd /usr/lib/.. && /usr/bin/pwd
cd /../../usr/bin && /usr/bin/pwd
cd /bin && pwd -P
cd "$HOME"
readlink -f /lib/ld-linux-riscv64-lp64d.so.1
cat /etc/debian_version
[ -d "$HOME" ] && echo host-fallback
ls /usr/lib/riscv64-linux-gnu/libc.so.6
stat -c "%F" /usr/bin/bash /bin /usr/bin/sh
test -x /usr/bin/python3 && echo python-x
ls -d /bin/../share/zoneinfo
cd -P /bin/.. && /usr/bin/pwd
(cd /usr && ls -d bin/../lib/riscv64-linux-gnu)'
	EXPECT="/
/
/usr
/usr/bin
/usr/bin
/usr/lib/riscv64-linux-gnu/ld-linux-riscv64-lp64d.so.1
$(cat "$ROOT/etc/debian_version")
host-fallback
/usr/lib/riscv64-linux-gnu/libc.so.6
regular file
symbolic link
symbolic link
python-x
/bin/../share/zoneinfo
/usr
bin/../lib/riscv64-linux-gnu"
}

case_proc() {
	# /proc shows the guest, not warp
	S="WARP_REAL='$WARP_REAL'"'
case $(readlink /proc/self/exe) in
*/usr/bin/readlink) echo exe-is-guest ;;
*) echo "exe: $(readlink /proc/self/exe)" ;;
esac
cat /proc/self/cmdline | tr "\0" "|"; echo
cat /proc/self/comm
cut -d" " -f2 /proc/self/stat
grep -q ld-linux-riscv64-lp64d /proc/self/maps && echo maps-has-ld.so
grep -q "/libc.so.6" /proc/self/maps && echo maps-has-libc
grep -qF "$WARP_REAL" /proc/self/maps || echo maps-hides-warp
grep -q "^isa.*rv64" /proc/cpuinfo && echo cpuinfo-isa
grep -q "^hart" /proc/cpuinfo && echo cpuinfo-hart
readlink /proc/self/fd/0 </etc/hostname >/dev/null && echo fd-link
test "$(wc -c </proc/self/auxv)" -gt 64 && echo auxv
python3 -c "import os; print(os.path.basename(os.readlink(\"/proc/self/exe\")))"
nproc'
	EXPECT="exe-is-guest
cat|/proc/self/cmdline|
cat
(cut)
maps-has-ld.so
maps-has-libc
maps-hides-warp
cpuinfo-isa
cpuinfo-hart
fd-link
auxv
python3.13
$(nproc)"
}

case_bash_builtins() {
	S='a=(one two three); echo "${#a[@]} ${a[1]} ${a[@]:1}"
declare -A m=([x]=1 [y]=2 [zz]=3)
for k in $(printf "%s\n" "${!m[@]}" | sort); do echo "$k=${m[$k]}"; done
echo $(( (1<<40) * 3 / 7 % 1000003 )) $(( -17 / 5 )) $(( -17 % 5 )) $(( 2**62 )) $(( 0x7fffffffffffffff + 1 ))
s="Hello, World"; echo "${s,,} ${s^^} ${s/World/bash} ${s:7:3} ${#s} ${s#*o} ${s%%o*}"
printf "%05d|%-6s|%x|%o|%e|%.3f|%q|%b\n" 42 ab 255 8 12345.678 3.14159 "a b" "t\tx"
f() { local x=$1; echo "f:$x:$#"; return 5; }; f 1 2 3; echo "ret=$?"
i=0; while (( i < 1000 )); do ((i++)); done; echo "i=$i"
case foo.tar.xz in *.tar.xz) echo txz ;; *) echo other ;; esac
[[ abc123 =~ ^([a-z]+)([0-9]+)$ ]] && echo "${BASH_REMATCH[1]}-${BASH_REMATCH[2]}"
read -r x y <<<"first second third"; echo "$x|$y"
mapfile -t lines < <(printf "l1\nl2\nl3\n"); echo "${#lines[@]} ${lines[2]}"
set -- a "b c" d; echo "$#" "$2"; shift; echo "$*"
printf -v v "%s-%s" p q; echo "$v"
echo {1..5} {a..c}{x,y}
echo "${BASH_VERSINFO[0]}" $((RANDOM >= 0))
trap "echo trapped-exit" EXIT
exit 3'
}

case_bash_rc() {
	# bash reads ~/.bashrc non-interactively only when stdin is a network
	# connection (rshd); /dev/null is not one
	S='echo outer; bash -c "echo inner"; bash -c "echo from-stdin" <words.txt'
	SETUP='echo "echo BASHRC-READ" >.bashrc; echo x >words.txt'
}

case_bash_pipes() {
	S='seq 1 20000 | sort -rn | head -n 3
seq 1 100000 | awk "{ s += \$1 } END { print s }"
printf "b\na\nc\n" | sort | tr "\n" " "; echo
false | true; echo "pipestatus=${PIPESTATUS[*]}"
set -o pipefail; false | true; echo "pipefail=$?"; set +o pipefail
grep -c e words.txt | cat
yes abcdefgh | head -c 1000000 | wc -c
diff <(seq 1 5) <(seq 1 5) && echo same
paste <(seq 3) <(seq 4 6)
tee t1 t2 <words.txt | sha256sum; cat t1 t2 | wc -l
seq 1 10 | while read -r n; do echo $((n * n)); done | tail -n 2
x=$(head -c 100000 /dev/zero | tr "\0" a | wc -c); echo "x=$x"
cat words.txt | cat | cat | cat | sha256sum
seq 1 5 | { read -r first; cat; echo "first=$first"; }'
	SETUP='cp "$DATA/words.txt" .'
}

case_bash_redirs() {
	S='echo one >f; echo two >>f; cat f
{ echo out; echo err >&2; } >o 2>e; cat o e
{ echo out; echo err >&2; } >oe 2>&1; sort oe
ls nonexistent 2>/dev/null || echo "ls-failed=$?"
exec 3>fd3; echo via3 >&3; exec 3>&-; cat fd3
exec 4<f; read -r l <&4; echo "read=$l"; exec 4<&-
cat <<EOF
heredoc $((6 * 7))
EOF
cat <<"EOF"
quoted $HOME
EOF
cat <<<"herestring"
echo data >"sp ace"; cat "sp ace"
: >empty; [ -s empty ] || echo empty
set -o noclobber; { echo x >f; } 2>/dev/null || echo noclobber; set +o noclobber
echo replace >|f; cat f
wc -c <f
cat </dev/null; echo end
exec 5<>rw; echo rw-data >&5; exec 5>&-; cat rw
{ echo to-stdout-via-2 1>&2; } 2>&1 | cat
{ echo nowhere 2>/dev/null 1>&2; } 2>&1 | wc -c'
}

case_bash_subshells() {
	S='x=1; (x=2; echo "in=$x"); echo "out=$x"
(cd / && pwd); pwd | sed "s|^$HOME\$|home|"
(exit 42); echo "sub=$?"
v=$(echo a; (echo b; echo c) | tr "\n" ,); echo "$v"
{ sleep 0.2; echo late; } & { echo early; }; wait
out=$( (echo $BASHPID; echo $$) ); set -- $out; [ "$1" != "$2" ] && echo distinct-pid
bash -c "exit 9"; echo "child=$?"
(trap "echo sub-trap" EXIT; true)
count=0; for i in 1 2 3; do (count=$((count + i))); done; echo "count=$count"
umask 027; (umask 077; umask); umask
(ulimit -n 64; ulimit -n)
eval "echo eval-\$((1 + 1))"
r=$( (sleep 0.1; echo deep) | (cat; echo deeper) | tr "\n" " "); echo "$r"
coproc c { read -r l; echo "co:$l"; }; echo hi >&"${c[1]}"; read -r got <&"${c[0]}"; echo "$got"; wait
( ( ( exit 5 ) ) ); echo "nested=$?"'
}

case_bash_jobs() {
	# bash reports job status changes on stderr, in an order that varies
	STDERR_OK=1
	S='set -m
sleep 5 & p=$!
jobs
kill %1
wait $p; echo "killed=$?"
(exit 3) &
wait $!; echo "status=$?"
sleep 0.1 & sleep 0.2 &
wait; echo waited-all
sleep 5 & p=$!
read -r _ _ _ _ pg _ </proc/$p/stat
[ "$pg" = "$p" ] && echo own-process-group
kill -STOP $p
wait $p; echo "stopped=$?"
jobs
kill -CONT %1
kill -TERM %1
wait $p; echo "term=$?"
(sleep 0.1; exit 7) &
fg; echo "fg=$?"
set +m
sleep 1 & p=$!
read -r _ _ _ _ pg _ </proc/$p/stat
read -r _ _ _ _ mypg _ </proc/$$/stat
[ "$pg" = "$mypg" ] && echo same-process-group
kill $p; wait $p; echo "nojc-term=$?"'
}

case_sort() {
	S='sort words.txt | sha256sum
sort -u words.txt | wc -l
sort -n nums.txt | sha256sum
sort -g nums.txt | head -n 3
sort -t, -k2,2n -k1,1r csv.txt | sha256sum
sort -S 64K -T "$TMPDIR" words.txt | sha256sum
sort -r words.txt | head -n 3
sort words.txt | uniq -c | sort -k1,1nr -k2 | head -n 5
printf "1.10\n1.9\n1.2.3\n" | sort -V | tr "\n" " "; echo
printf "2K\n1M\n3\n" | sort -h | tr "\n" " "; echo
sort -c words.txt 2>/dev/null; echo "sorted=$?"
sort words.txt -o out.txt; sort -c out.txt && echo out-sorted'
	SETUP='cp "$DATA/words.txt" "$DATA/nums.txt" "$DATA/csv.txt" .'
}

case_sha256sum() {
	S='sha256sum data.bin words.txt
md5sum data.bin; sha1sum data.bin; sha512sum data.bin; b2sum data.bin
sha256sum -c sums.txt
head -c 1234567 data.bin | sha256sum
cat data.bin data.bin | sha256sum
cksum data.bin
sha256sum --tag words.txt
echo corrupt >>words.txt; sha256sum -c sums.txt 2>/dev/null; echo "check=$?"'
	SETUP='cp "$DATA/words.txt" "$DATA/data.bin" .; sha256sum data.bin words.txt >sums.txt'
}

case_find() {
	S='find tree | sort
find tree -type f -name "*.txt" | sort
find tree -type f -size +10k -printf "%p %s\n" | sort
find tree -printf "%p %y %m %s %TY-%Tm-%Td %TH:%TM\n" | sort
find tree -newer tree/ref -type f | sort
find tree -type l -printf "%p -> %l\n" | sort
find tree -type f -exec sha256sum {} + | sort
find tree -type f -print0 | xargs -0 wc -c | sort
find tree -empty | sort
find -L tree -type f | sort
find tree -maxdepth 1 -mindepth 1 -type d | sort
find tree -perm -u+x -type f
find tree -name two.txt -delete; find tree -name "two*" | wc -l'
	SETUP=$tree_setup
}

# The compressors are single-threaded here (XZ_DEFAULTS=-T1, zstd
# --no-asyncio --single-thread): xz 5.8 and zstd 1.5.7 start threads by
# default, which the *_threads cases cover separately.
case_tar_xz() {
	S='export XZ_DEFAULTS=-T1
tar -cJf g.tar.xz tree && echo created
tar -tJf g.tar.xz | sort
mkdir x && tar -xJf g.tar.xz -C x && diff -r tree x/tree && echo roundtrip-same
mkdir y && tar -xJf host.tar.xz -C y && diff -r tree y/tree && echo host-archive-same
tar --numeric-owner -tvJf host.tar.xz | sort
find y -mindepth 1 -printf "%p %m %TY-%Tm-%Td %TH:%TM:%TS\n" | sort
tar -cf - tree | xz -9 | xz -d | tar -tf - | wc -l
tar -xJf g.tar.xz -O tree/a/one.txt'
	SETUP="$tree_setup
tar -cJf host.tar.xz tree"
	CHECK='mkdir hx && tar -xJf g.tar.xz -C hx && diff -r tree hx/tree && echo host-reads-guest-archive'
	NEEDS="xz"
}

case_tar_zstd() {
	S='Z="zstd --no-asyncio --single-thread"
tar -I "$Z" -cf g.tar.zst tree && echo created
mkdir x && tar -I "$Z" -xf g.tar.zst -C x && diff -r tree x/tree && echo roundtrip-same
mkdir y && tar -I "$Z" -xf host.tar.zst -C y && diff -r tree y/tree && echo host-archive-same
tar -I "$Z" -tf g.tar.zst | sort
tar -cf - tree | $Z -q -c | $Z -dc | tar -tf - | wc -l'
	SETUP="$tree_setup
tar --zstd -cf host.tar.zst tree"
	CHECK='mkdir hx && tar --zstd -xf g.tar.zst -C hx && diff -r tree hx/tree && echo host-reads-guest-archive'
	NEEDS="zstd"
}

case_xz() {
	S='export XZ_DEFAULTS=-T1
xz -9 -k words.txt && xz -t words.txt.xz && echo compressed
xz -dc words.txt.xz | cmp - words.txt && echo roundtrip
xz -dc host.xz | sha256sum
xz -6 -c data.bin | xz -dc | sha256sum
xz -9e -c nums.txt >n.xz; xz -dc n.xz | sha256sum
xz -d -c missing.xz 2>/dev/null; echo "missing=$?"
printf "garbage" | xz -dc 2>/dev/null; echo "garbage=$?"
xz --format=lzma -c csv.txt | xz -dc | sha256sum'
	SETUP='cp "$DATA/words.txt" "$DATA/data.bin" "$DATA/nums.txt" "$DATA/csv.txt" .
xz -c data.bin >host.xz'
	CHECK='xz -dc words.txt.xz | cmp - words.txt && echo host-decodes
xz -dc n.xz | cmp - nums.txt && echo host-decodes-9e'
	NEEDS="xz"
}

case_zstd() {
	S='Z="zstd --no-asyncio --single-thread"
$Z -19 -q -k words.txt && echo compressed
$Z -dc words.txt.zst | cmp - words.txt && echo roundtrip
$Z -dc host.zst | sha256sum
$Z -3 -q -c data.bin | $Z -dc | sha256sum
$Z -q -c --long=24 nums.txt >n.zst; $Z -dc --long=24 n.zst | sha256sum
printf "garbage" | $Z -dc 2>/dev/null; echo "garbage=$?"
$Z -t -q words.txt.zst && echo tested'
	SETUP='cp "$DATA/words.txt" "$DATA/data.bin" "$DATA/nums.txt" .
zstd -q -c data.bin >host.zst'
	CHECK='zstd -dc words.txt.zst | cmp - words.txt && echo host-decodes'
	NEEDS="zstd"
}

# xz and zstd as they run by default: with threads (xz -T0 compression,
# zstd's asynchronous I/O pool), also when tar starts them
case_xz_threads() {
	S='xz -9 -k words.txt && echo compressed
xz -T2 -6 -c data.bin | xz -dc | sha256sum
xz -dc words.txt.xz | cmp - words.txt && echo roundtrip
tar -cJf t.tar.xz words.txt data.bin && tar -tJf t.tar.xz'
	SETUP='cp "$DATA/words.txt" "$DATA/data.bin" .'
	CHECK='xz -dc words.txt.xz | cmp - words.txt && echo host-decodes'
	NEEDS="xz"
}

case_zstd_threads() {
	S='zstd -q -k words.txt && echo compressed
zstd -T2 -q -c data.bin | zstd -dc | sha256sum
zstd -dc words.txt.zst | cmp - words.txt && echo roundtrip
tar --zstd -cf t.tar.zst words.txt data.bin && tar -caf a.tar.zst words.txt && tar -tf t.tar.zst && tar -tf a.tar.zst'
	SETUP='cp "$DATA/words.txt" "$DATA/data.bin" .'
	CHECK='zstd -dc words.txt.zst | cmp - words.txt && echo host-decodes
zstd -t -q a.tar.zst && echo auto-is-zstd'
	NEEDS="zstd"
}

case_cp_a() {
	S='cp -a src dst && echo copied
(cd src && find . -printf "%p %y %m %s %n %T+ %l\n" | sort) >s.lst
(cd dst && find . -printf "%p %y %m %s %n %T+ %l\n" | sort) >d.lst
cmp s.lst d.lst && echo same-metadata
cat d.lst
stat -c "%n %a %s %y %h %F" dst/f1 dst/exec dst/link
cp -p src/f1 p1 && stat -c "%a %y" p1
cp src/f1 plain && [ "$(stat -c %Y plain)" != "$(stat -c %Y src/f1)" ] && echo plain-cp-new-time
touch -d "2010-01-01 00:00:00.5" tt; stat -c "%y" tt
touch -m -d @1234567890 tt; stat -c "%Y %X" tt | cut -d" " -f1
chmod 4711 tt; stat -c %a tt
ln src/f1 hl; stat -c %h src/f1
mv tt tt2 && test ! -e tt && echo moved'
	SETUP='mkdir -p src/sub/deep
head -c 5000 "$DATA/data.bin" >src/f1
printf "x\n" >src/exec
printf "y\n" >src/sub/deep/f2
ln -s f1 src/link
ln src/exec src/hard
chmod 640 src/f1; chmod 755 src/exec; chmod 700 src/sub/deep; chmod 2750 src/sub
touch -d "2001-02-03 04:05:06.123456789" src/f1
touch -d "2002-03-04 05:06:07.5" src/exec src/sub/deep/f2
touch -h -d "2003-04-05 06:07:08.25" src/link
touch -d "2004-05-06 07:08:09" src/sub/deep src/sub src'
	CHECK='(cd dst && find . -printf "%p %y %m %s %n %T+ %l\n" | sort) >hd.lst
cmp s.lst hd.lst && echo host-sees-same'
}

case_ls_l() {
	S='ls -l --time-style=full-iso lsdir
ls -ln --time-style=+%Y%m%d%H%M%S lsdir
ls -la --time-style=long-iso lsdir | tail -n +2 | awk "{ print \$1, \$3, \$5, \$NF }"
ls -1 lsdir; ls -R lsdir; ls -S lsdir; ls -t lsdir; ls -F lsdir; ls -r lsdir
ls -ld lsdir/sub | cut -c1-10
ls -l --time-style=full-iso lsdir/link lsdir/nonexistent 2>/dev/null; echo "status=$?"
ls -s --block-size=1 lsdir/big'
	SETUP='mkdir -p lsdir/sub
head -c 12345 "$DATA/data.bin" >lsdir/big
printf "a\n" >lsdir/small
: >lsdir/empty
printf "#!/bin/sh\n" >lsdir/script
mkfifo lsdir/fifo
ln -s big lsdir/link
chmod 600 lsdir/big; chmod 755 lsdir/script; chmod 1777 lsdir/sub
touch -d "2020-01-02 03:04:05.123456789" lsdir/big
touch -d "2019-01-02 03:04:05" lsdir/small lsdir/empty lsdir/script lsdir/fifo
touch -h -d "2018-01-02 03:04:05" lsdir/link
touch -d "2017-01-02 03:04:05" lsdir/sub lsdir'
}

case_grep() {
	S='grep -c e words.txt
grep -E "^[a-c]+x" words.txt | head -n 5
grep -i -o "AB[cd]" words.txt | sort | uniq -c
grep -v e words.txt | wc -l
grep -n -w abc words.txt | head -n 5
grep -r -l abc tree | sort
grep -P "(\w)\1\1" words.txt | wc -l
grep -F -f pats.txt words.txt | wc -l
grep -q zzzzzzzzz words.txt; echo "q=$?"
grep -q abc nonexistent 2>/dev/null; echo "missing=$?"
grep -c "" data.bin
grep -a -c "a" data.bin
grep -E -o "[0-9]+" csv.txt | sort -n | tail -n 1
grep -m 3 -B1 -A1 ab words.txt
LC_ALL=C.UTF-8 grep -c "é" utf8.txt
grep -z -c a words.txt'
	SETUP="$tree_setup"'
cp "$DATA/words.txt" "$DATA/data.bin" "$DATA/csv.txt" .
printf "abc\nxyz\nqq\n" >pats.txt
printf "caf\303\251\nna\303\257ve\n\303\251t\303\251\n" >utf8.txt'
}

case_sed() {
	S='sed -n "1~1000p" words.txt | sha256sum
sed -E "s/([a-z])([a-z])/\2\1/g" words.txt | sha256sum
sed "/^a/d; s/e/E/2" words.txt | tail -n 3
sed -n "\$=" words.txt
cp words.txt w2; sed -i.bak "s/a/A/g" w2; cmp -s w2 w2.bak || echo changed; grep -c A w2
stat -c %a w2
printf "x\ny\nz\n" | sed "2i\\
inserted"
printf "x\ny\nz\n" | sed = | sed "N;s/\n/ /"
printf "1\n2\n3\n4\n" | sed -n "2,3p;\$p"
printf "a b c\n" | sed "y/abc/xyz/"
printf "l1\nl2\n" | sed -z "s/\n/,/g"; echo
sed -f script.sed words.txt | sha256sum
sed "s/x/y/w written" words.txt >/dev/null; wc -l <written'
	SETUP='cp "$DATA/words.txt" .; chmod 640 words.txt
printf "s/^\\(.\\)/[\\1]/\n/q/d\n" >script.sed'
}

case_gawk() {
	S='gawk "{ n[substr(\$1, 1, 1)]++ } END { PROCINFO[\"sorted_in\"] = \"@ind_str_asc\"; for (k in n) print k, n[k] }" words.txt
gawk "BEGIN { printf \"%.10f %e %d %s %.17g\n\", atan2(0, -1), exp(1), 2^53, 0.1 + 0.2, 1/3; print sqrt(2), log(10), sin(1), int(-3.7), 2^0.5, -0 }"
gawk -F, "{ s[\$1] += \$2 } END { for (k in s) t += s[k]; print t, length(s) }" csv.txt
gawk "{ print toupper(\$0) }" words.txt | sha256sum
gawk "BEGIN { print strftime(\"%Y-%m-%d %H:%M:%S\", 1000000000, 1); print mktime(\"2020 02 29 12 00 00\") }"
gawk "{ \$0 = gensub(/(.)(.)/, \"\\\\2\\\\1\", \"g\"); print }" words.txt | sha256sum
gawk "BEGIN { while ((\"seq 3\" | getline l) > 0) print \"got\", l; close(\"seq 3\"); print \"piped\" | \"cat\"; close(\"cat\"); r = system(\"exit 3\"); print \"sys=\" r }"
gawk -M "BEGIN { print 2^100, 100 % 7 }"
gawk "BEGIN { x = sprintf(\"%c%c\", 65, 66); print x, length(\"héllo\"), index(\"hello\", \"ll\"), split(\"a:b:c\", a, \":\"), a[3] }"
gawk "NR % 10000 == 0 { print NR, \$0, length }" words.txt
gawk "BEGIN { printf \"%s\n\", 1e300 * 1e300; printf \"%d %i %5.2f|%-5s|%x\n\", -7.9, 3, 3.14159, \"ab\", 255 }"
gawk "BEGIN { srand(42); a = rand(); srand(42); b = rand(); print (a == b), (a >= 0 && a < 1) }"
seq 1 100000 | gawk "{ s += \$1 * \$1 } END { printf \"%.0f\n\", s }"'
	SETUP='cp "$DATA/words.txt" "$DATA/csv.txt" .'
}

case_sqlite3() {
	S='sqlite3 db.sqlite <ins.sql && echo inserted
sqlite3 db.sqlite "select count(*), sum(a), min(b), max(b) from t;"
sqlite3 db.sqlite "select b, count(*), sum(a) from t group by b order by b limit 5;"
sqlite3 db.sqlite "create index ia on t(a); select id from t where a between 100 and 110 order by id;"
sqlite3 db.sqlite "select printf(\"%.4f %.4f\", avg(c), sum(c)) from t;"
sqlite3 db.sqlite "select group_concat(id) from (select id from t order by a desc, id limit 5);"
sqlite3 db.sqlite "pragma integrity_check;"
sqlite3 db.sqlite "with recursive r(x) as (select 1 union all select x + 1 from r where x < 1000) select sum(x * x) from r;"
sqlite3 -csv db.sqlite "select id, a, b from t where id % 20000 = 0;"
sqlite3 db.sqlite "begin; update t set a = a + 1 where id % 2 = 0; delete from t where id % 3 = 0; commit; vacuum; select count(*), sum(a) from t;"
sqlite3 db.sqlite "select count(*) from t t1 join t t2 on t1.a = t2.id where t1.id < 1000;"
sqlite3 db.sqlite "select b from t where b like \"k1%\" group by b having count(*) > 1000 order by b;"
sqlite3 db.sqlite "insert into t(a, b, c) values(1, 2);" 2>/dev/null; echo "error=$?"
sqlite3 :memory: "select length(hex(randomblob(16))), abs(-5), upper(\"x\"), 7 / 2, 7 % 3, round(2.5);"'
	SETUP='gawk "BEGIN {
	print \"create table t(id integer primary key, a integer, b text, c real);\"
	print \"begin;\"
	for (i = 1; i <= 100000; i++)
		printf \"insert into t(a, b, c) values(%d, \\x27k%d\\x27, %d.25);\n\", (i * 7919) % 100003, i % 97, i % 1000
	print \"commit;\"
}" >ins.sql'
	CHECK='sqlite3 db.sqlite "pragma integrity_check; select count(*), sum(a) from t;"'
	NEEDS="sqlite3"
}

case_sqlite3_wal() {
	# WAL mode maps the -shm file shared; two processes use the same db
	S='sqlite3 w.db "pragma journal_mode=wal; create table t(x); insert into t values(1), (2);"
sqlite3 w.db "insert into t select x + 2 from t; select count(*), sum(x) from t;"
(sqlite3 w.db "begin; insert into t values(100); select count(*) from t;"; sqlite3 w.db "select count(*) from t;")
sqlite3 w.db "pragma wal_checkpoint(truncate);" >/dev/null; sqlite3 w.db "pragma journal_mode; select sum(x) from t;"'
	CHECK='sqlite3 w.db "pragma integrity_check; select sum(x) from t;"'
	NEEDS="sqlite3"
}

case_python3_json() {
	S='python3 - <<"EOF"
import json, hashlib
with open("doc.json") as f:
    d = json.load(f)
print(len(d["items"]), d["meta"]["name"])
s = json.dumps(d, sort_keys=True, indent=1)
print(hashlib.sha256(s.encode()).hexdigest())
print(json.dumps([0.1, 1e300, -0.0, 3.141592653589793, 2**64, "\u00e9\u2603", None, True, 1.5e-7]))
print(json.dumps(json.loads("{\"a\": [1, 2, {\"b\": null}], \"c\": \"\\u00e9\"}"), ensure_ascii=False))
x = [{"i": i, "f": i / 7, "s": str(i) * 3} for i in range(20000)]
t = json.dumps(x)
print(len(t), hashlib.md5(t.encode()).hexdigest(), json.loads(t) == x)
try:
    json.loads("{bad")
except json.JSONDecodeError as e:
    print("error at", e.pos)
with open("out.json", "w") as f:
    json.dump(d["meta"], f, sort_keys=True)
EOF'
	SETUP='python3 -c "
import json
d = {\"meta\": {\"name\": \"warp\", \"v\": [1, 2.5, None]}, \"items\": [{\"k\": i, \"v\": i * 0.1, \"t\": \"x\" * (i % 7)} for i in range(5000)]}
json.dump(d, open(\"doc.json\", \"w\"))"'
	CHECK='cat out.json; echo'
	NEEDS="python3"
}

case_python3_hashlib() {
	S='python3 - <<"EOF"
import hashlib, hmac, zlib
data = open("data.bin", "rb").read()
for n in ("md5", "sha1", "sha224", "sha256", "sha384", "sha512", "sha3_256", "blake2b", "blake2s"):
    print(n, hashlib.new(n, data).hexdigest())
h = hashlib.sha256()
with open("data.bin", "rb") as f:
    for chunk in iter(lambda: f.read(65536), b""):
        h.update(chunk)
print("chunked", h.hexdigest())
print("shake", hashlib.shake_128(data).hexdigest(16))
print("pbkdf2", hashlib.pbkdf2_hmac("sha256", b"pw", b"salt", 1000).hex())
print("hmac", hmac.new(b"k", data, "sha256").hexdigest())
print("crc32", zlib.crc32(data), "adler", zlib.adler32(data))
c = zlib.compress(data[:1000000], 9)
print("zlib-roundtrip", zlib.decompress(c) == data[:1000000])
EOF
sha256sum data.bin'
	SETUP='cp "$DATA/data.bin" .'
	CHECK='sha256sum data.bin; md5sum data.bin'
	NEEDS="python3"
}

case_python3_subprocess() {
	S='python3 - <<"EOF"
import subprocess, os, sys
r = subprocess.run(["sh", "-c", "echo out; echo err >&2; exit 3"], capture_output=True, text=True)
print(r.returncode, repr(r.stdout), repr(r.stderr))
p = subprocess.Popen(["sort", "-r"], stdin=subprocess.PIPE, stdout=subprocess.PIPE)
out, _ = p.communicate(b"a\nc\nb\n")
print(out, p.returncode)
print(subprocess.check_output("seq 5 | tr \"\\n\" \" \"", shell=True))
p1 = subprocess.Popen(["seq", "1000"], stdout=subprocess.PIPE)
p2 = subprocess.Popen(["wc", "-l"], stdin=p1.stdout, stdout=subprocess.PIPE)
p1.stdout.close()
print(p2.communicate()[0].strip(), p1.wait())
try:
    subprocess.run(["/nonexistent/prog"])
except FileNotFoundError as e:
    print("ENOENT", e.errno)
try:
    subprocess.run(["sleep", "5"], timeout=0.5)
except subprocess.TimeoutExpired:
    print("timeout")
r = subprocess.run([sys.executable, "-c", "import sys; print(sys.argv[1:]); sys.exit(4)", "x", "y z"], capture_output=True, text=True)
print(r.stdout.strip(), r.returncode)
e = subprocess.run(["env"], env={"A": "1", "PATH": "/usr/bin:/bin"}, capture_output=True, text=True).stdout
print(sorted(e.split()))
print(subprocess.run(["pwd"], cwd="/usr", capture_output=True, text=True).stdout.strip())
pid = os.fork()
if pid == 0:
    os._exit(7)
print("fork", os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1]))
print("system", os.waitstatus_to_exitcode(os.system("exit 2")))
p = subprocess.Popen(["sleep", "10"])
p.terminate()
print("terminated", p.wait())
r, w = os.pipe()
p = subprocess.Popen(["cat"], stdin=r, stdout=subprocess.PIPE, pass_fds=())
os.close(r); os.write(w, b"via pipe fd"); os.close(w)
print(p.communicate()[0])
EOF'
	NEEDS="python3"
}

case_python3_socket() {
	S='python3 - <<"EOF"
import socket, os, hashlib, select
data = open("data.bin", "rb").read()
srv = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
srv.bind(("127.0.0.1", 0))
srv.listen(4)
port = srv.getsockname()[1]
pid = os.fork()
if pid == 0:
    srv.close()
    c = socket.create_connection(("127.0.0.1", port))
    c.sendall(data)
    c.shutdown(socket.SHUT_WR)
    reply = b""
    while True:
        b = c.recv(4096)
        if not b:
            break
        reply += b
    os._exit(0 if reply == hashlib.sha256(data).hexdigest().encode() else 1)
conn, addr = srv.accept()
print("peer", addr[0], conn.getsockname()[1] == port)
h = hashlib.sha256()
n = 0
while True:
    b = conn.recv(65536)
    if not b:
        break
    h.update(b)
    n += len(b)
conn.sendall(h.hexdigest().encode())
conn.close()
print("tcp", n, h.hexdigest(), "child", os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1]))
u1 = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
u1.bind(("127.0.0.1", 0))
u2 = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
u2.bind(("127.0.0.1", 0))
u1.sendto(b"ping" * 100, u2.getsockname())
m, a = u2.recvfrom(1000)
print("udp", len(m), a == u1.getsockname())
a, b = socket.socketpair()
a.setblocking(False)
print("empty", select.select([a], [], [], 0)[0] == [])
b.send(b"xyz")
print("ready", select.select([a], [], [], 1)[0] == [a], a.recv(10))
try:
    a.recv(10)
except BlockingIOError:
    print("EAGAIN")
us = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
us.bind("sock")
us.listen(1)
uc = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
uc.connect("sock")
ua, _ = us.accept()
uc.sendall(b"hello unix")
print("unix", ua.recv(100), os.path.exists("sock"))
r, w = os.pipe()
socket.send_fds(uc, [b"fd"], [r])
msg, fds, flags, addr = socket.recv_fds(ua, 10, 1)
os.write(w, b"through a passed fd")
print("scm_rights", msg, len(fds), os.read(fds[0], 100))
print("getaddrinfo", socket.getaddrinfo("127.0.0.1", 80, socket.AF_INET, socket.SOCK_STREAM)[0][4])
print("hostname", socket.gethostname() == open("/proc/sys/kernel/hostname").read().strip())
s = socket.socket()
s.settimeout(0.2)
try:
    s.connect(("127.0.0.1", port))
except ConnectionRefusedError:
    print("refused")
srv.close()
EOF'
	SETUP='cp "$DATA/data.bin" .'
	NEEDS="python3"
}

case_python3_tempfile() {
	S='python3 - <<"EOF"
import tempfile, os, stat
print(tempfile.gettempdir() == os.environ["TMPDIR"])
fd, p = tempfile.mkstemp(suffix=".x")
os.write(fd, b"abc")
os.close(fd)
print(oct(stat.S_IMODE(os.stat(p).st_mode)), p.endswith(".x"), os.path.dirname(p) == os.environ["TMPDIR"], os.path.getsize(p))
os.unlink(p)
with tempfile.TemporaryDirectory() as d:
    with open(os.path.join(d, "f"), "w") as f:
        f.write("x")
    os.mkdir(os.path.join(d, "sub"))
    keep = d
    print(oct(stat.S_IMODE(os.stat(d).st_mode)), sorted(os.listdir(d)))
print("removed", not os.path.exists(keep))
with tempfile.NamedTemporaryFile("w+") as f:
    f.write("hello")
    f.flush()
    f.seek(0)
    print(f.read(), os.path.exists(f.name))
    name = f.name
print("deleted", not os.path.exists(name))
with tempfile.SpooledTemporaryFile(max_size=10) as f:
    f.write(b"x" * 100)
    print("rolled", f._rolled)
with tempfile.TemporaryFile() as f:
    f.write(b"anonymous")
    f.seek(0)
    print(f.read())
print("left", os.listdir(os.environ["TMPDIR"]))
EOF'
	NEEDS="python3"
}

case_python3_walk() {
	S='python3 - <<"EOF"
import os, shutil, glob
for root, dirs, files in os.walk("tree"):
    dirs.sort()
    print(root, dirs, sorted(files))
print(sum(os.path.getsize(os.path.join(r, f)) for r, d, fs in os.walk("tree") for f in fs))
for e in sorted(os.scandir("tree"), key=lambda e: e.name):
    print(e.name, e.is_dir(), e.is_symlink(), e.is_file(), e.stat(follow_symlinks=False).st_size if not e.is_symlink() else "-")
print(list(os.walk("tree", topdown=False))[-1][0])
print(len(list(os.walk("tree", followlinks=True))))
shutil.copytree("tree", "copy", symlinks=True)
print(sorted(os.listdir("copy")), os.readlink("copy/link"))
shutil.rmtree("copy")
print(os.path.exists("copy"))
print(sorted(glob.glob("tree/**/*.txt", recursive=True)))
print(os.path.relpath(os.path.realpath("tree/d/link")))
st = os.stat("tree/a/one.txt")
print(int(st.st_mtime), oct(st.st_mode), st.st_size, st.st_nlink)
EOF'
	SETUP=$tree_setup
	NEEDS="python3"
}

# --- the sysroot ---------------------------------------------------------------
mkdir -p "$bdir/run" || { echo "1..1"; echo "not ok 1 - cannot create $bdir"; exit 0; }
# one run at a time per build directory: the inputs and run directories
# are shared
exec 8>"$bdir/.lock" && flock 8

sysroot_err=$bdir/make-sysroot.log
ROOT=$("$sdir/make-sysroot.sh" 2>"$sysroot_err")
sysroot_status=$?

backend_list=$(echo $BACKENDS)
n_total=0
for c in $cases; do for b in $backend_list; do n_total=$((n_total + 1)); done; done
echo "1..$n_total"

if [ $sysroot_status -ne 0 ]; then
	why=$(grep -v '^ ' "$sysroot_err" | tail -n 1 | sed 's/^make-sysroot: //')
	num=0
	for c in $cases; do
		for b in $backend_list; do
			num=$((num + 1))
			if [ $sysroot_status -eq 77 ]; then
				echo "ok $num - sysroot.$c [$b] # SKIP ${why:-archive unreachable}"
			else
				echo "not ok $num - sysroot.$c [$b]: no sysroot: $why"
			fi
		done
	done
	[ $sysroot_status -eq 77 ] || sed 's/^/# /' "$sysroot_err" | tail -n 20
	exit 0
fi

# --- shared inputs (made fresh each run, by the host) -------------------------
DATA=$bdir/data
rm -rf "$DATA"; mkdir -p "$DATA"
export DATA ROOT
head -c 8388608 /dev/urandom >"$DATA/data.bin"
gawk 'BEGIN {
	srand(7)
	for (i = 0; i < 100000; i++) {
		n = 3 + int(rand() * 10); w = ""
		for (j = 0; j < n; j++) w = w sprintf("%c", 97 + int(rand() * 26))
		if (rand() < 0.1) w = w int(rand() * 1000)
		print w
	}
}' >"$DATA/words.txt"
gawk 'BEGIN { srand(11); for (i = 0; i < 50000; i++) printf "%d\n", int(rand() * 2000000) - 1000000 }' >"$DATA/nums.txt"
gawk 'BEGIN { srand(13); for (i = 0; i < 30000; i++) printf "k%d,%d\n", int(rand() * 500), int(rand() * 100000) }' >"$DATA/csv.txt"

# the dynamic hello (Debian 12 cross compiler, linked against its glibc)
CDYN=$bdir/cdyn
if command -v "$RISCV64_CC" >/dev/null 2>&1; then
	if [ ! -x "$CDYN" ] || [ "$0" -nt "$CDYN" ]; then
		cat >"$bdir/cdyn.c" <<'EOF'
#include <stdio.h>
#include <sys/utsname.h>
int main(void)
{
	struct utsname u;
	if (uname(&u) != 0)
		return 1;
	printf("dynamic hello %d %s\n", 42, u.machine);
	return 0;
}
EOF
		"$RISCV64_CC" -O2 -o "$CDYN" "$bdir/cdyn.c" 2>"$bdir/cdyn.log" || rm -f "$CDYN"
	fi
fi

# qemu-riscv64 wrappers for every riscv64 program of the sysroot's
# /usr/bin (qemu execs a guest's children as host programs)
QWRAP=$bdir/qemu-wrap
case " $BACKENDS " in
*" qemu "*)
	rm -rf "$QWRAP"; mkdir -p "$QWRAP"
	for f in "$ROOT"/usr/bin/*; do
		t=$(readlink -f "$f")
		case $t in "$ROOT"/*) ;; *) t=$ROOT${t#"$ROOT"} ;; esac
		[ -f "$t" ] && [ "$(head -c 4 "$t" | od -An -c | tr -d ' ')" = '177ELF' ] || continue
		printf '#!/bin/sh\nexec qemu-riscv64 -L "%s" "%s" "$@"\n' "$ROOT" "$t" >"$QWRAP/${f##*/}"
		chmod +x "$QWRAP/${f##*/}"
	done ;;
esac

# --- running one case -----------------------------------------------------------
# no /usr/local/bin: the sysroot has none, so the guest would find the
# host's programs there (run natively) before the sysroot's in /usr/bin
base_env=(env -i PATH=/usr/bin:/bin LC_ALL=C LANG=C TZ=UTC TERM=dumb)

load_case() {
	S='' EXPECT='' CHECK='' SETUP='' NEEDS='' ENVMODE=opt CMD=() STDERR_OK=0
	unset EXPECT
	"case_$1"
}

# run_case NAME MODE: MODE is host, jit, interp or qemu; results in
# $bdir/run/NAME.MODE.{out,err,status,check}
run_case() {
	local n=$1 mode=$2 r="$bdir/run/$1.$2" d
	exec 8>&-	# (runs in a subshell) no stray child keeps the lock
	load_case "$n"
	d=$r.d
	rm -rf "$d" "$r".*; mkdir -p "$d/tmp"
	if [ -n "$SETUP" ]; then
		(cd "$d" && "${base_env[@]}" DATA="$DATA" HOME="$d" TMPDIR="$d/tmp" bash -e -c "$SETUP") \
			>"$r.setup" 2>&1 || { echo setup >"$r.status"; return; }
	fi
	local -a pre=() prog=() envx=()
	case $mode in
	host) ;;
	qemu)
		pre=(qemu-riscv64 -L "$ROOT")
		envx=(PATH="$QWRAP:/usr/bin:/bin") ;;
	*) pre=("$WARP" "--backend=$mode" -L "$ROOT") ;;
	esac
	if [ ${#CMD[@]} -gt 0 ]; then
		prog=("${CMD[@]}")
		if [ "${prog[0]}" = @cdyn ]; then
			prog[0]=$CDYN
		elif [ "$mode" != host ]; then
			prog[0]=$ROOT${prog[0]}
		fi
	else
		if [ "$mode" = host ]; then prog=(bash -c "$S"); else prog=("$ROOT/usr/bin/bash" -c "$S"); fi
	fi
	if [ "$mode" != host ] && [ "$ENVMODE" != opt ]; then
		# drop "-L ROOT" and say it another way (or not at all)
		unset 'pre[-1]' 'pre[-1]'
		case $ENVMODE in
		env) if [ "$mode" = qemu ]; then envx+=(QEMU_LD_PREFIX="$ROOT"); else envx+=(WARP_SYSROOT="$ROOT"); fi ;;
		qemu_env) envx+=(QEMU_LD_PREFIX="$ROOT") ;;
		esac
	fi
	(
		cd "$d" || exit 1
		"${base_env[@]}" HOME="$d" TMPDIR="$d/tmp" "${envx[@]}" \
			timeout -k 5 "$TIMEOUT" "${pre[@]}" "${prog[@]}" >"$r.out" 2>"$r.err" </dev/null
		echo $? >"$r.status"
	) 2>/dev/null
	[ -s "$r.status" ] || echo 255 >"$r.status"
	if [ -n "$CHECK" ]; then
		(cd "$d" && "${base_env[@]}" HOME="$d" TMPDIR="$d/tmp" bash -c "$CHECK") >"$r.check" 2>&1
	fi
}

throttle() {
	while [ "$(jobs -rp | wc -l)" -ge "$JOBS" ]; do wait -n 2>/dev/null || sleep 0.1; done
}

# host commands a case needs (HOST mode or CHECK), or "" if all present
missing_host() {
	local c m=""
	load_case "$1"
	for c in $NEEDS; do command -v "$c" >/dev/null 2>&1 || m="$m $c"; done
	echo "${m# }"
}

warp_ok=yes
[ -x "$WARP" ] || warp_ok=no

for c in $cases; do
	declare -F "case_$c" >/dev/null || continue
	load_case "$c"
	if [ "${EXPECT+set}" != set ] && [ -z "$(missing_host "$c")" ]; then
		throttle
		run_case "$c" host &
	fi
	for b in $backend_list; do
		[ "$b" = qemu ] || [ $warp_ok = yes ] || continue
		throttle
		run_case "$c" "$b" &
	done
done
wait

# --- report ----------------------------------------------------------------------
known_reason() {
	[ -f "$known" ] || return 1
	local name rest
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

num=0
report() {	# report NAME BACKEND ok|no|skip REASON [DIAGFILE]
	local n="sysroot.$1" cfg=$2 ok=$3 reason=$4 dfile=${5:-} kr
	num=$((num + 1))
	if [ "$ok" = skip ]; then
		echo "ok $num - $n [$cfg] # SKIP $reason"
		return
	fi
	if kr=$(known_reason "$n" "$cfg"); then
		if [ "$ok" = yes ]; then
			echo "ok $num - $n [$cfg] # TODO known failure passes now: remove it from tests/known-failures.txt ($kr)"
		else
			echo "not ok $num - $n [$cfg]: $reason # TODO $kr"
		fi
	elif [ "$ok" = yes ]; then
		echo "ok $num - $n [$cfg]"
	else
		echo "not ok $num - $n [$cfg]: $reason"
	fi
	if [ "$ok" = no ] && [ -n "$dfile" ] && [ -s "$dfile" ]; then
		sed 's/^/# /' "$dfile"
	fi
}

signame() {
	local s=$1
	case $s in ''|*[!0-9]*) echo "$s"; return ;; esac
	if [ "$s" -eq 124 ]; then echo "timed out after ${TIMEOUT}s"; return; fi
	if [ "$s" -eq 137 ]; then echo "killed after timeout"; return; fi
	if [ "$s" -gt 128 ] && [ "$s" -le 192 ]; then echo "exit status $s (signal $(kill -l $((s - 128)) 2>/dev/null || echo $((s - 128))))"; return; fi
	echo "exit status $s"
}

# the compared result of a run: stdout, exit status, CHECK output
result() {	# result RUNPREFIX
	cat "$1.out" 2>/dev/null
	echo "--- exit status $(cat "$1.status" 2>/dev/null)"
	if [ -e "$1.check" ]; then
		echo "--- host check:"
		cat "$1.check"
	fi
}

tmpd=$bdir/run/.diag.$$
for c in $cases; do
	if ! declare -F "case_$c" >/dev/null; then
		for b in $backend_list; do report "$c" "$b" no "no such case"; done
		continue
	fi
	load_case "$c"
	h=$bdir/run/$c.host
	exp=$bdir/run/$c.expected
	host_bad=
	miss=$(missing_host "$c")
	if [ "${EXPECT+set}" = set ]; then
		{ printf '%s\n' "$EXPECT"; echo "--- exit status 0"; } >"$exp"
	elif [ -n "$miss" ]; then
		:
	elif [ "$(cat "$h.status" 2>/dev/null)" = setup ]; then
		host_bad="setup failed on the host (test bug)"
		cp "$h.setup" "$tmpd"
	else
		result "$h" >"$exp"
		if [ -s "$h.err" ] && [ "$STDERR_OK" = 0 ]; then
			# the host's own run must be clean, or the case is wrong
			host_bad="the host's run of the script wrote to stderr (test bug)"
			head -n 10 "$h.err" >"$tmpd"
		fi
	fi
	for b in $backend_list; do
		r=$bdir/run/$c.$b
		if [ -n "$miss" ]; then
			report "$c" "$b" skip "host lacks $miss (apt-get install $miss)"
			continue
		fi
		if [ -n "$host_bad" ]; then
			report "$c" "$b" no "$host_bad" "$tmpd"
			continue
		fi
		if [ "$b" != qemu ] && [ $warp_ok = no ]; then
			report "$c" "$b" no "warp binary '$WARP' not found or not executable"
			continue
		fi
		if [ ${#CMD[@]} -gt 0 ] && [ "${CMD[0]}" = @cdyn ] && [ ! -x "$CDYN" ]; then
			report "$c" "$b" skip "no riscv64 cross compiler ($RISCV64_CC) for the dynamic hello"
			continue
		fi
		st=$(cat "$r.status" 2>/dev/null)
		if [ "$st" = setup ]; then
			cp "$r.setup" "$tmpd"
			report "$c" "$b" no "setup failed" "$tmpd"
			continue
		fi
		result "$r" >"$r.result"
		if cmp -s "$exp" "$r.result"; then
			report "$c" "$b" yes ""
			rm -rf "$r.d"
		else
			{
				diff -u --label expected --label "$b" "$exp" "$r.result" | head -n 40
				if [ -s "$r.err" ]; then
					echo "stderr:"
					head -n 15 "$r.err"
				fi
				echo "(work directory kept: $r.d)"
			} >"$tmpd"
			report "$c" "$b" no "$(signame "$st"); output differs from expected" "$tmpd"
		fi
	done
	rm -rf "$h.d"
done
rm -f "$tmpd"
exit 0
