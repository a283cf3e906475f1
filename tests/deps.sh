#!/bin/sh
# tests/deps.sh - install what building and testing warp needs on Debian 12.
# Idempotent: apt-get runs only when a package is missing.  Run as root.
set -e
PKGS="build-essential autoconf automake libtool pkg-config
 libelf-dev libzstd-dev libunwind-dev check libzydis-dev
 gcc-riscv64-linux-gnu libc6-dev-riscv64-cross binutils-riscv64-linux-gnu
 qemu-user clang libclang-rt-14-dev libmpfr-dev libgmp-dev
 gawk diffutils coreutils util-linux
 xz-utils zstd sqlite3 python3 debian-archive-keyring apt dpkg"
missing=""
for p in $PKGS; do
	dpkg-query -W -f='${Status}\n' "$p" 2>/dev/null | grep -q "install ok installed" ||
		missing="$missing $p"
done
if [ -n "$missing" ]; then
	if [ "$(id -u)" != 0 ]; then
		echo "warp: missing Debian packages:$missing (run this script as root)" >&2
		exit 1
	fi
	echo "installing:$missing" >&2
	export DEBIAN_FRONTEND=noninteractive
	apt-get update -q >&2
	apt-get install -y -q --no-install-recommends $missing >&2
fi
