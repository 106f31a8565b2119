#!/usr/bin/env bash
# One agent round on a dataset larger than the agent's heap: the Spark engine (reads a Parquet
# directory itself, keeps encoded rows serialized with spill to disk) against the in-JVM Tribuo
# engine (loads the same rows from CSV into arrays), both with the same small -Xmx.
#
# Needs a build first: ./mvnw -q -DskipTests package   (this script builds nothing)
#
# Usage: bench/spark-heap.sh   (4M rows: 2 to 5 minutes on 2 cores, plus about 1 minute to generate
#                               the data the first time; ROWS=8000000: about 6 minutes)
# Environment (defaults in brackets):
#   ROWS [4000000]   rows of generated data (20 numeric features, binary label)
#   DIR  [target/bench-spark-heap]   where the data goes; generated once per ROWS, then reused
#   XMX  [512m]      heap of every round; Spark's local mode refuses less than 450 MiB
#   SPLIT []         spark.sql.files.maxPartitionBytes of the Spark round: how much Parquet one
#                    partition, and so one cached block, holds; empty: the engine's own 32m
#   DEFAULT_SPLITS [1]  also run the Spark round with Spark's own default, 128m splits (0 skips it)
#   BATCH [500000]   batch size; every training step is one Spark job over all rows, and a
#                    round has EPOCHS * ceil(train rows / BATCH) steps
#   EPOCHS [1]
#   SPARK_MASTER [local[2]]   the Spark engine's master (executors in this JVM by default)
#   SAMPLE [10]      also run Tribuo with ample heap (4g) on the first 1/SAMPLE and 2/SAMPLE of the
#                    rows, to measure what it keeps per row and extrapolate its need for all of
#                    them (live heap after a full GC at the end of the round); 0 skips it
# Prints every run's key=value line (from dev.pmad.spark.bench.OneRound, plus exit code and
# peak_rss_mb from /usr/bin/time when available), then a Markdown summary. Each run's stderr is
# in $DIR/NAME.log.
set -euo pipefail
cd "$(dirname "$0")/.."
ROWS=${ROWS:-4000000}
DIR=${DIR:-target/bench-spark-heap}
XMX=${XMX:-512m}
SPLIT=${SPLIT:-}
DEFAULT_SPLITS=${DEFAULT_SPLITS:-1}
BATCH=${BATCH:-500000}
EPOCHS=${EPOCHS:-1}
SAMPLE=${SAMPLE:-10}
export SPARK_MASTER=${SPARK_MASTER:-local[2]}
# The JDK internals Spark needs opened on Java 17, as a java argument file (also used by bin/pmad).
SPARK_OPTS="@$PWD/spark-agent/jvm.options"

[ -f spark-agent/target/pmad-spark-agent.jar ] || { echo "no spark-agent/target/pmad-spark-agent.jar: run ./mvnw -q -DskipTests package first" >&2; exit 1; }
# Run from a snapshot of the built module, so a rebuild during the benchmark cannot break it.
SNAP=$(mktemp -d)
trap 'rm -rf "$SNAP"' EXIT
cp -r spark-agent/target/pmad-spark-agent.jar spark-agent/target/lib "$SNAP"/
CP="$SNAP/pmad-spark-agent.jar:$SNAP/lib/*"

mkdir -p "$DIR"
DIR=$(cd "$DIR" && pwd)
if [ "$(cat "$DIR/rows" 2>/dev/null)" != "$ROWS" ] || [ ! -f "$DIR/data.csv" ]; then
  rm -rf "$DIR/parquet" "$DIR/data.csv" "$DIR/rows"
  echo "generating $ROWS rows in $DIR ..." >&2
  java "$SPARK_OPTS" -Xmx2g -cp "$CP" dev.pmad.spark.bench.SyntheticData "$ROWS" "$DIR" 2>"$DIR/generate.log" \
    || { tail -20 "$DIR/generate.log" >&2; exit 1; }
  echo "$ROWS" >"$DIR/rows"
fi

TIME=
[ -x /usr/bin/time ] && TIME=/usr/bin/time

