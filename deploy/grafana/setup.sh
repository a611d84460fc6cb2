#!/bin/sh
# Creates Grafana organisation 2 (team-b) with a data source through Hesione's team-b receiver.
# Idempotent (a second run finds both); any other failure stops it with a message and a non-zero exit.
set -eu
G=http://admin:admin@grafana:3000
NAME="Prometheus (team-b)"

fail() { echo "grafana-setup: $*" >&2; exit 1; }

tries=0
until curl -fsS "$G/api/health" >/dev/null 2>&1; do
  tries=$((tries + 1))
  [ "$tries" -le 120 ] || fail "Grafana did not answer $G/api/health within 120 s"
  sleep 1
done

org_id() { curl -fsS "$G/api/orgs/name/team-b" 2>/dev/null | sed -n 's/.*"id":\([0-9]*\).*/\1/p'; }
ORG=$(org_id || true)
if [ -z "$ORG" ]; then
  curl -fsS -X POST -H 'Content-Type: application/json' -d '{"name":"team-b"}' "$G/api/orgs" >/dev/null \
    || fail "could not create organisation team-b"
  ORG=$(org_id) || fail "organisation team-b not found after creating it"
fi
[ -n "$ORG" ] || fail "no id for organisation team-b"

if curl -fsS -H "X-Grafana-Org-Id: $ORG" "$G/api/datasources/name/Prometheus%20(team-b)" >/dev/null 2>&1; then
  echo "data source $NAME already exists in organisation team-b (id $ORG)"
else
  curl -fsS -X POST -H 'Content-Type: application/json' -H "X-Grafana-Org-Id: $ORG" "$G/api/datasources" -d '{
    "name": "Prometheus (team-b)", "type": "prometheus", "access": "proxy", "isDefault": true,
    "url": "http://hesione:8000/team-b", "basicAuth": true, "basicAuthUser": "grafana-b",
    "secureJsonData": {"basicAuthPassword": "team-b-secret"}}' >/dev/null \
    || fail "could not create data source $NAME in organisation team-b (id $ORG)"
fi
echo "organisation team-b (id $ORG) ready"
