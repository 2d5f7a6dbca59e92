#!/usr/bin/env bash
# Builds fs/ceph and net/ceph of Linux 6.12.117 (Debian's linux-source-6.12 tarball) out of tree, for kreach's build
# mode: the tests, and bench/build-mode.sh. The source is extracted and made read-only, so nothing can write into
# it; objects, .config, compile_commands.json and the kreach-check journal all go under OBJ.
#
#   bench/kbuild.sh [BASE]      (default $KREACH_KBUILD or /tmp/kreach-kbuild-6.12.117)
#
# BASE/linux-source-6.12 is the source tree, BASE/obj the object tree. A finished build leaves BASE/done and is
# reused. Needs: build-essential flex bison bc libelf-dev libssl-dev (Debian packages; .ci/run installs them).
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
base=${1:-${KREACH_KBUILD:-/tmp/kreach-kbuild-6.12.117}}
tarball=${KREACH_CORPUS:-/usr/src/linux-source-6.12.tar.xz}
src=$base/linux-source-6.12
obj=$base/obj
[[ -f $base/done ]] && exit 0
[[ -f $tarball ]] || { echo "kbuild.sh: $tarball missing: apt-get install linux-source-6.12=6.12.117-1~deb12u1" >&2; exit 2; }

if [[ -d $base ]]; then chmod -R u+w "$base" && rm -rf "$base"; fi
mkdir -p "$base"
tar -xf "$tarball" -C "$base"
chmod -R a-w "$src"
touch "$base/extracted"
mk() { make -s -C "$src" O="$obj" "$@"; }
mk defconfig >/dev/null
"$src/scripts/config" --file "$obj/.config" -e CEPH_LIB -e CEPH_FS -e NETFS_SUPPORT -e FSCACHE -e CEPH_FSCACHE \
  -e CEPH_FS_POSIX_ACL
mk olddefconfig >/dev/null
mk -j"$(nproc)" fs/ceph/ net/ceph/ >/dev/null
(cd "$obj" && python3 "$src/scripts/clang-tools/gen_compile_commands.py" -d . -o compile_commands.json fs/ceph net/ceph)
rm -f "$obj/kreach.journal"
KREACH_JOURNAL="$obj/kreach.journal" mk -j"$(nproc)" C=2 CHECK="$repo/kreach-check" fs/ceph/ net/ceph/ >/dev/null
# Read-only does not stop root: check that the build wrote nothing into the source tree.
written=$(find "$src" -newer "$base/extracted" -print -quit)
[[ -z $written ]] || { echo "kbuild.sh: the build wrote into the source tree: $written" >&2; exit 1; }
touch "$base/done"
