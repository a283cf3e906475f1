#!/bin/bash
# bench/sysroot.sh: warp's benchmark on dynamic programs from a Debian
# riscv64 sysroot (issue 3).  Not a test: it measures, it never fails a
# build.  Same method as bench/run.sh (see RESULTS.md): runners
# interleaved in a rotating order, every run's output checked, minimum
# (or median) wall time over repetitions, a Markdown table.
#
# Workloads:
#   dynstart  tools/spawn fork+execs a dynamic hello 200 times: the guest's
#             ld.so loading libc.so.6 from the sysroot, relocation, libc
#             start-up, exit.  riscv64: riscv64-linux-gnu-gcc's dynamic
#             hello run with the sysroot's glibc; native: gcc's dynamic
#             hello with the host's glibc.
#   dynstart_cold  the same with warp's translation cache off (--cache
#             off): every block translated at every start.  Elsewhere warp
#             keeps translations in a cache private to the run
#             (BUILD-DIR/cache, emptied at start), as programs run again
#             see it.
#   xz        xz -9 -T1 of fixed data (text and binary mixed, --xz-mb MiB):
#             the sysroot's xz vs the host's.  Checked by decompressing
#             each run's output with the host's xz.
#   sqlite    sqlite3 :memory: running a fixed SQL script (--rows rows
#             inserted in a transaction, an index, aggregates, a join, a
#             recursive CTE): the sysroot's sqlite3 vs the host's.  Checked:
#             the query results equal the native run's.
#
# Runners: native (the host's programs: apt-get install xz-utils sqlite3),
# warp -L SYSROOT, qemu-riscv64 -L SYSROOT.  The sysroot comes from
# tests/sysroot/make-sysroot.sh (Debian trixie riscv64, cached; see there)
# unless --sysroot is given.
#
# Run it from a build directory: the default warp is ./warp.

set -u

src_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
top_dir=$(cd "$src_dir/.." && pwd)
orig_args=("$@")

WORKLOADS="
dynstart startup
dynstart_cold startup
xz compress
sqlite database
"

usage() {
	cat <<EOF
usage: $0 [OPTIONS]
  --warp PATH        warp binary (default: \$WARP, else ./warp)
  --warp-opt OPT     pass OPT to warp before the program (repeatable)
  --qemu PATH        qemu-user binary (default: qemu-riscv64)
  --sysroot DIR      riscv64 sysroot (default: tests/sysroot/make-sysroot.sh's)
  --build-dir DIR    where binaries, data and raw results go
                     (default: ./bench-build/sysroot)
  --reps N           repetitions per runner and workload (default 5)
  --quick            --reps 3 --xz-mb 1 --rows 50000 --count 50
  --count N          dynamic hello start-ups per dynstart run (default 200)
  --xz-mb N          MiB of data xz -9 compresses (default 4)
  --rows N           rows the sqlite workload inserts (default 200000)
  --stat min|median  statistic over repetitions (default min)
  --only LIST        comma-separated workloads (default: all)
  --runners LIST     comma-separated subset of native,warp,qemu
  --timeout SECONDS  per run (default 900)
  --out FILE         also write the Markdown report to FILE
  -h, --help         this text
workloads: $(echo $WORKLOADS | awk '{ for (i = 1; i <= NF; i += 2) printf "%s ", $i }')
EOF
}

die() {
	echo "sysroot.sh: $*" >&2
	exit 1
}

warp=${WARP:-./warp}
warp_opts=()
qemu='qemu-riscv64'
sysroot=
build_dir=$PWD/bench-build/sysroot
reps=5
count=200
xz_mb=4
rows=200000
stat=min
only=
runners_opt=native,warp,qemu
timeout=900
out_file=

while [ $# -gt 0 ]; do
	case $1 in
	--warp) warp=$2; shift ;;
	--warp=*) warp=${1#*=} ;;
	--warp-opt) warp_opts+=("$2"); shift ;;
	--warp-opt=*) warp_opts+=("${1#*=}") ;;
	--qemu) qemu=$2; shift ;;
	--qemu=*) qemu=${1#*=} ;;
	--sysroot) sysroot=$2; shift ;;
	--sysroot=*) sysroot=${1#*=} ;;
	--build-dir) build_dir=$2; shift ;;
	--build-dir=*) build_dir=${1#*=} ;;
	--reps) reps=$2; shift ;;
	--reps=*) reps=${1#*=} ;;
	--count) count=$2; shift ;;
	--count=*) count=${1#*=} ;;
	--xz-mb) xz_mb=$2; shift ;;
	--xz-mb=*) xz_mb=${1#*=} ;;
	--rows) rows=$2; shift ;;
	--rows=*) rows=${1#*=} ;;
	--quick) reps=3; xz_mb=1; rows=50000; count=50 ;;
	--stat) stat=$2; shift ;;
	--stat=*) stat=${1#*=} ;;
	--only) only=$2; shift ;;
	--only=*) only=${1#*=} ;;
	--runners) runners_opt=$2; shift ;;
	--runners=*) runners_opt=${1#*=} ;;
	--timeout) timeout=$2; shift ;;
	--timeout=*) timeout=${1#*=} ;;
	--out) out_file=$2; shift ;;
	--out=*) out_file=${1#*=} ;;
	-h|--help) usage; exit 0 ;;
	*) usage >&2; exit 2 ;;
	esac
	shift
