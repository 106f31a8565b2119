#!/usr/bin/env bash
# Wall time and peak memory (max RSS, JVM start included) of the two reference federations,
# median of 5 runs each. Usage: bench/wall-memory.sh [SHARED_DATA_DIR] (default ../shared/data)
set -euo pipefail
cd "$(dirname "$0")/.."
# Run from a snapshot of the built CLI, so a rebuild during the benchmark cannot break it.
SNAP=$(mktemp -d)
cp -r cli/target/pmad-cli.jar cli/target/lib "$SNAP"/
pmad() { java ${JAVA_OPTS:-} -cp "$SNAP/pmad-cli.jar:$SNAP/lib/*" dev.pmad.cli.Pmad "$@"; }
SHARED=${1:-../shared/data}
tmp=$(mktemp)
trap 'rm -rf "$tmp" "$SNAP"' EXIT
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
measure() {
  local label=$1; shift
  local walls=() rss=()
  for _ in 1 2 3 4 5; do
    /usr/bin/time -f "%e %M" -o "$tmp" java ${JAVA_OPTS:-} -cp "$SNAP/pmad-cli.jar:$SNAP/lib/*" dev.pmad.cli.Pmad "$@" >/dev/null 2>&1
    out=$(tail -1 "$tmp")
    walls+=("${out% *}"); rss+=("${out#* }")
  done
  printf '| %s | %s s | %s MiB |\n' "$label" "$(printf '%s\n' "${walls[@]}" | median)" \
    "$(( $(printf '%s\n' "${rss[@]}" | median) / 1024 ))"
}
echo "| run | wall (median of 5) | peak RSS (median of 5) |"
echo "|---|---|---|"
measure "Breast Cancer Wisconsin, 5 agents, 10 rounds, dirichlet:0.5" \
  simulate --data data/breast_cancer_wisconsin.csv --label label --agents 5 --rounds 10 --partition dirichlet:0.5 --seed 42 --strategy fedavg --json
measure "UCI Adult, 5 agents, 20 rounds, dirichlet:0.5" \
  simulate --data "$SHARED/adult_train.csv" --test-data "$SHARED/adult_test.csv" --label label --agents 5 --rounds 20 \
    --partition dirichlet:0.5 --seed 42 --strategy fedavg --batch-size 64 --learning-rate 0.1 --lr-decay 1 --json
