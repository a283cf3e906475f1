#!/bin/sh
# tests/bad/run.sh - warp on bad input: a bad command line, missing or
# unreadable files, files that are not ELF, and ELF files that are
# truncated, for another machine, or hostile.  Each case checks the exact
# exit status, that stderr is exactly one line starting "warp: WHAT: "
# and holding the expected reason, that stdout is empty, and that warp
# did not die of a signal.  TAP output (plan at the end).
#
# The inputs are made here: a tiny riscv64 ELF is written byte by byte
# (it exits with status 42, the control case) and then corrupted one field
# at a time; real programs from riscv64-linux-gnu-gcc add truncated,
# dynamic and relocatable files when the cross compiler is installed.
#
# Environment: WARP (the warp binary; default ./warp).

WARP=${WARP:-./warp}
n=0
failed=0

work=$(mktemp -d "${TMPDIR:-/tmp}/warp-bad.XXXXXX") || exit 1
trap 'rm -rf "$work"' EXIT INT TERM
chmod 755 "$work"

ok() { n=$((n + 1)); echo "ok $n - $*"; }
not_ok() { n=$((n + 1)); failed=$((failed + 1)); echo "not ok $n - $*"; }
skip() { n=$((n + 1)); echo "ok $n # SKIP $*"; }

# run DESC STATUS PREFIX TEXT COMMAND...: COMMAND must exit with STATUS,
# print nothing on stdout and one line on stderr that starts with PREFIX
# and contains TEXT.
run() {
	desc=$1 want=$2 prefix=$3 text=$4
	shift 4
	"$@" >"$work/out" 2>"$work/err" </dev/null
	st=$?
	why=""
	if [ "$st" -gt 128 ] && [ "$want" -le 128 ]; then
		why="died of signal $((st - 128))"
	elif [ "$st" -ne "$want" ]; then
		why="exit status $st, expected $want"
	elif [ -s "$work/out" ]; then
		why="wrote to stdout"
	elif [ "$(wc -l <"$work/err")" -ne 1 ]; then
		why="stderr has $(wc -l <"$work/err") lines, expected 1"
	else
		line=$(cat "$work/err")
		case $line in
		"$prefix"*) ;;
		*) why="stderr does not start with '$prefix'" ;;
		esac
		case $line in
		*"$text"*) ;;
		*) why="${why:+$why; }stderr lacks '$text'" ;;
		esac
	fi
	if [ -z "$why" ]; then
		ok "$desc"
	else
		not_ok "$desc: $why"
		sed 's/^/# stderr: /' "$work/err"
		sed 's/^/# stdout: /' "$work/out" | head -n 5
	fi
}

# bad FILE STATUS TEXT DESC: run warp on FILE, expect "warp: FILE: ...TEXT"
bad() {
	run "$4" "$2" "warp: $1: " "$3" "$WARP" "$1"
}

# put FILE OFFSET NBYTES VALUE: store VALUE little-endian (negative values
# give the two's complement, so -4096 is 0xfffffffffffff000).
put() {
	bytes="" i=0
	while [ $i -lt "$3" ]; do
		bytes="$bytes\\0$(printf %03o $((($4 >> (8 * i)) & 255)))"
		i=$((i + 1))
	done
	printf '%b' "$bytes" | dd of="$1" bs=1 seek="$2" conv=notrunc 2>/dev/null
}

# ---- a tiny riscv64 program, built byte by byte ----------------------
#
#   0x00  ELF header (64)      entry 0x100b0
#   0x40  phdr 0: PT_LOAD R+X  offset 0 -> 0x10000, 0xe1 bytes
#   0x78  phdr 1: PT_NULL      (the corruptions below turn it into more)
#   0xb0  li a0,42; li a7,93 (exit); ecall
#   0xc0  "/lib/ld-linux-riscv64-lp64d.so.1\0"
TINY_LEN=225
tiny() {
	f=$work/$1
	head -c $TINY_LEN /dev/zero >"$f"
	printf '\177ELF\002\001\001' | dd of="$f" conv=notrunc 2>/dev/null
	put "$f" 16 2 2            # e_type ET_EXEC
	put "$f" 18 2 243          # e_machine EM_RISCV
	put "$f" 20 4 1            # e_version
	put "$f" 24 8 $((0x100b0)) # e_entry
	put "$f" 32 8 64           # e_phoff
	put "$f" 48 4 5            # e_flags RVC | double-float
	put "$f" 52 2 64           # e_ehsize
	put "$f" 54 2 56           # e_phentsize
	put "$f" 56 2 2            # e_phnum
	ph "$f" 0 1 5 0 $((0x10000)) $TINY_LEN $TINY_LEN
	printf '\023\005\240\002\223\010\320\005\163\000\000\000' |
		dd of="$f" bs=1 seek=$((0xb0)) conv=notrunc 2>/dev/null
	printf '/lib/ld-linux-riscv64-lp64d.so.1' |
		dd of="$f" bs=1 seek=$((0xc0)) conv=notrunc 2>/dev/null
	echo "$f"
}

