#!/usr/bin/env bash
# Measures three Merino servers against a hand-tuned raw Netty server with the same endpoints,
# under the same load generators, and writes docs/benchmarks.md and docs/benchmarks.svg:
# merino-default (handlers on virtual threads on the JDK's carrier threads), merino-loop (the
# same handlers on virtual threads scheduled on their connection's event loop, started with
# --add-opens java.base/java.lang=ALL-UNNAMED) and merino-eventloop (routes declared
# non-blocking, run on the event loop itself).
#
#   benchmarks/run.sh            # the full run (about 30 minutes with the defaults)
#   benchmarks/run.sh --quick    # a smoke run (about 7 minutes): short rounds, numbers are noise
#
# Settings (environment): DURATION (15s; quick 3s) and WARMUP (10s; quick 2s) per round, ROUNDS
# (3), CONNECTIONS (64), PIPELINE (16), ENDPOINTS ("plaintext pipelined json users echo ws"),
# SERVER_CPU (0) and LOAD_CPU (1) for taskset, BASE_PORT (18080), IDLE_SESSIONS (10000),
# STARTUP_RUNS (5; quick 3; launches per start-up variant), STARTUP_OPTS and AOT (see
# startup.sh), JAVA_OPTS for the servers under load, NOTES (a line for the report).
#
# Everything listens on and targets 127.0.0.1 only; every load run is bounded by its duration
# and by `timeout`. The script stops the servers it started, by their process ids, on exit.
# The last line printed is the worst Merino/raw Netty throughput ratio, then each Merino server's.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
SETTINGS='^(QUICK|DURATION|WARMUP|ROUNDS|CONNECTIONS|PIPELINE|ENDPOINTS|SERVER_CPU|LOAD_CPU|BASE_PORT|IDLE_SESSIONS|STARTUP_RUNS|STARTUP_OPTS|AOT|JAVA_OPTS)='
COMMAND="$({ env | grep -E "$SETTINGS" || true; } | sed 's/=\(.*\)/="\1"/' | tr '\n' ' ')benchmarks/run.sh $*"

QUICK=${QUICK:-0}
for arg in "$@"; do
  case "$arg" in
    --quick) QUICK=1 ;;
    *) echo "usage: benchmarks/run.sh [--quick]" >&2; exit 2 ;;
  esac
done
if [ "$QUICK" = 1 ]; then
  DURATION=${DURATION:-3s}; WARMUP=${WARMUP:-2s}; STARTUP_RUNS=${STARTUP_RUNS:-3}
else
  DURATION=${DURATION:-15s}; WARMUP=${WARMUP:-10s}; STARTUP_RUNS=${STARTUP_RUNS:-5}
fi
ROUNDS=${ROUNDS:-3}
CONNECTIONS=${CONNECTIONS:-64}
export PIPELINE=${PIPELINE:-16}
ENDPOINTS=${ENDPOINTS:-plaintext pipelined json users echo ws}
SERVER_CPU=${SERVER_CPU:-0}
LOAD_CPU=${LOAD_CPU:-1}
BASE_PORT=${BASE_PORT:-18080}
IDLE_SESSIONS=${IDLE_SESSIONS:-10000}
JAVA_OPTS=${JAVA_OPTS:--Xms512m -Xmx512m}
NATIVE="--enable-native-access=ALL-UNNAMED"

log() { printf '[run.sh] %s\n' "$*" >&2; }
die() { log "$*"; exit 1; }
calc() { # calc EXPRESSION [DECIMALS]
  awk "BEGIN { printf \"%.${2:-1}f\", $1 }"
}
seconds() { # 15s, 500ms, 2m -> whole seconds, at least 1 (a bare number is seconds)
  case "$1" in
    *ms) echo $(( ${1%ms} / 1000 + 1 )) ;;
    *s) echo "${1%s}" ;;
    *m) echo $(( ${1%m} * 60 )) ;;
    *) echo "$1" ;;
  esac
}
kv() { # kv "line" key -> value of key=value in the line
  tr ' ' '\n' <<<"$1" | sed -n "s/^$2=//p" | head -n 1
}

# --- Tools -------------------------------------------------------------------------------------

[ "$(nproc)" -ge 2 ] || die "needs at least 2 CPUs: one for the server, one for the load"
for tool in taskset curl awk; do
  command -v "$tool" >/dev/null || die "needs $tool on the PATH"
