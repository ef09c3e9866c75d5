#!/usr/bin/env bash
# Time from launching the sample app's JVM to its first answered request, and Boot's own
# "Started ... in" figure (context refresh included). Usage: benchmarks/startup-time.sh [runs]
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-3}
port=${PORT:-18082}
source benchmarks/find-java.sh
./mvnw -q -B install -DskipTests
./mvnw -q -B -pl sample-app dependency:build-classpath -Dmdep.outputFile=target/cp.txt
cp="sample-app/target/classes:$(cat sample-app/target/cp.txt)"
for r in $(seq "$runs"); do
  start=$(date +%s%N)
  "$java" -cp "$cp" io.picoev.sample.SampleApplication --picoev.port="$port" > target-startup.log 2>&1 &
  app=$!
  until curl -sf "http://127.0.0.1:$port/plaintext" >/dev/null; do sleep 0.01; done
  end=$(date +%s%N)
  boot=$(grep -oE "Started SampleApplication in [0-9.]+ seconds" target-startup.log || true)
  echo "run $r: first request answered $(( (end - start) / 1000000 )) ms after launch; $boot"
  kill "$app"; wait "$app" 2>/dev/null || true
done
rm -f target-startup.log
