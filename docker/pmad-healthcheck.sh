#!/usr/bin/env bash
# Health of a PMAD container (the image's HEALTHCHECK, also used by docker-compose.yml).
#
#   pmad coordinator  healthy when the dashboard answers GET /health with 200 on DASHBOARD_PORT
#                     and the XMPP connection to XMPP_PORT is established
#   pmad agent        healthy when the agent has joined (its AGENT_STATUS_FILE, rewritten every
#                     5 s, is under 30 s old and names READY, TRAINING or EVALUATING) and its XMPP
#                     connection to XMPP_PORT is established; an agent refused by the coordinator,
#                     or one that never joined, is unhealthy
#   pmad demo         healthy when the dashboard answers
#   anything else     healthy while the pmad JVM runs
#
#   pmad-healthcheck [ROLE]   ROLE: coordinator, agent or demo; by default the subcommand of the
#                             pmad process running in this container
#
# Needs only bash, coreutils and /proc: the JRE image has no curl to rely on. Reads DASHBOARD_PORT
# (default 8081), XMPP_PORT (default 5222) and AGENT_STATUS_FILE (default /tmp/pmad-agent-status),
# the variables the services themselves read.
set -u

# The subcommand of the pmad JVM, unless given: the argument after its main class (bin/pmad runs
# dev.pmad.cli.Pmad). PID 1 may be docker-init (compose `init: true`), so look at every process.
role=${1:-}
if [ -z "$role" ]; then
  found=""
  for cmdline in /proc/[0-9]*/cmdline; do
    args=$(tr '\0' '\n' <"$cmdline" 2>/dev/null) || continue
    case "$args" in *dev.pmad.cli.Pmad*) ;; *) continue ;; esac
    found=yes
    role=$(printf '%s\n' "$args" | awk 'seen { print; exit } $0 == "dev.pmad.cli.Pmad" { seen = 1 }')
    break
  done
  if [ -z "$found" ]; then
    echo "unhealthy: no pmad process" >&2
    exit 1
  fi
fi

# GET http://127.0.0.1:PORT/health answers 200.
dashboard_up() {
  local port=${DASHBOARD_PORT:-8081} status
  if ! { exec 3<>"/dev/tcp/127.0.0.1/$port"; } 2>/dev/null; then
    echo "unhealthy: nothing listens on dashboard port $port" >&2
    return 1
  fi
  printf 'GET /health HTTP/1.0\r\nHost: localhost\r\n\r\n' >&3
  IFS= read -r -t 4 status <&3 || status=""
  exec 3<&- 3>&-
  case "$status" in
    "HTTP/1."?" 200"*) return 0 ;;
    *) echo "unhealthy: GET /health on port $port answered '${status%$'\r'}'" >&2; return 1 ;;
  esac
}

# The agent's own word (AGENT_STATUS_FILE, written by `pmad agent`) that it has joined, and
# recently: a file that stopped changing means a JVM that stopped working.
agent_joined() {
  local file=${AGENT_STATUS_FILE:-/tmp/pmad-agent-status} state age
  if ! IFS= read -r state <"$file" 2>/dev/null; then
    echo "unhealthy: no agent status in $file (the agent has not started, or cannot write there)" >&2
    return 1
  fi
  age=$(( $(date +%s) - $(stat -c %Y "$file") ))
  if [ "$age" -gt 30 ]; then
    echo "unhealthy: agent status in $file is ${age} s old (the agent is stuck)" >&2
    return 1
  fi
  case "$state" in
    READY | TRAINING | EVALUATING) return 0 ;;
    JOINING) echo "unhealthy: the agent has not joined the coordinator (JOINING; see its log)" >&2 ;;
    REFUSED) echo "unhealthy: the agent was refused (REFUSED: a refused JOIN or a run its policy refuses; see its log)" >&2 ;;
    *) echo "unhealthy: agent state '$state'" >&2 ;;
  esac
  return 1
}

# A TCP connection to the XMPP port is ESTABLISHED (state 01 in /proc/net/tcp*; ports in hex).
xmpp_connected() {
  local port=${XMPP_PORT:-5222} hex
  local tables=() t
  hex=$(printf '%04X' "$port")
  for t in /proc/net/tcp /proc/net/tcp6; do [ -r "$t" ] && tables+=("$t"); done
  if [ "${#tables[@]}" -gt 0 ] && awk -v p=":$hex" \
      'FNR > 1 && substr($3, length($3) - 4) == p && $4 == "01" { ok = 1 } END { exit !ok }' "${tables[@]}"; then
    return 0
  fi
  echo "unhealthy: no established XMPP connection to port $port" >&2
  return 1
}

case "$role" in
  coordinator) dashboard_up && xmpp_connected ;;
  agent) agent_joined && xmpp_connected ;;
  demo) dashboard_up ;;
  *) exit 0 ;;
esac
