#!/usr/bin/env bash
# Profiles a benchmark server under wrk, on the same pinning as run.sh: a JFR recording (CPU
# samples and allocation, summarized by JfrSummary) and syscall and context-switch counts per
# request from `perf stat` (per thread, so that the event loop's socket writes and the request
# threads' wake-ups of the event loop are told apart). Netty 4.2's epoll transport reads with
# recvfrom, writes with sendto (writev for several buffers), waits in epoll_pwait2, and is woken
# through an eventfd `write`; futex is parking and unparking threads.
#
#   benchmarks/profile.sh                               # Merino default mode, /plaintext and /json
#   SERVER=netty benchmarks/profile.sh                  # the raw Netty baseline
#   SERVER=merino-eventloop ENDPOINTS=json benchmarks/profile.sh
#
# Settings: SERVER (merino-default, merino-loop, merino-eventloop or netty; merino-loop is
# default mode with virtual threads on the event loop), ENDPOINTS ("plaintext json"),
# WARMUP (10s), DURATION (10s, the JFR window), PERF_DURATION (5s), CONNECTIONS (64), PIPELINE
# (16, the depth of the endpoint "pipelined", which is GET /plaintext pipelined), PORT
# (18090), SERVER_CPU (0), LOAD_CPU (1), JAVA_OPTS. Everything stays on 127.0.0.1. Output goes
# to benchmarks/target/profile/<time>/; the summaries are also printed.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
SERVER=${SERVER:-merino-default}
ENDPOINTS=${ENDPOINTS:-plaintext json}
WARMUP=${WARMUP:-10s}
DURATION=${DURATION:-10s}
PERF_DURATION=${PERF_DURATION:-5s}
CONNECTIONS=${CONNECTIONS:-64}
PORT=${PORT:-18090}
SERVER_CPU=${SERVER_CPU:-0}
LOAD_CPU=${LOAD_CPU:-1}
JAVA_OPTS=${JAVA_OPTS:--Xms512m -Xmx512m}
NATIVE="--enable-native-access=ALL-UNNAMED"

log() { printf '[profile.sh] %s\n' "$*" >&2; }
die() { log "$*"; exit 1; }
for tool in wrk perf taskset curl; do
  command -v "$tool" >/dev/null || die "needs $tool (wrk: run benchmarks/run.sh once; perf: linux-perf)"
done

. .mvn/select-jdk.sh
merino_select_jdk
JAVA="$JAVA_HOME/bin/java"
JCMD="$JAVA_HOME/bin/jcmd"
./mvnw -q -pl benchmarks -am package -DskipTests
CP="benchmarks/target/classes:merino-core/target/classes:benchmarks/target/deps/*"
OUT="benchmarks/target/profile/$(date -u +%Y%m%dT%H%M%SZ)-$SERVER"
mkdir -p "$OUT"
cat benchmarks/wrk/report.lua benchmarks/wrk/get.lua >"$OUT/get.lua"
cat benchmarks/wrk/report.lua benchmarks/wrk/pipeline.lua >"$OUT/pipeline.lua"

OPENS=()
case "$SERVER" in
  merino-default) MAIN=(dev.merino.benchmarks.app.BenchApp --mode default) ;;
  merino-loop)
    # ServerConfig.withVirtualThreadsOnEventLoop does not start without this option.
    OPENS=(--add-opens java.base/java.lang=ALL-UNNAMED)
    MAIN=(dev.merino.benchmarks.app.BenchApp --mode loop-threads) ;;
  merino-eventloop) MAIN=(dev.merino.benchmarks.app.BenchApp --mode event-loop) ;;
  netty) MAIN=(dev.merino.benchmarks.netty.RawNettyServer) ;;
  *) die "SERVER: '$SERVER' (expected merino-default, merino-loop, merino-eventloop or netty)" ;;
esac
if curl -s -o /dev/null --max-time 1 "http://127.0.0.1:$PORT/"; then
  die "port $PORT is already in use; set PORT"
fi
# shellcheck disable=SC2086
taskset -c "$SERVER_CPU" "$JAVA" $NATIVE $JAVA_OPTS "${OPENS[@]}" -cp "$CP" "${MAIN[@]}" \
  --port "$PORT" >"$OUT/server.log" 2>&1 &
PID=$!
trap 'kill "$PID" 2>/dev/null || true' EXIT
for _ in $(seq 1 300); do
  curl -sf -o /dev/null --max-time 1 "http://127.0.0.1:$PORT/plaintext" && break
  kill -0 "$PID" 2>/dev/null || die "the server did not start: see $OUT/server.log"
  sleep 0.1
done

