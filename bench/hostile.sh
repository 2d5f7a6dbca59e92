#!/usr/bin/env bash
# Costs that a hostile or generated input could make quadratic, measured on generated inputs: one context worker
# reaching N functions that each put an inode (N findings on one sink, the case that made SARIF sort the sink's
# callers once per finding), rendered as text, JSON and SARIF in the same run; and a 2.9 MB rule pack extending one
# built-in rule, as one entry with 100,000 sinks and as 17,000 entries of two functions each (the case that made
# merging rebuild the rule per entry), beside the same scan without it. Wall time, CPU time and peak RSS of each run
# with a warm facts cache (a first run fills it); a Markdown table on stdout. There is no peer tool that renders
# SARIF or merges rule packs from the same facts; each row is read beside its own baseline in the same run.
#   bench/hostile.sh            (needs GNU time and python3)
#   HOSTILE_SIZES="4000 20000" bench/hostile.sh   the finding counts (default 4000 20000)
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
work="$here/bench/out/hostile"
sizes="${HOSTILE_SIZES:-4000 20000}"
mkdir -p "$work"
command -v /usr/bin/time >/dev/null || { echo "bench/hostile.sh: /usr/bin/time is missing (apt-get install time)" >&2; exit 2; }
kreach="$here/kreach"
"$kreach" --version >/dev/null
export KREACH_JAVA_OPTS="-Xmx4g"

python3 - "$work" $sizes <<'PY'
import os, sys
work, sizes = sys.argv[1], [int(n) for n in sys.argv[2:]]
for n in sizes + [100]:
    root = f"{work}/puts-{n}"
    os.makedirs(f"{root}/include/linux", exist_ok=True)
    os.makedirs(f"{root}/net/ceph", exist_ok=True)
    open(f"{root}/Makefile", "w").write("VERSION = 6\nPATCHLEVEL = 12\nSUBLEVEL = 0\n")
    with open(f"{root}/net/ceph/many.c", "w") as f:
        f.write("struct inode;\nstruct work_struct { int pending; };\nstruct delayed_work { struct work_struct work; };\n"
                "struct ceph_connection { struct delayed_work work; struct inode *inode; };\n"
                "void iput(struct inode *inode);\n")
        for i in range(n):
            f.write(f"static void put{i}(struct ceph_connection *con)\n{{\n\tiput(con->inode);\n}}\n")
        f.write("static void many_workfn(struct work_struct *work)\n{\n"
                "\tstruct ceph_connection *con = container_of(work, struct ceph_connection, work.work);\n\n")
        for i in range(n):
            f.write(f"\tput{i}(con);\n")
        f.write("}\n\nvoid many_init(struct ceph_connection *con)\n{\n\tINIT_DELAYED_WORK(&con->work, many_workfn);\n}\n")
with open(f"{work}/one-entry.yaml", "w") as f:
    f.write("rules:\n  - id: kreach/iput-in-messenger\n    sinks:\n")
    i = 0
    while f.tell() < 2_900_000:
        f.write(f"      - function: extra_sink_{i:06d}\n")
        i += 1
with open(f"{work}/many-entries.yaml", "w") as f:
    f.write("rules:\n")
    i = 0
    while f.tell() < 2_900_000:
        f.write(f"  - id: kreach/iput-in-messenger\n    sinks:\n      - function: s_{i:06d}\n"
                f"    referenced-by:\n      - function: r_{i:06d}\n")
        i += 1
PY

measure() {  # measure ARGS...: prints "wall | cpu | rss" of one kreach run
  local rc=0
  /usr/bin/time -o "$work/time.txt" -f "%e %U %S %M" "$kreach" "$@" > "$work/last.out" 2> "$work/last.err" || rc=$?
  ((rc <= 1)) || { echo "bench/hostile.sh: kreach $* failed ($rc)" >&2; tail -3 "$work/last.err" >&2; exit 1; }
  read -r wall user sys rss < <(tail -n 1 "$work/time.txt")   # after "Command exited with non-zero status 1"
  printf '%s s | %.1f s | %d MB' "$wall" "$(echo "$user + $sys" | bc)" "$((rss / 1024))"
}

echo "| input | output | wall | CPU | peak RSS | bytes out |"
echo "|---|---|---|---|---|---|"
for n in $sizes; do
  tree="$work/puts-$n"
  "$kreach" scan "$tree" --scope net/ceph --cache "$work/cache" >/dev/null 2>&1 || true   # fills the cache
  for format in text json sarif; do
    row="$(measure scan "$tree" --scope net/ceph --cache "$work/cache" --format "$format")"
    echo "| $n findings on one sink | $format | $row | $(wc -c < "$work/last.out") |"
  done
done
tree="$work/puts-100"
"$kreach" scan "$tree" --scope net/ceph --cache "$work/cache" >/dev/null 2>&1 || true
echo "| 100 findings, bundled pack only | text | $(measure scan "$tree" --scope net/ceph --cache "$work/cache") | |"
for pack in one-entry many-entries; do
  echo "| 100 findings, + 2.9 MB pack ($pack) | text | $(measure scan "$tree" --scope net/ceph --cache "$work/cache" \
    --rules "$work/$pack.yaml") | |"
done
