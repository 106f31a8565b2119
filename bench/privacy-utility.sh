#!/usr/bin/env bash
# Privacy-utility table: accuracy of each privacy mode at epsilon 0.5..8 (delta 1e-5), 5 agents,
# dirichlet:0.5, 10 rounds, against no DP and the centralized non-private reference. The schema is
# what `pmad schema` writes by default (public ranges, no declared scale), so in DP runs every
# agent releases only noised row counts and noised feature statistics, as deployed agents do.
# Usage: bench/privacy-utility.sh [SHARED_DATA_DIR]   (default: ../shared/data)
# Prints a Markdown table on stdout; each cell is the final accuracy of one `pmad simulate` run.
set -uo pipefail
cd "$(dirname "$0")/.."
# Run from a snapshot of the built CLI, so a rebuild during the benchmark cannot break it.
SNAP=$(mktemp -d)
cp -r cli/target/pmad-cli.jar cli/target/lib "$SNAP"/
trap 'rm -rf "$SNAP"' EXIT
pmad() { java ${JAVA_OPTS:-} -cp "$SNAP/pmad-cli.jar:$SNAP/lib/*" dev.pmad.cli.Pmad "$@"; }
SHARED=${1:-../shared/data}
PMAD=pmad
acc() { python3 -c 'import json,sys; d=json.load(sys.stdin); a=d["final"]["accuracy"]; print("-" if a is None else f"{a:.4f}")'; }

SCHEMAS=$(mktemp -d)
trap 'rm -rf "$SNAP" "$SCHEMAS"' EXIT
$PMAD schema --data data/breast_cancer_wisconsin.csv > "$SCHEMAS/bc.json"
$PMAD schema --data data/breast_cancer_wisconsin.csv --with-scale > "$SCHEMAS/bc-scale.json"
$PMAD schema --data "$SHARED/adult_train.csv,$SHARED/adult_test.csv" > "$SCHEMAS/adult.json"

# Rows: record mode with the default strategy (newton: noised gradients and one noised Gram matrix),
# record mode with fedavg (DP-SGD in each agent, tuned SGD options), then local and central mode
# (fedavg, their default). "No DP" is the same strategy without DP.
run_dataset() {
  local name=$1 data=$2 base=$3 record=$4
  local common="$data --agents 5 --partition dirichlet:0.5 --rounds 10 --seed 42 --json"
  local cen
  cen=$($PMAD centralized $common 2>/dev/null | acc)
  for variant in "record newton" "record fedavg" "local fedavg" "central fedavg"; do
    set -- $variant
    local mode=$1 strategy=$2 opts="--strategy newton"
    [ "$strategy" = fedavg ] && opts="--strategy fedavg $base"
    [ "$mode $strategy" = "record fedavg" ] && opts="--strategy fedavg $record"
    local nodp
    nodp=$($PMAD simulate $common $([ "$strategy" = fedavg ] && echo "--strategy fedavg $base" || echo "--strategy newton") 2>/dev/null | acc)
    local row="| $name | $mode, $strategy |"
    for eps in 0.5 1 2 4 8; do
      row="$row $($PMAD simulate $common $opts --dp-mode $mode --dp-epsilon $eps --dp-delta 1e-5 2>/dev/null | acc) |"
    done
    echo "$row $nodp | $cen |"
  done
}

echo "| dataset | mode, strategy | eps 0.5 | eps 1 | eps 2 | eps 4 | eps 8 | no DP | centralized, no DP |"
echo "|---|---|---|---|---|---|---|---|---|"
run_dataset "Breast Cancer Wisconsin" "--data data/breast_cancer_wisconsin.csv --schema $SCHEMAS/bc.json" \
  "--learning-rate 0.05 --batch-size 1" "--learning-rate 1 --batch-size 32"
run_dataset "UCI Adult" "--data $SHARED/adult_train.csv --test-data $SHARED/adult_test.csv --schema $SCHEMAS/adult.json" \
  "--learning-rate 0.1 --batch-size 64 --lr-decay 1" "--learning-rate 0.5 --batch-size 64"
# The same Breast Cancer record-mode row with a schema that declares each feature's public mean and
# standard deviation (pmad schema --with-scale): the agents then release no feature statistics.
row="| Breast Cancer Wisconsin, declared scale | record, newton |"
for eps in 0.5 1 2 4 8; do
  row="$row $($PMAD simulate --data data/breast_cancer_wisconsin.csv --schema "$SCHEMAS/bc-scale.json" --agents 5 \
    --partition dirichlet:0.5 --rounds 10 --seed 42 --json --dp-mode record \
    --dp-epsilon $eps --dp-delta 1e-5 2>/dev/null | acc) |"
done
echo "$row – | – |"
