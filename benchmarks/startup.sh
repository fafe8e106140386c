#!/usr/bin/env bash
# Measures start-up, from process launch to the first served `GET /plaintext`, of the Merino
# benchmark app and the raw Netty server, without and with a JDK AOT cache (JDK 25+), and with
# the cache and the start-up options of the README ("Start-up": Netty's JFR events off, Unsafe
# memory access allowed, Netty's epoll library loaded from a directory instead of copied out of
# its jar at every start); and of a JDK-only server (no Netty, no Jackson) as the floor of this
# JVM and machine.
#
#   benchmarks/startup.sh        # builds, then STARTUP_RUNS launches of each variant
#
# Every variant runs the same way: the jars that `./mvnw package` built from this work tree
# (an AOT cache records classes from jar files only), pinned to SERVER_CPU, probed from
# LOAD_CPU by StartupProbe. Launches alternate between the variants, so that a busy moment of
# the machine does not fall on one of them only. The AOT cache of each server comes from its
# own training run (-XX:AOTCacheOutput): start, the same requests on every endpoint, stop.
#
# Settings (environment): STARTUP_RUNS (5), SERVER_CPU (0), LOAD_CPU (1), BASE_PORT (18080;
# the probe uses +10, training +11), STARTUP_OPTS (JVM options added to every launch, the
# training runs included), AOT (on; off skips the cached variants), SKIP_BUILD (1 when the
# caller built already), OUT (a results directory; default a new one under
# benchmarks/target/results).
#
# Prints `startup_<key>=<value>` lines on stdout (run.sh copies them into its report) and a
# summary on stderr. Everything listens on and targets 127.0.0.1 only; the script stops the
# processes it started, by their ids, and deletes the cache files it wrote, on exit.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"

STARTUP_RUNS=${STARTUP_RUNS:-5}
SERVER_CPU=${SERVER_CPU:-0}
LOAD_CPU=${LOAD_CPU:-1}
BASE_PORT=${BASE_PORT:-18080}
STARTUP_OPTS=${STARTUP_OPTS:-}
AOT=${AOT:-on}
NATIVE="--enable-native-access=ALL-UNNAMED"
PROBE_PORT=$(( BASE_PORT + 10 ))
TRAIN_PORT=$(( BASE_PORT + 11 ))

log() { printf '[startup.sh] %s\n' "$*" >&2; }
die() { log "$*"; exit 1; }

. .mvn/select-jdk.sh
merino_select_jdk
JAVA="$JAVA_HOME/bin/java"
FEATURE=$(merino_java_feature "$JAVA_HOME")

if [ "${SKIP_BUILD:-0}" != 1 ]; then
  log "building: ./mvnw -q -pl benchmarks -am package -DskipTests"
  ./mvnw -q -pl benchmarks -am package -DskipTests
fi
jar_of() { # directory artifact -> the main jar, not -tests or -sources
  local jar
  for jar in "$1"/"$2"-*.jar; do
    case "$jar" in *-tests.jar|*-sources.jar|*-javadoc.jar) ;; *) echo "$jar"; return 0 ;; esac
  done
  die "no $2 jar in $1: run ./mvnw -pl benchmarks -am package -DskipTests"
}
PROBE_CP="benchmarks/target/classes:benchmarks/target/deps/*"
JAR_CP="$(jar_of benchmarks/target merino-benchmarks):$(jar_of merino-core/target merino-core)"
JAR_CP="$JAR_CP:benchmarks/target/deps/*"

OUT=${OUT:-benchmarks/target/results/startup-$(date -u +%Y%m%dT%H%M%SZ)}
AOT_DIR="$OUT/aot"
mkdir -p "$AOT_DIR"
TSV="$OUT/startup.tsv"
printf 'variant\trun\tfirst_response_ms\tin_process_ms\n' >"$TSV"

