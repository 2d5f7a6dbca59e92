#!/usr/bin/env bash
# Build-mode benchmark, one run, on the same 49 files of fs/ceph + net/ceph with the objects already built
# (bench/kbuild.sh): sparse as kbuild's checker, kreach-check as kbuild's checker plus one `kreach scan --journal`,
# and `kreach scan --compile-commands`. Wall time, CPU time (user + system) and peak RSS; a Markdown table on stdout.
#   bench/build-mode.sh [BASE]   (default $KREACH_KBUILD or /tmp/kreach-kbuild-6.12.117; needs sparse, GNU time)
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
base=${1:-${KREACH_KBUILD:-/tmp/kreach-kbuild-6.12.117}}
for tool in sparse /usr/bin/time; do
  command -v "$tool" >/dev/null || { echo "bench/build-mode.sh: $tool is missing (apt-get install sparse time)" >&2; exit 2; }
done
"$here/bench/kbuild.sh" "$base"
src=$base/linux-source-6.12
obj=$base/obj
kreach="$here/kreach"
"$kreach" --version >/dev/null   # builds the jar and its class cache outside the timings
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# One run: prints "wall cpu rss-MB".
measure() {
  /usr/bin/time -o "$work/time.txt" -f "%e %U %S %M" "$@" > "$work/out" 2> "$work/err" || true
  # GNU time puts "Command exited with non-zero status N" first when kreach reports findings (exit 1).
  tail -n 1 "$work/time.txt" | awk '{ printf "%.1f %.1f %d", $1, $2 + $3, $4 / 1024 }'
}
row() { # label, then one "wall cpu rss" per step: the steps' times add up, the peak RSS is the largest
  local label=$1; shift
  printf '%s\n' "$@" | awk -v label="$label" '{ w += $1; c += $2; if ($3 > r) r = $3 }
    END { printf "| %s | %.1f s | %.1f s | %d MB |\n", label, w, c, r }'
}
mk=(make -s -C "$src" O="$obj" -j2 C=2)

sparse=$(measure "${mk[@]}" CHECK=sparse fs/ceph/ net/ceph/)
rm -f "$work/kreach.journal"
check=$(KREACH_JOURNAL="$work/kreach.journal" measure "${mk[@]}" CHECK="$here/kreach-check" fs/ceph/ net/ceph/)
journal=$(measure "$kreach" scan "$src" --journal "$work/kreach.journal")
database=$(measure "$kreach" scan "$src" --compile-commands "$obj/compile_commands.json")
findings=$(grep '^[0-9]* findings' "$work/out")
units=$(grep -c '^end' "$work/kreach.journal")

echo "| run (fs/ceph + net/ceph, 49 files, objects built, $(nproc) cores) | wall | CPU | peak RSS |"
echo "|---|---|---|---|"
row 'make C=2 CHECK=sparse' "$sparse"
row 'make C=2 CHECK=kreach-check' "$check"
row 'kreach scan --journal' "$journal"
row 'kreach-check + kreach scan --journal' "$check" "$journal"
row 'kreach scan --compile-commands' "$database"
echo
echo "kreach: $findings; the journal recorded $units files (scripts/mod/empty.c is out of scope)"
