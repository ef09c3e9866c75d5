#!/usr/bin/env bash
# A rolling restart behind HAProxy: two sample-app instances, HTTP health checks on the
# readiness probe, wrk through HAProxy while each instance in turn gets SIGTERM, exits, starts
# again and turns healthy. Pass: no non-2xx answer and no socket error at the client.
# Everything on 127.0.0.1. Installs haproxy and wrk with apt if missing.
# Usage: benchmarks/rolling-restart.sh [connections]
set -euo pipefail
cd "$(dirname "$0")/.."
conns=${1:-32}
lb=${LB_PORT:-18190}
ports=(${APP_PORTS:-18191 18192})
work=$(mktemp -d)

command -v haproxy >/dev/null || { apt-get update -qq && apt-get install -y -qq haproxy; }
command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk; }
source benchmarks/find-java.sh
./mvnw -q -B -pl sample-app -am compile dependency:build-classpath -Dmdep.outputFile=target/cp.txt
cp="sample-app/target/classes:$(cat sample-app/target/cp.txt)"

# The balancer settings a picoev user needs (README, "Behind a load balancer"):
# - health check on the readiness probe, often (inter) and quick to mark down (fall 1);
# - retries with redispatch: a connection refused by an instance that closed its listener
#   goes to the other one;
# - L7 retries (retry-on) for a request that met an idle keep-alive connection the server
#   closed as it began draining (empty-response) or a refused connect (conn-failure); safe for
#   idempotent requests, which HAProxy alone retries;
# - no on-marked-down shutdown-sessions: requests in flight on a draining instance finish there.
cat > "$work/haproxy.cfg" <<CFG
global
  maxconn 4096
  log stdout format raw local0
defaults
  mode http
  log global
  option httplog
  option dontlog-normal
  timeout connect 2s
  timeout client 30s
  timeout server 30s
  retries 3
  option redispatch 1
  retry-on conn-failure empty-response response-timeout
backend apps
  balance roundrobin
  option httpchk GET /actuator/health/readiness
  http-check expect status 200
  default-server inter 300ms fall 1 rise 2
  server a 127.0.0.1:${ports[0]} check
  server b 127.0.0.1:${ports[1]} check
frontend web
  bind 127.0.0.1:${lb}
  default_backend apps
CFG

declare -A pid
start() {
  "$java" -Xmx256m -cp "$cp" io.picoev.sample.SampleApplication --picoev.port="$1" --picoev.loops=1 \
    --spring.lifecycle.timeout-per-shutdown-phase=20s > "$work/app-$1.log" 2>&1 &
  pid[$1]=$!
}
healthy() {
  for _ in $(seq 600); do
    curl -sf "http://127.0.0.1:$1/actuator/health/readiness" >/dev/null && return 0
    sleep 0.1
  done
  echo "instance on $1 did not turn healthy" >&2; return 1
}
cleanup() {
  for p in "${ports[@]}"; do kill "${pid[$p]:-}" 2>/dev/null || true; done
  [ -n "${hap:-}" ] && kill "$hap" 2>/dev/null || true
  wait 2>/dev/null || true
}
trap cleanup EXIT

for p in "${ports[@]}"; do start "$p"; done
for p in "${ports[@]}"; do healthy "$p"; done
haproxy -f "$work/haproxy.cfg" -db > "$work/haproxy.log" 2>&1 &
hap=$!
for _ in $(seq 100); do curl -sf "http://127.0.0.1:$lb/plaintext" >/dev/null && break; sleep 0.1; done
curl -sf "http://127.0.0.1:$lb/plaintext" >/dev/null || { cat "$work/haproxy.log"; echo "haproxy is not answering" >&2; exit 1; }

wrk -t1 -c"$conns" -d120s "http://127.0.0.1:$lb/plaintext" > "$work/wrk.txt" 2>&1 &
client=$!
sleep 5
for p in "${ports[@]}"; do
  echo "restarting the instance on $p"
  kill -TERM "${pid[$p]}"
  wait "${pid[$p]}" 2>/dev/null || true
  start "$p"
  healthy "$p"
  sleep 5
done
kill -INT "$client" 2>/dev/null || true
wait "$client" 2>/dev/null || true

cat "$work/wrk.txt"
requests=$(awk '/requests in/ {print $1}' "$work/wrk.txt")
non2xx=$(awk '/Non-2xx or 3xx responses/ {print $NF}' "$work/wrk.txt")
errors=$(awk '/Socket errors/ {gsub(",", ""); print $4 + $6 + $8 + $10}' "$work/wrk.txt")
echo "haproxy's log of what went wrong (status, termination state), counted:"
awk '/ HTTP\/1.1"$/ || /"GET / {for (i = 1; i <= NF; i++) if ($i ~ /^[0-9][0-9][0-9]$/ && $(i+1) ~ /^[0-9-]+$/) {s = $i; break} print s, $(NF-8)}' "$work/haproxy.log" | sort | uniq -c | sort -rn | head || true
echo "requests: ${requests:-0}  non-2xx: ${non2xx:-0}  socket errors: ${errors:-0}"
[ "${non2xx:-0}" = 0 ] && [ "${errors:-0}" = 0 ]