path_of() {
  case "$1" in
    plaintext|pipelined) echo /plaintext ;;
    json) echo /json ;;
    users) echo "/users/42?fields=id,name" ;;
    *) die "endpoint: '$1' (profile.sh knows plaintext, pipelined, json and users)" ;;
  esac
}
script_of() { # endpoint -> the wrk script: pipelined sends PIPELINE (16) requests per write
  case "$1" in
    pipelined) echo "$OUT/pipeline.lua" ;;
    *) echo "$OUT/get.lua" ;;
  esac
}
export PIPELINE=${PIPELINE:-16}
load() { # path duration -> wrk output
  timeout 300 taskset -c "$LOAD_CPU" wrk -t1 -c"$CONNECTIONS" -d"$2" --latency \
    -s "$script" "http://127.0.0.1:$PORT$1"
}
requests_in() { sed -n 's/.*WRK_RESULT requests=\([0-9]*\).*/\1/p' "$1"; }

for endpoint in $ENDPOINTS; do
  path=$(path_of "$endpoint")
  script=$(script_of "$endpoint")
  log "$SERVER $endpoint: warm-up $WARMUP"
  load "$path" "$WARMUP" >/dev/null

  log "$SERVER $endpoint: JFR for $DURATION"
  # Denser sampling than the profile settings; the CPU-time sampler needs JDK 25 on Linux.
  "$JCMD" "$PID" JFR.start name=bench settings=profile 'jdk.ExecutionSample#period=1ms' \
    'jdk.CPUTimeSample#enabled=true' 'jdk.CPUTimeSample#throttle=1ms' \
    'jdk.ObjectAllocationSample#throttle=5000/s' >/dev/null \
    || "$JCMD" "$PID" JFR.start name=bench settings=profile >/dev/null
  before=$(curl -s "http://127.0.0.1:$PORT/admin/allocated")
  load "$path" "$DURATION" >"$OUT/$endpoint-jfr-wrk.txt"
  after=$(curl -s "http://127.0.0.1:$PORT/admin/allocated")
  "$JCMD" "$PID" JFR.stop name=bench filename="$ROOT/$OUT/$endpoint.jfr" >/dev/null
  requests=$(requests_in "$OUT/$endpoint-jfr-wrk.txt")
  {
    echo "== $SERVER $endpoint: $requests requests in $DURATION under JFR"
    echo "allocated: $(( (after - before) / requests )) bytes per request (JVM total)"
    "$JAVA" -cp "$CP" dev.merino.benchmarks.profile.JfrSummary "$OUT/$endpoint.jfr" "$requests"
  } >"$OUT/$endpoint-jfr.txt"

  log "$SERVER $endpoint: perf stat for $PERF_DURATION"
  perf stat --per-thread -x, -o "$OUT/$endpoint-perf.csv" -p "$PID" \
    -e 'syscalls:sys_enter_sendto,syscalls:sys_enter_recvfrom,syscalls:sys_enter_write' \
    -e 'syscalls:sys_enter_writev,syscalls:sys_enter_epoll_pwait2,syscalls:sys_enter_futex' \
    -e 'context-switches' -- \
    timeout 300 taskset -c "$LOAD_CPU" wrk -t1 -c"$CONNECTIONS" -d"$PERF_DURATION" \
    -s "$script" "http://127.0.0.1:$PORT$path" >"$OUT/$endpoint-perf-wrk.txt"
  requests=$(requests_in "$OUT/$endpoint-perf-wrk.txt")
  {
    echo "== $SERVER $endpoint: $requests requests in $PERF_DURATION under perf stat"
    echo "per request, by thread (threads with fewer than 0.01 events per request left out):"
    # perf's CSV per thread: thread-tid,count,unit,event,...
    awk -F, -v n="$requests" '
      /^#/ || NF < 4 || $2 !~ /^[0-9]+$/ { next }
      { thread = $1; sub(/-[0-9]+$/, "", thread); sub(/[0-9]+$/, "N", thread)
        key = sprintf("%-18s %s", thread, $4); sum[key] += $2; total[$4] += $2 }
      END {
        for (k in sum) if (sum[k] / n >= 0.01) printf "  %8.3f  %s\n", sum[k] / n, k | "sort -k2"
        close("sort -k2")
        print "per request, whole process:"
        for (e in total) printf "  %8.3f  %s\n", total[e] / n, e | "sort -k2"
      }' "$OUT/$endpoint-perf.csv"
  } >"$OUT/$endpoint-perf.txt"
  cat "$OUT/$endpoint-jfr.txt" "$OUT/$endpoint-perf.txt"
done
log "recordings and raw output: $OUT"
