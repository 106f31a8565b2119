#!/usr/bin/env bash
# XMPP benchmarks: round overhead over XMPP versus in memory, for 5 and 50 agents, and one-way
# throughput of model updates through Prosody. Needs a build (./mvnw -q -DskipTests package),
# prosody on PATH and jq.
#
# Usage: bench/xmpp.sh [ROUNDS [REPEATS]]     (default: 10 rounds, 3 repeats)
#
# Round overhead = a round's wall time (RoundResult.roundSeconds: ROUND_START out to the last
# evaluation in) minus its slowest agent's reported training time (slowestTrainSeconds): what
# messaging, aggregation and evaluation add. Round 1 is left out (class loading, JIT warm-up).
# Each cell is the median over REPEATS runs, each in a fresh JVM, of the run's median round
# overhead, in milliseconds. Prints Markdown on stdout.
set -euo pipefail
cd "$(dirname "$0")/.."
PMAD=bin/pmad
ROUNDS=${1:-10}
REPEATS=${2:-3}

# Median over rounds 2..R of (roundSeconds - slowestTrainSeconds), in ms.
run_overhead() {
  jq -r '[.rounds[1:][] | (.roundSeconds - .slowestTrainSeconds) * 1000] | sort | .[length / 2 | floor]'
}
median() { sort -g | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }

echo "| agents | in memory (ms) | over XMPP (ms) | XMPP / in memory |"
echo "|---|---|---|---|"
for agents in 5 50; do
  common="--data data/breast_cancer_wisconsin.csv --schema data/breast_cancer_wisconsin.schema.json"
  common="$common --agents $agents --rounds $ROUNDS --partition iid --seed 42 --json"
  mem=$(for _ in $(seq "$REPEATS"); do $PMAD simulate $common 2>/dev/null | run_overhead; done | median)
  xmpp=$(for _ in $(seq "$REPEATS"); do $PMAD local $common 2>/dev/null | run_overhead; done | median)
  printf '| %d | %.1f | %.1f | %.1f |\n' "$agents" "$mem" "$xmpp" "$(echo "$xmpp / $mem" | bc -l)"
done

echo
echo "| parameters | chunk (KiB) | update on the wire (MB) | one at a time: median s / update | one at a time (MB/s) | pipelined (MB/s) |"
echo "|---|---|---|---|---|---|"
for run in "100000 65536" "500000 65536" "500000 184320"; do
  set -- $run
  $PMAD xmpp-throughput --parameters "$1" --chunk-bytes "$2" --messages 10 2>/dev/null | jq -r \
    '"| \(.parameters) | \(.chunkBytes / 1024) | \(.payloadMB * 100 | round / 100) | \(.medianSecondsPerUpdate * 1000 | round / 1000) | \(.oneAtATimePayloadMBps * 10 | round / 10) | \(.pipelinedPayloadMBps * 10 | round / 10) |"'
done
echo
echo "Machine: $(nproc) cores; load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)."
