#!/usr/bin/env bash
# The epoll transport's two listener modes side by side (-Dio.picoev.epoll.listener): one listener
# shared by every loop with EPOLLEXCLUSIVE ("exclusive", the default) or one SO_REUSEPORT listener
# per loop ("reuseport"). The sample app with two loops on epoll, a fresh JVM per mode and scenario.
#
# Scenario churn: GET /plaintext with Connection: close (a new connection per request), wrk -t1 at
#   each of $CONNS connections, a warm-up then $REPS runs of $DURATION s. Per run: requests/s,
#   server CPU µs per request (user + sys of the whole JVM from /proc, over the run), wrk's socket
#   errors, and how many connections each loop accepted (picoev_connections_accepted_connections_total
#   {loop} from /actuator/prometheus, before and after; the scrape itself adds one).
# Scenario full-loop: --picoev.max-connections=$FULL_MAX and no idle timeout; idle keep-alive
#   connections (benchmarks/fill_loop.py) until one loop is full; then one churn run at -c$FULL_CONNS.
#   With exclusive the free loop should take every new connection; with reuseport, those the kernel
#   hashes to the full loop's socket wait in its backlog (wrk counts them as timeouts, and a wrk
#   connection that gets no answer is not reopened, so throughput falls as they pile up).
#
# Pinning: the server gets both CPUs ($SERVER_CPUS=0,1): two loops, and the accept paths under test
#   (one shared accept queue vs one per loop) only compete when the loops run in parallel. wrk -t1 is
#   pinned to $CLIENT_CPU=1, so it takes the same share from the server in both modes; CPU µs per
#   request is the server's own CPU time and does not count wrk's. SERVER_CPUS=0 puts both loops on
#   one CPU (no parallel accepts; the load gets a CPU of its own), for a second view.
#
# Usage: benchmarks/listener-modes.sh [mode...]   (default: exclusive reuseport)
# Environment: DURATION=5 WARMUP=2 REPS=2 CONNS="32 64" FULL_MAX=32 FULL_CONNS=32 (FULL_MAX=0: skip
#   the full-loop scenario), PORT=18096, SERVER_CPUS=0,1, CLIENT_CPU=1, JAVA_OPTS=-Xmx1g,
#   OUT=/tmp/listener-modes (logs, wrk output, results.tsv), BUILD=1 (0: use the last build).
set -euo pipefail
cd "$(dirname "$0")/.."
{ # read whole before it runs, so editing this file during a run cannot derail it
duration=${DURATION:-5}
warmup=${WARMUP:-2}
reps=${REPS:-2}
read -r -a conns <<< "${CONNS:-32 64}"
full_max=${FULL_MAX:-32}
full_conns=${FULL_CONNS:-32}
out=${OUT:-/tmp/listener-modes}
modes=("$@")
[ ${#modes[@]} -gt 0 ] || modes=(exclusive reuseport)
export PORT=${PORT:-18096}
export SERVER_CPU=${SERVER_CPUS:-0,1}
export CLIENT_CPU=${CLIENT_CPU:-1}

command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk; }
[ "$(nproc --all)" -ge 2 ] || { echo "needs two CPUs" >&2; exit 1; }
ulimit -n "$(ulimit -Hn)"
source benchmarks/bench-lib.sh
base_java_opts=("${java_opts[@]}")
raw=$out/raw
rm -rf "$raw"; mkdir -p "$raw"
results=$out/results.tsv
printf 'mode\tscenario\tconnections\trep\trequests_per_s\tcpu_us_per_request\taccepted_loop0\taccepted_loop1\tsocket_errors\n' > "$results"
filler=""
cleanup() {
  if [ -n "$filler" ]; then exec 4>&- || true; wait "$filler" 2>/dev/null || true; filler=""; fi
  stop_server
}
trap cleanup EXIT

if [ "${BUILD:-1}" = 1 ]; then
  echo "building the sample app..."
  JAVA_HOME="$(dirname "$(dirname "$java")")" ./mvnw -q -B -pl sample-app -am package dependency:build-classpath \
    -DskipTests -Dmdep.outputFile=target/classpath.txt
fi
url=http://127.0.0.1:$port

# Connections accepted by each loop so far, "n0 n1", from the Prometheus scrape ("? ?" if none answers).
# A few tries with a time limit: with reuseport, a scrape hashed to a full loop waits in its backlog.
accepted() {
  local text="" i
  for i in 1 2 3 4 5 6 7 8; do
    text=$(curl -sf --max-time 2 "$url/actuator/prometheus") && break
  done
  [ -n "$text" ] || { echo "? ?"; return 0; }
  awk '
    /^picoev_connections_accepted_connections_total\{/ {
      if (match($0, /loop="[0-9]+"/)) { n[substr($0, RSTART + 6, RLENGTH - 7) + 0] = $NF }
    }
    END { printf "%d %d\n", n[0], n[1] }' <<< "$text"
}

# Starts the sample app in mode $1 with two epoll loops and extra arguments $2...
start_mode() {
  local mode=$1; shift
  java_opts=("${base_java_opts[@]}" "-Dio.picoev.epoll.listener=$mode")
  LOOPS=2 start_server picoev-epoll "$@"  # server_cmd gives --picoev.transport=epoll
  mv "$raw/picoev-epoll.log" "$raw/$mode-$scenario.log"
  if [ "$mode" = reuseport ] && ! grep -q "SO_REUSEPORT sockets, one per loop" "$raw/$mode-$scenario.log"; then
    echo "reuseport asked for, but the server did not log its per-loop listeners" >&2; exit 1
  fi
}

# One churn run: wrk -c$1 for $2 s; $3 names the run. Appends a row to results.tsv unless $3 is "warmup".
churn() {
  local c=$1 secs=$2 tag=$3 before after t0 t1 file=$raw/$mode-$scenario-c$1-$3.txt
  before=$(accepted); t0=$(cpu_ticks)
  taskset -c "$client_cpu" wrk -t1 -c"$c" -d"${secs}s" -H "Connection: close" "$url/plaintext" > "$file" 2>&1 || true
  t1=$(cpu_ticks); after=$(accepted)
  [ "$tag" = warmup ] && return 0
  local requests rps errors
  requests=$(awk '/requests in/ {print $1}' "$file")
  rps=$(awk '/Requests\/sec/ {print $2}' "$file")
  errors=$(awk -F': ' '/Socket errors/ {print $2}' "$file" | tr -d ',')
  read -r b0 b1 <<< "$before"; read -r a0 a1 <<< "$after"
  local d0="?" d1="?"
  if [ "$b0$a0" != "??" ] && [[ $b0$b1$a0$a1 =~ ^[0-9]+$ ]]; then d0=$(( a0 - b0 )); d1=$(( a1 - b1 )); fi
  local cpu_us
  cpu_us=$(awk -v t="$(( t1 - t0 ))" -v hz="$clk_tck" -v n="${requests:-0}" \
    'BEGIN { if (n > 0) printf "%.1f", t / hz * 1e6 / n; else print "-" }')
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$mode" "$scenario" "$c" "$tag" "${rps:-0}" "$cpu_us" \
    "$d0" "$d1" "${errors:-none}" | tee -a "$results"
}

echo "date $(date -u '+%Y-%m-%d %H:%M UTC'), commit $(git rev-parse --short HEAD 2>/dev/null || echo unknown)," \
  "$(nproc --all) CPUs, server on CPUs $server_cpu, wrk on CPU $client_cpu, $("$java" -version 2>&1 | head -1)"
for mode in "${modes[@]}"; do
  scenario=churn
  start_mode "$mode"
  churn "${conns[0]}" "$warmup" warmup
  for c in "${conns[@]}"; do
    for rep in $(seq "$reps"); do
      churn "$c" "$duration" "$rep"
    done
  done
  stop_server

  if [ "$full_max" -gt 0 ]; then
    scenario=full-loop
    start_mode "$mode" --picoev.max-connections="$full_max" --picoev.timeout=0
    rm -f "$raw/fill.in"; mkfifo "$raw/fill.in"
    python3 benchmarks/fill_loop.py "$port" "$full_max" < "$raw/fill.in" > "$raw/$mode-fill.txt" 2>&1 &
    filler=$!
    exec 4> "$raw/fill.in"   # the idle connections stay open until this closes
    until grep -qE '^(ready|failed)' "$raw/$mode-fill.txt"; do
      kill -0 "$filler" 2>/dev/null || break
      sleep 0.2
    done
    echo "# $mode, full-loop: $(head -1 "$raw/$mode-fill.txt")"
    if grep -q '^ready' "$raw/$mode-fill.txt"; then
      churn "$full_conns" "$duration" 1
    fi
    exec 4>&-; wait "$filler" 2>/dev/null || true; filler=""
    stop_server
  fi
done
echo
echo "mean over the reps (accepted: summed; loop 0's share of the accepts):"
awk -F'\t' 'NR > 1 { k = $1 "\t" $2 "\t" $3; if (!(k in n)) order[++m] = k; n[k]++; rps[k] += $5; cpu[k] += $6
    a0[k] += $7; a1[k] += $8 }
  END { printf "%-10s %-9s %5s %12s %14s %10s %10s %8s\n", "mode", "scenario", "conns", "requests/s", "cpu_us/request",
      "acc_loop0", "acc_loop1", "share0"
    for (i = 1; i <= m; i++) { k = order[i]; split(k, f, "\t")
      printf "%-10s %-9s %5s %12.0f %14.1f %10d %10d %7.1f%%\n", f[1], f[2], f[3], rps[k] / n[k], cpu[k] / n[k],
        a0[k], a1[k], (a0[k] + a1[k] > 0 ? 100 * a0[k] / (a0[k] + a1[k]) : 0) } }' "$results"
echo "results: $results (wrk output and server logs in $raw)"
exit 0
}
