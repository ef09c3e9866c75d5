#!/usr/bin/env bash
# Many idle keep-alive connections to one server process: each sends one GET /plaintext, then idles.
# Reports RSS and live-heap bytes per connection (after a full GC) and the time to open them all.
# Past the ephemeral-port range the clients use further loopback source addresses (127.0.0.2, ...).
#
# Usage: benchmarks/idle-100k.sh [connections] [server...]
#   default 100000 connections; servers picoev-epoll picoev-nio netty (any of compare.sh's)
# Needs `ulimit -n` above the connection count for the server and for the clients: it raises the
# soft limit to the hard one, and where the hard one is lower (raise it as root, `ulimit -Hn 1048576`,
# /etc/security/limits.conf, `docker run --ulimit nofile=1048576`) it measures as many connections
# as fit and notes why in $OUT/idle-100k-note.txt. Writes $OUT/idle-100k.tsv, then RESULTS.md.
# Environment: OUT=benchmarks/results, RESULTS=benchmarks/RESULTS.md, BUILT=1 (skip the build),
#   NO_REPORT=1 (skip RESULTS.md), and compare.sh's PORT, SERVER_CPU, CLIENT_CPU, JAVA_OPTS.
set -euo pipefail
cd "$(dirname "$0")/.."
{ # read whole before it runs, so editing this file during a run cannot derail it
n=${1:-100000}
shift || true
servers=("$@")
[ ${#servers[@]} -gt 0 ] || servers=(picoev-epoll picoev-nio netty)
out=${OUT:-benchmarks/results}
raw=$out/raw
mkdir -p "$raw"
table=$out/idle-100k.tsv
printf 'server\tconnections\topen_seconds\trss_before\trss_after\theap_before\theap_after\tstill_open\n' > "$table"
rm -f "$out/idle-100k-skipped.txt" "$out/idle-100k-note.txt"

need=$(( n + 1000 ))
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
if [ "$(ulimit -n)" != unlimited ] && [ "$(ulimit -n)" -lt "$need" ]; then
  ulimit -n "$need" 2>/dev/null || true   # soft and hard: works as root where the hard limit may rise
fi
if [ "$(ulimit -n)" != unlimited ] && [ "$(ulimit -n)" -lt "$need" ]; then
  # too few descriptors here: measure as many as fit, and say so beside the numbers
  asked=$n
  n=$(( $(ulimit -n) - 1000 ))
  need=$(( n + 1000 ))
  [ "$n" -ge 1000 ] || { echo "ulimit -n is $(ulimit -n): too low" | tee "$out/idle-100k-skipped.txt" >&2; exit 2; }
  why="asked for $asked connections, measured $n: the hard limit of open files (ulimit -Hn) is $(ulimit -Hn) here and cannot be raised from this shell (as root: ulimit -Hn 1048576, /etc/security/limits.conf, or docker run --ulimit nofile=1048576)"
  echo "$why" | tee "$out/idle-100k-note.txt" >&2
fi
nr_open=$(cat /proc/sys/fs/nr_open)
[ "$nr_open" -ge "$need" ] || { echo "fs.nr_open is $nr_open; raise it: sysctl -w fs.nr_open=$need" >&2; exit 2; }
echo "ulimit -n $(ulimit -n), fs.nr_open $nr_open, ephemeral ports $(tr '\t' - < /proc/sys/net/ipv4/ip_local_port_range)," \
  "somaxconn $(cat /proc/sys/net/core/somaxconn)"

source benchmarks/bench-lib.sh
trap stop_server EXIT
[ -n "${BUILT:-}" ] || build_servers

for s in "${servers[@]}"; do
  echo "== $s: $n idle connections"
  # shellcheck disable=SC2046 # idle_args are words
  if start_server "$s" $(idle_args "$s" "$n"); then
    measure_idle "$s" "$n" "$table"
    echo "   $(tail -n 1 "$table")"
    stop_server
  fi
done
[ -n "${NO_REPORT:-}" ] || python3 benchmarks/report.py "$out" "${RESULTS:-benchmarks/RESULTS.md}"
exit
}
