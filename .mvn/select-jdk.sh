# Sourced by ./mvnw and .ci/run (POSIX sh). Merino builds with --release 21, so Maven must run on a
# JDK 21 or newer. Keeps JAVA_HOME when it already points at one; otherwise picks the newest JDK
# under /usr/lib/jvm (or MERINO_JDK_SEARCH_DIRS) and exports JAVA_HOME. Prints nothing on success.

merino_java_feature() {
  # Prints the feature version (17, 21, 25...) of the JDK at $1, or nothing.
  [ -x "$1/bin/java" ] && [ -x "$1/bin/javac" ] || return 0
  "$1/bin/java" -XshowSettings:properties -version 2>&1 \
    | sed -n 's/^ *java\.specification\.version = \([0-9][0-9]*\).*/\1/p' | head -n 1
}

merino_select_jdk() {
  if [ -n "${JAVA_HOME-}" ]; then
    v=$(merino_java_feature "$JAVA_HOME")
    if [ -n "$v" ] && [ "$v" -ge 21 ]; then
      return 0
    fi
  fi
  # mvnw runs under "set -f"; the search below needs globbing for a moment.
  case $- in *f*) noglob=1; set +f ;; *) noglob="" ;; esac
  best=""
  best_v=0
  for dir in ${MERINO_JDK_SEARCH_DIRS:-/usr/lib/jvm}; do
    for home in "$dir"/*; do
      [ -d "$home" ] || continue
      v=$(merino_java_feature "$home")
      if [ -n "$v" ] && [ "$v" -ge 21 ] && [ "$v" -gt "$best_v" ]; then
        best="$home"
        best_v="$v"
      fi
    done
  done
  [ -z "$noglob" ] || set -f
  if [ -z "$best" ]; then
    echo "Merino needs a JDK 21 or newer: set JAVA_HOME to one (none found under" \
      "${MERINO_JDK_SEARCH_DIRS:-/usr/lib/jvm})." >&2
    return 1
  fi
  JAVA_HOME="$best"
  export JAVA_HOME
}
