#!/usr/bin/env bash
# In-memory federations of many agents: wall time (JVM start and CSV load included) and round
# overhead against the number of agents, on synthetic data (bench/synthetic.py: ROWS x 20 numeric
# features and a 0/1 label; no --schema, so schema inference is timed too). Needs a build
# (./mvnw -q -DskipTests package), python3 and jq.
#
# Usage: bench/agents.sh [REPEATS [ROWS [AGENTS...]]]   (default: 3, 200000, 5 50 500 5000 10000)
#
# Round overhead = a round's wall time (RoundResult.roundSeconds) minus its slowest agent's
# reported training time (slowestTrainSeconds): what the coordinator, messaging and the sharing
# of two cores by every agent's training add. Rounds 2 and 3 only (round 1 pays class loading and
# JIT warm-up); each cell is the median over REPEATS runs, each in a fresh JVM. Prints Markdown.
set -euo pipefail
cd "$(dirname "$0")/.."
PMAD=bin/pmad
REPEATS=${1:-3}
ROWS=${2:-200000}
shift $(( $# > 2 ? 2 : $# )) || true
AGENTS=${*:-5 50 500 5000 10000}
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
python3 bench/synthetic.py "$ROWS" 20 > "$WORK/synth.csv"

median() { sort -g | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }

echo "| agents | wall, 3 rounds (s) | round overhead (ms) | overhead per agent (µs) |"
echo "|---|---|---|---|"
for agents in $AGENTS; do
  : > "$WORK/wall" ; : > "$WORK/overhead"
  for _ in $(seq "$REPEATS"); do
    start=$(date +%s.%N)
    (cd "$WORK" && "$OLDPWD/$PMAD" simulate --data synth.csv --agents "$agents" --rounds 3 --strategy fedavg --json \
      2>/dev/null) > "$WORK/run.json"
    echo "$(date +%s.%N) - $start" | bc -l >> "$WORK/wall"
    jq -r '[.rounds[1:][] | (.roundSeconds - .slowestTrainSeconds) * 1000] | sort | .[length / 2 | floor]' \
      "$WORK/run.json" >> "$WORK/overhead"
  done
  wall=$(median < "$WORK/wall"); overhead=$(median < "$WORK/overhead")
  printf '| %d | %.1f | %.0f | %.1f |\n' "$agents" "$wall" "$overhead" "$(echo "$overhead * 1000 / $agents" | bc -l)"
done
echo
echo "Machine: $(nproc) cores; load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)."
