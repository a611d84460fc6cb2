#!/usr/bin/env bash
# Hesione demo: a real local Prometheus (Debian package) with generated data for two tenants and
# series that belong to no tenant, Hesione in front of it, and example requests that show the two
# tenants seeing different data. Ctrl-C stops everything. DEMO_KEEP_RUNNING=0 exits after the examples.
set -euo pipefail
cd "$(dirname "$0")"

PROM_PORT="${PROM_PORT:-19090}"
HESIONE_PORT="${HESIONE_PORT:-8000}"
WORK="$(mktemp -d /tmp/hesione-demo.XXXXXX)"
PIDS=()
cleanup() { for pid in "${PIDS[@]:-}"; do kill "$pid" 2>/dev/null || true; done; rm -rf "$WORK"; }
trap cleanup EXIT INT TERM

if ! command -v prometheus >/dev/null || ! command -v promtool >/dev/null || ! command -v curl >/dev/null; then
  echo "== installing the Debian packages prometheus and curl"
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends prometheus curl >/dev/null
fi

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
promtool tsdb create-blocks-from openmetrics "$WORK/data.om" "$WORK/tsdb" >/dev/null

cat > "$WORK/prometheus.yml" <<YML
global: {scrape_interval: 1h}
scrape_configs: []
YML
echo "== starting Prometheus on 127.0.0.1:$PROM_PORT"
prometheus --config.file="$WORK/prometheus.yml" --storage.tsdb.path="$WORK/tsdb" \
  --storage.tsdb.retention.time=100y --web.listen-address="127.0.0.1:$PROM_PORT" >"$WORK/prometheus.log" 2>&1 &
PIDS+=($!)

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
echo "== building and starting Hesione on 127.0.0.1:$HESIONE_PORT"
dotnet publish Hesione.Server -c Release -o "$WORK/bin" >/dev/null
"$WORK/bin/hesione" serve --config "$WORK/config.yml" >"$WORK/hesione.log" 2>&1 &
PIDS+=($!)

for _ in $(seq 1 100); do
  curl -fsS "http://127.0.0.1:$PROM_PORT/-/ready" >/dev/null 2>&1 && curl -fsS "http://127.0.0.1:$HESIONE_PORT/health" >/dev/null 2>&1 && break
  sleep 0.3
done

run() {
  echo
  echo "\$ $*"
  "$@"
  echo
}
Q='sum by (namespace, code) (rate(http_requests_total[5m]))'
echo "== the same query, two tenants, two answers"
run curl -sS -u grafana-a:demo-a "http://127.0.0.1:$HESIONE_PORT/team-a/api/v1/query" --data-urlencode "query=$Q" --data-urlencode "time=$END"
run curl -sS -u grafana-b:demo-b "http://127.0.0.1:$HESIONE_PORT/team-b/api/v1/query" --data-urlencode "query=$Q" --data-urlencode "time=$END"
echo "== asking for another tenant's namespace or for series of no tenant returns nothing"
run curl -sS -u grafana-a:demo-a "http://127.0.0.1:$HESIONE_PORT/team-a/api/v1/query" --data-urlencode 'query=up{namespace="team-b"} or node_load1' --data-urlencode "time=$END"
echo "== label values are enforced too"
run curl -sS -u grafana-a:demo-a "http://127.0.0.1:$HESIONE_PORT/team-a/api/v1/label/namespace/values"
echo "== the enforced form of a query"
run curl -sS -u grafana-a:demo-a "http://127.0.0.1:$HESIONE_PORT/team-a/api/v1/format_query" --data-urlencode 'query=a{x="1"} / b'
echo "== wrong credentials and invalid queries are refused"
run curl -sS -i -u grafana-a:wrong "http://127.0.0.1:$HESIONE_PORT/team-a/api/v1/query?query=up"
run curl -sS -u grafana-a:demo-a "http://127.0.0.1:$HESIONE_PORT/team-a/api/v1/query" --data-urlencode 'query=sum(rate(x[5m])'

if [ "${DEMO_KEEP_RUNNING:-1}" = "1" ]; then
  echo "== Hesione: http://127.0.0.1:$HESIONE_PORT/team-a (grafana-a/demo-a) and /team-b (grafana-b/demo-b); Ctrl-C to stop"
  wait
fi
