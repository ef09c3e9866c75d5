#!/usr/bin/env bash
# Where the loop's time goes: the sample app's executable jar on one loop (server on CPU 0) under
# `wrk -t1 -c64` GET /plaintext (CPU 1), a JFR recording (settings=profile) of 12 s after an 8 s
# warm-up, then the hottest leaf frames and the picoev/Micrometer frames by inclusive share.
# Usage: benchmarks/jfr-profile.sh [epoll|nio] [pipelined]   (build first: ./mvnw -q -pl sample-app -am package -DskipTests)
#   pipelined: wrk sends 16-deep pipelines (benchmarks/pipeline.lua), as compare.sh's W2
set -euo pipefail
cd "$(dirname "$0")/.."
transport=${1:-epoll}
port=${PORT:-18097}
source benchmarks/find-java.sh
jfr="$(dirname "$java")/jfr"
jar=$(ls sample-app/target/sample-app-*.jar | grep -v original | head -1)
out=target/profile-$transport
mkdir -p target
taskset -c 0 "$java" -Xmx1g -XX:StartFlightRecording=filename=$out.jfr,settings=profile,delay=8s,duration=12s \
  -jar "$jar" --picoev.port="$port" --picoev.loops=1 --picoev.transport="$transport" > "$out.log" 2>&1 &
pid=$!
for _ in $(seq 600); do curl -sf "http://127.0.0.1:$port/plaintext" >/dev/null && break; sleep 0.1; done
script=(); [ "${2:-}" = pipelined ] && script=(-s benchmarks/pipeline.lua)
PIPELINE=16 taskset -c 1 wrk -t1 -c64 -d24s "${script[@]}" "http://127.0.0.1:$port/plaintext" | grep Requests
kill "$pid"; wait "$pid" || true
"$jfr" print --events jdk.ExecutionSample "$out.jfr" > "$out.txt"
python3 - "$out.txt" <<'PY'
import collections, re, sys
leaf, incl, n = collections.Counter(), collections.Counter(), 0
for event in open(sys.argv[1]).read().split('jdk.ExecutionSample'):
    frames = re.findall(r'^\s+([\w.$<>]+)\(', event, re.M)
    if not frames:
        continue
    n += 1
    leaf[frames[0]] += 1
    incl.update(set(frames))
print('samples', n)
print('-- leaf frames')
for f, c in leaf.most_common(12):
    print(f'{100 * c / n:5.1f}% {f}')
print('-- inclusive, picoev and Micrometer')
for f, c in incl.most_common(60):
    if 'picoev' in f or 'micrometer' in f:
        print(f'{100 * c / n:5.1f}% {f}')
PY
