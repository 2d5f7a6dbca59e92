#!/usr/bin/env bash
# What the chain search's settings do on a whole tree: the rule pack's generic-components (3, 5, 8, none) at
# the bundled component-depth, the models' component-depth (2, 3, 4, none) at the bundled generic-components, and
# the hop check's trace-depth (6, 24), trace-callers (2, 8) and trace-fields (2, 4, 6) beside the bundled 12, 32, 4.
# One whole-tree scan per value, with a warm facts cache (the first run fills it), -Xmx4g. A Markdown table on
# stdout: findings per rule, the fs/ceph + net/ceph findings, the fs/smb/client findings, wall time.
#   bench/search-settings.sh [TREE]   (a directory or tarball; default /usr/src/linux-source-6.12.tar.xz)
#   KREACH=/path/to/kreach bench/search-settings.sh   runs another kreach (a copy, while the tree is being edited)
#   SETTINGS_TIMEOUT=600 bench/search-settings.sh     seconds a run may take before it is stopped (default 300)
#   SETTINGS_GROUPS="trace" bench/search-settings.sh  only some groups of rows (search, depth, trace, fields;
#                                                     default all)
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
tree="${1:-/usr/src/linux-source-6.12.tar.xz}"
work="$here/bench/out/search-settings"
mkdir -p "$work"
kreach="${KREACH:-$here/kreach}"   # KREACH: another kreach command (e.g. a copy of a build)
"$kreach" --version >/dev/null
export KREACH_JAVA_OPTS="-Xmx4g"

run() {  # run NAME EXTRA-ARGS...: prints one table row
  local name="$1"; shift
  local file="${name//[: ]/}" start end rc=0
  start=$(date +%s.%N)
  timeout "${SETTINGS_TIMEOUT:-300}" "$kreach" scan "$tree" --scope . --format json -o "$work/$file.json" "$@" \
    2> "$work/$file.err" || rc=$?
  end=$(date +%s.%N)
  if ((rc == 124)); then
    echo "| $name | did not finish in ${SETTINGS_TIMEOUT:-300} s | | | | | | | | | |"
    return
  fi
  ((rc <= 1)) || { echo "failed ($rc): $name" >&2; tail -3 "$work/$file.err" >&2; exit 1; }
  python3 - "$work/$file.json" "$name" "$(echo "$end - $start" | bc)" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
f = d["findings"]
def count(rule, prefixes=None):
    return sum(1 for x in f if x["rule"] == rule and (prefixes is None or x["file"].startswith(prefixes)))
ceph = ("fs/ceph/", "net/ceph/")
print(f"| {sys.argv[2]} | {len(f)} | {count('kreach/iput-in-writeback')} | {count('kreach/iput-in-messenger')} "
      f"| {count('kreach/iput-in-smb-receive')} | {count('kreach/iput-in-writeback', ceph)} "
      f"| {count('kreach/iput-in-messenger', ceph)} | {count('kreach/iput-in-smb-receive', ('fs/smb/client/',))} "
      f"| {d['summary']['refinement']['chainsRefuted']} | {d['summary']['refinement']['findingsWithOnlyVerifiedHops']} "
      f"| {float(sys.argv[3]):.0f} |")
PY
}

"$kreach" scan "$tree" --scope . --format json -o "$work/warm.json" 2> "$work/warm.err" || true
echo "| setting | findings | writeback | messenger | SMB receive | writeback in fs/ceph, net/ceph | messenger in fs/ceph, net/ceph | SMB receive in fs/smb/client | chains refuted | findings with only verified hops | wall (s) |"
echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
groups=" ${SETTINGS_GROUPS:-search depth trace fields} "
if [[ $groups == *" search "* ]]; then
  for g in 3 5 8 none; do
    printf 'settings:\n  generic-components: %s\n' "$g" > "$work/generic-$g.yaml"
    run "generic-components: $g" --rules "$work/generic-$g.yaml"
  done
fi
if [[ $groups == *" depth "* ]]; then
  for d in 2 4 none; do
    printf 'settings:\n  component-depth: %s\n' "$d" > "$work/depth-$d.yaml"
    run "component-depth: $d" --models "$work/depth-$d.yaml"
  done
fi
if [[ $groups == *" trace "* ]]; then
  for t in "trace-depth: 6" "trace-depth: 24" "trace-callers: 2" "trace-callers: 8"; do
    file="$work/${t//[: ]/}.yaml"
    printf 'settings:\n  %s\n' "$t" > "$file"
    run "$t" --rules "$file"
  done
fi
if [[ $groups == *" fields "* ]]; then
  for t in "trace-fields: 2" "trace-fields: 4" "trace-fields: 6"; do
    file="$work/${t//[: ]/}.yaml"
    printf 'settings:\n  %s\n' "$t" > "$file"
    run "$t" --rules "$file"
  done
fi
