#!/usr/bin/env bash
# Pools under load, against real Prometheus processes on loopback: runs the real-backend pool tests
# (Hesione.Tests/Pools/PrometheusPoolTests.cs: two Prometheus replicas on copies of the same backfilled data behind
# one receiver, 16 concurrent clients sending a rate query, a replica killed with SIGKILL and restarted; both down;
# a stuck replica) and prints their figures, one `pools:` line per scenario.
# usage: bench/pools.sh
set -euo pipefail
cd "$(dirname "$0")/.."
for b in prometheus promtool; do command -v "$b" >/dev/null || { echo "$b is needed (Debian: prometheus)" >&2; exit 1; }; done
CI=true dotnet test Hesione.Tests -c Release --filter "FullyQualifiedName~Pools.PrometheusPoolTests" \
  --logger "console;verbosity=detailed" 2>&1 | tee /tmp/hesione-pools.log | grep -E '^\s*pools:|^\s*(Passed|Failed|Total tests):' | sed 's/^ *//'
