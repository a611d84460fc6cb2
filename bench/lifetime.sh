#!/usr/bin/env bash
# Memory over time and under floods, on loopback, against a near-free backend (nginx answering a canned query result):
#   (1) reloads: RSS of Hesione before and after RELOADS reloads (SIGHUP, each a new file) of a 50-receiver config,
#       with h2load sending queries to all receivers throughout; counted after RELOAD_WARMUP reloads that warm the
#       reload path up (its code's first use and JIT tiers), and from before any reload too
#   (2) regexes: RSS while QUERIES queries, each with a regex no other query has, pass through one receiver
#   (3) idle connections: RSS per idle half-open connection (request line sent, headers never finished): IDLE of them,
#       under `ulimit -n` IDLE_LIMIT (Hesione bounds them by its descriptor budget; the figure is per connection held)
# RSS is VmRSS / VmHWM of /proc/PID/status. Prints one tab-separated line per figure.
# usage: bench/lifetime.sh            (publishes this tree)
#        HESIONE=/path/to/hesione bench/lifetime.sh   (an already published binary, e.g. an older version to compare)
#        env RELOADS, RELOAD_WARMUP, QUERIES, RATE, IDLE, IDLE_LIMIT may be overridden
set -euo pipefail
cd "$(dirname "$0")/.."
RELOADS=${RELOADS:-500}; RELOAD_WARMUP=${RELOAD_WARMUP:-50}; QUERIES=${QUERIES:-200000}; RATE=${RATE:-500}; IDLE=${IDLE:-3000}; IDLE_LIMIT=${IDLE_LIMIT:-20000}
STATIC=18181; HESIONE_PORT=18190
WORK=$(mktemp -d /tmp/hesione-lifetime.XXXXXX)
PIDS=()
cleanup() { for p in "${PIDS[@]:-}"; do kill "$p" 2>/dev/null || true; done; [ -f "$WORK/nginx/nginx.pid" ] && kill "$(cat "$WORK/nginx/nginx.pid" 2>/dev/null)" 2>/dev/null || true; }
trap cleanup EXIT INT TERM
for b in nginx h2load curl python3; do command -v "$b" >/dev/null || { echo "$b is needed (Debian: nginx-light nghttp2-client curl python3)" >&2; exit 1; }; done

mkdir -p "$WORK/nginx/logs"
cat > "$WORK/nginx/nginx.conf" <<CONF
worker_processes 1;
daemon off;
error_log logs/error.log warn;
events { worker_connections 4096; }
http {
    access_log off;
    keepalive_requests 1000000;
    server {
        listen 127.0.0.1:$STATIC;
        location / { default_type application/json; return 200 '{"status":"success","data":{"resultType":"vector","result":[]}}'; }
    }
}
CONF
nginx -p "$WORK/nginx" -c "$WORK/nginx/nginx.conf" -g "pid $WORK/nginx/nginx.pid;" &
PIDS+=($!)

if [ -z "${HESIONE:-}" ]; then
  dotnet publish Hesione.Server -c Release -o "$WORK/bin" > /dev/null
  HESIONE="$WORK/bin/hesione"
fi

rss() { awk '/VmRSS/{print int($2/1024)}' "/proc/$1/status"; }
hwm() { awk '/VmHWM/{print int($2/1024)}' "/proc/$1/status"; }
start() { # config [ulimit]: starts Hesione, sets HPID
  if [ -n "${2:-}" ]; then
    (ulimit -n "$2"; exec "$HESIONE" serve --config "$1" --log-level Warning) > "$WORK/hesione.log" 2>&1 &
  else
    "$HESIONE" serve --config "$1" --log-level Warning > "$WORK/hesione.log" 2>&1 &
  fi
  HPID=$!; PIDS+=($HPID)
  for _ in $(seq 1 100); do curl -s -o /dev/null "http://127.0.0.1:$HESIONE_PORT/" && return; sleep 0.1; done
  echo "Hesione did not start" >&2; cat "$WORK/hesione.log" >&2; exit 1
}
stop() { kill "$HPID"; wait "$HPID" 2>/dev/null || true; }
receivers() { # generation
  printf 'listen: 127.0.0.1:%s\n# generation %s\nreceivers:\n' "$HESIONE_PORT" "$1"
  for r in $(seq 0 49); do printf '  - {name: team-%s, prom: "http://127.0.0.1:%s", label_name: namespace, label: team-%s}\n' "$r" "$STATIC" "$r"; done
}
reloads_done() { curl -s "http://127.0.0.1:$HESIONE_PORT/metrics" | awk '/^hesione_config_reloads_total\{result="success"\}/{print int($2)}'; }

