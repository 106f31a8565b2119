#!/bin/sh
# Smoke test of a running deployment (`docker compose up -d --build --wait` first): starts a run
# through the dashboard's API, waits until it COMPLETED, then checks that MLflow holds that run,
# FINISHED, with a value of every round metric at every round and its model artifacts.
# .github/workflows/ci.yml runs it; ComposeSmokeNeedsDockerTest does the same from Java.
#
# Usage: DASHBOARD_TOKEN=<token> docker/smoke-test.sh [ROUNDS]      (ROUNDS defaults to 3)
# Environment: DASHBOARD_URL (http://localhost:8081), MLFLOW_URL (http://localhost:5000),
#   MLFLOW_EXPERIMENT_NAME (pmad-federation), SMOKE_TIMEOUT in seconds (900).
# Needs curl and jq.
set -eu

rounds=${1:-3}
dashboard=${DASHBOARD_URL:-http://localhost:8081}
mlflow=${MLFLOW_URL:-http://localhost:5000}
experiment=${MLFLOW_EXPERIMENT_NAME:-pmad-federation}
timeout=${SMOKE_TIMEOUT:-900}
token=${DASHBOARD_TOKEN:?set DASHBOARD_TOKEN to the dashboard control token the coordinator was started with}

say() { echo "smoke: $*"; }
fail() {
	echo "smoke: FAILED: $*" >&2
	exit 1
}
for tool in curl jq; do
	command -v "$tool" >/dev/null 2>&1 || fail "$tool is needed"
done
http() { curl -sS --fail-with-body --max-time 30 "$@"; }
deadline=$(($(date +%s) + timeout))
in_time() { [ "$(date +%s)" -lt "$deadline" ]; }

# 1. Start a run of $rounds rounds.
body=$(jq -nc --argjson rounds "$rounds" '{targetRounds: $rounds}')
answer=$(http -X POST -H "X-PMAD-Token: $token" -H 'Content-Type: application/json' \
	-d "$body" "$dashboard/api/federation/start") || fail "start refused: $answer"
run_id=$(printf '%s' "$answer" | jq -r '.runId // empty')
[ -n "$run_id" ] || fail "start answered without a runId: $answer"
say "run $run_id started ($rounds rounds)"

# 2. Wait until the dashboard reports it ended, and how.
outcome=""
while in_time; do
	state=$(http "$dashboard/api/state") || fail "GET /api/state: $state"
	outcome=$(printf '%s' "$state" | jq -r --arg id "$run_id" 'if .lastRun.runId == $id then .lastRun.outcome else "" end')
	[ -n "$outcome" ] && break
	say "$(printf '%s' "$state" | jq -r '"phase \(.phase), round \(.round)/\(.targetRounds), \(.agents | length) agents"')"
	sleep 5
done
[ -n "$outcome" ] || fail "run $run_id did not end within ${timeout}s"
[ "$outcome" = COMPLETED ] || fail "run $run_id ended $outcome: $(printf '%s' "$state" | jq -r '.lastRun.reason')"
say "run $run_id COMPLETED: $(printf '%s' "$state" | jq -c '.rounds[-1]')"

# 3. MLflow holds it. Tracking is asynchronous (a queue off the coordinator's loop): poll.
experiment_id=""
mlflow_run=""
while in_time; do
	if [ -z "$experiment_id" ]; then
		experiment_id=$(http -G --data-urlencode "experiment_name=$experiment" \
			"$mlflow/api/2.0/mlflow/experiments/get-by-name" 2>/dev/null | jq -r '.experiment.experiment_id // empty') || true
	fi
	if [ -n "$experiment_id" ]; then
		search=$(jq -nc --arg e "$experiment_id" --arg id "$run_id" \
			'{experiment_ids: [$e], filter: "tags.`pmad.run_id` = \u0027\($id)\u0027", max_results: 5}')
		mlflow_run=$(http -X POST -H 'Content-Type: application/json' -d "$search" \
			"$mlflow/api/2.0/mlflow/runs/search" | jq -c '.runs[0] // empty' | grep . || true)
		if [ -n "$mlflow_run" ] && [ "$(printf '%s' "$mlflow_run" | jq -r '.info.status')" = FINISHED ]; then
			break
		fi
	fi
	sleep 5
done
[ -n "$experiment_id" ] || fail "MLflow has no experiment '$experiment'"
[ -n "$mlflow_run" ] || fail "MLflow experiment '$experiment' has no run tagged pmad.run_id=$run_id"
status=$(printf '%s' "$mlflow_run" | jq -r '.info.status')
[ "$status" = FINISHED ] || fail "MLflow run of $run_id is $status, not FINISHED"
mlflow_run_id=$(printf '%s' "$mlflow_run" | jq -r '.info.run_id')
say "MLflow run $mlflow_run_id in experiment $experiment_id is FINISHED"

for metric in accuracy loss precision recall f1 epsilon_spent; do
	steps=$(http -G --data-urlencode "run_id=$mlflow_run_id" --data-urlencode "metric_key=$metric" \
		"$mlflow/api/2.0/mlflow/metrics/get-history" | jq '[.metrics[]?.step] | unique | length')
	[ "$steps" -eq "$rounds" ] || fail "MLflow metric $metric has $steps steps, expected $rounds"
done
accuracy=$(printf '%s' "$mlflow_run" | jq -r '[.data.metrics[]? | select(.key == "accuracy") | .value][0]')
say "metrics logged for each of the $rounds rounds; final accuracy $accuracy"

artifacts=$(http -G --data-urlencode "run_id=$mlflow_run_id" "$mlflow/api/2.0/mlflow/artifacts/list" | jq '.files | length')
[ "$artifacts" -gt 0 ] || fail "MLflow run $mlflow_run_id has no artifacts (model files)"
say "OK: $artifacts artifact entries; the deployment works end to end"