done

for v in reps count xz_mb rows timeout; do
	case ${!v} in ''|*[!0-9]*|0) die "--${v//_/-} must be a positive integer" ;; esac
done
case $stat in median|min) ;; *) die "--stat must be median or min" ;; esac

class_of() { echo "$WORKLOADS" | awk -v w="$1" '$1 == w { print $2 }'; }
# issue 3's targets, as qemu/warp speedups
target_of() { case $1 in startup) echo 4 ;; *) echo 2 ;; esac; }

if [ -n "$only" ]; then
	selected=
	for w in ${only//,/ }; do
		[ -n "$(class_of "$w")" ] || die "unknown workload '$w'"
		selected="$selected $w"
	done
else
	selected=$(echo "$WORKLOADS" | awk 'NF { printf "%s ", $1 }')
fi
runners=
for r in ${runners_opt//,/ }; do
	case $r in
	native|warp|qemu) runners="$runners $r" ;;
	*) die "unknown runner '$r' (have: native warp qemu)" ;;
	esac
done

mkdir -p "$build_dir/out" || die "cannot create $build_dir"
build_dir=$(cd "$build_dir" && pwd)
[ -e "$warp" ] && warp=$(realpath "$warp")
qemu_path=$(command -v "$qemu" 2>/dev/null) || qemu_path=

# ---------------------------------------------------------------- sysroot

if [ -z "$sysroot" ]; then
	echo "sysroot: tests/sysroot/make-sysroot.sh" >&2
	sysroot=$("$top_dir/tests/sysroot/make-sysroot.sh") ||
		die "no sysroot (make-sysroot.sh failed; see above), pass --sysroot DIR"
fi
[ -x "$sysroot/usr/bin/xz" ] && [ -x "$sysroot/usr/bin/sqlite3" ] ||
	die "$sysroot lacks usr/bin/xz or usr/bin/sqlite3"
sysroot=$(cd "$sysroot" && pwd)

# ---------------------------------------------------------------- build

command -v gcc >/dev/null || die "gcc not found (apt-get install gcc)"
compile() {	# CC SRC OUT FLAGS...
	local cc=$1 src=$2 out=$3
	shift 3
	[ "$out" -nt "$src" ] && [ "$out" -nt "$src_dir/sysroot.sh" ] && return 0
	echo "  $cc $* $src -o $out" >&2
	"$cc" "$@" "$src" -o "$out" || die "building $src with $cc failed"
}
compile gcc "$src_dir/tools/timeit.c" "$build_dir/timeit" -O2 -Wall
compile gcc "$src_dir/tools/spawn.c" "$build_dir/spawn" -O2 -Wall
have_dyn=yes
compile gcc "$src_dir/src/hello.c" "$build_dir/hello.native" -O2
if command -v riscv64-linux-gnu-gcc >/dev/null; then
	compile riscv64-linux-gnu-gcc "$src_dir/src/hello.c" "$build_dir/hello.rv64" -O2
