#!/usr/bin/env bash
# Runs the JMH micro-benchmarks of the hot paths (never part of ./mvnw verify).
#
#   benchmarks/jmh.sh                       # all of them, with the settings in their annotations
#   benchmarks/jmh.sh RouterBenchmark       # one class (any JMH regex and options work)
#   benchmarks/jmh.sh -f 2 -i 10 -prof gc   # more forks and iterations, allocation per call
#
# Results also go to benchmarks/target/jmh-result.json.
set -euo pipefail
cd "$(dirname "$0")/.."
. .mvn/select-jdk.sh
merino_select_jdk
./mvnw -q -pl benchmarks -am package -DskipTests
exec "$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED \
  -cp "benchmarks/target/classes:merino-core/target/classes:benchmarks/target/deps/*" org.openjdk.jmh.Main \
  -rf json -rff benchmarks/target/jmh-result.json -jvmArgsAppend --enable-native-access=ALL-UNNAMED "$@"
