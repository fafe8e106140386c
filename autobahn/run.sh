#!/usr/bin/env bash
# Runs the Autobahn|Testsuite fuzzing client (testsuite 0.6.4, through its Maven plugin) against
# Merino's WebSocket echo endpoint (dev.merino.autobahn.EchoServer), then prints a summary of
# the report and exits 1 if any case failed or any 6.4.x case is not OK (see summarize.py).
#
#   autobahn/run.sh              every case: groups 1-7, 9 and 10
#   autobahn/run.sh 1 2 '6.4.*'  only these groups, cases or patterns
#
# The plugin starts the server inside Maven's JVM and connects to the address that this
# machine's own name resolves to, so this script refuses to run unless that name resolves to
# loopback addresses only. Netty's leak detector runs at its strictest, as in the tests, and a
# leak report fails the run. Exit codes: 0 passed, 1 cases failed or a buffer leaked, 2 the
# run itself failed. With EVENT_LOOP_THREADS=1 the sessions' virtual threads are scheduled on
# the server's event loops (ServerConfig.withVirtualThreadsOnEventLoop).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
reports="$root/autobahn/target/autobahntestsuite-reports"
log="$root/autobahn/target/autobahn-maven.log"

# The fuzzer's target is ws://<address of $(hostname)>:<port>/: it must be this machine.
name=$(hostname)
addresses=$(getent ahosts "$name" | awk '{ print $1 }' | sort -u || true)
if [ -z "$addresses" ]; then
  echo "autobahn/run.sh: this machine's name '$name' does not resolve; refusing to run." >&2
  exit 2
fi
for address in $addresses; do
  case "$address" in
    127.*|::1) ;;
    *)
      echo "autobahn/run.sh: '$name' resolves to $address, which is not a loopback address;" \
        "refusing to run (the fuzzing client connects to that name's address)." >&2
      exit 2
      ;;
  esac
done

if ! command -v python3 >/dev/null; then
  echo "autobahn/run.sh: python3 is needed to summarize the report." >&2
  exit 2
fi

# Case patterns as the fuzzing client takes them; a bare group number N means "N.*".
patterns=()
for arg in "$@"; do
  if ! [[ "$arg" =~ ^[0-9.*]+$ ]]; then
    echo "autobahn/run.sh: '$arg' is not a group, case id or pattern (like 6, 6.4.1, 9.*)" >&2
    exit 2
  fi
  if [[ "$arg" =~ ^[0-9]+$ ]]; then
    arg="$arg.*"
  fi
  patterns+=("$arg")
done
cases=$(IFS=,; echo "${patterns[*]:-*}")

# The plugin writes its reports under Maven's working directory, so Maven runs from the
# module's folder; stale reports go first, so that a run that breaks cannot pass on old ones.
rm -rf "$reports"
mkdir -p "$root/autobahn/target"
echo "Autobahn|Testsuite against Merino on $addresses (name '$name'); cases: $cases"
started=$SECONDS
export MAVEN_OPTS="${MAVEN_OPTS:-} -Dio.netty.leakDetection.level=paranoid"
if [ "${EVENT_LOOP_THREADS:-0}" = 1 ]; then
  echo "autobahn/run.sh: virtual threads on the event loops"
  MAVEN_OPTS="$MAVEN_OPTS --add-opens java.base/java.lang=ALL-UNNAMED"
  MAVEN_OPTS="$MAVEN_OPTS -Dmerino.autobahn.virtualThreadsOnEventLoop=true"
fi
set +e
(cd autobahn && ../mvnw -B -f ../pom.xml -Pautobahn -pl autobahn -am -DskipTests \
    "-Dautobahn.cases=$cases" verify) > "$log" 2>&1 &
maven=$!
# Progress on the console, the whole Maven output in the log.
tail -n +1 -f --pid=$maven "$log" \
    | grep --line-buffered -E 'Merino listening|Ok, will run|Running test case ID|BUILD' || true
wait $maven
maven_status=$?
set -e
elapsed=$((SECONDS - started))
echo "Maven exited with $maven_status after ${elapsed} s (build and fuzzing); log: $log"

# The plugin fails the build when a case fails; anything else that fails it is a broken run.
if [ ! -f "$reports/index.json" ] \
    || { [ "$maven_status" -ne 0 ] && ! grep -q 'Failed test cases:' "$log"; }; then
  echo "autobahn/run.sh: the fuzzing run did not complete; the end of its log:" >&2
  tail -n 40 "$log" >&2
  exit 2
fi
status=0
python3 autobahn/summarize.py "$reports" || status=$?
if grep -q 'LEAK:' "$log"; then
  echo "FAILED: Netty reported a buffer leak; see LEAK in $log"
  grep -m 5 'LEAK:' "$log"
  [ "$status" -ne 0 ] || status=1
fi
exit "$status"