else
	echo "warning: riscv64-linux-gnu-gcc not found: no dynstart for warp/qemu" >&2
	have_dyn=no
fi

# ---------------------------------------------------------------- data
# fixed inputs, made again only when the parameters change

data=$build_dir/xzdata.$xz_mb
if [ ! -s "$data" ]; then
	# half English-like text, half incompressible-ish bytes from a fixed LCG
	LC_ALL=C gawk -v n=$((xz_mb * 524288)) 'BEGIN {
		srand(3); s = 0
		while (s < n) {
			w = ""; k = 2 + int(rand() * 9)
			for (j = 0; j < k; j++) w = w sprintf("%c", 97 + int(rand() * 26))
			printf "%s%s", w, (rand() < 0.1 ? "\n" : " "); s += k + 1
		}
	}' | head -c $((xz_mb * 524288)) >"$data.tmp"
	LC_ALL=C gawk -v n=$((xz_mb * 524288)) 'BEGIN {
		x = 12345
		for (i = 0; i < n; i++) { x = (x * 1103515245 + 12345) % 2147483648; printf "%c", int(x / 65536) % 256 }
	}' | head -c $((xz_mb * 524288)) >>"$data.tmp"
	mv "$data.tmp" "$data"
fi
sql=$build_dir/bench.$rows.sql
if [ ! -s "$sql" ]; then
	cat >"$sql.tmp" <<EOF
create table t(id integer primary key, a integer, b text, c integer);
begin;
with recursive r(i) as (select 1 union all select i + 1 from r where i < $rows)
insert into t(a, b, c) select (i * 7919) % 100003, 'k' || (i % 997), (i * 31) % 1000 from r;
commit;
create index ta on t(a);
create index tb on t(b);
select count(*), sum(a), sum(c), min(b), max(b) from t;
select b, count(*), sum(a) from t group by b order by sum(a) desc limit 5;
select count(*) from t x join t y on x.a = y.id where x.c < 500;
select sum(a) from t where a between 1000 and 60000;
select count(distinct c), sum(c) / count(*) from t where b like 'k1%';
update t set c = c + 1 where id % 3 = 0;
delete from t where id % 7 = 0;
select count(*), sum(c) from t;
select group_concat(id) from (select id from t order by a desc, id limit 10);
EOF
	mv "$sql.tmp" "$sql"
fi

# ---------------------------------------------------------------- run

declare -A status times note
for w in $selected; do
	for r in native warp qemu; do
		status["$w $r"]=ok; times["$w $r"]=; note["$w $r"]=
		case " $runners " in *" $r "*) ;; *) status["$w $r"]=skipped ;; esac
	done
	[ -n "$qemu_path" ] || status["$w qemu"]=missing
	[ -x "$warp" ] && [ ! -d "$warp" ] || status["$w warp"]=missing
	if [ "${w%_cold}" = dynstart ] && [ $have_dyn = no ]; then
		status["$w warp"]=missing; status["$w qemu"]=missing
	fi
	case $w in
	xz) command -v xz >/dev/null || status["$w native"]="missing (apt-get install xz-utils)" ;;
	sqlite) command -v sqlite3 >/dev/null || status["$w native"]="missing (apt-get install sqlite3)" ;;
	esac
done
[ -z "$qemu_path" ] && echo "warning: $qemu not found (apt-get install qemu-user); no qemu column" >&2
command -v xz >/dev/null ||
	echo "warning: the host has no xz: xz output is only compared between warp and qemu" >&2

