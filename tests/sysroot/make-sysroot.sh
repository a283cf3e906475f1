#!/bin/bash
# tests/sysroot/make-sysroot.sh: build (or reuse) the riscv64 Debian test
# sysroot that tests/sysroot/run.sh and bench/sysroot.sh run programs from.
#
# The sysroot is made of Debian trixie riscv64 packages: an apt
# configuration private to the tests (its own sources.list, state, lists
# and cache directories, APT::Architecture "riscv64"; the host's apt
# configuration and dpkg database are never read or touched, and no root
# is needed) resolves the dependency closure of $PACKAGES by a simulated
# install into an empty dpkg status, `apt-get download`s every package of
# it, and `dpkg-deb -x` unpacks them into one directory.  Maintainer
# scripts do not run, so what they would do and the tests need is done
# here: the usrmerge symlinks (/bin -> usr/bin ...), /bin/sh, awk.
#
# The result is cached outside the source tree, under $WARP_TEST_CACHE
# (default ${XDG_CACHE_HOME:-$HOME/.cache}/warp-tests, else
# /var/cache/warp-tests, else /tmp/warp-tests-UID): a sysroot is reused
# as long as its stamp file names the same suite, architecture, package
# list and script version, so only the first run needs the network.
#
# Usage: make-sysroot.sh [--refresh]
#   prints the sysroot's absolute path on stdout and exits 0;
#   exits 77 (skip) when the archive cannot be reached or apt is missing,
#   with the reason on stderr, and 1 on any other failure.
# Environment:
#   WARP_TEST_SYSROOT  use this directory as the sysroot as it is (no build)
#   WARP_TEST_CACHE    the cache directory (see above)
#   WARP_DEBIAN_MIRROR the archive URL (default: the first Debian mirror of
#                      the host's /etc/apt/sources.list*, else
#                      http://deb.debian.org/debian)
#   WARP_SYSROOT_REFRESH=1  same as --refresh: rebuild even if cached

set -u

SUITE=trixie
ARCH=riscv64
# bump when the way the sysroot is made changes, to invalidate old caches
VERSION=2
PACKAGES="libc6 bash dash coreutils grep sed gawk findutils tar xz-utils
	zstd sqlite3 python3-minimal libpython3-stdlib python3 diffutils gzip
	libc-bin"

refresh=${WARP_SYSROOT_REFRESH:-0}
case ${1:-} in
--refresh) refresh=1 ;;
'') ;;
*) echo "usage: $0 [--refresh]" >&2; exit 1 ;;
esac

skip() { echo "make-sysroot: $*" >&2; exit 77; }
fail() { echo "make-sysroot: $*" >&2; exit 1; }

if [ -n "${WARP_TEST_SYSROOT:-}" ]; then
	[ -x "$WARP_TEST_SYSROOT/usr/bin/bash" ] ||
		fail "WARP_TEST_SYSROOT=$WARP_TEST_SYSROOT has no usr/bin/bash"
	(cd "$WARP_TEST_SYSROOT" && pwd)
	exit 0
fi

