#!/usr/bin/env bash
# Proves Merino's WebSocket behaviour (DESIGN section 4) against three independent clients:
# Python's websockets 10.4 (Debian's python3-websockets, run by /usr/bin/python3), Node's ws
# (npm) and headless Chromium (Debian's chromium, driven by playwright-core). All three drive
# the one table in interop/scenarios.json against the interop app (interop/src), which listens
# on 127.0.0.1 on a free port, twice: with request threads on the JDK's carriers, then on the
# event loops. Prints one line per scenario and client, and exits non-zero on any mismatch.
#
# Idempotent: installs only what is missing (apt-get update only then), builds with ./mvnw,
# and bounds every step in time. The apps' logs are kept in interop/target/*-app.log.
set -euo pipefail
cd "$(dirname "$0")/.."

started=$SECONDS
out=interop/target/interop
# The whole table always runs here; INTEROP_ONLY is for running a client by hand.
unset INTEROP_ONLY
app_pid=""

say() {
    echo "interop: $*"
}

stop_app() {
    [ -n "$app_pid" ] || return 0
    if kill -0 "$app_pid" 2>/dev/null; then
        kill -TERM "$app_pid"
        for _ in $(seq 1 100); do
            kill -0 "$app_pid" 2>/dev/null || break
            sleep 0.1
        done
        if kill -0 "$app_pid" 2>/dev/null; then
            say "the app did not stop within 10 s of SIGTERM; killing it"
            kill -KILL "$app_pid" 2>/dev/null || true
            app_stop_failed=1
        fi
    fi
    wait "$app_pid" 2>/dev/null || true
    app_pid=""
}
app_stop_failed=0
trap stop_app EXIT