# sets cmd to RUNNER's command line for WORKLOAD
runner_cmd() {
	local r=$1 w=$2
	local -a pre=()
	case $r in
	warp) pre=("$warp" "${warp_opts[@]}" -L "$sysroot")
	      [ "$w" = dynstart_cold ] && pre+=(--cache off) ;;
	qemu) pre=("$qemu_path" -L "$sysroot") ;;
	esac
	case $w in
	dynstart|dynstart_cold)
		if [ "$r" = native ]; then
			cmd=("$build_dir/spawn" "$count" "$build_dir/hello.native")
		else
			cmd=("$build_dir/spawn" "$count" "${pre[@]}" "$build_dir/hello.rv64")
		fi ;;
	xz)
		if [ "$r" = native ]; then
			cmd=(xz -9 -T1 -c "$data")
		else
			cmd=("${pre[@]}" "$sysroot/usr/bin/xz" -9 -T1 -c "$data")
		fi ;;
	sqlite)
		if [ "$r" = native ]; then
			cmd=(sqlite3 :memory: ".read $sql")
		else
			cmd=("${pre[@]}" "$sysroot/usr/bin/sqlite3" :memory: ".read $sql")
		fi ;;
	esac
}

# is OUT a correct result of WORKLOAD? (empty answer: yes; else why not)
check_output() {
	local w=$1 o=$2 ref
	ref=$build_dir/out/$1.ref
	case $w in
	xz)
		if command -v xz >/dev/null; then
			xz -dc "$o" 2>/dev/null | cmp -s - "$data" || echo "does not decompress to the input"
			return
		fi ;;
	esac
	if [ ! -e "$ref" ]; then
		cp "$o" "$ref"
	elif ! cmp -s "$o" "$ref"; then
		echo "output differs from the first run's"
	fi
}

raw=$build_dir/raw.tsv
printf 'rep\tworkload\trunner\twall\tuser\tsys\tmaxrss_kb\tstatus\n' >"$raw"
run_one() {
	local rep=$1 w=$2 r=$3 key="$2 $3"
	local o=$build_dir/out/$w.$r.out e=$build_dir/out/$w.$r.err res wall usr sys rss st why
	runner_cmd "$r" "$w"
	res=$(cd "$build_dir" && "$build_dir/timeit" -t "$timeout" -o "$o" -e "$e" -- "${cmd[@]}" </dev/null)
	read -r wall usr sys rss st <<<"$res"
	printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$rep" "$w" "$r" "$wall" "$usr" "$sys" "$rss" "$st" >>"$raw"
	if [ "$st" != exit:0 ]; then
		status[$key]="failed ($st)"
		note[$key]=$(grep -v '^$' "$e" 2>/dev/null | tail -n 1 | cut -c1-100)
		printf ' %s:FAILED(%s)' "$r" "$st" >&2
		return
	fi
	why=$(check_output "$w" "$o")
	if [ -n "$why" ]; then
		status[$key]=WRONG
		note[$key]=$why
		cp "$o" "$build_dir/out/$w.$r.wrong"
		printf ' %s:WRONG' "$r" >&2
		return
	fi
	times[$key]="${times[$key]} $wall"
	printf ' %s:%.3fs' "$r" "$wall" >&2
}

