#!/usr/bin/env bash
# Heap held per idle keep-alive connection: live heap (after a full GC) of the example server with
# N idle connections minus with none, divided by N. One loop; the clients are another process.
# Usage: [TRANSPORT=auto|epoll|nio] benchmarks/idle-memory.sh [connections]   (default 10000; ulimit -n must allow it)
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-10000}
port=${PORT:-18081}
transport=${TRANSPORT:-auto}
source benchmarks/find-java.sh
jcmd="$(dirname "$java")/jcmd"

./mvnw -q -B -pl benchmarks -am compile
"$java" -Xmx512m --enable-native-access=ALL-UNNAMED \
  -cp picoev-core/target/classes:picoev-core/target/classes/META-INF/versions/22:benchmarks/target/classes \
  io.picoev.bench.HelloServer "$port" 1 "$transport" >/dev/null 2>&1 &
server=$!
trap 'kill $server 2>/dev/null; wait $server 2>/dev/null || true' EXIT
for _ in $(seq 100); do curl -sf "http://127.0.0.1:$port/plaintext" >/dev/null && break; sleep 0.1; done

live() { "$jcmd" "$server" GC.class_histogram | awk '/^Total/ {print $3}'; }
before=$(live)
exec 3> >(python3 benchmarks/idle_clients.py "$port" "$n" > /tmp/idle-clients.out)
for _ in $(seq 600); do grep -q ready /tmp/idle-clients.out 2>/dev/null && break; sleep 0.1; done
after=$(live)
"$jcmd" "$server" GC.class_histogram | head -14 | tail -11
exec 3>&-
echo "idle connections: $n; live heap before: $before B, after: $after B; per connection: $(( (after - before) / n )) B"
