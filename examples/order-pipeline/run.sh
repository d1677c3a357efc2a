#!/usr/bin/env bash
# The order pipeline, end to end, against a running broker (default 127.0.0.1:9092; `make run`).
#
#   examples/order-pipeline/run.sh [--orders N] [--payment-replicas R] [--scale-to S] [--timeout SECONDS]
#
# Creates the topics, starts payment-service (R copies, default 3), inventory-service,
# shipping-service and analytics-service, places N orders (default 10000), stops one payment copy
# after half of them to show a rebalance (down to S copies, default 2), prints `fjord groups
# describe` for every group while the lag drains, and ends with one line:
#
#   orders: N placed, N paid, N reserved, N shipped, lost 0, duplicated D
#
# Environment: BOOTSTRAP (broker address), FJORD (the fjord binary; else .build/release/fjord,
# .build/debug/fjord or fjord on PATH), PYTHON (one with confluent-kafka; else .venv/bin/python,
# made by `make venv`). Exits non-zero if an order is lost, an event is processed out of order,
# or the pipeline has not drained SECONDS (default 120) after the last order was placed.
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
export BOOTSTRAP=${BOOTSTRAP:-127.0.0.1:9092}
ORDERS=10000
PAYMENT_REPLICAS=3
SCALE_TO=2
TIMEOUT=120

usage() { sed -n '2,16p' "$0" | sed 's/^# \{0,1\}//'; exit "${1:-0}"; }
die() { echo "run.sh: $*" >&2; exit 1; }

while [ $# -gt 0 ]; do
  case "$1" in
    --orders) ORDERS=$2; shift 2 ;;
    --payment-replicas) PAYMENT_REPLICAS=$2; shift 2 ;;
    --scale-to) SCALE_TO=$2; shift 2 ;;
    --timeout) TIMEOUT=$2; shift 2 ;;
    -h|--help) usage 0 ;;
    *) echo "run.sh: unknown argument $1" >&2; usage 2 ;;
  esac
done
[ "$ORDERS" -ge 2 ] 2>/dev/null || die "--orders must be a number of at least 2"
[ "$SCALE_TO" -ge 1 ] && [ "$SCALE_TO" -le "$PAYMENT_REPLICAS" ] 2>/dev/null \
  || die "--scale-to must be between 1 and --payment-replicas"

# --- tools -------------------------------------------------------------------------------------

if [ -z "${FJORD:-}" ]; then
  for candidate in "$ROOT/.build/release/fjord" "$ROOT/.build/debug/fjord" "$(command -v fjord || true)"; do
    if [ -n "$candidate" ] && [ -x "$candidate" ]; then FJORD=$candidate; break; fi
  done
fi
[ -n "${FJORD:-}" ] && [ -x "$FJORD" ] || die "no fjord binary: run \`make build\` or set FJORD"

if [ -z "${PYTHON:-}" ]; then
  PYTHON=python3
  [ -x "$ROOT/.venv/bin/python" ] && PYTHON=$ROOT/.venv/bin/python
fi
"$PYTHON" -c 'import confluent_kafka' 2>/dev/null \
  || die "$PYTHON cannot import confluent_kafka: run \`make venv\` or set PYTHON"

fjord() { "$FJORD" "$@" --bootstrap-server "$BOOTSTRAP"; }

fjord topics list >/dev/null || die "no broker at $BOOTSTRAP (start one with \`make run\`)"

# --- processes: everything started here is stopped on exit -------------------------------------

LOGS=$(mktemp -d "${TMPDIR:-/tmp}/order-pipeline.XXXXXX")
RUN_ID=$(date +%H%M%S)-$$          # prefix of this run's order ids, so earlier runs don't count
STATS=$LOGS/analytics.json
declare -A PIDS=()                  # process name -> pid

