#!/usr/bin/env bash
# Pre-submit benchmark (issue 18): a one-line patch to one file, checked against the whole tree and against the
# default fs/ceph + net/ceph scope, beside a full scan of the same scope in the same run, with a warm facts cache;
# the check both with the base's analysis saved by the scan before it (the usual case: the second check against a
# base) and with none (the saved analyses removed before each run: the first check against a base); the scan both
# saving the base's analysis and with --no-saved-analysis (what saving costs);
# Coccinelle's spatch on the patched file alone (what a per-file checker costs, with no context) as the peer.
# RUNS runs of each (default 3), median wall time and the largest peak RSS; a Markdown table on stdout.
#   bench/check-patch.sh [TREE]   (a kernel source directory; default bench/out/full, extracted from the 6.12
#                                  tarball when missing; needs GNU time and coccinelle)
#   RUNS=5 bench/check-patch.sh
#   CHECK_PATCH_INPUTS="ceph" bench/check-patch.sh   only the fs/ceph + net/ceph rows (default "whole ceph")
# The patches are made here from the tree itself (one statement added to fs/ext4/xattr.c and to fs/ceph/xattr.c),
# so nothing of the kernel is kept in the repository.
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
work="$here/bench/out/check-patch"
tree="${1:-$here/bench/out/full}"
runs="${RUNS:-3}"
mkdir -p "$work"
for tool in spatch /usr/bin/time python3; do
  command -v "$tool" >/dev/null || { echo "bench/check-patch.sh: $tool is missing (apt-get install coccinelle time python3)" >&2; exit 2; }
done
if [[ ! -f "$tree/Makefile" ]]; then
  echo "extracting /usr/src/linux-source-6.12.tar.xz into $tree ..." >&2
  mkdir -p "$tree"
  tar -xJf /usr/src/linux-source-6.12.tar.xz -C "$tree" --strip-components=1
fi
kreach="${KREACH:-$here/kreach}"
cache="$work/cache"   # facts and saved analyses of these runs only
"$kreach" --version >/dev/null   # builds the jar and its class cache outside the timings
export KREACH_JAVA_OPTS="-Xmx6g"

# A patch adding one statement after the first line of FILE that matches ANCHOR (a fixed string).
make_patch() {  # make_patch FILE ANCHOR STATEMENT OUT
  python3 - "$tree" "$@" <<'PY'
import difflib, sys
tree, path, anchor, statement, out = sys.argv[1:]
lines = open(f"{tree}/{path}", encoding="utf-8", errors="surrogateescape").read().splitlines(keepends=True)
at = next(i for i, l in enumerate(lines) if anchor in l)
indent = lines[at][:len(lines[at]) - len(lines[at].lstrip())]
patched = lines[:at + 1] + [indent + statement + "\n"] + lines[at + 1:]
with open(out, "w", encoding="utf-8", errors="surrogateescape") as f:
    f.writelines(difflib.unified_diff(lines, patched, f"a/{path}", f"b/{path}"))
PY
}
# Each run checks a patch no run before it checked (the statement's comment numbers it): a pre-submit check meets
# a patched file whose facts no cache holds yet, and a patch checked again would find them cached.
# (The number is kept in a file: each row measures in a subshell.)
echo "$(date +%s)" > "$work/serial"
fresh_patches() {
  local serial
  serial=$(($(cat "$work/serial") + 1))
  echo "$serial" > "$work/serial"
  make_patch fs/ext4/xattr.c "down_read(&EXT4_I(inode)->xattr_sem);" "might_sleep(); /* $serial */" "$work/ext4.patch"
  make_patch fs/ceph/xattr.c "spin_lock(&ci->i_ceph_lock);" "might_sleep(); /* $serial */" "$work/ceph.patch"
}
fresh_patches

