#!/usr/bin/env bash
# kreach front-end benchmark: wall time and peak memory of `kreach stats` and `kreach path` on Linux 6.12
# fs/ceph + net/ceph, beside GNU cflow on the same .c files, in one run. Prints a Markdown table.
#   bench/run.sh [TARBALL]     (default /usr/src/linux-source-6.12.tar.xz; needs GNU time and cflow)
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
tarball="${1:-/usr/src/linux-source-6.12.tar.xz}"
runs="${RUNS:-5}"
work="$here/bench/out"
tree="$work/linux"
mkdir -p "$work"
if [[ ! -f "$tree/Makefile" ]]; then
  echo "extracting fs/ceph, net/ceph, include/ and Makefile from $tarball ..." >&2
  mkdir -p "$tree"
  tar -xJf "$tarball" -C "$tree" --strip-components=1 --wildcards \
    '*/Makefile' '*/fs/ceph/*' '*/net/ceph/*' '*/include/*'
  find "$tree" -mindepth 1 -maxdepth 1 ! -name Makefile ! -name fs ! -name net ! -name include -exec rm -rf {} +
fi
kreach="$here/kreach"
"$kreach" --version >/dev/null   # builds the jar (and its class-data archive) if needed, outside the timings

# median of RUNS runs: "seconds max-rss-MB"
measure() {
  local i rc
  for ((i = 0; i < runs; i++)); do
    # exit 1 is an answer (kreach scan with findings), 2 and up a failure
    rc=0; /usr/bin/time -o "$work/time.txt" -f "%e %M" "$@" >/dev/null 2>&1 || rc=$?
    ((rc <= 1)) || { echo "failed ($rc): $*" >&2; exit 1; }
    tail -1 "$work/time.txt"   # GNU time puts "Command exited with non-zero status" first
  done | sort -n | awk -v n="$runs" '{t[NR]=$1; m[NR]=$2} END {i=int((n+1)/2); printf "%.2f %.0f\n", t[i], m[i]/1024}'
}

files=$(cd "$tree" && find fs/ceph net/ceph -name '*.c' | sort)
lines=$(cd "$tree" && cat $files | wc -l)
echo "kreach on $("$(awk '{print $2}' "$here/cli/target/kreach.java")" -version 2>&1 | head -1 | cut -d'"' -f2)"
echo "Linux $(grep -m1 '^SUBLEVEL' "$tree/Makefile" >/dev/null && awk '/^VERSION|^PATCHLEVEL|^SUBLEVEL/{printf "%s%s", s, $3; s="."}' "$tree/Makefile"), fs/ceph + net/ceph: $(echo "$files" | wc -l) .c files, $lines lines; $(nproc) cores; median of $runs runs"
echo
echo "| tool | input | wall (s) | peak RSS (MB) |"
echo "|---|---|---:|---:|"
read -r t m < <(measure "$kreach" stats "$tree");                       echo "| kreach stats | directory | $t | $m |"
read -r t m < <(measure "$kreach" path "$tree" --from ceph_con_workfn --to finish_netfs_read); echo "| kreach path ceph_con_workfn → finish_netfs_read | directory | $t | $m |"
read -r t m < <(measure "$kreach" scan "$tree");                        echo "| kreach scan (both rules, text) | directory | $t | $m |"
# A one-file patch: finish_netfs_read's put deferred (made here from the tree, so no kernel text is stored).
sed 's/^\tiput(req->r_inode);$/\tceph_async_iput(req->r_inode);/' "$tree/fs/ceph/addr.c" > "$work/addr.c.new"
diff -u --label a/fs/ceph/addr.c --label b/fs/ceph/addr.c "$tree/fs/ceph/addr.c" "$work/addr.c.new" > "$work/one-file.patch" || true
read -r t m < <(measure "$kreach" check-patch "$tree" "$work/one-file.patch"); echo "| kreach check-patch (one-file patch: base scan, patched scan reusing facts, diff) | directory | $t | $m |"
# The launcher prefers a JDK 25+ for its ahead-of-time cache; the same scan on the java of the PATH for comparison.
chosen="$(awk '{print $2}' "$here/cli/target/kreach.java" 2>/dev/null || true)"
path_java="$(command -v java || true)"
if [[ -n "$path_java" && -n "$chosen" && "$(readlink -f "$path_java")" != "$(readlink -f "$chosen")" ]]; then
  KREACH_JAVA="$path_java" "$kreach" --version >/dev/null   # its class-data archive, outside the timings
  read -r t m < <(KREACH_JAVA="$path_java" measure "$kreach" stats "$tree"); echo "| kreach stats on $("$path_java" -version 2>&1 | head -1 | cut -d'"' -f2) (PATH java, class-data archive) | directory | $t | $m |"
fi
if command -v cflow >/dev/null; then
  read -r t m < <(cd "$tree" && measure cflow --omit-arguments $files);                             echo "| GNU cflow (direct calls only) | directory | $t | $m |"
else
  echo "| GNU cflow | (not installed: apt-get install cflow) | | |"
fi
old_runs=$runs; runs=1
read -r t m < <(measure "$kreach" stats "$tarball");                    echo "| kreach stats | $(basename "$tarball") (decompressed in full) | $t | $m |"
runs=$old_runs