start() {  # start NAME SCRIPT [ARGS...]: one service copy in the background, output in $LOGS/NAME.log
  local name=$1 script=$2; shift 2
  REPLICA=${name##*-service-} "$PYTHON" "$HERE/$script" "$@" >"$LOGS/$name.log" 2>&1 &
  PIDS[$name]=$!
}

stop() {  # stop NAME...: SIGTERM (the service commits, leaves its group and exits), then wait
  local name pid waited
  for name in "$@"; do kill -TERM "${PIDS[$name]}" 2>/dev/null || true; done
  for name in "$@"; do
    pid=${PIDS[$name]}
    for ((waited = 0; waited < 100; waited++)); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
    unset "PIDS[$name]"
  done
}

cleanup() {
  local status=$?
  if [ ${#PIDS[@]} -gt 0 ]; then stop "${!PIDS[@]}"; fi
  if [ "$status" -ne 0 ]; then
    echo "run.sh: failed; service logs are in $LOGS" >&2
  else
    rm -rf "$LOGS"
  fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# --- topics ------------------------------------------------------------------------------------

echo "== topics on $BOOTSTRAP (fjord: $FJORD)"
for spec in orders:6 payments:3 inventory:3 shipping:3 orders-replay:3; do
  fjord topics create "${spec%%:*}" --partitions "${spec##*:}" --if-not-exists
done
fjord topics describe orders payments inventory shipping orders-replay | grep -v 'Partition: '

# --- services ----------------------------------------------------------------------------------

echo "== starting services ($PAYMENT_REPLICAS payment-service copies)"
for ((i = 1; i <= PAYMENT_REPLICAS; i++)); do start "payment-service-$i" payment_service.py; done
start inventory-service-1 inventory_service.py
start shipping-service-1 shipping_service.py
start analytics-service-1 analytics_service.py --run-id "$RUN_ID" --stats "$STATS"

group_state() {  # group_state GROUP: "<state> <members>", e.g. "Stable 3"
  fjord groups describe "$1" --state --format json 2>/dev/null \
    | "$PYTHON" -c 'import json, sys; g = json.load(sys.stdin)[0]; print(g["state"], g["members"])' 2>/dev/null \
    || echo "Unknown 0"
}

wait_members() {  # wait_members GROUP N: bounded wait until the group is Stable with N members
  local deadline=$((SECONDS + 30)) name
  until [ "$(group_state "$1")" = "Stable $2" ]; do
    [ $SECONDS -lt $deadline ] || die "$1 is not Stable with $2 members after 30 s: $(group_state "$1")"
    for name in "${!PIDS[@]}"; do
      kill -0 "${PIDS[$name]}" 2>/dev/null || { tail -5 "$LOGS/$name.log" >&2; die "$name exited"; }
    done
    sleep 0.5
  done
}

wait_members payment-service-group "$PAYMENT_REPLICAS"
wait_members inventory-service-group 1
wait_members shipping-service-group 1
wait_members analytics-service-group 1
fjord groups describe payment-service-group --members

# --- orders, with a scale-down halfway ---------------------------------------------------------

FIRST_HALF=$((ORDERS / 2))
STARTED=$SECONDS
echo "== placing $ORDERS orders (run id $RUN_ID)"
"$PYTHON" "$HERE/api.py" --orders "$FIRST_HALF" --run-id "$RUN_ID"

echo "== scaling payment-service from $PAYMENT_REPLICAS to $SCALE_TO copies"
for ((i = PAYMENT_REPLICAS; i > SCALE_TO; i--)); do stop "payment-service-$i"; done
wait_members payment-service-group "$SCALE_TO"
fjord groups describe payment-service-group --members

"$PYTHON" "$HERE/api.py" --orders $((ORDERS - FIRST_HALF)) --first "$FIRST_HALF" --run-id "$RUN_ID"

# --- watch the lag drain -----------------------------------------------------------------------

report() { "$PYTHON" "$HERE/report.py" --stats "$STATS" --placed "$ORDERS" --fjord "$FJORD" "$@"; }

describe_all() {
  echo "== consumer groups, $((SECONDS - STARTED)) s after the first order"
  for group in payment-service-group inventory-service-group shipping-service-group analytics-service-group; do
    fjord groups describe "$group" 2>&1 || true
  done
}

deadline=$((SECONDS + TIMEOUT))
last_describe=-100
until report >"$LOGS/progress"; do
  if [ $((SECONDS - last_describe)) -ge 3 ]; then
    describe_all
    cat "$LOGS/progress"
    last_describe=$SECONDS
  fi
  if [ $SECONDS -ge $deadline ]; then
    describe_all
    die "the pipeline did not drain within $TIMEOUT s: $(cat "$LOGS/progress")"
  fi
  sleep 1
done
describe_all
cat "$LOGS/progress"
echo "== drained $((SECONDS - STARTED)) s after the first order; stopping the services"

stop "${!PIDS[@]}"
grep -h 'stopped:' "$LOGS"/*.log
violations=$(grep -ho 'ordering violations [0-9]*' "$LOGS"/*.log | awk '{n += $3} END {print n + 0}')
echo "ordering violations: $violations"

status=0
report --final || status=1
[ "$violations" -eq 0 ] || status=1
exit $status
