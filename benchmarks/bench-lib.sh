# Sourced by compare.sh and idle-100k.sh: builds the servers, starts one pinned to a core, measures it.
# Servers: picoev-epoll, picoev-nio (the sample app through the starter, one loop, without request
# observations: the peers record no per-request metrics either), picoev-epoll-observed (the sample app
# as shipped: Actuator's http.server.requests observation on every request), netty, tomcat, webflux.

source benchmarks/find-java.sh
jcmd="$(dirname "$java")/jcmd"
port=${PORT:-18090}
server_cpu=${SERVER_CPU:-0}
client_cpu=${CLIENT_CPU:-1}
# the same for every server; --enable-native-access: picoev's epoll transport (FFM) and Netty's JNI library
java_opts=(${JAVA_OPTS:--Xmx1g} --enable-native-access=ALL-UNNAMED)
peers=benchmarks/peers

# Builds the sample app (and its classpath) and the peers; `-q` keeps the log to errors.
# Maven itself runs on that JDK too (the jar tool reads picoev-core's Java 21 module-info).
build_servers() {
  echo "building the sample app and the peers..."
  local jdk
  jdk="$(dirname "$(dirname "$java")")"
  JAVA_HOME=$jdk ./mvnw -q -B -pl sample-app -am package dependency:build-classpath -DskipTests \
    -Dmdep.outputFile=target/classpath.txt
  JAVA_HOME=$jdk ./mvnw -q -B -f "$peers/pom.xml" package
}

# Prints the command line of server $1 on $port, one word a line, with extra arguments $2...
# (picoev: $LOOPS loops, default 1; a second --picoev.loops argument would not override it, Boot joins the two)
server_cmd() {
  local name=$1; shift
  case $name in
    picoev-epoll|picoev-nio|picoev-epoll-observed)
      local transport=${name#picoev-} observations=false
      [[ $name == *-observed ]] && transport=${transport%-observed} observations=true
      printf '%s\n' "$java" "${java_opts[@]}" -cp "sample-app/target/classes:$(cat sample-app/target/classpath.txt)" \
        io.picoev.sample.SampleApplication --picoev.port="$port" --picoev.loops="${LOOPS:-1}" \
        --picoev.transport="$transport" --picoev.observations.enabled="$observations" \
        --spring.main.banner-mode=off "$@" ;;
    netty)
      printf '%s\n' "$java" "${java_opts[@]}" -cp "$peers/netty/target/netty-peer.jar:$peers/netty/target/lib/*" \
        io.picoev.peers.netty.NettyServer "$port" ;;
    tomcat)
      printf '%s\n' "$java" "${java_opts[@]}" -jar "$peers/tomcat/target/tomcat-peer.jar" --server.port="$port" "$@" ;;
    webflux)
      printf '%s\n' "$java" "${java_opts[@]}" -Dreactor.netty.ioWorkerCount=1 \
        -jar "$peers/webflux/target/webflux-peer.jar" --server.port="$port" "$@" ;;
    *) echo "unknown server '$name' (picoev-epoll, picoev-nio, picoev-epoll-observed, netty, tomcat, webflux)" >&2; return 1 ;;
  esac
}

# Extra arguments for the idle-connection runs: no idle timeout, room for $1 connections.
idle_args() {
  case $1 in
    picoev-*) echo "--picoev.timeout=0 --picoev.max-connections=$(( $2 + 1000 ))" ;;
    tomcat) echo "--server.tomcat.keep-alive-timeout=30m" ;;
  esac
}

server_pid=""

# Starts server $1 (extra arguments $2...) pinned to $server_cpu, log in $raw/$1.log; waits for an answer.
# Returns 1 (with the log's tail) if it exits or does not answer within $STARTUP_TIMEOUT seconds.
start_server() {
  local name=$1; shift
  if curl -s -o /dev/null "http://127.0.0.1:$port/"; then
    echo "port $port is taken by another process; set PORT" >&2; exit 1
  fi
  local cmd
  mapfile -t cmd < <(server_cmd "$name" "$@")
  taskset -c "$server_cpu" "${cmd[@]}" > "$raw/$name.log" 2>&1 &
  server_pid=$!
  local deadline=$(( SECONDS + ${STARTUP_TIMEOUT:-300} ))
  until curl -sf -o /dev/null "http://127.0.0.1:$port/plaintext"; do
    if ! kill -0 "$server_pid" 2>/dev/null || (( SECONDS > deadline )); then
      echo "$name did not start; the end of $raw/$name.log:" >&2
      tail -n 15 "$raw/$name.log" >&2
      stop_server
      return 1
    fi
    sleep 0.2
  done
  curl -sf -o /dev/null "http://127.0.0.1:$port/json" || { echo "$name: GET /json failed" >&2; stop_server; return 1; }
}

stop_server() {
  [ -n "$server_pid" ] || return 0
  kill "$server_pid" 2>/dev/null || true
  wait "$server_pid" 2>/dev/null || true
  server_pid=""
}

# CPU time of the server process so far (user + sys of all its threads), in clock ticks.
cpu_ticks() { awk '{print $14 + $15}' "/proc/$server_pid/stat"; }
clk_tck=$(getconf CLK_TCK)

# Resident set size of the server process, bytes.
rss_bytes() { awk '/^VmRSS:/ {print $2 * 1024}' "/proc/$server_pid/status"; }

# Live heap of the server, bytes: the class histogram's total, taken after the full GC it forces.
live_heap_bytes() { "$jcmd" "$server_pid" GC.class_histogram | awk '/^Total/ {print $3}'; }

# Established connections to the server's port, seen from the server side.
open_connections() { ss -Htn state established "( sport = :$port )" | wc -l; }

# Opens $2 idle keep-alive connections (one request each) to the running server $1 and appends
# "server connections open_seconds rss_before rss_after heap_before heap_after still_open" to $3.
measure_idle() {
  local name=$1 n=$2 out=$3 fifo="$raw/idle-$1-$2.in"
  for _ in 1 2 3; do curl -sf -o /dev/null "http://127.0.0.1:$port/plaintext"; done
  local heap0 rss0 heap1 rss1 ready
  heap0=$(live_heap_bytes); rss0=$(rss_bytes)
  rm -f "$fifo"; mkfifo "$fifo"
  taskset -c "$client_cpu" python3 benchmarks/idle_clients.py "$port" "$n" < "$fifo" > "$raw/idle-$name-$n.txt" 2>&1 &
  local client=$!
  exec 3> "$fifo"   # the clients hold their connections until this closes
  until ready=$(grep -E '^(ready|failed)' "$raw/idle-$name-$n.txt"); do
    kill -0 "$client" 2>/dev/null || { ready="failed: the client exited"; break; }
    sleep 0.2
  done
  if [[ $ready == ready* ]]; then
    heap1=$(live_heap_bytes); rss1=$(rss_bytes)
    printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$name" "$n" "$(awk '{print $5}' <<<"$ready")" \
      "$rss0" "$rss1" "$heap0" "$heap1" "$(open_connections)" >> "$out"
  else
    echo "$name: $ready" >&2
    printf '%s\t%s\tfailed\t\t\t\t\t\n' "$name" "$n" >> "$out"
  fi
  exec 3>&-
  wait "$client" 2>/dev/null || true
  rm -f "$fifo"
}
