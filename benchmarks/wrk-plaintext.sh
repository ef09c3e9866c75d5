#!/usr/bin/env bash
# Plaintext throughput of the example server, one loop pinned to CPU 0, wrk pinned to CPU 1.
# Usage: [TRANSPORT=auto|epoll|nio] benchmarks/wrk-plaintext.sh [seconds] [connections]
# Prints wrk's report for keep-alive and for 16-deep pipelining. Installs wrk with apt if missing.
set -euo pipefail
cd "$(dirname "$0")/.."
secs=${1:-10}
conns=${2:-64}
port=${PORT:-18080}
transport=${TRANSPORT:-auto}

command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk; }
source benchmarks/find-java.sh

./mvnw -q -B -pl benchmarks -am compile
# the epoll classes sit in the multi-release part, which a class directory does not expose: add it
taskset -c 0 "$java" -Xms256m -Xmx256m --enable-native-access=ALL-UNNAMED \
  -cp picoev-core/target/classes:picoev-core/target/classes/META-INF/versions/22:benchmarks/target/classes \
  io.picoev.bench.HelloServer "$port" 1 "$transport" > target-wrk-server.log 2>&1 &
server=$!
trap 'kill $server 2>/dev/null; wait $server 2>/dev/null; rm -f target-wrk-server.log' EXIT
for _ in $(seq 100); do curl -sf "http://127.0.0.1:$port/plaintext" >/dev/null && break; sleep 0.1; done

url="http://127.0.0.1:$port/plaintext"
grep -o 'picoev started.*' target-wrk-server.log || true
taskset -c 1 wrk -t1 -c"$conns" -d3s "$url" >/dev/null   # warm-up
echo "== keep-alive: wrk -t1 -c$conns -d${secs}s $url"
taskset -c 1 wrk -t1 -c"$conns" -d"${secs}s" "$url"
echo "== pipelined 16: wrk -t1 -c$conns -d${secs}s -s benchmarks/pipeline.lua $url"
PIPELINE=16 taskset -c 1 wrk -t1 -c"$conns" -d"${secs}s" -s benchmarks/pipeline.lua "$url"
