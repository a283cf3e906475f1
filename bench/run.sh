#!/bin/bash
# bench/run.sh: warp's benchmark.  Not a test: it measures, it never fails
# a build.  See bench/README.md for the workloads and bench/RESULTS.md for
# the method and the numbers.
#
# Builds every workload in bench/src natively (gcc) and for riscv64
# (riscv64-linux-gnu-gcc -static), then runs native, warp and qemu-riscv64
# interleaved: for each repetition, for each workload, the three runners in
# an order that rotates, so slow drifts of the machine (other jobs, thermal
# state, page cache) hit all three alike.  Every run's stdout must equal the
# native run's (each program prints a checksum); a runner that fails, times
# out or prints something else is reported as such for that workload and
# not timed further.  Prints a Markdown table of median (or minimum) wall
# times and ratios, and the command line that produced it.
#
# Run it from a build directory: the default warp is ./warp, i.e. ../warp
# relative to the benchmark's own build directory ./bench-build.

set -u

src_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
orig_args=("$@")

usage() {
	cat <<EOF
usage: $0 [OPTIONS]
  --warp PATH        warp binary (default: \$WARP, else BUILD-DIR/../warp)
  --warp-opt OPT     pass OPT to warp before the program (repeatable),
                     e.g. --warp-opt --backend=interp
  --qemu PATH        qemu-user binary (default: qemu-riscv64)
  --build-dir DIR    where binaries and raw results go (default: ./bench-build)
  --scale N          work per run; 10 (default) is about 0.5-1 s natively
  --reps N           repetitions per runner and workload (default 5)
  --quick            same as --scale 2 --reps 3
  --stat min|median  statistic over repetitions (default min)
  --only LIST        comma-separated workloads (default: all)
  --runners LIST     comma-separated subset of native,warp,qemu
  --timeout SECONDS  per run (default 600)
  --out FILE         also write the Markdown report to FILE
  -h, --help         this text
workloads: $(list_workloads)
EOF
}

# name class; the source is bench/src/NAME.c, except startup, which is
# bench/tools/spawn.c (native) running bench/src/hello.c 20*SCALE times.
# warp keeps its translations in a cache private to the run
# (BUILD-DIR/cache, emptied at start; --cache): startup measures start-up
# as programs run again see it, startup_cold the same with the cache off
# (every block translated at every start).
WORKLOADS="
compress integer
sieve integer
sort integer
nbody fp
matmul fp
mandel fp
memcpy memory
stride memory
chase memory
interp branch
dispatch branch
fib branch
syscall syscall
startup startup
startup_cold startup
"

list_workloads() {
	echo "$WORKLOADS" | awk 'NF { printf "%s%s", sep, $1; sep = " " }'
}

class_of() {
	echo "$WORKLOADS" | awk -v w="$1" '$1 == w { print $2 }'
}

# what issue 2 asks of warp against qemu-riscv64, as a qemu/warp speedup:
# at least as fast on integer code (every class but fp and startup here),
# 5x on FP, 4x on start-up
target_of() {
	case $1 in
	fp) echo 5 ;;
	startup) echo 4 ;;
	*) echo 1 ;;
	esac
}

die() {
	echo "run.sh: $*" >&2
	exit 1
}

warp=${WARP:-}
warp_opts=()
qemu='qemu-riscv64'
build_dir=$PWD/bench-build
scale=10
reps=5
stat=min
only=
runners_opt=native,warp,qemu
timeout=600
out_file=

while [ $# -gt 0 ]; do
	case $1 in
	--warp) warp=$2; shift ;;
	--warp=*) warp=${1#*=} ;;
	--warp-opt) warp_opts+=("$2"); shift ;;
	--warp-opt=*) warp_opts+=("${1#*=}") ;;
	--qemu) qemu=$2; shift ;;
	--qemu=*) qemu=${1#*=} ;;
	--build-dir) build_dir=$2; shift ;;
	--build-dir=*) build_dir=${1#*=} ;;
	--scale) scale=$2; shift ;;
	--scale=*) scale=${1#*=} ;;
	--reps) reps=$2; shift ;;
	--reps=*) reps=${1#*=} ;;
	--quick) scale=2; reps=3 ;;
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

