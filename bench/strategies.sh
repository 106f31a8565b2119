#!/usr/bin/env bash
# Strategy x partition table: for each strategy (default hyper-parameters and local training) and
# each split of the rows over 5 agents, the first round whose global model comes within 1 point of
# the centralized optimum (`pmad centralized`, exact solver, same split and test rows), out of 30,
# and the accuracy after 30 rounds. No DP; seed 1.
# Usage: bench/strategies.sh [SHARED_DATA_DIR] [STRATEGIES...]  (default: ../shared/data, all)
# Prints a Markdown table on stdout.
set -uo pipefail
cd "$(dirname "$0")/.."
SNAP=$(mktemp -d)
cp -r cli/target/pmad-cli.jar cli/target/lib "$SNAP"/
trap 'rm -rf "$SNAP"' EXIT
pmad() { java ${JAVA_OPTS:-} -cp "$SNAP/pmad-cli.jar:$SNAP/lib/*" dev.pmad.cli.Pmad "$@"; }
SHARED=${1:-../shared/data}
shift || true
STRATEGIES=${*:-newton fedavg fedavgm fedadagrad fedadam fedyogi fedprox scaffold fedmedian fedtrimmedavg krum}
ROUNDS=30

# "<first round within 1 point> (<final accuracy>)" from a simulate JSON and the optimum.
reach() {
  python3 -c '
import json, sys
opt = float(sys.argv[1]); d = json.load(sys.stdin)
if d.get("outcome") != "COMPLETED": print("failed"); sys.exit()
first = next((r["round"] for r in d["rounds"] if r["accuracy"] is not None and r["accuracy"] >= opt - 0.01), None)
print(("%d" % first if first else ">%d" % len(d["rounds"])) + " (%.4f)" % d["final"]["accuracy"])' "$1"
}
acc() { python3 -c 'import json,sys; print("%.4f" % json.load(sys.stdin)["final"]["accuracy"])'; }

row_for() {
  local name=$1 data=$2
  for partition in iid dirichlet:0.5 dirichlet:0.1; do
    local common="$data --agents 5 --partition $partition --seed 1 --json"
    local opt
    opt=$(pmad centralized $common 2>/dev/null | acc)
    local row="| $name | $partition | $opt |"
    for s in $STRATEGIES; do
      row="$row $(pmad simulate $common --rounds $ROUNDS --strategy $s 2>/dev/null | reach "$opt") |"
    done
    echo "$row"
  done
}

header="| dataset | partition | optimum |"
sep="|---|---|---|"
for s in $STRATEGIES; do header="$header $s |"; sep="$sep---|"; done
echo "$header"
echo "$sep"
row_for "UCI Adult" "--data $SHARED/adult_train.csv --test-data $SHARED/adult_test.csv --label label"
row_for "Breast Cancer Wisconsin" "--data data/breast_cancer_wisconsin.csv --label label"