echo "== (1) $RELOADS reloads of a 50-receiver config, $RATE queries/s to all receivers throughout"
receivers 0 > "$WORK/reload.yml"
start "$WORK/reload.yml"
for i in $(seq 0 999); do echo "http://127.0.0.1:$HESIONE_PORT/team-$((i % 50))/api/v1/query?query=rate(http_requests_total%7Bcode%3D~%225..%22%7D%5B5m%5D)&time=1700000000"; done > "$WORK/reload.uris"
h2load --h1 -c 8 --rps $((RATE / 8)) -D 20 -i "$WORK/reload.uris" > /dev/null 2>&1   # warm-up: JIT tiers, pools, caches
h2load --h1 -c 8 --rps $((RATE / 8)) -D 3600 -i "$WORK/reload.uris" > "$WORK/reload.h2load" 2>&1 &
LOAD=$!; PIDS+=($LOAD)
sleep 5
reload() { # generation
  receivers "$1" > "$WORK/reload.yml.new" && mv "$WORK/reload.yml.new" "$WORK/reload.yml"
  kill -HUP "$HPID"
  while [ "$(reloads_done)" -lt "$1" ]; do sleep 0.01; done
}
FIRST=$(rss "$HPID")
for i in $(seq 1 "$RELOAD_WARMUP"); do reload "$i"; done   # warm-up of the reload path (JIT tiers, first use of its code)
sleep 5
BEFORE=$(rss "$HPID"); STEPS=""
for i in $(seq 1 "$RELOADS"); do
  reload $((RELOAD_WARMUP + i))
  if [ $((i % 100)) = 0 ]; then STEPS="$STEPS $i:$(rss "$HPID")"; fi
done
sleep 5
AFTER=$(rss "$HPID"); PEAK=$(hwm "$HPID")
kill "$LOAD" 2>/dev/null || true
printf 'reloads\tRSS before any reload %s MiB\tafter %s warm-up reloads %s MiB\tafter %s more %s MiB\tgrowth over those %s MiB\tpeak %s MiB\t(reloads:MiB%s)\n' \
  "$FIRST" "$RELOAD_WARMUP" "$BEFORE" "$RELOADS" "$AFTER" "$((AFTER - BEFORE))" "$PEAK" "$STEPS"
stop

echo "== (2) $QUERIES queries, each with a regex of its own"
printf 'listen: 127.0.0.1:%s\nreceivers:\n  - {name: team-a, prom: "http://127.0.0.1:%s", label_name: namespace, label: team-a}\n' "$HESIONE_PORT" "$STATIC" > "$WORK/regex.yml"
start "$WORK/regex.yml"
awk -v n="$QUERIES" -v base="http://127.0.0.1:$HESIONE_PORT/team-a/api/v1/query?query=" \
  'BEGIN { for (i = 0; i < n; i++) printf "%ssum(rate(http_requests_total%%7Bjob%%3D~%%22api-%d%%7Cweb-%d-%%5Ba-z%%5D%%2B%%22%%7D%%5B5m%%5D))&time=1700000000\n", base, i, i }' > "$WORK/regex.uris"
START=$(rss "$HPID"); MAX=$START
h2load --h1 -c 16 -n "$QUERIES" -i "$WORK/regex.uris" > "$WORK/regex.h2load" 2>&1 &
LOAD=$!; PIDS+=($LOAD)
while kill -0 "$LOAD" 2>/dev/null; do r=$(rss "$HPID"); [ "$r" -gt "$MAX" ] && MAX=$r; sleep 0.2; done
DONE=$(awk '/requests:/{print $0; exit}' "$WORK/regex.h2load")
printf 'regexes\t%s queries\tRSS at start %s MiB\thighest sampled %s MiB\tpeak (VmHWM) %s MiB\tat the end %s MiB\t(%s)\n' "$QUERIES" "$START" "$MAX" "$(hwm "$HPID")" "$(rss "$HPID")" "$DONE"
stop

echo "== (3) $IDLE idle half-open connections under ulimit -n $IDLE_LIMIT"
start "$WORK/regex.yml" "$IDLE_LIMIT"
curl -s -o /dev/null "http://127.0.0.1:$HESIONE_PORT/team-a/api/v1/query?query=up"
sleep 2
BEFORE=$(rss "$HPID")
python3 - "$HESIONE_PORT" "$IDLE" "$HPID" <<'PY' > "$WORK/idle.out"
import socket, sys, time, resource
port, count, pid = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
resource.setrlimit(resource.RLIMIT_NOFILE, (count + 256, max(count + 256, resource.getrlimit(resource.RLIMIT_NOFILE)[1])))
socks = []
for i in range(count):
    s = socket.create_connection(("127.0.0.1", port))
    s.sendall(b"GET /team-a/api/v1/query?query=up HTTP/1.1\r\nHost: x\r\n")
    socks.append(s)
time.sleep(3)
held = sum(1 for line in open(f"/proc/{pid}/net/tcp").readlines()[1:] if line.split()[1].endswith(f":{port:04X}") and line.split()[3] == "01")
rss = int([l for l in open(f"/proc/{pid}/status") if l.startswith("VmRSS")][0].split()[1]) // 1024
print(held, rss)
PY
read -r HELD AFTER < "$WORK/idle.out"
printf 'idle\t%s connections opened, %s held\tRSS before %s MiB\twith them %s MiB\tper held connection %s KiB\n' \
  "$IDLE" "$HELD" "$BEFORE" "$AFTER" "$(( HELD > 0 ? (AFTER - BEFORE) * 1024 / HELD : 0 ))"
stop