case $scale in ''|*[!0-9]*|0) die "--scale must be a positive integer" ;; esac
case $reps in ''|*[!0-9]*|0) die "--reps must be a positive integer" ;; esac
case $timeout in ''|*[!0-9]*|0) die "--timeout must be a positive integer" ;; esac
case $stat in median|min) ;; *) die "--stat must be median or min" ;; esac

mkdir -p "$build_dir" || die "cannot create $build_dir"
build_dir=$(cd "$build_dir" && pwd)
[ -n "$warp" ] || warp=$build_dir/../warp
if [ -e "$warp" ]; then
	warp=$(realpath "$warp")
fi
qemu_path=$(command -v "$qemu" 2>/dev/null) || qemu_path=

if [ -n "$only" ]; then
	selected=
	for w in ${only//,/ }; do
		[ -n "$(class_of "$w")" ] || die "unknown workload '$w' (have: $(list_workloads))"
		selected="$selected $w"
	done
else
	selected=$(list_workloads)
fi
runners=
for r in ${runners_opt//,/ }; do
	case $r in
	native|warp|qemu) runners="$runners $r" ;;
	*) die "unknown runner '$r' (have: native warp qemu)" ;;
	esac
done
case " $runners " in *" native "*) ;; *) die "the native runner is the reference and cannot be left out" ;; esac

# ---------------------------------------------------------------- build

cflags=(-O2 -ffp-contract=off)
bin_n=$build_dir/native
bin_r=$build_dir/riscv64
mkdir -p "$bin_n" "$bin_r" "$build_dir/out" || die "cannot create $build_dir"

# compile SRC to OUT with CC unless OUT is newer than SRC and bench.h
compile() {
	local cc=$1 src=$2 out=$3
	shift 3
	if [ "$out" -nt "$src" ] && [ "$out" -nt "$src_dir/src/bench.h" ] &&
	   [ "$out" -nt "$src_dir/run.sh" ]; then
		return 0
	fi
	echo "  $cc $* $src -o $out" >&2
	"$cc" "$@" "$src" -o "$out" -lm || die "building $src with $cc failed"
}

command -v gcc >/dev/null || die "gcc not found (apt-get install gcc)"
command -v riscv64-linux-gnu-gcc >/dev/null ||
	die "riscv64-linux-gnu-gcc not found (apt-get install gcc-riscv64-linux-gnu)"
echo "building in $build_dir" >&2
compile gcc "$src_dir/tools/timeit.c" "$build_dir/timeit" -O2 -Wall
compile gcc "$src_dir/tools/spawn.c" "$build_dir/spawn" -O2 -Wall
for w in $selected; do
	s=$w
	case $w in startup*) s=hello ;; esac
	compile gcc "$src_dir/src/$s.c" "$bin_n/$s" "${cflags[@]}" -static -Wall
	compile riscv64-linux-gnu-gcc "$src_dir/src/$s.c" "$bin_r/$s" "${cflags[@]}" -static -Wall
done

# ---------------------------------------------------------------- run

# state per workload+runner, in associative arrays keyed "workload runner":
#   status   ok | failed:... | WRONG | missing
#   times    space-separated wall times of the successful runs
declare -A status times note

# sets cmd to the command line of RUNNER on WORKLOAD
runner_cmd() {
	local runner=$1 w=$2
	local -a pre=()
	case $runner in
	warp) pre=("$warp" "${warp_opts[@]}")
	      [ "$w" = startup_cold ] && pre+=(--cache off) ;;
	qemu) pre=("$qemu_path") ;;
	esac
	if [ "$(class_of "$w")" = startup ]; then
		local bin=$bin_r/hello
		[ "$runner" = native ] && bin=$bin_n/hello
		cmd=("$build_dir/spawn" $((20 * scale)) "${pre[@]}" "$bin")
	else
		local bin=$bin_r/$w
		[ "$runner" = native ] && bin=$bin_n/$w
		cmd=("${pre[@]}" "$bin" "$scale")
	fi
}

