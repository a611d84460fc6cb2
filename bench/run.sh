#!/usr/bin/env bash
# Side-by-side benchmark on loopback: nginx (the reference hop) and Hesione in front of the same
# backends, in one run. Writes BENCHMARKS.md at the repository root.
#   (a) fixed rate (h2load --rps): CPU µs per request of the proxy process, p50/p99 added latency (median of ROUNDS
#       rounds, nginx and Hesione in turn); and once more with every query new to Hesione
#   (b) saturation into a near-free backend (nginx `return 200`) with wrk: requests per second
#   (c) Hesione's peak RSS (over the whole run, so under (a) and (b))
#   (d) Hesione's RSS while streaming a 100 MB response
# usage: sudo bench/run.sh   (env RATE, CONNS, DURATION, ROUNDS, WRK_DURATION may be overridden; HESIONE_ENV and
#        HESIONE_ARGS pass runtime settings or serve options to Hesione, e.g. HESIONE_ARGS="--log-level Warning")
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
RATE=${RATE:-2000}; CONNS=${CONNS:-16}; DURATION=${DURATION:-20}; ROUNDS=${ROUNDS:-3}; WRK_DURATION=${WRK_DURATION:-15s}
PROM=19090; NGINX_PROM=18080; STATIC=18081; NGINX_STATIC=18082; HESIONE=18090
WORK=$(mktemp -d /tmp/hesione-bench.XXXXXX)
PIDS=()
cleanup() { for p in "${PIDS[@]:-}"; do kill "$p" 2>/dev/null || true; done; [ -f "$WORK/nginx/nginx.pid" ] && kill "$(cat "$WORK/nginx/nginx.pid")" 2>/dev/null || true; }
trap cleanup EXIT INT TERM