TRAINING_PID=""
cleanup() {
  if [ -n "$TRAINING_PID" ]; then
    kill -9 "$TRAINING_PID" 2>/dev/null || true
  fi
  rm -f "$AOT_DIR"/*.aot "$AOT_DIR"/*.aot.config
}
trap cleanup EXIT

for port in "$PROBE_PORT" "$TRAIN_PORT"; do
  if curl -s -o /dev/null --max-time 1 "http://127.0.0.1:$port/"; then
    die "port $port is already in use; set BASE_PORT"
  fi
done

# --- AOT caches --------------------------------------------------------------------------------

# The start-up options, with the epoll library taken out of its jar once, as a deployment would.
NATIVE_DIR="$OUT/native"
mkdir -p "$NATIVE_DIR"
EPOLL_JAR=$(ls "$ROOT"/benchmarks/target/deps/netty-transport-native-epoll-*-linux-x86_64.jar)
(cd "$NATIVE_DIR" && "$JAVA_HOME/bin/jar" xf "$EPOLL_JAR" META-INF/native \
  && mv META-INF/native/*.so . && rm -r META-INF)
TUNED_OPTS="-Dio.netty.jfr.enabled=false --sun-misc-unsafe-memory-access=allow"
TUNED_OPTS="$TUNED_OPTS -Djava.library.path=$NATIVE_DIR"

train() { # name class [options] -> writes $AOT_DIR/name.aot, or fails
  local name=$1 class=$2 options=${3:-} base="http://127.0.0.1:$TRAIN_PORT" up=0
  # shellcheck disable=SC2086
  taskset -c "$SERVER_CPU" "$JAVA" $NATIVE $STARTUP_OPTS $options \
    -XX:AOTCacheOutput="$AOT_DIR/$name.aot" \
    -cp "$JAR_CP" "$class" --port "$TRAIN_PORT" >"$AOT_DIR/$name-training.log" 2>&1 &
  TRAINING_PID=$!
  for _ in $(seq 1 300); do
    if curl -sf -o /dev/null --max-time 1 "$base/plaintext"; then up=1; break; fi
    kill -0 "$TRAINING_PID" 2>/dev/null || break
    sleep 0.1
  done
  if [ "$up" = 1 ]; then
    # The same requests for both servers: what the cache holds should differ only by server.
    for _ in $(seq 1 20); do
      curl -sf -o /dev/null --max-time 5 "$base/plaintext" || true
      curl -sf -o /dev/null --max-time 5 "$base/json" || true
      curl -sf -o /dev/null --max-time 5 "$base/users/42?fields=id,name" || true
      curl -sf -o /dev/null --max-time 5 -H 'Content-Type: application/json' \
        -d '{"message":"Hello, World!"}' "$base/echo" || true
    done
  fi
  # The JVM writes the cache as it exits after SIGTERM, in a child JVM: give it time.
  kill -TERM "$TRAINING_PID" 2>/dev/null || true
  for _ in $(seq 1 1200); do kill -0 "$TRAINING_PID" 2>/dev/null || break; sleep 0.1; done
  kill -9 "$TRAINING_PID" 2>/dev/null || true
  wait "$TRAINING_PID" 2>/dev/null || true
  TRAINING_PID=""
  [ "$up" = 1 ] && [ -s "$AOT_DIR/$name.aot" ]
}

VARIANTS="floor merino netty"
AOT_NOTE="off (AOT=off)"
if [ "$AOT" = on ] && [ "${FEATURE:-0}" -lt 25 ]; then
  AOT_NOTE="skipped: JDK $FEATURE has no -XX:AOTCacheOutput (JDK 25+)"
elif [ "$AOT" = on ]; then
  log "training AOT caches (JDK $FEATURE, -XX:AOTCacheOutput)"
  if train floor dev.merino.benchmarks.floor.JdkServer \
      && train merino dev.merino.benchmarks.app.BenchApp \
      && train netty dev.merino.benchmarks.netty.RawNettyServer \
      && train merino_tuned dev.merino.benchmarks.app.BenchApp "$TUNED_OPTS" \
      && train netty_tuned dev.merino.benchmarks.netty.RawNettyServer "$TUNED_OPTS"; then
    VARIANTS="$VARIANTS floor_aot merino_aot netty_aot merino_tuned netty_tuned"
    AOT_NOTE="JDK AOT cache from one training run per server: start, 20 times GET /plaintext,"
    AOT_NOTE="$AOT_NOTE GET /json, GET /users/42?fields=id,name and POST /echo, stop"
    log "caches: $(du -h "$AOT_DIR"/*.aot | awk '{printf "%s %s  ", $2, $1}')"
  else
    AOT_NOTE="skipped: a training run wrote no cache (see $AOT_DIR/*-training.log)"
  fi
fi
log "AOT: $AOT_NOTE"

# --- Launches ----------------------------------------------------------------------------------

launch() { # variant -> the server command
  local aot=""
  case "$1" in
    *_aot) aot="-XX:AOTCache=$AOT_DIR/${1%_aot}.aot" ;;
    *_tuned) aot="$TUNED_OPTS -XX:AOTCache=$AOT_DIR/$1.aot" ;;
  esac
  case "$1" in
    floor*) echo "$aot dev.merino.benchmarks.floor.JdkServer" ;;
    merino*) echo "$aot dev.merino.benchmarks.app.BenchApp" ;;
    netty*) echo "$aot dev.merino.benchmarks.netty.RawNettyServer" ;;
  esac
}

log "start-up: $STARTUP_RUNS launches of each of: $VARIANTS (alternating)"
for run in $(seq 1 "$STARTUP_RUNS"); do
  for variant in $VARIANTS; do
    # shellcheck disable=SC2046,SC2086
    line=$(taskset -c "$LOAD_CPU" "$JAVA" -cp "$PROBE_CP" dev.merino.benchmarks.load.StartupProbe \
      --port "$PROBE_PORT" --runs 1 --log "$OUT/startup-$variant-$run.log" -- \
      taskset -c "$SERVER_CPU" "$JAVA" $NATIVE $STARTUP_OPTS -cp "$JAR_CP" $(launch "$variant") \
      --port "$PROBE_PORT" | grep STARTUP) || die "no start-up result for $variant: see $OUT"
    first=$(tr ' ' '\n' <<<"$line" | sed -n 's/^first_response_ms=//p')
    inproc=$(tr ' ' '\n' <<<"$line" | sed -n 's/^in_process_ms=//p')
    printf '%s\t%s\t%s\t%s\n' "$variant" "$run" "$first" "$inproc" >>"$TSV"
  done
done

# --- Summary -----------------------------------------------------------------------------------

stats() { # variant column -> "median min max"
  awk -F'\t' -v v="$1" -v c="$2" 'NR > 1 && $1 == v && $c != "NaN" { print $c }' "$TSV" \
    | sort -n | awk '{ x[NR] = $1 } END {
        if (NR == 0) { print "- - -"; exit }
        m = NR % 2 ? x[(NR + 1) / 2] : (x[NR / 2] + x[NR / 2 + 1]) / 2
        printf "%.0f %.0f %.0f\n", m, x[1], x[NR] }'
}
echo "startup_runs=$STARTUP_RUNS"
echo "startup_aot=$AOT_NOTE"
echo "startup_opts=$NATIVE${STARTUP_OPTS:+ $STARTUP_OPTS}"
echo "startup_tuned_opts=${TUNED_OPTS/$NATIVE_DIR/<dir>}"
for variant in $VARIANTS; do
  read -r fm fmin fmax <<<"$(stats "$variant" 3)"
  read -r im imin imax <<<"$(stats "$variant" 4)"
  echo "startup_${variant}_ms=$fm"
  echo "startup_${variant}_ms_range=$fmin-$fmax"
  echo "startup_${variant}_inprocess_ms=$im"
  echo "startup_${variant}_inprocess_ms_range=$imin-$imax"
  log "$(printf '%-11s launch to first response %5s ms (%s-%s), main to listening %5s ms (%s-%s)' \
    "$variant" "$fm" "$fmin" "$fmax" "$im" "$imin" "$imax")"
done
log "per launch: $TSV"