measure() {  # measure NAME CMD...: RUNS runs; prints "median-wall max-rss-MB"
  local name="$1"; shift
  local walls=() rss=0 rc
  for ((i = 0; i < runs; i++)); do
    fresh_patches
    rc=0
    /usr/bin/time -o "$work/time.txt" -f "%e %M" "$@" > "$work/$name.out" 2> "$work/$name.err" || rc=$?
    ((rc <= 1)) || { echo "failed ($rc): $*" >&2; tail -3 "$work/$name.err" >&2; exit 1; }
    # GNU time puts "Command exited with non-zero status 1" first when the command exits 1 (findings).
    read -r w m < <(tail -1 "$work/time.txt")
    walls+=("$w")
    ((m / 1024 > rss)) && rss=$((m / 1024))
  done
  echo "$(printf '%s\n' "${walls[@]}" | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}') $rss"
}

# Fill the facts cache for both scopes outside the timings.
if [[ "${CHECK_PATCH_INPUTS:-whole ceph}" == *whole* ]]; then
  "$kreach" scan "$tree" --scope . --cache "$cache" > /dev/null 2>&1 || true
fi
"$kreach" scan "$tree" --cache "$cache" > /dev/null 2>&1 || true
# Runs a command with no saved analysis, as the first check against a base is run.
unsaved=(bash -c 'rm -rf "$0/analyses" && exec "$@"' "$cache")

echo "| run ($runs runs, median) | scope | wall s | peak RSS MB | result |"
echo "|---|---|---:|---:|---|"
row() {  # row LABEL SCOPE NAME CMD...
  local label="$1" scope="$2" name="$3"; shift 3
  read -r w m < <(measure "$name" "$@")
  # The summary line: "N findings: ..." of a scan, "kreach: N new, ..." of check-patch; spatch's match count.
  local result
  result="$(grep -E '^[0-9,]+ findings|^kreach: [0-9]+ new' "$work/$name.out" | tail -1 | cut -c1-90 || true)"
  [[ -n "$result" ]] || result="$(grep -c . "$work/$name.out" || true) matches"
  echo "| $label | $scope | $w | $m | ${result//|//} |"
}
inputs="${CHECK_PATCH_INPUTS:-whole ceph}"
if [[ " $inputs " == *" whole "* ]]; then
  row "kreach check-patch, one-line patch to fs/ext4/xattr.c, no saved base" "whole tree" patch-whole-unsaved \
    "${unsaved[@]}" "$kreach" check-patch "$tree" "$work/ext4.patch" --scope . --cache "$cache"
  row "kreach scan (full; --no-saved-analysis)" "whole tree" scan-whole-nosave \
    "$kreach" scan "$tree" --scope . --cache "$cache" --no-saved-analysis
  row "kreach scan (full; saves the base)" "whole tree" scan-whole "$kreach" scan "$tree" --scope . --cache "$cache"
  row "kreach check-patch, one-line patch to fs/ext4/xattr.c, base saved" "whole tree" patch-whole \
    "$kreach" check-patch "$tree" "$work/ext4.patch" --scope . --cache "$cache"
  row "spatch iput.cocci on fs/ext4/xattr.c alone (peer)" "one file" spatch-ext4 \
    spatch --very-quiet --sp-file "$here/bench/iput.cocci" "$tree/fs/ext4/xattr.c"
fi
if [[ " $inputs " == *" ceph "* ]]; then
  row "kreach check-patch, one-line patch to fs/ceph/xattr.c, no saved base" "fs/ceph + net/ceph" \
    patch-ceph-unsaved "${unsaved[@]}" "$kreach" check-patch "$tree" "$work/ceph.patch" --cache "$cache"
  row "kreach scan (full; --no-saved-analysis)" "fs/ceph + net/ceph" scan-ceph-nosave \
    "$kreach" scan "$tree" --cache "$cache" --no-saved-analysis
  row "kreach scan (full; saves the base)" "fs/ceph + net/ceph" scan-ceph "$kreach" scan "$tree" --cache "$cache"
  row "kreach check-patch, one-line patch to fs/ceph/xattr.c, base saved" "fs/ceph + net/ceph" patch-ceph \
    "$kreach" check-patch "$tree" "$work/ceph.patch" --cache "$cache"
  row "spatch iput.cocci on fs/ceph/xattr.c alone (peer)" "one file" spatch-ceph \
    spatch --very-quiet --sp-file "$here/bench/iput.cocci" "$tree/fs/ceph/xattr.c"
fi
