#!/usr/bin/env bash
# Proves Merino's WebSocket behaviour (DESIGN section 4) against three independent clients:
# Python's websockets 10.4 (Debian's python3-websockets, run by /usr/bin/python3), Node's ws
# (npm) and headless Chromium (Debian's chromium, driven by playwright-core). All three drive
# the one table in interop/scenarios.json against the interop app (interop/src), which listens
# on 127.0.0.1 on a free port. Prints one line per scenario and client, and exits non-zero on
# any mismatch.
#
# Idempotent: installs only what is missing (apt-get update only then), builds with ./mvnw,
# and bounds every step in time. The app's log is kept in interop/target/interop-app.log.
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
# started_pid, and started_port to the port it printed (empty if none came within 30 s).
start_java() {
    local main=$1 name=$2
    # Emptied here, not by the app's redirection, which may happen after the first look below.
    : >"$out/$name.stdout"
    "$JAVA_HOME/bin/java" $leak_detection --enable-native-access=ALL-UNNAMED \
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

# 3. Start it on a free loopback port and read the port it printed.
mkdir -p "$out"
start_java dev.merino.interop.InteropApp interop
app_pid=$started_pid
port=$started_port
if [ -z "$port" ]; then
    say "the interop app did not print its port within 30 s; its log:" >&2
    cat interop/target/interop-app.log >&2
    exit 1
fi
ws_version=$(node -p "require('./interop/node/node_modules/ws/package.json').version")
chromium_version=$(/usr/bin/chromium --version 2>/dev/null | head -n 1)
say "app listening on 127.0.0.1:$port"
say "clients: websockets $websockets_version (python), ws $ws_version (node), $chromium_version"

# 4. The clients, one after the other, each bounded in time.
results="$out/results.txt"
: >"$results"
rows=$(/usr/bin/python3 -c 'import json, sys; print(len(json.load(sys.stdin)["scenarios"]))' \
        <interop/scenarios.json)
crashed=()
run_client() {
    local name=$1
    shift
    local status=0
    timeout --kill-after=5 120 "$@" "127.0.0.1:$port" | tee "$out/$name.txt" || status=$?
    cat "$out/$name.txt" >>"$results"
    # A client exits 1 when a row failed (its FAIL lines say which). Any other exit, or a line
    # missing for a row, means the client itself broke or ran out of time.
    local lines
    lines=$(grep -c "^$name " "$out/$name.txt" || true)
    if { [ "$status" -ne 0 ] && [ "$status" -ne 1 ]; } || [ "$lines" -ne "$rows" ]; then
        crashed+=("$name (exit $status, $lines of $rows rows)")
    fi
}
run_client python /usr/bin/python3 interop/python/client.py
run_client node-ws node interop/node/ws-client.mjs
run_client chromium node interop/node/chromium-client.mjs

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

# 6. Stop the app; the error ids clients were given must each be in one line of its log.
stop_app
unlogged=0
for id in $(grep -o 'error id [0-9a-f]*' "$results" | awk '{print $3}' | sort -u); do
    lines=$(grep -c "error id $id" interop/target/interop-app.log || true)
    if [ "$lines" -ne 1 ]; then
        say "error id $id appears in $lines lines of the app's log (expected 1)"
        unlogged=$((unlogged + 1))
    fi
done

leaks=$(cat interop/target/interop-app.log interop/target/chat-app.log 2>/dev/null \
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
