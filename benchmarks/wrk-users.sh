#!/usr/bin/env bash
# JSON throughput of the sample app's users API on one loop, server on CPU 0, wrk on CPU 1:
# GET /users/1 runs on the loop; GET /users/report?ms=0 is a blocking() route, on a virtual thread.
# Usage: benchmarks/wrk-users.sh [seconds] [connections]
set -euo pipefail
cd "$(dirname "$0")/.."
secs=${1:-10}
conns=${2:-64}
port=${PORT:-18093}
command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk; }
source benchmarks/find-java.sh
./mvnw -q -B -pl sample-app -am package -DskipTests
jar=$(ls sample-app/target/sample-app-*.jar | grep -v original | head -1)
# the executable jar: its manifest enables native access, so picoev.transport=auto picks epoll
taskset -c 0 "$java" -Xms256m -Xmx256m -jar "$jar" \
  --picoev.port="$port" --picoev.loops=1 --picoev.blocked-loop-threshold=0 > target-wrk-users.log 2>&1 &
server=$!
trap 'kill $server 2>/dev/null; wait $server 2>/dev/null' EXIT
for _ in $(seq 600); do curl -sf "http://127.0.0.1:$port/users" >/dev/null && break; sleep 0.1; done
curl -sf -XPOST -H 'Content-Type: application/json' -d '{"name":"Ada","email":"ada@example.com"}' "http://127.0.0.1:$port/users" >/dev/null
for path in /users/1 '/users/report?ms=0'; do
  url="http://127.0.0.1:$port$path"
  taskset -c 1 wrk -t1 -c"$conns" -d3s "$url" >/dev/null   # warm-up
  rps=$(taskset -c 1 wrk -t1 -c"$conns" -d"${secs}s" "$url" | awk '/Requests\/sec/ {print $2}')
  printf '%-24s %12s requests/s   (wrk -t1 -c%s -d%ss)\n' "$path" "$rps" "$conns" "$secs"
done
