#!/usr/bin/env bash
# Starts the built exchange as an operator would (embedded PostgreSQL), checks it serves, stops it with
# SIGINT, checks no PostgreSQL is left behind, and starts it again on the same data.
set -euo pipefail
data=$(mktemp -d /tmp/cx-smoke-XXXXXX)
chmod 755 "$data"
port=$(node -e "const s=require('net').createServer();s.listen(0,()=>{console.log(s.address().port);s.close()})")
log="$data/server.log"

run_once() {
  DATA_DIR="$data/data" PORT="$port" HOST=127.0.0.1 node dist/src/main.js >"$log" 2>&1 &
  local pid=$!
  for _ in $(seq 1 120); do
    curl -fsS "http://127.0.0.1:$port/health" >/dev/null 2>&1 && break
    kill -0 "$pid" 2>/dev/null || { cat "$log"; echo "server exited during start-up" >&2; exit 1; }
    sleep 0.5
  done
  curl -fsS "http://127.0.0.1:$port/health"; echo
  curl -fsS -X POST "http://127.0.0.1:$port/graphql" -H 'content-type: application/json' -d '{"query":"{ ping }"}'; echo
  metrics=$(curl -fsS "http://127.0.0.1:$port/metrics")
  grep -q cx_http_requests_total <<<"$metrics"
  # The CLI attaches to the cluster the running server holds, and prints one JSON object.
  DATA_DIR="$data/data" node dist/src/cli/main.js partner:list --json | node -e "const p=JSON.parse(require('fs').readFileSync(0,'utf8'));if(!p.partners.some(x=>x.kind==='HOME'))process.exit(1)"
  # A token from the bootstrap admin's credentials, then an authenticated query.
  creds="$data/data/home-admin-credentials.json"
  id=$(node -p "require('$creds').client_id"); secret=$(node -p "require('$creds').client_secret")
  token=$(curl -fsS -X POST "http://127.0.0.1:$port/oauth/token" -d grant_type=client_credentials -d "client_id=$id" -d "client_secret=$secret" | node -p "JSON.parse(require('fs').readFileSync(0,'utf8')).access_token")
  curl -fsS -X POST "http://127.0.0.1:$port/graphql" -H 'content-type: application/json' -H "authorization: Bearer $token" -d '{"query":"{ me { partnerKind roles } }"}'; echo
  kill -INT "$pid"
  wait "$pid" || { cat "$log"; echo "server did not exit cleanly" >&2; exit 1; }
  if pgrep -f "postgres -D $data/data/postgres" >/dev/null; then
    echo "PostgreSQL left running after shutdown" >&2; exit 1
  fi
}

run_once
test -f "$data/data/postgres/PG_VERSION"
grep -q "created the HOME partner and an ADMIN client" "$log"
run_once   # second start reuses the cluster
grep -q '"embeddedDatabase":true' "$log"
echo "smoke: two starts on one data directory, clean stops"

# A bad DATABASE_URL is one line and a non-zero exit.
if out=$(DATABASE_URL=postgres://nobody@127.0.0.1:1/none node dist/src/main.js 2>&1); then
  echo "start with a bad DATABASE_URL succeeded" >&2; exit 1
fi
[ "$(printf '%s\n' "$out" | grep -c .)" -eq 1 ] || { echo "expected one error line, got: $out" >&2; exit 1; }
echo "smoke: bad DATABASE_URL -> $out"
rm -rf "$data"