# ph FILE INDEX TYPE FLAGS OFFSET VADDR FILESZ MEMSZ
ph() {
	o=$((64 + 56 * $2))
	put "$1" $o 4 "$3"
	put "$1" $((o + 4)) 4 "$4"
	put "$1" $((o + 8)) 8 "$5"
	put "$1" $((o + 16)) 8 "$6"
	put "$1" $((o + 24)) 8 "$6"
	put "$1" $((o + 32)) 8 "$7"
	put "$1" $((o + 40)) 8 "$8"
	put "$1" $((o + 48)) 8 4096
}

# ---- the control: a valid program runs ----------------------------------
f=$(tiny ok)
"$WARP" "$f" >"$work/out" 2>"$work/err"
st=$?
if [ $st -eq 42 ] && [ ! -s "$work/out" ] && [ ! -s "$work/err" ]; then
	ok "control: the uncorrupted tiny program runs and exits 42"
else
	not_ok "control: the uncorrupted tiny program runs and exits 42 (got $st)"
	sed 's/^/# stderr: /' "$work/err" | head -n 5
fi

# ---- the command line ------------------------------------------------
run "no program" 1 "warp: usage: warp [OPTIONS] PROGRAM" "try warp --help" "$WARP"
run "unknown option" 1 "warp: -x: " "unknown option" "$WARP" -x "$f"
run "bad stack size" 1 "warp: -s: " "is not a size" "$WARP" -s 12q "$f"
run "bad log item" 1 "warp: -d: " "unknown log item 'nope'" "$WARP" -d in_asm,nope "$f"
run "bad backend" 1 "warp: --backend: " "unknown backend" "$WARP" --backend=tcg "$f"
run "bad CPU model" 1 "warp: -cpu: " "unknown CPU model" "$WARP" -cpu pentium "$f"
run "option without its value" 1 "warp: -L: " "needs a value" "$WARP" -L
run "bad WARP_STACK_SIZE" 1 "warp: WARP_STACK_SIZE: " "is not a size" \
	env WARP_STACK_SIZE=huge "$WARP" "$f"
run "bad QEMU_STACK_SIZE" 1 "warp: QEMU_STACK_SIZE: " "is not a size" \
	env QEMU_STACK_SIZE=1x "$WARP" "$f"
run "log file in a missing directory" 1 "warp: $work/no/dir/log: " \
	"cannot open log file" "$WARP" -D "$work/no/dir/log" "$f"

# ---- files that cannot be run ------------------------------------------
bad "$work/missing" 127 "No such file or directory" "missing file"
bad "$f/sub" 126 "Not a directory" "path through a file"
mkdir "$work/dir"
bad "$work/dir" 126 "Is a directory" "directory"
bad /dev/null 126 "not a regular file" "device file"
mkfifo "$work/fifo" 2>/dev/null && bad "$work/fifo" 126 "not a regular file" "FIFO"
cp "$f" "$work/noperm" && chmod 000 "$work/noperm"
if [ "$(id -u)" -ne 0 ]; then
	bad "$work/noperm" 126 "Permission denied" "unreadable file"
elif command -v setpriv >/dev/null 2>&1 &&
     setpriv --reuid=65534 --regid=65534 --clear-groups test -x "$WARP"; then
	run "unreadable file" 126 "warp: $work/noperm: " "Permission denied" \
		setpriv --reuid=65534 --regid=65534 --clear-groups "$WARP" "$work/noperm"
else
	skip "unreadable file (root, and cannot drop privileges to run $WARP)"
