#!/usr/bin/env bash
# Starts BenchmarkHub from the built jar: the README's first command (ADR 0050). On JDK 25 or newer it runs the jar
# extracted into api/target/app with an AOT cache (JEP 483/514/515), which about halves the CPU of a start; the first
# start after a build (or with another JDK) records that cache, which the JVM writes when the app stops. On JDK 21–24,
# or with BENCHMARKHUB_AOT=off, it runs `java -jar api/target/benchmarkhub.jar` exactly as before.
# Arguments go to the app (e.g. --server.port=9090); JVM options go in JAVA_OPTS.
set -euo pipefail

usage() {
  cat <<'EOF'
usage: scripts/start.sh [app arguments, e.g. --server.port=9090]
Environment:
  JAVA_HOME          the JDK (21+) to run; default: java on the PATH
  JAVA_OPTS          JVM options, e.g. -Xmx1g
  BENCHMARKHUB_AOT   auto (default: the AOT cache on JDK 25+) or off (plain java -jar)
  BENCHMARKHUB_JAR   the app jar (default api/target/benchmarkhub.jar)
  BENCHMARKHUB_APP_DIR  where the jar is extracted and the cache kept (default api/target/app)
EOF
}
if [ "$#" -eq 1 ] && { [ "$1" = "--help" ] || [ "$1" = "-h" ]; }; then usage; exit 0; fi

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
JAR="${BENCHMARKHUB_JAR:-$ROOT/api/target/benchmarkhub.jar}"
DIR="${BENCHMARKHUB_APP_DIR:-$ROOT/api/target/app}"
JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"
# word splitting of JAVA_OPTS is wanted: it holds several options
read -r -a JVM_OPTS <<<"${JAVA_OPTS:-}"

if [ ! -f "$JAR" ]; then
  echo "no app jar at $JAR: build it first with ./mvnw -q -DskipTests package" >&2
  exit 1
fi
say() { echo "scripts/start.sh: $*" >&2; }

JDK="$("$JAVA" -version 2>&1)" || { echo "$JDK" >&2; say "'$JAVA -version' failed: set JAVA_HOME to a JDK 21+"; exit 1; }
MAJOR="$(printf '%s\n' "$JDK" | sed -n 's/.* version "\([0-9][0-9]*\).*/\1/p' | head -n 1)"
MAJOR="${MAJOR:-0}"

plain() {
  exec "$JAVA" ${JVM_OPTS[@]+"${JVM_OPTS[@]}"} -jar "$JAR" "$@"
}
if [ "$MAJOR" -lt 21 ]; then
  say "BenchmarkHub needs a JDK 21 or newer; $JAVA is ${MAJOR}: set JAVA_HOME to a JDK 21+"
  exit 1
fi
if [ "${BENCHMARKHUB_AOT:-auto}" = off ]; then plain "$@"; fi
if [ "$MAJOR" -lt 25 ]; then
  say "JDK $MAJOR: starting with java -jar (the AOT cache needs JDK 25 or newer)"
  plain "$@"
fi

# The extraction and its cache belong to one build of the jar and one JDK: both are in the stamp, and a change of
# either extracts again and records a new cache (a JVM given a stale cache would only warn and start without it).
# The jar's time is fixed by the reproducible build (project.build.outputTimestamp), so it tells builds apart by its
# size and its last MiB, which holds the central directory: the CRC-32 of every entry, so a change to any file shows.
jar_id() { printf '%s %s' "$(wc -c <"$1" | tr -d ' ')" "$(tail -c 1048576 "$1" | cksum)"; }
STAMP="$(printf 'jar %s\n%s\n' "$(jar_id "$JAR")" "$JDK")"
APP="$DIR/$(basename "$JAR")"
CACHE="$DIR/benchmarkhub.aot"
if [ ! -f "$DIR/stamp" ] || [ "$(cat "$DIR/stamp")" != "$STAMP" ] || [ ! -f "$APP" ]; then
  say "extracting $JAR into $DIR (once per build)"
  # a fresh directory, then a rename: a start running at the same time never sees half of it
  NEW="$DIR.new.$$"
  rm -rf "$NEW"
  # the cache can only hold classes loaded from plain jars on the class path, not from the fat jar's nested ones
  "$JAVA" -Djarmode=tools -jar "$JAR" extract --destination "$NEW" >/dev/null
  printf '%s\n' "$STAMP" >"$NEW/stamp"
  rm -rf "$DIR"
  mv "$NEW" "$DIR"
fi

if [ -s "$CACHE" ]; then
  exec "$JAVA" -XX:AOTCache="$CACHE" ${JVM_OPTS[@]+"${JVM_OPTS[@]}"} -jar "$APP" "$@"
fi

# No cache yet: this start records one (JDK 25's one-step -XX:AOTCacheOutput). The JVM writes it when the app stops,
# which then takes a few seconds longer, once. It runs as a child so that only a start that served and was stopped
# (exit 0, or 130/143 after Ctrl-C/SIGTERM) leaves its cache: a start that failed would record only part of the classes.
say "first start of this build on JDK $MAJOR: recording an AOT cache for faster starts; the JVM writes it when the app" \
  "stops, which then takes some seconds longer, once"
TMP="$CACHE.$$.tmp"
# -XX:-AOTClassLinking: with linked classes the JDK 25 cache refuses to start ("sealing violation" on the sealed
# package org.tukaani.xz of xz.jar, which the embedded PostgreSQL uses); loading and profiles are still cached
# (-Xlog: the classes it cannot cache are warned about one by one; only errors are worth showing)
"$JAVA" -XX:AOTCacheOutput="$TMP" -XX:-AOTClassLinking -Xlog:aot*=error ${JVM_OPTS[@]+"${JVM_OPTS[@]}"} -jar "$APP" "$@" &
PID=$!
forward() { kill -s "$1" "$PID" 2>/dev/null || true; }
trap 'forward TERM' TERM
# a background child ignores SIGINT (no job control), so Ctrl-C reaches the app as SIGTERM
trap 'forward TERM' INT
trap 'forward HUP' HUP
STATUS=0
# wait returns early when a trapped signal arrives: wait again until the app has really ended
while :; do
  wait "$PID" && STATUS=0 || STATUS=$?
  kill -0 "$PID" 2>/dev/null || break
done
trap - TERM INT HUP
case "$STATUS" in
  0 | 130 | 143)
    if [ -s "$TMP" ]; then
      mv "$TMP" "$CACHE"
      say "AOT cache written to $CACHE: the next start uses it"
    fi ;;
esac
rm -f "$TMP"
exit "$STATUS"