done
if ! command -v wrk >/dev/null; then
  log "installing wrk from Debian's packages"
  if [ "$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi
  $SUDO apt-get install -y wrk >/dev/null 2>&1 \
    || { $SUDO apt-get update >/dev/null && $SUDO apt-get install -y wrk >/dev/null; } \
    || die "cannot install wrk (apt-get install wrk)"
fi

. .mvn/select-jdk.sh
merino_select_jdk
JAVA="$JAVA_HOME/bin/java"

log "building: ./mvnw -q -pl benchmarks -am package -DskipTests"
./mvnw -q -pl benchmarks -am package -DskipTests
CP="benchmarks/target/classes:merino-core/target/classes:benchmarks/target/deps/*"
MERINO_VERSION="commit $(git rev-parse --short HEAD 2>/dev/null || echo '?')"
if ! git diff --quiet HEAD -- merino-core 2>/dev/null; then
  MERINO_VERSION="$MERINO_VERSION with uncommitted changes in merino-core"
fi
log "measuring Merino at $MERINO_VERSION (merino-core/target/classes of this work tree)"

OUT="benchmarks/target/results/$(date -u +%Y%m%dT%H%M%SZ)"
mkdir -p "$OUT"
RESULTS="$OUT/results.tsv"
META="$OUT/meta.properties"
printf 'endpoint\tserver\tround\tthroughput\tp99_ms\terrors\tserver_cpu_pct\tload_cpu_pct\talloc_bytes\n' \
  >"$RESULTS"
cat benchmarks/wrk/report.lua benchmarks/wrk/get.lua >"$OUT/get.lua"
cat benchmarks/wrk/report.lua benchmarks/wrk/pipeline.lua >"$OUT/pipeline.lua"
cat benchmarks/wrk/report.lua benchmarks/wrk/echo.lua >"$OUT/echo.lua"

# 10,000 idle sessions need as many descriptors in the server and in the client.
WANT_FDS=$(( IDLE_SESSIONS + 1024 ))
if [ "$(ulimit -n)" != unlimited ] && [ "$(ulimit -n)" -lt "$WANT_FDS" ]; then
  ulimit -n "$WANT_FDS" 2>/dev/null || ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
fi
FDS=$(ulimit -n)
if [ "$FDS" != unlimited ] && [ "$FDS" -lt "$WANT_FDS" ]; then
  log "ulimit -n is $FDS (hard limit $(ulimit -Hn)): fewer idle sessions than asked"
  IDLE_SESSIONS=$(( FDS - 1024 ))
fi

# --- Servers -----------------------------------------------------------------------------------

declare -A PIDS PORTS
PORTS[merino-default]=$(( BASE_PORT + 1 ))
PORTS[merino-eventloop]=$(( BASE_PORT + 2 ))
PORTS[netty]=$(( BASE_PORT + 3 ))
PORTS[merino-loop]=$(( BASE_PORT + 4 ))
SERVERS="merino-default merino-loop merino-eventloop netty"
# ServerConfig.withVirtualThreadsOnEventLoop reaches the JDK's virtual-thread builder that takes
# a scheduler; without this option merino-loop does not start.
LOOP_OPENS="--add-opens java.base/java.lang=ALL-UNNAMED"

stop_server() {
  local name=$1 pid=${PIDS[$1]-}
  [ -n "$pid" ] || return 0
  kill "$pid" 2>/dev/null || true
  for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  kill -9 "$pid" 2>/dev/null || true
  unset "PIDS[$name]"
}
cleanup() {
  for name in "${!PIDS[@]}"; do stop_server "$name"; done
}
trap cleanup EXIT

start_server() { # name port "extra JVM options" class args...
  local name=$1 port=$2 jvm=$3 class=$4
  shift 4
  if curl -s -o /dev/null --max-time 1 "http://127.0.0.1:$port/"; then
    die "port $port is already in use; set BASE_PORT"
  fi
  # shellcheck disable=SC2086
  taskset -c "$SERVER_CPU" "$JAVA" $NATIVE $JAVA_OPTS $jvm -cp "$CP" "$class" --port "$port" "$@" \
    >"$OUT/$name.log" 2>&1 &
  PIDS[$name]=$!
  for _ in $(seq 1 300); do
    if curl -sf -o /dev/null --max-time 1 "http://127.0.0.1:$port/plaintext"; then
      return 0
    fi
    kill -0 "${PIDS[$name]}" 2>/dev/null || die "$name did not start: see $OUT/$name.log"
    sleep 0.1
  done
  die "$name did not answer within 30 s: see $OUT/$name.log"
}

start_all() {
  start_server merino-default "${PORTS[merino-default]}" "" \
    dev.merino.benchmarks.app.BenchApp --mode default
  start_server merino-loop "${PORTS[merino-loop]}" "$LOOP_OPENS" \
    dev.merino.benchmarks.app.BenchApp --mode loop-threads
  start_server merino-eventloop "${PORTS[merino-eventloop]}" "" \
    dev.merino.benchmarks.app.BenchApp --mode event-loop
  start_server netty "${PORTS[netty]}" "" dev.merino.benchmarks.netty.RawNettyServer
}

# --- Measuring ---------------------------------------------------------------------------------

cpu_ticks() { # utime + stime of a process, in clock ticks
  local stat
  stat=$(<"/proc/$1/stat")
  stat=${stat##*) }
  awk '{print $12 + $13}' <<<"$stat"
}

allocated() {
  curl -s --max-time 10 "http://127.0.0.1:$1/admin/allocated" || echo 0
}

wrk_run() { # endpoint port duration -> prints the WRK_RESULT line
  local endpoint=$1 port=$2 duration=$3 script=get.lua path=/plaintext
  case "$endpoint" in
    plaintext) ;;
    pipelined) script=pipeline.lua ;;
    json) path=/json ;;
    users) path="/users/42?fields=id,name" ;;
    echo) script=echo.lua; path=/echo ;;
  esac
  timeout $(( $(seconds "$duration") + 60 )) \
    taskset -c "$LOAD_CPU" wrk -t1 -c"$CONNECTIONS" -d"$duration" --latency \
    -s "$OUT/$script" "http://127.0.0.1:$port$path" | tee -a "$OUT/wrk.log" | grep WRK_RESULT
}