fi
: >"$work/empty"
bad "$work/empty" 126 "empty file, not an ELF file" "empty file"
echo "hello, world" >"$work/text"
bad "$work/text" 126 "not an ELF file" "text file"
printf '#!/bin/sh\necho hi\n' >"$work/script"
bad "$work/script" 126 "scripts are not supported yet" "shell script"
printf 'MZ\220\000\003' >"$work/pe"
bad "$work/pe" 126 "Windows (PE) program" "Windows program"
host=/usr/bin/env
case $(head -c 20 "$host" 2>/dev/null | od -An -tx1 | tr -d ' \n') in
7f454c4602*3e00*) bad "$host" 126 "ELF for x86-64, which warp does not emulate (supported: " \
	"host x86-64 program" ;;
*) skip "host program $host is not an x86-64 ELF file" ;;
esac

# ---- truncated --------------------------------------------------------
for len in 3 10 40 100 150; do
	head -c $len "$f" >"$work/trunc$len"
	bad "$work/trunc$len" 126 "truncated ELF file" "truncated to $len bytes"
done
head -c 200 "$f" >"$work/trunc200"
bad "$work/trunc200" 126 "truncated ELF file: segment 0 ends at byte 225, the file has 200 bytes" \
	"segment past the end of the file"

# ---- one corrupted field each ------------------------------------------
c() { g=$(tiny "$1"); shift; "$@"; }
c class32 put "$work/class32" 4 1 1
bad "$work/class32" 126 "ELF for 32-bit little-endian RISC-V, which warp does not emulate" "32-bit class"
c be put "$work/be" 5 1 2
put "$work/be" 16 2 $((0x0200))     # e_type ET_EXEC, big-endian
put "$work/be" 18 2 $((0xf300))     # e_machine EM_RISCV, big-endian
bad "$work/be" 126 "ELF for 64-bit big-endian RISC-V, which warp does not emulate" "big-endian byte order"
c bedata put "$work/bedata" 5 1 2
bad "$work/bedata" 126 "unknown ELF file type 512" "byte order flipped"
c badclass put "$work/badclass" 4 1 9
bad "$work/badclass" 126 "invalid ELF class 9" "invalid class"
c version put "$work/version" 6 1 0
bad "$work/version" 126 "unknown ELF version 0" "ELF version"
c rel put "$work/rel" 16 2 1
bad "$work/rel" 126 "relocatable object file" "ET_REL"
c core put "$work/core" 16 2 4
bad "$work/core" 126 "a core dump, not a program" "ET_CORE"
c x86 put "$work/x86" 18 2 62
bad "$work/x86" 126 "ELF for x86-64, which warp does not emulate" "x86-64 machine"
c ppc put "$work/ppc" 18 2 21
bad "$work/ppc" 126 "ELF for 64-bit PowerPC, which warp does not emulate" "PowerPC machine"
c nomachine put "$work/nomachine" 18 2 12345
bad "$work/nomachine" 126 "ELF for machine 12345, which warp does not emulate" "unknown machine"
c phentsize put "$work/phentsize" 54 2 55
bad "$work/phentsize" 126 "program header entry size 55 is wrong (expected 56)" "e_phentsize"
c phnum0 put "$work/phnum0" 56 2 0
bad "$work/phnum0" 126 "no program headers" "e_phnum 0"
c phnumhuge put "$work/phnumhuge" 56 2 65535
bad "$work/phnumhuge" 126 "too many program headers (65535)" "e_phnum 65535"
c phnum3 put "$work/phnum3" 56 2 3
bad "$work/phnum3" 126 "truncated ELF file: the program headers end at byte 232" "program headers past the end"
c phoff put "$work/phoff" 32 8 -16
bad "$work/phoff" 126 "truncated ELF file: the program headers end" "e_phoff near 2^64"
c filesz put "$work/filesz" $((64 + 40)) 8 100
bad "$work/filesz" 126 "file size 0xe1 is larger than memory size 0x64" "p_filesz > p_memsz"
c offset put "$work/offset" $((64 + 8)) 8 $((0x100000))
bad "$work/offset" 126 "truncated ELF file: segment 0 ends" "p_offset past the end"
c wrap put "$work/wrap" $((64 + 16)) 8 -4096
bad "$work/wrap" 126 "lies outside the guest address space" "p_vaddr + p_memsz wraps"
c high put "$work/high" $((64 + 16)) 8 $((0x800000000000))
bad "$work/high" 126 "lies outside the guest address space (0 to 0x800000000000)" "p_vaddr beyond 47 bits"
c misaligned put "$work/misaligned" $((64 + 16)) 8 $((0x10008))
bad "$work/misaligned" 126 "offset 0x0 and address 0x10008 differ modulo the page size 0x1000" "p_offset vs p_vaddr"
c noload put "$work/noload" 64 4 4
bad "$work/noload" 126 "no loadable segments (PT_LOAD)" "no PT_LOAD"
c entry0 put "$work/entry0" 24 8 0
bad "$work/entry0" 126 "entry point 0x0 is not inside an executable segment" "e_entry 0"
c overlap ph "$work/overlap" 1 1 6 0 $((0x10000)) 16 16
bad "$work/overlap" 126 "segments at 0x10000 and 0x10000 overlap" "overlapping PT_LOADs"
c overlap2 ph "$work/overlap2" 1 1 6 $((0x80)) $((0x10080)) 16 16
bad "$work/overlap2" 126 "segments at 0x10000 and 0x10080 overlap" "PT_LOAD inside another"
c nx ph "$work/nx" 0 1 4 0 $((0x10000)) $TINY_LEN $TINY_LEN
bad "$work/nx" 126 "is not inside an executable segment" "entry in a non-executable segment"
# a dynamic program whose interpreter the sysroot lacks
mkdir -p "$work/emptyroot"
c interp ph "$work/interp" 1 3 4 $((0xc0)) $((0x100c0)) 33 33
run "PT_INTERP, interpreter missing" 127 "warp: $work/interp: " \
	"needs the interpreter /lib/ld-linux-riscv64-lp64d.so.1, not found in $work/emptyroot (install libc6-riscv64-cross, or use -L DIR)" \
	"$WARP" -L "$work/emptyroot" "$work/interp"