rm -f "$build_dir"/out/*.ref "$build_dir"/out/*.wrong
rm -rf "$build_dir/cache"
export WARP_CACHE=$build_dir/cache
load_start=$(cut -d' ' -f1-3 /proc/loadavg)
order=(native warp qemu)
for ((rep = 0; rep < reps; rep++)); do
	i=0
	for w in $selected; do
		printf '[%d/%d] %-9s' $((rep + 1)) "$reps" "$w" >&2
		for ((k = 0; k < 3; k++)); do
			# native first in the first round: its output is the reference
			if [ $rep -eq 0 ]; then r=${order[k]}; else r=${order[(k + rep + i) % 3]}; fi
			[ "${status["$w $r"]}" = ok ] || continue
			run_one "$rep" "$w" "$r"
		done
		echo >&2
		i=$((i + 1))
	done
done
load_end=$(cut -d' ' -f1-3 /proc/loadavg)

# ---------------------------------------------------------------- report

summarize() {
	echo "$1" | tr ' ' '\n' | grep . | sort -g | awk -v stat="$stat" '
		{ v[NR] = $1 }
		END {
			if (NR == 0) exit
			if (stat == "min") { printf "%.4f", v[1]; exit }
			if (NR % 2) printf "%.4f", v[(NR + 1) / 2]
			else printf "%.4f", (v[NR / 2] + v[NR / 2 + 1]) / 2
		}'
}
ratio() {
	[ -n "$1" ] && [ -n "$2" ] && awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b }'
}
cell_time() {
	local st=${status["$1 $2"]}
	case $st in
	ok) printf '%.3f' "$(summarize "${times["$1 $2"]}")" ;;
	skipped) echo "—" ;;
	missing*) echo "$2 $st" ;;
	*) echo "**$2 $st**" ;;
	esac
}
version_of() { "$@" 2>/dev/null | head -n 1; }

report() {
	local cmdline="bench/sysroot.sh" a w c n wt qt sp tgt mark
	local -a notes=()
	for a in "${orig_args[@]}"; do
		case $a in
		*[!A-Za-z0-9_./,=:@+-]*|'') cmdline="$cmdline $(printf '%q' "$a")" ;;
		*) cmdline="$cmdline $a" ;;
		esac
	done
	echo "Command: \`$cmdline\` (in $PWD; $reps repetitions, $stat wall time; dynstart $count start-ups, xz -9 -T1 of $xz_mb MiB, sqlite $rows rows)"
	echo
	echo "- host: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//'), $(nproc) CPUs, $(uname -sr); load average $load_start at start, $load_end at end"
	echo "- warp: $(version_of "$warp" --version) ($warp${warp_opts[*]:+ ${warp_opts[*]}}), source commit $(git -C "$src_dir" rev-parse --short HEAD 2>/dev/null || echo '?')"
	echo "- qemu: $(version_of "$qemu_path" --version)"
	echo "- sysroot: $sysroot ($(sed -n 1p "$sysroot/.warp-sysroot-stamp" 2>/dev/null | cut -d: -f2 | sed 's/^ //'); glibc $(sed -n 's/^libc6=//p' "$sysroot/.warp-packages" 2>/dev/null), xz $(sed -n 's/^xz-utils=//p' "$sysroot/.warp-packages" 2>/dev/null), sqlite3 $(sed -n 's/^sqlite3=//p' "$sysroot/.warp-packages" 2>/dev/null))"
	echo "- native: $(version_of xz --version | tr -d '\n'); sqlite3 $(version_of sqlite3 --version | cut -d' ' -f1); $(ldd --version 2>/dev/null | head -n 1)"
	echo "- date: $(date -u '+%Y-%m-%d %H:%M UTC')"
	echo
	echo "| workload | class | native s | warp s | qemu s | warp/native | qemu/native | qemu÷warp (target) |"
	echo "|---|---|---:|---:|---:|---:|---:|---:|"
	for w in $selected; do
		c=$(class_of "$w")
		n='' wt='' qt=''
		[ "${status["$w native"]}" = ok ] && n=$(summarize "${times["$w native"]}")
		[ "${status["$w warp"]}" = ok ] && wt=$(summarize "${times["$w warp"]}")
		[ "${status["$w qemu"]}" = ok ] && qt=$(summarize "${times["$w qemu"]}")
		sp=$(ratio "$qt" "$wt")
		tgt=$(target_of "$c")
		if [ -z "$sp" ]; then
			mark="— (≥$tgt×)"
		elif awk -v s="$sp" -v t="$tgt" 'BEGIN { exit !(s >= t) }'; then
			mark="$sp (≥$tgt×) ok"
		else
			mark="$sp (≥$tgt×) **missed**"
		fi
		a=$(ratio "$wt" "$n"); c2=$(ratio "$qt" "$n")
		echo "| $w | $c | $(cell_time "$w" native) | $(cell_time "$w" warp) | $(cell_time "$w" qemu) | ${a:-—} | ${c2:-—} | $mark |"
		for r in native warp qemu; do
			[ -n "${note["$w $r"]:-}" ] && notes+=("$w, $r: ${note["$w $r"]}")
		done
	done
	if [ ${#notes[@]} -gt 0 ]; then
		echo
		echo "Failures:"
		for a in "${notes[@]}"; do echo "- $a"; done
	fi
}

echo >&2
report | tee "$build_dir/results.md"
[ -n "$out_file" ] && cp "$build_dir/results.md" "$out_file"
echo >&2
echo "raw times: $raw; report: $build_dir/results.md" >&2
exit 0