# 1. The clients, installed only when missing.
missing=()
/usr/bin/python3 -c 'import websockets' 2>/dev/null || missing+=(python3-websockets)
[ -x /usr/bin/chromium ] || missing+=(chromium)
if [ ${#missing[@]} -gt 0 ]; then
    say "installing ${missing[*]} from Debian's packages"
    export DEBIAN_FRONTEND=noninteractive
    timeout 600 apt-get update -q
    timeout 900 apt-get install -y -q "${missing[@]}"
fi
websockets_version=$(/usr/bin/python3 -c 'import websockets; print(websockets.__version__)')
if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
    say "node and npm are needed for the ws and Chromium clients; one is not on PATH" >&2
    exit 2
fi
if [ ! -d interop/node/node_modules/ws ] || [ ! -d interop/node/node_modules/playwright-core ] \
        || [ interop/node/package-lock.json -nt interop/node/node_modules/.package-lock.json ]; then
    say "installing the Node clients' packages (npm ci)"
    (cd interop/node && timeout 300 npm ci --no-audit --no-fund)
fi

# 2. The interop app, built with the wrapper; it runs on the JDK 21+ the wrapper would pick.
. .mvn/select-jdk.sh
merino_select_jdk
if [ "${MERINO_INTEROP_BUILT-}" != 1 ]; then
    # Run by hand; within ./mvnw verify the reactor has just built it.
    say "building the interop app"
    timeout 600 ./mvnw -B -q -pl interop -am package -DskipTests
fi
jar=$(ls interop/target/merino-interop-*.jar)

# Netty's leak detector at its strictest, as in the tests: a LEAK report in a log fails the run.
leak_detection="-Dio.netty.leakDetection.level=paranoid -Dio.netty.leakDetection.targetRecords=8"

# Starts a main class of the interop jar on a free loopback port, in the background; sets
# started_pid, and started_port to the port it printed (empty if none came within 30 s). Extra
# JVM options come after the name.
start_java() {
    local main=$1 name=$2
    shift 2
    # Emptied here, not by the app's redirection, which may happen after the first look below.
    : >"$out/$name.stdout"
    "$JAVA_HOME/bin/java" $leak_detection --enable-native-access=ALL-UNNAMED "$@" \
            -cp "$jar:interop/target/lib/*" \
            "$main" 0 >"$out/$name.stdout" 2>"interop/target/$name-app.log" &
    started_pid=$!
    started_port=""
    for _ in $(seq 1 300); do
        started_port=$(sed -n 's/^PORT \([0-9][0-9]*\)$/\1/p' "$out/$name.stdout")
        if [ -n "$started_port" ] || ! kill -0 "$started_pid" 2>/dev/null; then
            break
        fi
        sleep 0.1
    done
}

mkdir -p "$out"
ws_version=$(node -p "require('./interop/node/node_modules/ws/package.json').version")
chromium_version=$(/usr/bin/chromium --version 2>/dev/null | head -n 1)
say "clients: websockets $websockets_version (python), ws $ws_version (node), $chromium_version"
results="$out/results.txt"
: >"$results"
rows=$(/usr/bin/python3 -c 'import json, sys; print(len(json.load(sys.stdin)["scenarios"]))' \
        <interop/scenarios.json)
crashed=()
unlogged=0

run_client() {
    local name=$1 label=$2
    shift 2
    local status=0
    timeout --kill-after=5 120 "$@" "127.0.0.1:$port" | tee "$out/$label-$name.txt" \
        || status=$?
    cat "$out/$label-$name.txt" >>"$results"
    # A client exits 1 when a row failed (its FAIL lines say which). Any other exit, or a line
    # missing for a row, means the client itself broke or ran out of time.
    local lines
    lines=$(grep -c "^$name " "$out/$label-$name.txt" || true)
    if { [ "$status" -ne 0 ] && [ "$status" -ne 1 ]; } || [ "$lines" -ne "$rows" ]; then
        crashed+=("$name with $label (exit $status, $lines of $rows rows)")
    fi
}

# 3 and 4. The whole table against the app, once per way of running request threads: on the
# JDK's carriers (the default), then on the event loops (ServerConfig's
# virtualThreadsOnEventLoop). Each app's error ids must each be in one line of its own log.
run_table() {
    local label=$1
    shift
    say "request threads $label"
    start_java dev.merino.interop.InteropApp "interop-$label" "$@"
    app_pid=$started_pid
    port=$started_port
    if [ -z "$port" ]; then
        say "the interop app did not print its port within 30 s; its log:" >&2
        cat "interop/target/interop-$label-app.log" >&2
        exit 1
    fi
    say "app listening on 127.0.0.1:$port"
    local before
    before=$(wc -l <"$results")
    run_client python "$label" /usr/bin/python3 interop/python/client.py
    run_client node-ws "$label" node interop/node/ws-client.mjs
    run_client chromium "$label" node interop/node/chromium-client.mjs
    stop_app
    for id in $(tail -n +"$((before + 1))" "$results" | grep -o 'error id [0-9a-f]*' \
            | awk '{print $3}' | sort -u); do
        lines=$(grep -c "error id $id" "interop/target/interop-$label-app.log" || true)
        if [ "$lines" -ne 1 ]; then
            say "error id $id appears in $lines lines of the $label app's log (expected 1)"
            unlogged=$((unlogged + 1))
        fi
    done
}
run_table on-carriers
run_table on-event-loop -Dmerino.interop.virtualThreadsOnEventLoop=true \
    --add-opens java.base/java.lang=ALL-UNNAMED

# 5. The chat example in Chromium: two pages in one room, through the example's own page.
start_java dev.merino.interop.ChatServer chat
chat_pid=$started_pid
chat_port=$started_port
chat_status=0
if [ -n "$chat_port" ]; then
    timeout --kill-after=5 90 node interop/node/chat-browser.mjs "127.0.0.1:$chat_port" \
            "$out/chat.png" | tee "$out/chat.txt" || chat_status=$?
    cat "$out/chat.txt" >>"$results"
else
    say "the chat example did not print its port within 30 s; its log:" >&2
    cat interop/target/chat-app.log >&2
    chat_status=1
fi
kill -TERM "$chat_pid" 2>/dev/null || true
wait "$chat_pid" 2>/dev/null || true
# Exit 1 comes with FAIL lines, counted below; anything else means the test itself broke.
if [ "$chat_status" -ne 0 ] && [ "$chat_status" -ne 1 ]; then
    crashed+=("chromium chat (exit $chat_status)")
elif [ "$chat_status" -eq 0 ] && [ "$(grep -c ' OK ' "$out/chat.txt" || true)" -ne 5 ]; then
    crashed+=("chromium chat (did not report its five checks)")
fi

# 6. No buffer leak reported by any app.
leaks=$(cat interop/target/interop-*-app.log interop/target/chat-app.log 2>/dev/null \
        | grep -c 'LEAK:' || true)
if [ "$leaks" -ne 0 ]; then
    say "Netty reported $leaks buffer leak(s); see interop/target/*-app.log"
    unlogged=$((unlogged + 1))
fi

passed=$(grep -c '^[a-z-]* *[^ ]* *OK ' "$results" || true)
failed=$(grep -c '^[a-z-]* *[^ ]* *FAIL ' "$results" || true)
skipped=$(grep -c '^[a-z-]* *[^ ]* *SKIP ' "$results" || true)
say "finished in $((SECONDS - started)) s"
for name in "${crashed[@]}"; do
    say "client $name did not finish its table"
done
[ "$app_stop_failed" -eq 0 ] || say "the app did not stop cleanly"
echo "interop: $passed passed, $failed failed, $skipped skipped"
if [ "$failed" -ne 0 ] || [ ${#crashed[@]} -ne 0 ] || [ "$unlogged" -ne 0 ] \
        || [ "$app_stop_failed" -ne 0 ]; then
    exit 1
fi
