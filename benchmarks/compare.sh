#!/usr/bin/env bash
# picoev beside Netty, Tomcat and Reactor Netty, one server at a time: the server on CPU $SERVER_CPU
# (taskset; one I/O thread each), wrk and the idle clients on CPU $CLIENT_CPU.
#
# Usage: benchmarks/compare.sh [server...]
#   servers: picoev-epoll picoev-nio picoev-epoll-observed netty tomcat webflux (the default: all; one that does not
#   start, e.g. picoev-epoll before the epoll transport exists, is reported as such and skipped)
# Workloads, each a warm-up then $REPS runs of $DURATION seconds:
#   W1 GET /plaintext keep-alive (wrk -t1 -c64 --latency), W2 the same 16-deep pipelined,
#   W3 GET /json, W4 GET /plaintext with Connection: close (-c32),
#   W5 heap and RSS per idle keep-alive connection with $IDLE_CONNS open (a fresh server each),
#   then the idle-connection run at $BIG_IDLE_CONNS for picoev-epoll, picoev-nio and netty (idle-100k.sh).
# Environment: WARMUP=5 DURATION=10 REPS=3 IDLE_CONNS=10000 BIG_IDLE_CONNS=100000 (0: skip),
#   OUT=benchmarks/results (raw wrk output, logs, tables, chart.svg), RESULTS=benchmarks/RESULTS.md,
#   PORT=18090, SERVER_CPU=0, CLIENT_CPU=1, JAVA_OPTS=-Xmx1g, STARTUP_TIMEOUT=300.
# Smoke run (about 4 minutes on a quiet machine): WARMUP=1 DURATION=2 IDLE_CONNS=1000 BIG_IDLE_CONNS=5000 OUT=/tmp/smoke RESULTS=/tmp/smoke/RESULTS.md benchmarks/compare.sh
set -euo pipefail
cd "$(dirname "$0")/.."
{ # read whole before it runs, so editing this file during a run cannot derail it
warmup=${WARMUP:-5}
duration=${DURATION:-10}
reps=${REPS:-3}
idle_conns=${IDLE_CONNS:-10000}
big_idle_conns=${BIG_IDLE_CONNS:-100000}
out=${OUT:-benchmarks/results}
results=${RESULTS:-benchmarks/RESULTS.md}
servers=("$@")
[ ${#servers[@]} -gt 0 ] || servers=(picoev-epoll picoev-nio picoev-epoll-observed netty tomcat webflux)

command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk; }
[ "$(nproc --all)" -ge 2 ] || { echo "needs two CPUs: the server on one, the load on the other" >&2; exit 1; }
ulimit -n "$(ulimit -Hn)"
source benchmarks/bench-lib.sh

raw=$out/raw
rm -rf "$raw"; mkdir -p "$raw"
runs=$out/runs.tsv idle=$out/idle.tsv status=$out/status.tsv
printf 'server\tworkload\trep\tcpu_seconds\tfile\n' > "$runs"
printf 'server\tconnections\topen_seconds\trss_before\trss_after\theap_before\theap_after\tstill_open\n' > "$idle"
: > "$status"
rm -f "$out"/idle-100k*
trap stop_server EXIT

build_servers
{
  echo "date	$(date -u '+%Y-%m-%d %H:%M UTC')"
  echo "cpu	$(lscpu | sed -n 's/^Model name: *//p' | head -1), $(nproc --all) CPUs"
  echo "kernel	$(uname -sr)"
  echo "jdk	$("$java" -version 2>&1 | head -1)"
  echo "wrk	$(wrk -v 2>&1 | head -1 | sed 's/ Copyright.*//')"
  echo "commit	$(git rev-parse --short HEAD 2>/dev/null || echo unknown)"
  printf 'warmup\t%s\nduration\t%s\nreps\t%s\n' "$warmup" "$duration" "$reps"
  echo "settings	warm-up ${warmup} s, ${reps} × ${duration} s, JAVA_OPTS ${java_opts[*]}, server on CPU $server_cpu, load on CPU $client_cpu"
} > "$out/machine.tsv"

url=http://127.0.0.1:$port
# wrk -t1 on the client CPU with workload $1's arguments, for $2 seconds
load() {
  local args
  case $1 in
    W1) args=(-c64 "$url/plaintext") ;;
    W2) args=(-c64 -s benchmarks/pipeline.lua "$url/plaintext") ;;
    W3) args=(-c64 "$url/json") ;;
    W4) args=(-c32 -H "Connection: close" "$url/plaintext") ;;
  esac
  PIPELINE=16 taskset -c "$client_cpu" wrk -t1 -d"$2s" --latency "${args[@]}"
}

for s in "${servers[@]}"; do
  echo "== $s"
  if ! start_server "$s"; then
    why=$( (grep -m1 'Reason:' "$raw/$s.log" || grep -m1 -E 'Exception|Error' "$raw/$s.log") | sed 's/^ *//' | cut -c1-200 || true)
    printf '%s\tdid not start: %s\n' "$s" "${why:-see raw/$s.log}" >> "$status"
    continue
  fi
  printf '%s\tran\n' "$s" >> "$status"
  for w in W1 W2 W3 W4; do
    load "$w" "$warmup" > "$raw/$s-$w-warmup.txt" 2>&1
    for r in $(seq "$reps"); do
      f=$s-$w-$r.txt
      t0=$(cpu_ticks)
      load "$w" "$duration" > "$raw/$f" 2>&1
      t1=$(cpu_ticks)
      printf '%s\t%s\t%s\t%s\t%s\n' "$s" "$w" "$r" "$(awk -v t=$((t1 - t0)) -v hz="$clk_tck" 'BEGIN {print t / hz}')" "$f" >> "$runs"
      echo "   $w run $r: $(grep -E 'Requests/sec' "$raw/$f" || echo 'no result')"
    done
  done
  stop_server
  [[ $s == *-observed ]] && continue # idle connections make no observations: W5 as picoev-epoll
  # W5 on a fresh process, so what the load left behind does not blur the growth
  # shellcheck disable=SC2046
  if start_server "$s" $(idle_args "$s" "$idle_conns"); then
    measure_idle "$s" "$idle_conns" "$idle"
    echo "   W5: $(tail -n 1 "$idle")"
    stop_server
  fi
done

if [ "$big_idle_conns" -gt 0 ]; then
  big=()
  for s in "${servers[@]}"; do
    case $s in picoev-epoll|picoev-nio|netty) grep -q "^$s	ran" "$status" && big+=("$s") ;; esac
  done
  [ ${#big[@]} -eq 0 ] || OUT=$out BUILT=1 NO_REPORT=1 benchmarks/idle-100k.sh "$big_idle_conns" "${big[@]}" || true
fi
python3 benchmarks/report.py "$out" "$results"
echo "wrote $results and $out/chart.svg"
exit
}
