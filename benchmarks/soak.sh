#!/usr/bin/env bash
# Soak: the sample app under mixed load for a while (not in CI). wrk keeps keep-alive and
# 16-deep pipelined clients busy on /plaintext while benchmarks/soak_clients.py churns
# connections, reads slowly, resets mid-answer, uploads and sends malformed requests. Every
# 10 s it samples the app's RSS, open file descriptors and picoev's gauges from /metrics.
#
# Usage: benchmarks/soak.sh [seconds, default 600]
# Pass: zero unexpected errors (wrk socket errors and non-2xx, and the python clients'
# unexpected answers); RSS at the end within 10 % of RSS after warm-up (the first fifth of the
# run); open fds and picoev.connections.open back to their values before the load.
# Samples go to target/soak/samples.csv, logs beside them.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-600}
port=${PORT:-18083}
out=target/soak
mkdir -p "$out"
source benchmarks/find-java.sh
command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk; }
command -v python3 >/dev/null || { echo "needs python3" >&2; exit 1; }

if [ -z "${SKIP_BUILD:-}" ]; then
  ./mvnw -q -B install -DskipTests
  ./mvnw -q -B -pl sample-app dependency:build-classpath -Dmdep.outputFile=target/cp.txt
fi
cp="sample-app/target/classes:$(cat sample-app/target/cp.txt)"
# A fixed, pre-touched heap: RSS then shows what grows outside it (direct buffers, threads, metaspace)
"$java" -Xms256m -Xmx256m -XX:+AlwaysPreTouch -cp "$cp" io.picoev.sample.SampleApplication \
  --picoev.port="$port" --logging.level.io.picoev=WARN > "$out/app.log" 2>&1 &
app=$!
pids=()
cleanup() { kill "${pids[@]}" 2>/dev/null || true; kill "$app" 2>/dev/null || true; wait "$app" 2>/dev/null || true; }
trap cleanup EXIT
until curl -sf "http://127.0.0.1:$port/plaintext" >/dev/null; do
  kill -0 "$app" 2>/dev/null || { echo "the app did not start: see $out/app.log" >&2; exit 1; }
  sleep 0.1
done

metric() { # sum of a Prometheus metric's samples; the name may carry a unit suffix (_connections)
  curl -sf "http://127.0.0.1:$port/metrics" | awk -v m="$1" '$1 ~ ("^" m "(_[a-z]+)?({|$)") { s += $2 } END { printf "%d", s }'
}
rss() { awk '/^VmRSS/ { print $2 }' "/proc/$app/status"; }   # KiB
fds() { ls "/proc/$app/fd" | wc -l; }
sample() {
  echo "$1,$(rss),$(fds),$(metric picoev_connections_open),$(metric picoev_requests_total),$(metric picoev_errors_total),$(metric picoev_connections_timeouts_total)" >> "$out/samples.csv"
}

echo "t,rss_kib,fds,connections_open,requests,errors,timeouts" > "$out/samples.csv"
sample 0
base_fds=$(fds); base_open=$(metric picoev_connections_open)
echo "before load: RSS $(rss) KiB, $base_fds fds, $base_open open connections (the scrape's own)"

wrk -t1 -c16 -d"${seconds}s" --timeout 10s "http://127.0.0.1:$port/plaintext" > "$out/wrk-keepalive.txt" 2>&1 &
pids+=($!)
PIPELINE=16 wrk -t1 -c8 -d"${seconds}s" --timeout 10s -s benchmarks/pipeline.lua "http://127.0.0.1:$port/plaintext" > "$out/wrk-pipelined.txt" 2>&1 &
pids+=($!)
python3 benchmarks/soak_clients.py "$port" "$seconds" 4 > "$out/clients.json" 2> "$out/clients.err" &
pids+=($!)

start=$(date +%s)
warm=$((seconds / 5)); warm_rss=""
while [ $(( $(date +%s) - start )) -lt "$seconds" ]; do
  sleep 10
  t=$(( $(date +%s) - start ))
  sample "$t"
  if [ -z "$warm_rss" ] && [ "$t" -ge "$warm" ]; then warm_rss=$(rss); fi
  tail -1 "$out/samples.csv"
done
wait "${pids[@]}" || true
end_rss=$(rss)
# let lingering closes (up to 2 s after a refusal) and TIME_WAIT-free closes settle
for i in $(seq 30); do
  [ "$(metric picoev_connections_open)" -le "$base_open" ] && [ "$(fds)" -le "$base_fds" ] && break
  sleep 1
done
sample end
end_fds=$(fds); end_open=$(metric picoev_connections_open)

wrk_errors() { { grep -E "Socket errors|Non-2xx" "$1" || true; } | { grep -oE "[0-9]+" || true; } | awk '{ s += $1 } END { print s + 0 }'; }
wrk_requests() { { grep -oE "^ +[0-9]+ requests" "$1" || true; } | awk '{ s += $1 } END { print s + 0 }'; }
e1=$(wrk_errors "$out/wrk-keepalive.txt"); e2=$(wrk_errors "$out/wrk-pipelined.txt")
r1=$(wrk_requests "$out/wrk-keepalive.txt"); r2=$(wrk_requests "$out/wrk-pipelined.txt")
py_unexpected=$(python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(d["counts"].get("unexpected",0))' "$out/clients.json")
total=$(metric picoev_requests_total)
growth=$(python3 -c "print(round(100.0 * ($end_rss - $warm_rss) / $warm_rss, 1))")

echo "duration ${seconds}s; requests served $total (wrk keep-alive $r1, wrk pipelined $r2, python clients: $(cat "$out/clients.json" | head -c 300))"
echo "errors: wrk ${e1:-0} + ${e2:-0}, python unexpected $py_unexpected"
echo "RSS: before load $(sed -n 2p "$out/samples.csv" | cut -d, -f2) KiB, after warm-up $warm_rss KiB, at the end $end_rss KiB (${growth} %)"
echo "fds: $base_fds before, $end_fds after; open connections: $base_open before, $end_open after"
ok=1
[ "${e1:-0}" = 0 ] && [ "${e2:-0}" = 0 ] && [ "$py_unexpected" = 0 ] || { echo "FAIL: unexpected errors"; ok=0; }
python3 -c "import sys; sys.exit(0 if abs($end_rss - $warm_rss) <= 0.1 * $warm_rss else 1)" || { echo "FAIL: RSS moved more than 10 % after warm-up"; ok=0; }
[ "$end_fds" -le "$base_fds" ] && [ "$end_open" -le "$base_open" ] || { echo "FAIL: fds or open connections not back to baseline"; ok=0; }
[ "$ok" = 1 ] && echo "PASS" || exit 1