# an interpreter that is not a riscv64 shared object
mkdir -p "$work/badroot/lib"
cp "$work/interp" "$work/badroot/lib/ld-linux-riscv64-lp64d.so.1"
run "PT_INTERP naming an executable" 126 "warp: $work/interp: " \
	"the interpreter is not a shared object (ET_DYN)" \
	"$WARP" -L "$work/badroot" "$work/interp"
printf 'not ELF\n' >"$work/badroot/lib/ld-linux-riscv64-lp64d.so.1"
run "PT_INTERP naming a text file" 126 "warp: $work/interp: " "not an ELF file" \
	"$WARP" -L "$work/badroot" "$work/interp"
run "-L naming a file" 1 "warp: $work/interp: " "cannot use as the sysroot" \
	"$WARP" -L "$work/interp" "$work/interp"
c badinterp ph "$work/badinterp" 1 3 4 $((0xc0)) $((0x100c0)) 10 10
bad "$work/badinterp" 126 "is not a NUL-terminated path" "PT_INTERP without NUL"
c interpeof ph "$work/interpeof" 1 3 4 $((0xc0)) $((0x100c0)) 4096 4096
bad "$work/interpeof" 126 "the interpreter path (program header 1) ends past the end of the file" \
	"PT_INTERP past the end"

# ---- random bytes behind an ELF header -------------------------------
i=0
while [ $i -lt 10 ]; do
	g=$(tiny "random$i")
	head -c 160 /dev/urandom | dd of="$g" bs=1 seek=16 conv=notrunc 2>/dev/null
	bad "$g" 126 "" "random header fields #$i"
	i=$((i + 1))
done

# ---- real programs from the cross compiler ---------------------------
CC=riscv64-linux-gnu-gcc
if command -v $CC >/dev/null 2>&1; then
	printf '#include <stdio.h>\nint main(void){puts("hi");return 0;}\n' >"$work/hello.c"
	$CC -static -O2 "$work/hello.c" -o "$work/hello"
	$CC -O2 "$work/hello.c" -o "$work/hello-dyn"
	$CC -O2 -c "$work/hello.c" -o "$work/hello.o"
	head -c 8192 "$work/hello" >"$work/hello-8k"
	bad "$work/hello-8k" 126 "truncated ELF file: segment" "static hello truncated to 8 KiB"
	head -c 64 "$work/hello" >"$work/hello-64"
	bad "$work/hello-64" 126 "truncated ELF file: the program headers end" "static hello truncated to its ELF header"
	run "dynamically linked hello, no interpreter" 127 "warp: $work/hello-dyn: " \
		"needs the interpreter /lib/ld-linux-riscv64-lp64d.so.1" \
		"$WARP" -L "$work/emptyroot" "$work/hello-dyn"
	bad "$work/hello.o" 126 "relocatable object file (.o), not a program" "object file"
else
	for d in "truncated static" "static header only" "dynamic" "object file"; do
		skip "$d: $CC is not installed"
	done
fi

echo "1..$n"
[ $failed -eq 0 ]