for w in $selected; do
	for r in $runners; do
		status["$w $r"]=ok
		times["$w $r"]=
		note["$w $r"]=
	done
	if [ -z "$qemu_path" ]; then
		status["$w qemu"]=missing
	fi
	if [ ! -x "$warp" ] || [ -d "$warp" ]; then
		status["$w warp"]=missing
	fi
	for r in native warp qemu; do
		case " $runners " in *" $r "*) ;; *) status["$w $r"]=skipped ;; esac
	done
done
[ -z "$qemu_path" ] && echo "warning: $qemu not found (apt-get install qemu-user); no qemu column" >&2
[ -x "$warp" ] && [ ! -d "$warp" ] ||
	echo "warning: warp not found at $warp (build it, or pass --warp PATH); no warp column" >&2

raw=$build_dir/raw.tsv
printf 'rep\tworkload\trunner\twall\tuser\tsys\tmaxrss_kb\tstatus\n' >"$raw"

# one run: times it, checks its output against the native reference
run_one() {
	local rep=$1 w=$2 r=$3
	local key="$w $r" o=$build_dir/out/$w.$r.out e=$build_dir/out/$w.$r.err
	local res wall usr sys rss st
	runner_cmd "$r" "$w"
	res=$("$build_dir/timeit" -t "$timeout" -o "$o" -e "$e" -- "${cmd[@]}")
	read -r wall usr sys rss st <<<"$res"
	printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$rep" "$w" "$r" "$wall" \
		"$usr" "$sys" "$rss" "$st" >>"$raw"
	if [ "$st" != exit:0 ]; then
		status[$key]="failed ($st)"
		note[$key]=$(grep -v '^$' "$e" 2>/dev/null | tail -n 1 | cut -c1-100)
		printf ' %s:FAILED(%s)' "$r" "$st" >&2
		return
	fi
	if [ "$r" = native ] && [ ! -e "$build_dir/out/$w.ref" ]; then
		cp "$o" "$build_dir/out/$w.ref"
	elif ! cmp -s "$o" "$build_dir/out/$w.ref"; then
		status[$key]=WRONG
		note[$key]="output differs from native: $(diff "$build_dir/out/$w.ref" "$o" |
			grep '^>' | head -n 1 | cut -c1-80)"
		cp "$o" "$build_dir/out/$w.$r.wrong"
		printf ' %s:WRONG-CHECKSUM' "$r" >&2
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
		# native must run first in the very first round: it is the
		# reference the others are checked against
		for ((k = 0; k < 3; k++)); do
			if [ $rep -eq 0 ]; then
				r=${order[k]}
			else
				r=${order[(k + rep + i) % 3]}
			fi
			[ "${status["$w $r"]}" = ok ] || continue
			if [ "$r" != native ] && [ ! -e "$build_dir/out/$w.ref" ]; then
				continue
			fi
			run_one "$rep" "$w" "$r"
		done
		echo >&2
		i=$((i + 1))
	done
done

# ---------------------------------------------------------------- report

# statistic over the space-separated times in $1, empty if none
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
	local w=$1 r=$2 st=${status["$1 $2"]}
	case $st in
	ok) printf '%.3f' "$(summarize "${times["$w $r"]}")" ;;
	missing) echo "$r missing" ;;
	skipped) echo "—" ;;
	WRONG) echo "**$r WRONG**" ;;
	*) echo "**$r $st**" ;;
	esac
}

host_cpu=$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')
warp_version=$([ -x "$warp" ] && "$warp" --version 2>/dev/null | head -n 1)
qemu_version=$([ -n "$qemu_path" ] && "$qemu_path" --version 2>/dev/null | head -n 1)
commit=$(git -C "$src_dir" rev-parse --short HEAD 2>/dev/null)

