#!/usr/bin/env bash
# Schema inference on a 51 MB CSV (340,000 synthetic rows x 20 numeric features: every value
# distinct, the worst case for a per-column set of values) and JVM start, each the median of
# REPEATS runs of `pmad schema` and `pmad --version`. Needs a build, python3 and /usr/bin/time.
#
# Usage: bench/schema.sh [REPEATS]   (default 3)
set -euo pipefail
cd "$(dirname "$0")/.."
REPEATS=${1:-3}
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
python3 bench/synthetic.py 340000 20 7 > "$WORK/synth51.csv"
median() { sort -g | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
time_of() { for _ in $(seq "$REPEATS"); do /usr/bin/time -f '%e' "$@" 2>&1 >/dev/null | tail -1; done | median; }
echo "| command | wall (s, median of $REPEATS) |"
echo "|---|---|"
echo "| pmad schema on $(du -m "$WORK/synth51.csv" | cut -f1) MB | $(time_of bin/pmad schema --data "$WORK/synth51.csv" --label label) |"
echo "| pmad --version (JVM start) | $(time_of bin/pmad --version) |"
echo
echo "Machine: $(nproc) cores; load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)."
