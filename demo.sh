#!/usr/bin/env bash
# Hesione demo: a real local Prometheus (Debian package) with generated data for two tenants and
# series that belong to no tenant, Hesione in front of it, and example requests that show the two
# tenants seeing different data. Ctrl-C stops everything. DEMO_KEEP_RUNNING=0 exits after the examples.
# Ports: PROM_PORT (default 19090) and HESIONE_PORT (default 8000) must be free.
# Any failed step stops the demo with a non-zero exit and keeps its logs (the path is printed).
set -euo pipefail
cd "$(dirname "$0")"

PROM_PORT="${PROM_PORT:-19090}"
HESIONE_PORT="${HESIONE_PORT:-8000}"
fail() { echo "!! $*" >&2; exit 1; }

port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
for port in "$PROM_PORT" "$HESIONE_PORT"; do
  if port_in_use "$port"; then
    fail "port $port on 127.0.0.1 is already in use; stop what listens there or choose other ports: PROM_PORT=... HESIONE_PORT=... ./demo.sh"
  fi
done

WORK="$(mktemp -d /tmp/hesione-demo.XXXXXX)"
PIDS=()
cleanup() {
  local status=$?
  for pid in "${PIDS[@]:-}"; do [ -n "$pid" ] && kill "$pid" 2>/dev/null || true; done
  if [ "$status" -eq 0 ]; then
    rm -rf "$WORK"
  else
    echo "!! the demo failed (exit $status); its files and logs are kept in $WORK:" >&2
    ls "$WORK"/*.log 2>/dev/null | sed 's/^/     /' >&2 || true
  fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

if ! command -v prometheus >/dev/null || ! command -v promtool >/dev/null || ! command -v curl >/dev/null; then
  echo "== installing the Debian packages prometheus and curl"
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends prometheus curl >/dev/null
fi
command -v dotnet >/dev/null || fail "the .NET SDK (dotnet) is not on PATH: install the .NET 10 SDK"

echo "== generating 3 hours of data for namespaces team-a and team-b (and node_load1 for nobody)"
END=$(( $(date +%s) / 15 * 15 ))
awk -v end="$END" 'BEGIN {
  start = end - 3 * 3600
  print "# TYPE http_requests_total counter"
  for (t = start; t <= end; t += 15) {
    n = (t - start) / 15
    printf "http_requests_total{namespace=\"team-a\",pod=\"api-0\",code=\"200\"} %d %d\n", n * 15 * 2, t
    printf "http_requests_total{namespace=\"team-a\",pod=\"api-0\",code=\"500\"} %d %d\n", n * 15 * 1, t
    printf "http_requests_total{namespace=\"team-b\",pod=\"web-0\",code=\"200\"} %d %d\n", n * 15 * 7, t
  }
  print "# TYPE up gauge"
  for (t = start; t <= end; t += 15) {
    printf "up{namespace=\"team-a\",pod=\"api-0\"} 1 %d\n", t
    printf "up{namespace=\"team-b\",pod=\"web-0\"} 1 %d\n", t
  }
  print "# TYPE node_load1 gauge"
  for (t = start; t <= end; t += 15) printf "node_load1{instance=\"node-1\"} 0.5 %d\n", t
  print "# EOF"
}' > "$WORK/data.om"
mkdir -p "$WORK/tsdb"
promtool tsdb create-blocks-from openmetrics "$WORK/data.om" "$WORK/tsdb" >"$WORK/promtool.log" 2>&1 \
  || { cat "$WORK/promtool.log" >&2; fail "promtool could not backfill the data"; }

cat > "$WORK/prometheus.yml" <<YML
global: {scrape_interval: 1h}
scrape_configs: []
YML
echo "== starting Prometheus on 127.0.0.1:$PROM_PORT"
prometheus --config.file="$WORK/prometheus.yml" --storage.tsdb.path="$WORK/tsdb" \
  --storage.tsdb.retention.time=100y --web.listen-address="127.0.0.1:$PROM_PORT" >"$WORK/prometheus.log" 2>&1 &
PROM_PID=$!
PIDS+=("$PROM_PID")

cat > "$WORK/config.yml" <<YML
listen: 127.0.0.1:$HESIONE_PORT
receivers:
  - name: team-a
    prom: http://127.0.0.1:$PROM_PORT
    label_name: namespace
    label: team-a
    auth: {user: grafana-a, password: demo-a}
  - name: team-b
    prom: http://127.0.0.1:$PROM_PORT
    labels: {namespace: [team-b]}
    auth: {user: grafana-b, password: demo-b}
YML
echo "== building Hesione (output in $WORK/build.log)"
if ! dotnet publish Hesione.Server -c Release -o "$WORK/bin" >"$WORK/build.log" 2>&1; then
  tail -n 40 "$WORK/build.log" >&2
  fail "the build failed (whole output in $WORK/build.log)"
fi
echo "== starting Hesione on 127.0.0.1:$HESIONE_PORT"
"$WORK/bin/hesione" serve --config "$WORK/config.yml" >"$WORK/hesione.log" 2>&1 &
HESIONE_PID=$!
PIDS+=("$HESIONE_PID")

ready=""
for _ in $(seq 1 100); do
  kill -0 "$PROM_PID" 2>/dev/null || { tail -n 20 "$WORK/prometheus.log" >&2; fail "Prometheus exited"; }
  kill -0 "$HESIONE_PID" 2>/dev/null || { tail -n 20 "$WORK/hesione.log" >&2; fail "Hesione exited"; }
  if curl -fsS "http://127.0.0.1:$PROM_PORT/-/ready" >/dev/null 2>&1 && curl -fsS "http://127.0.0.1:$HESIONE_PORT/health" >/dev/null 2>&1; then
    ready=1
    break
  fi
  sleep 0.3
done
[ -n "$ready" ] || { tail -n 20 "$WORK/hesione.log" >&2; fail "Prometheus or Hesione did not become ready within 30 s"; }

# Prints a command so that it can be pasted into a shell: each argument single-quoted when it needs quoting.
print_command() {
  local out="" arg
  for arg in "$@"; do
    if [[ "$arg" =~ ^[A-Za-z0-9_./:@=+,-]+$ ]]; then out+="$arg "; else out+="'${arg//\'/\'\\\'\'}' "; fi
  done
  echo "\$ ${out% }"
}

# example STATUS curl ARGS...: prints the command, runs it, prints the answer; the demo fails unless the HTTP status is STATUS.
example() {
  local expected=$1; shift
  echo
  print_command "$@"
  local status
  status=$("$@" -o "$WORK/answer" -w '%{http_code}') || fail "the request failed: $*"
  cat "$WORK/answer"; echo
  [ "$status" = "$expected" ] || fail "expected HTTP $expected, got $status"
}

BASE="http://127.0.0.1:$HESIONE_PORT"
Q='sum by (namespace, code) (rate(http_requests_total[5m]))'
echo "== the same query, two tenants, two answers"
example 200 curl -sS -u grafana-a:demo-a "$BASE/team-a/api/v1/query" --data-urlencode "query=$Q" --data-urlencode "time=$END"
example 200 curl -sS -u grafana-b:demo-b "$BASE/team-b/api/v1/query" --data-urlencode "query=$Q" --data-urlencode "time=$END"
echo "== asking for another tenant's namespace or for series of no tenant returns nothing"
example 200 curl -sS -u grafana-a:demo-a "$BASE/team-a/api/v1/query" --data-urlencode 'query=up{namespace="team-b"} or node_load1' --data-urlencode "time=$END"
echo "== label values are enforced too"
example 200 curl -sS -u grafana-a:demo-a "$BASE/team-a/api/v1/label/namespace/values"
echo "== the enforced form of a query"
example 200 curl -sS -u grafana-a:demo-a "$BASE/team-a/api/v1/format_query" --data-urlencode 'query=a{x="1"} / b'
echo "== wrong credentials and invalid queries are refused"
example 401 curl -sS -i -u grafana-a:wrong "$BASE/team-a/api/v1/query?query=up"
example 400 curl -sS -u grafana-a:demo-a "$BASE/team-a/api/v1/query" --data-urlencode 'query=sum(rate(x[5m])'

missing=()
command -v victoria-metrics >/dev/null || missing+=(victoria-metrics)
command -v prometheus-alertmanager >/dev/null || missing+=(prometheus-alertmanager)
if ((${#missing[@]} > 0)); then
  echo
  echo "== note: the test suite also needs ${missing[*]}; ./test.sh installs them and runs every test"
fi

if [ "${DEMO_KEEP_RUNNING:-1}" = "1" ]; then
  echo "== Hesione: $BASE/team-a (grafana-a/demo-a) and /team-b (grafana-b/demo-b); Ctrl-C to stop"
  trap 'exit 0' INT TERM
  wait "$HESIONE_PID"
fi
