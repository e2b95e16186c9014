#!/usr/bin/env bash
# Records the AOT cache ahead (docs/performance.md, "Cold start"; ADR 0050) on JDK 25 or newer: extracts the app jar
# into DIR (default api/target/app) and records an AOT cache (JEP 483/514/515) from one training start of it on a
# throwaway data directory, then prints the command that uses it. scripts/start.sh, the README's first command, does
# the same by itself during the first start of a build (the cache is then written when that app stops); after this
# script it finds the cache already there, with the stamp it checks. A cache only serves the jars and the JDK it was
# recorded with (a JVM that finds it stale warns and starts without it).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
JAR="$ROOT/api/target/benchmarkhub.jar"
DIR="$ROOT/api/target/app"
while [[ $# -gt 0 ]]; do
  case "$1" in
    --jar) JAR="$(realpath "$2")"; shift 2 ;;
    --dir) DIR="$(realpath -m "$2")"; shift 2 ;;
    -h|--help) echo "usage: scripts/aot-cache.sh [--jar api/target/benchmarkhub.jar] [--dir api/target/app]"; exit 0 ;;
    *) echo "unknown option: $1" >&2; exit 2 ;;
  esac
done
JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"
major="$("$JAVA" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p')"
if [[ -z "$major" || "$major" -lt 25 ]]; then
  echo "the AOT cache needs JDK 25 or newer (found '${major:-none}'); java -jar works without it" >&2
  exit 1
fi

rm -rf "$DIR"
# the cache can only hold classes loaded from plain jars on the class path, not from the nested jars of the fat jar
"$JAVA" -Djarmode=tools -jar "$JAR" extract --destination "$DIR" >/dev/null
# the stamp scripts/start.sh compares: which build of the jar, and the JDK (keep the two scripts' formats the same)
# The jar's time is fixed by the reproducible build (project.build.outputTimestamp), so it tells builds apart by its
# size and its last MiB, which holds the central directory: the CRC-32 of every entry, so a change to any file shows.
jar_id() { printf '%s %s' "$(wc -c <"$1" | tr -d ' ')" "$(tail -c 1048576 "$1" | cksum)"; }
printf 'jar %s\n%s\n' "$(jar_id "$JAR")" "$("$JAVA" -version 2>&1)" >"$DIR/stamp"
APP="$DIR/$(basename "$JAR")"
TRAIN="$(mktemp -d -t benchmarkhub-aot-training.XXXXXX)"
PORT="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')"
PID=""
cleanup() {
  [[ -z "$PID" ]] || { kill -TERM "$PID" 2>/dev/null || true; wait "$PID" 2>/dev/null || true; }
  rm -rf "$TRAIN"
}
trap cleanup EXIT

echo "training start on a throwaway data directory (the cache is written when it stops)…"
# -XX:-AOTClassLinking: with linked classes the JDK 25 cache refuses to start ("sealing violation" on the sealed
# package org.tukaani.xz of xz.jar, which the embedded PostgreSQL uses); loading and profiles are still cached
"$JAVA" -XX:AOTCacheOutput="$DIR/benchmarkhub.aot" -XX:-AOTClassLinking -jar "$APP" --server.port="$PORT" \
  --benchmarkhub.data-dir="$TRAIN/data" --benchmarkhub.golden-library.enabled=false >"$TRAIN/training.log" 2>&1 &
PID=$!
until [[ "$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 "http://127.0.0.1:$PORT/actuator/health")" == 200 ]]; do
  kill -0 "$PID" 2>/dev/null || { tail -n 40 "$TRAIN/training.log" >&2; echo "the training start failed" >&2; exit 1; }
  sleep 0.2
done
kill -TERM "$PID"; wait "$PID" 2>/dev/null || true; PID=""
[[ -s "$DIR/benchmarkhub.aot" ]] || { tail -n 40 "$TRAIN/training.log" >&2; echo "no cache written" >&2; exit 1; }
echo "AOT cache: $DIR/benchmarkhub.aot ($(du -h "$DIR/benchmarkhub.aot" | cut -f1))"
echo "start with: java -XX:AOTCache=$DIR/benchmarkhub.aot -jar $APP"
