#!/usr/bin/env bash
# Whole rounds with and without secure aggregation (issue 17, acceptance 5): seconds per round
# and bytes on the wire per agent, for 5, 20 and 50 agents and models of 1k, 100k and 1M weights.
# `pmad round-cost` runs the real coordinator and agents (every message of a round through the
# JSON codec; secure rounds with the real SecAgg sessions); only local training is a fixed random
# step, so the numbers are the protocol's, not Tribuo's. Bytes are the encoded messages each
# party's transport sends and receives (JSON, base64 vectors), per agent per round, heartbeats
# included. Needs a build (./mvnw -q -DskipTests package) and jq; prosody on PATH for xmpp.
#
# Usage: bench/secure-rounds.sh [TRANSPORT [ROUNDS [AGENTS [PARAMETERS]]]]
#        (default: memory, 3 timed rounds after 1 untimed, "5 20 50", "1000 100000 1000000")
#
# Each cell runs plain then secure, back to back, each in a fresh JVM; "secure / plain" is the
# ratio of their median round times (ROUND_START out to the last evaluation in, rounds 2..). A
# cell that fails (out of heap, a timeout) prints its error instead of numbers. Prints Markdown.
set -euo pipefail
cd "$(dirname "$0")/.."
PMAD=bin/pmad
TRANSPORT=${1:-memory}
ROUNDS=${2:-3}
AGENTS=${3:-5 20 50}
PARAMETERS=${4:-1000 100000 1000000}
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

kib() { awk -v b="$1" 'BEGIN { if (b >= 1048576) printf "%.2f MiB", b / 1048576; else printf "%.1f KiB", b / 1024 }'; }

echo "| agents | parameters | plain (s / round) | secure (s / round) | secure / plain | sent / agent, plain | sent / agent, secure | received / agent, plain | received / agent, secure |"
echo "|---|---|---|---|---|---|---|---|---|"
for agents in $AGENTS; do
  for parameters in $PARAMETERS; do
    # Heap for the whole federation in one JVM: every agent holds its model, update and masks.
    heap=$(( parameters >= 1000000 ? (agents >= 50 ? 10 : 4) : 2 ))g
    row="| $agents | $parameters |"
    ok=true
    for mode in plain secure; do
      flag=""; [ "$mode" = secure ] && flag=--secure-aggregation
      if JAVA_OPTS="-Xmx$heap" $PMAD round-cost --transport "$TRANSPORT" --agents "$agents" --parameters "$parameters" \
          --rounds "$ROUNDS" $flag > "$WORK/$mode.json" 2> "$WORK/$mode.err"; then :; else
        ok=false
        echo "| $agents | $parameters | $mode failed: $(grep -m1 -i 'error\|exception' "$WORK/$mode.err" | cut -c1-160) |||||||"
      fi
    done
    [ "$ok" = true ] || continue
    p=$(jq -r .medianRoundSeconds "$WORK/plain.json"); s=$(jq -r .medianRoundSeconds "$WORK/secure.json")
    printf '%s %.3f | %.3f | %.1f | %s | %s | %s | %s |\n' "$row" "$p" "$s" "$(echo "$s / $p" | bc -l)" \
      "$(kib "$(jq -r .sentBytesPerAgentPerRound "$WORK/plain.json")")" \
      "$(kib "$(jq -r .sentBytesPerAgentPerRound "$WORK/secure.json")")" \
      "$(kib "$(jq -r .receivedBytesPerAgentPerRound "$WORK/plain.json")")" \
      "$(kib "$(jq -r .receivedBytesPerAgentPerRound "$WORK/secure.json")")"
  done
done
echo
echo "Transport: $TRANSPORT. Machine: $(nproc) cores; load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)."