# --- the cache directory -----------------------------------------------------
pick_cache() {
	local d
	if [ -n "${WARP_TEST_CACHE:-}" ]; then
		mkdir -p "$WARP_TEST_CACHE" 2>/dev/null && [ -w "$WARP_TEST_CACHE" ] ||
			fail "cannot create or write WARP_TEST_CACHE=$WARP_TEST_CACHE"
		(cd "$WARP_TEST_CACHE" && pwd)
		return 0
	fi
	for d in ${XDG_CACHE_HOME:+"$XDG_CACHE_HOME/warp-tests"} \
		${HOME:+"$HOME/.cache/warp-tests"} \
		/var/cache/warp-tests "/tmp/warp-tests-$(id -u)"; do
		if mkdir -p "$d" 2>/dev/null && [ -w "$d" ]; then
			(cd "$d" && pwd)
			return 0
		fi
	done
	return 1
}
cache=$(pick_cache) || fail "no writable cache directory (set WARP_TEST_CACHE)"
case $cache in
"$(cd "$(dirname "$0")/../.." && pwd)"/*)
	fail "the cache $cache is inside the source tree; set WARP_TEST_CACHE" ;;
esac

root=$cache/sysroot-$SUITE-$ARCH
stamp=$root/.warp-sysroot-stamp
want_stamp="warp test sysroot v$VERSION: $SUITE $ARCH: $(echo $PACKAGES)"

# one builder at a time; the others wait and then reuse its result
exec 9>"$cache/.lock" || fail "cannot open $cache/.lock"
flock -w 1800 9 || fail "timed out waiting for the lock on $cache"

if [ "$refresh" != 1 ] && [ -f "$stamp" ] && [ "$(head -n 1 "$stamp")" = "$want_stamp" ]; then
	echo "$root"
	exit 0
fi

command -v apt-get >/dev/null 2>&1 || skip "apt-get not found: cannot build a Debian sysroot"
command -v dpkg-deb >/dev/null 2>&1 || skip "dpkg-deb not found: cannot build a Debian sysroot"

# --- the archive -------------------------------------------------------------
# The host's first Debian mirror (one-line or deb822 sources), not the
# security archive: the tests reach the network the way the host does.
host_mirror() {
	local f
	for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list \
		/etc/apt/sources.list.d/*.sources; do
		[ -f "$f" ] || continue
		sed -n -e 's/^[[:space:]]*deb[[:space:]]\+\(\[[^]]*\][[:space:]]\+\)\?\([^[:space:]]\+\).*/\2/p' \
			-e 's/^[[:space:]]*URIs:[[:space:]]*//p' "$f" | tr ' ' '\n'
	done | grep -E '^(https?|file)://.*/debian/?$' | grep -v -- '-security' | head -n 1
}
mirror=${WARP_DEBIAN_MIRROR:-$(host_mirror)}
mirror=${mirror:-http://deb.debian.org/debian}
mirror=${mirror%/}

keyring=
for k in /usr/share/keyrings/debian-archive-keyring.gpg \
	/usr/share/keyrings/debian-archive-$SUITE-stable.gpg; do
	[ -f "$k" ] && { keyring=$k; break; }
done

# --- the private apt configuration -------------------------------------------
apt=$cache/apt-$SUITE-$ARCH
mkdir -p "$apt/etc/apt.conf.d" "$apt/etc/preferences.d" "$apt/etc/sources.list.d" \
	"$apt/etc/trusted.gpg.d" "$apt/lists/partial" "$apt/archives/partial" \
	"$apt/debs" || fail "cannot create $apt"
: >"$apt/status"
# never unverified packages: without the keyring there is no sysroot
[ -n "$keyring" ] ||
	skip "no Debian archive keyring to verify $SUITE (apt-get install debian-archive-keyring)"
echo "deb [arch=$ARCH signed-by=$keyring] $mirror $SUITE main" >"$apt/etc/sources.list"
sandbox=$(id -un)
cat >"$apt/etc/apt.conf" <<EOF
// private to warp's tests (tests/sysroot/make-sysroot.sh)
Dir::Etc "$apt/etc";
Dir::Etc::Main "apt.conf";
Dir::Etc::Parts "apt.conf.d";
Dir::Etc::SourceList "sources.list";
Dir::Etc::SourceParts "sources.list.d";
Dir::Etc::Preferences "preferences";
Dir::Etc::PreferencesParts "preferences.d";
Dir::Etc::TrustedParts "trusted.gpg.d";
Dir::State "$apt";
Dir::State::Lists "$apt/lists";
Dir::State::status "$apt/status";
Dir::Cache "$apt";
Dir::Cache::archives "$apt/archives";
Dir::Cache::pkgcache "";
Dir::Cache::srcpkgcache "";
Dir::Log "$apt";
APT::Architecture "$ARCH";
APT::Architectures { "$ARCH"; };
APT::Install-Recommends "false";
APT::Install-Suggests "false";
APT::Sandbox::User "$sandbox";
Acquire::Languages "none";
Acquire::Retries "2";
Acquire::http::Timeout "30";
Debug::NoLocking "true";
EOF
export APT_CONFIG=$apt/etc/apt.conf
unset APT_CONFIG_OVERRIDE 2>/dev/null

log=$apt/update.log
if ! apt-get -q update >"$log" 2>&1 ||
	grep -qE '^(W|E): (Failed to fetch|Some index files failed|GPG error|The repository)' "$log"; then
	sed 's/^/  /' "$log" | tail -n 5 >&2
	if grep -qE 'NO_PUBKEY|GPG error|is not signed' "$log"; then
		skip "$keyring cannot verify $SUITE (a newer debian-archive-keyring is needed)"
	fi
	skip "the archive $mirror ($SUITE $ARCH) cannot be reached"
fi

# --- the dependency closure --------------------------------------------------
# A simulated install into the empty status lists every package the
# requested ones need, with the version it picked.
log=$apt/resolve.log
# shellcheck disable=SC2086
apt-get -q -s install $PACKAGES >"$log" 2>&1 ||
	{ tail -n 20 "$log" >&2; fail "apt cannot resolve $PACKAGES for $SUITE $ARCH"; }
sed -n 's/^Inst \([^ ]*\) (\([^ ]*\) .*/\1=\2/p' "$log" | sort >"$apt/closure"
[ -s "$apt/closure" ] || fail "empty dependency closure (see $log)"

# --- download (already downloaded .debs are kept) ----------------------------
cd "$apt/debs" || fail "cannot enter $apt/debs"
need=()
while IFS= read -r pv; do
	p=${pv%%=*} v=${pv#*=}
	v=${v/:/%3a}	# apt-get download's file name escapes the epoch's ':'
	[ -e "${p}_${v}_$ARCH.deb" ] || [ -e "${p}_${v}_all.deb" ] || need+=("$pv")
done <"$apt/closure"
if [ ${#need[@]} -gt 0 ]; then
	echo "make-sysroot: downloading ${#need[@]} packages from $mirror" >&2
	if ! apt-get -q download "${need[@]}" >"$apt/download.log" 2>&1; then
		tail -n 5 "$apt/download.log" >&2
		if grep -qE 'Failed to fetch|Could not resolve|Connection failed|timed out' "$apt/download.log"; then
			skip "the archive $mirror cannot be reached for the downloads"
		fi
		fail "apt-get download failed (see $apt/download.log)"
	fi
fi

# packages of an older closure (a --refresh after a point release) go
for deb in *.deb; do
	[ -e "$deb" ] || continue
	p=${deb%%_*} v=${deb#*_}; v=${v%_*}
	grep -qxF "$p=${v/\%3a/:}" "$apt/closure" || rm -f "$deb"
done

# --- unpack ------------------------------------------------------------------
tmp=$root.tmp.$$
rm -rf "$tmp"
mkdir -p "$tmp" || fail "cannot create $tmp"
trap 'rm -rf "$tmp"' EXIT
while IFS= read -r pv; do
	p=${pv%%=*} v=${pv#*=}
	v=${v/:/%3a}
	deb=
	for d in "${p}_${v}_$ARCH.deb" "${p}_${v}_all.deb"; do
		[ -e "$d" ] && deb=$d
	done
	[ -n "$deb" ] || fail "package $pv was not downloaded"
	dpkg-deb -x "$deb" "$tmp" || fail "dpkg-deb -x $deb failed"
	printf '%s\n' "$pv" >>"$tmp/.warp-packages"
done <"$apt/closure"

# usrmerge: trixie's packages ship /usr/bin etc., and base-files' own
# scripts (which do not run here) would make the top-level links.  Any
# top-level directory a package still ships is folded into /usr.
for d in bin sbin lib lib64; do
	if [ -d "$tmp/$d" ] && [ ! -L "$tmp/$d" ]; then
		mkdir -p "$tmp/usr/$d"
		cp -a "$tmp/$d/." "$tmp/usr/$d/" && rm -rf "${tmp:?}/$d"
	fi
	if [ -d "$tmp/usr/$d" ] && [ ! -e "$tmp/$d" ]; then
		ln -s "usr/$d" "$tmp/$d"
	fi
done
# what dpkg triggers and alternatives would have made
[ -e "$tmp/usr/bin/sh" ] || ln -s dash "$tmp/usr/bin/sh"
[ -e "$tmp/usr/bin/awk" ] || ln -s gawk "$tmp/usr/bin/awk"
if [ ! -e "$tmp/usr/bin/python3" ]; then
	for py in "$tmp"/usr/bin/python3.[0-9] "$tmp"/usr/bin/python3.[0-9][0-9]; do
		[ -x "$py" ] && ln -sf "${py##*/}" "$tmp/usr/bin/python3"
	done
fi
# Empty mount points and scratch directories would hide the host's under
# a sysroot-first path lookup (an empty /proc, a private /tmp): gone, so
# the host's are seen, as on a real machine.
for d in boot dev home media mnt opt proc root run srv sys tmp var/tmp; do
	[ -d "$tmp/$d" ] && [ ! -L "$tmp/$d" ] && rmdir "$tmp/$d" 2>/dev/null
done
# No ld.so.cache is made (ldconfig is a riscv64 program); an empty one
# keeps the guest's ld.so off the host's (x86-64) cache: it then searches
# its default multiarch directories.
: >"$tmp/etc/ld.so.cache"

for f in usr/bin/bash usr/bin/sh usr/bin/python3 usr/bin/sqlite3 usr/bin/xz \
	usr/bin/zstd usr/bin/gawk lib/ld-linux-riscv64-lp64d.so.1; do
	[ -e "$tmp/$f" ] || fail "the unpacked sysroot lacks /$f"
done

{
	echo "$want_stamp"
	echo "mirror: $mirror"
	echo "built: $(date -u '+%Y-%m-%d %H:%M UTC')"
	cat "$tmp/.warp-packages"
} >"$tmp/.warp-sysroot-stamp"

rm -rf "$root.old"
[ -e "$root" ] && mv "$root" "$root.old"
mv "$tmp" "$root" || fail "cannot move $tmp to $root"
rm -rf "$root.old"
trap - EXIT
echo "make-sysroot: $(wc -l <"$apt/closure") packages in $root ($(du -sh "$root" | cut -f1))" >&2
echo "$root"
exit 0
