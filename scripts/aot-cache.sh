#!/usr/bin/env bash
# A faster start on JDK 25 or newer (docs/performance.md, "Cold start"): extracts the app jar into DIR (default
# api/target/app) and records an AOT cache (JEP 483/514/515) from one training start of it on a throwaway data
# directory, then prints the command that uses it. The plain `java -jar api/target/benchmarkhub.jar` keeps working
# with any JDK 21+; this is an option on top of it. Re-run it after every build: a cache only serves the jars it was
# recorded from (a JVM that finds it stale warns and starts without it).
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