need=()
for b in prometheus promtool nginx wrk h2load bc curl jq; do command -v "$b" >/dev/null || need+=("$b"); done
if [ ${#need[@]} -gt 0 ]; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends prometheus nginx-light wrk nghttp2-client bc curl jq >/dev/null
fi

for port in $PROM $NGINX_PROM $STATIC $NGINX_STATIC $HESIONE; do
  if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then echo "port $port is in use; stop what listens there first" >&2; exit 1; fi
done

echo "== data and Prometheus"
bench/gen-data.sh "$(( $(date +%s) / 15 * 15 ))" > "$WORK/data.om"
promtool tsdb create-blocks-from openmetrics "$WORK/data.om" "$WORK/tsdb" >/dev/null
printf 'global: {scrape_interval: 1h}\nscrape_configs: []\n' > "$WORK/prometheus.yml"
prometheus --config.file="$WORK/prometheus.yml" --storage.tsdb.path="$WORK/tsdb" --storage.tsdb.retention.time=100y \
  --web.listen-address=127.0.0.1:$PROM > "$WORK/prometheus.log" 2>&1 &
PROM_PID=$!; PIDS+=($PROM_PID)

echo "== nginx"
mkdir -p "$WORK/nginx/logs"
head -c 100000000 /dev/zero | tr '\0' 'x' > "$WORK/big.json"
sed -e "s|@PROM@|$PROM|; s|@NGINX_PROM@|$NGINX_PROM|; s|@STATIC@|$STATIC|g; s|@NGINX_STATIC@|$NGINX_STATIC|; s|@BIG@|$WORK/big.json|" \
  bench/nginx.conf > "$WORK/nginx/nginx.conf"
nginx -p "$WORK/nginx" -c "$WORK/nginx/nginx.conf" -g "pid $WORK/nginx/nginx.pid;" &
PIDS+=($!)

echo "== Hesione (Release)"
dotnet publish Hesione.Server -c Release -o "$WORK/bin" > /dev/null
cat > "$WORK/hesione.yml" <<YML
listen: 127.0.0.1:$HESIONE
receivers:
  - {name: prom, prom: "http://127.0.0.1:$PROM", label_name: namespace, label: team-a}
  - {name: free, prom: "http://127.0.0.1:$STATIC", label_name: namespace, label: team-a}
YML
env ${HESIONE_ENV:-} "$WORK/bin/hesione" serve --config "$WORK/hesione.yml" ${HESIONE_ARGS:-} > "$WORK/hesione.log" 2>&1 &
HESIONE_PID=$!; PIDS+=($HESIONE_PID)

for _ in $(seq 1 200); do
  curl -fsS "http://127.0.0.1:$PROM/-/ready" >/dev/null 2>&1 && curl -fsS "http://127.0.0.1:$HESIONE/health" >/dev/null 2>&1 \
    && curl -fsS "http://127.0.0.1:$NGINX_STATIC/" >/dev/null 2>&1 && break
  sleep 0.3
done
NGINX_WORKER=$(pgrep -f "nginx: worker" | head -1)

# The query already carries the scope, so the backend does the same work behind nginx and behind Hesione
# (Hesione still parses, checks, enforces and prints it; enforcement leaves it unchanged).
QUERY='sum by (pod, code) (rate(http_requests_total{namespace="team-a", code=~"5..", method!="OPTIONS"}[5m])) / ignoring (code) group_left sum by (pod) (rate(http_requests_total{namespace="team-a"}[5m]))'
ENC=$(printf '%s' "$QUERY" | jq -sRr @uri)
T=$(( $(date +%s) / 15 * 15 - 60 ))
PATH_Q="/api/v1/query?query=$ENC&time=$T"

ticks() { awk '{print $14+$15}' "/proc/$1/stat"; }
TCK=$(getconf CLK_TCK)
RESULTS="$WORK/results.tsv"; : > "$RESULTS"

summarize() { # label log before-ticks after-ticks: one "fixed" row
  local label=$1 log=$2 n ok pct cpu
  n=$(wc -l < "$log")
  ok=$(awk -F'\t' '$2==200' "$log" | wc -l)
  pct=$(awk -F'\t' '{print $3}' "$log" | sort -n | awk '{a[NR]=$1} END{printf "%.0f\t%.0f", a[int(NR*.5)], a[int(NR*.99)]}')
  cpu=$(echo "scale=1; ($4 - $3) * 1000000 / $TCK / $n" | bc -l)
  printf 'fixed\t%s\t%s\t%s\t%s\t%s\n' "$label" "$n" "$ok" "$cpu" "$pct" | tee -a "$RESULTS"
}

fixed_rate() { # label url pid round
  local label=$1 url=$2 pid=$3 before after log="$WORK/$1.$4.h2log"
  [ "$4" = 1 ] && { wrk -t1 -c8 -d5s "$url" > /dev/null 2>&1 || true; }                    # warm-up: JIT tiers settle
  h2load --h1 -c "$CONNS" --rps $(( RATE / CONNS )) -D 3 "$url" > /dev/null 2>&1 || true   # warm-up at the rate
  before=$( [ "$pid" = 0 ] && echo 0 || ticks "$pid")
  h2load --h1 -c "$CONNS" --rps $(( RATE / CONNS )) -D "$DURATION" --log-file="$log" "$url" > /dev/null 2>&1
  after=$( [ "$pid" = 0 ] && echo 0 || ticks "$pid")
  summarize "$label" "$log" "$before" "$after"
}

# Every request a query Hesione has not seen (its cache of enforced queries never hits): the same query with a
# different value in its `method!=` matcher, which Prometheus evaluates at the same cost. h2load sends each client
# through its URI list from the top, so each of the $CONNS clients is its own h2load with its own list; their
# requests arrive spread out rather than in bursts, which costs both proxies more wake-ups than (a).
unique_uris() { # base-url tag count
  local template; template=$(printf '%s' "${QUERY/OPTIONS/@N@}" | jq -sRr @uri)
  awk -v url="$1" -v q="$template" -v tag="$2" -v n="$3" \
    -v T="$T" 'BEGIN { for (i = 0; i < n; i++) { u = q; sub(/%40N%40/, tag "-" i, u); print url "/api/v1/query?query=" u "&time=" T } }'
}
fixed_rate_new_queries() { # label base-url pid
  local label=$1 base=$2 pid=$3 before after log="$WORK/$1.h2log" per=$(( RATE / CONNS )) c loads=()
  for c in $(seq 1 "$CONNS"); do
    unique_uris "$base" "w$c" $(( per * 5 )) > "$WORK/warm.$c"
    unique_uris "$base" "m$c" $(( per * (DURATION + 1) )) > "$WORK/uris.$c"
  done
  for c in $(seq 1 "$CONNS"); do h2load --h1 -c 1 --rps "$per" -D 5 -i "$WORK/warm.$c" > /dev/null 2>&1 & loads+=($!); done
  wait "${loads[@]}"
  before=$(ticks "$pid")
  loads=()
  for c in $(seq 1 "$CONNS"); do h2load --h1 -c 1 --rps "$per" -D "$DURATION" --log-file="$log.$c" -i "$WORK/uris.$c" > /dev/null 2>&1 & loads+=($!); done
  wait "${loads[@]}"
  after=$(ticks "$pid")
  cat "$log".* > "$log"
  summarize "$label" "$log" "$before" "$after"
}

echo "== (a) fixed rate $RATE req/s, $CONNS connections, ${DURATION}s each, $ROUNDS rounds (direct, nginx and Hesione in turn)"
for round in $(seq 1 "$ROUNDS"); do   # each round measures the direct call too: added latency is per round
  fixed_rate direct "http://127.0.0.1:$PROM$PATH_Q" 0 "$round"
  fixed_rate nginx "http://127.0.0.1:$NGINX_PROM$PATH_Q" "$NGINX_WORKER" "$round"
  fixed_rate hesione "http://127.0.0.1:$HESIONE/prom$PATH_Q" "$HESIONE_PID" "$round"
done
echo "== (a) every query new, $CONNS single-connection clients"
fixed_rate_new_queries nginx-new "http://127.0.0.1:$NGINX_PROM" "$NGINX_WORKER"
fixed_rate_new_queries hesione-new "http://127.0.0.1:$HESIONE/prom" "$HESIONE_PID"

saturate() { # label url pid
  local label=$1 url=$2 pid=$3 before after
  wrk -t2 -c64 -d5s "$url" > /dev/null 2>&1 || true   # warm-up
  before=$(ticks "$pid")
  wrk -t2 -c64 -d"$WRK_DURATION" --latency "$url" > "$WORK/$label.wrk" 2>&1
  after=$(ticks "$pid")
  local rps; rps=$(awk '/Requests\/sec/{print $2}' "$WORK/$label.wrk")
  local rss; rss=$(awk '/VmHWM/{print int($2/1024)}' "/proc/$pid/status")
  printf 'saturate\t%s\t%s\t%s\t%s\n' "$label" "$rps" "$(( (after - before) ))" "$rss" | tee -a "$RESULTS"
}

echo "== (b, c) saturation into a near-free backend, wrk -t2 -c64 -d$WRK_DURATION, $ROUNDS rounds"
for round in $(seq 1 "$ROUNDS"); do
  saturate nginx "http://127.0.0.1:$NGINX_STATIC$PATH_Q" "$NGINX_WORKER"
  saturate hesione "http://127.0.0.1:$HESIONE/free$PATH_Q" "$HESIONE_PID"
done

echo "== (d) streaming 100 MB through Hesione"
RSS_BEFORE=$(awk '/VmRSS/{print int($2/1024)}' "/proc/$HESIONE_PID/status")
PEAK=0
curl -sS -o /dev/null "http://127.0.0.1:$HESIONE/free/api/v1/series?match%5B%5D=up" &
CURL=$!
while kill -0 $CURL 2>/dev/null; do
  r=$(awk '/VmRSS/{print int($2/1024)}' "/proc/$HESIONE_PID/status"); [ "$r" -gt "$PEAK" ] && PEAK=$r; sleep 0.05
done
wait $CURL
printf 'stream\thesione\t%s\t%s\n' "$RSS_BEFORE" "$PEAK" | tee -a "$RESULTS"

bench/report.sh "$RESULTS" "$RATE" "$CONNS" "$DURATION" "$WRK_DURATION" "$ROUNDS" > "$ROOT/BENCHMARKS.md"
echo "== wrote BENCHMARKS.md"
