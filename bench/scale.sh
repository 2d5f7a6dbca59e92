#!/usr/bin/env bash
# Scale benchmark, one run, side by side on the same files: kreach fast mode (cold, with a warm facts cache), GNU
# cflow and Coccinelle's spatch matching iput() calls, on fs/ceph + net/ceph and on the whole tree. Wall time, CPU
# time (user + system) and peak RSS of each; a Markdown table on stdout.
#   bench/scale.sh [TARBALL]     (default /usr/src/linux-source-6.12.tar.xz; needs GNU time, cflow, coccinelle)
#   SCALE_INPUTS="ceph" bench/scale.sh   runs only the ceph rows
# kreach runs with -Xmx4g (KREACH_JAVA_OPTS): the whole-tree target is 5 minutes within a 4 GiB heap.
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
tarball="${1:-/usr/src/linux-source-6.12.tar.xz}"
inputs="${SCALE_INPUTS:-ceph whole}"
work="$here/bench/out"
tree="$work/full"
mkdir -p "$work"
for tool in cflow spatch /usr/bin/time; do
  command -v "$tool" >/dev/null || { echo "bench/scale.sh: $tool is missing (apt-get install cflow coccinelle time)" >&2; exit 2; }
done
if [[ ! -f "$tree/Makefile" ]]; then
  echo "extracting $tarball into $tree ..." >&2
  mkdir -p "$tree"
  tar -xJf "$tarball" -C "$tree" --strip-components=1
fi
kreach="$here/kreach"
"$kreach" --version >/dev/null   # builds the jar and its class cache outside the timings
export KREACH_JAVA_OPTS="-Xmx4g"

# One run: prints "wall cpu rss-MB"; the command's stdout goes to $work/scale-last.out.
measure() {
  local rc=0
  /usr/bin/time -o "$work/scale-time.txt" -f "%e %U %S %M" "$@" > "$work/scale-last.out" 2> "$work/scale-last.err" || rc=$?
  # exit 1 is an answer (kreach scan with findings); spatch and cflow exit 0
  ((rc <= 1)) || { echo "failed ($rc): $*" >&2; tail -3 "$work/scale-last.err" >&2; exit 1; }
  tail -1 "$work/scale-time.txt" | awk '{printf "%.1f %.1f %.0f\n", $1, $2 + $3, $4 / 1024}'
}
row() { printf '| %s | %s | %s | %s | %s | %s |\n' "$@"; }

echo "Linux $(awk '/^VERSION|^PATCHLEVEL|^SUBLEVEL/{printf "%s%s", s, $3; s="."}' "$tree/Makefile"); $(nproc) cores; one run each"
echo
echo "| tool | input | wall (s) | CPU (s) | peak RSS (MB) | what it produced |"
echo "|---|---|---:|---:|---:|---|"
for input in $inputs; do
  case "$input" in
    ceph) scope=(--scope fs/ceph --scope net/ceph); dirs=(fs/ceph net/ceph); label="fs/ceph + net/ceph" ;;
    whole) scope=(--scope .); dirs=(.); label="whole tree" ;;
    *) echo "unknown input $input (ceph, whole)" >&2; exit 2 ;;
  esac
  files=$(cd "$tree" && find "${dirs[@]}" -name '*.c' | sed 's|^\./||' | sort)
  label="$label ($(echo "$files" | wc -l) .c files)"
  cache="$work/scale-cache"
  rm -rf "$cache"
  read -r w c m < <(measure "$kreach" scan "$tree" "${scope[@]}" --cache "$cache")
  findings=$(grep -E '^[0-9]+ findings?:' "$work/scale-last.out" | head -1 | cut -d: -f1)
  row "kreach scan, cold (parse, fill the cache)" "$label" "$w" "$c" "$m" "$findings, with call chains"
  read -r w c m < <(measure "$kreach" scan "$tree" "${scope[@]}" --cache "$cache")
  row "kreach scan, warm cache (tree unchanged)" "$label" "$w" "$c" "$m" "the same $findings"
  # cflow needs the file names on its command line; run from the tree so its output names match.
  read -r w c m < <(cd "$tree" && measure cflow --omit-arguments $files)
  row "GNU cflow (direct calls only)" "$label" "$w" "$c" "$m" "$(wc -l < "$work/scale-last.out") lines of call tree"
  # spatch takes one --dir, so it gets the same file list; run from outside the repository, or it looks for files
  # with git grep, and bench/out is ignored by git.
  abs=$(echo "$files" | sed "s|^|$tree/|")
  read -r w c m < <(cd / && measure spatch --very-quiet --sp-file "$here/bench/iput.cocci" -j "$(nproc)" $abs)
  row "Coccinelle spatch, iput() calls (-j $(nproc))" "$label" "$w" "$c" "$m" "$(sort -u "$work/scale-last.out" | grep -c ':') iput() sites, no context"
done
