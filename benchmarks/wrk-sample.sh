#!/usr/bin/env bash
# Plaintext throughput of the sample app (Spring Boot, Actuator, Prometheus) on one loop, for
# several settings measured back to back in the same run: each setting gets its own JVM (server
# on CPU 0, wrk on CPU 1), a warm-up, then a measured run.
# Usage: benchmarks/wrk-sample.sh [seconds] [connections] -- 'name|--prop=value ...' ...
# e.g.   benchmarks/wrk-sample.sh 8 64 -- 'off|--picoev.observations.enabled=false' 'on|'
set -euo pipefail
cd "$(dirname "$0")/.."
secs=${1:-8}
conns=${2:-64}
shift 2 || true
[ "${1:-}" = "--" ] && shift
[ $# -gt 0 ] || set -- 'observations off|--picoev.observations.enabled=false' 'observations on|--picoev.observations.enabled=true'
port=${PORT:-18085}

command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk; }
source benchmarks/find-java.sh
./mvnw -q -B -pl sample-app -am compile dependency:build-classpath -Dmdep.outputFile=target/cp.txt
cp="sample-app/target/classes:$(cat sample-app/target/cp.txt)"
url="http://127.0.0.1:$port/plaintext"
for setting in "$@"; do
  name=${setting%%|*}
  read -r -a props <<< "${setting#*|}"
  taskset -c 0 "$java" -Xms256m -Xmx256m -cp "$cp" io.picoev.sample.SampleApplication \
    --picoev.port="$port" --picoev.loops=1 "${props[@]}" > target-wrk-sample.log 2>&1 &
  app=$!
  for _ in $(seq 300); do curl -sf "$url" >/dev/null && break; sleep 0.1; done
  taskset -c 1 wrk -t1 -c"$conns" -d3s "$url" >/dev/null   # warm-up
  rps=$(taskset -c 1 wrk -t1 -c"$conns" -d"${secs}s" "$url" | awk '/Requests\/sec/ {print $2}')
  printf '%-28s %12s requests/s   (wrk -t1 -c%s -d%ss %s; %s)\n' "$name" "$rps" "$conns" "$secs" "$url" "${setting#*|}"
  kill "$app"; wait "$app" 2>/dev/null || true
done
rm -f target-wrk-sample.log
