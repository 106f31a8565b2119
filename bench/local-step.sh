#!/usr/bin/env bash
# The local step against scikit-learn's SGD, back to back on the same rows (issue 16, acceptance 4).
#
# Usage: bench/local-step.sh [DATA_DIR [ROUNDS [REPEATS]]]
#        (default: ../shared/data, 30 rounds, 5 repeats; reads DATA_DIR/adult_train.csv)
#
# Needs a build (./mvnw -q -DskipTests package) and scikit-learn for Python 3:
#   apt-get install -y python3-sklearn      (Debian/Ubuntu; installs for /usr/bin/python3)
#   pip install scikit-learn                (elsewhere)
# Set PYTHON to the interpreter that has it; by default the first of python3 and /usr/bin/python3
# that can import sklearn is used.
#
# Both sides run the same federation on the same rows: UCI Adult's training file split iid over 5
# agents (seed 42) and encoded once by PMAD (standardised numeric columns, one-hot categories: 105
# features), written to a temporary directory for the Python side. Every round, each agent in turn
# takes one local step from the global model (1 epoch, batch 1, constant learning rate 0.05, log
# loss, no penalty, rows reshuffled each epoch) and the global model becomes the row-weighted mean.
# A round's time is the sum of the 5 agents' training calls: PMAD's engine.train
# (dev.pmad.agent.bench.LocalStepBench) and scikit-learn's SGDClassifier.partial_fit
# (bench/local_step_sklearn.py), in wall time and in the training thread's CPU time (on a shared
# machine the wall time also counts the time other processes held the core). Each run reports the
# median over rounds 2..ROUNDS (round 1 holds the JIT's warm-up); each cell is the median over
# REPEATS runs, each in a fresh process, the two sides alternating so that both see the same
# machine. Prints Markdown on stdout, each run's numbers on stderr.
set -euo pipefail
cd "$(dirname "$0")/.."
DATA_DIR=${1:-../shared/data}
ROUNDS=${2:-30}
REPEATS=${3:-5}
TRAIN="$DATA_DIR/adult_train.csv"
JAR=cli/target/pmad-cli.jar

[ -f "$JAR" ] || { echo "local-step.sh: $JAR not found; build first: ./mvnw -q -DskipTests package" >&2; exit 2; }
[ -f "$TRAIN" ] || { echo "local-step.sh: $TRAIN not found; pass the directory holding adult_train.csv" >&2; exit 2; }
PY=""
for candidate in ${PYTHON:-python3 /usr/bin/python3}; do
  if "$candidate" -c 'import sklearn, numpy' 2>/dev/null; then PY=$candidate; break; fi
done
if [ -z "$PY" ]; then
  echo "local-step.sh: scikit-learn is not importable from ${PYTHON:-python3 or /usr/bin/python3}." >&2
  echo "  Install it: apt-get install -y python3-sklearn (Debian/Ubuntu), or pip install scikit-learn;" >&2
  echo "  then run again, with PYTHON=/path/to/python3 if it went to another interpreter." >&2
  exit 2
fi

EXPORT=$(mktemp -d)
trap 'rm -rf "$EXPORT"' EXIT
pmad_bench() {
  java ${JAVA_OPTS:-} -cp "$JAR:cli/target/lib/*" dev.pmad.agent.bench.LocalStepBench --data "$TRAIN" --agents 5 \
    --rounds "$ROUNDS" --epochs 1 --learning-rate 0.05 --seed 42 "$@"
}
sklearn_bench() { "$PY" bench/local_step_sklearn.py "$EXPORT" "$ROUNDS" 1 0.05 42; }
field() { "$PY" -c "import json, sys; print(json.load(sys.stdin)['$1'])"; }
median() { sort -g | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }

pmad_bench --export "$EXPORT" >/dev/null # writes the encoded rows once
declare -A runs=()
for r in $(seq "$REPEATS"); do
  if [ $((r % 2)) -eq 1 ]; then
    p=$(pmad_bench); s=$(sklearn_bench)
  else
    s=$(sklearn_bench); p=$(pmad_bench)
  fi
  for key in medianRoundMs medianRoundCpuMs; do
    runs[pmad.$key]+="$(echo "$p" | field $key) "
    runs[sk.$key]+="$(echo "$s" | field $key) "
  done
  echo "repeat $r: wall ms pmad $(echo "$p" | field medianRoundMs), scikit-learn $(echo "$s" | field medianRoundMs);" \
    "CPU ms pmad $(echo "$p" | field medianRoundCpuMs), scikit-learn $(echo "$s" | field medianRoundCpuMs)" >&2
done
med() { printf '%s\n' ${runs[$1]} | median; }
rows=$(echo "$p" | field rows)
sk_version=$("$PY" -c 'import sklearn; print(sklearn.__version__)')

echo "UCI Adult, $rows rows over 5 agents, 1 epoch of batch-1 steps per round; ms per round, median of $REPEATS runs"
echo "(each run: median of rounds 2..$ROUNDS); in brackets each run's median."
echo
echo "| local step | wall ms / round | CPU ms / round | µs CPU per row |"
echo "|---|---|---|---|"
for side in pmad sk; do
  name="PMAD (SgdTrainer)"
  [ "$side" = sk ] && name="scikit-learn $sk_version SGDClassifier.partial_fit"
  wall=$(med "$side.medianRoundMs"); cpu=$(med "$side.medianRoundCpuMs")
  printf '| %s | %.1f (%s) | %.1f (%s) | %.2f |\n' "$name" "$wall" "$(echo ${runs[$side.medianRoundMs]})" \
    "$cpu" "$(echo ${runs[$side.medianRoundCpuMs]})" "$(echo "$cpu * 1000 / $rows" | bc -l)"
done
echo
printf 'scikit-learn / PMAD: %.1fx in wall time, %.1fx in CPU time. Final mean training loss: PMAD %s, scikit-learn %s.\n' \
  "$(echo "$(med sk.medianRoundMs) / $(med pmad.medianRoundMs)" | bc -l)" \
  "$(echo "$(med sk.medianRoundCpuMs) / $(med pmad.medianRoundCpuMs)" | bc -l)" \
  "$(echo "$p" | field meanTrainLoss)" "$(echo "$s" | field meanTrainLoss)"
echo "Machine: $(nproc) cores, $(java -version 2>&1 | head -1), $("$PY" --version 2>&1); load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)."
