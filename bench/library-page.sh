#!/usr/bin/env bash
# Library first page in Chromium (docs/performance.md, "Library first page"): a fresh app on an embedded PostgreSQL,
# N benchmarks loaded through the API (LibrarySearchBench load, the data set of bench/library-search.sh), then
# bench/library-page.mjs opens / signed out in Chromium RUNS times and prints first contentful paint, first useful
# paint, time to interactive and the first-load JavaScript gzipped.
# Usage: bench/library-page.sh [--count N (100000)] [--clients N (32)] [--runs N (7)] [--no-build] [--keep]
# Needs: JAVA_HOME (JDK 21+), Node 20+ with web/node_modules (npm ci), /usr/bin/chromium (or CHROMIUM).
# Building packages api and bench (no install); --no-build uses api/target/benchmarkhub.jar and bench/target/benchmarkhub-bench.jar.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
COUNT=100000; CLIENTS=32; RUNS=7; BUILD=1; KEEP=0
while [[ $# -gt 0 ]]; do
  case "$1" in
    --count) COUNT=$2; shift 2 ;;
    --clients) CLIENTS=$2; shift 2 ;;
    --runs) RUNS=$2; shift 2 ;;
    --no-build) BUILD=0; shift ;;
    --keep) KEEP=1; shift ;;
    -h|--help) sed -n 2,8p "$0"; exit 0 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done
JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"
APP_JAR="$ROOT/api/target/benchmarkhub.jar"
BENCH_JAR="$ROOT/bench/target/benchmarkhub-bench.jar"
ADMIN=bench-admin-token
WORK=$(mktemp -d /tmp/benchmarkhub-library-page-XXXXXX)
RESULTS="$ROOT/bench/results"; mkdir -p "$RESULTS"
OUT="$RESULTS/library-page-$(date -u +%Y%m%dT%H%M%SZ).txt"
APP_PID=""

cleanup() {
  [[ -n "$APP_PID" ]] && kill "$APP_PID" 2>/dev/null && wait "$APP_PID" 2>/dev/null || true
  [[ $KEEP -eq 1 ]] && echo "kept $WORK" || rm -rf "$WORK"
}
trap cleanup EXIT

if [[ $BUILD -eq 1 ]]; then
  (cd "$ROOT" && ./mvnw -q -pl api,bench -am package -DskipTests)
fi

PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
"$JAVA" -Xmx2g -Daxoniq.update-checker.disabled=true -jar "$APP_JAR" --server.port="$PORT" \
  --benchmarkhub.data-dir="$WORK/data" --benchmarkhub.bootstrap-admin-token=$ADMIN >"$WORK/app.log" 2>&1 &
APP_PID=$!
for _ in $(seq 1 240); do
  curl -fsS "http://127.0.0.1:$PORT/actuator/health" >/dev/null 2>&1 && break
  kill -0 "$APP_PID" 2>/dev/null || { tail -50 "$WORK/app.log"; exit 1; }
  sleep 0.5
done

# the bootstrap admin is created once the app is up: wait until its token works
for _ in $(seq 1 120); do
  curl -fsS -H "Authorization: Bearer $ADMIN" "http://127.0.0.1:$PORT/api/me" >/dev/null 2>&1 && break
  sleep 0.5
done
{ echo "# library first page bench, $(date -u +%FT%TZ), $(nproc) cores, count=$COUNT runs=$RUNS"; } | tee "$OUT"
"$JAVA" -cp "$BENCH_JAR" io.benchmarkhub.bench.LibrarySearchBench "http://127.0.0.1:$PORT" $ADMIN load count="$COUNT" clients="$CLIENTS" | tee -a "$OUT"
# the library projection catches up before the page is measured: the first page is then the full data set's (the
# total itself is capped at 10,000 and cannot say so, so the wait reads the projection's lag)
for _ in $(seq 1 600); do
  LAG=$(curl -fsS -H "Authorization: Bearer $ADMIN" "http://127.0.0.1:$PORT/api/admin/projections" \
    | python3 -c 'import json,sys; print(next((p["lag"] for p in json.load(sys.stdin) if p["name"] == "library"), -1))')
  [[ "$LAG" == 0 ]] && break
  sleep 1
done
TOTAL=$(curl -fsS "http://127.0.0.1:$PORT/api/library?size=1" | python3 -c 'import json,sys; d=json.load(sys.stdin); print(("at least " if d.get("totalRelation") == "gte" else "") + str(d.get("total")))')
echo "library total (public, as the signed-out page sees it): $TOTAL" | tee -a "$OUT"
(cd "$ROOT/web" && BASE_URL="http://127.0.0.1:$PORT" RUNS="$RUNS" node ../bench/library-page.mjs) | tee -a "$OUT"
echo "results in $OUT"
