#!/usr/bin/env bash
# OpenMetrics data for benchmarks: 3 tenants x 2 pods x 2 codes x 2 methods, 3 hours at 15 s, ending at $1.
set -euo pipefail
END=$1
awk -v end="$END" 'BEGIN {
  start = end - 3 * 3600
  split("team-a team-b team-c", ns, " "); split("200 500", codes, " "); split("GET OPTIONS", methods, " ")
  print "# TYPE http_requests_total counter"
  for (i = 1; i <= 3; i++) for (p = 0; p < 2; p++) for (c = 1; c <= 2; c++) for (m = 1; m <= 2; m++)
    for (t = start; t <= end; t += 15)
      printf "http_requests_total{namespace=\"%s\",pod=\"api-%d\",code=\"%s\",method=\"%s\"} %d %d\n", ns[i], p, codes[c], methods[m], (t - start) * (i + p + c + m), t
  print "# EOF"
}'
