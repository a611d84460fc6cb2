#!/bin/sh
# Creates Grafana organisation 2 (team-b) with a data source through Hesione's team-b receiver.
set -eu
G=http://admin:admin@grafana:3000
until curl -fsS "$G/api/health" >/dev/null; do sleep 1; done
curl -fsS -X POST -H 'Content-Type: application/json' -d '{"name":"team-b"}' "$G/api/orgs" || true
ORG=$(curl -fsS "$G/api/orgs/name/team-b" | sed -n 's/.*"id":\([0-9]*\).*/\1/p')
curl -fsS -X POST -H 'Content-Type: application/json' -H "X-Grafana-Org-Id: $ORG" "$G/api/datasources" -d '{
  "name": "Prometheus (team-b)", "type": "prometheus", "access": "proxy", "isDefault": true,
  "url": "http://hesione:8000/team-b", "basicAuth": true, "basicAuthUser": "grafana-b",
  "secureJsonData": {"basicAuthPassword": "team-b-secret"}}' || true
echo "organisation team-b (id $ORG) ready"
