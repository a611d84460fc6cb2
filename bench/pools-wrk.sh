#!/usr/bin/env bash
# Pools from the outside: two real Prometheus processes (empty TSDBs, no scrapes) behind one Hesione receiver
# (`hesione serve`, published from this tree), wrk sending an instant query for DURATION seconds on CONNECTIONS
# connections; under that load replica 0 is killed (SIGKILL) and restarted, then replica 1. For each BALANCE:
# wrk's requests, req/s, non-2xx answers and socket errors, and the queries each replica counted itself
# (prometheus_http_requests_total{handler="/api/v1/query"}).
# usage: bench/pools-wrk.sh      env BALANCES ("first_available least_loaded"), DURATION (16), CONNECTIONS (16)
set -euo pipefail
cd "$(dirname "$0")/.."
BALANCES=${BALANCES:-"first_available least_loaded"}; DURATION=${DURATION:-16}; CONNECTIONS=${CONNECTIONS:-16}
for b in prometheus wrk curl; do command -v "$b" >/dev/null || { echo "$b is needed (Debian: prometheus wrk curl)" >&2; exit 1; }; done
WORK=$(mktemp -d /tmp/hesione-pools.XXXXXX)
PIDS=()
cleanup() { for p in "${PIDS[@]:-}"; do kill -9 "$p" 2>/dev/null || true; done; rm -rf "$WORK"; }
trap cleanup EXIT INT TERM
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
dotnet publish Hesione.Server -c Release -o "$WORK/bin" > /dev/null
PORT=(); PROM=()
printf 'global: {scrape_interval: 15s}\nscrape_configs: []\n' > "$WORK/prometheus.yml"
start_prometheus() { # index
  prometheus --config.file="$WORK/prometheus.yml" --storage.tsdb.path="$WORK/tsdb-$1" \
    --web.listen-address="127.0.0.1:${PORT[$1]}" --log.level=error > "$WORK/prometheus-$1.log" 2>&1 &
  PROM[$1]=$!; PIDS+=("$!"); disown "$!"
  for _ in $(seq 1 300); do curl -sf -o /dev/null "http://127.0.0.1:${PORT[$1]}/-/ready" && return; sleep 0.1; done
  echo "prometheus $1 did not start" >&2; exit 1
}
queries() { curl -s "http://127.0.0.1:${PORT[$1]}/metrics" | awk '/^prometheus_http_requests_total\{.*handler="\/api\/v1\/query"/{s+=$2} END{print s+0}'; }
for i in 0 1; do PORT[$i]=$(free_port); start_prometheus "$i"; done
HESIONE_PORT=$(free_port)
printf '\t%s\n' "balance	requests	req/s	non-2xx	socket errors	queries on replica 0 / 1"
for balance in $BALANCES; do
  cat > "$WORK/config.yml" <<CONF
listen: 127.0.0.1:$HESIONE_PORT
receivers:
  - name: team-a
    prom: [http://127.0.0.1:${PORT[0]}, http://127.0.0.1:${PORT[1]}]
    balance: $balance
    label_name: namespace
    label: team-a
CONF
  "$WORK/bin/hesione" serve --config "$WORK/config.yml" --log-level Error > "$WORK/hesione.log" 2>&1 &
  HESIONE_PID=$!; PIDS+=("$!")
  for _ in $(seq 1 100); do curl -s -o /dev/null "http://127.0.0.1:$HESIONE_PORT/-/healthy" && break; sleep 0.1; done
  before0=$(queries 0); before1=$(queries 1)
  wrk -t2 -c"$CONNECTIONS" -d"${DURATION}s" "http://127.0.0.1:$HESIONE_PORT/team-a/api/v1/query?query=up" > "$WORK/wrk.txt" 2>&1 &
  WRK=$!
  # a replica's counter starts again from 0 when it restarts: add what it counted before its kill
  sleep $((DURATION / 8)); served0=$(($(queries 0) - before0)); kill -9 "${PROM[0]}"; sleep $((DURATION / 8)); start_prometheus 0
  sleep $((DURATION / 8)); served1=$(($(queries 1) - before1)); kill -9 "${PROM[1]}"; sleep $((DURATION / 8)); start_prometheus 1
  wait "$WRK"
  after0=$((served0 + $(queries 0))); after1=$((served1 + $(queries 1)))
  requests=$(awk '/requests in/{print $1}' "$WORK/wrk.txt"); rate=$(awk '/Requests\/sec/{print $2}' "$WORK/wrk.txt")
  non2xx=$(awk '/Non-2xx/{print $NF}' "$WORK/wrk.txt"); errors=$(awk '/Socket errors/{print $0}' "$WORK/wrk.txt")
  printf '\t%s\t%s\t%s\t%s\t%s\t%s / %s\n' "$balance" "$requests" "$rate" "${non2xx:-0}" "${errors:-none}" \
    "$after0" "$after1"
  kill "$HESIONE_PID"; wait "$HESIONE_PID" 2>/dev/null || true
done