# round NAME ENGINE DATA XMX [JVM OPTION...]: one OneRound run; its key=value line, with exit
# code and peak RSS appended.
round() {
  local name=$1 engine=$2 data=$3 xmx=$4 line rc=0 rss wall
  shift 4
  local cmd=(java "$SPARK_OPTS" -Xmx"$xmx" "$@" -cp "$CP" dev.pmad.spark.bench.OneRound --engine "$engine"
    --schema "$DIR/schema.json" --data "$data" --batch-size "$BATCH" --epochs "$EPOCHS")
  if [ -n "$TIME" ]; then
    line=$("$TIME" -v -o "$DIR/$name.time" "${cmd[@]}" 2>"$DIR/$name.log") || rc=$?
    rss=$(awk -F': ' '/Maximum resident set size/ {printf "%d", $2 / 1024}' "$DIR/$name.time")
    wall=$(awk -F': ' '/Elapsed \(wall clock\)/ {n = split($2, t, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + t[i]; printf "%.1f", s}' "$DIR/$name.time")
    line="$line exit=$rc peak_rss_mb=$rss wall_s=$wall"
  else
    line=$("${cmd[@]}" 2>"$DIR/$name.log") || rc=$?
    line="$line exit=$rc"
  fi
  # Spark stops the JVM with exit code 52 when a task thread runs out of heap.
  [ "$rc" = 52 ] && line="$line note=executor-OutOfMemoryError-exit-52"
  echo "$line"
}
val() { tr ' ' '\n' <<<"$1" | sed -n "s/^$2=//p" | head -1; }
# Seconds until the failure as OneRound saw it, else the process's wall time.
after() { local s; s=$(sed -n 's/.* after \([0-9.]*\) s.*/\1/p' <<<"$1"); echo "${s:-$(val "$1" wall_s)}"; }
# row LABEL LINE: one Markdown row of the summary.
row() {
  local label=$1 r=$2 result
  case "$(val "$r" exit)" in
    0) result="round done" ;;
    3) echo "| $label | OutOfMemoryError after $(after "$r") s, in $(val "$r" phase) | - | - | - | - | - | $(val "$r" peak_heap_mb) MiB | $(val "$r" peak_rss_mb) MiB |"; return ;;
    52) echo "| $label | executor OutOfMemoryError, Spark exits (code 52) after $(after "$r") s, in $(val "$r" phase) | - | - | - | - | - | - | $(val "$r" peak_rss_mb) MiB |"; return ;;
    *) echo "| $label | exit $(val "$r" exit) | - | - | - | - | - | - | $(val "$r" peak_rss_mb) MiB |"; return ;;
  esac
  local load
  load="$(val "$r" load_s) s"
  [ -n "$(val "$r" of_which_spark_start_s)" ] && load="$load ($(val "$r" of_which_spark_start_s) s Spark start)"
  echo "| $label | $result | $load | $(val "$r" prepare_train_s) s | $(val "$r" train_loss_s) s | $(val "$r" evaluate_s) s |" \
    "$(val "$r" accuracy) | $(val "$r" peak_heap_mb) MiB | $(val "$r" peak_rss_mb) MiB |"
}

cores=$(nproc)
mem=$(awk '/MemTotal/ {printf "%.0f", $2 / 1048576}' /proc/meminfo)
echo "machine: $cores cores, $mem GiB, $(java -version 2>&1 | head -1), load average $(cut -d' ' -f1-3 /proc/loadavg)"
parquet_mb=$(du -sm "$DIR/parquet" | cut -f1)
csv_mb=$(du -sm "$DIR/data.csv" | cut -f1)
echo "data: $ROWS rows x 20 features; Parquet $parquet_mb MiB, CSV $csv_mb MiB; as doubles alone $(( ROWS * 20 * 8 / 1048576 )) MiB"
echo "heap: -Xmx$XMX; batch $BATCH, $EPOCHS epoch(s); SPARK_MASTER=$SPARK_MASTER"

split_opts=()
[ -n "$SPLIT" ] && split_opts=(-Dspark.sql.files.maxPartitionBytes="$SPLIT")
spark=$(round spark spark "$DIR/parquet" "$XMX" "${split_opts[@]}"); echo "$spark"
default=
if [ "$DEFAULT_SPLITS" != 0 ]; then
  default=$(round spark-default-splits spark "$DIR/parquet" "$XMX" -Dspark.sql.files.maxPartitionBytes=128m)
  echo "$default (Spark's default 128m splits)"
fi
tribuo=$(round tribuo tribuo "$DIR/data.csv" "$XMX"); echo "$tribuo"
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"

estimate="-"
if [ "$SAMPLE" -gt 0 ]; then
  # Retained heap at 1/SAMPLE and 2/SAMPLE of the rows: the difference is what the rows cost,
  # without the JVM's own baseline.
  n1=$(( ROWS / SAMPLE ))
  head -n $(( n1 + 1 )) "$DIR/data.csv" >"$DIR/sample1.csv"
  head -n $(( 2 * n1 + 1 )) "$DIR/data.csv" >"$DIR/sample2.csv"
  s1=$(round tribuo-sample1 tribuo "$DIR/sample1.csv" 4g); echo "$s1 (first $n1 rows, -Xmx4g)"
  s2=$(round tribuo-sample2 tribuo "$DIR/sample2.csv" 4g); echo "$s2 (first $(( 2 * n1 )) rows, -Xmx4g)"
  l1=$(val "$s1" live_heap_after_round_mb); l2=$(val "$s2" live_heap_after_round_mb)
  if [ -n "$l1" ] && [ -n "$l2" ]; then
    estimate=$(awk -v l1="$l1" -v l2="$l2" -v n="$n1" -v rows="$ROWS" 'BEGIN {
      per = (l2 - l1) * 1048576 / n; base = l1 - (l2 - l1)
      printf "about %.0f MiB (%.0f bytes retained per row, from %d and %d MiB live after rounds on %d and %d rows; JVM baseline %.0f MiB)",
        base + per * rows / 1048576, per, l1, l2, n, 2 * n, base }')
  fi
  rm -f "$DIR/sample1.csv" "$DIR/sample2.csv"
fi

echo
echo "| engine, -Xmx$XMX | result | load | prepare+train | train loss | evaluate | accuracy | peak heap | peak RSS |"
echo "|---|---|---|---|---|---|---|---|---|"
row "Spark ($SPARK_MASTER), Parquet $parquet_mb MiB, ${SPLIT:-32m (engine default)} splits" "$spark"
[ -n "$default" ] && row "Spark ($SPARK_MASTER), Parquet $parquet_mb MiB, default 128m splits" "$default"
row "Tribuo (in JVM), CSV $csv_mb MiB" "$tribuo"
echo
echo "Spark's cached encoded rows: $(val "$spark" cache_in_memory_mb) MiB in memory, $(val "$spark" cache_on_disk_mb) MiB on disk" \
  "($(val "$spark" cached_partitions) partitions); $(val "$spark" steps) training steps"
echo "Tribuo's heap for all $ROWS rows, extrapolated: $estimate"