ws_run() { # port warmup duration server-pid -> prints the WS_RESULT line
  timeout $(( $(seconds "$3") + $(seconds "$2") + 90 )) \
    taskset -c "$LOAD_CPU" "$JAVA" $NATIVE -cp "$CP" dev.merino.benchmarks.load.WsLoad \
    --port "$1" --connections "$CONNECTIONS" --warmup "$2" --duration "$3" --server-pid "$4" \
    | tee -a "$OUT/ws.log" | grep WS_RESULT
}

measure() { # endpoint server round
  local endpoint=$1 server=$2 round=$3 port=${PORTS[$2]} pid=${PIDS[$2]}
  local alloc0 alloc1 ticks0 ticks1 start end line
  local throughput p99 errors server_cpu load_cpu count
  alloc0=$(allocated "$port")
  ticks0=$(cpu_ticks "$pid"); start=$(date +%s%N)
  if [ "$endpoint" = ws ]; then
    line=$(ws_run "$port" 1s "$DURATION" "$pid") || true
  else
    # The load generator's CPU time, read in the subshell that waited for it.
    line=$({ wrk_run "$endpoint" "$port" "$DURATION" || true; }; times >"$OUT/times.txt"
      echo "load_s=$(tail -n 1 "$OUT/times.txt" | awk '{ split($1, u, /[ms]/);
        split($2, s, /[ms]/); print u[1] * 60 + u[2] + s[1] * 60 + s[2] }')")
  fi
  end=$(date +%s%N); ticks1=$(cpu_ticks "$pid")
  alloc1=$(allocated "$port")
  grep -q _RESULT <<<"$line" || die "no result from the load generator for $endpoint on $server"
  if [ "$endpoint" = ws ]; then
    throughput=$(kv "$line" messages_per_sec)
    p99=$(calc "$(kv "$line" p99_us) / 1000" 3)
    errors=$(kv "$line" errors)
    server_cpu=$(kv "$line" server_cpu_pct)
    load_cpu=$(kv "$line" load_cpu_pct)
    count=$(kv "$line" all_messages)
  else
    count=$(kv "$line" requests)
    throughput=$(calc "$count * 1000000 / $(kv "$line" duration_us)")
    p99=$(calc "$(kv "$line" p99_us) / 1000" 3)
    errors=$(( $(kv "$line" errors) + $(kv "$line" non2xx) ))
    # /proc times are in ticks of 1/100 s (USER_HZ).
    server_cpu=$(calc "($ticks1 - $ticks0) * 10000000 / ($end - $start) * 100")
    load_cpu=$(calc "$(kv "$line" load_s) * 100 * 1000000000 / ($end - $start)")
  fi
  local alloc=-
  if [ "${count:-0}" -gt 0 ] && [ "$alloc1" -gt "$alloc0" ]; then
    alloc=$(( (alloc1 - alloc0) / count ))
  fi
  if [ "$round" -gt 0 ]; then
    printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$endpoint" "$server" "$round" \
      "$throughput" "$p99" "$errors" "$server_cpu" "$load_cpu" "$alloc" >>"$RESULTS"
  fi
  log "$(printf '%-9s %-16s round %s: %10.0f/s  p99 %7.2f ms  errors %s  server CPU %s%%  load CPU %s%%  alloc %s B' \
    "$endpoint" "$server" "$round" "$throughput" "$p99" "$errors" "$server_cpu" "$load_cpu" "$alloc")"
}

LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)
log "servers on CPU $SERVER_CPU, load on CPU $LOAD_CPU; rounds of $DURATION after $WARMUP warm-up"
start_all
for endpoint in $ENDPOINTS; do
  # Warm-up: every server runs the endpoint once, unrecorded, before the measured rounds.
  for server in $SERVERS; do
    if [ "$endpoint" = ws ]; then
      ws_run "${PORTS[$server]}" 0s "$WARMUP" "${PIDS[$server]}" >/dev/null || true
    else
      wrk_run "$endpoint" "${PORTS[$server]}" "$WARMUP" >/dev/null || true
    fi
  done
  for round in $(seq 1 "$ROUNDS"); do
    for server in $SERVERS; do
      measure "$endpoint" "$server" "$round"
    done
  done
done
for server in $SERVERS; do stop_server "$server"; done
LOAD_AFTER=$(cut -d' ' -f1-3 /proc/loadavg)

# --- Start-up and idle WebSocket sessions ------------------------------------------------------

# Start-up without and with a JDK AOT cache (and with its start-up options), and the JDK-only
# floor: startup.sh, same settings.
log "start-up: $STARTUP_RUNS launches of each variant (benchmarks/startup.sh)"
STARTUP=$(SKIP_BUILD=1 OUT="$OUT/startup" STARTUP_RUNS="$STARTUP_RUNS" SERVER_CPU="$SERVER_CPU" \
  LOAD_CPU="$LOAD_CPU" BASE_PORT="$BASE_PORT" benchmarks/startup.sh) \
  || die "start-up measurement failed: see $OUT/startup"

log "idle WebSocket sessions: $IDLE_SESSIONS on Merino (ulimit -n $FDS)"
PORTS[merino-idle]=$(( BASE_PORT + 20 ))
start_server merino-idle "${PORTS[merino-idle]}" "" dev.merino.benchmarks.app.BenchApp
IDLE=$(timeout 300 taskset -c "$LOAD_CPU" "$JAVA" $NATIVE -cp "$CP" \
  dev.merino.benchmarks.load.WsLoad --mode idle --port "${PORTS[merino-idle]}" \
  --connections "$IDLE_SESSIONS" --server-pid "${PIDS[merino-idle]}" | grep WS_IDLE) || true
stop_server merino-idle
log "${IDLE:-idle sessions: no result}"

# --- Report ------------------------------------------------------------------------------------

{
  echo "date=$(date -u '+%Y-%m-%d %H:%M UTC')"
  echo "quick=$([ "$QUICK" = 1 ] && echo true || echo false)"
  echo "rounds=$ROUNDS"
  echo "machine=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1)"
  echo "nproc=$(nproc)"
  echo "merino=$MERINO_VERSION"
  echo "jdk=$("$JAVA" -version 2>&1 | sed -n 2p)"
  echo "jvm_options=$JAVA_OPTS $NATIVE (servers; default GC for the CPUs they see);" \
    "merino-loop also $LOOP_OPENS"
  echo "wrk=$(wrk -v 2>&1 | head -n 1 | cut -d' ' -f1-2)"
  echo "durations=warm-up $WARMUP, then $ROUNDS rounds of $DURATION per server and endpoint"
  echo "load_before=$LOAD_BEFORE (1, 5, 15 min load average when the run started)"
  echo "load_after=$LOAD_AFTER"
  echo "command=$COMMAND"
  echo "notes=${NOTES:-}"
  echo "$STARTUP"
  echo "ws_idle_sessions=$(kv "${IDLE:-}" sessions)"
  echo "ws_idle_bytes_per_session=$(kv "${IDLE:-}" bytes_per_session)"
  echo "ws_idle_rss_bytes_per_session=$(kv "${IDLE:-}" rss_bytes_per_session)"
  echo "ulimit_n=$FDS"
} >"$META"

mkdir -p docs
echo
startup() { sed -n "s/^startup_$1=//p" <<<"$STARTUP"; }
echo "Start-up (launch to first response, median): Merino $(startup merino_ms) ms, raw Netty $(startup netty_ms) ms; with an AOT cache: Merino $(startup merino_aot_ms) ms, raw Netty $(startup netty_aot_ms) ms; with the cache and the start-up options: Merino $(startup merino_tuned_ms) ms, raw Netty $(startup netty_tuned_ms) ms; JDK-only floor $(startup floor_ms) ms"
echo "Idle WebSocket sessions: $(kv "${IDLE:-}" sessions), $(kv "${IDLE:-}" bytes_per_session) heap bytes per session after GC"
echo "Raw results: $OUT; report: docs/benchmarks.md, docs/benchmarks.svg"
echo
"$JAVA" -cp "$CP" dev.merino.benchmarks.report.Report "$RESULTS" "$META" docs/benchmarks.md \
  docs/benchmarks.svg
