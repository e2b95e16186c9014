#!/usr/bin/env bash
# Library search benchmark (docs/performance.md, "Library search"): loads N benchmarks into a fresh
# app, then for each adapter measures the (re)index rate and search latency under concurrent clients
# (and with one client, which shows the service time without queueing).
#   1. PostgreSQL adapter: app on an embedded PostgreSQL, load N benchmarks, replay the `library`
#      projection (docs/s), run the query mix.
#   2. Elasticsearch adapter: the ES test distribution (api/target/elasticsearch) on a free port, the
#      same app data restarted with SPRING_ELASTICSEARCH_URIS; wait for the initial index, replay
#      `library-search` into a fresh index (docs/s), run the query mix.
# Usage: bench/library-search.sh [--count N] [--clients N] [--seconds S] [--no-build] [--keep]
# Environment: JAVA_HOME (JDK 21+).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
COUNT=100000; CLIENTS=32; SECONDS_MEASURED=30; BUILD=1; KEEP=0; APP_JAR=""
while [[ $# -gt 0 ]]; do
  case "$1" in
    --count) COUNT=$2; shift 2 ;;
    --clients) CLIENTS=$2; shift 2 ;;
    --seconds) SECONDS_MEASURED=$2; shift 2 ;;
    --no-build) BUILD=0; shift ;;
    --keep) KEEP=1; shift ;;
    --app-jar) APP_JAR=$(realpath "$2"); BUILD=0; shift 2 ;;
    -h|--help)
      echo "usage: bench/library-search.sh [--count N (100000)] [--clients N (32)] [--seconds S (30)] [--no-build] [--keep] [--app-jar PATH (implies --no-build)]"
      exit 0 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done
JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"
APP_JAR="${APP_JAR:-$ROOT/api/target/benchmarkhub.jar}"
BENCH_JAR="$ROOT/bench/target/benchmarkhub-bench.jar"
ADMIN=bench-admin-token
WORK=$(mktemp -d /tmp/benchmarkhub-search-bench-XXXXXX)
RESULTS="$ROOT/bench/results"; mkdir -p "$RESULTS"
OUT="$RESULTS/library-search-$(date -u +%Y%m%dT%H%M%SZ).txt"
APP_PID=""; ES_PID_FILE="$WORK/es.pid"

cleanup() {
  [[ -n "$APP_PID" ]] && kill "$APP_PID" 2>/dev/null && wait "$APP_PID" 2>/dev/null || true
  [[ -f "$ES_PID_FILE" ]] && kill "$(cat "$ES_PID_FILE")" 2>/dev/null || true
  [[ $KEEP -eq 1 ]] && echo "kept $WORK" || rm -rf "$WORK"
}
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

if [[ $BUILD -eq 1 ]]; then
  (cd "$ROOT" && ./mvnw -q -o -pl migrations,projections,query-side install -DskipTests && ./mvnw -q -o -pl api,bench package -DskipTests)
fi

start_app() {  # $1 = log name, further args = extra app options
  local log=$1; shift
  PORT=$(free_port)
  "$JAVA" -Xmx2g -Daxoniq.update-checker.disabled=true -jar "$APP_JAR" --server.port="$PORT" \
    --benchmarkhub.data-dir="$WORK/data" --benchmarkhub.bootstrap-admin-token=$ADMIN "$@" >"$WORK/$log.log" 2>&1 &
  APP_PID=$!
  for _ in $(seq 1 240); do
    curl -fsS "http://127.0.0.1:$PORT/actuator/health" >/dev/null 2>&1 && return 0
    kill -0 "$APP_PID" 2>/dev/null || { tail -50 "$WORK/$log.log"; exit 1; }
    sleep 0.5
  done
  echo "app did not start" >&2; exit 1
}
stop_app() { kill "$APP_PID"; wait "$APP_PID" 2>/dev/null || true; APP_PID=""; }
bench() { "$JAVA" -cp "$BENCH_JAR" io.benchmarkhub.bench.LibrarySearchBench "http://127.0.0.1:$PORT" $ADMIN "$@" | tee -a "$OUT"; }

{ echo "# library search bench, $(date -u +%FT%TZ), $(nproc) cores, count=$COUNT clients=$CLIENTS seconds=$SECONDS_MEASURED"; } | tee "$OUT"

echo "## PostgreSQL adapter" | tee -a "$OUT"
start_app app-postgres
bench load count="$COUNT" clients="$CLIENTS"
bench index projection=library count="$COUNT"
bench search clients="$CLIENTS" seconds="$SECONDS_MEASURED"
bench search clients=1 seconds=15 warmup=2
stop_app

echo "## Elasticsearch adapter (ES 8.19 integ-test distribution, 512 MB heap)" | tee -a "$OUT"
DIST=$(ls -d "$ROOT"/api/target/elasticsearch/elasticsearch-* | head -1)
cp -r "$DIST" "$WORK/es"; mkdir -p "$WORK/es-data" "$WORK/es-logs"
ES_PORT=$(free_port); ES_TRANSPORT=$(free_port)
RUN=()
if [[ $(id -u) -eq 0 ]]; then
  id -u benchmarkhub-es >/dev/null 2>&1 || useradd --system --no-create-home --shell /usr/sbin/nologin benchmarkhub-es
  chown -R benchmarkhub-es: "$WORK/es" "$WORK/es-data" "$WORK/es-logs"; chmod 755 "$WORK"; touch "$ES_PID_FILE"; chown benchmarkhub-es: "$ES_PID_FILE"
  RUN=(runuser -u benchmarkhub-es --)
fi
"${RUN[@]}" env ES_JAVA_HOME="${JAVA_HOME:-$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")}" ES_JAVA_OPTS="-Xms512m -Xmx512m" \
  "$WORK/es/bin/elasticsearch" -d -p "$ES_PID_FILE" -Epath.data="$WORK/es-data" -Epath.logs="$WORK/es-logs" \
  -Ehttp.port="$ES_PORT" -Etransport.port="$ES_TRANSPORT" -Ediscovery.type=single-node -Expack.security.enabled=false \
  -Ecluster.routing.allocation.disk.threshold_enabled=false -Ehttp.host=127.0.0.1 -Etransport.host=127.0.0.1 >"$WORK/es-start.log" 2>&1
for _ in $(seq 1 240); do
  curl -fsS "http://127.0.0.1:$ES_PORT/_cluster/health?wait_for_status=yellow&timeout=1s" >/dev/null 2>&1 && break
  sleep 0.5
done
start_app app-elasticsearch --spring.elasticsearch.uris="http://127.0.0.1:$ES_PORT"
bench index projection=library-search count="$COUNT"
bench search clients="$CLIENTS" seconds="$SECONDS_MEASURED"
bench search clients=1 seconds=15 warmup=2
stop_app
echo "results in $OUT"
