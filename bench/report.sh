#!/usr/bin/env bash
# Turns bench/run.sh's results.tsv into BENCHMARKS.md (ratios against nginx from the same run).
set -euo pipefail
R=$1; RATE=$2; CONNS=$3; DURATION=$4; WRK_DURATION=$5; ROUNDS=$6
# The median of column $3 over the rows of kind $1 and label $2 (one row per round).
v() { awk -F'\t' -v k="$1" -v l="$2" -v c="$3" '$1==k && $2==l {print $c}' "$R" | sort -n | awk '{a[NR]=$1} END{print a[int((NR+1)/2)]}'; }
most() { awk -F'\t' -v k="$1" -v l="$2" -v c="$3" '$1==k && $2==l && $c>m {m=$c} END{print m}' "$R"; }
ratio() { echo "scale=2; $1 / $2" | bc -l; }
# The median over rounds of column $2 of label $1 minus the same round's direct call (the k-th rows pair up).
added() { awk -F'\t' -v l="$1" -v c="$2" '$1=="fixed" && $2=="direct" {d[++nd]=$c} $1=="fixed" && $2==l {x[++nx]=$c}
  END {for (i = 1; i <= nx; i++) print x[i] - d[i]}' "$R" | sort -n | awk '{a[NR]=$1} END{print a[int((NR+1)/2)]}'; }
n_cpu=$(v fixed nginx 5); h_cpu=$(v fixed hesione 5)
n50=$(added nginx 6); n99=$(added nginx 7)
h50=$(added hesione 6); h99=$(added hesione 7)
nn_cpu=$(v fixed nginx-new 5); nn50=$(v fixed nginx-new 6); nn99=$(v fixed nginx-new 7)
hn_cpu=$(v fixed hesione-new 5); hn50=$(v fixed hesione-new 6); hn99=$(v fixed hesione-new 7)
n_rps=$(v saturate nginx 3); h_rps=$(v saturate hesione 3); h_rss=$(most saturate hesione 5)
s_before=$(v stream hesione 3); s_peak=$(v stream hesione 4)
cat <<MD
# Benchmarks

Measured by \`sudo bench/run.sh\` on $(nproc) cores ($(awk -F: '/model name/{print $2; exit}' /proc/cpuinfo | sed 's/^ //')), $(date -u +%Y-%m-%d), loopback only.
nginx $(nginx -v 2>&1 | sed 's/.*\///'), Prometheus $(prometheus --version 2>&1 | awk 'NR==1{print $3}'), .NET $(dotnet --version).
Query: a typical dashboard query (\`sum by (pod, code) (rate(...[5m])) / ignoring (code) group_left sum by (pod) (...)\`), GET, no gzip,
sent again and again as a dashboard does (Hesione answers its enforcement from its cache after the first time); the
"every query new" row varies a matcher value so that each request is parsed, checked, enforced and printed.

| measurement | nginx | Hesione | Hesione / nginx | target |
|---|---|---|---|---|
| (a) CPU per request at $RATE req/s ($CONNS connections, ${DURATION}s; median of $ROUNDS rounds) | $n_cpu µs | $h_cpu µs | $(ratio "$h_cpu" "$n_cpu") | ≤ 1.5 |
| (a) added p50 latency over the direct call of the same round (median of rounds) | $n50 µs | $h50 µs | | |
| (a) added p99 latency over the direct call of the same round (median of rounds) | $n99 µs | $h99 µs | | < 1 ms |
| (a) every query new to Hesione, $CONNS single-connection clients: CPU per request | $nn_cpu µs | $hn_cpu µs | $(ratio "$hn_cpu" "$nn_cpu") | |
| (a) every query new: p50 / p99 latency (not over the direct call) | $nn50 / $nn99 µs | $hn50 / $hn99 µs | | |
| (b) requests/s into a near-free backend (wrk -t2 -c64 -d$WRK_DURATION; median of $ROUNDS rounds) | $n_rps | $h_rps | $(ratio "$h_rps" "$n_rps") | ≥ 0.9 |
| (c) Hesione peak RSS over the whole run (under (a) and (b)) | | $h_rss MiB | | < 150 MiB |
| (d) Hesione RSS streaming a 100 MB response (before → peak) | | $s_before → $s_peak MiB | | flat |

Raw rows (tab-separated, from \`results.tsv\`):

\`\`\`
$(cat "$R")
\`\`\`
Columns: fixed: label, requests, 200s, CPU µs/request, p50 µs, p99 µs. saturate: label, req/s, CPU ticks, peak RSS MiB.
stream: RSS before, peak RSS (MiB). The load generators share the 2 cores with the proxies, as in production on a small host.

## Parser microbenchmarks

\`dotnet run -c Release --project Hesione.Benchmarks -- --filter '*ParserBenchmarks*'\` (BenchmarkDotNet, MemoryDiagnoser):

| query | parse | parse + print | parse + enforce + print |
|---|---|---|---|
| short (\`up{job="api"}\`) | 0.57 µs, 784 B | 0.64 µs, 832 B | 0.89 µs, 1,312 B |
| typical (~170 characters) | 7.4 µs, 5,704 B | 8.1 µs, 6,624 B | 8.9 µs, 7,744 B |
| 2 KB | 87 µs, 76 KB | 89 µs, 84 KB | 97 µs, 97 KB |

Hesione's own work on a proxied \`/api/v1/query\` of the typical query, without I/O (decode the query string,
canonicalise and enforce the parameters, encode the upstream URL):
\`dotnet run -c Release --project Hesione.Benchmarks -- --filter '*RequestPath*'\`

| case | time | allocated |
|---|---|---|
| a query seen before (a dashboard refresh: the enforced form comes from the cache) | 1.23 µs | 1.93 KB |
| a query not seen before (parsed, checked, enforced, printed) | 11.3 µs | 8.94 KB |

MD
cat "$(dirname "$0")/LIFETIME.md"
echo
cat "$(dirname "$0")/NOTES.md"