report() {
	local cmdline="bench/run.sh"
	local a
	for a in "${orig_args[@]}"; do
		case $a in
		*[!A-Za-z0-9_./,=:@+-]*|'') cmdline="$cmdline $(printf '%q' "$a")" ;;
		*) cmdline="$cmdline $a" ;;
		esac
	done
	echo "Command: \`$cmdline\` (in $PWD; scale $scale, $reps repetitions, $stat wall time)"
	echo
	echo "- host: $host_cpu, $(nproc) CPUs, $(uname -sr); load average $load_start at start, $load_end at end"
	echo "- warp: ${warp_version:-?} ($warp${warp_opts[*]:+ ${warp_opts[*]}}), source commit ${commit:-?}"
	echo "- qemu: ${qemu_version:-not found}"
	echo "- compilers: $(gcc --version | head -n 1); $(riscv64-linux-gnu-gcc --version | head -n 1); flags ${cflags[*]} -static"
	echo "- date: $(date -u '+%Y-%m-%d %H:%M UTC')"
	echo
	echo "| workload | class | native s | warp s | qemu s | warp/native | qemu/native | warp/qemu | qemu÷warp (target) |"
	echo "|---|---|---:|---:|---:|---:|---:|---:|---:|"
	local w c n wt qt wn qn wq sp tgt mark
	local -a notes=()
	for w in $selected; do
		c=$(class_of "$w")
		n='' wt='' qt=''
		[ "${status["$w native"]}" = ok ] && n=$(summarize "${times["$w native"]}")
		[ "${status["$w warp"]}" = ok ] && wt=$(summarize "${times["$w warp"]}")
		[ "${status["$w qemu"]}" = ok ] && qt=$(summarize "${times["$w qemu"]}")
		wn=$(ratio "$wt" "$n")
		qn=$(ratio "$qt" "$n")
		wq=$(ratio "$wt" "$qt")
		sp=$(ratio "$qt" "$wt")
		tgt=$(target_of "$c")
		mark=
		if [ -n "$sp" ]; then
			if awk -v s="$sp" -v t="$tgt" 'BEGIN { exit !(s >= t) }'; then
				mark="$sp (≥$tgt×) ok"
			else
				mark="$sp (≥$tgt×) **missed**"
			fi
		else
			mark="— (≥$tgt×)"
		fi
		echo "| $w | $c | $(cell_time "$w" native) | $(cell_time "$w" warp) | $(cell_time "$w" qemu) | ${wn:-—} | ${qn:-—} | ${wq:-—} | $mark |"
		for r in native warp qemu; do
			[ -n "${note["$w $r"]:-}" ] && notes+=("$w, $r: ${note["$w $r"]}")
		done
	done
	echo
	geomean warp native
	geomean qemu native
	geomean warp qemu
	if [ ${#notes[@]} -gt 0 ]; then
		echo
		echo "Failures:"
		for a in "${notes[@]}"; do
			echo "- $a"
		done
	fi
}

# geometric mean of A/B over the workloads where both have a time
geomean() {
	local a=$1 b=$2 w x y list=
	for w in $selected; do
		if [ "${status["$w $a"]}" != ok ] || [ "${status["$w $b"]}" != ok ]; then
			continue
		fi
		x=$(summarize "${times["$w $a"]}")
		y=$(summarize "${times["$w $b"]}")
		list="$list $x/$y"
	done
	[ -n "$list" ] || return 0
	echo "$list" | tr ' ' '\n' | grep . | awk -F/ -v a="$a" -v b="$b" '
		{ s += log($1 / $2); n++ }
		END { printf "Geometric mean %s/%s: %.2f over %d workloads.  \n", a, b, exp(s / n), n }'
}

load_end=$(cut -d' ' -f1-3 /proc/loadavg)
echo >&2
report | tee "$build_dir/results.md"
[ -n "$out_file" ] && cp "$build_dir/results.md" "$out_file"
echo >&2
echo "raw times: $raw; report: $build_dir/results.md" >&2
exit 0
